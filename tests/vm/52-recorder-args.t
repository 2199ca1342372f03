#!/bin/bash
# utrace-record's decoded syscall arguments in native mode, where the
# records say which ABI a call used: one program makes mkdir and getpid
# through the x86_64 syscall instruction and through int $0x80 (i386
# numbers and 32-bit registers), and each is decoded from its own table.
. "$(dirname "$0")/lib.sh"
R=$UTRACE_REPO/tools/utrace-record/utrace-record
if ! have_utrace; then
	skip "utrace-record decoded arguments" "kernel without CONFIG_UTRACE_GLOBAL"
	tap_done
fi

rm -rf /tmp/args; mkdir -p /tmp/args
$R -e syscall_entry,syscall_exit -o /tmp/args.txt -- $PROGS/ut-compat /tmp/args \
	> /tmp/args.out 2> /tmp/args.err
expect_eq "recorder exits with the command's status" 0 "$?"
pid=$(sed -n 's/^pid=//p' /tmp/args.out)
# The path arguments are strings: the kernel copied them at entry
# (utrace_syscall_entry's path), from a 32-bit pointer for int $0x80.
check "i386 mkdir: the path the kernel copied and the mode in octal" \
	grep -qE "ut-compat\[$pid\] syscall \[i386\] mkdir\(\"/tmp/args/i386\", 0755\) = 0 <" /tmp/args.txt
check "x86_64 mkdir: the path and the mode in octal" \
	grep -qE "ut-compat\[$pid\] syscall mkdir\(\"/tmp/args/x86_64\", 0755\) = 0 <" /tmp/args.txt
check "i386 getpid: no arguments" \
	grep -qE "ut-compat\[$pid\] syscall \[i386\] getpid\(\) = $pid <" /tmp/args.txt
check "x86_64 openat: AT_FDCWD, a path and open flags" \
	grep -qE "ut-compat\[$pid\] syscall openat\(AT_FDCWD, \"[^\"]+\", O_RDONLY\|O_CLOEXEC\) = " /tmp/args.txt
check "exit_group: its status alone" \
	grep -qE "ut-compat\[$pid\] syscall_entry exit_group\(0\)$" /tmp/args.txt

rm -rf /tmp/args; mkdir -p /tmp/args
$R --json -e syscall_entry -o /tmp/args.json -- $PROGS/ut-compat /tmp/args > /dev/null 2>&1
check "--json: i386 mkdir's decoded_args (the path) beside its raw args" \
	grep -qE '"arch":"i386","name":"mkdir","args":\[[0-9]+,493(,[0-9]+){4}\],"decoded_args":\["\\"/tmp/args/i386\\"","0755"\]' /tmp/args.json
grep -E "mkdir|getpid|exit_group" /tmp/args.txt | sed 's/^/# /'
tap_done
