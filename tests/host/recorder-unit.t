#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unit tests of utrace-record's decoding state and formatting (TAP).
# Builds the unit-test binary, then runs it; it prints the TAP itself.
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$top/tools/utrace-record
if ! make -s -C "$dir" test-bin >/tmp/recorder-unit-build.$$ 2>&1; then
	echo "1..1"
	echo "not ok 1 - build test-unit"
	sed 's/^/# /' /tmp/recorder-unit-build.$$
	rm -f /tmp/recorder-unit-build.$$
	exit 1
fi
rm -f /tmp/recorder-unit-build.$$
exec "$dir/test-unit"
