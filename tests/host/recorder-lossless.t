#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record --lossless on the host's stock kernel (compat mode): the
# option is refused before anything is set up (status 1: no lossless
# scopes in this kernel), and its usage errors exit 2.  Its behaviour on
# a utrace-global kernel is tests/vm/47-lossless.t.
set -u
. "$(dirname "$0")/lib.sh"
recorder_test_init sched/sched_process_exec

if [ -e $T/utrace/lossless ]; then
	skip "--lossless refused on a kernel without lossless scopes" "this kernel has them"
else
	run --lossless -o "$tmp/out" -- /bin/true 2>"$tmp/err"
	[ $rc -eq 1 ] && [ ! -e "$tmp/out" ] && instance_gone &&
		grep -q '^utrace-record: --lossless: ' "$tmp/err"
	ok $? "--lossless on this kernel: status 1 before any file or instance (rc $rc)" "$tmp/err"
fi

# usage ARGS...: a usage error, status 2, with a message.
usage() {
	run "$@" >"$tmp/out" 2>"$tmp/err"
	[ $rc -eq 2 ] && grep -q '^utrace-record: --lossless' "$tmp/err"
	ok $? "usage error, status 2: $* (rc $rc)" "$tmp/err"
}
usage --lossless
usage --lossless -d 1
usage --lossless=0 -- /bin/true
usage --lossless=abc -- /bin/true
usage --lossless=601 -- /bin/true
usage --lossless --mode compat -- /bin/true
usage --lossless -i "$tmp/none.dat"
echo "1..$n"
exit $((failed > 0))
