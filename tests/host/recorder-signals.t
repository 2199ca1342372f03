#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record's compat-mode signals, exits and reaps on the host kernel
# (TAP): no invented SIGKILLs (a thread's exit_group, a kill from outside
# the tree, a non-leader execve), thread groups from clone flags, reap
# lines of the tree only, SIGCONT and ignored signals, SIGCHLD's CLD_*
# and child, failed execve.  Needs root, tracefs and a C compiler (for
# tests/host/progs/ut-threads.c); skips everything when tracefs cannot
# be used.  The EXIT trap kills what it started and removes instances.
set -u
. "$(dirname "$0")/lib.sh"
recorder_test_init sched/sched_process_fork

thr=$tmp/ut-threads
cc -O2 -Wall -pthread -o "$thr" "$top/tests/host/progs/ut-threads.c" 2>"$tmp/cc"
ok $? "build tests/host/progs/ut-threads.c" "$tmp/cc"

# --- item 1: no invented SIGKILLs ------------------------------------

# 2-3: a thread calls exit_group(7): its siblings exit with 7 because of
# it, and nobody "receives SIGKILL".
run -o "$tmp/out" -e clone,signal,exit -- "$thr" exit 7 >/dev/null 2>"$tmp/err"
strip_time "$tmp/out" >"$tmp/got"
pid=$(sed -nE 's/^ut-threads\[([0-9]+)\] clone .*/\1/p' "$tmp/got" | head -1)
tid=$(sed -nE "s/^ut-threads\\[([0-9]+)\\] exit status=7\$/\\1/p" "$tmp/got")
[ $rc -eq 7 ] && ! grep -q SIGKILL "$tmp/got" && [ -n "$tid" ] &&
	[ "$(grep -c ' exit ' "$tmp/got")" = 3 ] &&
	[ "$(grep -cE "^ut-threads\[[0-9]+\] exit status=7 \(exit_group in $tid\)\$" "$tmp/got")" = 2 ] &&
	grep -qx "ut-threads\[$pid\] exit status=7 (exit_group in $tid)" "$tmp/got"
ok $? "exit_group(7) in thread $tid: siblings 'exit status=7 (exit_group in $tid)', no SIGKILL (rc $rc)" "$tmp/got"
grep -qE "^ut-threads\[$pid\] clone child=[0-9]+ tgid=$pid flags=CLONE_VM\|.*CLONE_THREAD" "$tmp/got"
ok $? "threads: clone lines have tgid=$pid and CLONE_THREAD (task_newtask)" "$tmp/got"

# 4: the same in JSON: cause and cause_pid.
run -o "$tmp/out" --json -e exit -- "$thr" exit 7 >/dev/null 2>"$tmp/err"
python3 - "$tmp/out" >"$tmp/diff" 2>&1 <<'EOP'
import json, sys
ex = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
assert len(ex) == 3, ex
own = [e for e in ex if e["cause"] is None]
assert len(own) == 1 and own[0]["status"] == 7 and own[0]["cause_pid"] is None, ex
for e in ex:
    assert e["status"] == 7 and e["signal"] is None, e
    if e is not own[0]:
        assert e["cause"] == "exit_group" and e["cause_pid"] == own[0]["pid"], e
EOP
ok $? "--json: exit cause \"exit_group\", cause_pid the calling thread" "$tmp/diff"

# 5-6: kill from outside the traced tree: the real signal and sender,
# once, and every thread's exit by it.
for sig in TERM KILL; do
	rm -f "$tmp/tid"
	bg -o "$tmp/out" -e signal,exit -- "$thr" wait >/dev/null 2>"$tmp/err"
	for i in $(seq 100); do
		target=$(pgrep -P $rpid -x ut-threads)
		[ -n "$target" ] && break
		sleep 0.05
	done
	sleep 0.3
	kill -$sig "$target"
	wait $rpid
	rc=$?
	strip_time "$tmp/out" >"$tmp/got"
	signum=$(kill -l $sig)
	cat >"$tmp/want" <<EOW
signal SIG$sig from $$ -> terminate
exit signal=SIG$sig
exit signal=SIG$sig
exit signal=SIG$sig
EOW
	sed -E 's/^ut-threads\[[0-9]+\] //' "$tmp/got" >"$tmp/g2"
	[ $rc -eq $((128 + signum)) ] && diff -u "$tmp/want" "$tmp/g2" >"$tmp/diff" &&
		grep -qx "ut-threads\[$target\] exit signal=SIG$sig" "$tmp/got"
	ok $? "kill -$sig from outside: one 'signal SIG$sig from $$', three exits by it (rc $rc)" "$tmp/diff"
done

# 7: a thread that is not the leader execs: the leader's exit names the
# execve, nothing is killed by an invented SIGKILL.
run -o "$tmp/out" -e signal,exit,exec -- "$thr" exec >/dev/null 2>"$tmp/err"
strip_time "$tmp/out" >"$tmp/got"
pid=$(sed -nE 's/^ut-threads\[([0-9]+)\] exec .*/\1/p' "$tmp/got" | head -1)
tid=$(sed -nE "s/^true\\[$pid\\] exec \\/bin\\/true old_pid=([0-9]+) argv=\\[\"true\"\\]\$/\\1/p" "$tmp/got")
[ $rc -eq 0 ] && [ -n "$tid" ] && ! grep -q SIGKILL "$tmp/got" &&
	grep -qx "ut-threads\[$pid\] exit status=0 (execve in $tid)" "$tmp/got" &&
	[ "$(grep -c "exit status=0 (execve in $tid)" "$tmp/got")" = 2 ] &&
	grep -qx "true\[$pid\] exit status=0" "$tmp/got"
ok $? "execve in thread $tid: 'exit status=0 (execve in $tid)' for the others (the kernel's code), no SIGKILL (rc $rc)" "$tmp/got"

# --- item 6: reap lines of the tree, as the reaped task's own ---------

run -o "$tmp/out" -e clone,reap -- sh -c 'sleep 0.1 & wait; sleep 0.3' 2>"$tmp/err"
strip_time "$tmp/out" >"$tmp/got"
sh=$(sed -nE 's/^sh\[([0-9]+)\] clone .*/\1/p' "$tmp/got" | head -1)
kid=$(sed -nE 's/^sh\[[0-9]+\] clone child=([0-9]+) .*/\1/p' "$tmp/got" | head -1)
tree=" $sh $(sed -nE 's/^.*\] clone child=([0-9]+) .*/\1/p' "$tmp/got" | tr '\n' ' ')"
bad=0
for p in $(sed -nE 's/^.*\] reap pid=([0-9]+)$/\1/p' "$tmp/got"); do
	case "$tree" in *" $p "*) ;; *) bad=1 ;; esac
done
[ $rc -eq 0 ] && [ $bad -eq 0 ] && grep -qx "sleep\[$kid\] reap pid=$kid" "$tmp/got" &&
	! grep -qvE '^[a-z]+\[([0-9]+)\] (clone .*|reap pid=\1)$' "$tmp/got"
ok $? "reap: 'sleep[$kid] reap pid=$kid', every reap line is the tree's and its own" "$tmp/got"

# --- item 7: SIGCONT, ignored signals, SIGCHLD, failed execve --------

run -o "$tmp/out" -e signal -- sh -c 'kill -CONT $$; trap "" USR1; kill -USR1 $$; sleep 0.3 & kill -URG $!; wait' 2>"$tmp/err"
strip_time "$tmp/out" >"$tmp/got"
sh=$(sed -nE 's/^sh\[([0-9]+)\] .*/\1/p' "$tmp/got" | head -1)
grep -qx "sh\[$sh\] signal SIGCONT from $sh -> ignore" "$tmp/got"
ok $? "SIGCONT (default action) is shown: 'signal SIGCONT from $sh -> ignore'" "$tmp/got"
grep -qx "sh\[$sh\] signal SIGUSR1 from $sh -> ignore" "$tmp/got"
ok $? "SIGUSR1 to SIG_IGN is shown: '-> ignore'" "$tmp/got"
# (the child may not have exec'd sleep yet; the record is the sender's)
grep -qE "^(sh|sleep)\[[0-9]+\] signal SIGURG from $sh -> ignore \(traced in $sh\)\$" "$tmp/got"
ok $? "SIGURG to sleep (ignored by default) is shown" "$tmp/got"
kid=$(sed -nE "s/^(sh|sleep)\\[([0-9]+)\\] signal SIGURG.*/\\2/p" "$tmp/got")
grep -qE "^sh\[$sh\] signal SIGCHLD CLD_EXITED from $kid -> (handler|ignore)\$" "$tmp/got"
ok $? "SIGCHLD names CLD_EXITED and the child ($kid)" "$tmp/got"

run -o "$tmp/out" -e exec,exit -- sh -c 'exec /nonexistent-utrace/x' 2>"$tmp/err"
strip_time "$tmp/out" >"$tmp/got"
[ $rc -eq 127 ] && grep -qE '^sh\[[0-9]+\] exec failed: -2 ENOENT argv=\["/nonexistent-utrace/x"\]$' "$tmp/got" &&
	! grep -q '^utrace-record\[' "$tmp/got"
ok $? "failed execve: 'exec failed: -2 ENOENT', none under utrace-record's name (rc $rc)" "$tmp/got"

# --- item 9: smaller things -------------------------------------------

# The command's syscalls before its exec are its own, not utrace-record's.
run -o "$tmp/out" -e syscall_entry -- /bin/true 2>"$tmp/err"
[ $rc -eq 0 ] && grep -qE '^[0-9.]+ true\[[0-9]+\] syscall_entry execve\(' "$tmp/out" &&
	! grep -q 'utrace-record\[' "$tmp/out"
ok $? "syscalls before the command's exec are not shown as utrace-record's (rc $rc)" "$tmp/out"

# The banner claims nothing the lines contradict (senders, clone flags).
! grep -qE 'signal senders are unknown|clone flags' "$tmp/err" &&
	grep -q 'compat mode' "$tmp/err"
ok $? "compat banner does not say senders or clone flags are unknown" "$tmp/err"

# --summary: what compat cannot produce is n/a, not 0; the command's
# start (its exec) and duration are known; JSON splits the wait status.
run -o "$tmp/out" --summary -e exit,death,jctl,vfork_done -- sh -c 'exit 3' 2>"$tmp/err"
grep -qE '^death +n/a$' "$tmp/out" && grep -qE '^jctl +n/a$' "$tmp/out" &&
	grep -qE '^vfork_done +n/a$' "$tmp/out" && grep -qE '^exit +1$' "$tmp/out" &&
	grep -qE '^[0-9]+ +sh +[0-9]+\.[0-9]{6} +status=3 +[0-9]+\.[0-9]{6} +0 +' "$tmp/out"
ok $? "--summary: death/jctl/vfork_done n/a, exit 1, sh's start and duration" "$tmp/out"
# (also when its syscalls before the exec are recorded: -e all)
run -o "$tmp/out" -q --summary -e all -- sh -c 'exit 3' 2>"$tmp/err"
grep -qE '^[0-9]+ +sh +[0-9]+\.[0-9]{6} +status=3 +[0-9]+\.[0-9]{6} ' "$tmp/out"
ok $? "--summary -e all: the command starts at its exec, after its own syscalls" "$tmp/out"
run -o "$tmp/out" --json --summary -e exit,death -- sh -c 'kill -TERM $$' 2>"$tmp/err"
python3 - "$tmp/out" >"$tmp/diff" 2>&1 <<'EOP'
import json, sys
s = [json.loads(l) for l in open(sys.argv[1])][-1]
assert s["event"] == "summary", s
assert s["counts"] == {"exit": 1, "death": None}, s["counts"]
p = [x for x in s["processes"] if x["comm"] == "sh"][0]
assert p["exit_code"] == 15 and p["exit_status"] is None and p["exit_signal"] == "SIGTERM", p
assert p["start"] is not None and p["duration"] is not None and p["duration"] >= 0, p
EOP
ok $? "--json --summary: death null; exit_code 15 is exit_signal SIGTERM; start, duration" "$tmp/diff"

echo "1..$n"
[ $failed -eq 0 ]
