#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The tools' manuals (TAP): tools/Documentation/*.rst is the one source.
# The man pages build from it with rst2man without a warning, every
# option of each tool's getopt table is an item of its OPTIONS, the pages
# render with man -l, and make install puts the recorder (and its
# utrace-inject links), its man page and the plugin where they belong
# (into a temporary DESTDIR).  No tracefs is touched.
set -u
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
doc=$top/tools/Documentation
export LC_ALL=C MANWIDTH=80
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Options the tools accept but do not document: a test hook.
hidden="inject-dry-run"

make -s -C "$doc" OUTPUT="$tmp/" "$tmp/utrace-record.1" "$tmp/utrace-crash.1" \
	>"$tmp/build" 2>&1 && [ ! -s "$tmp/build" ]
ok $? "rst2man builds utrace-record.1 and utrace-crash.1 without a message" "$tmp/build"

# long_opts DIR: the long options of the struct option tables in DIR/*.c.
long_opts() {
	awk '/struct option [a-z_]+\[\] *= *\{/ { t = 1; next }
	     t && /^[ \t]*\};/ { t = 0 }
	     t && match($0, /\{ *"[a-z0-9-]+"/) {
		s = substr($0, RSTART, RLENGTH); sub(/\{ *"/, "", s);
		sub(/"/, "", s); print s }' "$1"/*.c | sort -u
}
# short_opts DIR: the letters of the getopt_long() option strings in DIR/*.c.
short_opts() {
	sed -n 's/.*getopt_long([^"]*"\([^"]*\)".*/\1/p' "$1"/*.c |
		tr -d '+:' | fold -w1 | sort -u
}
# undocumented TOOL: each option of TOOL's source that no OPTIONS item
# (a line "**-x**, **--long** ..." or "**--long** ...") of TOOL.rst names.
undocumented() {
	local o
	for o in $(long_opts "$top/tools/$1"); do
		case " $hidden " in *" $o "*) continue ;; esac
		grep -Eq "^(\*\*-[A-Za-z]\*\*, )?\*\*--$o\*\*" "$doc/$1.rst" ||
			echo "--$o"
	done
	for o in $(short_opts "$top/tools/$1"); do
		grep -Eq "^\*\*-$o\*\*" "$doc/$1.rst" || echo "-$o"
	done
}
for tool in utrace-record:20 utrace-crash:8; do
	name=${tool%:*} min=${tool#*:}
	count=$(long_opts "$top/tools/$name" | wc -l)
	undocumented "$name" >"$tmp/undoc"
	[ "$count" -ge "$min" ] && [ ! -s "$tmp/undoc" ]
	ok $? "$name.rst documents every option of its getopt table ($count long)" \
		"$(echo "$count options found; undocumented:"; cat "$tmp/undoc")"
done

for page in utrace-record utrace-crash; do
	groff -man -Tutf8 -ww -z "$tmp/$page.1" >"$tmp/warn" 2>&1 &&
		man -l "$tmp/$page.1" >"$tmp/$page.txt" 2>>"$tmp/warn" &&
		[ ! -s "$tmp/warn" ] &&
		grep -q "^NAME" "$tmp/$page.txt" &&
		grep -q "^OPTIONS" "$tmp/$page.txt" &&
		grep -q "^EXIT STATUS" "$tmp/$page.txt"
	ok $? "man -l $page.1 renders without groff warnings" "$tmp/warn"
done

dir=$top/tools/utrace-record
make -s -C "$dir" install DESTDIR="$tmp/root" PREFIX=/usr >"$tmp/inst" 2>&1 &&
	[ -x "$tmp/root/usr/bin/utrace-record" ] &&
	[ "$(readlink "$tmp/root/usr/bin/utrace-inject")" = utrace-record ] &&
	cmp -s "$tmp/utrace-record.1" "$tmp/root/usr/share/man/man1/utrace-record.1" &&
	[ "$(readlink "$tmp/root/usr/share/man/man1/utrace-inject.1")" = utrace-record.1 ] &&
	[ -f "$tmp/root/usr/lib/traceevent/plugins/plugin_utrace.so" ]
ok $? "make install: bin (and the utrace-inject link), the built man page, lib/traceevent/plugins" "$tmp/inst"

echo "1..$n"
[ $failed -eq 0 ]
