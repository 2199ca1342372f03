#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record's rotated -o files on the host kernel (compat mode), TAP:
# --rotate-size, --rotate-keep, --rotate-compress and the reopen on
# SIGHUP.  Bad values are refused at the start (exit 2), an unwritable
# directory too (exit 1); a storm of records through many rotations
# reads back, files in order, as the same records as a run without
# rotation: every line whole (JSON or text), none lost or twice (the
# workload's known count of write calls, tests/host/progs/ut-sysum.c:
# one process, no pid to reuse; the records' seq consecutive where they
# have it), each file within SIZE.  Needs root and tracefs; the EXIT
# trap removes instances, mounts and files on failure too.
set -u
. "$(dirname "$0")/lib.sh"
recorder_test_init raw_syscalls/sys_exit
mounts=
trap 'for m in $mounts; do umount "$m" 2>/dev/null; done; cleanup' EXIT

N=1000			# write calls per storm
SIZE=8192
prog=$tmp/ut-sysum
cc -O2 -Wall -static -pthread -o "$prog" "$top/tests/host/progs/ut-sysum.c" 2>"$tmp/cc"
ok $? "build tests/host/progs/ut-sysum.c (static)" "$tmp/cc"

# files BASE: BASE.K .. BASE.1 BASE (oldest first), those that exist.
files() {
	local b=$1 k
	k=$(ls "$b".* 2>/dev/null | sed -nE "s@^$b\.([0-9]+)(\.zst)?\$@\1@p" |
		sort -n | tail -1)
	for ((k = ${k:-0}; k >= 1; k--)); do
		[ -e "$b.$k" ] && echo "$b.$k"
		[ -e "$b.$k.zst" ] && echo "$b.$k.zst"
	done
	echo "$b"
}
# cat_files BASE: their records in order (.zst decompressed).
cat_files() {
	local f
	for f in $(files "$1"); do
		case $f in
		*.zst) zstd -dcq "$f" ;;
		*) cat "$f" ;;
		esac
	done
}
# check_json [runs|tail]: stdin's lines: every one JSON, and when the
# records have a seq, every one has, consecutive from 1 (runs: a new
# recorder's starts again at 1; tail: from any); prints "ok LINES
# WRITES" (WRITES: syscall_exit records of a 1-byte write) or why not.
check_py='
import json, sys
runs = sys.argv[1] == "runs"
n = writes = 0
seq = None
for line in sys.stdin:
    n += 1
    try:
        r = json.loads(line)
    except ValueError:
        print("line %d is not JSON: %r" % (n, line[:80])); sys.exit()
    if n == 1 and "seq" in r:
        seq = r["seq"] - 1 if sys.argv[1] == "tail" else 0
    if seq is not None:
        want = 1 if runs and r.get("seq") == 1 else seq + 1
        if r.get("seq") != want:
            print("line %d: seq %s after %s" % (n, r.get("seq"), seq)); sys.exit()
        seq = want
    if r.get("event") == "syscall_exit" and r.get("name") == "write" and \
       r.get("ret") == 1:
        writes += 1
print("ok", n, writes)
'
check_json() {
	python3 -c "$check_py" "${1:-}"
}
# too_big BASE: the plain files of BASE larger than SIZE.
too_big() {
	local f
	for f in $(files "$1"); do
		case $f in *.zst) continue ;; esac
		[ "$(stat -c %s "$f")" -le $SIZE ] || echo "$f $(stat -c %s "$f")"
	done
}

# 2-4: bad values, refused before anything starts.
bad=
for v in "" abc 10X 0 4095 -5 1.5M 10MB 99999999999999999999G; do
	run -o "$tmp/b" --rotate-size "$v" -- true 2>"$tmp/err"
	{ [ $rc -eq 2 ] && grep -q -- "--rotate-size needs a size" "$tmp/err" &&
		[ ! -e "$tmp/b" ]; } || bad="$bad '$v'(rc $rc)"
done
[ -z "$bad" ]
ok $? "--rotate-size '' abc 10X 0 4095 -5 1.5M 10MB 2^64+G: exit 2, a message, no file${bad:+; failed:$bad}" "$tmp/err"
bad=
for v in 0 1001 x -1 ""; do
	run -o "$tmp/b" --rotate-size 8k --rotate-keep "$v" -- true 2>"$tmp/err"
	{ [ $rc -eq 2 ] && grep -q -- "--rotate-keep needs a number" "$tmp/err" &&
		[ ! -e "$tmp/b" ]; } || bad="$bad '$v'(rc $rc)"
done
[ -z "$bad" ]
ok $? "--rotate-keep 0 1001 x -1 '': exit 2, a message, no file${bad:+; failed:$bad}" "$tmp/err"
bad=
run -o "$tmp/b" --rotate-keep 3 -- true 2>"$tmp/err"
{ [ $rc -eq 2 ] && grep -q "need --rotate-size" "$tmp/err"; } || bad="$bad keep($rc)"
run -o "$tmp/b" --rotate-compress -- true 2>"$tmp/err"
{ [ $rc -eq 2 ] && grep -q "need --rotate-size" "$tmp/err"; } || bad="$bad compress($rc)"
run --rotate-size 8k -- true 2>"$tmp/err"
{ [ $rc -eq 2 ] && grep -q -- "--rotate-size needs -o FILE" "$tmp/err"; } || bad="$bad no-o($rc)"
[ -z "$bad" ] && [ ! -e "$tmp/b" ]
ok $? "--rotate-keep, --rotate-compress without --rotate-size, --rotate-size without -o: exit 2${bad:+; failed:$bad}" "$tmp/err"

# 5-6: a directory the renames cannot write: refused at the start.
run -o "$tmp/nodir/f" --rotate-size 8k -- true 2>"$tmp/err"
[ $rc -eq 1 ] && grep -q "cannot rotate $tmp/nodir/f: its directory is not writable: No such file" "$tmp/err" &&
	instance_gone
ok $? "-o in a missing directory --rotate-size: exit 1 (got $rc), one line, no instance" "$tmp/err"
mkdir "$tmp/ro"
if mount -t tmpfs -o size=64k tmpfs "$tmp/ro"; then
	mounts="$tmp/ro"
	mount -o remount,ro "$tmp/ro"
	run -o "$tmp/ro/f" --rotate-size 8k -- true 2>"$tmp/err"
	[ $rc -eq 1 ] && grep -q "cannot rotate $tmp/ro/f: its directory is not writable: Read-only" "$tmp/err" &&
		instance_gone
	ok $? "-o on a read-only file system --rotate-size: exit 1 (got $rc), one line, no instance" "$tmp/err"
	umount "$tmp/ro" && mounts=
else
	skip "read-only directory" "cannot mount a tmpfs"
fi

# 7-9: a JSON storm without rotation, then through many rotations.
run -o "$tmp/base" --json -e trace=write -- "$prog" $N 0 2>"$tmp/err"
base=$(check_json <"$tmp/base")
[ $rc -eq 0 ] && [ "${base##* }" = $N ]
ok $? "--json without rotation: $N writes ($base, rc $rc)" "$tmp/err"
run -o "$tmp/j" --json -e trace=write --rotate-size $SIZE --rotate-keep 1000 \
	-- "$prog" $N 0 2>"$tmp/err"
got=$(cat_files "$tmp/j" | check_json)
nfiles=$(files "$tmp/j" | wc -l)
[ $rc -eq 0 ] && [ "$got" = "$base" ] && [ "$nfiles" -ge 10 ] && instance_gone
ok $? "--json --rotate-size $SIZE: $nfiles files read in order = the run without rotation ($got vs $base), each line JSON, seq (where there) consecutive" "$tmp/err"
too_big "$tmp/j" >"$tmp/big"
[ ! -s "$tmp/big" ]
ok $? "--json --rotate-size $SIZE: no file over $SIZE bytes" "$tmp/big"

# 10-11: text lines: every line whole, one joined line a call.
run -o "$tmp/tbase" -e trace=write -- "$prog" $N 0 2>"$tmp/err"
run -o "$tmp/t" -e trace=write --rotate-size $SIZE --rotate-keep 1000 \
	-- "$prog" $N 0 2>>"$tmp/err"
cat_files "$tmp/t" >"$tmp/tcat"
bad=$(grep -cvE '^[0-9]+\.[0-9]{6} ut-sysum\[[0-9]+\] (exec|exit|syscall)( |$)' "$tmp/tcat")
writes=$(grep -cE '\] syscall write\(3, 0x[0-9a-f]+, 1\) = 1( |$)' "$tmp/tcat")
nfiles=$(files "$tmp/t" | wc -l)
[ $rc -eq 0 ] && [ "$bad" = 0 ] && [ "$writes" = $N ] &&
	[ "$(wc -l <"$tmp/tcat")" = "$(wc -l <"$tmp/tbase")" ] && [ "$nfiles" -ge 5 ]
ok $? "text --rotate-size $SIZE: $nfiles files, every line whole ($bad not), $writes writes, as many lines as without rotation" "$tmp/err"
too_big "$tmp/t" >"$tmp/big"
[ ! -s "$tmp/big" ]
ok $? "text --rotate-size $SIZE: no file over $SIZE bytes" "$tmp/big"

# 12: --rotate-keep 3: FILE, FILE.1..3 left, the older ones gone.
run -o "$tmp/k" --json -e trace=write --rotate-size $SIZE --rotate-keep 3 \
	-- "$prog" $N 0 2>"$tmp/err"
ls "$tmp" | grep -E '^k(\.|$)' >"$tmp/kfiles"
[ $rc -eq 0 ] && [ "$(tr '\n' ' ' <"$tmp/kfiles")" = "k k.1 k.2 k.3 " ] &&
	check_json tail <"$tmp/k.3" | grep -q '^ok '
ok $? "--rotate-keep 3: k k.1 k.2 k.3 left, whole lines" "$tmp/kfiles"

# 13-14: --rotate-compress: FILE.N.zst, whole, nothing pending at the end.
run -o "$tmp/z" --json -e trace=write --rotate-size $SIZE --rotate-keep 1000 \
	--rotate-compress -- "$prog" $N 0 2>"$tmp/err"
bad=0
for f in $(files "$tmp/z"); do
	case $f in
	*.zst) zstd -tq "$f" 2>>"$tmp/err" || bad=$((bad + 1)) ;;
	"$tmp/z") ;;
	*) bad=$((bad + 1)); echo "not compressed: $f" >>"$tmp/err" ;;
	esac
done
ls "$tmp" | grep -E '^z\..*(pending|tmp)' >>"$tmp/err"
nfiles=$(files "$tmp/z" | wc -l)
[ $rc -eq 0 ] && [ $bad = 0 ] && ! ls "$tmp" | grep -qE '^z\..*(pending|tmp)' &&
	[ "$nfiles" -ge 10 ]
ok $? "--rotate-compress: $((nfiles - 1)) z.N.zst, each a valid zstd frame, no pending or tmp file left" "$tmp/err"
got=$(cat_files "$tmp/z" | check_json)
[ "$got" = "$base" ]
ok $? "--rotate-compress: decompressed in order = the run without rotation ($got vs $base)" "$tmp/err"

# 15: with rotation FILE is appended to: a restarted agent goes on.
run -o "$tmp/a" --json -e trace=write --rotate-size $SIZE --rotate-keep 1000 \
	-- "$prog" $N 0 2>"$tmp/err"
run -o "$tmp/a" --json -e trace=write --rotate-size $SIZE --rotate-keep 1000 \
	-- "$prog" $N 0 2>>"$tmp/err"
got=$(cat_files "$tmp/a" | check_json runs)
[ $rc -eq 0 ] && [ "${got##* }" = $((2 * N)) ]
ok $? "two runs to one rotated FILE: the second appends ($got; want $((2 * N)) writes)" "$tmp/err"

# 16-17: SIGHUP from a process (logrotate's create mode) to -p's
# recorder: a shell writes N times (echo, a builtin: its own write
# calls), FILE is moved, SIGHUP, a new FILE appears and gets the next N;
# none lost or doubled across the two files.
{
	echo "while [ ! -e $tmp/go1 ]; do sleep 0.05; done"
	echo "for i in \$(seq $N); do echo x; done >/dev/null"
	echo "while [ ! -e $tmp/go2 ]; do sleep 0.05; done"
	echo "for i in \$(seq $N); do echo x; done >/dev/null"
} >"$tmp/work.sh"
# echoes FILE: the shell's writes of "x\n".
echoes() {
	python3 -c '
import json, sys
n = 0
for l in open(sys.argv[1]):
    r = json.loads(l)
    n += r.get("event") == "syscall_exit" and r.get("name") == "write" and \
         r.get("ret") == 2
print(n)
' "$1" 2>/dev/null
}
sh "$tmp/work.sh" &
wpid=$!
bg -p $wpid --json -e trace=write -o "$tmp/h" 2>"$tmp/err"
for i in $(seq 100); do recording $rpid && break; sleep 0.1; done
touch "$tmp/go1"
for i in $(seq 300); do
	[ "$(echoes "$tmp/h")" = $N ] && break
	sleep 0.1
done
mv "$tmp/h" "$tmp/h.old"
kill -HUP $rpid
for i in $(seq 100); do [ -e "$tmp/h" ] && break; sleep 0.1; done
alive=$(kill -0 $rpid 2>/dev/null && echo yes)
touch "$tmp/go2"
wait $wpid
wait $rpid
rc=$?
old=$(echoes "$tmp/h.old")
new=$(echoes "$tmp/h")
seqs=$(cat "$tmp/h.old" "$tmp/h" | check_json)
[ "$alive" = yes ] && [ $rc -eq 0 ] && [ "$old" = $N ] && [ "$new" = $N ] &&
	[ "${seqs%% *}" = ok ]
ok $? "SIGHUP to -p PID -o FILE: FILE reopened, the recording went on (rc $rc); the moved file has $N writes ($old), the new one $N ($new); both: $seqs" "$tmp/err"
instance_gone
ok $? "SIGHUP: instance removed at the end"

# 18: a rotated output on a full disk: the output-failure policy.
mkdir "$tmp/small"
if mount -t tmpfs -o size=64k tmpfs "$tmp/small"; then
	mounts="$tmp/small"
	run -o "$tmp/small/f" --json -e trace=write --rotate-size $SIZE \
		--rotate-keep 100 -- "$prog" $N 0 0 0 3000 1 2>"$tmp/err"
	[ $rc -eq 1 ] && grep -q "write error: No space left" "$tmp/err" &&
		[ "$(grep -c 'recording stopped' "$tmp/err")" = 1 ] && instance_gone
	ok $? "rotated -o on a full disk: recording stopped, one line, rc 1 (got $rc), instance removed" "$tmp/err"
	umount "$tmp/small" && mounts=
else
	skip "rotated -o on a full disk" "cannot mount a tmpfs"
fi

echo "1..$n"
[ $failed -eq 0 ]
