#!/bin/bash
# Our events next to ptrace and seccomp: same behaviour on as off, and
# both the tracer and our events see the system calls.
. "$(dirname "$0")/lib.sh"
if ! have_utrace; then
	skip "utrace with ptrace and seccomp" "kernel without CONFIG_UTRACE_GLOBAL"
	tap_done
fi

# strace_run: run ut-proc getppid under strace -f; print "ppid strace_result rc"
strace_run() {
	local out rc
	out=$(strace -f -qq -e trace=getppid -o /tmp/strace.log $PROGS/ut-proc getppid)
	rc=$?
	PID=$(echo "$out" | sed -n 's/^pid=//p')
	echo "$(echo "$out" | sed -n 's/^ppid=//p') \
$(sed -n 's/.*getppid() *= *\([0-9]*\).*/\1/p' /tmp/strace.log) $rc"
}
strace_run > /tmp/off.txt
read -r ppid_off traced_off rc_off < /tmp/off.txt
expect_eq "strace without our events: tracer and tracee agree" "$ppid_off 0" "$traced_off $rc_off"

instance_new ptr$$
# Only the programs under test: reading the trace must not feed it.
for e in $(utrace_names syscall_entry syscall_exit); do
	echo 'comm == "ut-proc" || comm == "ut-seccomp"' > "$INST/events/utrace/$e/filter"
done
enable utrace:utrace_syscall_entry utrace:utrace_syscall_exit utrace:utrace_clone utrace:utrace_exec
echo 1 > "$INST/tracing_on"
strace_run > /tmp/on.txt
read -r ppid_on traced_on rc_on < /tmp/on.txt
expect_eq "strace with our events: tracer and tracee agree" "$ppid_on 0" "$traced_on $rc_on"
expect_eq "our syscall_exit saw the traced getppid" "nr=110 arch=x86_64 ret=$ppid_on verdict=ran rule=0" \
	"$(ev syscall_exit $PID | grep '^nr=110 ')"
expect_eq "exec under strace reported once" 1 "$(ev exec $PID | wc -l)"

clear_trace
out_on=$($PROGS/ut-seccomp)
expect_eq "our syscall_exit shows seccomp's EPERM for getppid, and who denied it" \
	"nr=110 arch=x86_64 ret=-1 verdict=seccomp rule=0" \
	"$(grep -E 'ut-seccomp-[0-9]+ .* utrace_syscall_exit: nr=110 ' "$INST/trace" | sed -E 's/^.* utrace_syscall_exit: //')"
check "our syscall_entry of that getppid came before seccomp (verdict ran)" \
	grep -qE 'ut-seccomp-[0-9]+ .* utrace_syscall_entry: nr=110 arch=x86_64 args=\([^)]*\) verdict=ran$' "$INST/trace"
disable_all
out_off=$($PROGS/ut-seccomp)
expect_eq "seccomp verdicts: getppid EPERM with events off" \
	"getppid=-1 errno=1 getpid_ok=1" "$(echo $out_off)"
expect_eq "seccomp verdicts identical with events on" "$(echo $out_off)" "$(echo $out_on)"
tap_done
