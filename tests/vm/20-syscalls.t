#!/bin/bash
# utrace:utrace_syscall_entry/exit: exact nr and return values, the work bit on
# every thread while on and on none after, and perf turning them on.
. "$(dirname "$0")/lib.sh"
if ! have_utrace; then
	skip "utrace syscall events" "kernel without CONFIG_UTRACE_GLOBAL"
	tap_done
fi
all_threads() { ls -d /proc/[0-9]*/task/[0-9]* | wc -l; }

instance_new sys$$
for e in $(utrace_names syscall_entry syscall_exit); do
	echo 'comm == "ut-proc"' > "$INST/events/utrace/$e/filter"
done
enable utrace:utrace_syscall_entry utrace:utrace_syscall_exit
echo 1 > "$INST/tracing_on"
expect_eq "flags: both syscall events" "0x00c0 SYSCALL_ENTRY SYSCALL_EXIT" "$(status_field flags)"
expect_eq "every thread carries the syscall work bit" \
	"$(status_field threads)" "$(status_field syscall_work_threads)"

run getppid
ppid=$(echo "$out" | sed -n 's/^ppid=//p')
check "syscall_entry: getppid (nr 110) seen" grep -q '^nr=110 ' <<< "$(ev syscall_entry $PID)"
expect_eq "syscall_exit: getppid returns the parent's pid" "nr=110 arch=x86_64 ret=$ppid verdict=ran rule=0" \
	"$(ev syscall_exit $PID | grep '^nr=110 ')"

run enoent
expect_eq "syscall_exit: failing openat returns -ENOENT" "nr=257 arch=x86_64 ret=-2 verdict=ran rule=0" \
	"$(ev syscall_exit $PID | grep '^nr=257 ' | tail -1)"

run thread 0
check "a thread created while syscall events are on is traced" \
	test -n "$(ev syscall_entry $TID)"

disable_all
expect_eq "flags are 0 after disabling syscall events" "0x0000" "$(status_field flags)"
expect_eq "no thread keeps the work bit" 0 "$(status_field syscall_work_threads)"
instance_remove

# perf enables the same events and sets the same flags.
perf stat -a -e utrace:utrace_syscall_entry -e utrace:utrace_syscall_exit -o /tmp/perf.out -- \
	cat $TRACEFS/utrace/status > /tmp/status.perf 2>/dev/null
expect_eq "perf stat sets the syscall flags" "0x00c0 SYSCALL_ENTRY SYSCALL_EXIT" \
	"$(sed -n 's/^flags: //p' /tmp/status.perf)"
check "perf counted syscall entries" \
	test "$(grep utrace:utrace_syscall_entry /tmp/perf.out | tr -d ' ,' | grep -o '^[0-9]*')" -gt 0
expect_eq "flags are 0 after perf exits" "0x0000" "$(status_field flags)"
expect_eq "no thread keeps the work bit after perf" 0 "$(status_field syscall_work_threads)"

perf stat -a -e utrace:utrace_clone -o /tmp/perf.out -- $PROGS/ut-proc fork-exit 0 > /dev/null
expect_eq "perf counts one clone of ut-proc" 1 \
	"$(grep utrace:utrace_clone /tmp/perf.out | awk '{print $1}')"
tap_done
