#!/bin/bash
# The boot-time KUnit suite utrace_causes: the exit cause of a fatal
# signal and of a thread's own exit, and which argument of a system call
# is the path utrace_syscall_entry copies (x86_64 and i386 tables).
. "$(dirname "$0")/lib.sh"
if ! have_utrace; then
	skip "kunit utrace_causes" "kernel without CONFIG_UTRACE_GLOBAL"
	tap_done
fi
if ! kunit_suite utrace_causes; then
	not_ok "kunit: suite utrace_causes ran at boot"
	tap_done
fi
expect_eq "kunit: all 3 cases reported" 3 "$KUNIT_CASES"
check "kunit: suite passed" grep -q '^ok [0-9]* utrace_causes$' <<< "$KTAP"
tap_done
