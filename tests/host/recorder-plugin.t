#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# plugin_utrace.so, the libtraceevent plugin for the native utrace events
# (TAP).  The host kernel has no utrace events: test-plugin parses the
# event formats under tools/utrace-record/tests/fixtures/events (one
# SYSTEM/EVENT/format file per event, the current formats) and
# fixtures/events-old (those captured from an older utrace kernel),
# loads the plugin through $TRACEEVENT_PLUGIN_DIR and checks the printed
# details of hand-built records.  Then trace-cmd itself is checked to
# load the plugin.
# No tracefs is touched.
set -u
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$top/tools/utrace-record
export LC_ALL=C
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! make -s -C "$dir" test-bin >"$log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - build test-plugin and plugin_utrace.so"
	sed 's/^/# /' "$log"
	exit 1
fi

# test-plugin prints its own TAP and plan; renumber it so trace-cmd
# checks can follow.
"$dir/test-plugin" "$dir/tests/fixtures/events" "$dir" \
	"$dir/tests/fixtures/events-old" >"$log" 2>&1
rc=$?
[ $rc -eq 0 ] || failed=1
while IFS= read -r line; do
	case $line in
	"ok "*|"not ok "*)
		n=$((n + 1))
		echo "$line" | sed -E "s/^(not )?ok [0-9]+/\\1ok $n/"
		;;
	1..*) ;;
	*) echo "$line" ;;
	esac
done <"$log"


nm -D --defined-only "$dir/plugin_utrace.so" | awk '{print $3}' | sort >"$log"
printf 'tep_plugin_loader\ntep_plugin_unloader\n' | diff -u - "$log" >/dev/null
ok $? "plugin exports only tep_plugin_loader and tep_plugin_unloader" "$(cat "$log")"

if command -v trace-cmd >/dev/null; then
	# libtraceevent dlopens plugins with RTLD_NOW: an unresolved symbol
	# would fail here.  (trace-cmd list -O opens every plugin.)
	out=$(TRACEEVENT_PLUGIN_DIR=$dir LD_DEBUG=files trace-cmd list -O 2>&1 </dev/null)
	# (Lookups of the optional tep_plugin_options/alias fail by design.)
	echo "$out" | grep -q "calling init: $dir/plugin_utrace.so" &&
		! echo "$out" | grep 'plugin_utrace' |
			grep -v 'undefined symbol: tep_plugin_\(options\|alias\)' |
			grep -qiE 'error|cannot|could not'
	ok $? "trace-cmd opens plugin_utrace.so from \$TRACEEVENT_PLUGIN_DIR" \
		"$(echo "$out" | grep plugin_utrace | head)"
else
	n=$((n + 1))
	echo "ok $n - trace-cmd loads the plugin # SKIP trace-cmd not installed"
fi

echo "1..$n"
[ $failed -eq 0 ]
