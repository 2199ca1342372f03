#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record(1) (TAP): the man page renders without warnings, its
# OPTIONS list the same options with the same argument names as --help,
# and make install puts the program (and its utrace-inject symlink), the
# man page and the plugin where they belong (into a temporary DESTDIR).
# No tracefs is touched.
set -u
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$top/tools/utrace-record
export LC_ALL=C MANWIDTH=80
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT


make -s -C "$dir" >"$tmp/build" 2>&1
ok $? "make -C tools/utrace-record" "$tmp/build"

groff -man -Tutf8 -ww -z "$dir/utrace-record.1" >"$tmp/warn" 2>&1 &&
	[ ! -s "$tmp/warn" ]
ok $? "utrace-record.1 renders without groff warnings" "$tmp/warn"

# Option tags: "-e, --events LIST", "--json", ...
"$dir/utrace-record" --help |
	sed -n '/^Options:/,/^$/p' |
	sed -nE 's/^  +(-[^ ].*[^ ]) {2,}.*$/\1/p; s/^  +(-[^ ,]+(, --[a-z-]+)?( [A-Z]+(\.[a-z]+)?)?)$/\1/p' |
	sort >"$tmp/help"
groff -man -Tascii -P-c -P-b -P-u "$dir/utrace-record.1" 2>/dev/null |
	sed -n '/^OPTIONS/,/^[A-Z]/p' |
	sed -nE 's/^       (-[^ ,]*(, --[a-z-]+)?( [A-Z]+(\.[a-z]+)?)?)( .*)?$/\1/p' |
	sort >"$tmp/man"
[ "$(wc -l <"$tmp/help")" -ge 13 ] &&
	diff -u "$tmp/help" "$tmp/man" >"$tmp/diff"
ok $? "--help and the man page list the same options ($(wc -l <"$tmp/help"))" "$tmp/diff"

make -s -C "$dir" install DESTDIR="$tmp/root" PREFIX=/usr >"$tmp/inst" 2>&1 &&
	[ -x "$tmp/root/usr/bin/utrace-record" ] &&
	[ "$(readlink "$tmp/root/usr/bin/utrace-inject")" = utrace-record ] &&
	[ -f "$tmp/root/usr/share/man/man1/utrace-record.1" ] &&
	[ -f "$tmp/root/usr/lib/traceevent/plugins/plugin_utrace.so" ]
ok $? "make install: bin (and the utrace-inject symlink), share/man/man1, lib/traceevent/plugins" "$tmp/inst"

echo "1..$n"
[ $failed -eq 0 ]
