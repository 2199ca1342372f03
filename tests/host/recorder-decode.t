#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record's decoder on records built from the utrace event formats
# (TAP): tools/utrace-record/tests/fixtures/events (current formats) and
# fixtures/events-old (captured from an older utrace kernel).  Checks the
# exact text and JSON lines: signals attributed to the receiver, exit
# without orig_code, i386 syscalls, the seccomp verdict.  No tracefs.
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$top/tools/utrace-record
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! make -s -C "$dir" test-bin >"$log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - build test-decode"
	sed 's/^/# /' "$log"
	exit 1
fi
exec "$dir/test-decode" "$dir/tests/fixtures/events" \
	"$dir/tests/fixtures/events-old"
