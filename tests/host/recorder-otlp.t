#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# --otlp-file, compat mode on the host (TAP): every line one OTLP/JSON
# ExportLogsServiceRequest valid against
# tools/utrace-record/schema/otlp-logs-request.schema.json (64-bit
# integers and times as decimal strings, AnyValue typed); the same
# records as the --json file of the same run (count, seq, timeUnixNano =
# time_unix_ns, body = event, attributes = the JSON keys under their
# OTel names); the host in the resource; several records a line, at
# most 512; a line out within seconds while the recorder runs; argv
# withheld without --fleet-args, given with it; an unwritable file
# refused at the start.  Needs root, tracefs and python3-jsonschema.
set -u
. "$(dirname "$0")/lib.sh"
recorder_test_init sched/sched_process_fork

schema=$top/tools/utrace-record/schema/otlp-logs-request.schema.json
echo "1..10"

if ! python3 -c 'import jsonschema' 2>/dev/null; then
	echo "not ok 1 - python3-jsonschema is installed (scripts/install-deps)"
	exit 1
fi

# compare.py SCHEMA JSON OTLP [argv]: prints one "bad ..." line per
# problem, then "records N lines L max M".  argv: the exec records must
# carry process.command_args (else: must not).
cat >"$tmp/compare.py" <<'EOP'
import json, socket, sys, jsonschema
schema, jpath, opath = sys.argv[1:4]
want_argv = len(sys.argv) > 4
v = jsonschema.Draft202012Validator(json.load(open(schema)))
recs = {r["seq"]: r for r in map(json.loads, open(jpath))}
def val(a):
    k, x = next(iter(a.items())) if a else (None, None)
    if k == "intValue":
        return int(x)
    if k == "arrayValue":
        return [val(y) for y in x.get("values", [])]
    if k == "kvlistValue":
        return {y["key"]: val(y["value"]) for y in x.get("values", [])}
    return x
other = {"pid": "thread.id", "comm": "thread.name", "argv": "process.command_args",
         "status": "process.exit.code"}
skip = {"time", "time_unix_ns", "host.name", "host.id", "boot_id", "service.instance.id"}
n = lines = most = 0
seen = set()
mid = open("/etc/machine-id").read().strip()
for ln, line in enumerate(open(opath), 1):
    req = json.loads(line)
    for e in v.iter_errors(req):
        print("bad line %d: %s" % (ln, e.message[:160]))
    lines += 1
    res = {a["key"]: val(a["value"]) for a in req["resourceLogs"][0]["resource"]["attributes"]}
    if (res.get("host.name"), res.get("host.id"), res.get("service.name")) != \
       (socket.gethostname(), mid, "utrace-record"):
        print("bad line %d: resource %s" % (ln, res))
    lr = req["resourceLogs"][0]["scopeLogs"][0]["logRecords"]
    most = max(most, len(lr))
    for r in lr:
        n += 1
        at = {a["key"]: val(a["value"]) for a in r["attributes"]}
        seq = at.get("utrace.seq")
        j = recs.get(seq)
        if j is None or seq in seen:
            print("bad: OTLP seq %s not once in the JSON" % seq)
            continue
        seen.add(seq)
        if r["timeUnixNano"] != str(j["time_unix_ns"]) or r["body"] != {"stringValue": j["event"]}:
            print("bad seq %d: time/body %s %s" % (seq, r["timeUnixNano"], r["body"]))
        for k, x in j.items():
            if k in skip or x is None or (k == "argv" and not want_argv):
                continue
            name = other.get(k, k if "." in k else "utrace." + k)
            if at.get(name) != x and not (k == "args" and at.get(name) == [a - (1 << 64) if a >= 1 << 63 else a for a in x]):
                print("bad seq %d: %s = %r, JSON %s = %r" % (seq, name, at.get(name), k, x))
        if j["event"] == "exec" and j["argv"] is not None:
            if want_argv != ("process.command_args" in at) or \
               want_argv == at.get("utrace.argv_withheld", False):
                print("bad seq %d: argv shown: %s" % (seq, sorted(at)))
missing = set(recs) - seen
if missing:
    print("bad: %d JSON records not in the OTLP file: %s" % (len(missing), sorted(missing)[:5]))
print("records", n, "lines", lines, "max", most)
EOP

# 2-6: one run, both outputs: fork, exec, exit codes, a signal, threads.
run --json -o "$tmp/a.json" --otlp-file "$tmp/a.otlp" -- \
	sh -c 'sh -c "exit 3"; /bin/true; sleep 5 & kill -TERM $!; wait; for i in 1 2 3; do /bin/true; done' 2>"$tmp/err"
[ $rc = 0 ] && [ -s "$tmp/a.otlp" ]
ok $? "--json -o and --otlp-file in one run (rc $rc)" "$tmp/err"
python3 "$tmp/compare.py" "$schema" "$tmp/a.json" "$tmp/a.otlp" >"$tmp/cmp" 2>&1
tail -1 "$tmp/cmp" | { read -r _ nrec _ nlines _ most; echo "$nrec $nlines $most"; } >"$tmp/counts"
read -r nrec nlines most <"$tmp/counts"
! grep -q '^bad line' "$tmp/cmp" && [ "$nlines" -ge 1 ]
ok $? "all $nlines lines valid ExportLogsServiceRequests (schema: times and intValue as strings, typed AnyValue); the resource names this host" "$tmp/cmp"
[ "$nrec" = "$(wc -l <"$tmp/a.json")" ] && ! grep -q '^bad: ' "$tmp/cmp"
ok $? "the same records: $nrec log records, $(wc -l <"$tmp/a.json") JSON lines, each seq once" "$tmp/cmp"
! grep -q '^bad seq' "$tmp/cmp"
ok $? "each log record: timeUnixNano = time_unix_ns, body = event, attributes = the JSON keys (OTel names)" "$tmp/cmp"
[ "$most" -gt 1 ] && [ "$most" -le 512 ]
ok $? "several records a line: at most $most of 512" "$tmp/cmp"

# 7: argv with --fleet-args (and the JSON of -o has it either way).
run --json -o "$tmp/b.json" --otlp-file "$tmp/b.otlp" --fleet-args -- sh -c '/bin/echo one "two three" >/dev/null' 2>"$tmp/err"
python3 "$tmp/compare.py" "$schema" "$tmp/b.json" "$tmp/b.otlp" argv >"$tmp/cmp2" 2>&1
grep -q '"argv":\["/bin/echo","one","two three"\]' "$tmp/b.json" && ! grep -q '^bad' "$tmp/cmp2" &&
	grep -q '"process.command_args","value":{"arrayValue":{"values":\[{"stringValue":"/bin/echo"},{"stringValue":"one"},{"stringValue":"two three"}\]}}' "$tmp/b.otlp"
ok $? "--fleet-args: exec's argv as process.command_args (arrayValue of strings)" "$tmp/cmp2"
# 8: without it, never in the OTLP file.
! grep -q 'process.command_args' "$tmp/a.otlp" && grep -q '"utrace.argv_withheld","value":{"boolValue":true}' "$tmp/a.otlp" &&
	grep -q '"argv":\["sh","-c",' "$tmp/a.json"
ok $? "without --fleet-args: no argv in the OTLP file (utrace.argv_withheld), all of it in -o" "$tmp/cmp"

# 9: a line out while the recorder runs (the batch's second), not only at the end.
bg --otlp-file "$tmp/c.otlp" -o /dev/null -- sh -c 'true; sleep 6' 2>"$tmp/err"
sleep 4
lines=$(wc -l <"$tmp/c.otlp" 2>/dev/null || echo 0)
wait $rpid
[ "$lines" -ge 1 ]
ok $? "a batch is written within seconds while the recorder runs ($lines lines after 4 s)" "$tmp/err"

# 10: an unwritable file: exit 1 at the start, the command not run.
run --otlp-file "$tmp/no/such/dir/x.otlp" -- touch "$tmp/ran" 2>"$tmp/err"
[ $rc = 1 ] && grep -q "cannot write $tmp/no/such/dir/x.otlp" "$tmp/err" && [ ! -e "$tmp/ran" ]
ok $? "--otlp-file in a missing directory: exit 1, a message, the command not run (rc $rc)" "$tmp/err"

no_instances
ok $? "no instance left"
[ $failed -eq 0 ]
