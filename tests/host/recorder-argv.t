#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# argv on exec lines (TAP, compat mode on the host): the exact strings,
# escaped; more than 8; a failed exec's argv not given to the next one;
# JSON; --no-argv; no probe left after the end, after a SIGKILL (the next
# recorder and --reset remove it).  The host has no event probes: the
# recorder's uprobe on the C library's execve records argv here.
set -u
. "$(dirname "$0")/lib.sh"
recorder_test_init sched/sched_process_exec

# The probes of this test's recorders, also when a check failed.
argv_cleanup() {
	local p
	cleanup_probes=
	for p in $started; do
		kill -KILL "$p" 2>/dev/null
	done
	sleep 0.2
	for p in $started; do
		for e in execve execveat; do
			echo "-:utrace_argv_$p/$e" >>$T/dynamic_events 2>/dev/null
		done
	done
	cleanup
}
trap argv_cleanup EXIT
# probes [PID]: the argv probe groups in dynamic_events (of PID).
probes() {
	grep -o "utrace_argv_${1:-[0-9]*}/[a-z]*" $T/dynamic_events
}

prog=$tmp/ut-argv
cc -O2 -Wall -o "$prog" "$top/tests/host/progs/ut-argv.c" 2>"$tmp/cc"
ok $? "build tests/host/progs/ut-argv.c" "$tmp/cc"

# 2: spaces, an empty argument, newline, ESC and quotes, one line.
run -e exec -o "$tmp/out" -- /bin/echo "a b" "" "$(printf 'n\nl\033e')" '"q"\' >/dev/null 2>"$tmp/err"
want='exec /bin/echo argv=["/bin/echo","a b","","n\nl\x1be","\"q\"\\"]'
[ $rc -eq 0 ] && [ "$(wc -l <"$tmp/out")" = 1 ] &&
	[ "$(strip_time "$tmp/out" | sed -E 's/^echo\[[0-9]+\] //')" = "$want" ]
ok $? "exact argv, escaped: $want (rc $rc)" "$tmp/out"

# 3: more than 8: the first 8, then ,...
run -e exec -o "$tmp/out" -- /bin/true 1 2 3 4 5 6 7 8 9 2>"$tmp/err"
grep -qE '^[0-9.]+ true\[[0-9]+\] exec /bin/true argv=\["/bin/true","1","2","3","4","5","6","7",\.\.\.\]$' "$tmp/out"
ok $? "more than 8 arguments: 8 shown, then ,..." "$tmp/out"

# 4: a failed execve's argv is on its failed line, not on the next exec
# (a raw syscall: the uprobe has no record of it; an event probe would).
run -e exec -o "$tmp/out" -- "$prog" failraw 2>"$tmp/err"
strip_time "$tmp/out" | sed -E 's/\[[0-9]+\]/[P]/' >"$tmp/got"
printf '%s\n' "ut-argv[P] exec $prog argv=[\"$prog\",\"failraw\"]" \
	'ut-argv[P] exec failed: -2 ENOENT argv=["WRONG","secret"]' >"$tmp/want"
{ head -2 "$tmp/got" | diff -u "$tmp/want" - &&
  sed -n 3p "$tmp/got" | grep -qxE 'true\[P\] exec /bin/true( argv=\["true","raw"\])?'; } >"$tmp/diff"
ok $? "failed execve: argv on its failed line, not on the next exec (rc $rc)" "$tmp/diff"

# 5: execveat, and a string that cannot be read (?).
run -e exec -o "$tmp/out" -- "$prog" execveat 2>"$tmp/err"
grep -qE '^[0-9.]+ true\[[0-9]+\] exec /bin/true argv=\["true","at"\]$' "$tmp/out"
ok $? "execveat: argv=[\"true\",\"at\"]" "$tmp/out"
run -e exec -o "$tmp/out" -- "$prog" efault 2>"$tmp/err"
grep -qE '^[0-9.]+ ut-argv\[[0-9]+\] exec failed: -14 EFAULT argv=\["ut-argv",\?\]$' "$tmp/out"
ok $? "an unreadable string is ?" "$tmp/out"

# 7: JSON.
run --json -e exec -o "$tmp/json" -- /bin/sh -c '/bin/true x "" "$(printf "\033")"; /bin/true 1 2 3 4 5 6 7 8' 2>"$tmp/err"
python3 - "$tmp/json" >"$tmp/diff" 2>&1 <<'EOP'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
got = [(o["argv"], o["argv_truncated"]) for o in ev if o["event"] == "exec"]
want = [(["/bin/sh", "-c", '/bin/true x "" "$(printf "\\033")"; /bin/true 1 2 3 4 5 6 7 8'], False),
        (["/bin/true", "x", "", "\x1b"], False),
        (["/bin/true", "1", "2", "3", "4", "5", "6", "7"], True)]
assert got == want, got
EOP
ok $? "--json: argv arrays exact, argv_truncated" "$tmp/diff"

# 8: --no-argv: no argv, no probe, JSON null.
bg --no-argv -e exec -o "$tmp/out" -- sh -c 'sleep 0.5; /bin/true secret' 2>"$tmp/err"
for i in $(seq 100); do recording $rpid && break; sleep 0.05; done
probes $rpid >"$tmp/p"
wait $rpid
[ ! -s "$tmp/p" ] && ! grep -q 'argv=' "$tmp/out" && grep -q 'exec /bin/true$' "$tmp/out"
ok $? "--no-argv: exec lines without argv, no probe made" "$tmp/out"
run --no-argv --json -e exec -o "$tmp/json" -- /bin/true 2>"$tmp/err"
grep -q '"argv":null,"argv_truncated":null' "$tmp/json"
ok $? "--no-argv --json: argv null" "$tmp/json"

# 10: the probe exists while recording, is gone after a normal end.
bg -e exec -o "$tmp/out" -- sleep 0.5 2>"$tmp/err"
for i in $(seq 100); do recording $rpid && break; sleep 0.05; done
probes $rpid >"$tmp/p"
wait $rpid
grep -q "utrace_argv_$rpid/execve" "$tmp/p" && [ -z "$(probes $rpid)" ] &&
	instance_gone $rpid
ok $? "the probe utrace_argv_PID is there while recording, gone after the end" "$tmp/p"

# 11-12: SIGKILL leaves it; the next recorder removes it; so does --reset.
for how in next reset; do
	bg -e exec -o "$tmp/out" -- sleep 20 2>"$tmp/err"
	for i in $(seq 100); do recording $rpid && break; sleep 0.05; done
	killed=$rpid
	kids=$(pgrep -P $killed)
	kill -KILL $killed
	[ -n "$kids" ] && kill -KILL $kids 2>/dev/null
	wait $killed 2>/dev/null
	probes $killed >"$tmp/left"
	if [ $how = next ]; then
		run -e exec -o "$tmp/out" -- /bin/true 2>"$tmp/err"
	else
		run --reset 2>"$tmp/err"
	fi
	[ -s "$tmp/left" ] && [ -z "$(probes $killed)" ] &&
		grep -q "removed probe utrace_argv_$killed/execve left by recorder $killed" "$tmp/err"
	ok $? "SIGKILL leaves utrace_argv_$killed; $how removes it (rc $rc)" "$tmp/err"
done

echo "1..$n"
[ $failed -eq 0 ]
