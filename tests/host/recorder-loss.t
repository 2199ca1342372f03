#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record loses nothing at a rate it can follow, in every output
# mode, and when the kernel does lose events the LOST lines add up to the
# kernel's own count (TAP; host, compat mode; skipped without tracefs).
# 100000 getppid calls are 200000 events, several times what the 4 MiB
# buffer holds: the recorder must read while the workload runs.  They are
# paced at 200 calls per millisecond, a rate trace-cmd record follows
# even on a loaded machine; the rate limits are in bench/host-recorder.
set -u
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
rec=$top/tools/utrace-record/utrace-record
export PATH=/usr/bin:/bin LC_ALL=C

need_recorder "$rec" raw_syscalls/sys_enter

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
N=100000
cc -O2 -o "$tmp/loop" "$top/bench/getppid-loop.c" || { echo "1..0 # SKIP no cc"; exit 0; }

# getppid calls of the loop's pid in text output FILE: "entries exits".
# A call is one joined line ("syscall getppid(...) = N <dur>"), an entry
# or exit shown alone its own line.
text_counts() {
	local pid j
	pid=$(sed -nE 's/^[0-9.]+ loop\[([0-9]+)\] exec .*/\1/p' "$1" | head -1)
	j=$(grep -cE "^[0-9.]+ loop\[$pid\] syscall getppid\(.*\) = " "$1")
	echo "$(( j + $(grep -cE "^[0-9.]+ loop\[$pid\] syscall_entry getppid\(" "$1") ))" \
	     "$(( j + $(grep -cE "^[0-9.]+ loop\[$pid\] syscall_exit getppid = " "$1") ))"
}

# 1: text
"$rec" -e exec,syscall_entry,syscall_exit --output "$tmp/out" -- "$tmp/loop" $N - 200 \
	2>"$tmp/err"
got=$(text_counts "$tmp/out")
[ "$got" = "$N $N" ] && ! grep -q '^LOST' "$tmp/out" && ! grep -q 'lost events' "$tmp/err"
ok $? "text: exactly $N getppid entries and exits, nothing lost (got $got)" "$tmp/err"

# 2: JSON
"$rec" --json -e exec,syscall_entry,syscall_exit --output "$tmp/json" -- "$tmp/loop" $N - 200 \
	2>"$tmp/err"
got=$(python3 - "$tmp/json" <<'EOP'
import json, sys
pid, ent, ex, lost = None, 0, 0, 0
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["event"] == "exec" and e["filename"].endswith("/loop"):
        pid = e["pid"]
    elif e["event"] == "lost":
        lost += 1
    elif e["pid"] == pid and e.get("name") == "getppid":
        ent += e["event"] == "syscall_entry"
        ex += e["event"] == "syscall_exit"
print(ent, ex, lost)
EOP
)
[ "$got" = "$N $N 0" ]
ok $? "--json: exactly $N getppid entries and exits, no lost record (got $got)" "$tmp/err"

# 3: the same with 16 sub-buffers of memory: the rest goes through the
# spill file, in order
UTRACE_RECORD_MEM_PAGES=16 "$rec" -e exec,syscall_entry,syscall_exit \
	--output "$tmp/out" -- "$tmp/loop" $N - 200 2>"$tmp/err"
got=$(text_counts "$tmp/out")
[ "$got" = "$N $N" ] && ! grep -q '^LOST' "$tmp/out" &&
	sort -s -n -c -k1,1 "$tmp/out" 2>>"$tmp/err"
ok $? "text through the spill file: exactly $N entries and exits, in time order (got $got)" "$tmp/err"

# 4: --summary counts every event without printing them
"$rec" -q --summary -e syscall_entry,syscall_exit -- "$tmp/loop" $N - 200 >"$tmp/sum" 2>"$tmp/err"
ent=$(awk '$1 == "syscall_entry" { print $2 }' "$tmp/sum")
[ -n "$ent" ] && [ "$ent" -ge $N ] && ! grep -q 'lost events' "$tmp/err"
ok $? "-q --summary: at least $N syscall_entry counted, nothing lost (got ${ent:-none})" "$tmp/sum"

# 5-6: raw trace.dat, read by trace-cmd as it is
if command -v trace-cmd >/dev/null; then
	"$rec" -q --dat "$tmp/x.dat" -e syscall_entry,syscall_exit -- "$tmp/loop" $N - 200 \
		2>"$tmp/err"
	rc=$?
	trace-cmd report -i "$tmp/x.dat" >"$tmp/report" 2>"$tmp/rerr"
	pid=$(sed -nE 's/^ *loop-([0-9]+) .* sys_enter: +NR 110 .*/\1/p' "$tmp/report" | head -1)
	e=$(grep -cE "^ *loop-$pid .* sys_enter: +NR 110 " "$tmp/report")
	x=$(grep -cE "^ *loop-$pid .* sys_exit: +NR 110 = " "$tmp/report")
	[ $rc = 0 ] && [ "$e $x" = "$N $N" ] && ! grep -q 'lost events' "$tmp/err" &&
		! ls "$tmp"/x.dat.* >/dev/null 2>&1
	ok $? "-q --dat: trace-cmd report shows exactly $N getppid entries and exits (got $e $x)" "$tmp/err"
	trace-cmd dump -i "$tmp/x.dat" --summary >"$tmp/dump" 2>&1
	grep -q 'zstd' "$tmp/dump" && grep -q '"mono" clock' "$tmp/dump"
	ok $? "-q --dat: a version 7 file, zstd-compressed, mono clock" "$tmp/dump"
else
	skip "-q --dat: trace-cmd report shows every event" "trace-cmd not installed"
	skip "-q --dat: version 7 file" "trace-cmd not installed"
fi

# 7-8: a 4 KiB buffer loses events (300000 unpaced calls, so that it
# does even when the readers are quick); the LOST lines add up to the
# kernel's overrun + dropped, in text and in JSON.
kernel_lost() {
	sed -nE 's/.*kernel per-CPU stats: overrun ([0-9]+), dropped ([0-9]+).*/\1 \2/p' "$1" |
		awk '{ print $1 + $2 }'
}
"$rec" -b 4 -e syscall_entry,syscall_exit --output "$tmp/out" -- "$tmp/loop" 300000 \
	2>"$tmp/err"
# lost_check NAME SUM: the stream's sum against the kernel's count; a
# skip when nothing was lost (the readers kept up even with 4 KiB).
lost_check() {
	local k
	k=$(kernel_lost "$tmp/err")
	if [ -z "$k" ] && [ "$2" = 0 ]; then
		skip "$1: LOST lines add up to the kernel's count" "nothing was lost"
		return
	fi
	[ -n "$k" ] && [ "$k" -gt 0 ] && [ "$2" = "$k" ]
	ok $? "$1: LOST lines add up to the kernel's count ($2 vs ${k:-none})" "$tmp/err"
}
s=$(awk '/^LOST [0-9]+ events/ { s += $2 } END { print s + 0 }' "$tmp/out")
lost_check "-b 4 text" "$s"
"$rec" -b 4 --json -e syscall_entry,syscall_exit --output "$tmp/json" -- "$tmp/loop" 300000 \
	2>"$tmp/err"
s=$(python3 -c '
import json, sys
print(sum(e["count"] or 0 for e in map(json.loads, open(sys.argv[1])) if e["event"] == "lost"))' "$tmp/json")
lost_check "-b 4 --json" "$s"

echo "1..$n"
[ $failed -eq 0 ]
