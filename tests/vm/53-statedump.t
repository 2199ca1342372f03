#!/bin/bash
# utrace/statedump (Documentation/trace/utrace-global.rst, "Statedump"):
# one utrace:utrace_task record per live thread, against /proc; a fork
# storm during the dump (ut-dumpstorm: children forked before the events
# were on, and children that start or end while the dump walks) loses no
# task: each is in the dump, or has a clone or an exit record; and
# utrace-record's --tree knows the parents of processes older than the
# recording.
. "$(dirname "$0")/lib.sh"
R=$UTRACE_REPO/tools/utrace-record/utrace-record
if ! have_utrace; then
	skip "statedump" "kernel without CONFIG_UTRACE_GLOBAL"
	tap_done
fi
SD=$TRACEFS/utrace/statedump

check "utrace/statedump exists, write-only for root (0200)" \
	test "$(stat -c %a $SD 2>/dev/null)" = 200
echo 2 > $SD 2>/dev/null
check "a write other than 1 is refused (EINVAL)" test $? -ne 0
check "a write with no instance listening succeeds" sh -c "echo 1 > $SD"

# The records against /proc, for tasks that do not change meanwhile.
$PROGS/ut-dumpstorm threads 30 &
tp=$!
sleep 0.3
instance_new vmdump
echo 4096 > $INST/buffer_size_kb
enable utrace:utrace_task
alive=$(for t in /proc/[0-9]*/task/[0-9]*; do echo "${t#/proc/}"; done | sed 's|/task/| |')
echo 1 > $SD
disable_all
kill $tp
recs=$(grep -E ' utrace_task: ' $INST/trace | sed -E 's/^.* utrace_task: //')
n=$(grep -c . <<<"$recs")
diag "$n task records"
rec_of() { grep -E "^pid=$1 " <<<"$recs" | head -1; }
r=$(rec_of 1)
expect_eq "pid 1: tgid 1, ppid 0, its exe" \
	"pid=1 tgid=1 ppid=0 comm=$(cat /proc/1/comm) uid=0" \
	"$(echo "$r" | sed -E 's/ start=.*//')"
check "pid 1: exe=$(readlink /proc/1/exe)" \
	grep -qE " exe=$(readlink /proc/1/exe)\$" <<<"$r"
r=$(rec_of 2)
check "kthreadd (pid 2): no exe, ppid 0" \
	grep -qE "^pid=2 tgid=2 ppid=0 comm=kthreadd uid=0 .* exe=\$" <<<"$r"
r=$(rec_of $$)
stat=($(sed -E 's/^.*\) //' /proc/$$/stat))
# start: the process's start in boot ns; /proc has it in clock ticks.
ticks=$(( $(echo "$r" | sed -nE 's/.* start=([0-9]+) .*/\1/p') / (1000000000 / $(getconf CLK_TCK)) ))
expect_eq "this shell: ppid, comm, uid and exe as /proc says" \
	"pid=$$ tgid=$$ ppid=${stat[1]} comm=$(cat /proc/$$/comm) uid=$(id -u) exe=$(readlink /proc/$$/exe)" \
	"$(echo "$r" | sed -E 's/ start=[0-9]+ cgroup=[0-9]+//')"
expect_eq "this shell: start (in ticks) is /proc/$$/stat's starttime" "${stat[19]}" "$ticks"
mountpoint -q /sys/fs/cgroup || mount -t cgroup2 none /sys/fs/cgroup
check "this shell: cgroup id of its cgroup v2 directory" \
	grep -qE " cgroup=$(stat -c %i /sys/fs/cgroup$(sed -n 's/^0:://p' /proc/$$/cgroup)) " <<<"$r"
# Threads (ut-dumpstorm threads): tgid is their process's.
wrong=$(awk 'NR==FNR { tg[$2] = $1; next }
	     { split($1, a, "="); split($2, b, "="); p = a[2]
	       if (p in tg && tg[p] != b[2]) print p }' <(echo "$alive") <(echo "$recs"))
expect_eq "every record's tgid is its thread's /proc/TGID/task/TID" "" "$wrong"
threads=$(awk '{ split($1, a, "="); split($2, b, "="); if (a[2] != b[2]) n++ } END { print n+0 }' <<<"$recs")
check "threads have records of their own ($threads with tgid != pid)" test "$threads" -gt 0
missing=0
for p in $(echo "$alive" | awk '{ print $2 }'); do
	[ -d /proc/$p ] || continue		# gone since
	grep -qE "^pid=$p " <<<"$recs" || { missing=$((missing + 1)); diag "no record: $p"; }
done
expect_eq "every thread alive before and after the dump has a record" 0 "$missing"
wait
instance_remove

# The fork storm during the dump.
instance_new vmdumpstorm
echo 8192 > $INST/buffer_size_kb
$PROGS/ut-dumpstorm $INST 1.5 > /tmp/storm.log
expect_eq "ut-dumpstorm ran" 0 "$?"
echo 0 > $INST/tracing_on
lost=$(awk '/overrun:/ { s += $2 } END { print s+0 }' $INST/per_cpu/cpu*/stats)
expect_eq "no record lost (overrun 0)" 0 "$lost"
grep -E ' utrace_task: ' $INST/trace | sed -nE 's/^.* utrace_task: pid=([0-9]+) .*/\1/p' | sort -u > /tmp/storm.dump
grep -E ' utrace_clone: ' $INST/trace | sed -nE 's/^.* child=([0-9]+) .*/\1/p' | sort -u > /tmp/storm.clone
grep -E ' utrace_exit: ' $INST/trace | sed -nE 's/^.*-([0-9]+) +\[[0-9]+\] .* utrace_exit: .*/\1/p' | sort -u > /tmp/storm.exit
sort -u /tmp/storm.dump /tmp/storm.clone /tmp/storm.exit > /tmp/storm.seen
enable_t=$(sed -n 's/^enable //p' /tmp/storm.log)
start_t=$(sed -n 's/^dump_start //p' /tmp/storm.log)
end_t=$(sed -n 's/^dump_end //p' /tmp/storm.log)
diag "dump took $(( (end_t - start_t) / 1000 )) us; $(wc -l < /tmp/storm.dump) records, $(wc -l < /tmp/storm.clone) clones, $(wc -l < /tmp/storm.exit) exits"
# Children alive at some point of the dump (forked before its end,
# reaped after its start); those forked before the events were on.
awk -v s=$start_t -v e=$end_t '$1 == "child" && $3 < e && $4 > s { print $2 }' /tmp/storm.log | sort -u > /tmp/storm.during
awk -v t=$enable_t -v s=$start_t '$1 == "child" && $3 < t && $4 > s { print $2 }' /tmp/storm.log | sort -u > /tmp/storm.old
check "children alive during the dump: some ($(wc -l < /tmp/storm.during))" test -s /tmp/storm.during
check "children forked before the events were on, alive at the dump's start: some ($(wc -l < /tmp/storm.old))" test -s /tmp/storm.old
miss=$(comm -23 /tmp/storm.during /tmp/storm.seen | tr '\n' ' ')
expect_eq "each child alive during the dump: in the dump, or a clone or exit record" "" "$miss"
awk '$1 == "alive" { print $3 }' /tmp/storm.log | sort -u > /tmp/storm.alive
miss=$(comm -23 /tmp/storm.alive /tmp/storm.seen | tr '\n' ' ')
expect_eq "each thread listed before the dump: in the dump or an exit record" "" "$miss"
instance_remove

# The recorder: system-wide, the dump at the start; a process older than
# the recording has its parent in --tree.
rm -f /tmp/dump-go
sh -c 'while [ ! -e /tmp/dump-go ]; do sleep 0.05; done; true' &
sh_pid=$!
$R --tree --json -d 10 -o /tmp/dump-tree.json > /dev/null 2> /tmp/dump-tree.err &
rpid=$!
# sh exits once the recording (and its dump) has begun: its exit is
# recorded, its parent is known from the dump alone.
recording_on $rpid
sleep 2
touch /tmp/dump-go
wait
ppid=$(grep -o "{\"pid\":$sh_pid,[^}]*" /tmp/dump-tree.json | head -1 | sed -nE 's/.*"ppid":([0-9]+|null).*/\1/p')
expect_eq "--tree: the older sh's parent (this shell) from the statedump" "$$" "$ppid"
$R -e task -d 0.3 -o /tmp/dump-tasks.txt > /dev/null 2>&1
check "-e task: a task line for pid 1 with its exe" \
	grep -qE "^[0-9.]+ $(cat /proc/1/comm)\[1\] task tgid=1 ppid=0 start=[0-9.]+ uid=0 (cgroup=[0-9]+ )?exe=$(readlink /proc/1/exe)\$" /tmp/dump-tasks.txt
check "-e task: the statedump's lines, not a /proc scan's" \
	bash -c '! grep -q "source=proc" /tmp/dump-tasks.txt'
tap_done
