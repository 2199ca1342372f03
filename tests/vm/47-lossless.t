#!/bin/bash
# Lossless scopes (tracefs utrace/lossless, utrace-record --lossless):
# the control file refuses bad lines and changes nothing; a getppid
# storm in a 16 KiB buffer while the recorder is stopped loses events
# without --lossless and none with it (the syscall_exit lines equal the
# workload's own count); a process outside the scope runs on meanwhile;
# SIGKILL of the recorder releases the waiting task; a waiting task
# freezes with its cgroup and thaws; a stuck reader costs one timeout.
. "$(dirname "$0")/lib.sh"
R=$UTRACE_REPO/tools/utrace-record/utrace-record
W=$PROGS/ut-lossless
L=$TRACEFS/utrace/lossless
CG=/sys/fs/cgroup
N=20000
if ! have_utrace; then
	skip "lossless scopes" "kernel without utrace events"
	tap_done
fi

# regs: how many registrations there are (of every owner: the test runs alone).
regs() { grep -c '^owner=' $L 2> /dev/null; }
# field KEY LINE: the value of KEY= in a registration line.
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
# wchan_is PID NAME SECS: PID sleeps in NAME within SECS seconds, as its
# kernel stack shows (/proc/PID/wchan is no help with the guest's
# UNWINDER_GUESS: it names the hrtimer_wakeup pointer on the stack).
wchan_is() {
	local i
	for i in $(seq $(($3 * 20))); do
		grep -qE " $2(\.[a-z]+\.[0-9]+)?\+" /proc/$1/stack 2> /dev/null && return 0
		sleep 0.05
	done
	return 1
}
# done_within FILE SECS: FILE has the workload's "calls=" line in time.
done_within() {
	local i
	for i in $(seq $(($2 * 10))); do
		grep -q '^calls=' "$1" 2> /dev/null && return 0
		sleep 0.1
	done
	return 1
}
# wpid_of RECORDER: the pid of its ut-lossless child, once it has exec'ed
# (the held child has that name before: its exe tells).
wpid_of() {
	local i p
	for i in $(seq 100); do
		p=$(pgrep -P "$1" -x ut-lossless) &&
			[ "$(readlink /proc/$p/exe)" = "$(readlink -f $W)" ] &&
			{ echo "$p"; return 0; }
		sleep 0.1
	done
	return 1
}
# write_err FD LINE: the error message of writing LINE to FD ("" if none).
write_err() { { echo "$2" >&"$1"; } 2>&1 | sed 's/.*write error: //'; }

# 1. The control file.
check "utrace/lossless exists" test -e $L
instance_new ll$$
sleep 1000 &
S=$!
exec 3<> $L
echo "instance=ll$$ pid=$S timeout=1000" >&3
line=$(grep "^owner=$$ " $L)
expect_eq "a line: registered with its defaults" \
	"owner=$$ instance=ll$$ pid=$S follow=0 timeout=1000 mark=50 waiting=0 waits=0 timeouts=0 skipped=0 stalled=0" "$line"
for bad in "instance=ll$$ pid=$S:Invalid argument" \
	   "instance=ll$$ timeout=1000:Invalid argument" \
	   "instance=ll$$ pid=$S timeout=1000 bogus=1:Invalid argument" \
	   "instance=ll$$ comm=x follow=1 timeout=1000:Invalid argument" \
	   "instance=ll$$ pid=$S timeout=0:Invalid argument" \
	   "instance=ll$$ pid=$S timeout=600001:Invalid argument" \
	   "instance=ll$$ pid=$S timeout=1000 mark=100:Invalid argument" \
	   "instance=ll$$ pid=$S pid=$S timeout=1000:Invalid argument" \
	   "instance=ll$$ comm=0123456789abcdef timeout=1000:Invalid argument" \
	   "instance=nosuch$$ pid=$S timeout=1000:No such file or directory" \
	   "instance=ll$$ pid=4000000 timeout=1000:No such process"; do
	expect_eq "refused: ${bad%:*}" "${bad##*:}" "$(write_err 3 "${bad%:*}")"
done
expect_eq "refused lines changed nothing" "$line" "$(grep "^owner=$$ " $L)"
echo "instance=ll$$ comm=ut-lossless timeout=2000 mark=80" >&3
expect_eq "a second line replaces the first" \
	"owner=$$ instance=ll$$ comm=ut-lossless timeout=2000 mark=80 waiting=0 waits=0 timeouts=0 skipped=0 stalled=0" \
	"$(grep "^owner=$$ " $L)"
check "the instance cannot be removed while registered" \
	bash -c "! rmdir $INST 2> /dev/null"
exec 3>&-
expect_eq "closed: no registration left" 0 "$(regs)"
kill $S

# 2. storm MODE: a getppid storm in a 16 KiB buffer while the recorder is
# stopped for 3 s, from the workload's first call on.  MODE lossless adds
# --lossless and, during the stop, runs the same workload outside the
# scope.  Sets RC, WPID.
storm() {
	local opts=() rpid
	[ "$1" = lossless ] && opts=(--lossless=300)
	rm -f /tmp/ll.go /tmp/ll.out /tmp/ll.ev
	$R "${opts[@]}" -b 16 -e syscall_exit -e trace=getppid -o /tmp/ll.ev -- \
		$W /tmp/ll.go $N > /tmp/ll.out 2> /tmp/ll.err &
	rpid=$!
	WPID=$(wpid_of $rpid)
	kill -STOP $rpid
	touch /tmp/ll.go
	if [ "$1" = lossless ]; then
		check "lossless: the workload waits for the stopped recorder" \
			wchan_is "$WPID" utrace_lossless_sleep 10
		line=$(grep '^owner=' $L)
		expect_eq "lossless: one task waiting ($line)" 1 "$(field waiting "$line")"
		rm -f /tmp/ll.go2 /tmp/ll.out2
		touch /tmp/ll.go2
		$W /tmp/ll.go2 $N > /tmp/ll.out2 &
		check "lossless: a process outside the scope makes its $N calls meanwhile" \
			done_within /tmp/ll.out2 30
		check "lossless: ... while the one inside still waits" \
			wchan_is "$WPID" utrace_lossless_sleep 1
		expect_eq "lossless: still one task waiting" 1 \
			"$(field waiting "$(grep '^owner=' $L)")"
	else
		sleep 3
	fi
	kill -CONT $rpid
	wait $rpid
	RC=$?
}

storm plain
expect_eq "without --lossless: the recorder's status is the workload's" 0 "$RC"
check "without --lossless: the recorder reports lost events" \
	grep -q '^utrace-record: lost events: [1-9]' /tmp/ll.err
n=$(grep -c ' syscall_exit getppid = ' /tmp/ll.ev)
check "without --lossless: fewer syscall_exit lines ($n) than calls ($N)" test "$n" -lt $N

storm lossless
expect_eq "--lossless: the recorder's status is the workload's" 0 "$RC"
expect_eq "--lossless: the workload made its calls" "calls=$N" "$(cat /tmp/ll.out)"
check "--lossless: no lost events reported" bash -c "! grep -q 'lost events' /tmp/ll.err"
expect_eq "--lossless: one syscall_exit line per call" $N \
	"$(grep -c " syscall_exit getppid = " /tmp/ll.ev)"
expect_eq "--lossless: the registration went with the recorder" 0 "$(regs)"
grep -q 'lost events' /tmp/ll.err && diag "$(cat /tmp/ll.err)"

# 3. SIGKILL of the stopped recorder while the workload waits.
rm -f /tmp/ll.go /tmp/ll.out
$R --lossless=300 -b 16 -e syscall_exit -e trace=getppid -o /dev/null -- \
	$W /tmp/ll.go $N > /tmp/ll.out 2> /tmp/ll.err &
rpid=$!
WPID=$(wpid_of $rpid)
kill -STOP $rpid
touch /tmp/ll.go
check "SIGKILL: the workload waits first" wchan_is "$WPID" utrace_lossless_sleep 10
kill -KILL $rpid
wait $rpid 2> /dev/null
check "SIGKILL of the recorder: the workload finishes (10 s)" done_within /tmp/ll.out 10
expect_eq "SIGKILL of the recorder: no registration left" 0 "$(regs)"
$R --reset > /dev/null 2>&1

# 4. The kernel interface alone, the instance never read: a workload in a
# cgroup= scope freezes with its cgroup while it waits, and thaws.
echo 16 > $INST/buffer_size_kb
enable utrace:utrace_syscall_exit
echo 1 > $INST/tracing_on
mountpoint -q $CG || mount -t cgroup2 none $CG 2> /dev/null
if [ -e $CG/cgroup.procs ] && mkdir $CG/ll$$ 2> /dev/null; then
	rm -f /tmp/ll.go /tmp/ll.out
	$W /tmp/ll.go $N > /tmp/ll.out &
	wpid=$!
	echo $wpid > $CG/ll$$/cgroup.procs
	exec 4<> $L
	echo "instance=ll$$ cgroup=$(stat -c %i $CG/ll$$) timeout=300000" >&4
	touch /tmp/ll.go
	check "cgroup=: the workload waits for the reader" wchan_is $wpid utrace_lossless_sleep 10
	echo 1 > $CG/ll$$/cgroup.freeze
	for _ in $(seq 80); do
		grep -q '^frozen 1' $CG/ll$$/cgroup.events && break
		sleep 0.1
	done
	expect_eq "cgroup freeze while waiting: frozen 1 (8 s)" 1 \
		"$(sed -n 's/^frozen //p' $CG/ll$$/cgroup.events)"
	echo 0 > $CG/ll$$/cgroup.freeze
	for _ in $(seq 80); do
		grep -q '^frozen 0' $CG/ll$$/cgroup.events && break
		sleep 0.1
	done
	expect_eq "thawed: frozen 0" 0 "$(sed -n 's/^frozen //p' $CG/ll$$/cgroup.events)"
	check "thawed: the workload waits again, not gone" wchan_is $wpid utrace_lossless_sleep 10
	exec 4>&-
	check "closed: the workload finishes (10 s)" done_within /tmp/ll.out 10
	wait $wpid
	rmdir $CG/ll$$
else
	for t in "cgroup=: the workload waits" "frozen 1" "thawed: frozen 0" \
		 "thawed: waits again" "closed: finishes"; do
		skip "$t" "no cgroup2"
	done
fi

# 5. A stuck reader: comm= scope, timeout=500.  One wait times out, the
# registration is stalled, the rest of the calls go on without waiting.
rm -f /tmp/ll.go /tmp/ll.out
$W /tmp/ll.go $N > /tmp/ll.out &
wpid=$!
exec 5<> $L
echo "instance=ll$$ comm=ut-lossless timeout=500" >&5
touch /tmp/ll.go
check "timeout=500, nobody reads: the workload finishes (20 s)" done_within /tmp/ll.out 20
wait $wpid
line=$(grep '^owner=' $L)
expect_eq "one wait, timed out, then stalled ($line)" "1 1 1" \
	"$(field waits "$line") $(field timeouts "$line") $(field stalled "$line")"
check "stalled: the later calls were not held ($(field skipped "$line") skipped)" \
	test "$(field skipped "$line")" -gt 0
exec 5>&-
tap_done
