#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record -i with several recordings (compat mode, TAP): the
# hosts' .dat files merged by time, a host column in text, "host.name"
# in JSON, HOST/PID in --summary and --tree, and the same pid of two
# hosts kept apart.  The recordings are made here with --dat: a.dat
# (its command waits on a FIFO), b.dat made while a.dat's command
# waits, and c.dat system-wide around b.dat's command, so c.dat holds
# b.dat's processes with the very same pids (two "hosts" with equal
# pids).  Needs root and tracefs; the recorders' instances are removed
# by the EXIT trap should a run die.
set -u
. "$(dirname "$0")/lib.sh"
recorder_test_init sched/sched_process_exec

# --- the recordings ---
mkfifo "$tmp/go"
bg -o "$tmp/a.txt" --dat "$tmp/a.dat" -- sh -c \
	": > $tmp/a-up; read x < $tmp/go; exit 3" 2>"$tmp/a.err"
apid=$rpid
for i in $(seq 200); do [ -e "$tmp/a-up" ] && break; sleep 0.05; done
bg --dat "$tmp/c.dat" -o /dev/null 2>"$tmp/c.err"
cpid=$rpid
for i in $(seq 200); do recording $cpid && break; sleep 0.05; done
run -o "$tmp/b.txt" --dat "$tmp/b.dat" -- sh -c 'exit 4' 2>"$tmp/b.err"
brc=$rc
kill -INT $cpid
wait $cpid
crc=$?
echo > "$tmp/go"
wait $apid
arc=$?
pa=$(sed -nE 's/^[0-9.]+ sh\[([0-9]+)\] exit status=3$/\1/p' "$tmp/a.txt")
pb=$(sed -nE 's/^[0-9.]+ sh\[([0-9]+)\] exit status=4$/\1/p' "$tmp/b.txt")
[ $arc -eq 3 ] && [ $brc -eq 4 ] && [ $crc -eq 0 ] && [ -n "$pa" ] &&
	[ -n "$pb" ] && [ -s "$tmp/a.dat" ] && [ -s "$tmp/b.dat" ] &&
	[ -s "$tmp/c.dat" ]
ok $? "three recordings: a (exit 3, sh $pa), b (exit 4, sh $pb), c system-wide (rc $arc $brc $crc)" "$tmp/a.err"

# --- 2-4: text, merged by time, with a host column ---
run -i web1="$tmp/a.dat" -i web2="$tmp/b.dat" -o "$tmp/m.txt" 2>"$tmp/m.err"
ln_of() { grep -nE "$1" "$tmp/m.txt" | head -1 | cut -d: -f1; }
l1=$(ln_of "^[0-9.]+ web1 sh\[$pa\] exec ")
l2=$(ln_of "^[0-9.]+ web2 sh\[$pb\] exit status=4$")
l3=$(ln_of "^[0-9.]+ web1 sh\[$pa\] exit status=3$")
[ $rc -eq 0 ] && [ -n "$l1" ] && [ -n "$l2" ] && [ -n "$l3" ] &&
	[ "$l1" -lt "$l2" ] && [ "$l2" -lt "$l3" ]
ok $? "-i web1=a.dat -i web2=b.dat: a's exec (line $l1), then b's exit 4 ($l2), then a's exit 3 ($l3)" "$tmp/m.txt"
! grep -vqE '^[0-9]+\.[0-9]{6} web[12] ' "$tmp/m.txt" &&
	[ "$(grep -cE '^[0-9.]+ web2 ' "$tmp/m.txt")" -ge 2 ]
ok $? "every line has the host column (web1 or web2)" "$tmp/m.txt"
sort -n -k1,1 -s "$tmp/m.txt" | cmp -s - "$tmp/m.txt" &&
	! grep -q "cannot be compared" "$tmp/m.err"
ok $? "the times of the merged lines never go back; no clock warning" "$tmp/m.err"

# --- 5-7: equal pids on two hosts, kept apart ---
run -i web2="$tmp/b.dat" -i web3="$tmp/c.dat" --summary --tree \
	-o "$tmp/s.txt" 2>"$tmp/s.err"
n2=$(grep -cE "^web2/$pb +sh +[0-9.]+ +status=4 " "$tmp/s.txt")
n3=$(grep -cE "^web3/$pb +sh +[0-9.]+ +status=4 " "$tmp/s.txt")
[ $rc -eq 0 ] && [ "$n2" = 1 ] && [ "$n3" = 1 ]
ok $? "--summary: web2/$pb and web3/$pb, each once with status=4 ($n2, $n3)" "$tmp/s.txt"
t2=$(grep -cE "^web2/$pb sh exec [^ ]+: status=4 " "$tmp/s.txt")
t3=$(grep -cE "^[ |\`-]*web3/$pb sh exec [^ ]+: status=4 " "$tmp/s.txt")
[ "$t2" = 1 ] && [ "$t3" = 1 ]
ok $? "--tree: web2/$pb and web3/$pb, each once with status=4 ($t2, $t3)" "$tmp/s.txt"
run -i web2="$tmp/b.dat" -i web3="$tmp/c.dat" --json --summary --tree \
	-o "$tmp/s.json" 2>"$tmp/sj.err"
python3 - "$tmp/s.json" "$pb" >"$tmp/py.out" 2>&1 <<'PY'
import json, sys
pid = int(sys.argv[2])
execs, summ, tree = set(), set(), set()
for line in open(sys.argv[1]):
    o = json.loads(line)
    if o["event"] == "summary":
        summ = {p["host.name"] for p in o["processes"]
                if p["pid"] == pid and p["exit_status"] == 4}
        continue
    if o["event"] == "tree":
        tree = {t["host.name"] for t in o["tasks"]
                if t["pid"] == pid and t["exit_status"] == 4}
        continue
    assert o["host.name"] in ("web2", "web3"), o
    if o["event"] == "exec" and o["pid"] == pid:
        execs.add(o["host.name"])
want = {"web2", "web3"}
assert execs == want and summ == want and tree == want, (execs, summ, tree)
PY
ok $? "--json: host.name on every record; exec, summary and tree of pid $pb on web2 and on web3" "$tmp/py.out"

# --- 8: names from the files' uname, told apart ---
node=$(uname -n)
run -i "$tmp/a.dat" -i "$tmp/b.dat" -o "$tmp/u.txt" 2>/dev/null
grep -qE "^[0-9.]+ $node sh\[$pa\] exit status=3$" "$tmp/u.txt" &&
	grep -qE "^[0-9.]+ $node#2 sh\[$pb\] exit status=4$" "$tmp/u.txt"
ok $? "no HOST=: hosts named by the recordings' uname, $node and $node#2" "$tmp/u.txt"

# --- 9-10: clocks that cannot be compared: one file after the other ---
# b.dat as recorded on another machine: its uname option says so.
other=$(printf '%*s' ${#node} '' | tr ' ' x)
perl -pe "s/Linux \Q$node\E /Linux $other /" "$tmp/b.dat" >"$tmp/o.dat"
run -i "$tmp/o.dat" -i "$tmp/a.dat" -o "$tmp/p.txt" 2>"$tmp/p.err"
lo=$(grep -nE "^[0-9.]+ $other " "$tmp/p.txt" | tail -1 | cut -d: -f1)
la=$(grep -nE "^[0-9.]+ $node " "$tmp/p.txt" | head -1 | cut -d: -f1)
[ $rc -eq 0 ] && [ -n "$lo" ] && [ -n "$la" ] && [ "$lo" -lt "$la" ]
ok $? "another machine's recording first: all its lines (to $lo) before a.dat's (from $la)" "$tmp/p.txt"
grep -q "clocks cannot be compared ($other: mono, $node: mono): shown one file after the other" "$tmp/p.err"
ok $? "... with a warning naming the hosts and their clocks" "$tmp/p.err"

# --- 11-13: one recording, and bad input ---
run -i "$tmp/a.dat" -o "$tmp/one.txt" 2>/dev/null
grep -qE "^[0-9.]+ sh\[$pa\] exit status=3$" "$tmp/one.txt" &&
	! grep -qE "^[0-9.]+ ($node|web)" "$tmp/one.txt"
ok $? "one unnamed -i: no host column, as before" "$tmp/one.txt"
run -i "$tmp/a.dat" -i "$tmp/none.dat" -o "$tmp/bad.txt" 2>"$tmp/bad.err"
[ $rc -eq 1 ] && [ ! -s "$tmp/bad.txt" ] &&
	grep -q "cannot read $tmp/none.dat" "$tmp/bad.err"
ok $? "a missing second file: exit 1 naming it, nothing printed (rc $rc)" "$tmp/bad.err"
run -i "$tmp/a.dat" -i "$tmp/b.dat" --perfetto "$tmp/x.json" 2>"$tmp/pf.err"
[ $rc -eq 2 ] && [ ! -e "$tmp/x.json" ] && grep -q "perfetto" "$tmp/pf.err"
ok $? "--perfetto with two -i: usage error (rc $rc)" "$tmp/pf.err"

no_instances
ok $? "no instance left"
echo "1..14"
