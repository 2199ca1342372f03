#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record's file outputs on the host kernel (compat mode), TAP:
# --dat FILE.dat (read back with trace-cmd report) and --perfetto FILE.json
# (Chrome trace-event JSON, checked with python3).  Needs root and
# tracefs; skips everything when tracefs cannot be used.  The recorder
# makes and removes its own instance; should a run die, the EXIT trap
# removes the instance of every recorder pid this script started.
set -u
. "$(dirname "$0")/lib.sh"
recorder_test_init sched/sched_process_exec


sh_path=$(type -P sh)

# 1-6: --dat FILE.dat
if ! command -v trace-cmd >/dev/null; then
	for t in "--dat: exit status" "--dat: text still on stdout" "--dat: no leftovers" \
		 "--dat: trace-cmd report shows sched_process_exec of sh" \
		 "-q --dat: raw copy only" \
		 "--dat system-wide -d: one CPU per possible CPU"; do
		skip "$t" "trace-cmd not installed"
	done
else
	run -o "$tmp/out" --dat "$tmp/x.dat" -- sh -c 'exit 3' 2>"$tmp/err"
	[ $rc -eq 3 ] && [ -s "$tmp/x.dat" ] && instance_gone
	ok $? "--dat x.dat -- sh -c 'exit 3': exit 3, file written, instance removed (rc $rc)" "$tmp/err"
	pid=$(sed -nE "s@^[0-9.]+ sh\[([0-9]+)\] exec $sh_path\$@\1@p" "$tmp/out")
	[ -n "$pid" ] && grep -qE "^[0-9.]+ sh\[$pid\] exit status=3\$" "$tmp/out"
	ok $? "--dat: text lines still go to stdout (sh pid $pid)" "$tmp/out"
	ls "$tmp" | grep -E '^x\.dat\.' >"$tmp/left"
	[ ! -s "$tmp/left" ]
	ok $? "--dat: no x.dat.cpuN or header files left" "$tmp/left"
	trace-cmd report -i "$tmp/x.dat" >"$tmp/report" 2>"$tmp/rerr"
	rrc=$?
	grep -E "sched_process_exec: +filename=$sh_path pid=$pid old_pid=$pid\$" "$tmp/report" >"$tmp/hits"
	[ $rrc -eq 0 ] && [ -n "$pid" ] && [ "$(wc -l <"$tmp/hits")" -eq 1 ] &&
		grep -qE "sched_process_exit: .*pid=$pid " "$tmp/report"
	ok $? "--dat: trace-cmd report -i shows sched_process_exec of sh, pid $pid (rc $rrc)" "$tmp/report"

	# -q --dat: raw copy only, nothing printed, same trace.dat contents.
	run -o "$tmp/out" -q --dat "$tmp/q.dat" -- sh -c 'exit 3' 2>"$tmp/err"
	trace-cmd report -i "$tmp/q.dat" >"$tmp/report" 2>"$tmp/rerr"
	rrc=$?
	[ $rc -eq 3 ] && [ ! -s "$tmp/out" ] && instance_gone && [ $rrc -eq 0 ] &&
		grep -qE "sched_process_exec: +filename=$sh_path " "$tmp/report" &&
		grep -qE "sched_process_exit: " "$tmp/report" &&
		! ls "$tmp" | grep -qE '^q\.dat\.'
	ok $? "-q --dat q.dat -- sh -c 'exit 3': exit 3, no lines, instance removed, report has exec and exit (rc $rc, report $rrc)" "$tmp/report"

	run --dat "$tmp/sys.dat" -d 0.5 --output /dev/null 2>"$tmp/err"
	ncpu=$(ls -d /sys/devices/system/cpu/cpu[0-9]* | wc -l)
	trace-cmd report -i "$tmp/sys.dat" 2>&1 | head -1 >"$tmp/head"
	[ $rc -eq 0 ] && grep -qx "cpus=$ncpu" "$tmp/head" && instance_gone
	ok $? "--dat system-wide -d 0.5: readable, cpus=$ncpu (rc $rc)" "$tmp/head"
fi

# 7-10: --perfetto FILE.json, with the JSON lines on stdout for the pids.
run -o "$tmp/lines" --perfetto "$tmp/p.json" --json -e all -- \
	sh -c 'sleep 0.1 & wait; exit 3' 2>"$tmp/err"
[ $rc -eq 3 ] && instance_gone
ok $? "--perfetto: exit 3, instance removed (rc $rc)" "$tmp/err"
python3 - "$tmp/p.json" "$tmp/lines" "$sh_path" >"$tmp/diff" 2>&1 <<'EOP'
import json, sys
doc = json.load(open(sys.argv[1]))
lines = [json.loads(l) for l in open(sys.argv[2])]
sh_path = sys.argv[3]
ev = doc["traceEvents"]
assert isinstance(ev, list) and ev, "no traceEvents"
for e in ev:
    assert e["ph"] in ("M", "X", "i"), e
    assert isinstance(e["pid"], int) and isinstance(e["tid"], int), e
    if e["ph"] != "M":
        assert isinstance(e["ts"], (int, float)), e
    if e["ph"] == "i":
        assert e["s"] in ("t", "g"), e
sh = [l for l in lines if l["event"] == "exec" and l["filename"] == sh_path]
assert len(sh) == 1, sh
shpid = sh[0]["pid"]
kid = [l for l in lines if l["event"] == "clone" and l["pid"] == shpid][0]["child_pid"]

def one(pred, what):
    m = [e for e in ev if pred(e)]
    assert len(m) == 1, "%s: %d matches" % (what, len(m))
    return m[0]

for pid, name in ((shpid, "sh"), (kid, "sleep")):
    one(lambda e: e["ph"] == "M" and e["name"] == "process_name" and
        e["pid"] == pid and e["args"]["name"] == name, "process_name " + name)
    one(lambda e: e["ph"] == "M" and e["name"] == "thread_name" and
        e["tid"] == pid and e["args"]["name"] == name, "thread_name " + name)
life = lambda e: e["ph"] == "X" and e["cat"] == "lifetime"
x = one(lambda e: life(e) and e["tid"] == shpid, "slice of sh")
assert x["name"] == "sh" and x["pid"] == shpid, x
assert x["dur"] > 0, x
# sh ran syscalls (-e all) between fork and exec: it started before recording.
assert x["args"]["end"] == "status=3" and x["args"]["start"] == "before recording", x
kx = one(lambda e: life(e) and e["tid"] == kid, "slice of sleep")
assert kx["name"] == "sleep" and kx["dur"] > 0 and kx["args"]["start"] == "clone", kx
# The child lives inside the parent's lifetime.
assert x["ts"] <= kx["ts"] and kx["ts"] + kx["dur"] <= x["ts"] + x["dur"], (x, kx)
ex = one(lambda e: e["ph"] == "i" and e["name"] == "exit" and e["tid"] == shpid,
         "exit instant of sh")
assert ex["s"] == "t" and ex["args"]["status"] == 3, ex
assert abs(ex["ts"] - (x["ts"] + x["dur"])) < 0.002, (ex, x)
exe = one(lambda e: e["ph"] == "i" and e["name"] == "exec" and e["tid"] == shpid,
          "exec instant of sh")
assert exe["args"]["filename"] == sh_path, exe
# Every instant of a task lies within its lifetime (1 ns rounding).  Not
# reap: in compat mode it fires from an RCU callback in whatever task runs.
slices = {e["tid"]: e for e in ev if life(e)}
for e in ev:
    if e["ph"] == "i" and e["tid"] in slices and e["name"] != "reap":
        s = slices[e["tid"]]
        assert s["ts"] - 0.002 <= e["ts"] <= s["ts"] + s["dur"] + 0.002, (e, s)
# Every printed JSON line is an instant, or one end of a syscall slice
# (entry at ts, exit at ts + dur; args are the exit's).
calls = [e for e in ev if e["ph"] == "X" and e["cat"] == "syscall"]
assert calls, "no syscall slices"
times = [e["args"]["time"] for e in ev if e["ph"] == "i"]
for c in calls:
    assert c["dur"] >= 0 and c["args"]["event"] == "syscall_exit", c
    assert c["name"] == c["args"]["name"], c
    assert abs(c["ts"] + c["dur"] - c["args"]["time"] * 1e6) < 0.002, c
    times += [round(c["args"]["time"] - c["args"]["duration"], 9), c["args"]["time"]]
assert sorted(round(t, 9) for t in times) == sorted(l["time"] for l in lines), "instants + slices != lines"
EOP
ok $? "--perfetto: valid JSON; sh and sleep tracks, lifetimes, exit and exec instants" "$tmp/diff"
grep -q '"name":"signal SIGCHLD"' "$tmp/p.json"
ok $? "--perfetto: signals are instants named after the signal" "$tmp/p.json"
grep -qE '"name":"syscall_entry exit_group","cat":"utrace","ph":"i"' "$tmp/p.json"
ok $? "--perfetto: syscalls are instants named after the syscall" "$tmp/p.json"

# 11: the command alone: its lifetime starts at its exec.
run -o "$tmp/lines" --perfetto "$tmp/p2.json" --json -- sh -c 'exit 3' 2>"$tmp/err"
python3 - "$tmp/p2.json" "$tmp/lines" >"$tmp/diff" 2>&1 <<'EOP'
import json, sys
ev = json.load(open(sys.argv[1]))["traceEvents"]
pid = [json.loads(l) for l in open(sys.argv[2])][0]["pid"]
x = [e for e in ev if e["ph"] == "X" and e["pid"] == pid and e["tid"] == pid]
assert len(x) == 1, x
x = x[0]
assert x["name"] == "sh" and x["dur"] > 0, x
assert x["args"] == {"start": "exec", "end": "status=3", "exec": x["args"]["exec"]}, x
assert x["args"]["exec"].endswith("/sh"), x
ex = [e for e in ev if e["ph"] == "i" and e["name"] == "exit" and e["tid"] == pid]
assert len(ex) == 1 and ex[0]["args"]["status"] == 3, ex
EOP
[ $? -eq 0 ] && [ $rc -eq 3 ]
ok $? "--perfetto -- sh -c 'exit 3': slice 'sh' from exec to exit, dur > 0, exit instant (rc $rc)" "$tmp/diff"

# -o FILE is the text (or JSON) output, as for strace and perf.
run -e exec,exit -o "$tmp/o.txt" -- sh -c 'exit 3' >"$tmp/out" 2>"$tmp/err"
[ $rc -eq 3 ] && [ ! -s "$tmp/out" ] && instance_gone &&
	grep -qE "^[0-9.]+ sh\[[0-9]+\] exec $sh_path argv=\[\"sh\",\"-c\",\"exit 3\"\]\$" "$tmp/o.txt" &&
	grep -qE '^[0-9.]+ sh\[[0-9]+\] exit status=3$' "$tmp/o.txt" &&
	[ "$(wc -l <"$tmp/o.txt")" = 2 ]
ok $? "-o o.txt: the text lines go to o.txt, nothing to stdout (rc $rc)" "$tmp/o.txt"
run --json -e exit -o "$tmp/o.json" -- sh -c 'exit 3' >"$tmp/out" 2>"$tmp/err"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$tmp/o.json" 2>"$tmp/diff" &&
	grep -q '"event":"exit"' "$tmp/o.json"
ok $? "--json -o o.json: JSON lines in o.json" "$tmp/diff"
run -o "$tmp/same" --dat "$tmp/same" -- /bin/true >"$tmp/out" 2>"$tmp/err"
[ $rc -eq 2 ] && [ ! -e "$tmp/same" ] && grep -q '^utrace-record: -o and --dat cannot be the same file' "$tmp/err"
ok $? "-o F --dat F: usage error, exit 2 (got $rc), F not created" "$tmp/err"
run -o "$tmp/same" --perfetto "$tmp/same" -- /bin/true >"$tmp/out" 2>"$tmp/err"
[ $rc -eq 2 ] && [ ! -e "$tmp/same" ] && grep -q '^utrace-record: --perfetto cannot share its file' "$tmp/err"
ok $? "-o F --perfetto F: usage error, exit 2 (got $rc), F not created" "$tmp/err"

# -i FILE.dat: the recording read back gives the lines it printed live,
# and the same --tree.
if ! command -v trace-cmd >/dev/null; then
	skip "-i: same JSON lines as live" "trace-cmd not installed"
	skip "-i --tree" "trace-cmd not installed"
	skip "-i LOST lines" "trace-cmd not installed"
else
	run -o "$tmp/live" --json -e clone,exec,exit --dat "$tmp/i.dat" -- sh -c 'sleep 0.1 & wait; exit 3' 2>"$tmp/err"
	"$rec" -i "$tmp/i.dat" --json -e clone,exec,exit >"$tmp/again" 2>"$tmp/err2"
	irc=$?
	# (but for the wall clock, which a trace.dat does not keep, and the
	# envelope after the event's keys: the run, boot and process ids
	# that a trace.dat does not keep either)
	sed -i 's/,"time_unix_ns":[0-9]*//' "$tmp/live"
	sed -i -E 's/,"service\.instance\.id":.*\}$/}/' "$tmp/live" "$tmp/again"
	[ $rc -eq 3 ] && [ $irc -eq 0 ] && [ -s "$tmp/live" ] && diff -u "$tmp/live" "$tmp/again" >"$tmp/diff"
	ok $? "-i i.dat --json: the same lines as the live recording, time_unix_ns aside (rc $rc, $irc)" "$tmp/diff"
	"$rec" -i "$tmp/i.dat" -q --tree >"$tmp/tree" 2>"$tmp/err2"
	grep -qE '^[0-9]+ sh exec .*/sh: status=3 after [0-9.]+s$' "$tmp/tree" &&
		grep -qE '^`-- [0-9]+ sleep exec .*/sleep: status=0 after 0\.[0-9]+s$' "$tmp/tree"
	ok $? "-i i.dat --tree: sh and its sleep, how they ended" "$tmp/tree"
	# A 4 KiB buffer and 600000 unpaced calls: the kernel loses events
	# unless --dat's page splicing keeps up, which it may on a quiet
	# machine; then there is nothing to check (the recorder says so).
	run -q -b 4 -e all --dat "$tmp/l.dat" -- dd if=/dev/zero of=/dev/null bs=1 count=300000 \
		>/dev/null 2>"$tmp/lerr"
	if ! grep -q '^utrace-record: lost events: [1-9]' "$tmp/lerr"; then
		skip "-i of a recording that lost events (-b 4): LOST lines" \
			"the live recording lost nothing"
	else
		"$rec" -i "$tmp/l.dat" -e exit >"$tmp/lost" 2>"$tmp/err2"
		grep -qE '^LOST ([0-9]+|unknown number of) events on cpu [0-9]+$' "$tmp/lost"
		ok $? "-i of a recording that lost events (-b 4): LOST lines" "$tmp/lost"
	fi
fi
"$rec" -i /nonexistent/x.dat >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] && grep -q '^utrace-record: cannot read /nonexistent/x.dat' "$tmp/err" && [ ! -s "$tmp/out" ]
ok $? "-i a missing file: exit 1 (got $rc), message" "$tmp/err"
"$rec" -i "$tmp/i.dat" -d 1 >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q '^utrace-record: -i reads a recording' "$tmp/err"
ok $? "-i with -d: usage error (got $rc)" "$tmp/err"

# 12-13: bad paths: exit 1, a message, no instance, nothing on stdout.
bad() {	# bad NAME ARGS...
	local name=$1
	shift
	run "$@" >"$tmp/out" 2>"$tmp/err"
	[ $rc -eq 1 ] && grep -q '^utrace-record: cannot write /nonexistent' "$tmp/err" &&
		[ ! -s "$tmp/out" ] && instance_gone
	ok $? "$name: exit 1 (got $rc), message, no instance left" "$tmp/err"
}
bad "--perfetto into a missing directory" --perfetto /nonexistent/dir/p.json -- /bin/true
bad "--dat into a missing directory" --dat /nonexistent/dir/x.dat -- /bin/true

echo "1..$n"
[ $failed -eq 0 ]
