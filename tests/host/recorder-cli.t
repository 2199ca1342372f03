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

echo "1..$n"
[ $failed -eq 0 ]
