#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# CI builds a clean clone, which has only the files git tracks.  The new
# kernel files prepare-tree overlays must all be tracked: a .gitignore
# pattern once hid the ftracetest cases (test.d/ matched *.d), so the
# local tree had them and the clone did not.  prepare-tree refuses such
# a file; this checks that it does, on a scratch project, and that the
# real checkout has none.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/host/lib.sh"
echo "1..5"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

proj=$tmp/proj
mkdir -p "$proj/tools/testing/x/test.d" "$proj/patches/linux-6.12"
echo '*.d' > "$proj/.gitignore"
echo 'case' > "$proj/tools/testing/x/test.d/a.tc"
git -C "$proj" init -q
"$top/scripts/prepare-tree" "$tmp/pristine" "$tmp/tree" "$proj" \
	> "$tmp/out" 2>&1
rc=$?
ok $((rc == 0)) "prepare-tree fails when .gitignore hides a new file (status $rc)" "$tmp/out"
grep -q '^  tools/testing/x/test.d/a.tc$' "$tmp/out"
ok $? "the error names the hidden file" "$tmp/out"
[ ! -e "$tmp/tree" ]
ok $? "and nothing was made"

echo '!/tools/testing/x/test.d/' >> "$proj/.gitignore"
git -C "$proj" ls-files --others --exclude-standard -- tools/testing > "$tmp/vis"
grep -qx 'tools/testing/x/test.d/a.tc' "$tmp/vis"
ok $? "a negation in .gitignore makes it visible to git again" "$tmp/vis"

dirs=$(sed -n 's/^overlay_dirs="\(.*\)"$/\1/p' "$top/scripts/prepare-tree")
(cd "$top" && git ls-files --others --ignored --exclude-standard -- $dirs) \
	> "$tmp/hidden"
[ -n "$dirs" ] && [ ! -s "$tmp/hidden" ]
ok $? "this checkout: no ignored file under $dirs" "$tmp/hidden"
exit $((failed > 0))
