#!/bin/bash
# Every utrace event, triggered by ut-proc, with the exact values it must carry.
. "$(dirname "$0")/lib.sh"
P=$PROGS/ut-proc
if ! have_utrace; then
	skip "utrace events" "kernel without CONFIG_UTRACE_GLOBAL"
	tap_done
fi
instance_new events$$
enable utrace:utrace_clone utrace:utrace_vfork_done utrace:utrace_exec utrace:utrace_exit utrace:utrace_death \
	utrace:utrace_reap utrace:utrace_signal utrace:utrace_jctl
expect_eq "flags while process events are on" \
	"0x3f3e REAP CLONE EXEC EXIT DEATH SIGNAL SIGNAL_IGN SIGNAL_STOP SIGNAL_TERM SIGNAL_CORE JCTL" \
	"$(status_field flags)"
echo 1 > "$INST/tracing_on"

run fork-exit 7
expect_eq "fork: wait status of exit(7)" 1792 "$STATUS"
expect_eq "clone: parent and child pid" "parent=$PID child=$CHILD tgid=$CHILD" \
	"$(ev clone $PID | cut -d' ' -f1-3)"
expect_eq "clone: fork flags" "flags=CHILD_CLEARTID|CHILD_SETTID exit_signal=17" \
	"$(ev clone $PID | cut -d' ' -f4-5)"
expect_eq "exit: code of exit(7)" "code=0x700 status=7 signal=0" "$(ev exit $CHILD | cut -d' ' -f1-3)"
expect_eq "death: last thread, SIGCHLD to parent" \
	"exit_code=0x700 group_dead=1 exit_signal=17" "$(ev death $CHILD | cut -d' ' -f1-3)"
expect_eq "reap: by the parent's wait" "pid=$CHILD tgid=$CHILD reaper=$PID" "$(ev reap $PID)"

run vfork
expect_eq "vfork: flags" "flags=VM|VFORK exit_signal=17" "$(ev clone $PID | cut -d' ' -f4-5)"
expect_eq "vfork_done: child pid" "child=$CHILD" "$(ev vfork_done $PID)"

run thread 0
line=$(ev clone $PID)
expect_eq "thread clone: child is the thread, tgid the process" \
	"parent=$PID child=$TID tgid=$PID" "$(echo "$line" | cut -d' ' -f1-3)"
check "thread clone: THREAD|VM|SIGHAND flags" \
	grep -qF 'VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID' <<< "$line"
expect_eq "death: non-leader thread, group not dead" \
	"exit_code=0x0 group_dead=0 exit_signal=-1" "$(ev death $TID | cut -d' ' -f1-3)"
expect_eq "death: leader is the last thread" \
	"exit_code=0x0 group_dead=1 exit_signal=17" "$(ev death $PID | cut -d' ' -f1-3)"

run exec
expect_eq "exec: filename and pids" "filename=/bin/true old_pid=$CHILD pid=$CHILD" \
	"$(ev exec $CHILD | cut -d' ' -f1-3)"

run kill 15
expect_eq "kill: wait status of SIGTERM" 15 "$STATUS"
expect_eq "signal: SIGTERM from parent terminates, reported by the sender" \
	"pid=$CHILD sig=15 code=0 sender=$PID addr=0x0 disposition=terminate engine=terminate" \
	"$(ev signal $PID)"
expect_eq "exit: code of SIGTERM death" "code=0xf status=0 signal=15" \
	"$(ev exit $CHILD | cut -d' ' -f1-3)"

run kill 9
expect_eq "kill: wait status of SIGKILL" 9 "$STATUS"
expect_eq "signal: SIGKILL is reported too, by the sender" \
	"pid=$CHILD sig=9 code=0 sender=$PID addr=0x0 disposition=terminate engine=terminate" \
	"$(ev signal $PID)"
expect_eq "signal: nothing reported in the killed process" "" "$(ev signal $CHILD)"

run crash 6
expect_eq "abort: wait status (no core, RLIMIT_CORE 0)" 6 "$STATUS"
expect_eq "signal: SIGABRT dumps core" \
	"pid=$CHILD sig=6 code=-6 sender=$CHILD addr=0x0 disposition=core engine=core" "$(ev signal $CHILD)"

run handler 10
expect_eq "signal: SIGUSR1 with a handler" \
	"pid=$PID sig=10 code=-6 sender=$PID addr=0x0 disposition=handler engine=handler" "$(ev signal $PID)"
run ignore 10
expect_eq "signal: SIGUSR1 with SIG_IGN" \
	"pid=$PID sig=10 code=-6 sender=$PID addr=0x0 disposition=ignore engine=ignore" "$(ev signal $PID)"
run default 28
expect_eq "signal: SIGWINCH default-ignored" \
	"pid=$PID sig=28 code=-6 sender=$PID addr=0x0 disposition=ignore engine=ignore" "$(ev signal $PID)"

run stop-cont
expect_eq "signal: SIGSTOP stops" \
	"pid=$CHILD sig=19 code=0 sender=$PID addr=0x0 disposition=stop engine=stop" \
	"$(ev signal $CHILD | grep sig=19)"
expect_eq "jctl: stop, parent notified" "type=stop sig=19 notify=1" "$(ev jctl $CHILD | grep stop)"
expect_eq "jctl: continue after SIGCONT" "type=continue sig=18 notify=1" \
	"$(ev jctl $CHILD | grep continue)"

run orphan-tstp
expect_eq "orphaned process group: SIGTSTP does not stop, the child runs on" 1280 "$STATUS"
expect_eq "signal: SIGTSTP in an orphaned process group is ignored" \
	"pid=$CHILD sig=20 code=-6 sender=$CHILD addr=0x0 disposition=ignore engine=ignore" \
	"$(ev signal $CHILD)"
expect_eq "jctl: no stop reported" "" "$(ev jctl $CHILD)"

run untraced
expect_eq "untraced clone: wait status" 768 "$STATUS"
expect_eq "clone: a CLONE_UNTRACED child is reported like any other" \
	"parent=$PID child=$CHILD tgid=$CHILD flags=UNTRACED exit_signal=17" "$(ev clone $PID | cut -d' ' -f1-5)"

# Each child's clone comes before anything the child does, on 2 CPUs.
clear_trace
for _ in $(seq 200); do /bin/true; done
# kids: pids that exec'd /bin/true; early: pids with an event before their clone.
bad=$(awk '
	{
		match($0, /-[0-9]+ +\[[0-9]+\]/)
		hdr = substr($0, RSTART + 1, RLENGTH - 1); sub(/ .*/, "", hdr)
	}
	/ utrace_clone: / { match($0, /child=[0-9]+/); cloned[substr($0, RSTART + 6, RLENGTH - 6)] = 1; next }
	/ utrace_exec: filename=\/bin\/true / { kids[hdr] = 1 }
	!(hdr in cloned) { early[hdr] = 1 }
	END { n = 0; for (k in kids) if (k in early) n++; print n }' "$INST/trace")
expect_eq "clone: reported before any event of the 200 children" 0 "$bad"
expect_eq "clone: all 200 children seen" 200 \
	"$(grep -cE " utrace_exec: filename=/bin/true " "$INST/trace")"

run autoreap
expect_eq "reap: autoreap with SIGCHLD ignored, by the child itself" \
	"pid=$CHILD tgid=$CHILD reaper=$CHILD" "$(ev reap $CHILD)"

disable_all
expect_eq "flags are 0 after disabling" "0x0000" "$(status_field flags)"
tap_done
