#!/bin/bash
# Identity and exit causes in utrace_clone, _exec, _exit and _death: the
# process start time against /proc/PID/stat, the cgroup id against the
# cgroup directory's inode, each cause with its exact values, and every
# pid in the initial pid namespace.
. "$(dirname "$0")/lib.sh"
P=$PROGS/ut-exitcause
if ! have_utrace; then
	skip "identity and exit causes" "kernel without CONFIG_UTRACE_GLOBAL"
	tap_done
fi
instance_new ident$$
echo 4096 > "$INST/buffer_size_kb"
enable utrace:utrace_clone utrace:utrace_exec utrace:utrace_exit \
	utrace:utrace_death utrace:utrace_signal
echo 1 > "$INST/tracing_on"
CG=/sys/fs/cgroup
OUT=/tmp/ut16.$$
CORE_PATTERN=$(cat /proc/sys/kernel/core_pattern)
cleanup() {
	echo "$CORE_PATTERN" > /proc/sys/kernel/core_pattern
	rmdir $CG/ut16-$$ 2>/dev/null
	rm -f $OUT.* /tmp/ut16-core.*
	instance_remove
}
trap cleanup EXIT

# why NAME PID [N]: the cause fields of event NAME's Nth line of PID
why() {
	ev "$1" "$2" | sed -n "${3:-1}p" |
		sed -E 's/^.* (cause=.*) start=.*$/\1/'
}
# code NAME PID [N]: the event's first three fields (its exit code)
code() { ev "$1" "$2" | sed -n "${3:-1}p" | cut -d' ' -f1-3; }
# key K FILE: value of K= in FILE
key() { sed -n "s/^$1=//p" "$2" | head -1; }
# mode MODE ARG...: run ut-exitcause MODE with a clear trace, output in $OUT.m
mode() {
	clear_trace
	$P "$@" > $OUT.m
	C=$(key child $OUT.m)
}
# started FILE: wait up to 5 s for a pid= line in FILE
started() {
	local i
	for i in $(seq 50); do
		grep -q '^pid=' "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# 1-6: start time and cgroup id of a process moved into a fresh cgroup.
mountpoint -q $CG || mount -t cgroup2 none $CG 2>/dev/null
mkdir $CG/ut16-$$
clear_trace
sh -c "echo \$\$ > $CG/ut16-$$/cgroup.procs && exec $P sleeper 0" > $OUT.s &
S=$!
started $OUT.s
ticks=$(sed -E 's/^.*\) //' /proc/$S/stat | cut -d' ' -f20)
kill -TERM $S
wait $S
hz=$(getconf CLK_TCK)
start=$(field start "$(ev exit $S)")
expect_eq "exit: start time is /proc/PID/stat's, at tick granularity" \
	"$ticks" "$((start / (1000000000 / hz)))"
expect_eq "clone (in the parent): the child's start time, to the ns" \
	"$start" "$(ev clone $$ | grep " child=$S " | sed -E 's/^.* start=([0-9]+) .*$/\1/')"
expect_eq "exec and death: the same start time" "$start $start" \
	"$(field start "$(ev exec $S)") $(field start "$(ev death $S)")"
expect_eq "exit: cgroup id is the cgroup directory's inode" \
	"$(stat -c %i $CG/ut16-$$)" "$(field cgroup "$(ev exit $S)")"
expect_eq "clone: the child's cgroup, its parent's at fork" \
	"$(stat -c %i $CG)" "$(ev clone $$ | grep " child=$S " | sed -E 's/^.* cgroup=//')"
expect_eq "kill -TERM by this shell (uid 0): sender pid and uid" \
	"cause=signal cause_pid=0 sender=$$ uid=0 si_code=0" "$(why exit $S)"

# 7-12: exit(2) by one thread, exit_group(2) by another.
mode threads
A=$(key a $OUT.m) B=$(key b $OUT.m)
expect_eq "threads: wait status of exit_group(5)" 1280 "$(key status $OUT.m)"
expect_eq "exit(3) by thread A: its own exit" \
	"cause=exit cause_pid=$A sender=-1 uid=-1 si_code=0" "$(why exit $A)"
expect_eq "exit(3) by thread A: code" "code=0x300 status=3 signal=0" "$(code exit $A)"
expect_eq "exit_group(5) by thread B" \
	"cause=exit_group cause_pid=$B sender=-1 uid=-1 si_code=0" "$(why exit $B)"
expect_eq "the main thread: exit_group in B, code 0x500" \
	"code=0x500 status=5 signal=0 cause=exit_group cause_pid=$B" \
	"$(code exit $C) $(why exit $C | cut -d' ' -f1-2)"
expect_eq "death of the main thread: the same cause" \
	"cause=exit_group cause_pid=$B sender=-1 uid=-1 si_code=0" "$(why death $C)"
expect_eq "a thread's clone carries its process's start time" \
	"$(field start "$(ev exit $C)")" \
	"$(ev clone $C | grep " child=$A " | sed -E 's/^.* start=([0-9]+) .*$/\1/')"

# 13-15: kill -9 by an unprivileged killer.
clear_trace
$P sleeper 65534 > $OUT.s &
S=$!
started $OUT.s
$P killer 65534 $S 9 > $OUT.k
wait $S
K=$(key pid $OUT.k)
expect_eq "kill -9 by uid 65534: sender and uid" \
	"cause=signal cause_pid=0 sender=$K uid=65534 si_code=0" "$(why exit $S)"
expect_eq "kill -9: code" "code=0x9 status=0 signal=9" "$(code exit $S)"
expect_eq "kill -9: death says the same" \
	"cause=signal cause_pid=0 sender=$K uid=65534 si_code=0" "$(why death $S)"

# 16-21: from a pid namespace, every pid is the initial namespace's.
if unshare -p -f true 2>/dev/null; then
	for sig in 9 3; do
		clear_trace
		rm -f $OUT.ns $OUT.nk
		unshare -p -f sh -c "$P sleeper 65534 > $OUT.ns & s=\$!
			for i in \$(seq 50); do grep -q pid= $OUT.ns && break; sleep 0.1; done
			$P killer 65534 \$s $sig > $OUT.nk; wait"
		S=$(key init_pid $OUT.ns) K=$(key init_pid $OUT.nk)
		check "SIG $sig in a pid namespace: the killer's pids differ ($(key pid $OUT.nk) vs $K)" \
			test "$(key pid $OUT.nk)" != "$K"
		expect_eq "SIG $sig in a pid namespace: exit's sender is the initial namespace's pid" \
			"cause=signal cause_pid=$([ $sig = 9 ] && echo 0 || echo $S) sender=$K uid=65534 si_code=0" \
			"$(why exit $S)"
		expect_eq "SIG $sig in a pid namespace: utrace_signal's sender too" \
			"sender=$K" "$(grep -E " utrace_signal: pid=$S sig=$sig " "$INST/trace" |
				head -1 | grep -oE 'sender=-?[0-9]+')"
	done
else
	for i in 1 2 3 4 5 6; do skip "pid namespace check $i" "no unshare -p"; done
fi

# 22-23: a fault.
mode segv
expect_eq "SIGSEGV fault: status" 11 "$(key status $OUT.m)"
expect_eq "SIGSEGV fault: cause fault in the faulting thread, SEGV_MAPERR" \
	"cause=fault cause_pid=$C sender=0 uid=-1 si_code=1" "$(why exit $C)"

# 24-26: seccomp kills, of the process and of one thread.
mode seccomp
expect_eq "SECCOMP_RET_KILL_PROCESS: status SIGSYS" 31 "$(key status $OUT.m)"
expect_eq "SECCOMP_RET_KILL_PROCESS: cause seccomp, SYS_SECCOMP" \
	"cause=seccomp cause_pid=$C sender=0 uid=-1 si_code=1" "$(why exit $C)"
mode seccomp-thread
T=$(key t $OUT.m)
expect_eq "SECCOMP_RET_KILL_THREAD: the thread alone, code SIGSYS" \
	"code=0x1f status=0 signal=31 cause=seccomp cause_pid=$T sender=-1 uid=-1 si_code=1" \
	"$(code exit $T) $(why exit $T)"

# 27-28: resource limits.
mode xcpu
expect_eq "RLIMIT_CPU: SIGXCPU from the kernel (SI_KERNEL)" \
	"24 cause=rlimit cause_pid=$C sender=0 uid=-1 si_code=128" \
	"$(key status $OUT.m) $(why exit $C)"
mode xfsz
expect_eq "RLIMIT_FSIZE: SIGXFSZ, sent as the process's own kill()" \
	"25 cause=rlimit cause_pid=$C sender=$C uid=0 si_code=0" \
	"$(key status $OUT.m) $(why exit $C)"

# 29-31: a sibling's execve.
mode exec-thread $PROGS/ut-true
E=$(key e $OUT.m) SIB=$(key s $OUT.m)
expect_eq "execve by thread E: the sleeping sibling" \
	"code=0x0 status=0 signal=0 cause=execve cause_pid=$E sender=-1 uid=-1 si_code=0" \
	"$(code exit $SIB) $(why exit $SIB)"
expect_eq "execve by thread E: the old leader" \
	"cause=execve cause_pid=$E sender=-1 uid=-1 si_code=0" "$(why exit $C 1)"
expect_eq "exec: the process keeps its start time" \
	"$(field start "$(ev exit $C 2>/dev/null | head -1)")" \
	"$(field start "$(ev exec $C)")"

# 32-34: a core dump.
echo "/tmp/ut16-core.%p" > /proc/sys/kernel/core_pattern
mode core
SIB=$(key s $OUT.m)
expect_eq "core: status SIGSEGV with a core" 139 "$(key status $OUT.m)"
check "core: the core file is written" test -s /tmp/ut16-core.$C
expect_eq "core: the dumper's exit (core) and its sibling's, both fault in the dumper" \
	"code=0x8b status=0 signal=11 cause=fault cause_pid=$C | cause=fault cause_pid=$C" \
	"$(code exit $C) $(why exit $C | cut -d' ' -f1-2) | $(why exit $SIB | cut -d' ' -f1-2)"
echo "$CORE_PATTERN" > /proc/sys/kernel/core_pattern

# 35: the OOM killer (the hog has oom_score_adj 1000: it is the victim).
clear_trace
# The OOM report's stack dump is expected: tests/vm/run allows it.
echo "utrace-test: an OOM kill follows (16-identity.t)" > /dev/kmsg
timeout 900 $P oom > $OUT.m
echo "utrace-test: the OOM kill is over (16-identity.t)" > /dev/kmsg
C=$(key child $OUT.m)
expect_eq "OOM killer: SIGKILL, cause oom" \
	"9 cause=oom cause_pid=0 sender=0 uid=-1 si_code=128" \
	"$(key status $OUT.m) $(why exit $C)"

# 36-38: utrace-record prints the kernel's cause (native mode).
R=$UTRACE_REPO/tools/utrace-record/utrace-record
$R -e exit -o $OUT.r -- $P threads > $OUT.m 2>/dev/null
C=$(key child $OUT.m) B=$(key b $OUT.m)
check "recorder: the main thread's exit says exit_group in B" \
	grep -qE "\[$C\] exit status=5 \(exit_group in $B\)$" $OUT.r
check "recorder: B's own exit_group says nothing more" \
	grep -qE "\[$B\] exit status=5$" $OUT.r
$P sleeper 65534 > $OUT.s &
S=$!
started $OUT.s
$R -e exit -o $OUT.r -p $S > /dev/null 2>&1 &
RP=$!
# Recording once tracing is on in its instance (a fixed 1 s was too short
# under load).
recording_on $RP
sleep 1
$P killer 65534 $S 9 > $OUT.k
wait $S
wait $RP
check "recorder: kill -9 from the killer, with its uid" \
	grep -qE "\[$S\] exit signal=SIGKILL \(signal from $(key pid $OUT.k) uid 65534\)$" $OUT.r

tap_done
