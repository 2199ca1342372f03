#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The envelope of --json records (schema utrace-record/2), compat mode on
# the host (TAP): every record of real recordings valid against
# tools/utrace-record/schema/record-v2.schema.json (fork, exec, exits, a
# signal, threads, a reused pid, lost records); seq consecutive from 1;
# host.name, host.id, boot_id as the host has them; the process entity
# id equal to FNV-1a 128 of "BOOT_ID/PID/START" from the workload's own
# /proc/PID/stat, the same on all records of a process, another for a
# process that got a reused pid, the leader's on a thread's records; the
# parent's id as its parent's records have it; the cgroup v2 path of the
# workload (run in a fresh cgroup named as docker names its scopes) and
# the container id in it; --redact-args, and a bad regex refused.
# Needs root, tracefs, cgroup v2, python3-jsonschema and a C compiler.
set -u
. "$(dirname "$0")/lib.sh"
recorder_test_init sched/sched_process_fork

schema=$top/tools/utrace-record/schema/record-v2.schema.json
progs=$top/tests/host/progs
echo "1..19"

if ! python3 -c 'import jsonschema' 2>/dev/null; then
	echo "not ok 1 - python3-jsonschema is installed (scripts/install-deps)"
	exit 1
fi
cc -O2 -Wall -pthread -o "$tmp/ut-pidreuse" "$progs/ut-pidreuse.c" 2>"$tmp/cc" &&
	cc -O2 -Wall -pthread -o "$tmp/ut-tasks" "$progs/ut-tasks.c" 2>>"$tmp/cc"
ok $? "build tests/host/progs/ut-pidreuse.c and ut-tasks.c" "$tmp/cc"

# A fresh cgroup v2 directory, named like a docker container's scope;
# removed at the end, on failure too (its processes have all exited).
cg2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
cid=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
cgdir=
if [ -n "$cg2" ] && mkdir "$cg2/ut-envelope-$$" 2>/dev/null; then
	cgdir=$cg2/ut-envelope-$$/docker-$cid.scope
	mkdir "$cgdir"
fi
envelope_cleanup() {
	cleanup
	[ -n "$cgdir" ] && rmdir "$cgdir" "$(dirname "$cgdir")" 2>/dev/null
}
trap envelope_cleanup EXIT

# The checker: every record against the schema, seq, the host fields;
# prints "bad N: reason" lines, nothing when all is well.
cat >"$tmp/check.py" <<'EOP'
import json, sys, socket, jsonschema
schema, path = sys.argv[1], sys.argv[2]
top = json.load(open(schema))
V = jsonschema.Draft202012Validator
full, per_kind = V(top), {}
# The same schema with only the event's own if/then (the others' ifs
# are false for it): the same verdict, a fraction of the time.
for c in top["allOf"]:
    s = dict(top, allOf=[c])
    per_kind[c["if"]["properties"]["event"]["const"]] = V(s)
recs = [json.loads(l) for l in open(path)]
boot = open("/proc/sys/kernel/random/boot_id").read().strip()
mid = open("/etc/machine-id").read().strip()
for i, r in enumerate(recs):
    for e in per_kind.get(r.get("event"), full).iter_errors(r):
        print("bad %d: %s" % (i + 1, e.message[:200]))
    if r["seq"] != i + 1:
        print("bad %d: seq %s" % (i + 1, r["seq"]))
    if (r["host.name"], r["host.id"], r["boot_id"]) != (socket.gethostname(), mid, boot):
        print("bad %d: host fields %s" % (i + 1, (r["host.name"], r["host.id"], r["boot_id"])))
    if r["service.instance.id"] != recs[0]["service.instance.id"]:
        print("bad %d: another service.instance.id" % (i + 1))
if not recs:
    print("bad: no records")
EOP
# entity BOOT PID TICKS: the id a process must have.
cat >"$tmp/entity.py" <<'EOP'
import sys
h, p = 0x6c62272e07bb014262b821756295c58d, (1 << 88) + (1 << 8) + 0x3b
for c in ("%s/%s/%s" % tuple(sys.argv[1:4])).encode():
    h = ((h ^ c) * p) % (1 << 128)
print("%032x" % h)
EOP
boot=$(cat /proc/sys/kernel/random/boot_id)

# --- a workload: fork, exec, exit codes, a signal, threads ------------
# It logs its own pid and /proc/PID/stat, and a child's, and its cgroup.
cat >"$tmp/work.sh" <<EOF
echo "\$\$ \$(cut -d' ' -f22 /proc/\$\$/stat)" >$tmp/self
cat /proc/\$\$/cgroup >$tmp/cgroup
sh -c 'echo "\$\$ \$(cut -d" " -f22 /proc/\$\$/stat)" >$tmp/child; exit 3'
/bin/true
sleep 5 & kill -TERM \$!; wait
$tmp/ut-tasks names
EOF
inner="$rec --json -o $tmp/env.json -- sh $tmp/work.sh"
if [ -n "$cgdir" ]; then
	sh -c "echo \$\$ >$cgdir/cgroup.procs && exec $inner" 2>"$tmp/err"
else
	$inner 2>"$tmp/err"
fi
rc=$?
[ $rc = 0 ] && [ -s "$tmp/env.json" ]
ok $? "a fork/exec/exit/signal/thread workload recorded with --json (rc $rc)" "$tmp/err"

python3 "$tmp/check.py" "$schema" "$tmp/env.json" >"$tmp/bad" 2>&1
[ ! -s "$tmp/bad" ]
ok $? "all $(wc -l <"$tmp/env.json") records valid against record-v2.schema.json; seq 1..N; host.name, host.id, boot_id of this host" "$tmp/bad"

# Per process (process.pid): one entity id, its parent's id as recorded
# for the parent, and the kinds seen (no pid is reused in this run).
python3 - "$tmp/env.json" >"$tmp/procs" <<'EOP'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
ids, par, kinds, cg, ct = {}, {}, {}, {}, {}
for r in recs:
    p = r["process.pid"]
    if p is None:
        continue
    ids.setdefault(p, set()).add(r["process.entity_id"])
    par.setdefault(p, set()).add((r["process.parent_pid"], r["process.parent_entity_id"]))
    kinds.setdefault(p, set()).add(r["event"])
    cg.setdefault(p, set()).add(r["process.linux.cgroup"])
    ct.setdefault(p, set()).add(r["container.id"])
for p in sorted(ids):
    pp = [x for x in par[p]]
    print(p, ",".join(sorted(map(str, ids[p]))), ",".join("%s:%s" % x for x in pp),
          ",".join(sorted(kinds[p])), ",".join(map(str, cg[p])), ",".join(map(str, ct[p])))
EOP
read -r spid sticks <"$tmp/self"
read -r cpid cticks <"$tmp/child"
want_s=$(python3 "$tmp/entity.py" "$boot" "$spid" "$sticks")
want_c=$(python3 "$tmp/entity.py" "$boot" "$cpid" "$cticks")
got_s=$(awk -v p="$spid" '$1 == p { print $2 }' "$tmp/procs")
got_c=$(awk -v p="$cpid" '$1 == p { print $2 }' "$tmp/procs")
[ "$got_s" = "$want_s" ]
ok $? "the workload's records: entity id $want_s from its own /proc/$spid/stat (got $got_s)" "$tmp/procs"
[ "$got_c" = "$want_c" ]
ok $? "a child's records (exit 3): entity id $want_c from its /proc/$cpid/stat (got $got_c)" "$tmp/procs"

# Every process: a single id on all its records, and its parent's id is
# the one the parent's own records carry.
awk 'NF < 2 || $2 ~ /,/ || $2 == "None" { print "several or no ids:", $0 }' "$tmp/procs" >"$tmp/multi"
[ ! -s "$tmp/multi" ] && [ "$(wc -l <"$tmp/procs")" -ge 5 ]
ok $? "each of the $(wc -l <"$tmp/procs") processes: one entity id on all its records" "$tmp/multi"
awk 'NR == FNR { id[$1] = $2; next }
     { n = split($3, a, ","); if (n != 1) { print "parents:", $0; next }
       split(a[1], b, ":"); if (b[1] in id && id[b[1]] != b[2]) print "parent id:", $0 }' \
	"$tmp/procs" "$tmp/procs" >"$tmp/par"
pid_ok=$(awk -v p="$cpid" -v s="$spid" -v w="$want_s" '$1 == p && $3 == s ":" w' "$tmp/procs")
[ ! -s "$tmp/par" ] && [ -n "$pid_ok" ]
ok $? "process.parent_entity_id = the parent's own entity id (the child's: $want_s)" "$tmp/par"

# Threads: ut-tasks names has worker-1 and worker-2; their records carry
# the leader's process.pid and id.
python3 - "$tmp/env.json" >"$tmp/thr" <<'EOP'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
ids = {r["process.pid"]: r["process.entity_id"] for r in recs if r["pid"] == r["process.pid"]}
thr = [r for r in recs if r["pid"] is not None and r["process.pid"] is not None and r["pid"] != r["process.pid"]]
bad = [r for r in thr if ids.get(r["process.pid"]) != r["process.entity_id"]]
print(len(thr), len(bad))
EOP
read -r nthr nbad <"$tmp/thr"
[ "$nthr" -ge 2 ] && [ "$nbad" = 0 ]
ok $? "threads' records ($nthr): the leader's process.pid and entity id" "$tmp/thr"

grep -q '"event":"signal".*"signal":"SIGTERM"' "$tmp/env.json" &&
	grep -q '"event":"exit".*"status":3' "$tmp/env.json"
ok $? "the SIGTERM and the exit 3 are among the validated records"

# cgroup: the workload's own /proc/PID/cgroup, and the container id.
if [ -z "$cgdir" ]; then
	skip "process.linux.cgroup" "no cgroup v2 hierarchy"
	skip "container.id" "no cgroup v2 hierarchy"
else
	want=$(sed -n 's/^0:://p' "$tmp/cgroup")
	awk -v s="$spid" -v c="$cpid" '$1 == s || $1 == c { print $5 }' "$tmp/procs" | sort -u >"$tmp/cgs"
	[ "$(cat "$tmp/cgs")" = "$want" ] && [ "$want" = "/ut-envelope-$$/docker-$cid.scope" ]
	ok $? "process.linux.cgroup = the workload's /proc/PID/cgroup ($want)" "$tmp/cgs"
	awk -v s="$spid" -v c="$cpid" '$1 == s || $1 == c { print $6 }' "$tmp/procs" | sort -u >"$tmp/cts"
	[ "$(cat "$tmp/cts")" = "$cid" ]
	ok $? "container.id = the 64 hex digits of docker-ID.scope" "$tmp/cts"
fi

# --- a reused pid -----------------------------------------------------
# A exits 1, B gets its pid: two processes, two ids; each clone record
# names the id its child's records carry.
run --json -o "$tmp/reuse.json" -- "$tmp/ut-pidreuse" >"$tmp/log" 2>"$tmp/err"
P=$(sed -nE 's/^A=([0-9]+) B=\1 REUSED$/\1/p' "$tmp/log")
python3 "$tmp/check.py" "$schema" "$tmp/reuse.json" >"$tmp/bad" 2>&1
[ $rc = 0 ] && [ ! -s "$tmp/bad" ]
ok $? "pid reuse run: all records valid, seq 1..N" "$tmp/bad"
if [ -z "$P" ]; then
	skip "reused pid: two entity ids" "B did not get A's pid: $(head -1 "$tmp/log")"
	skip "reused pid: clone records name them" "B did not get A's pid"
else
	python3 - "$tmp/reuse.json" "$P" >"$tmp/ru" <<'EOP'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
P = int(sys.argv[2])
a = [r["process.entity_id"] for r in recs if r["process.pid"] == P and r["event"] == "exit" and r["status"] == 1]
b = [r["process.entity_id"] for r in recs if r["process.pid"] == P and r["event"] in ("exec", "exit") and r["comm"] == "sleep"]
clones = [r["child_entity_id"] for r in recs if r["event"] == "clone" and r["child_pid"] == P]
print(" ".join(map(str, [len(set(a)), len(set(b)), a[:1] == [] or b[:1] == [] or a[0] != b[0]])))
print(" ".join(map(str, clones)))
print(" ".join(map(str, a[:1] + b[:1])))
EOP
	read -r na nb differ <"$tmp/ru"
	[ "$na $nb $differ" = "1 1 True" ]
	ok $? "pid $P reused: A's records (exit 1) and B's (sleep) each one id, not the same" "$tmp/ru"
	[ "$(sed -n 2p "$tmp/ru")" = "$(sed -n 3p "$tmp/ru")" ]
	ok $? "the two clone records of pid $P name A's and B's ids as child_entity_id" "$tmp/ru"
fi

# --- lost records -----------------------------------------------------
# The recorder (the command's parent) stopped while dd runs: losses
# whatever the host's load (a reader that kept up once made none).
"$rec" --json -o "$tmp/lost.json" -b 4 -e all -- sh -c \
	'kill -STOP $PPID; dd if=/dev/zero of=/dev/null bs=1 count=4000 2>/dev/null; kill -CONT $PPID' \
	2>"$tmp/err"
python3 "$tmp/check.py" "$schema" "$tmp/lost.json" >"$tmp/bad" 2>&1
python3 - "$tmp/lost.json" >"$tmp/lo" <<'EOP'
import json, sys
lost = [json.loads(l) for l in open(sys.argv[1]) if '"event":"lost"' in l]
bad = [r for r in lost if r["lost_from"] is not None and r["lost_from"] > r["time"]]
print(len(lost), len(bad))
EOP
read -r nlost nbadl <"$tmp/lo"
[ ! -s "$tmp/bad" ] && [ "$nlost" -ge 1 ] && [ "$nbadl" = 0 ]
ok $? "-b 4, syscalls: $nlost lost records in the stream, valid, counted by seq, lost_from <= time" "$tmp/bad"

# --- argv: --redact-args ----------------------------------------------
run --json -o "$tmp/red.json" --redact-args 'pass=([^ ]*)' -- sh -c 'true pass=hunter2 x' 2>"$tmp/err"
grep -q '"argv":\["sh","-c","true pass=\*\*\* x"\]' "$tmp/red.json" &&
	! grep -q hunter2 "$tmp/red.json"
ok $? "--redact-args 'pass=([^ ]*)': the group's match is *** in argv, nowhere else" "$tmp/red.json"
run --json -o "$tmp/bad.json" --redact-args 'a(' -- true 2>"$tmp/err"
[ $rc = 2 ] && grep -q "redact-args" "$tmp/err" && [ ! -e "$tmp/bad.json" ]
ok $? "--redact-args with a bad regex: exit 2, a message, nothing written (rc $rc)" "$tmp/err"

# --- no schema change unnoticed ----------------------------------------
# A record with a key the schema does not name, or without seq, is
# refused: the schema is the list of keys.
head -1 "$tmp/env.json" | sed 's/^{/{"surprise":1,/' >"$tmp/extra.json"
head -1 "$tmp/env.json" | sed -E 's/"seq":[0-9]+,//' >"$tmp/noseq.json"
python3 - "$schema" "$tmp/extra.json" "$tmp/noseq.json" >"$tmp/neg" <<'EOP'
import json, sys, jsonschema
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
print(*[len(list(v.iter_errors(json.load(open(f))))) > 0 for f in sys.argv[2:]])
EOP
[ "$(cat "$tmp/neg")" = "True True" ]
ok $? "the schema refuses an unknown key and a record without seq" "$tmp/neg"

no_instances
ok $? "no instance left"
[ $failed -eq 0 ]
