#!/bin/bash
# Fault injection rules that are safe to leave on: a rule stays with the
# call it acted on whatever else is switched meanwhile, delays sleep after
# the engines and outside their read side (freezable, killable, no detach
# waits for them), retval= refuses the restart codes error= refuses, and
# rules leave tasks that gained privileges by exec alone.
. "$(dirname "$0")/lib.sh"
D=/sys/kernel/debug/fail_utrace_syscall
if [ ! -e $D/rules ]; then
	skip "utrace fault injection rules" "kernel without fault injection rules"
	tap_done
fi
P=$PROGS/ut-rules-delay
CG=/sys/fs/cgroup
echo 0 > $D/verbose
echo 100 > $D/probability
echo -1 > $D/times

put() { printf '%b\n' "$1" > $D/rules; }
rule_field() { sed -n "${2:-1}p" $D/rules | tr ' ' '\n' | sed -n "s/^$1=//p"; }
ms_now() { echo $(($(date +%s%N) / 1000000)); }
# start NAME ARGS...: run $P ARGS in the background, output in /tmp/NAME.out;
# sets pid once it has printed its pid
start() {
	local name=$1
	shift
	rm -f /tmp/$name.out /tmp/go-$name
	$P "$@" > /tmp/$name.out &
	pid=$!
	wait_for grep -q '^pid=' /tmp/$name.out
}
field() { sed -n "s/^.*\<$1=\([^ ]*\).*$/\1/p" "$2"; }
# gone PID: exited, or a zombie of this shell
gone() { ! grep -qv '^[0-9]* (.*) Z ' /proc/$1/stat 2>/dev/null; }
pstate() { sed 's/^.*) \(.\) .*$/\1/' /proc/$1/stat; }

# delay_exit=2 s on a 1 s nanosleep: about 3 s, whatever is switched
# meanwhile.  MEANWHILE is run 0.3 s into the sleep.
delayed_sleep() {	# delayed_sleep NAME MEANWHILE
	start $1 nanosleep 1000 /tmp/go-$1
	exec 8<> $D/session
	echo "syscalls=nanosleep pid=$pid delay_exit=2000000" >&8
	touch /tmp/go-$1
	sleep 0.3
	$2
	wait $pid
	exec 8>&-
	ms=$(field ms /tmp/$1.out)
	res="$(field ret /tmp/$1.out) $(field errno /tmp/$1.out)"
}
nothing() { :; }
delayed_sleep alone nothing
expect_eq "delay_exit alone: the sleep returned 0" "0 0" "$res"
check "delay_exit alone: 1 s sleep + 2 s delay took over 2.5 s (${ms} ms)" \
	[ "${ms:-0}" -gt 2500 ]

toggle() {
	echo 1 > $TRACEFS/events/utrace/utrace_syscall_exit/enable
	sleep 0.1
	echo 0 > $TRACEFS/events/utrace/utrace_syscall_exit/enable
}
delayed_sleep toggled toggle
expect_eq "event toggled during the call: the sleep returned 0" "0 0" "$res"
check "event toggled during the call: the delay still happened (${ms} ms)" \
	[ "${ms:-0}" -gt 2500 ]

other_rule() {
	sleep 60 &
	other=$!
	put "syscalls=getppid pid=$other retval=1"
	sleep 0.1
	put ""
	kill $other
	wait $other 2> /dev/null
}
delayed_sleep other other_rule
expect_eq "another pid rule during the call: the sleep returned 0" "0 0" "$res"
check "another pid rule during the call: the delay still happened (${ms} ms)" \
	[ "${ms:-0}" -gt 2500 ]

# retval= refuses the restart codes (-512..-516), as error= does.
put "syscalls=getppid comm=nobody-has-this error=1"
before=$(cat $D/rules)
refused=""
for v in -512 -513 -514 -515 -516; do
	put "syscalls=getppid comm=nobody-has-this retval=$v" 2> /dev/null &&
		refused="$refused accepted:$v"
	[ "$(cat $D/rules)" = "$before" ] || refused="$refused changed:$v"
done
put "syscalls=getppid comm=nobody-has-this retval=-517" 2> /dev/null ||
	refused="$refused refused:-517"
expect_eq "retval=-512..-516 refused, rules unchanged; -517 accepted" "" "$refused"
put ""

# A setuid-root copy run by nobody through a symlink named as a comm rule
# wants: the rule does not apply.  The same program not setuid: it does.
mkdir -p /tmp/suid/a /tmp/suid/b
cp $P /tmp/suid/ut-rules-suid
cp $P /tmp/suid/ut-rules-plain
chown root:root /tmp/suid/ut-rules-suid
chmod 4755 /tmp/suid/ut-rules-suid
chmod 755 /tmp/suid/ut-rules-plain
ln -sf /tmp/suid/ut-rules-suid /tmp/suid/a/rulecomm
ln -sf /tmp/suid/ut-rules-plain /tmp/suid/b/rulecomm
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
put "syscalls=getppid comm=rulecomm retval=4242"
out=$(nobody /tmp/suid/b/rulecomm getppid)
real=$(echo "$out" | sed -n 's/^.* real=//p')
expect_eq "comm rule: the program as nobody, not setuid, gets retval" \
	"ppid=4242 real=$real" "$out"
out=$(nobody /tmp/suid/a/rulecomm getppid)
real=$(echo "$out" | sed -n 's/^.* real=//p')
expect_eq "comm rule: the setuid-root copy run by nobody is not touched" \
	"ppid=$real real=$real" "$out"
check "comm rule: the rule counted no call of the setuid copy" \
	[ "$(rule_field matched)" = 1 ]
cp $P /tmp/suid/rulecomm
out=$(/tmp/suid/rulecomm nodump)
real=$(echo "$out" | sed -n 's/^.* real=//p')
expect_eq "comm rule: a process that made itself not dumpable is not touched" \
	"ppid=$real real=$real" "$out"
put "syscalls=getppid comm=rulecomm privileged=1 retval=4242"
expect_eq "privileged=1 is shown" 1 "$(rule_field privileged)"
out=$(nobody /tmp/suid/a/rulecomm getppid)
real=$(echo "$out" | sed -n 's/^.* real=//p')
expect_eq "privileged=1: the setuid copy gets retval" \
	"ppid=4242 real=$real" "$out"
put ""
rm -rf /tmp/suid

# A cgroup v2 freeze during a 20 s delay_enter: frozen while it sleeps,
# and the call completes after the thaw.
mountpoint -q $CG || mount -t cgroup2 none $CG 2> /dev/null
if [ -e $CG/cgroup.procs ] && mkdir $CG/frz$$ 2> /dev/null; then
	start frz getppid /tmp/go-frz
	echo $pid > $CG/frz$$/cgroup.procs
	put "syscalls=getppid pid=$pid delay_enter=20000000"
	touch /tmp/go-frz
	wait_for grep -q 'fired=1' $D/rules
	sleep 0.5
	echo 1 > $CG/frz$$/cgroup.freeze
	t0=$(ms_now)
	# Up to 8 s, well before the delay ends (on a slow guest, a loop of
	# grep and sleep can take many times its sleeps).
	while ! grep -q '^frozen 1' $CG/frz$$/cgroup.events &&
		[ $(($(ms_now) - t0)) -lt 8000 ]; do
		sleep 0.1
	done
	fz=$(sed -n 's/^frozen //p' $CG/frz$$/cgroup.events)
	t1=$(ms_now)
	expect_eq "cgroup freeze during a 20 s delay: frozen 1 within 8 s ($((t1 - t0)) ms)" 1 "$fz"
	echo 0 > $CG/frz$$/cgroup.freeze
	wait $pid
	expect_eq "cgroup freeze during a delay: thawed, the call ran" \
		"ppid=$$ real=$$" "$(grep '^ppid=' /tmp/frz.out)"
	put ""
	rmdir $CG/frz$$
else
	skip "cgroup freeze during a delay: frozen 1" "no cgroup2"
	skip "cgroup freeze during a delay: thawed, the call ran" "no cgroup2"
fi

# Closing a session (or killing its holder) during a long delay does not
# wait for the delay; the delayed task is idle, not in D state; SIGKILL
# ends the delay.
start ses getppid /tmp/go-ses
exec 9<> $D/session
echo "syscalls=getppid pid=$pid delay_enter=30000000" >&9
touch /tmp/go-ses
wait_for grep -q 'fired=1' $D/rules
sleep 0.5
expect_eq "a task in a delay is idle (I), not in D state" I "$(pstate $pid)"
t0=$(ms_now)
exec 9>&-
t1=$(ms_now)
check "closing the session during a 30 s delay returns at once ($((t1 - t0)) ms)" \
	[ $((t1 - t0)) -lt 1500 ]
expect_eq "the session's rule is gone" "" "$(cat $D/rules)"
t0=$(ms_now)
kill -9 $pid
check "SIGKILL ends the delay" wait_for gone $pid
wait $pid 2> /dev/null
t1=$(ms_now)
diag "SIGKILL to exit: $((t1 - t0)) ms"

start hold getppid /tmp/go-hold
dpid=$pid
sh -c "exec 7<> $D/session; echo 'syscalls=getppid pid=$dpid delay_enter=30000000' >&7; exec sleep 600" &
holder=$!
wait_for grep -q 'owner=session' $D/rules
touch /tmp/go-hold
wait_for grep -q 'fired=1' $D/rules
sleep 0.5
t0=$(ms_now)
kill -9 $holder
wait $holder 2> /dev/null
t1=$(ms_now)
check "SIGKILL on a session's holder during a delay: it exits at once ($((t1 - t0)) ms)" \
	[ $((t1 - t0)) -lt 1500 ]
expect_eq "and its rule is gone" "" "$(cat $D/rules)"
kill -9 $dpid
wait $dpid 2> /dev/null

# Suspend (freezer test only) during a 25 s delay: the delayed task freezes.
if [ -w /sys/power/pm_test ] && grep -qw freeze /sys/power/state; then
	start pm getppid /tmp/go-pm
	put "syscalls=getppid pid=$pid delay_enter=25000000"
	touch /tmp/go-pm
	wait_for grep -q 'fired=1' $D/rules
	sleep 0.5
	echo freezer > /sys/power/pm_test
	t0=$(ms_now)
	if echo freeze > /sys/power/state 2> /tmp/pm.err; then rc=0; else rc=1; fi
	t1=$(ms_now)
	echo none > /sys/power/pm_test
	expect_eq "suspend (pm_test=freezer) during a delay succeeds ($((t1 - t0)) ms)" 0 "$rc"
	[ -s /tmp/pm.err ] && diag "$(cat /tmp/pm.err)"
	put ""
	kill -9 $pid
	wait $pid 2> /dev/null
else
	skip "suspend (pm_test=freezer) during a delay succeeds" "no pm_test or no freeze state"
fi

expect_eq "end: no rules" "" "$(cat $D/rules)"
tap_done
