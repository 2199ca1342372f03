#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record's command line (TAP, compat mode on the host): where the
# lines go, -d as a bound (timeout(1) semantics), -i of a trace-cmd -B
# recording, a command that cannot run, and the options that are refused.
# Needs root and tracefs; every recorder makes and removes its own
# instance.
set -u
. "$(dirname "$0")/lib.sh"
recorder_test_init sched/sched_process_exec

# --- event lines beside the command's output ---------------------------

# A traced command's stdout is its own: the lines go to stderr (strace).
run -e exec,exit -- echo hello-from-command >"$tmp/out" 2>"$tmp/err"
[ $rc -eq 0 ] && [ "$(cat "$tmp/out")" = hello-from-command ] &&
	grep -qE '^[0-9.]+ echo\[[0-9]+\] exec /.*/echo$' "$tmp/err" &&
	grep -qE '^[0-9.]+ echo\[[0-9]+\] exit status=0$' "$tmp/err"
ok $? "-- echo: stdout is the command's alone, the lines are on stderr (rc $rc)" "$tmp/out"

# -p PID: stderr too.
sleep 0.5 &
target=$!
run -e exit -p $target -d 20 >"$tmp/out" 2>"$tmp/err"
wait $target
[ $rc -eq 0 ] && [ ! -s "$tmp/out" ] &&
	grep -qE "^[0-9.]+ sleep\[$target\] exit status=0\$" "$tmp/err"
ok $? "-p PID: the lines are on stderr, nothing on stdout (rc $rc)" "$tmp/err"

# The whole system: there is no command output, the lines are on stdout.
bg -e exec -d 2 >"$tmp/out" 2>"$tmp/err"
for i in $(seq 100); do
	recording $rpid && break
	sleep 0.05
done
/bin/true
wait $rpid
grep -qE '^[0-9.]+ true\[[0-9]+\] exec /(usr/)?bin/true$' "$tmp/out" &&
	! grep -qE '^[0-9.]+ ' "$tmp/err"
ok $? "system-wide: the lines are on stdout" "$tmp/err"

# --- -d is a bound: timeout(1) semantics -------------------------------

# alive_in_group PGID: a process of group PGID still runs (not a zombie).
alive_in_group() {
	ps -e -o pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { f = 1 } END { exit !f }'
}

# A command that ignores SIGTERM: SIGKILL to its group after -k (default
# 5 s), 137.
# (An outer timeout bounds today's recorder, which waits forever.)
rm -f "$tmp/pid"
start=$(date +%s%N)
timeout -s KILL 20 "$rec" -e exit -d 0.5 -o "$tmp/ev" -- \
	sh -c "echo \$\$ >$tmp/pid; trap '' TERM; while :; do sleep 1; done" 2>"$tmp/err"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
pg=$(cat "$tmp/pid")
sleep 0.2
alive_in_group "$pg"
left=$((!$?))
[ $rc -eq 137 ] && [ $ms -lt 10000 ] && [ $left -eq 0 ] &&
	grep -qE "^[0-9.]+ sh\[$pg\] exit signal=SIGKILL\$" "$tmp/ev" &&
	grep -qx "utrace-record: sh (pid $pg) still runs 5 s after -d; SIGKILL to its process group" "$tmp/err"
ok $? "-d 0.5, command ignores SIGTERM: SIGKILL to the group, exit 137 after $ms ms (rc $rc, left $left)" "$tmp/err"
kill -KILL -- -"$pg" "$pg" 2>/dev/null

# The group: a grandchild gets the signal too; the status is 124.
rm -f "$tmp/pid"
timeout -s KILL 20 "$rec" -e exit -d 0.5 -o "$tmp/ev" -- \
	sh -c "echo \$\$ >$tmp/pid; sleep 30 & wait" 2>"$tmp/err"
rc=$?
pg=$(cat "$tmp/pid")
sleep 0.2
alive_in_group "$pg"
left=$((!$?))
[ $rc -eq 124 ] && [ $left -eq 0 ] &&
	grep -qE "^[0-9.]+ sh\[$pg\] exit signal=SIGTERM\$" "$tmp/ev" &&
	grep -qE '^[0-9.]+ sleep\[[0-9]+\] exit signal=SIGTERM$' "$tmp/ev"
ok $? "-d 0.5 -- sh -c 'sleep 30 & wait': sh and its sleep get SIGTERM, exit 124 (rc $rc, left $left)" "$tmp/ev"
kill -KILL -- -"$pg" "$pg" 2>/dev/null

# --signal INT: that signal instead of SIGTERM.
run -e exit -d 0.3 --signal INT -o "$tmp/ev" -- sleep 5 2>"$tmp/err"
[ $rc -eq 124 ] && grep -qE '^[0-9.]+ sleep\[[0-9]+\] exit signal=SIGINT$' "$tmp/ev"
ok $? "-d 0.3 --signal INT -- sleep 5: SIGINT, exit 124 (rc $rc)" "$tmp/ev"

# -k and --signal say how -d ends COMMAND: alone, or bad, they are refused.
for args in "-k 1 -- true" "--signal INT -- true" "-d 1 -k 1" "-d 1 --signal BOGUS -- true" "-d 1 -k -1 -- true"; do
	"$rec" $args >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && grep -q '^utrace-record: ' "$tmp/err" && no_instances
	ok $? "$args: usage error, exit 2 (rc $rc)" "$tmp/err"
done

# --- -i of a trace-cmd recording made into an instance (-B) -----------

# trace-cmd record writes ftrace_enabled and set_ftrace_* and fails
# (EPERM) on this kind of host: run it as bench/host-recorder does, in
# a mount namespace with those files bound over by regular files.
if ! command -v trace-cmd >/dev/null || ! command -v unshare >/dev/null; then
	skip "-i of a trace-cmd record -B file" "trace-cmd or unshare not installed"
else
	inst=utrace-cli-test-$$
	fakes="$fakes $inst"
	echo 1 >"$tmp/ftrace_enabled"
	: >"$tmp/empty"
	cat >"$tmp/tc-wrap" <<EOF
#!/bin/sh
mount --bind $tmp/ftrace_enabled /proc/sys/kernel/ftrace_enabled 2>/dev/null
for f in set_ftrace_filter set_ftrace_notrace set_ftrace_pid set_ftrace_notrace_pid; do
	[ -e $T/instances/$inst/\$f ] && mount --bind $tmp/empty $T/instances/$inst/\$f
done
exec trace-cmd "\$@"
EOF
	chmod +x "$tmp/tc-wrap"
	cp "$(type -P true)" "$tmp/cli-b-true"
	mkdir "$T/instances/$inst"
	unshare -m "$tmp/tc-wrap" record -q -B "$inst" -e sched:sched_process_exec \
		-e sched:sched_process_exit -o "$tmp/b.dat" "$tmp/cli-b-true" \
		>"$tmp/tc.out" 2>&1
	tcrc=$?
	rmdir "$T/instances/$inst" 2>/dev/null
	"$rec" -i "$tmp/b.dat" -e exec >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $tcrc -eq 0 ] && [ $rc -eq 0 ] &&
		grep -qE "^[0-9.]+ cli-b-true\[[0-9]+\] exec $tmp/cli-b-true\$" "$tmp/out"
	ok $? "-i of a trace-cmd record -B file: the instance's events are read (rc $rc, trace-cmd $tcrc)" "$tmp/out"
fi

echo "1..$n"
[ $failed -eq 0 ]
