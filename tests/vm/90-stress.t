#!/bin/bash
# Stress: ut-storm (worker processes with sibling threads, forks, execs of
# a static binary, handled, ignored, stop/continue and fatal signals,
# crashes) runs while every utrace event in two tracefs instances, syscall
# fault injection on getppid and the crash catcher are switched on and off
# a few hundred times, in a random order (the seed is printed; set
# UTRACE_STRESS_SEED to repeat a run).
#
# After every switch the status file must say exactly what is on: flags,
# per-bit event users, engines, and the syscall work bit on every thread
# or on none.  The storm checks each child's wait status and each getppid
# result itself.  At the end everything must be off, nothing held, no
# storm process left, and nothing leaked (see "Leaks" below).
#
# Run it in a boot of its own with tests/vm/run --single-thread (see there).
. "$(dirname "$0")/lib.sh"
S=$TRACEFS/utrace
C=$S/crash
D=/sys/kernel/debug/fail_utrace_syscall
ROUNDS=${UTRACE_STRESS_ROUNDS:-300}
SEED=${UTRACE_STRESS_SEED:-$((SRANDOM % 32768))}
HOLD_EVERY=60		# every HOLD_EVERY rounds, wait for a held crash
ERRNO=77		# EBADFD: getppid never fails so on its own
FAULT_RULE="syscalls=getppid comm=ut-storm error=$ERRNO"
EVENTS=$(utrace_names clone vfork_done exec exit death reap syscall_entry syscall_exit signal jctl)

if ! have_utrace || [ ! -d $C ] || [ ! -e $D/rules ]; then
	skip "utrace stress" "kernel without utrace events, crash catcher or fault injection"
	tap_done
fi
RANDOM=$SEED
diag "seed $SEED, $ROUNDS rounds"
cp $PROGS/ut-true /tmp/ut-true

# read_status: the status file into ST_*, without forking.  It is read
# whole in one go: a seq_file regenerates its text on every seek, and
# bash's line reads seek back, so line by line the thread counts could
# come from different moments.
read_status() {
	local all line
	ST_FLAGS="" ST_USERS="" ST_ENGINES="" ST_THREADS="" ST_WORK=""
	IFS= read -r -d '' all < $S/status
	while IFS= read -r line; do
		case $line in
		"flags: "*) ST_FLAGS=${line#flags: }; ST_FLAGS=${ST_FLAGS%% *} ;;
		"event_users: "*) ST_USERS=${line#event_users: } ;;
		"engines: "*) ST_ENGINES=${line#engines: } ;;
		"threads: "*) ST_THREADS=${line#threads: } ;;
		"syscall_work_threads: "*) ST_WORK=${line#syscall_work_threads: } ;;
		esac
	done <<< "$all"
}
# nap SECONDS: sleep without forking (a read that times out on a FIFO
# nobody writes).
mkfifo /tmp/nap
exec {NAP}<> /tmp/nap
nap() { read -r -t "$1" -u $NAP; }

# user_threads: threads of user processes (kernel threads come and go).
user_threads() {
	local f s n=0
	for f in /proc/[0-9]*/stat; do
		s=$(< "$f") 2>/dev/null || continue
		set -- ${s##*) }
		# $7 is flags (PF_KTHREAD 0x00200000), $18 num_threads
		[ $(($7 & 0x00200000)) -eq 0 ] && n=$((n + ${18}))
	done
	echo $n
}
storm_procs() { grep -lxE 'ut-storm|ut-true' /proc/[0-9]*/comm 2>/dev/null | wc -l; }
unreclaimable_kb() { sed -n 's/^SUnreclaim: *\([0-9]*\) kB/\1/p' /proc/meminfo; }
# settle: let RCU free what exiting tasks left and drop the page cache.
settle() { sync; echo 3 > /proc/sys/vm/drop_caches; sleep 2; }

A=$TRACEFS/instances/stressA$$
B=$TRACEFS/instances/stressB$$
cleanup() {
	local i
	echo > $D/rules 2>/dev/null
	echo 0 > $C/enable 2>/dev/null
	for i in $A $B; do
		[ -d $i ] || continue
		echo > $i/set_event
		rmdir $i
	done
}
trap cleanup EXIT
for i in $A $B; do
	mkdir $i && echo 64 > $i/buffer_size_kb && echo 1 > $i/tracing_on
done

echo 0 > $D/verbose	# a failure report is a stack dump on the console
echo 30 > $D/probability
echo 1 > $D/interval
echo -1 > $D/times
echo 0 > $D/task-filter
echo 20 > $C/timeout_ms

# What each switch turns on, learnt one at a time: BITS[event], the
# fault and crash engines' bits, and the bit names in event_users order.
declare -A BITS ON_A ON_B
all=0
for e in $EVENTS; do
	echo 1 > $A/events/utrace/$e/enable
	read_status
	BITS[$e]=$((ST_FLAGS))
	all=$((all | BITS[$e]))
	echo 0 > $A/events/utrace/$e/enable
	ON_A[$e]=0 ON_B[$e]=0
done
echo "$FAULT_RULE" > $D/rules; read_status; FAULT_BITS=$((ST_FLAGS)); echo > $D/rules
echo 1 > $C/enable; read_status; CRASH_BITS=$((ST_FLAGS)); echo 0 > $C/enable
SYSCALL_BITS=$((BITS[utrace_syscall_entry] | BITS[utrace_syscall_exit]))
read -ra USER_NAMES <<< "$(echo "$ST_USERS" | sed 's/=[0-9]*//g')"
echo 'utrace:*' > $A/set_event; read_status; echo > $A/set_event
expect_eq "every event alone sets its own bits; together, their union" \
	"$(printf 0x%04x $all)" "$ST_FLAGS"
check "fault engine wants syscall entry, crash catcher core signals" \
	test $((FAULT_BITS & SYSCALL_BITS)) -ne 0 -a $CRASH_BITS -ne 0
fault_on=0 crash_on=0

# expected: what status must say for the switches as they are now.
expected() {
	local e flags=0 i n users=""
	for e in $EVENTS; do
		((ON_A[$e] || ON_B[$e])) && flags=$((flags | BITS[$e]))
	done
	((fault_on)) && flags=$((flags | FAULT_BITS))
	((crash_on)) && flags=$((flags | CRASH_BITS))
	printf -v EX_FLAGS 0x%04x $flags
	EX_ENGINES=$((fault_on + crash_on))
	EX_SYSCALL=$((flags & SYSCALL_BITS))
	# a tracepoint counts once however many instances enable it
	for i in "${!USER_NAMES[@]}"; do
		n=0
		for e in $EVENTS; do
			((ON_A[$e] || ON_B[$e])) && (((BITS[$e] >> (i + 1)) & 1)) && n=$((n + 1))
		done
		users="$users ${USER_NAMES[$i]}=$n"
	done
	EX_USERS=${users# }
}

bad_flags=0 bad_users=0 bad_engines=0 bad_work=0 bad_writes=0 bad_holds=0
declare -A FIRST
note_bad() {	# note_bad COUNTER MESSAGE: count, keep the first message
	eval "$1=\$(($1 + 1))"
	[ -n "${FIRST[$1]}" ] || FIRST[$1]="round $round: $2"
}
first() { [ -z "${FIRST[$1]}" ] || diag "first: ${FIRST[$1]}"; }
# w VALUE FILE: a switch; it must be accepted.
w() { echo "$1" > "$2" || note_bad bad_writes "write '$1' to $2 failed"; }
verify() {
	expected
	read_status
	[ "$ST_FLAGS" = "$EX_FLAGS" ] ||
		note_bad bad_flags "flags $ST_FLAGS, expected $EX_FLAGS"
	[ "$ST_USERS" = "$EX_USERS" ] ||
		note_bad bad_users "event_users '$ST_USERS', expected '$EX_USERS'"
	[ "$ST_ENGINES" = "$EX_ENGINES" ] ||
		note_bad bad_engines "engines $ST_ENGINES, expected $EX_ENGINES"
	if ((EX_SYSCALL)); then
		[ "$ST_WORK" = "$ST_THREADS" ] ||
			note_bad bad_work "work bit on $ST_WORK of $ST_THREADS threads"
	else
		[ "$ST_WORK" = 0 ] || note_bad bad_work "work bit on $ST_WORK threads, none wanted"
	fi
}
set_all() {	# set_all A|B 0|1
	local e
	for e in $EVENTS; do eval "ON_$1[$e]=$2"; done
}
# wait_held: up to 20 s for a held storm crash, checked and released.
holds_seen=0
wait_held() {
	local i line pid
	for i in $(seq 400); do
		line=""
		read -r line < $C/held
		if [ -n "$line" ]; then
			pid=${line#pid=}; pid=${pid%% *}
			# segv, mt_segv and kill_crasher children, or abort
			[[ $line =~ \ comm=ut-storm\ sig=(11|6)\  ]] ||
				{ note_bad bad_holds "unexpected held task: $line"; return 1; }
			# It may have timed out or been killed meanwhile: ESRCH is fine.
			if ((RANDOM & 1)); then
				echo "$pid kill" > $C/release 2>/dev/null
			else
				echo "$pid core" > $C/release 2>/dev/null
			fi
			return 0
		fi
		nap 0.05
	done
	note_bad bad_holds "nothing held within 20 s"
	return 1
}

# A short storm with everything on first, so that caches are as warm
# before the measured storm as after it.
echo 'utrace:*' > $A/set_event; echo 1 > $B/events/utrace/enable
echo "$FAULT_RULE" > $D/rules; echo 1 > $C/enable
$PROGS/ut-storm -x /tmp/ut-true -e $ERRNO -d 3 > /tmp/warmup.out 2>&1
echo > $A/set_event; echo 0 > $B/events/utrace/enable
echo > $D/rules; echo 0 > $C/enable
diag "warm-up storm: $(grep -E '^(mismatches|exit|segv)=' /tmp/warmup.out | tr '\n' ' ')"
settle
threads0=$(user_threads)
slab0=$(unreclaimable_kb)

start=$(date +%s)
# Niced, so that the switches do not wait behind a dozen storm threads;
# the storm still has every cycle the switches leave.
nice -n 10 $PROGS/ut-storm -x /tmp/ut-true -w 4 -t 2 -e $ERRNO -d 400 \
	> /tmp/storm.out 2> /tmp/storm.err &
storm=$!
for _ in $(seq 100); do
	grep -q '^started=' /tmp/storm.out && break
	sleep 0.1
done
check "storm started" grep -q '^started=' /tmp/storm.out

# Switches by number; the time each takes (with its status check) is
# summed per kind.
NAMES=(A-all-on A-all-off B-all-on B-all-off A-one A-one B-one fault-on
	fault-off crash-on crash-off crash-timeout release)
declare -A US N
hold_checks=0
for ((round = 1; round <= ROUNDS; round++)); do
	r=$((RANDOM % 13))
	t0=${EPOCHREALTIME/./}
	case $r in
	0) w 'utrace:*' $A/set_event; set_all A 1 ;;
	1) w '' $A/set_event; set_all A 0 ;;
	2) w 1 $B/events/utrace/enable; set_all B 1 ;;
	3) w 0 $B/events/utrace/enable; set_all B 0 ;;
	4 | 5) set -- $EVENTS; shift $((RANDOM % 10)); v=$((RANDOM & 1))
	   w $v $A/events/utrace/$1/enable; ON_A[$1]=$v ;;
	6) set -- $EVENTS; shift $((RANDOM % 10)); v=$((RANDOM & 1))
	   w $v $B/events/utrace/$1/enable; ON_B[$1]=$v ;;
	7) w "$FAULT_RULE" $D/rules; fault_on=1 ;;
	8) w '' $D/rules; fault_on=0 ;;
	9) w 1 $C/enable; crash_on=1 ;;
	10) w 0 $C/enable; crash_on=0 ;;
	11) w $((5 + RANDOM % 96)) $C/timeout_ms ;;
	12) read -r line < $C/held
	    pid=${line#pid=}; pid=${pid%% *}
	    [ -n "$line" ] && echo "$pid kill" > $C/release 2>/dev/null ;;
	esac
	verify
	n=${NAMES[$r]}
	US[$n]=$((${US[$n]:-0} + ${EPOCHREALTIME/./} - t0))
	N[$n]=$((${N[$n]:-0} + 1))
	if [ $((round % HOLD_EVERY)) -eq 0 ]; then
		w 1 $C/enable; crash_on=1
		hold_checks=$((hold_checks + 1))
		wait_held && holds_seen=$((holds_seen + 1))
	fi
done
times=""
for n in "${!N[@]}"; do
	times="$times $n=${N[$n]}x$((US[$n] / N[$n] / 1000))ms"
done
diag "switches (count x mean time):$times"
diag "$ROUNDS switches took $(( $(date +%s) - start ))s"

# Everything off, then stop the storm.
w '' $A/set_event; w '' $B/set_event; set_all A 0; set_all B 0
w '' $D/rules; fault_on=0
w 0 $C/enable; crash_on=0
verify
kill -TERM $storm
wait $storm
storm_rc=$?
diag "storm: $(grep -vE '^(started|stuck|mismatches)=' /tmp/storm.out | tr '\n' ' ')"
diag "storm ran $(( $(date +%s) - start ))s"

expect_eq "flags matched the switches after every round" "0 of $ROUNDS" "$bad_flags of $ROUNDS"
first bad_flags
expect_eq "event_users matched after every round" "0 of $ROUNDS" "$bad_users of $ROUNDS"
first bad_users
expect_eq "engines matched after every round" "0 of $ROUNDS" "$bad_engines of $ROUNDS"
first bad_engines
expect_eq "syscall work bit on every thread or none, after every round" \
	"0 of $ROUNDS" "$bad_work of $ROUNDS"
first bad_work
expect_eq "every switch was accepted" 0 "$bad_writes"
first bad_writes
expect_eq "the catcher held a storm crash each time it was waited for" \
	"$hold_checks" "$holds_seen"
first bad_holds

expect_eq "storm exited normally, no worker stuck" "0 stuck=0" \
	"$storm_rc $(grep '^stuck=' /tmp/storm.out)"
expect_eq "every wait status and getppid result as without tracing (warm-up, storm)" \
	"mismatches=0 mismatches=0" "$(cat /tmp/warmup.out /tmp/storm.out | grep '^mismatches=' | tr '\n' ' ' | sed 's/ $//')"
grep -h '^ut-storm:' /tmp/warmup.out /tmp/storm.err | head -5 | sed 's/^/# /'
never=$(grep -E '^[a-z_]+=0$' /tmp/storm.out | grep -vE '^(stuck|mismatches)=' | tr '\n' ' ')
expect_eq "every kind of child operation ran" "" "$never"
check "fault injection failed some of the storm's getppid calls" \
	test "$(sed -n 's/^getppid_injected=//p' /tmp/storm.out)" -gt 0
check "sibling threads handled SIGUSR1" \
	test "$(sed -n 's/^usr1_handled=//p' /tmp/storm.out)" -gt 0
for i in $A $B; do
	check "instance $(basename $i) recorded storm events" \
		grep -qE '^ *ut-(storm|true)-[0-9]+ +\[' $i/trace
done

read_status
expect_eq "end: flags" "0x0000" "$ST_FLAGS"
expect_eq "end: no thread has the syscall work bit" 0 "$ST_WORK"
expect_eq "end: no engine" 0 "$ST_ENGINES"
expect_eq "end: nothing held" "" "$(cat $C/held)"
expect_eq "end: no storm process alive" 0 "$(storm_procs)"

# Leaks.  Every task the storm made is gone: the user threads are the
# same as before it, exactly (a task kept by a missing release, a held
# crash never let go or an unreaped zombie stays in this count).  Memory
# that would outlive its task (task_struct, signal and sighand structs,
# pids, the catcher's hold records) is unreclaimable slab: the storm
# creates thousands of tasks, so a per-task leak of even a few hundred
# bytes grows SUnreclaim by megabytes, while the noise (empty slabs kept
# on partial lists) stays under LEAK_KB.  Engines attached and detached a
# few hundred times are too small to see this way; "engines" above counts
# them.
LEAK_KB=1024
settle
threads1=$(user_threads)
slab1=$(unreclaimable_kb)
tasks=$(awk -F= '/^(exit|exec|vfork_exec|thread_exec|segv|abort|mt_segv|term|handled|ignored|stopcont|kill_crasher|getppid|threads_started)=/ {n += $2} END {print n}' /tmp/storm.out)
diag "user threads $threads0 -> $threads1; SUnreclaim $slab0 -> $slab1 kB after $tasks child tasks"
expect_eq "no user thread left over" "$threads0" "$threads1"
if grep -q ' kasan_report$' /proc/kallsyms; then
	# Freed objects wait in KASAN's quarantine (up to 1/32 of memory),
	# still counted as slab.
	skip "SUnreclaim did not grow" "KASAN quarantine holds freed slab objects"
else
	check "SUnreclaim grew by less than $LEAK_KB kB ($((slab1 - slab0)) kB)" \
		test $((slab1 - slab0)) -lt $LEAK_KB
fi

tap_done
