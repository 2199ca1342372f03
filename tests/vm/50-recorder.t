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

# The lines beside the command's output (the guest has no /dev/stdout).
out=$($R -o /proc/self/fd/1 -- $P fork-exit 7 2>/tmp/rec.err)
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

$R --json -o /tmp/rec.json -- $P fork-exit 3 > /dev/null 2>&1
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

# --- issue 9 in native mode: the same scenarios as the host tests ---
strip() { sed -E 's/^[0-9]+\.[0-9]{6} //' "$@"; }
gone() {	# PID has ended (or is a zombie nobody waits for)
	local i
	for i in $(seq 40); do
		kill -0 "$1" 2>/dev/null || return 0
		grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

# item 2: kill -9 leaves the instance; the next recorder removes it.
$R -e exit -d 30 -o /dev/null 2>/dev/null &
rp=$!
recording_on $rp
kill -KILL $rp
wait $rp 2>/dev/null
$R -e exit -- /bin/true >/dev/null 2>/tmp/reset.err
check "item 2: a killed recorder's instance is removed by the next one" \
	grep -qx "utrace-record: removed instance utrace-record-$rp left by recorder $rp, which is no longer running" /tmp/reset.err

# item 4: -d sends the command SIGTERM; real status; nothing left running.
# (-d 2: a KASAN guest may need more than half a second to reach the exec)
rm -f /tmp/cmd.pid
$R -e exit -d 2 -o /tmp/d.out -- sh -c 'echo $$ >/tmp/cmd.pid; exec sleep 10' 2>/dev/null
rc=$?
cmd=$(cat /tmp/cmd.pid)
expect_eq "item 4: -d 2 -- sleep 10 exits 124 (timeout(1))" 124 "$rc"
check "item 4: sleep ended, its exit line says SIGTERM" \
	sh -c "grep -qE '\[$cmd\] exit signal=SIGTERM' /tmp/d.out && ! kill -0 $cmd 2>/dev/null"
rm -f /tmp/cmd.pid	# the -d test above left its own: wait for this command's
$R -e exit -- sh -c "trap 'exit 7' INT; echo \$\$ >/tmp/cmd.pid; while :; do sleep 0.1; done" \
	>/tmp/int.out 2>/dev/null &
rp=$!
for i in $(seq 100); do [ -s /tmp/cmd.pid ] && break; sleep 0.05; done
sleep 0.5
kill -INT $rp
wait $rp
rc=$?
expect_eq "item 4: SIGINT is passed on; the command's status 7 is returned" 7 "$rc"
rm -f /tmp/cmd.pid

# item 3: the whole tree; -p ends with its process.
$R -e exec,exit -o /tmp/tree.out -- sh -c 'sleep 0.3 & exit 3' 2>/dev/null
rc=$?
expect_eq "item 3: sh -c 'sleep 0.3 & exit 3' exits 3" 3 "$rc"
check "item 3: the orphaned sleep's exit is recorded" \
	grep -qE 'sleep\[[0-9]+\] exit status=0$' /tmp/tree.out
sh -c 'sleep 3; exit 4' &	# 3 s: a slow guest's recorder must be up before it exits
tp=$!
s0=$(date +%s)
$R -e exit -p $tp -d 30 -o /tmp/p.out 2>/dev/null
wait $tp
check "item 3: -p PID -d 30 ends when PID exits" \
	sh -c "[ $(($(date +%s) - s0)) -lt 20 ] && grep -qE 'sh\[$tp\] exit status=4' /tmp/p.out" ||
	diag "took $(($(date +%s) - s0)) s; recorded: $(cat /tmp/p.out)"

# item 1 (native): exit_group(7) in a thread: every thread exits 7.
if cc -O2 -pthread -o /tmp/ut-threads $UTRACE_REPO/tests/host/progs/ut-threads.c 2>/dev/null; then
	$R -e exit,signal -o /tmp/thr.out -- /tmp/ut-threads exit 7 >/dev/null 2>&1
	rc=$?
	expect_eq "item 1: exit_group(7) from a thread: status 7" 7 "$rc"
	expect_eq "item 1: three exit lines, all status=7" 3 "$(grep -cE ' exit status=7' /tmp/thr.out)"
	diag "$(grep -c 'signal SIGKILL' /tmp/thr.out) SIGKILL signal lines in native mode"
else
	skip "item 1: exit_group(7) from a thread" "no C compiler in the guest"
	skip "item 1: three exit lines" "no C compiler in the guest"
fi

# item 5: a newline in a file name forges no line; JSON keeps UTF-8.
cp /bin/true "/tmp/x
0.000000 fake[1] exit status=0"
$R -e exec -o /tmp/nl.out -- "/tmp/x
0.000000 fake[1] exit status=0" 2>/dev/null
expect_eq "item 5: one exec line for a name with a newline" 1 "$(wc -l </tmp/nl.out)"
cp /bin/true "/tmp/$(printf 'caf\303\251')"
$R --json -e exec -o /tmp/u8.out -- "/tmp/$(printf 'caf\303\251')" 2>/dev/null
check "item 5: JSON passes UTF-8 through" grep -q "$(printf 'caf\303\251')" /tmp/u8.out

# item 8: -o is the text output.
$R -e exit -o /tmp/o.txt -- sh -c 'exit 3' >/tmp/o.stdout 2>/dev/null
check "item 8: -o writes the text lines, nothing on stdout" \
	sh -c "grep -qE 'exit status=3\$' /tmp/o.txt && [ ! -s /tmp/o.stdout ]"

# item 9 and SRE views: summary counts are numbers in native mode; the
# syscall set is a kernel filter of utrace_syscall_entry; --tree.
$R --summary -e exit,death -o /tmp/sum.out -- sh -c 'exit 3' 2>/dev/null
check "item 9: native --summary counts death (no n/a)" grep -qE '^death +1$' /tmp/sum.out
$R -e trace=openat -o /tmp/tr.out -- sh -c 'cat /nonexistent-utrace 2>/dev/null' 2>/dev/null
check "-e trace=openat: only openat calls, joined with a duration" \
	sh -c "grep -qE 'syscall openat\(.*\) = -2 ENOENT <[0-9.]+>\$' /tmp/tr.out && ! grep ' syscall' /tmp/tr.out | grep -qv ' syscall openat('"
$R -q --tree -o /tmp/t.out -- sh -c 'sleep 0.1 & wait; exit 3' 2>/dev/null
check "--tree: sh with sleep under it" \
	sh -c "grep -qE '^[0-9]+ sh exec .*: status=3 after ' /tmp/t.out && grep -qE '^.-- [0-9]+ sleep exec .*: status=0 after ' /tmp/t.out"

# --- issue 22: the process model in native mode ---------------------
# chk NAME FILE CMD...: check, with FILE shown when it fails.
chk() {
	local name=$1 f=$2
	shift 2
	if "$@"; then ok "$name"; else not_ok "$name"; diag "$(head -c 1500 "$f")"; fi
}
# M1: A exits 1 and is reaped, B gets its pid (clone3 set_tid) and execs
# sleep: both exits, as the workload's log says; two rows, two tree lines.
$R --summary --tree -o /tmp/pr.out -- $PROGS/ut-pidreuse >/tmp/pr.log 2>/dev/null
rp=$(sed -nE 's/^A=([0-9]+) B=\1 REUSED$/\1/p' /tmp/pr.log)
strip /tmp/pr.out >/tmp/pr.got
if [ -n "$rp" ]; then
	chk "M1: pid $rp reused: A 'exit status=1', B (sleep) 'exit status=0', as the log" /tmp/pr.got \
		sh -c "grep -q '^exit $rp 256\$' /tmp/pr.log && grep -q '^exit $rp 0\$' /tmp/pr.log &&
		       grep -qx 'ut-pidreuse\[$rp\] exit status=1' /tmp/pr.got &&
		       grep -qx 'sleep\[$rp\] exit status=0' /tmp/pr.got"
	chk "M1: two summary rows for pid $rp: A status=1, B sleep status=0" /tmp/pr.out \
		sh -c "grep -qE '^$rp +ut-pidreuse +[0-9.]+ +status=1 ' /tmp/pr.out &&
		       grep -qE '^$rp +sleep +[0-9.]+ +status=0 ' /tmp/pr.out"
	check "M1: both in the tree" sh -c "grep -qE '^.-- $rp ut-pidreuse: status=1 ' /tmp/pr.out &&
		grep -qE '^.-- $rp sleep exec .*: status=0 ' /tmp/pr.out"
else
	skip "M1: pid reuse" "B did not get A's pid: $(head -1 /tmp/pr.log)"
	skip "M1: two summary rows" "no reuse"
	skip "M1: both in the tree" "no reuse"
fi
# M1: the new task is still traced after the old one's free took its pid
# out of set_event_pid (sched_process_free in the -sig instance).
$R -e all -o /tmp/pr2.out -- $PROGS/ut-pidreuse sh -c 'sleep 0.3; exit 3' >/tmp/pr2.log 2>/dev/null
rp=$(sed -nE 's/^A=([0-9]+) B=\1 REUSED$/\1/p' /tmp/pr2.log)
strip /tmp/pr2.out >/tmp/pr2.got
if [ -n "$rp" ]; then
	chk "M1: pid $rp reused: the new task's exit_group(3) and exit are recorded" /tmp/pr2.got \
		sh -c "grep -qE '^sh\[$rp\] syscall_entry exit_group\(' /tmp/pr2.got &&
		       grep -qx 'sh\[$rp\] exit status=3' /tmp/pr2.got"
else
	skip "M1: the new task traced to its end" "no reuse"
fi
# M3: a thread's SIGSEGV: every thread killed by it, nothing unknown.
(ulimit -c 0; $R -e signal,exit -o /tmp/sv.out -- $PROGS/ut-tasks segv >/dev/null 2>&1)
expect_eq "M3: a thread's SIGSEGV: three 'exit signal=SIGSEGV' lines" 3 \
	"$(grep -cE 'ut-tasks\[[0-9]+\] exit signal=SIGSEGV( |$)' /tmp/sv.out)"
chk "M3: no unknown status or cause" /tmp/sv.out sh -c "! grep -q 'status=?\|cause unknown' /tmp/sv.out"
# M4: renames (pthread_setname_np, prctl) and --comm.
$R -e exit -o /tmp/nm.out -- $PROGS/ut-tasks names >/dev/null 2>&1
chk "M4: worker-1, worker-2 and main-renamed exit by their names" /tmp/nm.out \
	sh -c "grep -qE 'worker-1\[[0-9]+\] exit status=0' /tmp/nm.out &&
	       grep -qE 'worker-2\[[0-9]+\] exit status=0' /tmp/nm.out &&
	       grep -qE 'main-renamed\[[0-9]+\] exit status=4' /tmp/nm.out &&
	       grep -qE 'main-renamed\[[0-9]+\] exit status=0' /tmp/nm.out"
$R --comm worker-1 -o /tmp/nm.out -- $PROGS/ut-tasks names >/dev/null 2>&1
check "M4: --comm worker-1 finds the renamed thread" \
	grep -qE '^[0-9.]+ worker-1\[[0-9]+\] exit status=0$' /tmp/nm.out
# L1: a thread's execve: its old tid is not left running.
if cc -O2 -pthread -o /tmp/ut-threads $UTRACE_REPO/tests/host/progs/ut-threads.c 2>/dev/null; then
	$R -q --tree -o /tmp/ex.out -- /tmp/ut-threads exec >/dev/null 2>&1
	chk "L1: the exec'ing thread is 'superseded by execve', nothing running" /tmp/ex.out \
		sh -c "grep -q 'superseded by execve in pid' /tmp/ex.out && ! grep -q running /tmp/ex.out"
else
	skip "L1: the exec'ing thread" "no C compiler in the guest"
fi
# L4: SIGCONT to a stopped task continues it: a signal line '-> continue'
# or, where the kernel reports no SIGCONT delivery, the jctl line.
$R -e signal,exit,jctl -o /tmp/sc.out -- sleep 5 2>/tmp/sc.err &
rp=$!
for i in $(seq 100); do s=$(pgrep -P $rp sleep) && break; sleep 0.05; done
sleep 0.3
kill -STOP $s; sleep 0.5; kill -CONT $s; sleep 0.5; kill -TERM $s
wait $rp
rc=$?
echo "recorder rc $rc; stderr: $(cat /tmp/sc.err)" >>/tmp/sc.out
chk "L4: SIGCONT to the stopped task: '-> continue' or a jctl continue" /tmp/sc.out \
	grep -qE "sleep\[$s\] (signal SIGCONT .*-> continue|jctl continue)" /tmp/sc.out
chk "L4: then SIGTERM from outside ends it" /tmp/sc.out \
	grep -qE "sleep\[$s\] exit signal=SIGTERM" /tmp/sc.out

# argv on exec lines: native mode uses an event probe on the syscall
# entries (every execve), shown in dynamic_events as e:utrace_argv_PID.
# (An empty string reads as unreadable there, "?": documented in BUGS.)
$R -e exec -o /tmp/argv.out -- sh -c 'sleep 0.5; /bin/true "a b" "" c' 2>/tmp/argv.err &
rp=$!
for i in $(seq 100); do
	grep "utrace_argv_$rp/" $TRACEFS/dynamic_events >/tmp/argv.dyn && break
	sleep 0.05
done
wait $rp
cat /tmp/argv.dyn /tmp/argv.err >>/tmp/argv.out
chk "argv: the exec line of true has its exact argv" /tmp/argv.out \
	grep -qE '^[0-9.]+ true\[[0-9]+\] exec /bin/true argv=\["/bin/true","a b",\?,"c"\]$' /tmp/argv.out
chk "argv: from an event probe (e:utrace_argv_PID/execve)" /tmp/argv.out \
	grep -q "^e:utrace_argv_$rp/execve " /tmp/argv.dyn
check "argv: the probe is removed at the end" test -z "$(grep utrace_argv_ $TRACEFS/dynamic_events)"

check "no recorder instance left behind" test -z "$(ls $TRACEFS/instances | grep utrace-record)"
tap_done
