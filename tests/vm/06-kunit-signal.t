#!/bin/bash
# The boot-time KUnit suite utrace_signal: what a global engine may do to
# a signal (never drop a forced death or a synchronous fault).
. "$(dirname "$0")/lib.sh"
if ! have_utrace; then
	skip "kunit utrace_signal" "kernel without CONFIG_UTRACE_GLOBAL"
	tap_done
fi
if ! kunit_suite utrace_signal; then
	not_ok "kunit: suite utrace_signal ran at boot (and passed)"
	tap_done
fi
expect_eq "kunit: all 4 cases reported" 4 "$KUNIT_CASES"
tap_done
