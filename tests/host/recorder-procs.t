#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record's process model against ground truth (TAP), compat mode
# on the host: a pid given to a new child while the old task is not yet
# freed (the workload's own log: both exits, two rows in --summary and
# --tree, the new task still traced), a thread's crash (strace -f: all
# threads killed by the signal), a non-leader execve, renames (prctl,
# pthread_setname_np; --comm), SIGCONT to a stopped task, --summary with
# --tree, a tree task below the recorder's pid after a pid wrap.
# Needs root, tracefs, a C compiler and strace (the crash checks skip
# without it); skips everything when tracefs cannot be used.
set -u
. "$(dirname "$0")/lib.sh"
recorder_test_init sched/sched_process_fork

progs=$top/tests/host/progs
build() {
	cc -O2 -Wall -pthread -o "$tmp/$1" "$progs/$1.c" 2>"$tmp/cc"
	ok $? "build tests/host/progs/$1.c" "$tmp/cc"
}
build ut-pidreuse
build ut-tasks
build ut-threads

# wait status (decimal) -> the recorder's text
wstatus() {
	if [ $(($1 & 0x7f)) -eq 0 ]; then
		echo "status=$((($1 >> 8) & 0xff))"
	else
		echo "signal=SIG$(kill -l $(($1 & 0x7f)))"
	fi
}

# --- M1: pid reuse ----------------------------------------------------

# 4-8: A exits 1 and is reaped, B gets A's pid (ns_last_pid) and execs
# sleep 0.05.  The workload's log has both exits.
run -o "$tmp/out" --summary --tree -- "$tmp/ut-pidreuse" >"$tmp/log" 2>"$tmp/err"
strip_time "$tmp/out" >"$tmp/got"
P=$(sed -nE 's/^A=([0-9]+) B=\1 REUSED$/\1/p' "$tmp/log")
if [ -z "$P" ]; then
	for i in 4 5 6 7 8; do
		skip "pid reuse check $i" "B did not get A's pid: $(head -1 "$tmp/log")"
	done
else
	# The exits of pid P in the recorder's order = the log's order.
	awk '$1 == "exit" { print $2, $3 }' "$tmp/log" | while read -r pid st; do
		echo "[$pid] exit $(wstatus "$st")"
	done >"$tmp/want"
	sed -nE "s/^[^[]*(\\[$P\\] exit .*)/\\1/p" "$tmp/got" >"$tmp/exits"
	[ $rc -eq 0 ] && diff -u "$tmp/want" "$tmp/exits" >"$tmp/diff" &&
		grep -qx "ut-pidreuse\[$P\] exit status=1" "$tmp/got" &&
		grep -qx "sleep\[$P\] exit status=0" "$tmp/got"
	ok $? "pid $P reused: both exits, with the statuses of the workload's log" "$tmp/diff"

	# Two rows of pid P in the summary: A (status=1, no exec) and B.
	awk -v p=$P '$1 == p' "$tmp/got" >"$tmp/rows"
	grep -qE "^$P +ut-pidreuse +[0-9.]+ +status=1 .* -\$" "$tmp/rows" &&
		grep -qE "^$P +sleep +[0-9.]+ +status=0 .*/sleep\$" "$tmp/rows" &&
		[ "$(wc -l <"$tmp/rows")" = 2 ]
	ok $? "--summary: two rows for pid $P (A status=1, B sleep status=0)" "$tmp/got"

	# Both under the parent in the tree.
	grep -qE "^\|-- $P ut-pidreuse: status=1 after " "$tmp/got" &&
		grep -qE "^\`-- $P sleep exec /(usr/)?bin/sleep: status=0 after " "$tmp/got"
	ok $? "--tree: A and B, both children of the parent" "$tmp/got"

	# A's free comes after B's fork: its reap line is A's.
	first=$(grep -E "\[$P\] reap pid=$P\$" "$tmp/got" | head -1)
	[ "$first" = "ut-pidreuse[$P] reap pid=$P" ] &&
		! grep -qE "^sleep\[$P\] reap" <(sed -n "1,/^sleep\[$P\] exit/p" "$tmp/got")
	ok $? "the old task's reap line is its own ('$first')" "$tmp/got"

	# JSON: one summary and one tree, with the two tasks of pid P.
	run -o "$tmp/j" --json --summary --tree -- "$tmp/ut-pidreuse" >"$tmp/log" 2>"$tmp/err"
	python3 - "$tmp/j" "$tmp/log" >"$tmp/diff" 2>&1 <<'EOP'
import json, re, sys
objs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
log = open(sys.argv[2]).read()
m = re.search(r"A=(\d+) B=\1 REUSED", log)
assert m, log
p = int(m.group(1))
want = [int(s) >> 8 for q, s in re.findall(r"exit (\d+) (\d+)", log)
        if int(q) == p]
summ = [o for o in objs if o.get("event") == "summary"]
tree = [o for o in objs if o.get("event") == "tree"]
assert len(summ) == 1 and len(tree) == 1, (len(summ), len(tree))
rows = [r["exit_status"] for r in summ[0]["processes"] if r["pid"] == p]
assert rows == want, (rows, want)
tasks = [t["exit_status"] for t in tree[0]["tasks"] if t["pid"] == p]
assert sorted(tasks) == sorted(want), (tasks, want)
exits = [o["status"] for o in objs if o.get("event") == "exit" and o["pid"] == p]
assert exits == want, (exits, want)
EOP
	ok $? "JSON: both exits, one summary and one tree with two tasks of pid $P" "$tmp/diff"
fi

# 9: the new task stays traced after the old one's free took its pid
# out of set_event_pid: B (sh) runs 0.3 s, its wait4 and exit_group
# after the sleep are recorded.
run -o "$tmp/out" -e all -- "$tmp/ut-pidreuse" sh -c 'sleep 0.3; exit 3' >"$tmp/log" 2>"$tmp/err"
strip_time "$tmp/out" >"$tmp/got"
P=$(sed -nE 's/^A=([0-9]+) B=\1 REUSED$/\1/p' "$tmp/log")
if [ -z "$P" ]; then
	skip "pid reuse: the new task traced to its end" "B did not get A's pid"
else
	grep -qE "^sh\[$P\] syscall_entry exit_group\(" "$tmp/got" &&
		grep -qE "^sh\[$P\] syscall(_exit)? wait4.* = [0-9]+" "$tmp/got" &&
		grep -qx "sh\[$P\] exit status=3" "$tmp/got"
	ok $? "pid $P reused: the new task's syscalls after the old one's free are recorded" \
		"$(grep -E "\[$P\]" "$tmp/got" | tail -8)"
fi

# --- M3: a thread's crash; L1: a non-leader execve ------------------

# 10-11: strace -f says how each thread ended; the recorder the same,
# and never "cause unknown".
for mode in segv abort; do
	sig=SEGV; [ $mode = abort ] && sig=ABRT
	if ! command -v strace >/dev/null; then
		skip "thread $mode" "no strace"
		continue
	fi
	(ulimit -c 0; strace -f -qq -e trace=none -o "$tmp/st" "$tmp/ut-tasks" $mode >/dev/null 2>&1)
	want=$(grep -c "+++ killed by SIG$sig" "$tmp/st")
	(ulimit -c 0; "$rec" -o "$tmp/out" -e signal,exit -- "$tmp/ut-tasks" $mode >/dev/null 2>"$tmp/err")
	rc=$?
	strip_time "$tmp/out" >"$tmp/got"
	[ "$want" = 3 ] && [ $rc -eq $((128 + $(kill -l $sig))) ] &&
		[ "$(grep -cE "^ut-tasks\[[0-9]+\] exit signal=SIG$sig\$" "$tmp/got")" = 3 ] &&
		[ "$(grep -c ' exit ' "$tmp/got")" = 3 ] &&
		! grep -q 'cause unknown\|status=?' "$tmp/got"
	ok $? "a thread's SIG$sig: every thread 'exit signal=SIG$sig' as strace -f says ($want), rc $rc" "$tmp/got"
done

# 12: JSON of the crash: no cause "unknown", every exit signal SIGSEGV.
(ulimit -c 0; "$rec" -o "$tmp/j" --json -e exit -- "$tmp/ut-tasks" segv >/dev/null 2>"$tmp/err")
python3 - "$tmp/j" >"$tmp/diff" 2>&1 <<'EOP'
import json, sys
ex = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
ex = [e for e in ex if e.get("event") == "exit"]
assert len(ex) == 3, ex
for e in ex:
    assert e["signal"] == "SIGSEGV" and e["cause"] is None, e
EOP
ok $? "JSON: a thread's SIGSEGV: signal SIGSEGV and cause null on all three" "$tmp/diff"

# 13: a thread execs: its old tid is not left "running" in the tree, the
# summary or the JSON tree; the other threads exit 0 as the kernel says.
run -o "$tmp/out" --summary --tree -- "$tmp/ut-threads" exec >/dev/null 2>"$tmp/err"
strip_time "$tmp/out" >"$tmp/got"
L=$(sed -nE 's/^true\[([0-9]+)\] exec .* old_pid=([0-9]+) argv=\["true"\]$/\1/p' "$tmp/got")
T=$(sed -nE 's/^true\[([0-9]+)\] exec .* old_pid=([0-9]+) argv=\["true"\]$/\2/p' "$tmp/got")
[ -n "$T" ] && ! grep -q 'running' "$tmp/got" &&
	grep -qE "^\`-- $T true \(thread of $L\): superseded by execve in pid $L" "$tmp/got" &&
	grep -qE "^$T +true +[0-9.]+ +execve as $L " "$tmp/got" &&
	[ "$(grep -cE "exit status=0 \(execve in $T\)\$" "$tmp/got")" = 2 ]
ok $? "non-leader execve: tid $T 'superseded by execve in pid $L', not running; siblings status=0" "$tmp/got"

# --- M4: renames ------------------------------------------------------

# 14: threads renamed with pthread_setname_np, the leader with prctl,
# its child cloned after the rename.
run -o "$tmp/out" -e exit -- "$tmp/ut-tasks" names >/dev/null 2>"$tmp/err"
strip_time "$tmp/out" | sed -E 's/\[[0-9]+\]/[N]/' | sort >"$tmp/got"
printf '%s\n' 'main-renamed[N] exit status=0' 'main-renamed[N] exit status=4' \
	'worker-1[N] exit status=0' 'worker-2[N] exit status=0' >"$tmp/want"
diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"
ok $? "renames: worker-1, worker-2 and main-renamed (and its child) by their names" "$tmp/diff"

# 15: --comm worker-1 finds the renamed thread: its exit (and its reap,
# when the free comes before the recording ends), nothing else.
run -o "$tmp/out" --comm worker-1 -- "$tmp/ut-tasks" names >/dev/null 2>"$tmp/err"
strip_time "$tmp/out" >"$tmp/got"
[ $rc -eq 0 ] && grep -qE '^worker-1\[[0-9]+\] exit status=0$' "$tmp/got" &&
	! grep -qvE '^worker-1\[([0-9]+)\] (exit status=0|reap pid=\1)$' "$tmp/got"
ok $? "--comm worker-1: the renamed thread's exit" "$tmp/got"

# --- L4, M9, L12 ------------------------------------------------------

# 16: SIGCONT continues a stopped task; to a running one it is ignored.
bg -o "$tmp/out" -e signal,exit -- sleep 5 2>"$tmp/err"
sleep 0.5
s=$(pgrep -P $rpid sleep)
kill -STOP $s; sleep 0.3; kill -CONT $s; sleep 0.3; kill -CONT $s; sleep 0.2
kill -TERM $s
wait $rpid
strip_time "$tmp/out" | sed -E 's/ \(traced in [0-9]+\)$//' >"$tmp/got"
cat >"$tmp/want" <<EOW
sleep[$s] signal SIGSTOP from $$ -> stop
sleep[$s] signal SIGCONT from $$ -> continue
sleep[$s] signal SIGCONT from $$ -> ignore
sleep[$s] signal SIGTERM from $$ -> terminate
sleep[$s] exit signal=SIGTERM
EOW
diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"
ok $? "SIGCONT: '-> continue' when stopped, '-> ignore' when running" "$tmp/diff"

# 17: --summary --tree: each table once, in text and JSON.
run -o "$tmp/out" -q --summary --tree -- true 2>"$tmp/err"
run -o "$tmp/j" -q --json --summary --tree -- true 2>"$tmp/err"
[ "$(grep -c '^=== summary: processes' "$tmp/out")" = 1 ] &&
	[ "$(grep -c '^=== tree' "$tmp/out")" = 1 ] &&
	[ "$(grep -c '"event":"summary"' "$tmp/j")" = 1 ] &&
	[ "$(grep -c '"event":"tree"' "$tmp/j")" = 1 ]
ok $? "--summary --tree: the summary once (text and JSON)" "$tmp/out"

# 18: after a pid wrap (ns_last_pid), a tree task below the recorder's
# pid: a SIGTERM from outside is seen and names its sender.
low=3000
bg -o "$tmp/out" -e signal,exit -- sh -c \
	"exec 9<>/proc/sys/kernel/ns_last_pid; flock 9; echo $low >&9; sleep 5 & flock -u 9; wait" 2>"$tmp/err"
sleep 0.5
s=$(pgrep -P $rpid -f 'sh -c')
s=$(pgrep -P "${s:-0}" sleep)
if [ -z "$s" ] || [ "$s" -ge "$rpid" ]; then
	kill -TERM $rpid; wait $rpid
	skip "a tree task below the recorder's pid" "sleep got pid ${s:-none}, recorder $rpid"
else
	kill -TERM $s
	wait $rpid
	strip_time "$tmp/out" >"$tmp/got"
	grep -qE "^sleep\[$s\] signal SIGTERM from $$ -> terminate" "$tmp/got" &&
		grep -qx "sleep\[$s\] exit signal=SIGTERM" "$tmp/got"
	ok $? "pid $s below the recorder's ($rpid): kill -TERM from outside seen" "$tmp/got"
fi

no_instances
ok $? "no instance left behind"
echo "1..$n"
[ $failed -eq 0 ]
