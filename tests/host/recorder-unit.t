#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record's unit tests (TAP), no tracefs: `make check` in
# tools/utrace-record builds them and prints their results as one TAP
# stream, passed through here.  When the build fails, one failure with
# its messages.
dir=$(cd "$(dirname "$0")/../.." && pwd)/tools/utrace-record
log=$(mktemp)
out=$(mktemp)
trap 'rm -f "$log" "$out"' EXIT
make -s --no-print-directory -C "$dir" check >"$out" 2>"$log"
rc=$?
if ! grep -q '^1\.\.' "$out"; then
	echo "1..1"
	echo "not ok 1 - make -C tools/utrace-record check (status $rc)"
	sed 's/^/# /' "$out" "$log" | tail -40
	exit 1
fi
cat "$out"
sed 's/^/# /' "$log"
exit $rc
