#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# utrace-record as a service (TAP, compat mode on the host): --config
# FILE (lines applied, the command line's win; every kind of bad line is
# exit 2 naming FILE:LINE with nothing started), make install's unit and
# sample config (systemd-analyze verify), and the unit's ExecStart run as
# systemd runs it: stopped by SIGTERM (exit 0, every record whole),
# started again; the start-up task records checked against /proc.
# Needs root and tracefs; every recorder makes and removes its own
# instance.
set -u
. "$(dirname "$0")/lib.sh"
recorder_test_init sched/sched_process_exec
src=$(dirname "$rec")

# --- the config file: what goes wrong is named, nothing starts --------

# cfg_bad NAME EXPECTED LINES...: a file of LINES (printf %b: \0 is a
# NUL) after "output = $tmp/never" exits 2, its first stderr line is
# EXPECTED ("@" stands for the file's name), no output file is made.
cfg_bad() {
	local name=$1 want=$2 f=$tmp/bad.conf
	shift 2
	{ echo "output = $tmp/never"; printf '%b\n' "$@"; } >"$f"
	run --config "$f" -d 1 2>"$tmp/err"
	want=${want//@/$f}
	[ $rc -eq 2 ] && [ "$(head -1 "$tmp/err")" = "utrace-record: $want" ] &&
		[ ! -e "$tmp/never" ] && instance_gone
	ok $? "config: $name: exit 2, '$want' (rc $rc)" "$tmp/err"
}
cfg_bad "unknown key" "@:3: unknown key 'bogus' (keys are the long options of utrace-record(1), without '--')" \
	"json = yes" "bogus = 1"
cfg_bad "config in a config" "@:2: 'config' is for the command line, not a config file" \
	"config = /etc/utrace-record.conf"
for k in "help = yes" "reset = yes" "input = x.dat" "inject-dry-run = yes"; do
	cfg_bad "$k refused" "@:2: '${k%% *}' is for the command line, not a config file" "$k"
done
cfg_bad "flag not yes/no" "@:2: json is yes or no, not 'maybe'" "json = maybe"
cfg_bad "empty value" "@:2: comm needs a value" "comm ="
cfg_bad "no '='" "@:2: expected 'key = value', not 'just words'" "just words"
cfg_bad "no key" "@:2: no key before '='" " = 3"
cfg_bad "NUL byte" "@:2: a NUL byte in the line" "json\\0 = yes"
cfg_bad "a value the option refuses" "@:4: -b needs a size in KiB (4 or more), not 'lots'" \
	"# comment" "" "buffer = lots"
cfg_bad "unknown event" "@:2: unknown event 'nosuch' in -e exec,nosuch" \
	"events = exec,nosuch"
cfg_bad "--mode" "@:2: --mode is native or compat, not 'fast'" "mode = fast"
cfg_bad "a Kafka setting" "@:2: --kafka-format is json or otlp, not 'xml'" \
	"kafka-format = xml"
cfg_bad "a rotation setting" "@:3: --rotate-keep needs a number of files from 1 to 1000, not 'many'" \
	"rotate-size = 1M" "rotate-keep = many"
cfg_bad "options that conflict" "--follow needs -p PID (options of @ and the command line)" \
	"follow = yes"

run --config "$tmp/nosuch.conf" -d 1 2>"$tmp/err"
[ $rc -eq 2 ] && [ "$(cat "$tmp/err")" = "utrace-record: --config $tmp/nosuch.conf: No such file or directory" ]
ok $? "config: a missing file: exit 2, named (rc $rc)" "$tmp/err"
run --config "$tmp" -d 1 2>"$tmp/err"
[ $rc -eq 2 ] && [ "$(cat "$tmp/err")" = "utrace-record: --config $tmp: Is a directory" ]
ok $? "config: a directory: exit 2, named (rc $rc)" "$tmp/err"
echo "json = yes" >"$tmp/one.conf"
run --config "$tmp/one.conf" --config "$tmp/one.conf" -d 1 2>"$tmp/err"
[ $rc -eq 2 ] && [ "$(head -1 "$tmp/err")" = "utrace-record: --config given twice" ]
ok $? "config: --config twice: exit 2 (rc $rc)" "$tmp/err"

# A good file: comments, blank lines, blanks around keys and values, a
# value with '='.  Its values apply (JSON, the buffer size, the syscall
# set: bash calls getppid as it starts); -o and -e on the command line
# win over its output and events.
cat >"$tmp/good.conf" <<EOF
# utrace-record options

  json = yes  
events = exec
	output = $tmp/never
buffer = 1024
events = trace=getppid
EOF
bg --config "$tmp/good.conf" -o "$tmp/good.out" -e exit -d 20 2>"$tmp/err"
for i in $(seq 100); do
	recording $rpid && break
	sleep 0.05
done
kb=$(cat $T/instances/utrace-record-$rpid/buffer_size_kb 2>/dev/null)
/bin/bash -c true
sleep 0.3
kill -TERM $rpid
wait $rpid
rc=$?
python3 - "$tmp/good.out" <<'EOF' >"$tmp/diag" 2>&1
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
kinds = {e["event"] for e in ev}
assert "exit" in kinds and kinds <= {"exit", "syscall_entry", "syscall_exit"}, kinds
calls = {e["name"] for e in ev if e["event"].startswith("syscall")}
assert calls == {"getppid"}, calls
EOF
py=$?
# The kernel rounds the size up to whole pages.
[ $rc -eq 0 ] && [ "${kb:-0}" -ge 1024 ] && [ "$kb" -lt 2048 ] && [ $py -eq 0 ] && [ ! -e "$tmp/never" ]
ok $? "config: a good file's lines apply (JSON, buffer 1024 KiB: $kb), -o and -e of the command line win (rc $rc)" "$tmp/diag"

# --- make install: the unit, the sample config -------------------------

make -s -C "$src" install DESTDIR="$tmp/root" PREFIX=/usr >"$tmp/inst" 2>&1
irc=$?
unit=$tmp/root/usr/lib/systemd/system/utrace-record.service
exec_start=$(sed -n 's/^ExecStart=//p' "$unit" 2>/dev/null)
[ $irc -eq 0 ] && [ -x "$tmp/root/usr/bin/utrace-record" ] &&
	[ "$exec_start" = "/usr/bin/utrace-record --config /etc/utrace-record.conf" ] &&
	cmp -s "$tmp/root/etc/utrace-record.conf" "$src/systemd/utrace-record.conf"
ok $? "make install: the unit (ExecStart '$exec_start') and /etc/utrace-record.conf" "$tmp/inst"

# An administrator's config is not overwritten by the next install.
echo "json = no" >"$tmp/root/etc/utrace-record.conf"
make -s -C "$src" install DESTDIR="$tmp/root" PREFIX=/usr >"$tmp/inst" 2>&1
[ $? -eq 0 ] && [ "$(cat "$tmp/root/etc/utrace-record.conf")" = "json = no" ]
ok $? "make install again: an existing /etc/utrace-record.conf is kept" "$tmp/inst"

# systemd's own check of the unit (ExecStart pointed at this build: the
# installed path does not exist on this host).  verify exits 0 on
# warnings, so none may be printed.
if command -v systemd-analyze >/dev/null; then
	mkdir "$tmp/verify"
	sed "s|^ExecStart=/usr/bin/utrace-record|ExecStart=$rec|" "$unit" \
		>"$tmp/verify/utrace-record.service"
	(cd "$tmp/verify" && systemd-analyze verify --man=no utrace-record.service) >"$tmp/verify.out" 2>&1
	[ $? -eq 0 ] && [ ! -s "$tmp/verify.out" ]
	ok $? "systemd-analyze verify: the unit is clean" "$tmp/verify.out"
else
	skip "systemd-analyze verify" "systemd-analyze not installed"
fi
unit_has() { grep -qx "$1" "$unit"; }
unit_has "StandardError=journal" && unit_has "Restart=on-failure" &&
	unit_has "KillSignal=SIGTERM" && unit_has "RestartPreventExitStatus=2"
ok $? "the unit: journal, Restart=on-failure, SIGTERM, no restart on exit 2" "$unit"
stop_s=$(sed -n 's/^TimeoutStopSec=//p' "$unit")

# --- ExecStart as systemd runs it ---------------------------------------

# Tasks that run across both starts: a sleeping child, and a process of
# two threads.
sleep 300 &
sp=$!
python3 -c 'import threading, time
threading.Thread(target=time.sleep, args=(300,), daemon=True).start()
time.sleep(300)' &
tp=$!
started="$started $sp $tp"
for i in $(seq 50); do
	[ "$(ls /proc/$tp/task 2>/dev/null | wc -l)" = 2 ] && break
	sleep 0.1
done

# The installed sample config, with its output in the scratch directory
# (what LogsDirectory= makes for the service).
mkdir "$tmp/log"
sed "s|^output = .*|output = $tmp/log/events.json|" "$src/systemd/utrace-record.conf" >"$tmp/run.conf"
read -r -a cmd <<<"$exec_start"
cmd[0]=$rec
cmd=("${cmd[@]/\/etc\/utrace-record.conf/$tmp/run.conf}")

# service_run N: start ExecStart (no environment, stdin /dev/null,
# stdout and stderr to the "journal"), exec /bin/true runN while it
# records, stop it with SIGTERM; sets rc and ms (the stop's time), and
# keeps the file as it is then in afterN.json.
# MALLOC_PERTURB_ fills freed memory: a use after free at the stop
# (the argv probe's instance, freed before it) then fails every time.
service_run() {
	env -i PATH=/usr/bin:/bin MALLOC_PERTURB_=165 "${cmd[@]}" \
		</dev/null >"$tmp/journal$1" 2>&1 &
	rpid=$!
	started="$started $rpid"
	for i in $(seq 100); do
		recording $rpid && break
		sleep 0.05
	done
	/bin/true "run$1"
	sleep 0.3
	local t0=$(date +%s%N)
	kill -TERM $rpid
	for i in $(seq $((stop_s * 10))); do
		kill -0 $rpid 2>/dev/null || break
		sleep 0.1
	done
	wait $rpid
	rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	last=$rpid
	cp "$tmp/log/events.json" "$tmp/after$1.json"
}

# runs.py FILE N: FILE holds N runs, told apart by service.instance.id
# (one each, none twice); every line a whole JSON object; in each run
# seq goes 1, 2, 3... without a gap or a repeat, the task records come
# first, each thread once; runM's exec is in run M only, once.
cat >"$tmp/runs.py" <<'EOF'
import json, sys
path, nruns = sys.argv[1], int(sys.argv[2])
data = open(path).read()
assert data.endswith("\n"), "the last record is cut"
runs = []
for e in map(json.loads, data.splitlines()):
    if not runs or e["service.instance.id"] != runs[-1][0]["service.instance.id"]:
        runs.append([])
    runs[-1].append(e)
ids = [r[0]["service.instance.id"] for r in runs]
assert len(runs) == nruns and len(set(ids)) == nruns, ids
for n, r in enumerate(runs, 1):
    assert [e["seq"] for e in r] == list(range(1, len(r) + 1)), f"run {n}: seq"
    kinds = [e["event"] for e in r]
    live = [i for i, k in enumerate(kinds) if k != "task"]
    assert live and "task" not in kinds[live[0]:], f"run {n}: task order"
    tids = [e["pid"] for e in r if e["event"] == "task"]
    assert tids and len(tids) == len(set(tids)), f"run {n}: a task twice"
    argvs = [e.get("argv") for e in r if e["event"] == "exec"]
    for m in range(1, nruns + 1):
        assert argvs.count(["/bin/true", f"run{m}"]) == (m == n), (n, m, argvs)
EOF

service_run 1
python3 "$tmp/runs.py" "$tmp/after1.json" 1 >"$tmp/diag" 2>&1
py=$?
[ $rc -eq 0 ] && [ $ms -lt $((stop_s * 1000)) ] && [ $py -eq 0 ] && instance_gone
ok $? "ExecStart, SIGTERM: exit 0 in ${ms} ms (TimeoutStopSec=$stop_s), every record whole, seq 1..N, task records first (rc $rc)" "$tmp/diag"
grep -q '^utrace-record: compat mode' "$tmp/journal1" &&
	! grep -qv '^utrace-record: ' "$tmp/journal1"
ok $? "the recorder's messages go to stderr (the journal), the records to the file" "$tmp/journal1"

# Started again: the sample config rotates, so the file is appended to.
service_run 2
python3 "$tmp/runs.py" "$tmp/after2.json" 2 >"$tmp/diag" 2>&1
py=$?
size1=$(stat -c %s "$tmp/after1.json")
[ $rc -eq 0 ] && [ $py -eq 0 ] && instance_gone &&
	cmp -s -n "$size1" "$tmp/after1.json" "$tmp/after2.json"
ok $? "started again: exit 0; run 1's records kept as they were, run 2's after them with their own service.instance.id and seq from 1; each run's exec once, in its run (rc $rc)" "$tmp/diag"

# systemctl reload: the unit's ExecReload ($MAINPID the recorder) after
# the file was moved away, as logrotate does: the recorder goes on, what
# came before is in the moved file, what comes after in a new one.
reload=$(sed -n 's/^ExecReload=//p' "$unit")
mkdir "$tmp/log3"
sed "s|^output = .*|output = $tmp/log3/events.json|" "$tmp/run.conf" >"$tmp/run3.conf"
env -i PATH=/usr/bin:/bin "$rec" --config "$tmp/run3.conf" </dev/null >"$tmp/journal3" 2>&1 &
rpid=$!
started="$started $rpid"
for i in $(seq 100); do
	recording $rpid && break
	sleep 0.05
done
/bin/true before-reload
sleep 0.3
mv "$tmp/log3/events.json" "$tmp/log3/moved.json"
env -i MAINPID=$rpid sh -c "$reload"
rrc=$?
for i in $(seq 50); do
	[ -e "$tmp/log3/events.json" ] && break
	sleep 0.1
done
/bin/true after-reload
sleep 0.3
kill -0 $rpid 2>/dev/null
alive=$?
kill -TERM $rpid
wait $rpid
rc=$?
[ $alive -eq 0 ] && [ $rrc -eq 0 ] && [ $rc -eq 0 ] &&
	grep -q '"argv":\["/bin/true","before-reload"\]' "$tmp/log3/moved.json" &&
	grep -q '"argv":\["/bin/true","after-reload"\]' "$tmp/log3/events.json" &&
	! grep -q 'after-reload' "$tmp/log3/moved.json" &&
	! grep -q 'before-reload' "$tmp/log3/events.json"
ok $? "ExecReload ($reload) after the file was moved: it runs on (alive $alive, reload rc $rrc), the records before in the moved file, after in a new one (rc $rc)" "$tmp/journal3"

# The tasks that ran across the restart are in run 2's start-up records,
# as /proc has them: pid, tgid, ppid, comm, exe, start time, uid.
ptask() { # PID TID: "tid tgid ppid comm exe start_ticks uid proc"
	local st
	st=$(cat /proc/$1/task/$2/stat) || return 1
	set -- $2 $1 "${st##*) }"
	local f=($3)
	echo "$1 $2 ${f[1]} $(cat /proc/$2/task/$1/comm) $(readlink /proc/$2/exe) ${f[19]} $(stat -c %u /proc/$2/task/$1) proc"
}
{
	ptask $sp $sp
	for t in $(ls /proc/$tp/task); do ptask $tp $t; done
} >"$tmp/want"
python3 - "$tmp/after2.json" "$(getconf CLK_TCK)" $sp $tp <<'EOF' >"$tmp/got" 2>"$tmp/diag"
import json, sys
path, tck, pids = sys.argv[1], int(sys.argv[2]), {int(p) for p in sys.argv[3:]}
ev = [json.loads(l) for l in open(path)]
run2 = ev[-1]["service.instance.id"]
for e in ev:
    if e["service.instance.id"] == run2 and e["event"] == "task" and e["tgid"] in pids:
        print(e["pid"], e["tgid"], e["ppid"], e["comm"], e["exe"],
              round(e["start"] * tck), e["uid"], e["source"])
EOF
sort "$tmp/want" -o "$tmp/want"
sort "$tmp/got" -o "$tmp/got"
[ "$(wc -l <"$tmp/want")" = 3 ] && cmp -s "$tmp/want" "$tmp/got"
ok $? "run 2's task records of a sleeping child and a 2-thread process match /proc (source proc)" \
	"$(diff "$tmp/want" "$tmp/got"; cat "$tmp/diag")"

# A consumer tells it is the same process in both runs: one entity id.
python3 - "$tmp/after2.json" $sp $tp <<'EOF' >"$tmp/diag" 2>&1
import json, sys
pids = {int(p) for p in sys.argv[2:]}
ids = {}
for e in map(json.loads, open(sys.argv[1])):
    if e["event"] == "task" and e["tgid"] in pids:
        ids.setdefault(e["pid"], {})[e["service.instance.id"]] = e["process.entity_id"]
assert len(ids) == 3, ids
for pid, by_run in ids.items():
    assert len(by_run) == 2 and len(set(by_run.values())) == 1, (pid, by_run)
EOF
ok $? "the tasks running across the restart: a task record in each run, the same process.entity_id" "$tmp/diag"

kill $sp $tp 2>/dev/null
echo "1..$n"
[ $failed -eq 0 ]
