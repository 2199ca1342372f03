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
while read -r status name reason; do
	cases=$((cases + 1))
	case $status in
	ok) ok "kunit: $name" ;;
	skip) skip "kunit: $name" "$reason" ;;
	*) not_ok "kunit: $name" ;;
	esac
done < <(echo "$ktap" | sed -nE 's/^ +(not ok|ok) [0-9]+ ([a-z_]+)( # SKIP (.*))?$/\1 \2\3/p' |
	sed -E 's/^not ok/not_ok/; s/^ok ([a-z_]+) # SKIP /skip \1 /')
expect_eq "kunit: all 9 cases reported" 9 "$cases"
check "kunit: suite passed" grep -q '^ok [0-9]* utrace_global$' <<< "$ktap"
# Booted with trace_event=utrace:...: the cases ran with those events on.
if grep -qE '(^| )trace_event=([^ ]*,)?utrace:' /proc/cmdline; then
	flags=$(status_field flags)
	diag "booted with $(grep -oE 'trace_event=[^ ]*' /proc/cmdline); flags $flags"
	check "kunit: utrace events enabled at boot are on" test "${flags%% *}" != 0x0000
fi
tap_done
