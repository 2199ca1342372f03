# SPDX-License-Identifier: GPL-2.0
# TAP helpers shared by the host tests.  Source after "set -u".
T=/sys/kernel/tracing
n=0
failed=0

# ok STATUS NAME [DIAG]: a result; DIAG (a file, or text) is shown on failure.
ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
		return
	fi
	failed=$((failed + 1))
	echo "not ok $n - $2"
	if [ -n "${3:-}" ] && [ -f "$3" ]; then
		sed 's/^/#   /' "$3" | head -40
	elif [ -n "${3:-}" ]; then
		echo "$3" | sed 's/^/#   /' | head -20
	fi
}
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}
# No utrace-record instance left behind in tracefs: none whose recorder
# has gone (recorders of other tests may be running at the same time).
no_instances() {
	local i pid
	for i in $(ls $T/instances 2>/dev/null | grep '^utrace-record-'); do
		pid=${i#utrace-record-}
		pid=${pid%%-*}
		[ "$(cat /proc/$pid/comm 2>/dev/null)" = utrace-record ] ||
			return 1
	done
	return 0
}
# recording PID: recorder PID has set up its instance and switched tracing
# on.  A new instance starts with tracing_on 1, before the recorder turns
# it off to set up, so enabled events (set_event) must be there too.
recording() {
	local i=$T/instances/utrace-record-$1
	grep -q . "$i/set_event" 2>/dev/null &&
		[ "$(cat "$i/tracing_on" 2>/dev/null)" = 1 ]
}
# need_recorder REC EVENT-DIR: mount tracefs if needed; skip the whole
# file when the host cannot trace (not root, no tracefs, no such event),
# fail it when the recorder REC is not built.
need_recorder() {
	[ -d $T/instances ] || mount -t tracefs nodev $T 2>/dev/null
	if [ ! -d $T/instances ] || [ ! -w $T/instances ] ||
	   [ ! -d "$T/events/$2" ]; then
		echo "1..0 # SKIP tracefs not usable at $T (not root or not mounted)"
		exit 0
	fi
	if [ ! -x "$1" ]; then
		echo "1..1"
		echo "not ok 1 - $1 is built"
		exit 1
	fi
}
# recorder_test_init EVENT-DIR: the start of a recorder test: $top, $rec
# (the recorder; $UTRACE_RECORD names another build), a plain PATH and
# the C locale, need_recorder (EVENT-DIR: an event the test needs) and
# scratch_and_cleanup.
recorder_test_init() {
	top=$(cd "$(dirname "$0")/../.." && pwd)
	rec=${UTRACE_RECORD:-$top/tools/utrace-record/utrace-record}
	export PATH=/usr/bin:/bin LC_ALL=C
	need_recorder "$rec" "$1"
	scratch_and_cleanup
}
# run ARGS...: the recorder in the foreground; sets rc, and last to its
# pid (in $started for the EXIT trap).
run() {
	"$rec" "$@" &
	last=$!
	started="$started $last"
	wait $last
	rc=$?
}
# bg ARGS...: the recorder in the background; sets rpid and last.
bg() {
	"$rec" "$@" &
	rpid=$!
	last=$rpid
	started="$started $rpid"
}
# instance_gone [PID]: recorder PID (default: the last started) has
# removed its instance.
instance_gone() {
	[ ! -d "$T/instances/utrace-record-${1:-$last}" ]
}
# strip_time FILE: the lines without their time column.
strip_time() {
	sed -E 's/^[0-9]+\.[0-9]{6} //' "$1"
}
# scratch_and_cleanup: $tmp, a scratch directory, and an EXIT trap that
# kills the recorders whose pids the test adds to $started, removes their
# instances (and those named in $fakes), and removes $tmp, on failure too.
scratch_and_cleanup() {
	tmp=$(mktemp -d)
	started=
	fakes=
	trap cleanup EXIT
}
cleanup() {
	local p
	for p in $started; do
		kill -KILL "$p" 2>/dev/null
	done
	sleep 0.1
	for p in $started; do
		rmdir "$T/instances/utrace-record-$p-sig" 2>/dev/null
		rmdir "$T/instances/utrace-record-$p" 2>/dev/null
	done
	for p in $fakes; do
		rmdir "$T/instances/$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
