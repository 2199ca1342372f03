#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record with hostile names on the host kernel (compat mode), TAP:
# a newline in a file name and comm forges no text line, control bytes
# are escaped strace-style, JSON passes UTF-8 through and escapes other
# bytes as \udcHH so that they can be recovered.  Needs root and tracefs;
# skips everything when tracefs cannot be used.
set -u
. "$(dirname "$0")/lib.sh"
recorder_test_init sched/sched_process_exec
true_path=$(type -P true)

# 1: a program whose name carries a newline and a forged line.
evil="$tmp/x
0.000000 fake[1] exit status=0"
cp "$true_path" "$evil"
"$rec" -o "$tmp/out" -e exec,exit -- "$evil" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && [ "$(wc -l <"$tmp/out")" = 2 ] && ! grep -q '^0.000000 fake' "$tmp/out" &&
	grep -qE '^[0-9.]+ x\\n0\.000000 fake\[[0-9]+\] exec /.*/x\\n0\.000000 fake\[1\] exit status=0 argv=\["/.*/x\\n0\.000000 fake\[1\] exit status=0"\]$' "$tmp/out"
ok $? "a newline in the file name and comm is \\n, not a new line (rc $rc)" "$tmp/out"

# 2: an escape sequence (ESC [2J) in the name is \x1b.
cp "$true_path" "$tmp/$(printf 'c\033[2Jd')"
"$rec" -o "$tmp/out" -e exec -- "$tmp/$(printf 'c\033[2Jd')" 2>"$tmp/err"
grep -qE '^[0-9.]+ c\\x1b\[2Jd\[[0-9]+\] exec /.*/c\\x1b\[2Jd argv=\["/.*/c\\x1b\[2Jd"\]$' "$tmp/out" &&
	! grep -q "$(printf '\033')" "$tmp/out"
ok $? "ESC in a name is written as \\x1b" "$tmp/out"

# 3-4: JSON: UTF-8 as is, other bytes recoverable (surrogateescape).
utf=$(printf 'caf\303\251')
bad=$(printf 'b\377\376d')
cp "$true_path" "$tmp/$utf"
cp "$true_path" "$tmp/$bad"
"$rec" -o "$tmp/out" --json -e exec -- sh -c "'$tmp/$utf'; '$tmp/$bad'" 2>"$tmp/err"
grep -q "\"comm\":\"$utf\"" "$tmp/out" && grep -q '"comm":"b\\udcff\\udcfed"' "$tmp/out"
ok $? "JSON: UTF-8 passes through, bytes that are not UTF-8 are \\udcHH" "$tmp/out"
python3 - "$tmp/out" "$tmp" >"$tmp/diff" 2>&1 <<'EOP'
import json, os, sys
names = set()
for line in open(sys.argv[1], "rb"):
    line.decode("utf-8")            # every line is valid UTF-8
    o = json.loads(line)
    names.add(o["filename"].encode("utf-8", "surrogateescape"))
want = {os.path.join(sys.argv[2].encode(), n) for n in (b"caf\xc3\xa9", b"b\xff\xfed")}
assert want <= names, (want, names)
EOP
ok $? "JSON: file names decode back to the exact bytes (surrogateescape)" "$tmp/diff"

echo "1..$n"
[ $failed -eq 0 ]
