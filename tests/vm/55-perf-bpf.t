#!/bin/bash
# perf trace and bpftrace read utrace:* like any tracepoint: exact exec
# and exit values of a known child.  bpftrace needs the kernel's BTF
# (CONFIG_DEBUG_INFO_BTF, as Debian's kernel has) to know pid_t and the
# other types of the event fields.
. "$(dirname "$0")/lib.sh"
P=$PROGS/ut-proc
if ! have_utrace; then
	skip "perf trace and bpftrace on utrace:*" "kernel without CONFIG_UTRACE_GLOBAL"
	tap_done
fi

# perf trace: one line per event, "utrace:utrace_exit(code=...)" with the
# event's own print format (--libtraceevent_print; the default prints
# raw field values).
PT="perf trace --libtraceevent_print"
$PT -e 'utrace:utrace_exec,utrace:utrace_exit' -o /tmp/ptrace.out -- \
	$P exec > /tmp/ptrace.prog 2>/dev/null
pt=$(cat /tmp/ptrace.out)
child=$(sed -n 's/^child=\([0-9]*\).*/\1/p' /tmp/ptrace.prog)
check "perf trace: child pid known" test -n "$child"
check "perf trace: exec of /bin/true by the child, exact pids" \
	grep -qE "utrace:utrace_exec\(filename=/bin/true old_pid=$child pid=$child start=[0-9]+ cgroup=[0-9]+\)" <<< "$pt"
check "perf trace: the child's exit code 0, by its exit_group" \
	grep -qE "/$child .*utrace:utrace_exit\(code=0x0 status=0 signal=0 cause=exit_group cause_pid=$child sender=-1 uid=-1 si_code=0 start=[0-9]+ cgroup=[0-9]+\)" <<< "$pt" ||
	diag "perf trace output: $(head -5 /tmp/ptrace.out)"
$PT -e 'utrace:utrace_exit' -o /tmp/ptrace2.out -- $P fork-exit 5 > /tmp/ptrace2.prog 2>/dev/null
child=$(sed -n 's/^child=\([0-9]*\).*/\1/p' /tmp/ptrace2.prog)
check "perf trace: exit(5) of the child is code=0x500 status=5, exit_group" \
	grep -qE "/$child .*utrace:utrace_exit\(code=0x500 status=5 signal=0 cause=exit_group cause_pid=$child sender=-1 uid=-1 si_code=0 start=[0-9]+ cgroup=[0-9]+\)" /tmp/ptrace2.out
expect_eq "flags are 0 after perf trace" "0x0000" "$(status_field flags)"
grep -qE "/$child .*utrace_exit\(code=0x500" /tmp/ptrace2.out ||
	diag "perf trace output: $(head -5 /tmp/ptrace.out /tmp/ptrace2.out)"

# Opening a utrace event through perf needs what raw tracepoint data
# needs (CAP_PERFMON or CAP_SYS_ADMIN at perf_event_paranoid >= 0), even
# for a per-task user-only counter: enabling one puts every thread of the
# machine on the hook paths.  (ut-hold's perf probe: "perf=0" or
# "perf=errno N".)
diag "perf_event_paranoid: $(cat /proc/sys/kernel/perf_event_paranoid)"
mid=$(cat $TRACEFS/events/sched/sched_process_exec/id)
diag "for comparison, sched:sched_process_exec as uid 65534: $($PROGS/ut-hold perf $mid 65534)"
for e in $(utrace_names clone vfork_done exec exit death reap syscall_entry \
		syscall_exit signal jctl task); do
	id=$(cat $TRACEFS/events/utrace/$e/id)
	out=$($PROGS/ut-hold perf $id 65534)
	check "perf_event_open(utrace:$e), counting, as uid 65534: EPERM" \
		test "$out" = "perf=errno 1"
	[ "$out" = "perf=errno 1" ] || diag "got: $out"
done
for e in $(utrace_names syscall_entry syscall_exit); do
	id=$(cat $TRACEFS/events/utrace/$e/id)
	expect_eq "perf_event_open(utrace:$e), counting, as root" \
		"perf=0" "$($PROGS/ut-hold perf $id -1)"
done
expect_eq "flags are 0 after the perf_event_open probes" "0x0000" "$(status_field flags)"

# bpftrace: the event fields by name, through BTF.  The lockdep + KASAN
# build (make check-debug) leaves BTF out: its checks are skipped there.
case $(uname -r) in
*-debug-utrace)
	if [ ! -e /sys/kernel/btf/vmlinux ]; then
		for c in "kernel BTF present" "bpftrace: child pid known" \
			"bpftrace: exec fields of the child" \
			"bpftrace: exit code of /bin/true" \
			"bpftrace: exit(5) is code 1280, status 5" \
			"flags are 0 after bpftrace"; do
			skip "$c" "debug build without BTF (configs/debug.config)"
		done
		tap_done
	fi ;;
esac
check "kernel BTF present" test -s /sys/kernel/btf/vmlinux
bt() { timeout 600 bpftrace -q "$@" 2> /tmp/bt.err; }
bt -e 'tracepoint:utrace:utrace_exec /str(args->filename) == "/bin/true"/ {
	printf("exec %s old_pid=%d pid=%d\n", str(args->filename), args->old_pid, args->pid); }
tracepoint:utrace:utrace_exit /comm == "true"/ {
	printf("exit pid=%d code=%d\n", pid, args->code); }' \
	-c "$P exec" > /tmp/bt.out
child=$(sed -n 's/^child=\([0-9]*\).*/\1/p' /tmp/bt.out)
check "bpftrace: child pid known" test -n "$child"
expect_eq "bpftrace: exec fields of the child" "exec /bin/true old_pid=$child pid=$child" \
	"$(grep '^exec ' /tmp/bt.out)"
expect_eq "bpftrace: exit code of /bin/true" "exit pid=$child code=0" "$(grep '^exit ' /tmp/bt.out)"
bt -e 'tracepoint:utrace:utrace_exit /comm == "ut-proc" && args->code != 0/ {
	printf("exit pid=%d code=%d status=%d\n", pid, args->code, args->code >> 8); }' \
	-c "$P fork-exit 5" > /tmp/bt2.out
child=$(sed -n 's/^child=\([0-9]*\).*/\1/p' /tmp/bt2.out)
expect_eq "bpftrace: exit(5) is code 1280, status 5" "exit pid=$child code=1280 status=5" \
	"$(grep '^exit ' /tmp/bt2.out)"
[ -s /tmp/bt.err ] && diag "bpftrace stderr: $(head -3 /tmp/bt.err)"
expect_eq "flags are 0 after bpftrace" "0x0000" "$(status_field flags)"
tap_done
