#!/bin/bash
# Enabling trace events never changes what a task does: the same workloads
# end the same way with every utrace event off and on (status, signal,
# core, and a process killed while its vfork child sleeps dies at once),
# and fatal signals that start a group exit at send time, SIGKILL among
# them, are still reported, in the sender, with the receiver's pid.
. "$(dirname "$0")/lib.sh"
O=$PROGS/ut-observe
if ! have_utrace; then
	skip "observer effect" "kernel without CONFIG_UTRACE_GLOBAL"
	tap_done
fi
modes="vfork-term sigwait-term threads-term kill9 exit-group segv handler stop-cont"

# outcomes: one "MODE: outcome" line per workload, child pids left out.
outcomes() {
	local m
	for m in $modes; do
		echo "$m: $($O $m | grep -v '^child=')"
	done
}

expected="vfork-term: parent termsig=15 core=0 child_running=1
sigwait-term: sigwait-term termsig=15 core=0
threads-term: threads-term termsig=15 core=0
kill9: kill9 termsig=9 core=0
exit-group: exit-group exit=7
segv: segv termsig=11 core=0
handler: handler exit=3
stop-cont: stopped=1 continued=1 stop-cont termsig=15 core=0"

off=$(outcomes)
expect_eq "tracing off: every workload ends as it must" "$expected" "$off"

instance_new observe$$
echo 'utrace:*' > "$INST/set_event"
echo 1 > "$INST/tracing_on"
expect_eq "every utrace event is on" \
	"0x3ffe REAP CLONE EXEC EXIT DEATH SYSCALL_ENTRY SYSCALL_EXIT SIGNAL SIGNAL_IGN SIGNAL_STOP SIGNAL_TERM SIGNAL_CORE JCTL" \
	"$(status_field flags)"
on=$(outcomes)
expect_eq "tracing on: the same outcomes as with tracing off" "$off" "$on"
disable_all

# The reports themselves, with only utrace:utrace_signal on (a small trace).
echo utrace:utrace_signal > "$INST/set_event"
# sig_line PID SIG: the utrace:utrace_signal record acted on for PID.
sig_line() { grep -E " utrace_signal: pid=$1 sig=$2 " "$INST/trace" | sed -E 's/^.* utrace_signal: //'; }
# sig_emitter PID SIG: the pid in the record's header (who emitted it).
sig_emitter() {
	grep -E " utrace_signal: pid=$1 sig=$2 " "$INST/trace" |
		sed -E 's/^ *.*-([0-9]+) +\[[0-9]+\].*/\1/'
}

clear_trace
out=$($O kill9); child=$(sed -n 's/^child=//p' <<< "$out")
expect_eq "SIGKILL is reported, with the receiver's pid and terminate" \
	"pid=$child sig=9 code=0 sender=$(sig_emitter $child 9) addr=0x0 disposition=terminate engine=terminate" \
	"$(sig_line $child 9)"
check "SIGKILL is reported in the sender, not in the killed process" \
	test "$(sig_emitter $child 9)" != "$child"

clear_trace
out=$($O threads-term); child=$(sed -n 's/^child=//p' <<< "$out")
sender=$(sig_emitter $child 15)
expect_eq "SIGTERM to a process without a handler: reported once, terminate" \
	"pid=$child sig=15 code=0 sender=$sender addr=0x0 disposition=terminate engine=terminate" \
	"$(sig_line $child 15)"

clear_trace
out=$($O vfork-term); child=$(sed -n 's/^child=//p' <<< "$out")
expect_eq "SIGTERM during a vfork wait: reported, and the outcome unchanged" \
	"terminate 1" \
	"$(sig_line $child 15 | sed -E 's/.*disposition=([a-z]+).*/\1/') $(grep -c child_running=1 <<< "$out")"

clear_trace
out=$($O segv); child=$(sed -n 's/^child=//p' <<< "$out")
expect_eq "SIGSEGV is dequeued and reported by the faulting thread" \
	"pid=$child sig=11 code=1 sender=-1 addr=0x0 disposition=core engine=core" \
	"$(sig_line $child 11)"
expect_eq "... in its own context" "$child" "$(sig_emitter $child 11)"
disable_all
expect_eq "flags are 0 afterwards" "0x0000" "$(status_field flags)"
tap_done
