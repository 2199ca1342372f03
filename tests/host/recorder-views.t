#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record's views for SREs on the host kernel (compat mode), TAP:
# time formats (-t, -r), the command found in PATH by the recorder.
# Needs root and tracefs; skips everything when tracefs cannot be used.
set -u
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
rec=${UTRACE_RECORD:-$top/tools/utrace-record/utrace-record}
export PATH=/usr/bin:/bin LC_ALL=C

need_recorder "$rec" sched/sched_process_exec

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1: -t: wall-clock time of day, within a few seconds of date(1).
before=$(date +%s)
"$rec" -t -e exec,exit -- sh -c 'sleep 0.1' >"$tmp/out" 2>"$tmp/err"
rc=$?
after=$(date +%s)
first=$(head -1 "$tmp/out" | cut -d' ' -f1)
secs=$(date -d "$(date +%F) ${first%.*}" +%s 2>/dev/null)
[ $rc -eq 0 ] && ! grep -qvE '^[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{6} ' "$tmp/out" &&
	[ -n "$secs" ] && [ "$secs" -ge $((before - 2)) ] && [ "$secs" -le $((after + 2)) ]
ok $? "-t: HH:MM:SS.uuuuuu of the wall clock ($first, rc $rc)" "$tmp/out"

# 2: -r: seconds since the start: small, growing, sleep's exit ~0.1 s
# after its exec.
"$rec" -r -e exec,exit -- sh -c 'sleep 0.1' >"$tmp/out" 2>"$tmp/err"
awk '{ if ($1 !~ /^[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9]$/ || $1 > 5) bad = 1 }
     / sleep\[[0-9]+\] exec / { s = $1 } / sleep\[[0-9]+\] exit / { e = $1 }
     END { exit bad || !(e - s > 0.09 && e - s < 2) }' "$tmp/out"
ok $? "-r: relative seconds, sleep 0.1 lasts ~0.1 s" "$tmp/out"

# 3: -t with -r: usage error.
"$rec" -t -r -- /bin/true >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q '^utrace-record: -t and -r cannot be combined' "$tmp/err"
ok $? "-t -r: usage error (rc $rc)" "$tmp/err"

# 4: the recorder finds COMMAND in PATH itself (as strace does): no
# failed execve of the PATH search shows up.
"$rec" -e exec -- true >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && [ "$(wc -l <"$tmp/out")" = 1 ] && grep -qE ' true\[[0-9]+\] exec /usr/bin/true$' "$tmp/out"
ok $? "-- true: one exec line, /usr/bin/true, no failed PATH search (rc $rc)" "$tmp/out"

echo "1..$n"
[ $failed -eq 0 ]
