#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record loses nothing at a rate it can follow, in every output
# mode, and when the kernel does lose events the LOST lines add up to the
# kernel's own count (TAP; host, compat mode; skipped without tracefs).
# 100000 getppid calls are 200000 events, several times what the 4 MiB
# buffer holds: the recorder must read while the workload runs.  They are
# paced at 200 calls per millisecond, a rate trace-cmd record follows
# even on a loaded machine; the rate limits are in bench/host-recorder.
# The last checks make the compat -sig instance (signal generations by
# target) lose events, and only it: its LOST lines and its share of the
# stderr total must match its kernel counters and the signals sent.
# Every recorder works in its own instances; the EXIT trap kills what
# was started in the background and removes their instances.
set -u
. "$(dirname "$0")/lib.sh"
recorder_test_init raw_syscalls/sys_enter
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
"$rec" -o "$tmp/sum" -q --summary -e syscall_entry,syscall_exit -- "$tmp/loop" $N - 200 2>"$tmp/err"
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

# 9-10: loss in the -sig instance only.  ut-sigstorm sends itself SIGURG
# (ignored by default: a signal_generate record in the -sig instance and
# nothing in the main one) NSIG times, unpaced, while the recorder
# follows it with -p and -b 4 (the -sig instance gets min(-b, 1024)
# KiB).  Exact checks: the -sig LOST lines add up to the -sig share of
# the stderr total and to the -sig instance's kernel overrun + dropped;
# all LOST lines add up to the kernel total; the main instance lost
# nothing; and the SIGURG lines printed plus the -sig losses are
# exactly NSIG (each kill is one record, kept or lost).  A skip when
# nothing was lost.
NSIG=200000
storm=$tmp/ut-sigstorm
cc -O2 -Wall -o "$storm" "$top/tests/host/progs/ut-sigstorm.c" 2>"$tmp/cc"
ok $? "build tests/host/progs/ut-sigstorm.c" "$tmp/cc"
# storm_run OUT ERR ARGS...: the storm waiting, the recorder on it with
# -p, the storm let go once both instances trace; sets rc, spid.
storm_run() {
	local out=$1 err=$2 rp i
	shift 2
	rm -f "$tmp/go"
	"$storm" $NSIG "$tmp/go" >"$tmp/storm.out" &
	spid=$!
	started="$started $spid"
	"$rec" "$@" -p $spid --output "$out" 2>"$err" &
	rp=$!
	started="$started $rp"
	for i in $(seq 200); do
		recording $rp &&
			[ "$(cat $T/instances/utrace-record-$rp-sig/tracing_on 2>/dev/null)" = 1 ] &&
			break
		sleep 0.05
	done
	touch "$tmp/go"
	wait $spid
	wait $rp
	rc=$?
}
# sig_check NAME SIGLOST ALLLOST PRINTED: against the stderr line.
sig_check() {
	local line k ks share
	line=$(grep 'lost events:' "$tmp/err")
	k=$(kernel_lost "$tmp/err")
	ks=$(echo "$line" | sed -nE 's/.*-sig instance: overrun ([0-9]+), dropped ([0-9]+).*/\1 \2/p' |
		awk '{ print $1 + $2 }')
	share=$(echo "$line" | sed -nE 's/.*, ([0-9]+) of them in the -sig instance.*/\1/p')
	if [ -z "$line" ] && [ "$2" = 0 ] && [ "$3" = 0 ] && [ "$4" = $NSIG ]; then
		skip "$1: -sig LOST lines match its kernel counters" "nothing was lost"
		return
	fi
	[ $rc = 0 ] && [ -n "$ks" ] && [ "$ks" -gt 0 ] && [ "$2" = "$ks" ] &&
		[ "$share" = "$ks" ] && [ "$3" = "$k" ] && [ "$k" = "$ks" ] &&
		[ $(( $4 + $2 )) = $NSIG ]
	ok $? "$1: -sig LOST lines $2 = its share $share = its kernel count $ks; all LOST $3 = kernel total $k; $4 SIGURG printed + $2 lost = $NSIG (rc $rc)" "$tmp/err"
}
storm_run "$tmp/out" "$tmp/err" -b 4 -e signal
sl=$(awk '/^LOST [0-9]+ events on cpu [0-9]+ in the -sig instance$/ { s += $2 } END { print s + 0 }' "$tmp/out")
al=$(awk '/^LOST [0-9]+ events/ { s += $2 } END { print s + 0 }' "$tmp/out")
pr=$(grep -cE "^[0-9.]+ ut-sigstorm\[$spid\] signal SIGURG from $spid -> ignore\$" "$tmp/out")
sig_check "-sig instance, text" "$sl" "$al" "$pr"
storm_run "$tmp/json" "$tmp/err" -b 4 --json -e signal
read -r sl al pr < <(python3 - "$tmp/json" "$spid" <<'EOP'
import json, sys
pid = int(sys.argv[2])
sl = al = pr = 0
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["event"] == "lost":
        al += e["count"] or 0
        if e.get("instance") == "sig":
            sl += e["count"] or 0
    elif e["event"] == "signal" and e["pid"] == pid and e["signal"] == "SIGURG":
        pr += 1
print(sl, al, pr)
EOP
)
sig_check "-sig instance, --json" "$sl" "$al" "$pr"

# Only ours: recorders of other tests may come and go meanwhile.
left=
for p in $started; do
	[ -d "$T/instances/utrace-record-$p" ] && left="$left utrace-record-$p"
	[ -d "$T/instances/utrace-record-$p-sig" ] && left="$left utrace-record-$p-sig"
done
[ -z "$left" ]
ok $? "the -sig runs left no instance behind" "left:$left"

echo "1..$n"
[ $failed -eq 0 ]
