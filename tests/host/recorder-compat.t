#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record in compat mode on the host kernel (TAP).  Needs root and
# tracefs; skips everything when tracefs cannot be used.
set -u
. "$(dirname "$0")/lib.sh"
recorder_test_init sched/sched_process_fork

sleep_path=$(type -P sleep)
true_path=$(type -P true)

# 1-5: a shell, a background sleep, exit 3.
"$rec" -o "$tmp/out" -e clone,exec,exit -- /bin/sh -c 'sleep 0.1 & wait; exit 3' 2>"$tmp/err"
rc=$?
[ $rc -eq 3 ]
ok $? "command exit status is passed through (got $rc, want 3)" "$tmp/err"
sh_pid=$(sed -nE 's/^[0-9.]+ sh\[([0-9]+)\] exec \/bin\/sh argv=.*$/\1/p' "$tmp/out")
# fork(): clone flags from task:task_newtask (no exit signal there).
forkflags='CLONE_CHILD_CLEARTID[|]CLONE_CHILD_SETTID'
child=$(sed -nE "s/^[0-9.]+ sh\[$sh_pid\] clone child=([0-9]+) flags=$forkflags\$/\1/p" "$tmp/out")
cat >"$tmp/want" <<EOW
sh[$sh_pid] exec /bin/sh argv=["/bin/sh","-c","sleep 0.1 & wait; exit 3"]
sh[$sh_pid] clone child=$child flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID
sleep[$child] exec $sleep_path argv=["sleep","0.1"]
sleep[$child] exit status=0
sh[$sh_pid] exit status=3
EOW
strip_time "$tmp/out" >"$tmp/got"
[ -n "$sh_pid" ] && [ -n "$child" ] && diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"
ok $? "exact clone/exec/exit lines for sh and sleep" "$tmp/diff"
[ "$child" != "$sh_pid" ] && [ -n "$child" ]
ok $? "clone child pid ($child) is the sleep pid, not sh ($sh_pid)"
sort -n -c -k1,1 "$tmp/out" 2>"$tmp/diff"
ok $? "lines are in time order" "$tmp/diff"
grep -c 'compat mode' "$tmp/err" | grep -qx 1 &&
	grep -q 'death, jctl and vfork_done are not available' "$tmp/err" &&
	[ "$(wc -l <"$tmp/err")" -eq 1 ]
ok $? "compat mode says once on stderr what it cannot give" "$tmp/err"

# 6-8: JSON lines.
"$rec" -o "$tmp/json" --json -- /bin/sh -c 'sleep 0.1 & wait; exit 3' 2>"$tmp/err"
rc=$?
[ $rc -eq 3 ]
ok $? "--json: exit status 3 (got $rc)" "$tmp/err"
python3 - "$tmp/json" >"$tmp/diff" 2>&1 <<'EOP'
import json, sys
common = {"time", "time_unix_ns", "cpu", "pid", "comm", "event"}
keys = {
    "clone": {"parent_pid", "child_pid", "child_tgid", "clone_flags",
              "clone_flag_names", "exit_signal", "start_ns", "cgroup_id"},
    "exec": {"filename", "old_pid", "errno", "ppid", "argv", "argv_truncated",
             "start_ns", "cgroup_id"},
    "exit": {"code", "status", "signal", "core_dumped", "orig_code", "cause",
             "cause_pid", "ppid", "age", "sender_pid", "sender_uid", "si_code",
             "start_ns", "cgroup_id"},
    "signal": {"signo", "signal", "si_code", "sender_pid", "context_pid", "addr",
               "disposition", "disposition_inferred", "engine_disposition"},
    "reap": {"reaped_pid", "tgid", "reaper_pid"},
}
# The envelope (schema utrace-record/2) of every record.
common |= {"schema", "seq", "service.instance.id", "host.name", "host.id",
           "boot_id", "process.pid", "process.parent_pid", "process.entity_id",
           "process.parent_entity_id", "process.executable.path",
           "process.linux.cgroup", "container.id"}
keys["clone"] |= {"child_entity_id"}
evs = []
for line in open(sys.argv[1]):
    o = json.loads(line)
    want = common | keys[o["event"]]
    if set(o) != want:
        sys.exit("keys of %s: %s != %s" % (o["event"], sorted(o), sorted(want)))
    if not isinstance(o["time"], float):
        sys.exit("time is not a float: %r" % o["time"])
    if not isinstance(o["time_unix_ns"], int):
        sys.exit("time_unix_ns is not an integer: %r" % o["time_unix_ns"])
    evs.append(o)
sh = [o for o in evs if o["event"] == "exec" and o["filename"] == "/bin/sh"]
assert len(sh) == 1, sh
shpid = sh[0]["pid"]
clones = [o for o in evs if o["event"] == "clone" and o["pid"] == shpid]
# CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID, from task_newtask
assert len(clones) == 1 and clones[0]["clone_flags"] == 0x01200000, clones
assert clones[0]["child_tgid"] == clones[0]["child_pid"], clones
kid = clones[0]["child_pid"]
exits = {o["pid"]: o for o in evs if o["event"] == "exit"}
assert exits[shpid]["status"] == 3 and exits[shpid]["code"] == 768, exits
assert exits[kid]["status"] == 0 and exits[kid]["comm"] == "sleep", exits
EOP
ok $? "--json: every line parses, has the schema keys and right values" "$tmp/diff"
grep -q '"event":"signal","signo":17,"signal":"SIGCHLD"' "$tmp/json"
ok $? "--json: sh gets SIGCHLD as a signal event" "$tmp/json"

# 9: syscalls.
"$rec" -o "$tmp/out" -e syscall_entry,syscall_exit -- /bin/true 2>"$tmp/err"
rc=$?
# Entry and exit of a call are joined into one line with its duration;
# exit_group never returns, so its entry stands alone.
[ $rc -eq 0 ] && grep -qE '^[0-9.]+ true\[[0-9]+\] syscall_entry exit_group\(0\)$' "$tmp/out" &&
	grep -qE '^[0-9.]+ true\[[0-9]+\] syscall openat\(AT_FDCWD, 0x[0-9a-f]+, O_RDONLY\|O_CLOEXEC\) = -?[0-9]+( E[A-Z]+)? <[0-9]+\.[0-9]{6}>$' "$tmp/out" &&
	! grep -qvE ' syscall(_entry|_exit)? ' "$tmp/out"
ok $? "-e syscall_entry,syscall_exit -- /bin/true: joined call lines (decoded), exit_group(0) alone" "$tmp/out"

# 10: a failing syscall names its errno.
"$rec" -o "$tmp/out" -e syscall_exit -- /bin/sh -c 'exec 3</nonexistent-utrace' 2>"$tmp/err"
grep -qE '^[0-9.]+ sh\[[0-9]+\] syscall_exit openat = -2 ENOENT$' "$tmp/out"
ok $? "syscall_exit openat = -2 ENOENT" "$tmp/out"

# 11: exit by a signal, exit status 128+N, signal line with sender.
"$rec" -o "$tmp/out" -e signal,exit -- /bin/sh -c 'kill -TERM $$' 2>"$tmp/err"
rc=$?
strip_time "$tmp/out" | sed -E 's/\[[0-9]+\]/[P]/; s/from [0-9]+/from S/' >"$tmp/got"
printf 'sh[P] signal SIGTERM from S -> terminate\nsh[P] exit signal=SIGTERM\n' >"$tmp/want"
[ $rc -eq 143 ] && diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"
ok $? "killed command: status 143, signal and exit lines (rc $rc)" "$tmp/diff"

# 12: --comm filter.
# (sleep's reap line, if its RCU callback ran in time, is not the point.)
"$rec" -o "$tmp/out" --comm sleep -- /bin/sh -c 'sleep 0.1 & wait' 2>"$tmp/err"
strip_time "$tmp/out" | grep -v ' reap ' | sed -E 's/\[[0-9]+\]/[P]/' >"$tmp/got"
printf 'sleep[P] exec %s argv=["sleep","0.1"]\nsleep[P] exit status=0\n' "$sleep_path" >"$tmp/want"
diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"
ok $? "--comm sleep keeps only sleep's events" "$tmp/diff"

# 13: --summary.
"$rec" -o "$tmp/out" --summary -- /bin/sh -c 'sleep 0.1 & wait; exit 3' 2>"$tmp/err"
# The command's start is its exec (its first event), so it has a duration.
grep -qE '^[0-9]+ +sh +[0-9]+\.[0-9]{6} +status=3 +[0-9]+\.[0-9]{6} +1 +/bin/sh$' "$tmp/out" &&
	grep -qE "^[0-9]+ +sleep +[0-9.]+ +status=0 +0\.[0-9]{6} +0 +$sleep_path\$" "$tmp/out" &&
	grep -qE '^exec +2$' "$tmp/out" && grep -qE '^clone +1$' "$tmp/out"
ok $? "--summary table and counts" "$tmp/out"

# 14-15: -p PID with and without --follow, and --output FILE.
for follow in --follow ""; do
	rm -f "$tmp/fifo"
	mkfifo "$tmp/fifo"
	/bin/sh -c "read x <$tmp/fifo; $true_path; exit 4" &
	target=$!
	bg -p $target $follow -e clone,exec,exit -d 10 --output "$tmp/pout" 2>"$tmp/err"
	# Tracing is on once the recorder has set everything up.
	for i in $(seq 100); do
		recording $rpid &&
			break
		sleep 0.1
	done
	sleep 0.2
	echo go >"$tmp/fifo"
	wait $target
	# The recorder ends by itself when the process has ended.
	wait $rpid
	rc=$?
	strip_time "$tmp/pout" >"$tmp/got"
	kid=$(sed -nE "s/^sh\[$target\] clone child=([0-9]+) flags=.*\$/\1/p" "$tmp/got")
	# fork or vfork, as the shell likes
	f=$(sed -nE "s/^sh\[$target\] clone child=[0-9]+ flags=(CLONE_CHILD_CLEARTID[|]CLONE_CHILD_SETTID|CLONE_VM[|]CLONE_VFORK)\$/\1/p" "$tmp/got")
	if [ -n "$follow" ]; then
		printf 'sh[%s] clone child=%s flags=%s\ntrue[%s] exec %s argv=["%s"]\ntrue[%s] exit status=0\nsh[%s] exit status=4\n' \
			$target "$kid" "$f" "$kid" "$true_path" "$true_path" "$kid" $target >"$tmp/want"
	else
		printf 'sh[%s] clone child=%s flags=%s\nsh[%s] exit status=4\n' \
			$target "$kid" "$f" $target >"$tmp/want"
	fi
	[ $rc -eq 0 ] && [ -n "$kid" ] && diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"
	ok $? "-p PID ${follow:-(no --follow)} --output FILE: exact lines (rc $rc)" "$tmp/diff"
done

# 16-23: bad input, each with its exit status, a message, no instance.
bad() {	# bad WANT-RC NAME ARGS...
	local want=$1 name=$2 rc
	shift 2
	"$rec" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq "$want" ] && [ -s "$tmp/err" ] && grep -q '^utrace-record: ' "$tmp/err" &&
		[ ! -s "$tmp/out" ] && no_instances
	ok $? "$name: exit $want (got $rc), message, no instance left" "$tmp/err"
}
bad 2 "unknown option" --bogus -- /bin/true
bad 2 "unknown event" -e clone,fork -- /bin/true
bad 2 "-- without COMMAND" -e exec --
bad 2 "-p notapid" -p notapid
bad 1 "-p 999999999 (no such process)" -p 999999999
bad 1 "--output into a missing directory" --output /nonexistent/dir/x -- /bin/true
bad 1 "--dat into a missing directory" --dat /nonexistent/dir/x.dat -- /bin/true
if [ -d $T/events/utrace ]; then
	skip "--mode native on a kernel without utrace" "this kernel has utrace events"
else
	bad 1 "--mode native on a kernel without utrace" --mode native -- /bin/true
fi

# 24: SIGINT during -d 30 stops within seconds and removes the instance.
bg -d 30 --output "$tmp/sigout" 2>"$tmp/err"
for i in $(seq 50); do
	ls $T/instances | grep -qx "utrace-record-$rpid" && break
	sleep 0.1
done
had=$(ls $T/instances | grep -cx "utrace-record-$rpid")
start=$(date +%s%N)
kill -INT $rpid
for i in $(seq 50); do
	kill -0 $rpid 2>/dev/null || break
	sleep 0.1
done
if kill -0 $rpid 2>/dev/null; then
	kill -KILL $rpid
	rc=killed
else
	wait $rpid
	rc=$?
fi
ms=$((($(date +%s%N) - start) / 1000000))
[ "$had" = 1 ] && [ "$rc" = 0 ] && [ $ms -lt 5000 ] && no_instances
ok $? "SIGINT during -d 30: exit 0 after ${ms} ms, instance removed (rc $rc, had $had)" "$tmp/err"

# 25: a tiny buffer loses events, and says so inline and on stderr.
# The recorder wakes at 1% of the buffer and only copies pages while
# reading, so the load must be fast: 400000 one-byte read/write syscalls.
"$rec" -o "$tmp/out" -b 4 -e all -- dd if=/dev/zero of=/dev/null bs=1 count=200000 2>"$tmp/err"
grep -qE '^LOST ([0-9]+|unknown number of) events on cpu [0-9]+$' "$tmp/out" &&
	grep -qE '^utrace-record: lost events: [0-9]+ reported in the stream.*overrun [0-9]+, dropped [0-9]+' "$tmp/err" &&
	no_instances
ok $? "-b 4 with syscalls: LOST lines inline and a loss summary on stderr" "$tmp/err"

echo "1..$n"
[ $failed -eq 0 ]
