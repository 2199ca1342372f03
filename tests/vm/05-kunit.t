#!/bin/bash
# The boot-time KUnit suite utrace_global, reported case by case from dmesg.
. "$(dirname "$0")/lib.sh"
if ! have_utrace; then
	skip "kunit utrace_global" "kernel without CONFIG_UTRACE_GLOBAL"
	tap_done
fi
if ! kunit_suite utrace_global; then
	not_ok "kunit: suite utrace_global ran at boot"
	tap_done
fi
expect_eq "kunit: all 9 cases reported" 9 "$KUNIT_CASES"
check "kunit: suite passed" grep -q '^ok [0-9]* utrace_global$' <<< "$KTAP"
# Booted with trace_event=utrace:...: the cases ran with those events on.
if grep -qE '(^| )trace_event=([^ ]*,)?utrace:' /proc/cmdline; then
	flags=$(status_field flags)
	diag "booted with $(grep -oE 'trace_event=[^ ]*' /proc/cmdline); flags $flags"
	check "kunit: utrace events enabled at boot are on" test "${flags%% *}" != 0x0000
fi
tap_done
