#!/bin/bash
# The boot-time KUnit suite utrace_signal: what a global engine may do to
# a signal (never drop a forced death or a synchronous fault).
. "$(dirname "$0")/lib.sh"
if ! have_utrace; then
	skip "kunit utrace_signal" "kernel without CONFIG_UTRACE_GLOBAL"
	tap_done
fi
ktap=$(dmesg | sed 's/^\[[ 0-9.]*\] //' |
	sed -n '/# Subtest: utrace_signal$/,/^ok [0-9]* utrace_signal$/p')
if [ -z "$ktap" ]; then
	not_ok "kunit: suite utrace_signal ran at boot (and passed)"
	tap_done
fi
cases=0
while read -r status name; do
	cases=$((cases + 1))
	if [ "$status" = ok ]; then ok "kunit: $name"; else not_ok "kunit: $name"; fi
done < <(echo "$ktap" | sed -nE 's/^ +(not ok|ok) [0-9]+ ([a-z_]+)$/\1 \2/p' | sed 's/^not ok/not_ok/')
expect_eq "kunit: all 4 cases reported" 4 "$cases"
tap_done
