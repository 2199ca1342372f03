#!/bin/bash
# The verdict utrace:utrace_syscall_exit prints belongs to that call's own entry:
# a call seccomp denies says so, and an exit whose entry was not seen
# because the syscall events were switched off and on meanwhile says
# "verdict=unknown" instead of an older call's verdict.
. "$(dirname "$0")/lib.sh"
if ! have_utrace; then
	skip "utrace syscall verdicts" "kernel without CONFIG_UTRACE_GLOBAL"
	tap_done
fi
V=$PROGS/ut-verdict

# wait_for CMD...: poll up to 20 s until CMD succeeds.
wait_for() {
	local i
	for i in $(seq 2000); do
		"$@" && return 0
		sleep 0.01
	done
	return 1
}
# in_read PID: PID is blocked in read(2) (nr 0).
in_read() {
	local nr rest
	read -r nr rest < /proc/$1/syscall 2>/dev/null && [ "$nr" = 0 ]
}
syscall_events_on() { enable utrace:utrace_syscall_entry utrace:utrace_syscall_exit; }

instance_new verdict$$
for e in $(utrace_names syscall_entry syscall_exit); do
	echo 'comm == "ut-verdict"' > "$INST/events/utrace/$e/filter"
done
syscall_events_on
echo 1 > "$INST/tracing_on"

# hold TOGGLE: ut-verdict seccomp-hold, its child stopped by seccomp in
# getppid, then blocked in read; with TOGGLE the events are off from the
# seccomp stop until the read blocks.  Sets CHILD and OUT.
hold() {
	local dir=/tmp/hold$1
	rm -rf $dir
	mkdir $dir
	clear_trace
	$V seccomp-hold $dir > $dir/out &
	wait_for test -e $dir/held || diag "no seccomp stop"
	CHILD=$(cat $dir/held)
	[ "$1" = toggle ] && disable_all
	touch $dir/go1
	wait_for in_read "$CHILD" || diag "child not blocked in read"
	[ "$1" = toggle ] && syscall_events_on
	touch $dir/go2
	wait
	OUT=$(grep -E '^(getppid|read)=' $dir/out | tr '\n' ' ')
}

hold plain
expect_eq "seccomp-hold: getppid skipped by the tracer, read ran" "getppid=-13 read=1 " "$OUT"
check "syscall_entry: getppid's entry came before seccomp (verdict ran)" \
	grep -qE '^nr=110 arch=x86_64 args=\([^)]*\) verdict=ran$' <<< "$(ev syscall_entry $CHILD)"
# The tracer skipped the call by setting its number to -1.
expect_eq "syscall_exit: getppid denied by seccomp, with the tracer's -EACCES" \
	"nr=-1 arch=x86_64 ret=-13 verdict=seccomp rule=0" \
	"$(ev syscall_exit $CHILD | grep '^nr=-1 ')"
expect_eq "syscall_exit: the following read ran" "nr=0 arch=x86_64 ret=1 verdict=ran rule=0" \
	"$(ev syscall_exit $CHILD | grep '^nr=0 ')"

hold toggle
expect_eq "toggled: same results" "getppid=-13 read=1 " "$OUT"
expect_eq "toggled: getppid's exit came while events were off" "" \
	"$(ev syscall_exit $CHILD | grep '^nr=-1 ')"
expect_eq "toggled: the read's exit does not inherit verdict=seccomp" \
	"nr=0 arch=x86_64 ret=1 verdict=unknown rule=0" \
	"$(ev syscall_exit $CHILD | grep '^nr=0 ')"

D=/sys/kernel/debug/fail_utrace_syscall
if [ ! -e $D/rules ]; then
	skip "stale injected verdicts" "kernel without CONFIG_UTRACE_FAULT_INJECTION"
	tap_done
fi
# Injected getppids in bursts, each followed by a read that blocks while
# the events are switched back on: the read's exit must never say
# "injected".  A burst lasts until the rule is removed, so switching off
# (removing the rule while the events are off) always happens during
# one, and may land between an injected getppid's entry report and its
# exit, which then goes unreported; an exit that trusted the last
# recorded verdict would call the next read injected.  That race is not
# certain to happen on a given cycle; the verdict=unknown after every
# switch is.
cycles=40
echo 0 > $D/verbose
echo 100 > $D/probability
echo -1 > $D/times
rm -f /tmp/verdict.fifo
mkfifo /tmp/verdict.fifo
$V burst /tmp/verdict.fifo > /tmp/burst.out &
wait_for grep -q '^pid=' /tmp/burst.out
bpid=$(sed -n 's/^pid=//p' /tmp/burst.out)
disable_all
# Only the reads: the bursts' getppids would overflow the buffer.
echo 'comm == "ut-verdict" && nr == 0' > "$INST/events/utrace/utrace_syscall_exit/filter"
clear_trace
for i in $(seq $cycles); do
	wait_for in_read "$bpid" || break
	enable utrace:utrace_syscall_exit
	echo "syscalls=getppid comm=ut-verdict error=7" > $D/rules
	printf g > /tmp/verdict.fifo
	wait_for grep -qx "burst=$i" /tmp/burst.out || break
	disable_all
	echo > $D/rules
done
wait_for in_read "$bpid"
printf q > /tmp/verdict.fifo
wait
expect_eq "bursts: the engine failed getppids" 1 \
	"$(sed -n 's/^failed=//p' /tmp/burst.out | awk '{print ($1 > 0)}')"
reads=$(ev syscall_exit $bpid | grep -c '^nr=0 ')
expect_eq "a read exit reported per cycle" $cycles "$reads"
expect_eq "no read exit says injected" 0 \
	"$(ev syscall_exit $bpid | grep -c '^nr=0 .*verdict=injected')"
diag "read exits: $(ev syscall_exit $bpid | grep '^nr=0 ' | sed 's/^nr=0 arch=x86_64 ret=1//' | sort | uniq -c | tr -s ' \n' ' ')"
expect_eq "every read exit says verdict=unknown" $cycles \
	"$(ev syscall_exit $bpid | grep -c '^nr=0 arch=x86_64 ret=1 verdict=unknown rule=0$')"
expect_eq "no engine left" 0 "$(status_field engines)"
# As the engine started, for the tests that follow.
echo 100 > $D/probability	# the defaults
echo -1 > $D/times
echo 1 > $D/verbose
tap_done
