# TAP helpers for guest tests (kselftest style: "ok N - name").
# Source it, call the checks, end with tap_done.
TRACEFS=/sys/kernel/tracing
UTRACE_REPO=${UTRACE_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
PROGS=$UTRACE_REPO/build/vm-progs
_tap_n=0
_tap_failed=0

ok() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $*"; }
not_ok() { _tap_n=$((_tap_n + 1)); _tap_failed=1; echo "not ok $_tap_n - $*"; }
skip() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $1 # SKIP $2"; }
diag() { echo "# $*"; }

# check NAME COMMAND...: ok when COMMAND succeeds.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# expect_eq NAME EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		diag "expected '$2', got '$3'"
	fi
}

tap_done() {
	echo "1..$_tap_n"
	exit $_tap_failed
}

have_utrace() { [ -d $TRACEFS/events/utrace ]; }

# kunit_suite SUITE: report the boot-time KUnit suite SUITE from dmesg,
# one TAP line per case ("# SKIP" cases as skips).  Sets KTAP to the
# suite's KTAP lines and KUNIT_CASES to the number of cases; fails if
# the suite is not in dmesg.
kunit_suite() {
	local status name reason
	KTAP=$(dmesg | sed 's/^\[[ 0-9.]*\] //' |
		sed -n "/# Subtest: $1\$/,/^ok [0-9]* $1\$/p")
	KUNIT_CASES=0
	[ -n "$KTAP" ] || return 1
	while read -r status name reason; do
		KUNIT_CASES=$((KUNIT_CASES + 1))
		case $status in
		ok) ok "kunit: $name" ;;
		skip) skip "kunit: $name" "$reason" ;;
		*) not_ok "kunit: $name" ;;
		esac
	done < <(echo "$KTAP" |
		sed -nE 's/^ +(not ok|ok) [0-9]+ ([a-z_]+)( # SKIP (.*))?$/\1 \2\3/p' |
		sed -E 's/^not ok/not_ok/; s/^ok ([a-z_]+) # SKIP /skip \1 /')
}

# wait_until TENTHS COMMAND...: run COMMAND every 0.1 s until it
# succeeds, at most TENTHS times; its status.
wait_until() {
	local n=$1 i
	shift
	for i in $(seq "$n"); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}
# wait_for COMMAND...: up to 20 s for COMMAND to succeed
wait_for() { wait_until 200 "$@"; }

# recording_on RPID: wait (at most 30 s) until utrace-record RPID has
# tracing on in its instance: its setup is done, events are recorded.
tracing_is_on() {
	[ "$(cat $TRACEFS/instances/utrace-record-$1/tracing_on 2>/dev/null)" = 1 ]
}
recording_on() { wait_until 300 tracing_is_on "$1"; }

# A private tracefs instance, removed on exit however the test ends.
INST=""
instance_new() {
	INST=$TRACEFS/instances/${1:-vmtest$$}
	mkdir "$INST" || return 1
	echo 1024 > "$INST/buffer_size_kb"
	trap instance_remove EXIT
}
instance_remove() {
	[ -n "$INST" ] && [ -d "$INST" ] || return 0
	echo 0 > "$INST/tracing_on"
	echo > "$INST/set_event"
	rmdir "$INST"
}
# enable EVENT...: e.g. enable utrace:utrace_clone utrace:utrace_exec
enable() {
	local e
	for e in "$@"; do echo "$e" >> "$INST/set_event" || return 1; done
}
disable_all() { echo > "$INST/set_event"; }
clear_trace() { echo > "$INST/trace"; }
# utrace_names NAME...: tracepoint names of utrace events (utrace_NAME)
utrace_names() { local n; for n in "$@"; do echo "utrace_$n"; done; }
# events NAME: the trace lines of utrace event NAME, header and name stripped
events() { grep -E " utrace_$1: " "$INST/trace" | sed -E "s/^.* utrace_$1: //"; }
# field NAME LINE: value of NAME=value in LINE
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -1; }
status_field() { sed -n "s/^$1: //p" $TRACEFS/utrace/status; }

# run MODE ARG: run ut-proc with a clear trace; sets PID/CHILD/STATUS/TID.
run() {
	clear_trace
	out=$($PROGS/ut-proc "$@")
	PID=$(echo "$out" | sed -n 's/^pid=//p')
	CHILD=$(echo "$out" | sed -n 's/.*child=\([0-9]*\).*/\1/p')
	STATUS=$(echo "$out" | sed -n 's/.*status=\([0-9]*\).*/\1/p')
	TID=$(echo "$out" | sed -n 's/^tid=//p')
}
# ev NAME PID: fields of utrace event NAME's lines emitted by PID (header comm-PID)
ev() { grep -E -- "-$2 +\[[0-9]+\] [^:]+: utrace_$1: " "$INST/trace" | sed -E "s/^.* utrace_$1: //"; }

# frozen_is CGROUP VALUE: wait up to 5 s (times UTRACE_TIME_SCALE) for
# the cgroup v2 CGROUP's cgroup.events to say "frozen VALUE".
frozen_is() {
	wait_until $((50 * ${UTRACE_TIME_SCALE:-1})) grep -qx "frozen $2" "$1/cgroup.events"
}

# The crash catcher's held file (60-crash.t, 62-crash-hold.t).
# hold_id PID: the hold id of process PID's held crash
hold_id() {
	sed -nE "s/^id=([0-9]+) pid=[0-9]+ tgid=$1 .*/\1/p" $TRACEFS/utrace/crash/held
}
# held_line PID: wait up to 10 s (times UTRACE_TIME_SCALE) for a thread of
# process PID in the held list, print its line
held_line() {
	wait_until $((100 * ${UTRACE_TIME_SCALE:-1})) \
		grep -E "^id=[0-9]+ pid=[0-9]+ tgid=$1 " $TRACEFS/utrace/crash/held
}

# kmsg_mark NAME: write a line no other will match to the kernel log and
# print it.  The log is a ring (128 KiB in the guest config) that an OOM
# report or a long run wraps, so a test reads what came after its mark
# (kmsg_since), never from a line number counted earlier.
kmsg_mark() {
	local m="utrace-test: mark $1 $BASHPID.$RANDOM.$SECONDS"

	echo "$m" > /dev/kmsg
	echo "$m"
}
# kmsg_since MARK: the kernel log after MARK; status 1 when the mark is
# no longer in the ring.
kmsg_since() {
	dmesg | awk -v m="$1" 'found { print } index($0, m) { found = 1 } END { exit !found }'
}
