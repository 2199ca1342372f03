#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record --kafka on the host kernel (compat mode), TAP.  The broker
# is librdkafka's mock cluster in tests/host/progs/kafka-mock.c (a real
# Kafka protocol endpoint on 127.0.0.1), read back with kcat.  Checks:
# bad BROKERS/TOPIC and settings refused; an unreachable, unresolvable,
# silent broker or a missing topic fails fast at the start; a
# fork/exec/exit storm's records each consumed exactly once, keyed by
# process, in order per key, JSON and OTLP; a broker outage (down, then
# up) and a broker killed mid-run: the records not delivered are in the
# spill file, the notices say so in-band, the counts add up; a full
# spill file drops and says so; system-wide, the producer's own threads
# are not traced.  Needs root, tracefs, librdkafka-dev and kcat.
set -u
. "$(dirname "$0")/lib.sh"
recorder_test_init sched/sched_process_exec
export PATH=/usr/bin:/bin:/usr/sbin:/sbin

mock=$tmp/kafka-mock
cc -O2 -Wall -o "$mock" "$top/tests/host/progs/kafka-mock.c" \
	$(pkg-config --cflags --libs rdkafka 2>/dev/null || echo -lrdkafka) 2>"$tmp/cc"
ok $? "build tests/host/progs/kafka-mock.c (librdkafka-dev)" "$tmp/cc"
command -v kcat >/dev/null
ok $? "kcat is installed (scripts/install-deps)"

# start_mock NAME [TOPIC PARTITIONS]: a mock cluster in the background;
# sets NAME_bs (its bootstrap servers) and NAME_pid.
start_mock() {
	local i
	"$mock" "${2:-utrace}" "${3:-4}" >"$tmp/$1.bs" 2>"$tmp/$1.err" &
	eval "$1_pid=$!"
	started="$started $!"
	for i in $(seq 100); do
		[ -s "$tmp/$1.bs" ] && break
		sleep 0.05
	done
	eval "$1_bs=$(head -1 "$tmp/$1.bs")"
}
# consume BS TOPIC FILE: every message of TOPIC, one kcat JSON object a line.
consume() {
	timeout 60 kcat -C -b "$1" -t "$2" -e -q -J >"$3" 2>"$3.err"
}
# The record checker: every record of the -o file in Kafka and the spill
# file together exactly once, keys, per-key order; counts on stdout.
cat >"$tmp/check.py" <<'EOF'
import json, sys
from collections import defaultdict

def lines(path):
    try:
        return [l for l in open(path) if l.strip()]
    except FileNotFoundError:
        return []

def is_notice(r):
    return r.get("event") == "sink_loss"

def ident(r):
    return r["seq"] if "seq" in r else json.dumps(r, sort_keys=True)

out = [json.loads(l) for l in lines(sys.argv[1])]
msgs = [json.loads(l) for l in lines(sys.argv[2])]
spill = [json.loads(l) for l in lines(sys.argv[3])] if len(sys.argv) > 3 else []
bad = []
kafka = [(m, json.loads(m["payload"])) for m in msgs]
krecs = [(m, r) for m, r in kafka if not is_notice(r)]
knotes = [r for m, r in kafka if is_notice(r)]
srecs = [r for r in spill if not is_notice(r)]
snotes = [r for r in spill if is_notice(r)]
seen = defaultdict(int)
for r in [r for m, r in krecs] + srecs:
    seen[ident(r)] += 1
want = set(ident(r) for r in out)
twice = [k for k, n in seen.items() if n > 1]
missing = [k for k in want if k not in seen]
extra = [k for k in seen if k not in want]
if twice: bad.append("%d records more than once" % len(twice))
if missing: bad.append("%d records of -o missing" % len(missing))
if extra: bad.append("%d records not in -o: %s" % (len(extra), extra[:2]))
order = defaultdict(list)
for m, r in krecs:
    ent = r.get("process.entity_id")
    want_key = ent if ent else (None if r.get("event") == "lost" else str(r.get("pid")))
    if m["key"] != want_key:
        bad.append("key %r of a record of %r" % (m["key"], want_key))
        break
    if m["key"] is not None:
        order[m["key"]].append((m["partition"], m["offset"], r.get("seq", r.get("time"))))
for k, v in order.items():
    if len(set(p for p, o, s in v)) != 1:
        bad.append("key %s in several partitions" % k)
    v.sort()
    if [s for p, o, s in v] != sorted(s for p, o, s in v):
        bad.append("key %s out of order" % k)
print("records=%d kafka=%d spilled=%d kafka_notices=%d spill_notices=%d keys=%d"
      % (len(out), len(krecs), len(srecs), len(knotes), len(snotes), len(order)))
print("true_execs=%d" % sum(1 for m, r in krecs if r.get("event") == "exec" and r.get("filename") == "/bin/true"))
print("spill_true_execs=%d" % sum(1 for r in srecs if r.get("event") == "exec" and r.get("filename") == "/bin/true"))
for name, notes in (("kafka_notice", knotes), ("spill_notice", snotes)):
    print("%s_spilled=%d %s_dropped=%d" % (name, sum(n["spilled"] for n in notes),
                                         name, sum(n["dropped"] for n in notes)))
runs = set(r.get("service.instance.id") for r in out)
print("notices_ok=%d" % all(n.get("schema") == "utrace-record/sink-loss/1" and
                            n.get("service.instance.id") in runs and n.get("host.name")
                            for n in knotes + snotes))
print("problems=%d" % len(bad))
for b in bad:
    print("# " + b)
EOF
check() {
	python3 "$tmp/check.py" "$@" >"$tmp/check" 2>&1
	cat "$tmp/check" >>"$tmp/check.log"
}
# val NAME: a count from the last check.
val() {
	sed -n "s/.*\b$1=\([0-9]*\).*/\1/p" "$tmp/check" | head -1
}
# counts FILE: "P D S X" from the recorder's last line on Kafka.
counts() {
	sed -nE 's/^utrace-record: kafka .*: ([0-9]+) records: ([0-9]+) delivered, ([0-9]+) spilled.*, ([0-9]+) dropped$/\1 \2 \3 \4/p' "$1"
}

start_mock m1
[ -n "$m1_bs" ]
ok $? "kafka-mock serves at $m1_bs" "$tmp/m1.err"

# Usage errors: exit 2 before anything starts, the message says what.
while IFS='|' read -r args msg; do
	run $args -- touch "$tmp/ran" 2>"$tmp/err"
	[ $rc -eq 2 ] && [ ! -e "$tmp/ran" ] && grep -qF -- "$msg" "$tmp/err" &&
		[ "$(wc -l <"$tmp/err")" -le 2 ]
	ok $? "usage error, exit 2, COMMAND not run: $args (rc $rc)" "$tmp/err"
done <<EOF2
--kafka localhost:9092|--kafka: 'localhost:9092' is not BROKERS/TOPIC
--kafka /utrace|--kafka: '/utrace' is not BROKERS/TOPIC
--kafka host:99999/utrace|--kafka: broker 'host:99999': a broker is host[:port]
--kafka host:9092/bad!topic|--kafka: topic 'bad!topic': a topic name has only
--kafka h:1,,h:2/utrace|--kafka: broker '': a broker is host[:port]
--kafka $m1_bs/utrace --kafka-format xml|--kafka-format is json or otlp, not 'xml'
--kafka $m1_bs/utrace --kafka-conf novalue|--kafka-conf needs KEY=VALUE, not 'novalue'
--kafka $m1_bs/utrace --kafka-timeout 0|--kafka-timeout needs seconds (0.1 to 3600), not '0'
--kafka $m1_bs/utrace --kafka-spill-max 12|--kafka-spill-max needs a size of 4096 bytes or more
--kafka-timeout 2|--kafka-format, --kafka-conf, --kafka-spill, --kafka-spill-max and --kafka-timeout need --kafka
--kafka-spill $tmp/s|--kafka-format, --kafka-conf, --kafka-spill, --kafka-spill-max and --kafka-timeout need --kafka
--kafka $m1_bs/utrace -o $tmp/same --kafka-spill $tmp/same|--kafka-spill cannot share its file ($tmp/same) with -o
EOF2

# Unreachable at start: exit 1 at once with the cause, no command run,
# no instance, no spill file left.
t0=$(date +%s)
run --kafka 127.0.0.1:1/utrace -o "$tmp/o1" -- touch "$tmp/ran" 2>"$tmp/err"
t1=$(date +%s)
[ $rc -eq 1 ] && [ ! -e "$tmp/ran" ] && instance_gone && [ $((t1 - t0)) -lt 10 ] &&
	grep -q "cannot reach the brokers: .*Connection refused" "$tmp/err" &&
	[ ! -e "$tmp/o1.kafka-spill" ]
ok $? "--kafka 127.0.0.1:1/utrace (refused): exit 1 in $((t1 - t0)) s, says why, nothing run or left (rc $rc)" "$tmp/err"

t0=$(date +%s)
run --kafka nosuchhost.invalid/utrace --kafka-spill "$tmp/sp" -- touch "$tmp/ran" 2>"$tmp/err"
t1=$(date +%s)
[ $rc -eq 1 ] && [ ! -e "$tmp/ran" ] && [ $((t1 - t0)) -lt 20 ] &&
	grep -q "Failed to resolve 'nosuchhost.invalid:9092'" "$tmp/err" && [ ! -e "$tmp/sp" ]
ok $? "--kafka nosuchhost.invalid/utrace: exit 1 in $((t1 - t0)) s, 'Failed to resolve' (port 9092) (rc $rc)" "$tmp/err"

# A port that accepts connections and never answers: --kafka-timeout.
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
print(s.getsockname()[1], flush=True); time.sleep(60)' >"$tmp/silent" &
silent=$!
started="$started $silent"
for i in $(seq 100); do [ -s "$tmp/silent" ] && break; sleep 0.05; done
t0=$(date +%s.%N)
run --kafka 127.0.0.1:$(cat "$tmp/silent")/utrace --kafka-timeout 1 --kafka-spill "$tmp/sp" \
	-- touch "$tmp/ran" 2>"$tmp/err"
t1=$(date +%s.%N)
kill $silent 2>/dev/null
el=$(echo "$t1 - $t0" | bc)
[ $rc -eq 1 ] && [ ! -e "$tmp/ran" ] && [ ! -e "$tmp/sp" ] &&
	grep -q "no answer within 1 s (--kafka-timeout)" "$tmp/err" &&
	echo "$el >= 0.9 && $el < 10" | bc | grep -qx 1
ok $? "a broker that never answers, --kafka-timeout 1: exit 1 after $el s (rc $rc)" "$tmp/err"

KAFKA_MOCK_NO_TOPIC=gone start_mock m0
run --kafka "$m0_bs/gone" --kafka-spill "$tmp/sp" -- touch "$tmp/ran" 2>"$tmp/err"
[ $rc -eq 1 ] && [ ! -e "$tmp/ran" ] && grep -q "topic gone: Broker: Unknown topic or partition" "$tmp/err"
ok $? "a topic the cluster does not have: exit 1, says so (rc $rc)" "$tmp/err"
kill $m0_pid 2>/dev/null

run --kafka "$m1_bs/utrace" --kafka-conf no.such.property=1 --kafka-spill "$tmp/sp" \
	-- touch "$tmp/ran" 2>"$tmp/err"
[ $rc -eq 1 ] && [ ! -e "$tmp/ran" ] && [ ! -e "$tmp/sp" ] &&
	grep -q 'no.such.property=1: No such configuration property' "$tmp/err"
ok $? "--kafka-conf no.such.property=1: exit 1, librdkafka's reason (rc $rc)" "$tmp/err"

# The spill file: never through a symlink, never over records.
ln -s "$tmp/victim" "$tmp/link"
run --kafka "$m1_bs/utrace" --kafka-spill "$tmp/link" -- touch "$tmp/ran" 2>"$tmp/err"
[ $rc -eq 1 ] && [ ! -e "$tmp/ran" ] && [ ! -e "$tmp/victim" ] && grep -q "symbolic link" "$tmp/err"
ok $? "--kafka-spill SYMLINK: refused, exit 1 (rc $rc)" "$tmp/err"
echo '{"seq":1}' >"$tmp/full"
run --kafka "$m1_bs/utrace" --kafka-spill "$tmp/full" -- touch "$tmp/ran" 2>"$tmp/err"
[ $rc -eq 1 ] && [ ! -e "$tmp/ran" ] && [ "$(cat "$tmp/full")" = '{"seq":1}' ] &&
	grep -q "exists and is not an empty file" "$tmp/err"
ok $? "--kafka-spill FILE holding records: refused, kept, exit 1 (rc $rc)" "$tmp/err"

# The storm: N fork/exec/exit of /bin/true, each record once in Kafka.
N=300
storm="for i in \$(seq $N); do /bin/true; done"
: >"$tmp/empty-spill"
run --mode compat --json -o "$tmp/o.json" --kafka "$m1_bs/utrace" --kafka-spill "$tmp/empty-spill" \
	-- sh -c "$storm" 2>"$tmp/err"
consume "$m1_bs" utrace "$tmp/k.json"
check "$tmp/o.json" "$tmp/k.json"
read -r P D S X <<<"$(counts "$tmp/err")"
[ $rc -eq 0 ] && [ "$(val problems)" = 0 ] && [ "$(val true_execs)" = $N ] &&
	[ "$(val kafka)" = "$(val records)" ] && [ "${P:-}" = "$(val records)" ] &&
	[ "$D" = "$P" ] && [ "$S" = 0 ] && [ "$X" = 0 ] && [ "$(val keys)" -gt $N ] &&
	[ ! -e "$tmp/empty-spill" ] && ! grep -qv '^utrace-record: ' "$tmp/err"
ok $? "storm of $N: every record of -o in Kafka once ($(val kafka)), $N execs of /bin/true, one key per process ($(val keys)), per-key order, '$P records: $D delivered' (rc $rc)" \
	"$(cat "$tmp/check" "$tmp/err")"

# No -o, no STATE_DIRECTORY: the spill file's directory under /var/lib is
# made when missing (a private tmpfs over /var/lib here: nothing of the
# machine's is touched).
unshare -m sh -c 'mount -t tmpfs none /var/lib &&
	env -u STATE_DIRECTORY "$1" -q --kafka "$2/utrace" -- true &&
	stat -c "%a %F" /var/lib/utrace-record' sh "$rec" "$m1_bs" >"$tmp/vl" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && [ "$(cat "$tmp/vl")" = "700 directory" ]
ok $? "no -o: /var/lib/utrace-record made (0700) for the spill file (rc $rc, $(cat "$tmp/vl"))" "$tmp/err"

# --kafka-conf debug=...: librdkafka's own log lines on stderr.
run --kafka "$m1_bs/utrace" --kafka-conf debug=metadata -q --kafka-spill "$tmp/sp" -- true 2>"$tmp/err"
[ $rc -eq 0 ] && grep -q '|METADATA|' "$tmp/err"
ok $? "--kafka-conf debug=metadata: librdkafka's log lines shown (rc $rc)" "$tmp/err"

# The same as OTLP: one ExportLogsServiceRequest with one log record each.
run --mode compat -q --kafka "$m1_bs/otlp" --kafka-format otlp --kafka-spill "$tmp/sp" \
	-- sh -c "$storm" 2>"$tmp/err"
consume "$m1_bs" otlp "$tmp/otlp.json"
read -r P D S X <<<"$(counts "$tmp/err")"
python3 - "$tmp/otlp.json" >"$tmp/ocheck" 2>&1 <<'EOF'
import json, sys
n = execs = 0
for l in open(sys.argv[1]):
    m = json.loads(l)
    req = json.loads(m["payload"])
    recs = [r for rl in req["resourceLogs"] for sl in rl["scopeLogs"] for r in sl["logRecords"]]
    assert len(recs) == 1, m["payload"][:200]
    assert isinstance(recs[0]["timeUnixNano"], str) and int(recs[0]["timeUnixNano"]) > 10**18
    attrs = {a["key"]: a["value"] for a in recs[0].get("attributes", [])}
    n += 1
    if json.dumps(recs[0]).count('"/bin/true"') and "exec" in json.dumps(recs[0].get("body", "")):
        execs += 1
print(n, execs)
EOF
[ $rc -eq 0 ] && [ "$(cut -d' ' -f1 "$tmp/ocheck")" = "$P" ] && [ "$D" = "$P" ] &&
	[ "$(cut -d' ' -f2 "$tmp/ocheck")" = $N ]
ok $? "--kafka-format otlp: $P messages, each one OTLP log record, $N execs of /bin/true (rc $rc)" \
	"$(cat "$tmp/ocheck" "$tmp/err")"

# An outage: the brokers go down (SIGUSR1), records time out into the
# spill file, the brokers come back (SIGUSR2), a notice in the topic says
# how many were spilled; records in Kafka and spill: each exactly once.
start_mock m2 out 2
outage="for i in \$(seq 100); do /bin/true; done; sleep 1; kill -USR1 $m2_pid
	for i in \$(seq 100); do /bin/true; done; sleep 3; kill -USR2 $m2_pid; sleep 1.5
	for i in \$(seq 100); do /bin/true; done"
run --mode compat --json -o "$tmp/o2.json" --kafka "$m2_bs/out" \
	--kafka-conf message.timeout.ms=1500 --kafka-conf reconnect.backoff.max.ms=200 \
	-- sh -c "$outage" 2>"$tmp/err"
consume "$m2_bs" out "$tmp/k2.json"
check "$tmp/o2.json" "$tmp/k2.json" "$tmp/o2.json.kafka-spill"
read -r P D S X <<<"$(counts "$tmp/err")"
[ $rc -eq 0 ] && [ "$(val problems)" = 0 ] && [ "${P:-}" = "$(val records)" ] &&
	[ "$D" = "$(val kafka)" ] && [ "$S" = "$(val spilled)" ] && [ "$X" = 0 ] &&
	[ "$S" -ge 100 ] && [ "$(val spill_true_execs)" = 100 ] &&
	[ "$(val kafka_notice_spilled)" = "$S" ] && [ "$(val spill_notices)" = 0 ] &&
	[ "$(val kafka_notices)" -ge 1 ] && [ "$(val notices_ok)" = 1 ] &&
	grep -q "spilling records to $tmp/o2.json.kafka-spill" "$tmp/err"
ok $? "outage: $D delivered, $S spilled (the 100 execs of the outage among them), each record once in Kafka or $tmp/o2.json.kafka-spill, a notice in the topic says $S (rc $rc)" \
	"$(cat "$tmp/check" "$tmp/err")"
kill $m2_pid 2>/dev/null

# The broker killed mid-run: what was not delivered is spilled at the
# end (--kafka-timeout), the last line of the spill file is the notice.
start_mock m3 gone 2
killed="for i in \$(seq 100); do /bin/true; done; sleep 1; kill -KILL $m3_pid
	for i in \$(seq 100); do /bin/true; done"
t0=$(date +%s)
run --mode compat --json -o "$tmp/o3.json" --kafka "$m3_bs/gone" --kafka-timeout 1 \
	-- sh -c "$killed" 2>"$tmp/err"
t1=$(date +%s)
check "$tmp/o3.json" /dev/null "$tmp/o3.json.kafka-spill"
read -r P D S X <<<"$(counts "$tmp/err")"
tail -1 "$tmp/o3.json.kafka-spill" >"$tmp/last"
[ $rc -eq 0 ] && [ "${P:-}" = "$(val records)" ] && [ $((D + S + X)) = "$P" ] &&
	[ "$X" = 0 ] && [ "$S" = "$(val spilled)" ] && [ "$(val spill_true_execs)" = 100 ] &&
	[ "$(val spill_notice_spilled)" = "$S" ] && grep -q '"event":"sink_loss"' "$tmp/last" &&
	[ "$(val notices_ok)" = 1 ] &&
	[ $((t1 - t0)) -lt 30 ]
ok $? "broker killed: $P records = $D delivered + $S spilled + $X dropped, the 100 later execs spilled, notice last (rc $rc, $((t1 - t0)) s)" \
	"$(cat "$tmp/check" "$tmp/err")"

# A spill file too small: the rest is dropped, said, counted; exit 1.
start_mock m4 small 1
killed="for i in \$(seq 20); do /bin/true; done; sleep 1; kill -KILL $m4_pid
	for i in \$(seq 100); do /bin/true; done"
run --mode compat --json -o "$tmp/o4.json" --kafka "$m4_bs/small" --kafka-timeout 1 \
	--kafka-spill "$tmp/small" --kafka-spill-max 8k -- sh -c "$killed" 2>"$tmp/err"
check "$tmp/o4.json" /dev/null "$tmp/small"
read -r P D S X <<<"$(counts "$tmp/err")"
[ $rc -ne 0 ] && [ "${P:-}" = "$(val records)" ] && [ $((D + S + X)) = "$P" ] &&
	[ "$X" -gt 0 ] && [ "$(stat -c %s "$tmp/small")" -le 8192 ] &&
	[ "$(val spill_notice_dropped)" = "$X" ] &&
	grep -q "spill file $tmp/small is full (--kafka-spill-max): dropping records" "$tmp/err"
ok $? "--kafka-spill-max 8k: $S spilled, $X dropped, said, notice last, exit status $rc" \
	"$(cat "$tmp/check" "$tmp/err")"

# The queue full while the brokers are down: spilled at once.  Without
# -o the spill file is in $STATE_DIRECTORY (its first directory).  As
# OTLP: the spill file's lines and its notice are OTLP requests too.
start_mock m6 full 1
mkdir "$tmp/state"
qfull="kill -USR1 $m6_pid; sleep 0.5; for i in \$(seq 50); do /bin/true; done"
STATE_DIRECTORY="$tmp/state:$tmp/other" run --mode compat -q --kafka "$m6_bs/full" --kafka-timeout 1 \
	--kafka-format otlp --kafka-conf queue.buffering.max.messages=10 -- sh -c "$qfull" 2>"$tmp/err"
python3 - "$tmp/state/kafka-spill" >"$tmp/ocheck" 2>&1 <<'EOF2'
import json, sys
recs = execs = 0
notice = None
for l in open(sys.argv[1]):
    req = json.loads(l)
    lr = [r for rl in req["resourceLogs"] for sl in rl["scopeLogs"] for r in sl["logRecords"]]
    assert len(lr) == 1
    attrs = {a["key"]: a["value"] for a in lr[0]["attributes"]}
    if lr[0]["body"]["stringValue"] == "sink_loss":
        notice = attrs
        continue
    recs += 1
    if lr[0]["body"]["stringValue"] == "exec" and "/bin/true" in json.dumps(attrs):
        execs += 1
print(recs, execs, notice["utrace.spilled"]["intValue"] if notice else "none",
      notice["utrace.schema"]["stringValue"] if notice else "none")
EOF2
read -r P D S X <<<"$(counts "$tmp/err")"
read -r srecs sexecs nspilled nschema <"$tmp/ocheck"
[ $rc -eq 0 ] && [ "${sexecs:-}" = 50 ] && [ "${S:-}" = "$srecs" ] && [ "$nspilled" = "$S" ] &&
	[ "$nschema" = utrace-record/sink-loss/1 ] && [ $((D + S)) = "$P" ] && [ "$X" = 0 ] &&
	grep -q "cannot deliver (Local: Queue full): spilling records to $tmp/state/kafka-spill" "$tmp/err"
ok $? "brokers down, queue of 10: spilled at once (Queue full) to \$STATE_DIRECTORY/kafka-spill, $S OTLP requests, the 50 execs among them, an OTLP notice last (rc $rc)" \
	"$(cat "$tmp/ocheck" "$tmp/err")"
kill $m6_pid 2>/dev/null

# System-wide: the recorder's threads (librdkafka's too) are not traced,
# or each message sent would be recorded and sent again.
start_mock m5 sys 1
bg --mode compat --json -o "$tmp/o5.json" -e syscall_exit -e trace=sendmsg,recvmsg,sendto,recvfrom,poll,ppoll \
	-d 2 --kafka "$m5_bs/sys" 2>"$tmp/err"
sleep 1
ls /proc/$rpid/task >"$tmp/tids"
wait $rpid
rc=$?
python3 - "$tmp/o5.json" "$tmp/tids" >"$tmp/own" <<'EOF'
import json, sys
tids = set(int(t) for t in open(sys.argv[2]).read().split())
own = [l for l in open(sys.argv[1]) if json.loads(l).get("pid") in tids]
print(len(tids), len(own))
EOF
[ $rc -eq 0 ] && [ "$(cut -d' ' -f1 "$tmp/own")" -gt 2 ] && [ "$(cut -d' ' -f2 "$tmp/own")" = 0 ] &&
	grep -q "delivered, 0 spilled" "$tmp/err"
ok $? "system-wide with --kafka: none of the recorder's $(cut -d' ' -f1 "$tmp/own") threads traced ($(cut -d' ' -f2 "$tmp/own") records of them) (rc $rc)" \
	"$(cat "$tmp/own" "$tmp/err")"

for p in $m1_pid $m3_pid $m4_pid $m5_pid; do kill $p 2>/dev/null; done
no_instances
ok $? "no instance left behind"
echo "1..$n"
[ $failed -eq 0 ]
