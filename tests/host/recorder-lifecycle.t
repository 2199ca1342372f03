#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record's life cycle on the host kernel (compat mode), TAP:
# instances left by a killed recorder (--reset), signals forwarded to
# the command, the whole process tree recorded (child subreaper), -p
# ending with its process, a closed output pipe.  Needs root and
# tracefs; skips everything when tracefs cannot be used.  The EXIT trap
# kills every recorder and helper this script started and removes their
# instances.
set -u
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
rec=${UTRACE_RECORD:-$top/tools/utrace-record/utrace-record}
export PATH=/usr/bin:/bin LC_ALL=C

need_recorder "$rec" sched/sched_process_fork

tmp=$(mktemp -d)
started=
fakes=
cleanup() {
	local p
	for p in $started; do
		kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
	done
	sleep 0.1
	for p in $started; do
		[ -d "$T/instances/utrace-record-$p" ] &&
			rmdir "$T/instances/utrace-record-$p" 2>/dev/null
		[ -d "$T/instances/utrace-record-$p-sig" ] &&
			rmdir "$T/instances/utrace-record-$p-sig" 2>/dev/null
	done
	for p in $fakes; do
		[ -d "$T/instances/$p" ] && rmdir "$T/instances/$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

# bg ARGS...: start the recorder in the background; sets rpid.
bg() {
	"$rec" "$@" &
	rpid=$!
	started="$started $rpid"
}
# Wait until the recorder rpid has its instance and tracing is on.
wait_instance() {
	local i
	for i in $(seq 100); do
		[ "$(cat "$T/instances/utrace-record-$rpid/tracing_on" 2>/dev/null)" = 1 ] &&
			return 0
		sleep 0.05
	done
	return 1
}
# Wait up to 10 s for pid $1 to end; its exit status in rc ("alive" if not).
wait_end() {
	local i
	for i in $(seq 200); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$1" 2>/dev/null; then
		rc=alive
	else
		wait "$1"
		rc=$?
	fi
}
strip_time() {
	sed -E 's/^[0-9]+\.[0-9]{6} //' "$1"
}

# --- item 2: instances of killed recorders ---------------------------

# 1-2: kill -9 leaves the instance; the next recorder removes it.
bg -e all -d 30 --output /dev/null 2>"$tmp/err"
wait_instance
had=$?
victim=$rpid
kill -KILL $victim
wait $victim 2>/dev/null
[ $had -eq 0 ] && [ -d "$T/instances/utrace-record-$victim" ]
ok $? "kill -9 of a recorder leaves instance utrace-record-$victim (the case to repair)"
"$rec" -e exit -- /bin/true >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && [ ! -d "$T/instances/utrace-record-$victim" ] &&
	grep -qx "utrace-record: removed instance utrace-record-$victim left by recorder $victim, which is no longer running" "$tmp/err"
ok $? "the next recorder removes it and says so on stderr (rc $rc)" "$tmp/err"

# 3: a pid reused by another program does not keep an instance; a
# running recorder's instance is kept; --reset removes the stale one.
bg -e exit -d 30 --output /dev/null 2>"$tmp/err2"
wait_instance
live=$rpid
fake=utrace-record-1
fakes="$fakes $fake"
mkdir "$T/instances/$fake" 2>/dev/null
echo 1 >"$T/instances/$fake/events/raw_syscalls/enable"
"$rec" --reset >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && [ ! -d "$T/instances/$fake" ] &&
	[ -d "$T/instances/utrace-record-$live" ] &&
	grep -qx "utrace-record: removed instance $fake left by recorder 1, which is no longer running" "$tmp/err" &&
	grep -qx "utrace-record: kept instance utrace-record-$live: recorder $live is running" "$tmp/err" &&
	[ ! -s "$tmp/out" ]
ok $? "--reset: removes $fake (pid 1 is not a recorder), keeps the running recorder's (rc $rc)" "$tmp/err"
kill -INT $live
wait_end $live
[ "$rc" = 0 ] && [ ! -d "$T/instances/utrace-record-$live" ]
ok $? "the running recorder still ends normally (rc $rc)" "$tmp/err2"

# 5-6: --reset with anything else is a usage error and changes nothing.
mkdir "$T/instances/$fake" 2>/dev/null
for args in "--reset -d 1" "--reset -- /bin/true"; do
	"$rec" $args >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && [ -d "$T/instances/$fake" ] && grep -q '^utrace-record: ' "$tmp/err"
	ok $? "$args: usage error, exit 2 (got $rc), nothing removed" "$tmp/err"
done
rmdir "$T/instances/$fake"

echo "1..$n"
[ $failed -eq 0 ]
