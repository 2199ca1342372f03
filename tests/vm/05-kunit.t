#!/bin/bash
# The boot-time KUnit suite utrace_global, reported case by case from dmesg.
. "$(dirname "$0")/lib.sh"
if ! have_utrace; then
	skip "kunit utrace_global" "kernel without CONFIG_UTRACE_GLOBAL"
	tap_done
fi
ktap=$(dmesg | sed 's/^\[[ 0-9.]*\] //' |
	sed -n '/# Subtest: utrace_global$/,/^ok [0-9]* utrace_global$/p')
if [ -z "$ktap" ]; then
	not_ok "kunit: suite utrace_global ran at boot"
	tap_done
fi
cases=0
while read -r status name; do
	cases=$((cases + 1))
	if [ "$status" = ok ]; then ok "kunit: $name"; else not_ok "kunit: $name"; fi
done < <(echo "$ktap" | sed -nE 's/^ +(not ok|ok) [0-9]+ ([a-z_]+)$/\1 \2/p' | sed 's/^not ok/not_ok/')
expect_eq "kunit: all 7 cases reported" 7 "$cases"
check "kunit: suite passed" grep -q '^ok [0-9]* utrace_global$' <<< "$ktap"
tap_done
