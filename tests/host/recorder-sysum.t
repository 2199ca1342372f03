#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record's per-process syscall summaries on the host kernel
# (compat mode), TAP: --summary-interval's records against a workload
# whose calls are known (tests/host/progs/ut-sysum.c, static: W writes,
# F failed opens, a thread's and a child's writes, a second batch after
# a sleep), exact per process; the interval records add up to the
# calls; text and -q; a fleet sink (--otlp-file) gets the summaries and
# one record a call only with --per-call; bad values refused.  Needs
# root and tracefs; the EXIT trap removes the instances on failure too.
set -u
. "$(dirname "$0")/lib.sh"
recorder_test_init raw_syscalls/sys_exit

prog=$tmp/ut-sysum
cc -O2 -Wall -static -pthread -o "$prog" "$top/tests/host/progs/ut-sysum.c" 2>"$tmp/cc"
ok $? "build tests/host/progs/ut-sysum.c (static)" "$tmp/cc"

# 2-3: bad values, and nothing to summarise.
bad=
for v in -1 abc "" 1e7 nan; do
	run --summary-interval "$v" -e trace=write -- true 2>"$tmp/err"
	{ [ $rc -eq 2 ] && grep -q -- "--summary-interval needs a number of seconds" "$tmp/err"; } ||
		bad="$bad '$v'(rc $rc)"
done
[ -z "$bad" ]
ok $? "--summary-interval -1 abc '' 1e7 nan: exit 2 with a message${bad:+; failed:$bad}" "$tmp/err"
run --summary-interval 1 -- true 2>"$tmp/err"
[ $rc -eq 2 ] && grep -q -- "--summary-interval: no syscalls are recorded" "$tmp/err"
ok $? "--summary-interval without syscalls recorded: exit 2 (got $rc)" "$tmp/err"

# summaries FILE: "pid reason write=C/E openat=C/E" per summary record.
summaries() {
	python3 -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get("event") != "syscall_summary":
        continue
    c = {s["name"]: "%d/%d" % (s["calls"], s["errors"]) for s in r["syscalls"]}
    print(r["pid"], r["reason"], " ".join("%s=%s" % (k, c[k]) for k in sorted(c)))
' "$1"
}
# pids FILE: the exec'd pid of ut-sysum, and the child it forked.
pids() {
	python3 -c '
import json, sys
par = child = None
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get("event") == "exec" and str(r.get("filename", "")).endswith("/ut-sysum"):
        par = r["pid"]
    if r.get("event") == "clone" and r.get("pid") == par and \
       not "CLONE_THREAD" in str(r.get("flags", "")):
        child = r.get("child_pid")
print(par, child)
' "$1"
}

# 4-5: at exit, exact: 7+3 writes (the thread's count with its
# process), 1 open that works and 5 that fail; the child's 4 writes.
run -o "$tmp/j" --json -e trace=write,openat --summary-interval 0 \
	-- "$prog" 7 5 3 4 2>"$tmp/err"
read -r par child < <(pids "$tmp/j")
summaries "$tmp/j" >"$tmp/sum"
printf '%s\n' "$child exit write=4/0" "$par exit openat=6/5 write=10/0" >"$tmp/want"
[ $rc -eq 0 ] && diff "$tmp/want" "$tmp/sum" >"$tmp/diff"
ok $? "--summary-interval 0: one record at each process's exit, exact (pid $par: write 10, openat 6 of which 5 failed; child $child: write 4)" "$tmp/diff"
calls=$(grep -c '"event":"syscall_exit".*"name":"write"\|"name":"write".*"event":"syscall_exit"' "$tmp/j")
[ "$calls" = 14 ] && instance_gone
ok $? "-o still gets the per-call records -e selects ($calls write exits of 14)" "$tmp/j"

# 6-7: every second: the records of a process add up to its calls; the
# calls before the 2.5 s sleep are in an interval record, those after
# in the exit record.
run -o "$tmp/i" --json -e trace=write,openat --summary-interval 1 \
	-- "$prog" 4 2 0 0 2500 3 2>"$tmp/err"
read -r par child < <(pids "$tmp/i")
summaries "$tmp/i" >"$tmp/sum"
python3 -c '
import sys
tot = {}
reasons = []
for line in open(sys.argv[1]):
    pid, reason, *calls = line.split()
    reasons.append(reason)
    for c in calls:
        k, v = c.split("=")
        n, e = map(int, v.split("/"))
        a = tot.setdefault(k, [0, 0]); a[0] += n; a[1] += e
print(" ".join(reasons), " ".join("%s=%d/%d" % (k, *tot[k]) for k in sorted(tot)))
' "$tmp/sum" >"$tmp/tot"
[ $rc -eq 0 ] && [ "$(cat "$tmp/tot")" = "interval exit openat=3/2 write=7/0" ]
ok $? "--summary-interval 1, 2.5 s sleep: an interval then an exit record, adding up to write 7, openat 3/2 ($(cat "$tmp/tot"))" "$tmp/sum"
grep -q "^$par interval openat=3/2 write=4/0\$" "$tmp/sum" &&
	grep -q "^$par exit write=3/0\$" "$tmp/sum"
ok $? "--summary-interval 1: 4 writes before the sleep in the interval record, 3 after in the exit record" "$tmp/sum"

# 8: -q: the summaries alone.
run -o "$tmp/q" -q --json -e trace=write,openat --summary-interval 0 \
	-- "$prog" 7 5 2>"$tmp/err"
[ $rc -eq 0 ] && [ "$(wc -l <"$tmp/q")" = 1 ] &&
	grep -q '"event":"syscall_summary"' "$tmp/q" &&
	[ "$(summaries "$tmp/q" | cut -d' ' -f2-)" = "exit openat=6/5 write=7/0" ]
ok $? "-q --summary-interval 0: one line, the summary (write 7, openat 6/5)" "$tmp/q"

# 9: text: a line naming it, then the -c table.
run -o "$tmp/t" -e trace=write,openat --summary-interval 0 -- "$prog" 7 5 2>"$tmp/err"
[ $rc -eq 0 ] &&
	grep -qE '^[0-9.]+ ut-sysum\[[0-9]+\] syscall_summary exit, calls since [0-9.]+$' "$tmp/t" &&
	grep -qE '^ *[0-9.]+ +[0-9.]+ +[0-9]+ +7 +write$' "$tmp/t" &&
	grep -qE '^ *[0-9.]+ +[0-9.]+ +[0-9]+ +6 +5 openat$' "$tmp/t"
ok $? "text --summary-interval 0: 'syscall_summary exit' line, then the table (write 7, openat 6 with 5 errors)" "$tmp/t"

# 10-12: a fleet sink (--otlp-file): summaries, not one record a call,
# unless --per-call; --per-call without a fleet sink is refused.
# otlp FILE: the log records' bodies (event names) counted, then the
# summary's "name=calls/errors" from its utrace.syscalls attribute.
otlp() {
	python3 -c '
import json, sys, collections
bodies = collections.Counter()
sums = []
def val(v):
    if "intValue" in v: return int(v["intValue"])
    if "stringValue" in v: return v["stringValue"]
    if "kvlistValue" in v: return {kv["key"]: val(kv["value"]) for kv in v["kvlistValue"]["values"]}
    if "arrayValue" in v: return [val(x) for x in v["arrayValue"]["values"]]
    return None
for line in open(sys.argv[1]):
    for rl in json.loads(line)["resourceLogs"]:
        for sl in rl["scopeLogs"]:
            for lr in sl["logRecords"]:
                body = lr["body"]["stringValue"]
                bodies[body] += 1
                if body == "syscall_summary":
                    a = {x["key"]: val(x["value"]) for x in lr["attributes"]}
                    sums.append(" ".join("%s=%d/%d" % (c["name"], c["calls"], c["errors"])
                                         for c in sorted(a["utrace.syscalls"], key=lambda c: c["name"])))
print(" ".join("%s:%d" % kv for kv in sorted(bodies.items())), "|", "; ".join(sums))
' "$1"
}
run -o /dev/null --otlp-file "$tmp/o" -e trace=write,openat -- "$prog" 7 5 2>"$tmp/err"
got=$(otlp "$tmp/o")
[ $rc -eq 0 ] && [ "$got" = "exec:1 exit:1 syscall_summary:1 | openat=6/5 write=7/0" ]
ok $? "--otlp-file: no record a call, one summary at exit: openat 6/5, write 7 ($got)" "$tmp/err"
run -o /dev/null --otlp-file "$tmp/p" --per-call -e trace=write,openat -- "$prog" 7 5 2>"$tmp/err"
got=$(otlp "$tmp/p")
[ $rc -eq 0 ] &&
	[ "$got" = "exec:1 exit:1 syscall_entry:13 syscall_exit:13 syscall_summary:1 | openat=6/5 write=7/0" ]
ok $? "--otlp-file --per-call: each call's entry and exit too (13 each) and the summary ($got)" "$tmp/err"
run --per-call -e trace=write -o "$tmp/x" -- true 2>"$tmp/err"
[ $rc -eq 2 ] && grep -q -- "--per-call is for the fleet sinks" "$tmp/err" && [ ! -e "$tmp/x" ]
ok $? "--per-call without --kafka or --otlp-file: exit 2 (got $rc)" "$tmp/err"

echo "1..$n"
[ $failed -eq 0 ]
