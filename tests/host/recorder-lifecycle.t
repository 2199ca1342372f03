#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record's life cycle on the host kernel (compat mode), TAP:
# instances left by a killed recorder (--reset), signals forwarded to
# the command, the whole process tree recorded (child subreaper), -p
# ending with its process, a closed output pipe.  Needs root and
# tracefs; skips everything when tracefs cannot be used.  The EXIT trap
# kills every recorder and helper this script started and removes their
# instances.
set -u
. "$(dirname "$0")/lib.sh"
recorder_test_init sched/sched_process_fork

# Wait until the recorder rpid has its instance and tracing is on.
wait_instance() {
	local i
	for i in $(seq 100); do
		recording $rpid &&
			return 0
		sleep 0.05
	done
	return 1
}
# Wait up to 10 s for pid $1 to end; its exit status in rc ("alive" if not).
wait_end() {
	local i
	for i in $(seq 200); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$1" 2>/dev/null; then
		rc=alive
	else
		wait "$1"
		rc=$?
	fi
}

# --- item 2: instances of killed recorders ---------------------------

# 1-2: kill -9 leaves the instance; the next recorder removes it.
bg -e all -d 30 --output /dev/null 2>"$tmp/err"
wait_instance
had=$?
victim=$rpid
kill -KILL $victim
wait $victim 2>/dev/null
[ $had -eq 0 ] && [ -d "$T/instances/utrace-record-$victim" ]
ok $? "kill -9 of a recorder leaves instance utrace-record-$victim (the case to repair)"
"$rec" -o "$tmp/out" -e exit -- /bin/true 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && [ ! -d "$T/instances/utrace-record-$victim" ] &&
	grep -qx "utrace-record: removed instance utrace-record-$victim left by recorder $victim, which is no longer running" "$tmp/err"
ok $? "the next recorder removes it and says so on stderr (rc $rc)" "$tmp/err"

# 3: a pid reused by another program does not keep an instance; a
# running recorder's instance is kept; --reset removes the stale one.
bg -e exit -d 30 --output /dev/null 2>"$tmp/err2"
wait_instance
live=$rpid
fake=utrace-record-1
fakes="$fakes $fake"
mkdir "$T/instances/$fake" 2>/dev/null
echo 1 >"$T/instances/$fake/events/raw_syscalls/enable"
"$rec" --reset >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && [ ! -d "$T/instances/$fake" ] &&
	[ -d "$T/instances/utrace-record-$live" ] &&
	grep -qx "utrace-record: removed instance $fake left by recorder 1, which is no longer running" "$tmp/err" &&
	grep -qx "utrace-record: kept instance utrace-record-$live: recorder $live is running" "$tmp/err" &&
	[ ! -s "$tmp/out" ]
ok $? "--reset: removes $fake (pid 1 is not a recorder), keeps the running recorder's (rc $rc)" "$tmp/err"
kill -INT $live
wait_end $live
[ "$rc" = 0 ] && [ ! -d "$T/instances/utrace-record-$live" ]
ok $? "the running recorder still ends normally (rc $rc)" "$tmp/err2"

# 5-6: --reset with anything else is a usage error and changes nothing.
mkdir "$T/instances/$fake" 2>/dev/null
for args in "--reset -d 1" "--reset -- /bin/true"; do
	"$rec" $args >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && [ -d "$T/instances/$fake" ] && grep -q '^utrace-record: ' "$tmp/err"
	ok $? "$args: usage error, exit 2 (got $rc), nothing removed" "$tmp/err"
done
rmdir "$T/instances/$fake"

# --- item 4: signals, -d and a closed pipe end COMMAND, real status --

# Wait for a pid file, print its pid.
pidof_file() {
	local i
	for i in $(seq 100); do
		[ -s "$1" ] && break
		sleep 0.05
	done
	cat "$1" 2>/dev/null
}
# gone PID: the process has ended (reaped, or a zombie of nobody's).
gone() {
	local i
	for i in $(seq 40); do
		kill -0 "$1" 2>/dev/null || return 0
		grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}
helpers=
trap 'for p in $helpers; do kill -KILL $p 2>/dev/null; done; cleanup' EXIT

# 7: -d ends the recording: COMMAND gets SIGTERM, is waited for, and
# the status is timeout(1)'s, 124.
rm -f "$tmp/pid"
"$rec" -o "$tmp/out" -e exec,exit -d 0.5 -- sh -c "echo \$\$ >$tmp/pid; exec sleep 5" 2>"$tmp/err"
rc=$?
cmd=$(cat "$tmp/pid")
helpers="$helpers $cmd"
gone "$cmd"
left=$?
[ $rc -eq 124 ] && [ $left -eq 0 ] &&
	strip_time "$tmp/out" | grep -qx "sleep\[$cmd\] exit signal=SIGTERM"
ok $? "-d 0.5 -- sleep 5: the command is ended (left running: $left), exit line, status 124 (rc $rc)" "$tmp/out"

# 8: SIGINT to the recorder is passed on; the command's own status
# (its trap exits 7) is the recorder's.
rm -f "$tmp/pid"
bg -o "$tmp/out" -e exit -- sh -c "echo \$\$ >$tmp/pid; trap 'exit 7' INT; while :; do sleep 0.1; done" 2>"$tmp/err"
cmd=$(pidof_file "$tmp/pid")
helpers="$helpers $cmd"
sleep 0.3
kill -INT $rpid
wait_end $rpid
gone "$cmd"
left=$?
[ "$rc" = 7 ] && [ $left -eq 0 ] &&
	strip_time "$tmp/out" | grep -qx "sh\[$cmd\] exit status=7" && instance_gone
ok $? "SIGINT to the recorder reaches the command; its status 7 is returned (rc $rc, left running: $left)" "$tmp/out"

# 9: SIGTERM likewise: the command dies of it, 143.
rm -f "$tmp/pid"
bg -o "$tmp/out" -e exit -- sh -c "echo \$\$ >$tmp/pid; exec sleep 5" 2>"$tmp/err"
cmd=$(pidof_file "$tmp/pid")
helpers="$helpers $cmd"
sleep 0.3
kill -TERM $rpid
wait_end $rpid
gone "$cmd"
left=$?
[ "$rc" = 143 ] && [ $left -eq 0 ] &&
	strip_time "$tmp/out" | grep -qx "sleep\[$cmd\] exit signal=SIGTERM"
ok $? "SIGTERM to the recorder ends the command, exit line, status 143 (rc $rc)" "$tmp/out"

# 10: a command that ignores signals: after the third the recorder
# stops without it, says so, and removes its instance.
rm -f "$tmp/pid"
bg -o "$tmp/out" -e exit -- sh -c "trap '' TERM; echo \$\$ >$tmp/pid; exec sleep 10" 2>"$tmp/err"
cmd=$(pidof_file "$tmp/pid")
helpers="$helpers $cmd"
sleep 0.3
for i in 1 2 3; do kill -TERM $rpid; sleep 0.3; done
wait_end $rpid
[ "$rc" = 143 ] && grep -q "^utrace-record: sh (pid $cmd) still runs after 3 signals; stopping without it\$" "$tmp/err" &&
	instance_gone
ok $? "a command that ignores SIGTERM: the third one stops the recorder (rc $rc)" "$tmp/err"
kill -KILL $cmd 2>/dev/null

# 11: | head -1: EPIPE stops the recorder quietly and ends the command.
rm -f "$tmp/pid"
start=$(date +%s%N)
bg -o /dev/stdout -e exec,exit -- sh -c "echo \$\$ >$tmp/pid; sleep 0.3; sleep 0.3; sleep 5" \
	2>"$tmp/err" > >(head -1 >"$tmp/out")
wait_end $rpid
ms=$((($(date +%s%N) - start) / 1000000))
cmd=$(cat "$tmp/pid")
helpers="$helpers $cmd"
gone "$cmd"
left=$?
[ $ms -lt 3000 ] && [ $left -eq 0 ] && [ "$(wc -l <"$tmp/out")" = 1 ] &&
	[ "$rc" = 143 ] &&
	! grep -q 'write error' "$tmp/err" && instance_gone
ok $? "| head -1: done after $ms ms, the command ended by SIGTERM (left running: $left, rc $rc), no error" "$tmp/err"

# --- item 3: the whole tree, and -p ending with its process -----------

# 12: "sleep 0.5 &" outlives sh; its exit is recorded, sh's status 3 is
# the recorder's.
"$rec" -o "$tmp/out" -e exec,exit -- sh -c 'sleep 0.5 & exit 3' 2>"$tmp/err"
rc=$?
kid=$(sed -nE 's/^[0-9.]+ sleep\[([0-9]+)\] exec .*/\1/p' "$tmp/out")
[ $rc -eq 3 ] && [ -n "$kid" ] &&
	grep -qE "^[0-9.]+ sleep\[$kid\] exit status=0\$" "$tmp/out"
ok $? "sh -c 'sleep 0.5 & exit 3': the orphan's exit is recorded, status 3 (rc $rc)" "$tmp/out"

# 13: a double fork (daemon style): the grandchild's exit 5 is recorded.
"$rec" -o "$tmp/out" -e exec,exit -- sh -c '(sh -c "sleep 0.3; exit 5" &); exit 0' 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && [ "$(grep -cE '^[0-9.]+ sh\[[0-9]+\] exit status=5$' "$tmp/out")" = 1 ] &&
	grep -qE '^[0-9.]+ sleep\[[0-9]+\] exit status=0$' "$tmp/out"
ok $? "double fork: the daemon's sleep and its exit 5 are recorded (rc $rc)" "$tmp/out"

# 14a: after -d ended COMMAND, the rest of the tree gets a short grace:
# the orphaned sleep 0.4, in a session of its own (out of reach of -d's
# signal to the group), ends within it and its exit is recorded.
"$rec" -o "$tmp/out" -e exec,exit -d 0.2 -- sh -c 'setsid sleep 0.4 & exec sleep 5' 2>"$tmp/err"
rc=$?
[ $rc -eq 124 ] && grep -qE 'sleep\[[0-9]+\] exit signal=SIGTERM$' "$tmp/out" &&
	grep -qE 'sleep\[[0-9]+\] exit status=0$' "$tmp/out"
ok $? "-d ends COMMAND; an orphan ending within the grace is recorded (rc $rc)" "$tmp/out"

# 14: -p PID ends when the process ends, not at -d.
sh -c 'sleep 0.5; exit 4' &
target=$!
helpers="$helpers $target"
start=$(date +%s%N)
"$rec" -o "$tmp/out" -e exit -p $target -d 20 2>"$tmp/err"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
wait $target
[ $rc -eq 0 ] && [ $ms -lt 5000 ] &&
	strip_time "$tmp/out" | grep -qx "sh\[$target\] exit status=4"
ok $? "-p PID -d 20 ends $ms ms after start, when PID exits (rc $rc)" "$tmp/out"

# --- attacks: full disk, SIGKILL with a command, unprivileged users --

# 15: a write error (ENOSPC) stops the recorder with status 1 and does
# not leave the command running.
rm -f "$tmp/pid"
bg -o /dev/full -- sh -c "echo \$\$ >$tmp/pid; exec sleep 5" 2>"$tmp/err"
wait_end $rpid
cmd=$(cat "$tmp/pid" 2>/dev/null)
helpers="$helpers $cmd"
gone "$cmd"
left=$?
[ "$rc" = 1 ] && [ $left -eq 0 ] && grep -q '^utrace-record: write error: No space left on device$' "$tmp/err" &&
	instance_gone
ok $? "-o /dev/full: write error, exit 1, the command ended (left running: $left, rc $rc)" "$tmp/err"

# 16: | head -1 with a command that ignores SIGTERM: the recorder still
# ends, within its grace time, and says so.
rm -f "$tmp/pid"
start=$(date +%s%N)
bg -o /dev/stdout -e exec,exit -- sh -c "trap '' TERM; echo \$\$ >$tmp/pid; sleep 0.3; sleep 0.3; exec sleep 10" \
	2>"$tmp/err" > >(head -1 >/dev/null)
wait_end $rpid
ms=$((($(date +%s%N) - start) / 1000000))
cmd=$(cat "$tmp/pid" 2>/dev/null)
helpers="$helpers $cmd"
[ $ms -lt 6000 ] && grep -q "^utrace-record: sh (pid $cmd) still runs after SIGTERM; not waiting for it\$" "$tmp/err" &&
	instance_gone
ok $? "| head -1, command ignores SIGTERM: recorder ends after $ms ms and says so (rc $rc)" "$tmp/err"
kill -KILL "$cmd" 2>/dev/null

# 17: kill -9 of a recorder with a command leaves both its instances
# (compat: utrace-record-PID-sig too); the next recorder removes both.
rm -f "$tmp/pid"
bg -e exit -- sh -c "echo \$\$ >$tmp/pid; exec sleep 10" 2>/dev/null
wait_instance
victim=$rpid
cmd=$(pidof_file "$tmp/pid")
helpers="$helpers $cmd"
kill -KILL $victim
wait $victim 2>/dev/null
kill -KILL "$cmd" 2>/dev/null
had=0
[ -d "$T/instances/utrace-record-$victim" ] && had=1
if [ -d $T/events/utrace ]; then sig=; else sig=1; fi
"$rec" -o "$tmp/out" -e exit -- /bin/true 2>"$tmp/err"
[ $had = 1 ] && [ ! -d "$T/instances/utrace-record-$victim" ] &&
	[ ! -d "$T/instances/utrace-record-$victim-sig" ] &&
	grep -qx "utrace-record: removed instance utrace-record-$victim left by recorder $victim, which is no longer running" "$tmp/err" &&
	{ [ -z "$sig" ] || grep -qx "utrace-record: removed instance utrace-record-$victim-sig left by recorder $victim, which is no longer running" "$tmp/err"; }
ok $? "kill -9 with a command: both instances of $victim removed by the next recorder" "$tmp/err"

# 18-19: an unprivileged user: a clear error, exit 1, nothing created or
# removed (a stale instance stays for root to remove).
if id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
	fake=utrace-record-1
	fakes="$fakes $fake"
	mkdir "$T/instances/$fake" 2>/dev/null
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$rec" -e exit -- /bin/true >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 1 ] && grep -q '^utrace-record: cannot use .*instances: Permission denied' "$tmp/err" &&
		[ ! -s "$tmp/out" ] && [ -d "$T/instances/$fake" ]
	ok $? "as nobody: exit 1, permission message, nothing removed (rc $rc)" "$tmp/err"
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$rec" --reset >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 1 ] && grep -q '^utrace-record: cannot use ' "$tmp/err" && [ -d "$T/instances/$fake" ]
	ok $? "--reset as nobody: exit 1, nothing removed (rc $rc)" "$tmp/err"
	rmdir "$T/instances/$fake"
else
	skip "as nobody" "no user nobody or no setpriv"
	skip "--reset as nobody" "no user nobody or no setpriv"
fi

echo "1..$n"
[ $failed -eq 0 ]
