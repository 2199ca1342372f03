#!/bin/bash
# From boot: with trace_event=utrace:* on the kernel command line the
# utrace events are on in the top-level buffer from the first process
# (their reg functions run from the boot-time enable), and
# utrace-record --from-boot prints what that buffer holds: init's exec
# and its first children.  Needs its own boot (tests/run-all, part
# vm-from-boot): tests/vm/run --append "trace_event=utrace:* trace_buf_size=8M".
. "$(dirname "$0")/lib.sh"
R=$UTRACE_REPO/tools/utrace-record/utrace-record
if ! have_utrace || ! grep -q 'trace_event=utrace:\*' /proc/cmdline; then
	skip "from boot" "not booted with trace_event=utrace:*"
	tap_done
fi

# The boot-time enable went through the events' reg functions.
expect_eq "utrace/status: each event's users counted once (CLONE: clone and vfork_done)" \
	"REAP=1 CLONE=2 EXEC=1 EXIT=1 DEATH=1 SYSCALL_ENTRY=1 SYSCALL_EXIT=1 SIGNAL=1 SIGNAL_IGN=1 SIGNAL_STOP=1 SIGNAL_TERM=1 SIGNAL_CORE=1 JCTL=1" \
	"$(status_field event_users)"
threads=$(status_field threads)
expect_eq "every thread has the syscall work bit" "$threads" "$(status_field syscall_work_threads)"

settings() {
	cat $TRACEFS/trace_clock $TRACEFS/buffer_size_kb $TRACEFS/tracing_on \
		$TRACEFS/set_event $TRACEFS/utrace/status | grep -v threads
}
before=$(settings)
timeout 600 $R --from-boot -e all -o /tmp/fb.txt 2> /tmp/fb.err
expect_eq "--from-boot exits 0" 0 "$?"
grep -E '\[1\] (exec|clone)' /tmp/fb.txt | head -4 | sed 's/^/# /'
init=$(readlink -f /proc/1/exe)
check "init's exec: pid 1 runs guest-init (the script)" \
	grep -qE "^[0-9.]+ [^ ]+\[1\] exec [^ ]*/tests/vm/guest-init( |\$)" /tmp/fb.txt
first=$(sed -nE 's/^[0-9.]+ [^ ]+\[1\] clone child=([0-9]+).*/\1/p' /tmp/fb.txt | head -1)
check "init's first child ($first) execs mount, as guest-init's first command" \
	grep -qE "^[0-9.]+ [^ ]+\[$first\] exec [^ ]*/mount( |\$)" /tmp/fb.txt
check "init's exec comes before its first clone" \
	awk -v c="[$first] exec" '/\[1\] exec / && !e { e = NR } index($0, c) && !x { x = NR } END { exit !(e && x && e < x) }' /tmp/fb.txt
grep -E '\[1\] ' /tmp/fb.txt | grep -vE '\] (exec|clone) ' | head -3 | sed 's/^/# /'
check "pid 1's system calls were recorded from its start" \
	grep -qE '^[0-9.]+ [^ ]+\[1\] (syscall_(entry|exit) |[a-z_0-9]+\(.*\) += )' /tmp/fb.txt
# With utrace:* on, the reader's own calls refill the buffer as it reads:
# it must stop at the time it started (it ran forever before).
timeout 600 $R --from-boot -e all -o /tmp/fb2.txt 2> /dev/null
expect_eq "a second --from-boot ends (at its start time), exit 0" 0 "$?"
check "--from-boot consumed what it read: a second run has no init exec" \
	bash -c '! grep -qE "\[1\] exec " /tmp/fb2.txt'
expect_eq "the top-level buffer's settings are unchanged" "$before" "$(settings)"
$R --from-boot -p 1 > /dev/null 2>&1
expect_eq "--from-boot with -p: usage error (2)" 2 "$?"
tap_done
