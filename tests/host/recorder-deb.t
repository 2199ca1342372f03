#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The recorder as a Debian package (scripts/make-tools-deb, make deb-tools):
# it builds; its control file names the packages of every library the
# binary links (each installed here: the package installs on this
# release); /etc/utrace-record.conf is a conffile (an admin's edits are
# kept on upgrade); the unit is under /usr/lib/systemd/system with an
# ExecStart of /usr/bin/utrace-record that exists in the package and
# passes systemd-analyze verify; the postinst only reloads systemd (it
# never enables or starts the service); the packaged binary runs.  The
# package is unpacked into a temporary directory, never installed.
set -u
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

deb=$("$top/scripts/make-tools-deb" "$tmp/out" 2>"$tmp/build") && [ -f "$deb" ]
ok $? "scripts/make-tools-deb builds a .deb" "$tmp/build"
dpkg-deb -f "$deb" Package Depends >"$tmp/ctl" 2>&1
dpkg-deb -x "$deb" "$tmp/root" && dpkg-deb -e "$deb" "$tmp/ctrl"
ok $? "it unpacks (dpkg-deb -x, -e)"

# Every library the packaged binary links comes from a package it depends on.
deps=$(sed -n 's/^Depends: //p' "$tmp/ctl" | tr -d ' ' | tr ',' '\n' | sort -u)
missing=""
for lib in $(ldd "$tmp/root/usr/bin/utrace-record" | awk '$3 ~ /^\// { print $3 }'); do
	p=$(dpkg -S "$(realpath "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null)
	p=${p%%:*}
	grep -qx "$p" <<<"$deps" || missing="$missing $lib($p)"
done
[ -z "$missing" ] && grep -qx librdkafka1 <<<"$deps" && grep -qx libtracefs1 <<<"$deps"
ok $? "Depends names the package of each linked library (missing:$missing)" "$tmp/ctl"
bad=""
for p in $deps; do dpkg -s "$p" >/dev/null 2>&1 || bad="$bad $p"; done
[ -z "$bad" ]
ok $? "each dependency is a package installed on this release (not:$bad)"

[ "$(cat "$tmp/ctrl/conffiles")" = /etc/utrace-record.conf ] &&
	cmp -s "$tmp/root/etc/utrace-record.conf" "$top/tools/utrace-record/systemd/utrace-record.conf"
ok $? "/etc/utrace-record.conf is the sample, and a conffile"

unit=$tmp/root/usr/lib/systemd/system/utrace-record.service
exe=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$unit" 2>/dev/null)
[ "$exe" = /usr/bin/utrace-record ] && [ -x "$tmp/root$exe" ]
ok $? "the unit's ExecStart is /usr/bin/utrace-record, in the package ($exe)"
if command -v systemd-analyze >/dev/null; then
	# verify resolves ExecStart on this machine: point it at the package's.
	sed "s|^ExecStart=/usr/bin/utrace-record|ExecStart=$tmp/root/usr/bin/utrace-record|" \
		"$unit" >"$tmp/utrace-record.service"
	systemd-analyze verify --man=no "$tmp/utrace-record.service" >"$tmp/verify" 2>&1 &&
		! grep -q utrace-record "$tmp/verify"
	ok $? "systemd-analyze verify: the packaged unit is clean" "$tmp/verify"
else
	skip "systemd-analyze verify" "no systemd-analyze"
fi

grep -q 'daemon-reload' "$tmp/ctrl/postinst" &&
	! grep -qE 'systemctl +(enable|start|restart)' "$tmp/ctrl/postinst"
ok $? "postinst reloads systemd and neither enables nor starts the service"

LD_LIBRARY_PATH= "$tmp/root/usr/bin/utrace-record" --help >"$tmp/help" 2>&1
grep -q '^Usage: utrace-record' "$tmp/help"
ok $? "the packaged binary runs (--help)" "$tmp/help"
echo "1..$n"
[ $failed -eq 0 ]
