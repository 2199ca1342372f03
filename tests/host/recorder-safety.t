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

# slow_json FIFO OUT: read JSON lines from FIFO into OUT, pausing 50 ms
# every 5000 lines: slower than the recorder, so that its queue spills.
slow_json() {
	python3 - "$1" "$2" <<'EOP' &
import sys, time
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as o:
    for i, l in enumerate(f):
        o.write(l)
        if i % 5000 == 0:
            time.sleep(0.05)
EOP
	cons=$!
}
# counted JSON N: "ok" when the loop's syscall entries and exits plus the
# LOST counts add up to 2N getppid events, plus the loop's pacing sleeps
# (N/300 calls) and at most 100 other events that were lost, and some
# were lost; else what was found.
counted() {
	python3 - "$1" "$2" <<'EOP'
import json, sys
pid, seen, lost, unknown = None, 0, 0, 0
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["event"] == "exec" and e["filename"].endswith("/loop"):
        pid = e["pid"]
    elif e["event"] == "lost":
        if e["count"] is None or e["count"] < 0:
            unknown += 1
        else:
            lost += e["count"]
    elif e["pid"] == pid and e["event"].startswith("syscall_"):
        seen += 1
want = 2 * int(sys.argv[2])
good = lost > 0 and unknown == 0 and want <= seen + lost <= want + want // 300 + 100
print("ok" if good else "seen %d lost %d unknown %d, want %d" % (seen, lost, unknown, want))
EOP
}

# 4-7: the spill file on a 64 KiB tmpfs, with 16 sub-buffers of memory:
# it fills, the pages beyond are dropped and counted, the recording and
# the command go on, and the end is clean.
mkdir "$tmp/small"
if mount -t tmpfs -o size=64k tmpfs "$tmp/small"; then
	mounts="$tmp/small"
	rm -f "$tmp/fifo"; mkfifo "$tmp/fifo"
	N=300000
	TMPDIR=$tmp/small UTRACE_RECORD_MEM_PAGES=16 \
		bg --json -e exec,syscall_entry,syscall_exit -o "$tmp/fifo" -- \
		sh -c "$tmp/loop $N - 300; echo finished >$tmp/cmdlog" 2>"$tmp/err2"
	slow_json "$tmp/fifo" "$tmp/out2"
	wait $rpid
	rc=$?
	wait $cons
	[ $rc -eq 0 ] && [ "$(cat "$tmp/cmdlog" 2>/dev/null)" = finished ]
	ok $? "full spill disk: the command ran to its end, its status (rc $rc)" "$tmp/err2"
	[ "$(grep -cE '^utrace-record: (cannot|the) .*spill file' "$tmp/err2")" = 1 ] &&
		grep -q 'cannot write the spill file.*No space left' "$tmp/err2"
	ok $? "full spill disk: one message about the spill file" "$tmp/err2"
	got=$(counted "$tmp/out2" $N)
	[ "$got" = ok ] && grep -q 'lost events: .*spill file full' "$tmp/err2"
	ok $? "full spill disk: events seen + LOST counts add up ($got), stderr says why" "$tmp/err2"
	instance_gone
	ok $? "full spill disk: instance removed"
	umount "$tmp/small" && mounts=
else
	for t in 1 2 3 4; do skip "full spill disk $t" "cannot mount a tmpfs"; done
fi

# 8-9: the spill file's limit (UTRACE_RECORD_SPILL_MB=1) on a roomy disk.
rm -f "$tmp/fifo"; mkfifo "$tmp/fifo"
N=300000
TMPDIR=$tmp UTRACE_RECORD_MEM_PAGES=16 UTRACE_RECORD_SPILL_MB=1 \
	bg --json -e exec,syscall_entry,syscall_exit -o "$tmp/fifo" -- \
	"$tmp/loop" $N - 300 2>"$tmp/err3"
slow_json "$tmp/fifo" "$tmp/out3"
wait $rpid
rc=$?
wait $cons
[ $rc -eq 0 ] && [ "$(grep -cE '^utrace-record: (cannot|the) .*spill file' "$tmp/err3")" = 1 ] &&
	grep -q 'spill file reached its limit of 1 MiB' "$tmp/err3"
ok $? "spill limit 1 MiB: one message, rc $rc" "$tmp/err3"
got=$(counted "$tmp/out3" $N)
[ "$got" = ok ] && instance_gone
ok $? "spill limit: events seen + LOST counts add up ($got); instance removed" "$tmp/err3"

# 10-11: --dat's side files FILE.dat.cpuN in a directory others can
# write, planted as a symlink and as a hard link to files of root's:
# neither victim is touched.  (The directory is not sticky, so
# fs.protected_symlinks does not apply.)
mkdir "$tmp/userdir" && chmod 777 "$tmp/userdir"
echo precious >"$tmp/victim1"
echo precious >"$tmp/victim2"
ln -s "$tmp/victim1" "$tmp/userdir/t.dat.cpu0"
ln "$tmp/victim2" "$tmp/userdir/t.dat.cpu1"
run -q -o "$tmp/out4" --dat "$tmp/userdir/t.dat" -- true 2>"$tmp/err4"
[ "$(cat "$tmp/victim1")" = precious ] && [ "$(cat "$tmp/victim2")" = precious ]
ok $? "--dat beside planted FILE.dat.cpu0 (symlink) and cpu1 (hard link): victims intact" "$tmp/err4"
[ $rc -eq 0 ] && [ -s "$tmp/userdir/t.dat" ] &&
	[ -z "$(ls "$tmp/userdir" | grep -v '^t\.dat$')" ] && instance_gone
ok $? "--dat: recorded anyway (rc $rc), no side file left, instance removed" "$tmp/err4"

# 12: FILE.dat itself, made a symlink to a victim while recording (by
# whoever can write the directory): it is replaced, the victim intact.
rm -f "$tmp/victim1" && echo precious >"$tmp/victim1"
bg -q -o "$tmp/out4b" --dat "$tmp/userdir/s.dat" -- sleep 1 2>"$tmp/err4b"
for i in $(seq 50); do
	[ -e "$tmp/userdir/s.dat" ] && recording $rpid && break
	sleep 0.1
done
ln -sf "$tmp/victim1" "$tmp/userdir/s.dat"
wait $rpid
rc=$?
[ $rc -eq 0 ] && [ "$(cat "$tmp/victim1")" = precious ] && [ ! -L "$tmp/userdir/s.dat" ] &&
	[ -s "$tmp/userdir/s.dat" ] && [ -z "$(ls "$tmp/userdir" | grep -vE '^(t|s)\.dat$')" ]
ok $? "--dat FILE.dat swapped for a symlink while recording: replaced, victim intact (rc $rc)" "$tmp/err4b"

# 13: the first run with tracefs unmounted (in a mount namespace of its
# own, debugfs's tracing automount gone too): libtracefs mounts it, and
# the recorder goes on without saying it cannot be mounted.
if command -v unshare >/dev/null; then
	unshare -m --propagation private sh -c '
		umount /sys/kernel/tracing 2>/dev/null
		umount /sys/kernel/debug 2>/dev/null
		if grep -qE " (tracefs|debugfs) " /proc/self/mounts; then
			echo still mounted; exit 99
		fi
		"$0" -o "$1/out5" -- true' "$rec" "$tmp" 2>"$tmp/err5"
	rc=$?
	[ $rc -eq 0 ] && ! grep -q 'cannot be mounted' "$tmp/err5" &&
		grep -q 'exit status=0' "$tmp/out5"
	ok $? "tracefs unmounted: mounted by libtracefs, recorded (rc $rc)" "$tmp/err5"
else
	skip "tracefs unmounted" "no unshare"
fi

# 14-15: a recorder killed by SIGKILL and not reaped (its parent, exec'd
# into sleep, never waits) is a zombie: --reset removes its instance.
sh -c '"$0" -e exec -o "$1/out6" 2>/dev/null & echo $! >"$1/zpid"; exec sleep 60' \
	"$rec" "$tmp" &
zparent=$!
started="$started $zparent"
for i in $(seq 50); do
	[ -s "$tmp/zpid" ] && recording "$(cat "$tmp/zpid")" && break
	sleep 0.1
done
zpid=$(cat "$tmp/zpid")
started="$started $zpid"
kill -KILL "$zpid"
for i in $(seq 50); do
	[ "$(awk '{ sub(/^.*\) /, ""); print $1 }' /proc/$zpid/stat)" = Z ] && break
	sleep 0.1
done
state=$(awk '{ sub(/^.*\) /, ""); print $1 }' /proc/$zpid/stat)
[ "$state" = Z ] && [ -d "$T/instances/utrace-record-$zpid" ]
ok $? "a SIGKILLed recorder not reaped: zombie (state $state), its instance left"
run --reset 2>"$tmp/err6"
[ $rc -eq 0 ] && instance_gone "$zpid" &&
	grep -q "removed instance utrace-record-$zpid " "$tmp/err6"
ok $? "--reset removes the zombie recorder's instance (rc $rc)" "$tmp/err6"
kill -KILL $zparent 2>/dev/null
wait $zparent 2>/dev/null

# 16: system-wide, the recorder does not record its own threads (the
# main thread and the per-CPU readers, whose reads are most of the
# syscalls it would otherwise see).
bg -e all -d 2 -o "$tmp/out7" 2>"$tmp/err7"
for i in $(seq 50); do
	recording $rpid && break
	sleep 0.1
done
tids=$(ls /proc/$rpid/task 2>/dev/null | tr '\n' ' ')
wait $rpid
rc=$?
own=0
for t in $tids; do
	own=$((own + $(grep -cE "^[0-9.]+ [^ ]*\[$t\] " "$tmp/out7")))
done
[ $rc -eq 0 ] && [ -n "$tids" ] && [ $own -eq 0 ] && [ -s "$tmp/out7" ]
ok $? "system-wide -e all: no event of the recorder's own threads ($tids: $own lines)" "$tmp/err7"

# 17-20: one policy for an output that cannot be written (a full disk;
# not EPIPE): the recording stops at once (tracing off, no event
# enabled), the command runs on untraced to its end, one line says so,
# the error comes at the end, rc 1, the instance is removed.  The spill
# file full is loss instead (4-7: the recording goes on).
# full_disk NAME ARGS...: the recorder with ARGS on the loop, which then
# sleeps 1 s untraced (the instance is checked then) and logs its end.
full_disk() {
	local name=$1 state
	shift
	rm -f "$tmp/ph1" "$tmp/cmdlog" "$tmp/small"/*
	bg -e syscall_entry,syscall_exit "$@" -- sh -c "$tmp/loop 200000 - 300; touch $tmp/ph1; sleep 1; echo finished >$tmp/cmdlog" \
		2>"$tmp/err8"
	for i in $(seq 100); do
		[ -e "$tmp/ph1" ] && break
		sleep 0.1
	done
	sleep 0.3
	state="$(cat $T/instances/utrace-record-$rpid/tracing_on 2>/dev/null)/$(grep -c . $T/instances/utrace-record-$rpid/set_event 2>/dev/null)"
	wait $rpid
	rc=$?
	[ "$state" = 0/0 ] && [ "$(cat "$tmp/cmdlog" 2>/dev/null)" = finished ] &&
		[ "$(grep -c 'recording stopped' "$tmp/err8")" = 1 ]
	ok $? "$name full: recording stopped (tracing_on/events: $state), the command ran to its end" "$tmp/err8"
}
if mount -t tmpfs -o size=64k tmpfs "$tmp/small"; then
	mounts="$tmp/small"
	full_disk "-o" -o "$tmp/small/out"
	[ $rc -eq 1 ] && grep -q 'write error: No space left' "$tmp/err8" && instance_gone
	ok $? "-o full: rc 1 (got $rc), the error at the end, instance removed" "$tmp/err8"
	full_disk "--dat" -o "$tmp/out9" --dat "$tmp/small/t.dat"
	[ $rc -eq 1 ] && grep -q "cannot write $tmp/small/t.dat: No space left" "$tmp/err8" &&
		[ -z "$(ls "$tmp/small")" ] && instance_gone
	ok $? "--dat full: rc 1 (got $rc), the error at the end, no partial file, instance removed" "$tmp/err8"
	umount "$tmp/small" && mounts=
else
	for t in 1 2 3 4; do skip "full output disk $t" "cannot mount a tmpfs"; done
fi

# 21-26: the trace clock.  auto takes x86-tsc only where the TSC is
# reliable (the kernel lists the tsc clocksource; constant_tsc and
# nonstop_tsc), and says so; x86-tsc times are converted to
# CLOCK_MONOTONIC: in order per task, and -t within 0.1 s of date(1).
reliable=no
grep -qw tsc /sys/devices/system/clocksource/clocksource0/available_clocksource &&
	grep -qw constant_tsc /proc/cpuinfo && grep -qw nonstop_tsc /proc/cpuinfo &&
	reliable=yes
run -e exec -o "$tmp/out10" -- true 2>"$tmp/err10"
said=no
grep -q 'trace clock x86-tsc' "$tmp/err10" && said=yes
[ $rc -eq 0 ] && [ $said = $reliable ] && grep -q 'true\[' "$tmp/out10"
ok $? "auto clock: x86-tsc said ($said) exactly when the TSC is reliable ($reliable)" "$tmp/err10"
if grep -qw x86-tsc $T/trace_clock; then
	# Each task's lines in time order: no -e syscall_* (entries
	# shown alone are printed when their exit comes).
	UTRACE_RECORD_CLOCK=x86-tsc run -t -e exec,exit,clone,signal -o "$tmp/out11" -- \
		sh -c 'for i in 1 2 3 4 5 6; do date +%s.%N >>'"$tmp"'/dates; sleep 0.2 & done; wait' \
		2>"$tmp/err11"
	[ $rc -eq 0 ] && grep -q 'trace clock x86-tsc' "$tmp/err11"
	ok $? "UTRACE_RECORD_CLOCK=x86-tsc: recorded, the clock said on stderr (rc $rc)" "$tmp/err11"
	awk '{ split($1, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3];
	       p = $2; sub(/^.*\[/, "", p); sub(/\].*/, "", p);
	       if (p in last && s < last[p]) { print "backwards: " $0; bad = 1 }
	       last[p] = s } END { exit bad }' "$tmp/out11" >"$tmp/diff11"
	ok $? "x86-tsc: each task's times in order" "$tmp/diff11"
	# Each date's exit line (-t) against the time it printed itself.
	python3 - "$tmp/out11" "$tmp/dates" >"$tmp/diff12" <<'EOP'
import re, sys, time
exits = []
for l in open(sys.argv[1]):
    m = re.match(r"(\d+):(\d+):(\d+\.\d+) date\[\d+\] exit ", l)
    if m:
        exits.append(int(m[1]) * 3600 + int(m[2]) * 60 + float(m[3]))
dates = []
for l in open(sys.argv[2]):
    t = float(l)
    lt = time.localtime(t)
    dates.append(lt.tm_hour * 3600 + lt.tm_min * 60 + lt.tm_sec + t % 1)
exits.sort(); dates.sort()
worst = max([abs(a - b) % 86400 for a, b in zip(exits, dates)] or [99])
print("dates %d exits %d worst %.6f s" % (len(dates), len(exits), worst))
sys.exit(0 if len(exits) == len(dates) == 6 and worst < 0.1 else 1)
EOP
	ok $? "x86-tsc -t: each date's exit within 0.1 s of the time it printed ($(cat "$tmp/diff12"))" "$tmp/out11"
	UTRACE_RECORD_CLOCK=x86-tsc run -o "$tmp/out13" --dat "$tmp/c.dat" -- true 2>"$tmp/err13"
	[ $rc -eq 1 ] && grep -q 'UTRACE_RECORD_CLOCK=x86-tsc: not with --dat' "$tmp/err13" &&
		instance_gone && [ ! -e "$tmp/c.dat" ] && [ ! -e "$tmp/out13" ]
	ok $? "UTRACE_RECORD_CLOCK=x86-tsc with --dat: refused (rc $rc), no file, no instance" "$tmp/err13"
else
	for t in 1 2 3 4; do skip "x86-tsc $t" "no x86-tsc trace clock"; done
fi
UTRACE_RECORD_CLOCK=bogus run -o "$tmp/out14" -- true 2>"$tmp/err14"
[ $rc -eq 1 ] && grep -q 'UTRACE_RECORD_CLOCK=bogus: not auto, mono or x86-tsc' "$tmp/err14" &&
	instance_gone && [ ! -e "$tmp/out14" ]
ok $? "UTRACE_RECORD_CLOCK=bogus: refused (rc $rc), no file, no instance" "$tmp/err14"

echo "1..$n"
[ $failed -eq 0 ]
