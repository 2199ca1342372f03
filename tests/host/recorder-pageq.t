#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record's sub-buffer queue (memory, then a spill file) keeps read
# order and contents (TAP, from tools/utrace-record/test-pageq.c).
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$top/tools/utrace-record
log=$(mktemp)
if ! make -s -C "$dir" test-pageq >"$log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - build test-pageq"
	sed 's/^/# /' "$log"
	rm -f "$log"
	exit 1
fi
rm -f "$log"
exec "$dir/test-pageq"
