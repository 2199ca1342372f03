#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record's views for SREs on the host kernel (compat mode), TAP:
# time formats (-t, -r), the command found in PATH by the recorder,
# syscall entry and exit joined with their duration (text, JSON, the
# strace -c table of --summary), syscall selection (-e trace=, -Z) as
# kernel-side filters, --tree, exit ages and ppids, -x.
# Needs root and tracefs; skips everything when tracefs cannot be used.
set -u
. "$(dirname "$0")/lib.sh"
recorder_test_init sched/sched_process_exec

# 1: -t: wall-clock time of day, within a few seconds of date(1).
before=$(date +%s)
"$rec" -o "$tmp/out" -t -e exec,exit -- sh -c 'sleep 0.1' 2>"$tmp/err"
rc=$?
after=$(date +%s)
first=$(head -1 "$tmp/out" | cut -d' ' -f1)
secs=$(date -d "$(date +%F) ${first%.*}" +%s 2>/dev/null)
[ $rc -eq 0 ] && ! grep -qvE '^[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{6} ' "$tmp/out" &&
	[ -n "$secs" ] && [ "$secs" -ge $((before - 2)) ] && [ "$secs" -le $((after + 2)) ]
ok $? "-t: HH:MM:SS.uuuuuu of the wall clock ($first, rc $rc)" "$tmp/out"

# 2: -r: seconds since the start: small, growing, sleep's exit ~0.1 s
# after its exec.
"$rec" -o "$tmp/out" -r -e exec,exit -- sh -c 'sleep 0.1' 2>"$tmp/err"
awk '{ if ($1 !~ /^[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9]$/ || $1 > 5) bad = 1 }
     / sleep\[[0-9]+\] exec / { s = $1 } / sleep\[[0-9]+\] exit / { e = $1 }
     END { exit bad || !(e - s > 0.09 && e - s < 2) }' "$tmp/out"
ok $? "-r: relative seconds, sleep 0.1 lasts ~0.1 s" "$tmp/out"

# 3: -t with -r: usage error.
"$rec" -t -r -- /bin/true >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q '^utrace-record: -t and -r cannot be combined' "$tmp/err"
ok $? "-t -r: usage error (rc $rc)" "$tmp/err"

# 4: the recorder finds COMMAND in PATH itself (as strace does): no
# failed execve of the PATH search shows up.
"$rec" -o "$tmp/out" -e exec -- true 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && [ "$(wc -l <"$tmp/out")" = 1 ] && grep -qE ' true\[[0-9]+\] exec /usr/bin/true argv=\["true"\]$' "$tmp/out"
ok $? "-- true: one exec line, /usr/bin/true, no failed PATH search (rc $rc)" "$tmp/out"

# 5: one line per call with its duration: sleep's clock_nanosleep takes
# about 0.1 s.
"$rec" -o "$tmp/out" -e syscall_entry,syscall_exit -- sleep 0.1 2>"$tmp/err"
rc=$?
d=$(sed -nE 's/^[0-9.]+ sleep\[[0-9]+\] syscall clock_nanosleep\(.*\) = 0 <([0-9.]+)>$/\1/p' "$tmp/out")
[ $rc -eq 0 ] && [ -n "$d" ] && awk -v d="$d" 'BEGIN { exit !(d >= 0.09 && d < 2) }' &&
	! grep -qE 'syscall_exit clock_nanosleep' "$tmp/out"
ok $? "joined line: syscall clock_nanosleep(...) = 0 <$d> (rc $rc)" "$tmp/out"

# 6: JSON keeps one line per event; syscall_exit has the duration.
"$rec" -o "$tmp/out" --json -e syscall_entry,syscall_exit -- sleep 0.1 2>"$tmp/err"
python3 - "$tmp/out" >"$tmp/diff" 2>&1 <<'EOP'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
ns = [e for e in ev if e["event"] == "syscall_exit" and e["name"] == "clock_nanosleep"]
assert len(ns) == 1 and 0.09 <= ns[0]["duration"] < 2, ns
assert any(e["event"] == "syscall_entry" and e["name"] == "clock_nanosleep" for e in ev)
assert all(isinstance(e["duration"], float) or e["duration"] is None
           for e in ev if e["event"] == "syscall_exit")
EOP
ok $? "--json: entry and exit lines, exit with \"duration\"" "$tmp/diff"

# 7-8: --summary: the strace -c table (calls, errors, time per call).
"$rec" -o "$tmp/out" --summary -e syscall_entry,syscall_exit -- sh -c 'cat /nonexistent-utrace 2>/dev/null; sleep 0.1' 2>"$tmp/err"
sed -n '/^=== summary: syscalls ===$/,$p' "$tmp/out" >"$tmp/table"
grep -qE '^% time +seconds +usecs/call +calls +errors syscall$' "$tmp/table" &&
	grep -qE '^ *[0-9.]+ +0\.[0-9]{6} +[0-9]+ +[0-9]+ +[0-9]+ openat$' "$tmp/table" &&
	grep -qE '^ *[0-9.]+ +0\.(09|1[0-9])[0-9]{4} +[0-9]+ +1 +clock_nanosleep$' "$tmp/table" &&
	grep -qE '^100\.00 +[0-9.]+ +[0-9]+ +[0-9]+ total$' "$tmp/table" &&
	sed -n 3p "$tmp/table" | grep -qE ' (clock_nanosleep|wait4)$'
ok $? "--summary: syscall table; openat with errors, clock_nanosleep ~0.1 s, sorted by time" "$tmp/table"
"$rec" -o "$tmp/out" --json --summary -e syscall_exit -- sh -c 'cat /nonexistent-utrace 2>/dev/null' 2>"$tmp/err"
python3 - "$tmp/out" >"$tmp/diff" 2>&1 <<'EOP'
import json, sys
s = [json.loads(l) for l in open(sys.argv[1])][-1]
sc = {c["name"]: c for c in s["syscalls"]}
assert sc["openat"]["errors"] >= 1 and sc["openat"]["calls"] >= sc["openat"]["errors"], sc["openat"]
assert all(set(c) == {"name", "calls", "errors", "seconds"} for c in s["syscalls"])
EOP
ok $? "--json --summary: \"syscalls\" list with calls, errors, seconds" "$tmp/diff"

# 9: -e trace=openat: only openat calls.
"$rec" -o "$tmp/out" -e trace=openat -- sh -c 'cat /nonexistent-utrace 2>/dev/null' 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] && grep -qE '^[0-9.]+ cat\[[0-9]+\] syscall openat\(.*\) = -2 ENOENT <[0-9.]+>$' "$tmp/out" &&
	! grep -E ' syscall' "$tmp/out" | grep -qvE ' syscall openat\(' &&
	grep -qE ' cat\[[0-9]+\] exec ' "$tmp/out"
ok $? "-e trace=openat: the default events and only openat calls, cat's ENOENT among them (rc $rc)" "$tmp/out"

# 10: the selection is a kernel-side filter of the recorder's instance.
bg -e trace=%network -d 20 -o /dev/null 2>"$tmp/err"
for i in $(seq 100); do
	recording $rpid && break
	sleep 0.05
done
ev=raw_syscalls/sys_enter
[ -d $T/events/utrace ] && ev=utrace/syscall_entry
cat "$T/instances/utrace-record-$rpid/events/$ev/filter" >"$tmp/filter" 2>&1
kill -INT $rpid
wait $rpid
rc=$?
# selects NR: the filter (ids as "id == N" or ranges "id >= A && id <= B")
# is true for NR.
selects() {
	python3 -c 'import re, sys
f = open(sys.argv[1]).read().strip()
e = re.sub(r"\b(id|nr)\b", "x", f).replace("&&", " and ").replace("||", " or ")
sys.exit(0 if eval(e, {"x": int(sys.argv[2])}) else 1)' "$tmp/filter" "$1"
}
selects 41 && selects 42 && ! selects 257 && [ $rc -eq 0 ]
ok $? "-e trace=%network: socket (41), connect (42) in the kernel filter, openat (257) not (rc $rc)" "$tmp/filter"

# 11: -Z: failed calls only, exits only, filtered in the kernel.
"$rec" -o "$tmp/out" -Z -- sh -c 'cat /nonexistent-utrace 2>/dev/null; true' 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && grep -qE '^[0-9.]+ cat\[[0-9]+\] syscall_exit openat = -2 ENOENT$' "$tmp/out" &&
	! grep -E ' syscall' "$tmp/out" | grep -qvE ' syscall_exit [a-z0-9_]+ = -[0-9]+ E[A-Z0-9]+$'
ok $? "-Z: only failed syscall exits (rc $rc)" "$tmp/out"

# 12-13: bad sets are usage errors.
for spec in trace=bogus trace=%nonsense; do
	"$rec" -e $spec -- /bin/true >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && grep -q "^utrace-record: unknown syscall or class '${spec#trace=}'" "$tmp/err"
	ok $? "-e $spec: usage error (rc $rc)" "$tmp/err"
done

# 14-15: --tree: who forked what, what it ran, how it ended, its age.
"$rec" -o "$tmp/out" -q --tree -- sh -c '(sleep 0.1; exit 4) & sh -c "sleep 0.05 & wait; kill -TERM \$\$"; wait' 2>"$tmp/err"
rc=$?
sed -E 's/[0-9]+ /P /; s/after [0-9]+\.[0-9]{6}s/after Ts/; s,exec /[^:]*/,exec ,' "$tmp/out" >"$tmp/got"
cat >"$tmp/want" <<'EOW'

=== tree ===
P sh exec sh: status=0 after Ts
|-- P sh: status=4 after Ts
|   `-- P sleep exec sleep: status=0 after Ts
`-- P sh exec sh: signal=SIGTERM after Ts
    `-- P sleep exec sleep: status=0 after Ts
EOW
[ $rc -eq 0 ] && diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"
ok $? "--tree: the tree with how each ended (rc $rc)" "$tmp/diff"
"$rec" -o "$tmp/out" -q --json --tree -- sh -c 'sleep 0.1 & wait; exit 3' 2>"$tmp/err"
python3 - "$tmp/out" >"$tmp/diff" 2>&1 <<'EOP'
import json, sys
t = json.loads(open(sys.argv[1]).read().splitlines()[-1])
assert t["event"] == "tree", t
by = {x["pid"]: x for x in t["tasks"]}
sh = [x for x in t["tasks"] if x["comm"] == "sh"][0]
sl = [x for x in t["tasks"] if x["comm"] == "sleep"][0]
assert sl["ppid"] == sh["pid"] and sh["exit_status"] == 3 and sl["exit_status"] == 0, t
assert 0.09 < sl["age"] < 2 and sl["exit_signal"] is None, sl
EOP
ok $? "--json --tree: tasks with ppid, exit_status, age" "$tmp/diff"

# 16: JSON exec and exit carry ppid; exit the age (exitsnoop's AGE).
"$rec" -o "$tmp/out" --json -e exec,exit -- sh -c 'sleep 0.1 & wait; exit 3' 2>"$tmp/err"
python3 - "$tmp/out" >"$tmp/diff" 2>&1 <<'EOP'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
sh = [e for e in ev if e["event"] == "exec" and e["comm"] == "sh"][0]["pid"]
se = [e for e in ev if e["event"] == "exec" and e["comm"] == "sleep"][0]
sx = [e for e in ev if e["event"] == "exit" and e["comm"] == "sleep"][0]
assert se["ppid"] == sh and sx["ppid"] == sh, (se, sx)
assert 0.09 < sx["age"] < 2, sx
EOP
ok $? "--json: exec and exit have ppid, exit has age" "$tmp/diff"

# 17: -x: failed exits only.
"$rec" -o "$tmp/out" -x -e exit -- sh -c '(exit 0); (exit 5); kill -TERM $$' 2>"$tmp/err"
rc=$?
strip_time_and_pids() { sed -E 's/^[0-9]+\.[0-9]{6} //; s/\[[0-9]+\]/[P]/' "$1"; }
printf 'sh[P] exit status=5\nsh[P] exit signal=SIGTERM\n' >"$tmp/want"
strip_time_and_pids "$tmp/out" >"$tmp/got"
[ $rc -eq 143 ] && diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"
ok $? "-x: only the exit 5 and the SIGTERM, not the exit 0 (rc $rc)" "$tmp/diff"

echo "1..$n"
[ $failed -eq 0 ]
