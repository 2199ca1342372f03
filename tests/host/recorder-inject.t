#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record -e inject=SPEC / -e fault=SPEC on the host (TAP): the
# kernel rule lines of SPECs (--inject-dry-run, exact lines), refusals of
# bad SPECs before anything starts (exit 2, the message, no command run,
# no tracefs instance left, nothing written), the refusal on a kernel
# without fail_utrace_syscall/session, and the utrace-inject name.  The
# rules themselves need the utrace kernel: tests/vm/45-inject.t.  Needs
# root for the parts that reach tracefs/debugfs; never touches the
# top-level tracing buffer.
set -u
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$top/tools/utrace-record
rec=${UTRACE_RECORD:-$dir/utrace-record}
export PATH=/usr/bin:/bin LC_ALL=C
session=/sys/kernel/debug/fail_utrace_syscall/session

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# (The unit tests of the parser, the rule lines and the read format are
# tools/utrace-record/tests/unit/inject_test.c, run by recorder-unit.t.)
if ! make -s -C "$dir" utrace-record utrace-inject >"$tmp/build" 2>&1; then
	ok 1 "build utrace-record" "$tmp/build"
	echo "1..$n"
	exit 1
fi

# 1: --inject-dry-run: the exact lines that would be written (pid=PID).
"$rec" --inject-dry-run -e inject=openat,read:error=ENOENT:when=2 \
	-e inject=getppid:retval=42 -e fault=kill:when=3+2 \
	-e 'inject=getpid:signal=SIGUSR1:delay_enter=1ms:delay_exit=2s' \
	-e inject=uname:signal=SIGSEGV >"$tmp/out" 2>"$tmp/err"
rc=$?
cat >"$tmp/want" <<'EOF'
syscalls=0,257,i386:3,i386:295 pid=PID follow=1 count=thread from_exec=1 error=2 when=2
syscalls=110,i386:64 pid=PID follow=1 count=thread from_exec=1 retval=42
syscalls=62,i386:37 pid=PID follow=1 count=thread from_exec=1 error=38 when=3+2
syscalls=39,i386:20 pid=PID follow=1 count=thread from_exec=1 signal=10 delay_enter=1000 delay_exit=2000000
syscalls=63,i386:122 pid=PID follow=1 count=thread from_exec=1 signal=11
EOF
[ $rc -eq 0 ] && [ ! -s "$tmp/err" ] && diff -u "$tmp/want" "$tmp/out" >"$tmp/diff"
ok $? "--inject-dry-run: one rule per SPEC, calls by number in both ABIs, exact lines (rc $rc)" "$tmp/diff"

# 2..: bad SPECs: exit 2, the problem named, COMMAND not run, no
# instance left.  (Refused while parsing the options: before tracefs,
# debugfs or a fork.)
while IFS='|' read -r spec msg; do
	[ -n "$spec" ] || continue
	rm -f "$tmp/ran"
	"$rec" -e "$spec" -- touch "$tmp/ran" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && grep -qF "utrace-record: -e $spec: $msg" "$tmp/err" &&
		grep -q "^Try 'utrace-record --help'" "$tmp/err" &&
		[ ! -e "$tmp/ran" ] && [ ! -s "$tmp/out" ] && no_instances
	ok $? "refused: -e $spec (rc $rc)" "$tmp/err"
done <<'EOF'
inject=/open(:error=EIO|'/open(': Unmatched ( or \(
inject=openat:syscall=write:error=EIO|syscall=write: a call without side effects (strace's %pure: getpid, getuid, ...)
inject=close:poke_exit=@arg2=00|poke_exit=@arg2: close (x86_64) has 1 argument (strace would not poke it): name calls that have it
inject=openat|no action: give error=, retval=, signal=, delay_enter=, delay_exit=, poke_enter= or poke_exit=
inject=opnat:error=EIO|invalid system call 'opnat'
inject=openat:error=ENOPE|error=ENOPE: an errno name (ENOENT) or a number from 1 to 4095
inject=openat:error=EIO:retval=0|error= and retval= cannot be combined
inject=openat:signal=SIGNOPE|signal=SIGNOPE: a signal name (SIGUSR1, USR1) or a number from 1 to 64
inject=openat:delay_enter=2min|delay_enter=2min: a number of microseconds, or with the unit s, ms, us or ns, at most 60 s
inject=openat:error=EIO:when=0|when=0: F, F+, F+S, F..L or F..L+S, numbers from 1 to 65535
inject=openat:error=EIO:when=1+0|when=1+0: F, F+, F+S, F..L or F..L+S, numbers from 1 to 65535
fault=openat:retval=0|fault= takes only error= and when=, not retval= (use inject=)
EOF

# Several SPECs for a call: the last one given counts (strace's rule);
# a negated set is one rule; inject without COMMAND.
"$rec" --inject-dry-run -e inject=openat:error=EIO -e inject=read,openat:retval=0 \
	-e 'inject=!write:error=EPERM' -e inject=write:error=ENOSPC >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && [ "$(wc -l <"$tmp/out")" = 2 ] &&
	grep -q '^syscalls=0,2,3,.*,450,i386:0,i386:1,i386:2,i386:3,i386:5,.*,i386:462 pid=PID follow=1 count=thread from_exec=1 error=1$' "$tmp/out" &&
	[ "$(tail -1 "$tmp/out")" = 'syscalls=1,i386:4 pid=PID follow=1 count=thread from_exec=1 error=28' ] &&
	[ ! -s "$tmp/err" ]
ok $? "several SPECs: the last counts per call; !write: one rule (rc $rc)" "$tmp/out"
"$rec" -e inject=openat:error=EIO -d 1 >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -qF 'utrace-record: -e inject= and -e fault= need a COMMAND' "$tmp/err"
ok $? "refused: -e inject= without COMMAND (rc $rc)" "$tmp/err"

# A kernel without the session file (a stock kernel, like this host's
# unless it runs utrace-global): exit 1 (a runtime error, not a usage
# one), the message, COMMAND not run,
# no instance left.
if [ "$(id -u)" != 0 ]; then
	skip "stock kernel: refused" "not root"
elif [ -e "$session" ]; then
	skip "stock kernel: refused" "this kernel has $session"
else
	rm -f "$tmp/ran"
	"$rec" -e inject=openat:error=ENOENT:when=2 -- touch "$tmp/ran" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 1 ] && [ ! -e "$tmp/ran" ] && [ ! -s "$tmp/out" ] &&
		grep -qxF "utrace-record: fault injection needs a kernel with utrace-global (no $session)" "$tmp/err" &&
		no_instances
	ok $? "stock kernel: exit 1, no $session, COMMAND not run (rc $rc)" "$tmp/err"
fi

# utrace-inject: a symlink to the same program, the same options.
[ "$(readlink "$dir/utrace-inject")" = utrace-record ] &&
	"$dir/utrace-inject" --inject-dry-run -e inject=getppid:retval=7 >"$tmp/out" 2>&1 &&
	[ "$(cat "$tmp/out")" = "syscalls=110,i386:64 pid=PID follow=1 count=thread from_exec=1 retval=7" ]
ok $? "utrace-inject is a symlink to utrace-record and takes -e inject=" "$tmp/out"

echo "1..$n"
[ $failed -eq 0 ]
