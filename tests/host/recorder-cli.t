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
	grep -qE '^[0-9.]+ echo\[[0-9]+\] exec /.*/echo argv=\["echo","hello-from-command"\]$' "$tmp/err" &&
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
grep -qE '^[0-9.]+ true\[[0-9]+\] exec /(usr/)?bin/true argv=\["/bin/true"\]$' "$tmp/out" &&
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

# A stopped command: SIGCONT after the signal, as timeout(1) sends.
rm -f "$tmp/pid"
timeout -s KILL 20 "$rec" -e exit -d 0.5 -o "$tmp/ev" -- \
	sh -c "echo \$\$ >$tmp/pid; kill -STOP \$\$; sleep 30" 2>"$tmp/err"
rc=$?
pg=$(cat "$tmp/pid")
[ $rc -eq 124 ] && grep -qE "^[0-9.]+ sh\[$pg\] exit signal=SIGTERM\$" "$tmp/ev"
ok $? "-d 0.5 -- a command that stopped itself: SIGTERM and SIGCONT end it, exit 124 (rc $rc)" "$tmp/ev"
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
	# Now and then (here, 1 run in 3) trace-cmd writes the file without
	# the instance's buffer, and its own report is empty too: try again.
	for try in 1 2 3; do
		mkdir "$T/instances/$inst"
		unshare -m "$tmp/tc-wrap" record -q -B "$inst" -e sched:sched_process_exec \
			-e sched:sched_process_exit -o "$tmp/b.dat" "$tmp/cli-b-true" \
			>"$tmp/tc.out" 2>&1
		tcrc=$?
		rmdir "$T/instances/$inst" 2>/dev/null
		trace-cmd report -i "$tmp/b.dat" 2>/dev/null | grep -q 'sched_process_exec:.*cli-b-true' &&
			break
		tcrc=nodata
	done
	if [ "$tcrc" != 0 ]; then
		skip "-i of a trace-cmd record -B file" "trace-cmd record -B failed 3 times ($tcrc)"
	else
		"$rec" -i "$tmp/b.dat" -e exec >"$tmp/out" 2>"$tmp/err"
		rc=$?
		[ $rc -eq 0 ] &&
			grep -qE "^[0-9.]+ cli-b-true\[[0-9]+\] exec $tmp/cli-b-true\$" "$tmp/out"
		ok $? "-i of a trace-cmd record -B file: the instance's events are read (rc $rc)" "$tmp/out"
	fi
fi

# --- a command that cannot run; the hold pipe; JSON's wall clock ------

# Not in PATH: refused before anything runs (strace: "Can't stat"), one
# line, 127, no failed execve per PATH directory.
rm -f "$tmp/ev"
run -e exec,exit -o "$tmp/ev" -- nosuchcmd-utrace >"$tmp/out" 2>"$tmp/err"
[ $rc -eq 127 ] && [ ! -s "$tmp/ev" ] &&
	[ "$(cat "$tmp/err")" = "utrace-record: cannot run nosuchcmd-utrace: No such file or directory" ] &&
	instance_gone
ok $? "-- nosuchcmd: refused in one line, exit 127, no exec failed lines (rc $rc)" "$tmp/ev"

# The name in that message is escaped: no raw ESC reaches the terminal.
run -o "$tmp/ev" -- "$(printf 'no\nsuch\033[31mRED')" >"$tmp/out" 2>"$tmp/err"
[ $rc -eq 127 ] && ! grep -q "$(printf '\033')" "$tmp/err" &&
	grep -qxF 'utrace-record: cannot run no\nsuch\x1b[31mRED: No such file or directory' "$tmp/err"
ok $? "cannot run: the name is escaped (rc $rc)" "$tmp/err"

# The read of the hold pipe before COMMAND's exec is not shown.
run -e all -o "$tmp/ev" -- /bin/true 2>"$tmp/err"
head -1 "$tmp/ev" | grep -qE '^[0-9.]+ true\[[0-9]+\] syscall_entry execve\(' &&
	! grep -q ' syscall_exit read = 1$' "$tmp/ev"
ok $? "-e all -- true: the first line is its execve, no 'read = 1' of the hold (rc $rc)" "$tmp/ev"

# JSON carries the wall clock: time_unix_ns, near date(1)'s.
before=$(date +%s%N)
run --json -e exec -o "$tmp/ev" -- /bin/true 2>"$tmp/err"
after=$(date +%s%N)
python3 - "$tmp/ev" "$before" "$after" >"$tmp/diff" 2>&1 <<'EOP'
import json, sys
before, after = int(sys.argv[2]), int(sys.argv[3])
ev = [json.loads(l) for l in open(sys.argv[1])]
assert ev, "no lines"
for o in ev:
    t = o["time_unix_ns"]
    assert isinstance(t, int) and before - 10**9 <= t <= after + 10**9, (t, before, after)
EOP
ok $? "--json: time_unix_ns, within a second of date(1) (rc $rc)" "$tmp/diff"

# --- options that do nothing or contradict: refused --------------------

refused() {	# refused NAME WANT-MESSAGE ARGS...
	local name=$1 msg=$2
	shift 2
	rm -f "$tmp/ran"
	"$rec" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && grep -qF "$msg" "$tmp/err" && [ ! -e "$tmp/ran" ] &&
		[ ! -s "$tmp/out" ] && no_instances
	ok $? "$name: usage error, exit 2 (rc $rc)" "$tmp/err"
}
refused "--json -t" "utrace-record: -t and -r are for text lines" --json -t -- touch "$tmp/ran"
refused "--json -r" "utrace-record: -t and -r are for text lines" --json -r -- touch "$tmp/ran"
refused "--comm of 21 bytes" "utrace-record: --comm: task names are at most 15 bytes (the kernel cuts longer ones): use 'averyveryverylo'" \
	--comm averyveryverylongname -- touch "$tmp/ran"
refused "--follow with COMMAND" "utrace-record: --follow needs -p PID" --follow -- touch "$tmp/ran"
refused "-e syscall_entry -Z" "utrace-record: -Z shows failed calls at their exit: -e syscall_entry does not apply" \
	-e exec,syscall_entry -Z -- touch "$tmp/ran"

# utrace-inject is for fault injection, and says its own name.
inj=$(dirname "$rec")/utrace-inject
rm -f "$tmp/ran"
"$inj" -- touch "$tmp/ran" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && [ ! -e "$tmp/ran" ] &&
	grep -qx 'utrace-inject: needs -e inject=SPEC or -e fault=SPEC (to record only, run utrace-record)' "$tmp/err" &&
	grep -qx "Try 'utrace-inject --help'." "$tmp/err" && no_instances
ok $? "utrace-inject without -e inject=: usage error as utrace-inject, exit 2 (rc $rc)" "$tmp/err"
session=/sys/kernel/debug/fail_utrace_syscall/session
if [ -e "$session" ]; then
	skip "utrace-inject on a stock kernel: exit 1" "this kernel has $session"
else
	rm -f "$tmp/ran"
	"$inj" -e inject=getppid:retval=1 -- touch "$tmp/ran" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 1 ] && [ ! -e "$tmp/ran" ] &&
		grep -qxF "utrace-inject: fault injection needs a kernel with utrace-global (no $session)" "$tmp/err" &&
		no_instances
	ok $? "utrace-inject on a stock kernel: a runtime error, exit 1, as utrace-inject (rc $rc)" "$tmp/err"
fi

echo "1..$n"
[ $failed -eq 0 ]
