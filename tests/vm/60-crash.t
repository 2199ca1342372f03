#!/bin/bash
# The crash catcher: core dumps are held, every thread stopped, for a
# handler, then released to dump core or die without one; timeouts,
# SIGKILL, threads, and what is never held.
. "$(dirname "$0")/lib.sh"
C=$TRACEFS/utrace/crash
X=$PROGS/ut-crash
TOOL=$UTRACE_REPO/tools/utrace-crash/utrace-crash
if [ ! -d $C ]; then
	skip "crash catcher" "kernel without CONFIG_UTRACE_CRASH_CATCHER"
	tap_done
fi
rm -f /tmp/core.*
# Slow guests (make check-debug: KASAN, lockdep) pass UTRACE_TIME_SCALE
# on the kernel command line: holds and waits last that many times longer.
SCALE=${UTRACE_TIME_SCALE:-1}
HOLD_MS=$((20000 * SCALE))

# start MODE: run ut-crash in the background; sets CHILD, OUTF, BG
start() {
	OUTF=/tmp/crash.$1.$RANDOM
	$X "$@" > $OUTF &
	BG=$!
	CHILD=""
	for _ in $(seq $((50 * SCALE))); do
		CHILD=$(sed -n 's/^child=//p' $OUTF)
		[ -n "$CHILD" ] && break
		sleep 0.1
	done
}
# finish: wait for ut-crash (in this shell: it must be our child), set OUT
finish() { wait $BG; OUT=$(sed -n 's/^\(termsig\|exit\)/&/p' $OUTF); }

start segv
finish; out=$OUT
expect_eq "catcher off: SIGSEGV dumps core" "termsig=11 core=1" "$out"
check "catcher off: core file written" test -s /tmp/core.$CHILD

echo 1 > $C/enable
echo $HOLD_MS > $C/timeout_ms
instance_new crash$$
enable utrace:utrace_signal
echo 1 > "$INST/tracing_on"

start segv
line=$(held_line $CHILD)
check "NULL dereference is held" test -n "$line"
expect_eq "held line: SIGSEGV, SEGV_MAPERR, address 0" "sig=11 code=1 addr=0x0" \
	"$(echo "$line" | grep -o 'sig=[0-9]* code=[0-9]* addr=0x[0-9a-f]*')"
check "held task is alive: maps readable" grep -q ut-crash /proc/$CHILD/maps
check "held task is not stopped, and idle (not load)" grep -qE '^State:\s+I' /proc/$CHILD/status
$TOOL --once --out /tmp/reports --action core > /tmp/tool.out 2>&1
report=/tmp/reports/crash-$CHILD.txt
cp $report /tmp/reports/crash-$CHILD.json /tmp/out/ 2>/dev/null
check "report names SIGSEGV" grep -q SIGSEGV $report
check "report has the fault address 0x0" grep -qE 'addr(ess)?[=: ]+0x0\b' $report
check "report names the faulting function" grep -q crash_here $report
check "JSON report parses" python3 -c "import json,sys; json.load(open(sys.argv[1]))" \
	/tmp/reports/crash-$CHILD.json
finish; out=$OUT
expect_eq "released with core: wait status as without the catcher" "termsig=11 core=1" "$out"
check "released with core: core file written" test -s /tmp/core.$CHILD
check "utrace:utrace_signal shows the hold" \
	grep -qE "ut-crash-$CHILD .* utrace_signal: pid=$CHILD sig=11 .*disposition=core engine=held" "$INST/trace"
check "utrace:utrace_signal shows the release" \
	grep -qE "ut-crash-$CHILD .* utrace_signal: pid=$CHILD sig=11 .*disposition=held engine=core" "$INST/trace"

start segv
held_line $CHILD > /dev/null
$TOOL --once --out /tmp/reports --action kill > /dev/null 2>&1
finish; out=$OUT
expect_eq "kill action: same signal, no core" "termsig=11 core=0" "$out"
check "kill action: no core file" test ! -e /tmp/core.$CHILD

echo $((3000 * SCALE)) > $C/timeout_ms
start segv
check "no handler: held" test -n "$(held_line $CHILD)"
finish; out=$OUT
expect_eq "no handler: the timeout releases it with core" "termsig=11 core=1" "$out"
echo $HOLD_MS > $C/timeout_ms

start segv
held_line $CHILD > /dev/null
kill -KILL $CHILD
finish; out=$OUT
expect_eq "SIGKILL during a hold ends it" "termsig=9 core=0" "$out"

start mt /tmp/hb
held_line $CHILD > /dev/null
a=$(cat /tmp/hb); sleep 0.5; b=$(cat /tmp/hb)
expect_eq "multithreaded: the other thread is stopped while held" "$a" "$b"
expect_eq "multithreaded: both threads still there" 2 "$(ls /proc/$CHILD/task | wc -l)"
echo "$(hold_id $CHILD) kill" > $C/release
finish; out=$OUT
expect_eq "multithreaded: released" "termsig=11 core=0" "$out"

for m in abort:6 quit:3; do
	start ${m%:*}
	line=$(held_line $CHILD)
	check "${m%:*}: held with signal ${m#*:}" grep -q " sig=${m#*:} " <<< "$line"
	echo "$(hold_id $CHILD) kill" > $C/release
	finish
done

# A core signal the kernel sends that is no fault of the instruction
# (as the tty's SIGQUIT): not held.
start xcpu
finish; out=$OUT
expect_eq "SIGXCPU from RLIMIT_CPU: not held, dumps core at once" "termsig=24 core=1" "$out"
check "SIGXCPU: never held" \
	grep -qE " utrace_signal: pid=$CHILD sig=24 .*disposition=core engine=core" "$INST/trace"
check "SIGXCPU: no held event" \
	sh -c "! grep -qE ' utrace_signal: pid=$CHILD sig=24 .*engine=held' $INST/trace"

start handler
finish; out=$OUT
expect_eq "SIGSEGV with a user handler is not held" "exit=42" "$out"
check "... and never appeared in held" test -z "$(grep -E " pid=$CHILD " $C/held)"

strace -f -o /dev/null $X segv > /tmp/straced.out 2>&1
CHILD=$(sed -n 's/^child=//p' /tmp/straced.out)
expect_eq "ptraced crasher: dies as usual" "termsig=11 core=1" \
	"$(sed -n 's/^termsig/&/p' /tmp/straced.out)"
check "ptraced crasher: not held, its debugger saw the signal" \
	grep -qE "ut-crash-$CHILD .* utrace_signal: pid=$CHILD sig=11 .*disposition=core engine=core" "$INST/trace"

# The hold never changes how the process ends, whatever its other threads
# or the outside world do meanwhile.
echo 0 > $C/enable
start mt-exit
finish; off=$OUT
expect_eq "catcher off: a thread's crash kills the process before main returns 0" \
	"termsig=11 core=1" "$off"
echo 1 > $C/enable
echo $((3000 * SCALE)) > $C/timeout_ms
start mt-exit
check "mt-exit: the crashing thread is held" test -n "$(held_line $CHILD)"
finish; out=$OUT
expect_eq "mt-exit: main's exit(0) during the hold: still SIGSEGV, core after the timeout" \
	"$off" "$out"

rm -f /tmp/exec-ran
start mt-exec /tmp/exec-ran
held_line $CHILD > /dev/null
finish; out=$OUT
expect_eq "mt-exec: a sibling's execve during the hold: still SIGSEGV with core" \
	"termsig=11 core=1" "$out"
check "mt-exec: the new program never ran" test ! -e /tmp/exec-ran

echo $HOLD_MS > $C/timeout_ms
start segv
held_line $CHILD > /dev/null
kill -TERM $CHILD
sleep 0.3
check "SIGTERM from outside does not end the hold" test -n "$(held_line $CHILD)"
echo "$(hold_id $CHILD) core" > $C/release
finish; out=$OUT
expect_eq "SIGTERM from outside during the hold: still SIGSEGV with core" \
	"termsig=11 core=1" "$out"

# Hold ids: release takes the id, which a later hold never reuses.
start segv
held_line $CHILD > /dev/null
id1=$(hold_id $CHILD)
if echo "$CHILD core" > $C/release 2>/dev/null && [ "$CHILD" != "$id1" ]; then
	not_ok "release by pid instead of hold id is refused"
else
	ok "release by pid instead of hold id is refused"
fi
echo "$id1 kill" > $C/release
finish
start segv
held_line $CHILD > /dev/null
id2=$(hold_id $CHILD)
check "hold ids are never reused ($id1 then $id2)" test "$id2" -gt "$id1"
if echo "$id1 kill" > $C/release 2>/dev/null; then
	not_ok "a stale hold id is refused (ESRCH)"
else
	ok "a stale hold id is refused (ESRCH)"
fi
check "... and the held task it might have hit stays held" test -n "$(held_line $CHILD)"
echo "$id2 kill" > $C/release
finish

# A hostile name cannot forge fields or lines in held.
start name 'a\tb\nid=1 x\\\xff'
held_line $CHILD > /dev/null
expect_eq "hostile comm: one line in held" 1 "$(wc -l < $C/held)"
expect_eq "hostile comm: escaped" 'comm=a\x09b\x0aid\x3d1\x20x\x5c\xff' \
	"$(grep -oE 'comm=[^ ]*' $C/held)"
$TOOL --once --out /tmp/reports --action kill > /tmp/tool.out 2>&1
finish; out=$OUT
expect_eq "hostile comm: utrace-crash released it by its id" "termsig=11 core=0" "$out"

# At most max_held tasks are held; the others crash as usual, counted.
echo 1 > $C/max_held
r0=$(cat $C/refused)
start segv; first=$CHILD; firstbg=$BG; firstout=$OUTF
held_line $first > /dev/null
start segv
finish; out=$OUT
expect_eq "max_held 1: a second crash is not held, it dumps core at once" \
	"termsig=11 core=1" "$out"
expect_eq "max_held 1: the refusal is counted" $((r0 + 1)) "$(cat $C/refused)"
echo "$(hold_id $first) kill" > $C/release
wait $firstbg
echo 16 > $C/max_held

# A pid namespace's init is never held.
start nsinit
finish; out=$OUT
expect_eq "pid namespace init: dies by its crash" "termsig=11 core=1" "$out"
check "pid namespace init: never held" \
	grep -qE " utrace_signal: pid=$CHILD sig=11 .*disposition=core engine=core" "$INST/trace"

# A held task does not block suspend: the freezer freezes it.
if [ -w /sys/power/pm_test ] && grep -qw freeze /sys/power/state; then
	echo 3000 > /sys/power/pm_freeze_timeout
	start segv
	held_line $CHILD > /dev/null
	echo freezer > /sys/power/pm_test
	if echo freeze > /sys/power/state 2>/tmp/suspend.err; then
		ok "suspend (freezer test) succeeds while a crash is held"
	else
		not_ok "suspend (freezer test) succeeds while a crash is held"
		diag "$(cat /tmp/suspend.err)"
	fi
	echo none > /sys/power/pm_test
	check "after resume the task is still held" test -n "$(held_line $CHILD)"
	echo "$(hold_id $CHILD) core" > $C/release
	finish; out=$OUT
	expect_eq "after resume it is released as usual" "termsig=11 core=1" "$out"
else
	skip "suspend while a crash is held" "kernel without PM_SLEEP_DEBUG"
fi

# A cgroup v2 freeze counts a held task as frozen; while frozen the task
# stays held (a release waits for the thaw), then ends as released.
CG=/sys/fs/cgroup
mountpoint -q $CG || mount -t cgroup2 none $CG 2>/dev/null
if [ -e $CG/cgroup.procs ] && mkdir $CG/held$$ 2>/dev/null; then
	echo $BASHPID > $CG/held$$/cgroup.procs	# ut-crash and its child start inside
	start segv
	echo $BASHPID > $CG/cgroup.procs
	held_line $CHILD > /dev/null
	echo 1 > $CG/held$$/cgroup.freeze
	check "cgroup freeze completes while a crash is held" frozen_is $CG/held$$ 1
	echo "$(hold_id $CHILD) core" > $C/release
	sleep $((1 * SCALE))
	# (the held file lists only undecided holds: look at the task instead)
	check "released while frozen: no core dump and no exit until the thaw" \
		sh -c "[ ! -e /tmp/core.$CHILD ] && [ \"\$(awk '{print \$3}' /proc/$CHILD/stat)\" != Z ]"
	check "released while frozen: the cgroup stays frozen" grep -qx "frozen 1" $CG/held$$/cgroup.events
	echo 0 > $CG/held$$/cgroup.freeze
	finish; out=$OUT
	expect_eq "after the thaw the release takes effect: SIGSEGV with core" "termsig=11 core=1" "$out"
	# The freeze also holds off the timeout; SIGKILL still ends the hold.
	# (a timeout long enough to freeze within it on a slow guest, then
	# a wait past it)
	echo $((3000 * SCALE)) > $C/timeout_ms
	echo $BASHPID > $CG/held$$/cgroup.procs
	start segv
	echo $BASHPID > $CG/cgroup.procs
	held_line $CHILD > /dev/null
	echo 1 > $CG/held$$/cgroup.freeze
	frozen_is $CG/held$$ 1
	sleep $((4 * SCALE))
	check "frozen: the hold does not time out" test -n "$(held_line $CHILD)"
	kill -KILL $CHILD
	sleep $((1 * SCALE))
	check "frozen and held: SIGKILL ends the hold at once" \
		test -z "$(grep -E "^id=[0-9]+ pid=[0-9]+ tgid=$CHILD " $C/held)"
	echo 0 > $CG/held$$/cgroup.freeze	# ut-crash, frozen too, can now reap
	finish; out=$OUT
	expect_eq "frozen and held, SIGKILL: died by SIGKILL, no core" "termsig=9 core=0" "$out"
	echo $HOLD_MS > $C/timeout_ms
	rmdir $CG/held$$
else
	skip "cgroup v2 freeze while a crash is held" "no cgroup2 here"
fi

refused() {	# refused FILE VALUE
	if echo "$2" > $C/$1 2>/dev/null; then not_ok "write '$2' to $1 refused"
	else ok "write '$2' to $1 refused"; fi
}
refused release "abc"
refused release "99999 core"
refused release "1 maybe"
refused timeout_ms 0
refused timeout_ms 600001
refused enable 2
refused max_held 0
refused max_held 4097
refused max_held_per_user 0
refused max_held_per_user 4097
refused release "1 core extra"
expect_eq "timeout unchanged by refused writes" $HOLD_MS "$(cat $C/timeout_ms)"

start segv
held_line $CHILD > /dev/null
echo 0 > $C/enable
finish; out=$OUT
expect_eq "disabling the catcher releases held tasks with core" "termsig=11 core=1" "$out"
expect_eq "catcher off: no engine left" 0 "$(status_field engines)"
tap_done
