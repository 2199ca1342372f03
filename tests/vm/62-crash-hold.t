#!/bin/bash
# The crash catcher's hold, inside the core dump: what is held (kernel
# faults and signals a process sent itself, dumpable processes, a quota
# per user), one "held" event per hold, other threads stopped so nothing
# changes the outcome, memory that process_mrelease() cannot take, cgroup
# freezing, pidfds, and a release that continues into the kernel's own
# core dump (file or pipe).
. "$(dirname "$0")/lib.sh"
C=$TRACEFS/utrace/crash
X=$PROGS/ut-hold
CP=$PROGS/ut-core-pipe
if [ ! -d $C ]; then
	skip "crash catcher hold" "kernel without CONFIG_UTRACE_CRASH_CATCHER"
	tap_done
fi
SCALE=${UTRACE_TIME_SCALE:-1}
HOLD_MS=$((20000 * SCALE))
rm -f /tmp/core.*

# gone PID: PID has exited (zombie or reaped)
gone() {
	[ ! -e /proc/$1/stat ] ||
		[ "$(sed -E 's/^.*\) (.).*/\1/' /proc/$1/stat 2>/dev/null)" = Z ]
}
# held_or_gone PID: print "held" or "gone", whichever PID is first within
# 10 s (scaled); a held PID is then released with core
held_or_gone() {
	local i
	for i in $(seq $((100 * SCALE))); do
		if [ -n "$(hold_id $1)" ]; then
			echo held
			echo "$(hold_id $1) core" > $C/release
			return
		fi
		gone $1 && { echo gone; return; }
		sleep 0.1
	done
	echo neither
}
# start ARGS...: run ut-hold ARGS in the background, wait for its child
# to be ready; sets CHILD, TIDS, OUTF, BG
start() {
	OUTF=/tmp/hold.$RANDOM
	$X "$@" > $OUTF &
	BG=$!
	CHILD=""
	for _ in $(seq $((50 * SCALE))); do
		grep -q '^ready$' $OUTF && break
		sleep 0.1
	done
	CHILD=$(sed -n 's/^child=//p' $OUTF)
	TIDS=$(sed -n 's/^tids=//p' $OUTF)
}
# finish [BG OUTF]: wait for ut-hold, set OUT to how its child ended
finish() {
	wait ${1:-$BG}
	OUT=$(sed -n 's/^\(termsig\|exit\)/&/p' ${2:-$OUTF})
}
# held_events PID: how many utrace_signal events said PID was held
held_events() { grep -cE " utrace_signal: pid=$1 .*engine=held( |$)" "$INST/trace"; }
# states PID: the states of PID's threads other than PID, one word
states() {
	local t
	for t in /proc/$1/task/*; do
		[ "${t##*/}" = "$1" ] && continue
		sed -E 's/^.*\) (.).*/\1/' $t/stat
	done | tr -d '\n'
}
# switches PID: the sum of the context switches of PID's other threads
switches() {
	local t
	for t in /proc/$1/task/*; do
		[ "${t##*/}" = "$1" ] && continue
		sed -n 's/^\(non\)\{0,1\}voluntary_ctxt_switches:\s*//p' $t/status
	done | awk '{ s += $1 } END { print s + 0 }'
}
vmrss() { sed -n 's/^VmRSS:\s*\([0-9]*\) kB/\1/p' /proc/$1/status; }
# sorted LIST: a comma-separated list sorted numerically
sorted() { tr ',' '\n' <<< "$1" | sort -n | paste -sd,; }

echo 1 > $C/enable
echo $HOLD_MS > $C/timeout_ms
echo 16 > $C/max_held
instance_new hold$$
enable utrace:utrace_signal
echo 1 > "$INST/tracing_on"

# 1. Held: faults the kernel raised and signals the process sent itself.
# Exactly one "held" event per hold, from the moment it is held.
for m in segv:11:1 ill:4:2 fpe:8:1 bus:7:2 abort:6:-6 raise:11:-6 killself:11:0; do
	mode=${m%%:*} sig=${m#*:} code=${m##*:}
	sig=${sig%:*}
	start $mode
	line=$(held_line $CHILD)
	expect_eq "$mode: held as sig=$sig code=$code" "sig=$sig code=$code" \
		"$(grep -oE 'sig=[0-9]+ code=-?[0-9]+' <<< "$line")"
	for _ in $(seq $((20 * SCALE))); do
		[ "$(held_events $CHILD)" -gt 0 ] && break
		sleep 0.1
	done
	expect_eq "$mode: one utrace_signal event says held" 1 "$(held_events $CHILD)"
	id=$(hold_id $CHILD)
	[ -n "$id" ] && echo "$id kill" > $C/release
	finish
	expect_eq "$mode: released with kill: same signal, no core" \
		"termsig=$sig core=0" "$OUT"
	expect_eq "$mode: still one held event after the release" 1 "$(held_events $CHILD)"
done

# 2. Not held: core signals sent by another process (they dump core at
# once, as without the catcher, and are not refusals), and a process that
# would not dump core.
r0=$(cat $C/refused)
start sleep
kill -SEGV $CHILD
expect_eq "kill -SEGV from another process: not held" gone "$(held_or_gone $CHILD)"
finish
expect_eq "kill -SEGV from another process: dumps core at once" "termsig=11 core=1" "$OUT"
expect_eq "kill -SEGV from another process: no held event" 0 "$(held_events $CHILD)"
check "kill -SEGV from another process: core file written" test -s /tmp/core.$CHILD
start -t 2 sleep
tid=${TIDS#*,}
expect_eq "tgkill(SIGABRT) of a sibling thread from another process: sent" "tgkill=0" \
	"$($X tgkill $CHILD $tid 6)"
expect_eq "tgkill(SIGABRT) from another process: not held" gone "$(held_or_gone $CHILD)"
finish
expect_eq "tgkill(SIGABRT) from another process: dumps core at once" "termsig=6 core=1" "$OUT"
expect_eq "tgkill(SIGABRT) from another process: no held event" 0 \
	"$(($(held_events $CHILD) + $(held_events $tid)))"
# si_pid is what a sigqueue sender claims: claiming the target's own pid
# does not make a signal from outside self-sent.
start sleep
expect_eq "rt_sigqueueinfo(SIGSEGV) from another process claiming si_pid=target: sent" \
	"sigqueue=0" "$($X sigqueue $CHILD 11 $CHILD)"
expect_eq "forged self-sent SIGSEGV from another process: not held" gone "$(held_or_gone $CHILD)"
finish
expect_eq "forged self-sent SIGSEGV from another process: dumps core at once" \
	"termsig=11 core=1" "$OUT"
expect_eq "forged self-sent SIGSEGV from another process: no held event" 0 "$(held_events $CHILD)"
expect_eq "signals from outside are not counted as refused" "$r0" "$(cat $C/refused)"
start nodump
expect_eq "non-dumpable process (PR_SET_DUMPABLE 0): not held" gone "$(held_or_gone $CHILD)"
finish
expect_eq "non-dumpable process: dies by its SIGSEGV without a core" "termsig=11 core=0" "$OUT"
expect_eq "non-dumpable process: no held event" 0 "$(held_events $CHILD)"
rm -f /tmp/core.*

# 3. During a hold nothing of the process runs: its other threads are
# stopped for the dump, and mm treats it as dumping.
start sleep
expect_eq "control: process_mrelease as uid 65534 on a live process: EINVAL" \
	"mrelease=-1 errno=22" "$($X mrelease $CHILD)"
kill -KILL $CHILD
finish
start -t 3 -m 64 segv
buf=$(sed -n 's/^buf=\([0-9a-fx]*\) .*/\1/p' $OUTF)
len=$(sed -n 's/^buf=.* len=//p' $OUTF)
held_line $CHILD > /dev/null
st1=$(states $CHILD) sw1=$(switches $CHILD)
sleep 0.5
st2=$(states $CHILD) sw2=$(switches $CHILD)
check "held: both other threads stopped in the exit path (state I or D: $st1, $st2)" \
	eval '[[ "$st1$st2" =~ ^[ID]{4}$ ]]'
expect_eq "held: the other threads do not run (context switches over 0.5 s)" "$sw1" "$sw2"
rss0=$(vmrss $CHILD)
check "held: 64 MiB resident (VmRSS $rss0 kB)" test "${rss0:-0}" -ge 65536
$X pidfd $CHILD > /tmp/pidfd.out &
pfd=$!
for _ in $(seq $((50 * SCALE))); do [ -s /tmp/pidfd.out ] && break; sleep 0.1; done
expect_eq "pidfd_open of the held process: it is alive, not exited, the same pid" \
	"signal0=0 poll=0 fdpid=$CHILD" "$(head -1 /tmp/pidfd.out | cut -d' ' -f2-)"
expect_eq "process_mrelease as uid 65534 on the held process: EINVAL" \
	"mrelease=-1 errno=22" "$($X mrelease $CHILD)"
expect_eq "after process_mrelease: VmRSS unchanged" "$rss0" "$(vmrss $CHILD)"
expect_eq "after process_mrelease: the handler reads the memory through /proc/PID/mem" \
	"peek=ok" "$($X peek $CHILD $buf $len)"
check "still held" test -n "$(hold_id $CHILD)"
echo "$(hold_id $CHILD) core" > $C/release
finish
expect_eq "released with core: SIGSEGV with core" "termsig=11 core=1" "$OUT"
wait $pfd
expect_eq "after release and reap: the pidfd says the process is gone" \
	"signal0=errno 3 poll=1 fdpid=-1" "$(sed -n 2p /tmp/pidfd.out | cut -d' ' -f2-)"
core=$($CP count /tmp/core.$CHILD)
expect_eq "the core has all three threads, the crashing one first with SIGSEGV" \
	"prstatus=3 cursig=11 pids=$(sorted "$TIDS")" \
	"$(sed -E 's/ bytes=.*//' <<< "$core" | { read -r a b c; echo "$a $b pids=$(sorted "${c#pids=}")"; })"
check "the core's first thread is the one that crashed" grep -q "pids=$CHILD," <<< "$core"
rm -f /tmp/core.*

# 4. A sibling that would act 200 ms after the crash never runs: the
# outcome is the same with the catcher off and on (released with core).
for a in dumpable0 rlimit0 write exit; do
	echo 0 > $C/enable
	rm -f /tmp/mark.$a.*
	start -t 2 -m 1 -a $a -f /tmp/mark.$a.off segv
	finish
	off=$OUT
	expect_eq "$a: catcher off: SIGSEGV with core" "termsig=11 core=1" "$off"
	check "$a: catcher off: the sibling never acted" test ! -e /tmp/mark.$a.off
	echo 1 > $C/enable
	echo $HOLD_MS > $C/timeout_ms
	start -t 2 -m 1 -a $a -f /tmp/mark.$a.on segv
	buf=$(sed -n 's/^buf=\([0-9a-fx]*\) .*/\1/p' $OUTF)
	held_line $CHILD > /dev/null
	sleep $((1 * SCALE))
	check "$a: held 1 s: the sibling never acted" test ! -e /tmp/mark.$a.on
	[ $a = write ] && expect_eq "write: held: memory unchanged" "peek=ok" \
		"$($X peek $CHILD $buf 1048576)"
	id=$(hold_id $CHILD)
	[ -n "$id" ] && echo "$id core" > $C/release
	finish
	expect_eq "$a: catcher on, released with core: as with the catcher off" "$off" "$OUT"
	rm -f /tmp/core.*
done

# 5. Holds per real uid: max_held_per_user (1..4096, default 4); beyond
# it a crash is refused (counted, core at once, no held event), other
# users' crashes are still held.
expect_eq "max_held_per_user: default 4" 4 "$(cat $C/max_held_per_user 2>&1)"
refused() {	# refused FILE VALUE
	if echo "$2" 2>/dev/null > $C/$1; then not_ok "write '$2' to $1 refused"
	else ok "write '$2' to $1 refused"; fi
}
refused max_held_per_user 0
refused max_held_per_user 4097
refused max_held_per_user abc
check "max_held_per_user accepts max_held" sh -c "echo $(cat $C/max_held) 2>/dev/null > $C/max_held_per_user"
echo 4 2>/dev/null > $C/max_held_per_user
expect_eq "max_held_per_user: 4 again" 4 "$(cat $C/max_held_per_user 2>&1)"
r0=$(cat $C/refused)
bgs=() outs=() kids=()
for i in 1 2 3 4; do
	start -u 65534 segv
	bgs+=($BG) outs+=($OUTF) kids+=($CHILD)
	check "uid 65534: crash $i of 4 held" test -n "$(held_line $CHILD)"
done
start -u 65534 segv
expect_eq "uid 65534: a fifth crash is not held" gone "$(held_or_gone $CHILD)"
finish
expect_eq "uid 65534: the fifth crash dumps core at once" "termsig=11 core=1" "$OUT"
expect_eq "uid 65534: the refusal is counted" $((r0 + 1)) "$(cat $C/refused)"
expect_eq "uid 65534: no held event for the refused crash" 0 "$(held_events $CHILD)"
start segv
check "root's crash is still held" test -n "$(held_line $CHILD)"
bgs+=($BG) outs+=($OUTF) kids+=($CHILD)
for i in "${!kids[@]}"; do
	id=$(hold_id ${kids[$i]})
	[ -n "$id" ] && echo "$id kill" > $C/release
	finish ${bgs[$i]} ${outs[$i]}
	expect_eq "quota: hold $((i + 1)) released with kill" "termsig=11 core=0" "$OUT"
done
echo 1 2>/dev/null > $C/max_held_per_user
start -u 65534 segv
first=$CHILD firstbg=$BG firstout=$OUTF
held_line $first > /dev/null
start -u 65534 segv
expect_eq "max_held_per_user 1: a second crash of the same user is not held" \
	gone "$(held_or_gone $CHILD)"
finish
echo "$(hold_id $first) kill" > $C/release
finish $firstbg $firstout
echo 4 2>/dev/null > $C/max_held_per_user
rm -f /tmp/core.*

# 6. A cgroup v2 freeze freezes a held process and thaws it held.
CG=/sys/fs/cgroup
mountpoint -q $CG || mount -t cgroup2 none $CG 2>/dev/null
if [ -e $CG/cgroup.procs ] && mkdir $CG/hold$$ 2>/dev/null; then
	echo $BASHPID > $CG/hold$$/cgroup.procs	# ut-hold and its child start inside
	start -t 3 segv
	echo $BASHPID > $CG/cgroup.procs
	held_line $CHILD > /dev/null
	echo 1 > $CG/hold$$/cgroup.freeze
	check "cgroup freeze during a hold: frozen 1" frozen_is $CG/hold$$ 1
	check "frozen: still listed in held" test -n "$(hold_id $CHILD)"
	sleep $((1 * SCALE))
	expect_eq "frozen: all three threads still there" 3 "$(ls /proc/$CHILD/task | wc -l)"
	echo 0 > $CG/hold$$/cgroup.freeze
	check "thawed: frozen 0" frozen_is $CG/hold$$ 0
	check "thawed: still held" test -n "$(hold_id $CHILD)"
	expect_eq "thawed: all three threads still there" 3 "$(ls /proc/$CHILD/task | wc -l)"
	id=$(hold_id $CHILD)
	[ -n "$id" ] && echo "$id core" > $C/release
	finish
	expect_eq "thawed, released with core: SIGSEGV with core" "termsig=11 core=1" "$OUT"
	core=$($CP count /tmp/core.$CHILD)
	expect_eq "thawed, released with core: every thread in the core" \
		"prstatus=3 pids=$(sorted "$TIDS")" \
		"$(sed -E 's/.*(prstatus=[0-9]+).* pids=([0-9,]*).*/\1 \2/' <<< "$core" |
		   { read -r a b; echo "$a pids=$(sorted "$b")"; })"
	rmdir $CG/hold$$
	rm -f /tmp/core.*
else
	skip "cgroup v2 freeze during a hold" "no cgroup2 here"
fi

# 7. The release continues into the kernel's own core dump: a pipe
# helper with core_pipe_limit gets the same core, with every thread, and
# the process the same wait status, as without the catcher.
PC=/tmp/pipecores
mkdir -p $PC
pattern=$(cat /proc/sys/kernel/core_pattern)
limit=$(cat /proc/sys/kernel/core_pipe_limit)
echo "|$CP pipe $PC %p" > /proc/sys/kernel/core_pattern
echo 1 > /proc/sys/kernel/core_pipe_limit
# summary PID: the helper's summary of PID's core, waited for up to 5 s
summary() {
	local i
	for i in $(seq $((50 * SCALE))); do
		[ -s $PC/summary.$1 ] && break
		sleep 0.1
	done
	sed -E 's/ bytes=.*//' $PC/summary.$1 2>/dev/null |
		{ read -r a b c; echo "$a $b pids=$(sorted "${c#pids=}")"; }
}
echo 0 > $C/enable
start -t 3 segv
finish
off=$OUT
expect_eq "pipe, catcher off: SIGSEGV with core" "termsig=11 core=1" "$off"
expect_eq "pipe, catcher off: the helper got 3 threads" \
	"prstatus=3 cursig=11 pids=$(sorted "$TIDS")" "$(summary $CHILD)"
echo 1 > $C/enable
echo $HOLD_MS > $C/timeout_ms
start -t 3 segv
held_line $CHILD > /dev/null
check "pipe, catcher on: no core piped while held" test ! -e $PC/summary.$CHILD
id=$(hold_id $CHILD)
[ -n "$id" ] && echo "$id core" > $C/release
finish
expect_eq "pipe, released with core: wait status as with the catcher off" "$off" "$OUT"
expect_eq "pipe, released with core: the helper got the same 3 threads" \
	"prstatus=3 cursig=11 pids=$(sorted "$TIDS")" "$(summary $CHILD)"
start -t 3 segv
held_line $CHILD > /dev/null
id=$(hold_id $CHILD)
[ -n "$id" ] && echo "$id kill" > $C/release
finish
expect_eq "pipe, released with kill: SIGSEGV without core" "termsig=11 core=0" "$OUT"
sleep $((1 * SCALE))
check "pipe, released with kill: the helper never ran" test ! -e $PC/summary.$CHILD
echo "$pattern" > /proc/sys/kernel/core_pattern
echo "$limit" > /proc/sys/kernel/core_pipe_limit
rm -rf $PC /tmp/core.*

# 8. The OOM killer kills a held process it chooses (SIGKILL ends the
# hold) instead of reaping its memory while it stays held.  The held
# process is made the first victim (oom_score_adj 1000), the test and the
# ut-hold parents the last (-900).  The OOM report's stack dump is kept
# off the console, which tests/vm/run scans for "Call Trace:"; this
# section scans the kernel log it adds for warnings itself.
if [ -w /proc/sys/kernel/printk ] && [ -w /proc/self/oom_score_adj ]; then
	printk=$(cut -f1 /proc/sys/kernel/printk)
	echo -900 > /proc/$BASHPID/oom_score_adj
	echo $((120000 * SCALE)) > $C/timeout_ms	# twice the wait below
	start -m 64 -o 1000 segv
	held_line $CHILD > /dev/null
	mark=$(kmsg_mark oom-held)
	echo 1 > /proc/sys/kernel/printk
	$X -o 0 hog > /tmp/hog.out &
	hogbg=$!
	# Until the held process is gone or the hog was killed too (how long
	# the hog takes to fill memory depends on the host's load): an old
	# kernel reaps the held process, the hog then takes that memory and is
	# killed next, while the process stays held until the timeout.
	end=$((SECONDS + 100 * SCALE))
	while [ $SECONDS -lt $end ] && ! gone $CHILD && kill -0 $hogbg 2> /dev/null; do
		sleep 0.2
	done
	end=$((SECONDS + 5 * SCALE))	# a SIGKILLed process may still be exiting
	while [ $SECONDS -lt $end ] && ! gone $CHILD; do sleep 0.2; done
	check "OOM: the held process the OOM killer chose ends before the hog (hold 120 s, scaled)" gone $CHILD
	id=$(hold_id $CHILD)
	[ -n "$id" ] && echo "$id kill" > $C/release
	kill -KILL "$(sed -n 's/^child=//p' /tmp/hog.out)" 2>/dev/null
	wait $hogbg
	finish
	expect_eq "OOM: the held process died by SIGKILL, without a core" "termsig=9 core=0" "$OUT"
	kmsg_since "$mark" > /tmp/oom.kmsg
	expect_eq "OOM: the kernel log still holds the mark written before" 0 $?
	check "OOM: the kernel log says the OOM killer killed it" \
		grep -q "Killed process $CHILD " /tmp/oom.kmsg
	echo "$printk" > /proc/sys/kernel/printk
	echo 0 > /proc/$BASHPID/oom_score_adj
	echo $HOLD_MS > $C/timeout_ms
	expect_eq "OOM: no kernel warning while the console was quiet" "" \
		"$(grep -E 'WARNING:|BUG:|Oops|circular locking|inconsistent lock state|lockdep|KASAN:|UBSAN' /tmp/oom.kmsg)"
else
	skip "OOM killer and a held process" "no /proc/sys/kernel/printk or oom_score_adj"
fi

echo 0 > $C/enable
expect_eq "catcher off: no engine left" 0 "$(status_field engines)"
tap_done
