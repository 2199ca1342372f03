#!/bin/bash
# utrace-record in native mode in the guest, and the tools people already
# use (trace-cmd, perf) reading utrace:* events.
. "$(dirname "$0")/lib.sh"
R=$UTRACE_REPO/tools/utrace-record/utrace-record
P=$PROGS/ut-proc
if ! have_utrace; then
	skip "utrace-record native mode" "kernel without CONFIG_UTRACE_GLOBAL"
	tap_done
fi

out=$($R -- $P fork-exit 7 2>/tmp/rec.err)
rc=$?
expect_eq "recorder exits with the command's status" 0 "$rc"
check "native mode: no compat warning" test -z "$(grep -i compat /tmp/rec.err)"
pid=$(echo "$out" | sed -n 's/^pid=//p')
child=$(echo "$out" | sed -n 's/^child=\([0-9]*\).*/\1/p')
check "clone line with the child pid" grep -qE "ut-proc\[$pid\] clone child=$child( |$)" <<< "$out"
check "exit line: status 7" grep -qE "\[$child\] exit status=7" <<< "$out"
check "death line of the child" grep -qE "\[$child\] death status=7" <<< "$out"
check "reap line by the parent" grep -qE "reap pid=$child .*by=$pid" <<< "$out"

$R -- $P crash 11 > /tmp/crash.txt 2>&1
check "signal line: SIGSEGV from raise -> core" grep -qE '\] signal SIGSEGV .*core' /tmp/crash.txt

$R --json -- $P fork-exit 3 > /tmp/rec.json 2>/dev/null
if python3 - /tmp/rec.json <<'PY'
import json, sys
kinds = set()
for line in open(sys.argv[1]):
    line = line.strip()
    if not line.startswith("{"):
        continue
    o = json.loads(line)
    for k in ("time", "cpu", "pid", "comm", "event"):
        assert k in o, (k, o)
    kinds.add(o["event"])
    if o["event"] == "exit" and o.get("status") == 3:
        kinds.add("exit3")
assert {"clone", "exec", "exit", "death", "exit3"} <= kinds, kinds
PY
then ok "JSON lines parse and carry clone/exec/exit/death, exit status 3"
else not_ok "JSON lines parse and carry clone/exec/exit/death, exit status 3"; fi

trace-cmd record -q -e utrace:utrace_exec -e utrace:utrace_clone -o /tmp/u.dat $P exec > /tmp/tc.out 2>/dev/null
child=$(sed -n 's/^child=\([0-9]*\).*/\1/p' /tmp/tc.out)
check "trace-cmd record -e utrace: exec of /bin/true in the report" \
	grep -qE "utrace_exec: +filename=/bin/true old_pid=$child pid=$child" <<< "$(trace-cmd report -i /tmp/u.dat 2>/dev/null)"
expect_eq "flags are 0 after trace-cmd" "0x0000" "$(status_field flags)"

perf record -q -e 'utrace:*' -o /tmp/perf.data -- $P fork-exit 5 > /tmp/perf.out 2>/dev/null
child=$(sed -n 's/^child=\([0-9]*\).*/\1/p' /tmp/perf.out)
check "perf record -e 'utrace:*' sees the child's exit code" \
	grep -qE "utrace:utrace_exit: code=0x500 status=5 signal=0" <<< "$(perf script -i /tmp/perf.data 2>/dev/null)"
expect_eq "flags are 0 after perf" "0x0000" "$(status_field flags)"

check "no recorder instance left behind" test -z "$(ls $TRACEFS/instances | grep utrace-record)"
tap_done
