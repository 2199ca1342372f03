#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# plugin_utrace.so as trace-cmd loads it (TAP): it exports only the
# plugin entry points, and trace-cmd, when installed, opens it from
# $TRACEEVENT_PLUGIN_DIR without an unresolved symbol.
dir=$(cd "$(dirname "$0")/.." && pwd)
so=$dir/plugin_utrace.so
export LC_ALL=C

exports=$(nm -D --defined-only "$so" | awk '{print $3}' | sort)
if [ "$exports" = "$(printf 'tep_plugin_loader\ntep_plugin_unloader')" ]; then
	echo "ok 1 - plugin exports only tep_plugin_loader and tep_plugin_unloader"
else
	echo "not ok 1 - plugin exports only tep_plugin_loader and tep_plugin_unloader"
	echo "$exports" | sed 's/^/#   /'
fi

if ! command -v trace-cmd >/dev/null; then
	echo "ok 2 - trace-cmd loads the plugin # SKIP trace-cmd not installed"
	echo "1..2"
	exit 0
fi
# libtraceevent dlopens plugins with RTLD_NOW: an unresolved symbol would
# fail here (trace-cmd list -O opens every plugin).  The lookups of the
# optional tep_plugin_options and tep_plugin_alias fail by design.
out=$(TRACEEVENT_PLUGIN_DIR=$dir LD_DEBUG=files trace-cmd list -O 2>&1 </dev/null)
if echo "$out" | grep -q "calling init: $so" &&
   ! echo "$out" | grep 'plugin_utrace' |
	grep -v 'undefined symbol: tep_plugin_\(options\|alias\)' |
	grep -qiE 'error|cannot|could not'; then
	echo "ok 2 - trace-cmd opens plugin_utrace.so from \$TRACEEVENT_PLUGIN_DIR"
else
	echo "not ok 2 - trace-cmd opens plugin_utrace.so from \$TRACEEVENT_PLUGIN_DIR"
	echo "$out" | grep plugin_utrace | head | sed 's/^/#   /'
fi
echo "1..2"
