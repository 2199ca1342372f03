#!/bin/bash
# The --json envelope in native mode (utrace events): every record of a
# fork/exec/exit/signal/thread workload valid against
# tools/utrace-record/schema/record-v2.schema.json, seq 1..N, the entity
# id of the workload and of a child = FNV-1a 128 of "BOOT_ID/PID/TICKS"
# from their own /proc/PID/stat, one id per process (threads: the
# leader's), parents' ids as the parents' records have them, and the
# kernel's start_ns on clone/exec/exit records in the tick /proc gives.
. "$(dirname "$0")/lib.sh"
R=$UTRACE_REPO/tools/utrace-record/utrace-record
S=$UTRACE_REPO/tools/utrace-record/schema/record-v2.schema.json
if ! have_utrace; then
	skip "utrace-record envelope, native" "kernel without CONFIG_UTRACE_GLOBAL"
	tap_done
fi
if ! python3 -c 'import jsonschema' 2>/dev/null; then
	skip "utrace-record envelope, native" "no python3-jsonschema"
	tap_done
fi

d=/tmp/envelope
rm -rf $d; mkdir -p $d
cat >$d/work.sh <<EOF
echo "\$\$ \$(cut -d' ' -f22 /proc/\$\$/stat)" >$d/self
sh -c 'echo "\$\$ \$(cut -d" " -f22 /proc/\$\$/stat)" >$d/child; exit 3'
/bin/true
sleep 5 & kill -TERM \$!; wait
$PROGS/ut-tasks names
EOF
$R --json -o $d/env.json -- sh $d/work.sh >$d/out 2>$d/err
expect_eq "recorder exits with the workload's status" 0 "$?"

python3 - $S $d/env.json $d/self $d/child >$d/check 2>&1 <<'EOP'
import json, os, sys, jsonschema
schema, path, selff, childf = sys.argv[1:5]
v = jsonschema.Draft202012Validator(json.load(open(schema)))
recs = [json.loads(l) for l in open(path)]
boot = open("/proc/sys/kernel/random/boot_id").read().strip()
hz = os.sysconf("SC_CLK_TCK")
def entity(pid, ticks):
    h, p = 0x6c62272e07bb014262b821756295c58d, (1 << 88) + (1 << 8) + 0x3b
    for c in ("%s/%s/%s" % (boot, pid, ticks)).encode():
        h = ((h ^ c) * p) % (1 << 128)
    return "%032x" % h
bad = []
for i, r in enumerate(recs):
    bad += ["record %d: %s" % (i + 1, e.message[:150]) for e in v.iter_errors(r)]
    if r["seq"] != i + 1:
        bad.append("record %d: seq %s" % (i + 1, r["seq"]))
print("schema", "ok" if not bad else bad[:5])
ids, kstart = {}, []
for r in recs:
    if r["process.pid"] is not None:
        ids.setdefault(r["process.pid"], set()).add(r["process.entity_id"])
for name, f in (("self", selff), ("child", childf)):
    pid, ticks = map(int, open(f).read().split())
    print(name, "ok" if ids.get(pid) == {entity(pid, ticks)} else
          "want %s got %s" % (entity(pid, ticks), ids.get(pid)))
    for r in recs:
        if r["process.pid"] == pid and r.get("start_ns") and r["event"] != "clone":
            kstart.append(r["start_ns"] * hz // 1000000000 == ticks)
print("one-id", "ok" if all(len(s) == 1 and None not in s for s in ids.values()) else ids)
par = {p: next(iter(s)) for p, s in ids.items()}
wrong = [r["seq"] for r in recs if r["process.parent_pid"] in par and
         r["process.parent_entity_id"] != par[r["process.parent_pid"]]]
print("parents", "ok" if not wrong else wrong[:5])
thr = [r for r in recs if r["pid"] is not None and r["process.pid"] not in (None, r["pid"])]
print("threads", "ok" if thr and all(r["process.entity_id"] == par[r["process.pid"]] for r in thr) else len(thr))
print("kstart", "ok" if kstart and all(kstart) else "none" if not kstart else kstart)
EOP
sed 's/^/# /' $d/check
check "every record valid against record-v2.schema.json, seq 1..N" grep -qx "schema ok" $d/check
check "the workload's entity id from its /proc/PID/stat" grep -qx "self ok" $d/check
check "a child's entity id from its /proc/PID/stat" grep -qx "child ok" $d/check
check "one entity id per process on all its records" grep -qx "one-id ok" $d/check
check "parent entity ids as the parents' records have them" grep -qx "parents ok" $d/check
check "threads' records carry the leader's entity id" grep -qx "threads ok" $d/check
if grep -qx "kstart none" $d/check; then
	skip "the kernel's start_ns in /proc's tick" "records without start_ns (kernel without issue 24's fields)"
else
	check "the kernel's start_ns (exec, exit) in the tick of /proc/PID/stat" grep -qx "kstart ok" $d/check
fi
tap_done
