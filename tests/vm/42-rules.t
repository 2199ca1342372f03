#!/bin/bash
# Fault injection rules (debugfs fail_utrace_syscall/rules and session):
# refused writes change nothing, every action and "when" form, several
# rules, pid (+follow), cgroup, comm and pid-namespace selection, rule ids
# in utrace_syscall_exit, sessions removed with their file, killable
# delays that a stop waits for, injection before seccomp, the syscall
# slow path only for the tasks a pid rule selects, and count=thread (when=
# per thread and system call, as strace counts) against strace itself.
. "$(dirname "$0")/lib.sh"
D=/sys/kernel/debug/fail_utrace_syscall
if [ ! -e $D/rules ]; then
	skip "utrace fault injection rules" "kernel without fault injection rules"
	tap_done
fi
P=$PROGS/ut-inject
CG=/sys/fs/cgroup
echo 0 > $D/verbose
echo 100 > $D/probability
echo -1 > $D/times
engines0=$(status_field engines)

# put TEXT: write TEXT (with echo -e escapes) to the rules file in one write.
put() {
	printf '%b\n' "$1" |
		dd of=$D/rules bs=64k iflag=fullblock status=none 2>/dev/null
}
rules() { cat $D/rules; }
# rule_field KEY [N]: KEY's value in rule line N (default 1)
rule_field() { sed -n "${2:-1}p" $D/rules | tr ' ' '\n' | sed -n "s/^$1=//p"; }
calls() { "$@" | sed -n 's/^calls=//p'; }
# events_of PID EVENT: the fields of PID's EVENT lines in the instance
events_of() {
	grep -E "^ *.+-$1 +\[" "$INST/trace" | grep -E " utrace_$2: " |
		sed -E "s/^.* utrace_$2: //"
}
ppid=$$

expect_eq "no rules: the rules file is empty" "" "$(rules)"
check "a rule is accepted" put "syscalls=getppid comm=ut-inject retval=4242"
line=$(rules)
expect_eq "the rule as installed: both ABIs of the name, default when" \
	"owner=rules syscalls=110,i386:64 comm=ut-inject retval=4242 when=1+1 matched=0 fired=0" \
	"${line#id=* }"
id=$(rule_field id)
expect_eq "a rule attaches one engine" $((engines0 + 1)) "$(status_field engines)"
expect_eq "retval: the call does not run and returns the value" "ppid=4242" \
	"$($P getppid)"
cp $P /tmp/ut-other
expect_eq "comm: another program is not touched" "ppid=$ppid" \
	"$(/tmp/ut-other getppid)"
expect_eq "counters: matched=1 fired=1" "1 1" \
	"$(rule_field matched) $(rule_field fired)"

# Refused writes: -EINVAL (or ESRCH, ENOSPC), and the rules as they were.
before=$(rules)
refuse() {
	if put "$2"; then
		not_ok "refused: $1"
		diag "accepted: $2"
	elif [ "$(rules)" != "$before" ]; then
		not_ok "refused: $1 (but the rules changed)"
		diag "$(rules)"
	else
		ok "refused: $1"
	fi
}
refuse "no action" "syscalls=getppid comm=x"
refuse "no syscalls" "retval=1"
refuse "error and retval" "syscalls=getppid error=1 retval=2"
refuse "a key twice" "syscalls=getppid retval=1 retval=2"
refuse "an unknown key" "syscalls=getppid retval=1 bogus=1"
refuse "a word without =" "syscalls=getppid retval=1 pid"
refuse "follow without pid" "syscalls=getppid retval=1 follow=1"
refuse "an unknown syscall" "syscalls=nosuchcall retval=1"
refuse "an x86_64 number out of range" "syscalls=100000 retval=1"
refuse "error 0" "syscalls=getppid error=0"
refuse "error ERESTARTSYS" "syscalls=getppid error=512"
refuse "error above MAX_ERRNO" "syscalls=getppid error=4096"
refuse "retval not a number" "syscalls=getppid retval=1x"
refuse "signal 0" "syscalls=getppid signal=0"
refuse "signal 65" "syscalls=getppid signal=65"
refuse "when=0" "syscalls=getppid retval=1 when=0"
refuse "when=2+0" "syscalls=getppid retval=1 when=2+0"
refuse "when=1+2+3" "syscalls=getppid retval=1 when=1+2+3"
refuse "when=x" "syscalls=getppid retval=1 when=x"
refuse "abi=mips" "syscalls=getppid retval=1 abi=mips"
refuse "a delay over 60 s" "syscalls=getppid delay_enter=60000001"
refuse "a pid that does not exist" "syscalls=getppid retval=1 pid=999999"
refuse "pid 0" "syscalls=getppid retval=1 pid=0"
refuse "a cgroup that does not exist" "syscalls=getppid retval=1 cgroup=987654321"
refuse "a control character in comm" "syscalls=getppid retval=1 comm=a\x01b"
refuse "a comm of 16 bytes" "syscalls=getppid retval=1 comm=0123456789abcdef"
refuse "a good rule then a bad one" \
	"syscalls=getppid retval=1 comm=ut-inject\nsyscalls=getppid retval=1 when=0"
refuse "a pid rule then a bad one (no scope leaks)" \
	"syscalls=getppid retval=1 pid=$$\nsyscalls=getppid"
expect_eq "no scope left by refused writes" "0x00000000 0" \
	"$(status_field scopes) $(status_field scoped_threads)"
if setpriv --reuid=65534 --inh-caps=-all sh -c "echo 'syscalls=getppid retval=1' > $D/rules" 2>/dev/null; then
	not_ok "refused: an unprivileged write"
else
	expect_eq "refused: an unprivileged write" "$before" "$(rules)"
fi
if setpriv --reuid=65534 --inh-caps=-all sh -c "exec 7<> $D/session" 2>/dev/null; then
	not_ok "refused: an unprivileged session"
else
	ok "refused: an unprivileged session"
fi
many=$(for i in $(seq 33); do printf 'syscalls=getppid retval=%d\\n' $i; done)
refuse "33 rules in one set" "$many"
refuse "an over-long write" "$(printf 'syscalls=getppid retval=1 %65540s' '')"
refuse "count=task" "syscalls=getppid retval=1 count=task"
refuse "from_exec without pid" "syscalls=getppid retval=1 from_exec=1"
refuse "from_exec=2" "syscalls=getppid retval=1 from_exec=2 pid=$$"
refuse "poke of @arg7" "syscalls=write poke_enter=@arg7=00"
refuse "poke of an odd number of digits" "syscalls=write poke_enter=@arg1=0"
refuse "poke of no hex" "syscalls=write poke_exit=@arg1=zz"
refuse "poke of one argument twice" "syscalls=write poke_enter=@arg1=00,@arg1=01"
refuse "poke of 1025 bytes" "syscalls=write poke_enter=@arg1=$(printf '0%.0s' $(seq 2050))"
refuse "when=3..2" "syscalls=getppid retval=1 when=3..2"
refuse "when=1..0" "syscalls=getppid retval=1 when=1..0"
refuse "when=1.2" "syscalls=getppid retval=1 when=1.2"
refuse "when=1..+2" "syscalls=getppid retval=1 when=1..+2"

check "comments and blank lines are skipped" \
	put "# a comment\n\nsyscalls=getppid comm=ut-inject error=1 when=3\n"
expect_eq "one rule from it" 1 "$(rules | wc -l)"
expect_eq "when=3: only the third call" "0,0,1,0,0,0" "$(calls $P calls 6)"
put "syscalls=getppid comm=ut-inject error=1 when=2+"
expect_eq "when=2+: the second and every one after" "0,1,1,1,1,1" "$(calls $P calls 6)"
put "syscalls=getppid comm=ut-inject error=1 when=2+3"
expect_eq "when=2+3: the second, then every third" "0,1,0,0,1,0,0,1" \
	"$(calls $P calls 8)"
expect_eq "when=2+3 counters" "8 3" "$(rule_field matched) $(rule_field fired)"
put "syscalls=getppid comm=ut-inject error=1 when=2..4"
expect_eq "when=2..4: the second to the fourth" "0,1,1,1,0,0" "$(calls $P calls 6)"
expect_eq "when=2..4 reads back as 2..4+1" "2..4+1" "$(rule_field when)"
put "syscalls=getppid comm=ut-inject error=1 when=1..6+2"
expect_eq "when=1..6+2: the first, then every second up to the sixth" \
	"1,0,1,0,1,0,0,0" "$(calls $P calls 8)"
put "syscalls=getppid comm=ut-inject error=1 when=3..3+"
expect_eq "when=3..3+: the third only" "0,0,1,0" "$(calls $P calls 4)"
echo 0 > $D/probability
put "syscalls=getppid comm=ut-inject error=1"
expect_eq "the fault_attr knobs apply: probability 0" "0,0" "$(calls $P calls 2)"
echo 100 > $D/probability

put "syscalls=getppid comm=ut-inject error=1 when=2\nsyscalls=getppid comm=ut-inject error=13"
expect_eq "two rules: the first that fires acts" "13,1,13" "$(calls $P calls 3)"
expect_eq "two rules: both count, each its own firings" "3 1 3 2" \
	"$(rule_field matched 1) $(rule_field fired 1) $(rule_field matched 2) $(rule_field fired 2)"
check "ids are unique" [ "$(rule_field id 1)" != "$(rule_field id 2)" ]

put "syscalls=getppid comm=ut-inject abi=x86_64 retval=1"
expect_eq "abi=x86_64: only the x86_64 number" "110" "$(rule_field syscalls)"
put "syscalls=getppid comm=ut-inject abi=i386 retval=1"
expect_eq "abi=i386: only the i386 number" "i386:64" "$(rule_field syscalls)"
expect_eq "abi=i386: an x86_64 getppid runs" "ppid=$ppid" "$($P getppid)"
# The same program's getpid through both ABIs (int $0x80 for i386).
cdir=$(mktemp -d)
put "syscalls=getpid comm=ut-compat abi=i386 retval=-13"
out=$($PROGS/ut-compat $cdir | tr ' ' '\n')
cpid=$(echo "$out" | sed -n 's/^pid=//p')
expect_eq "abi=i386 getpid: the i386 call only" "getpid64=$cpid getpid32=-13" \
	"$(echo "$out" | grep -E '^getpid(64|32)=' | tr '\n' ' ' | sed 's/ $//')"
rm -rf $cdir; cdir=$(mktemp -d)
put "syscalls=getpid comm=ut-compat abi=x86_64 retval=-13"
out=$($PROGS/ut-compat $cdir | tr ' ' '\n')
cpid=$(echo "$out" | sed -n 's/^pid=//p')
expect_eq "abi=x86_64 getpid (39): i386 mkdir, also 39, runs" \
	"getpid64=-13 getpid32=$cpid mkdir32=0 dir32=1" \
	"$(echo "$out" | grep -E '^(getpid(64|32)|mkdir32|dir32)=' | tr '\n' ' ' | sed 's/ $//')"
rm -rf $cdir
put "syscalls=getppid comm=ut-inject signal=10 error=1"
expect_eq "signal with error: the call fails, the handler ran" \
	"ppid=-1 handled=1" "$($P signal)"

# The rule id in utrace_syscall_exit, with and without an abort.
instance_new
enable utrace:utrace_syscall_exit
put "syscalls=getppid comm=ut-inject retval=4242"
id=$(rule_field id)
$P getppid > /dev/null
# Off before reading: the reader's own system calls would add events.
disable_all
lines=$(events syscall_exit | grep "^nr=110 .*ret=4242")
expect_eq "syscall_exit names the rule that injected" \
	"nr=110 arch=x86_64 ret=4242 verdict=injected rule=$id" "$lines"
put "syscalls=getppid comm=ut-inject signal=10"
id=$(rule_field id)
clear_trace
enable utrace:utrace_syscall_exit
expect_eq "signal alone: the call runs, the handler ran once" \
	"ppid=$ppid handled=1" "$($P signal)"
disable_all
expect_eq "syscall_exit names a rule that acted without aborting" \
	"nr=110 arch=x86_64 ret=$ppid verdict=ran rule=$id" \
	"$(events syscall_exit | grep "^nr=110 .*ret=$ppid verdict=ran rule=[1-9]")"
put ""
# One thread: a call a rule acted on, then (rule removed, engine gone, so
# the exit is reported by the path without engines) a call no rule acted
# on.  The second exit must not carry the first call's rule.
put "syscalls=getppid comm=ut-inject retval=4242"
id=$(rule_field id)
clear_trace
enable utrace:utrace_syscall_entry utrace:utrace_syscall_exit
rm -f /tmp/go-a /tmp/again.out
$P again /tmp/go-a > /tmp/again.out &
apid=$!
wait_for grep -q '^first=' /tmp/again.out
put ""
expect_eq "rule removed: its engine is detached" "$engines0" "$(status_field engines)"
touch /tmp/go-a
wait $apid
disable_all
expect_eq "again: the first call injected, the second ran" \
	"first=4242 second=$ppid" "$(tr '\n' ' ' < /tmp/again.out | sed 's/ $//')"
expect_eq "again: only the injected call's exit names the rule" \
	"nr=110 arch=x86_64 ret=4242 verdict=injected rule=$id|nr=110 arch=x86_64 ret=$ppid verdict=ran rule=0" \
	"$(events_of $apid syscall_exit | grep '^nr=110 ' | paste -sd'|')"
instance_remove

# pid and follow: the process, its descendants, nobody else.
tree() {	# tree FOLLOW: rule on a waiting ut-inject tree; sets out
	rm -f /tmp/go-t /tmp/tree.out
	$P tree 3 /tmp/go-t > /tmp/tree.out &
	tpid=$!
	wait_for grep -q '^pid=' /tmp/tree.out
	put "syscalls=getppid pid=$tpid follow=$1 error=1"
	scoped=$(status_field scoped_threads)
	work=$(status_field syscall_work_threads)
	other=$(calls $P calls 2)
	touch /tmp/go-t
	wait $tpid
	out=$(sed -n 's/^\(child\|parent\)=/\1 /p' /tmp/tree.out | tr '\n' ' ')
}
tree 1
expect_eq "pid+follow: the process and its new child" \
	"child 1,1,1 parent 1,1,1 " "$out"
expect_eq "pid+follow: only its thread is on the slow path" "1 1" "$scoped $work"
expect_eq "pid+follow: another process is not touched" "0,0" "$other"
expect_eq "scoped engine" 1 "$(grep -c 'engine: .* scoped ' $TRACEFS/utrace/status)"
tree 0
expect_eq "pid without follow: the process only" "child 0,0,0 parent 1,1,1 " "$out"
put ""
expect_eq "no rules: no scope, no thread on the slow path" "0x00000000 0 0" \
	"$(status_field scopes) $(status_field scoped_threads) $(status_field syscall_work_threads)"
expect_eq "no rules: the engine detached" "$engines0" "$(status_field engines)"

rm -f /tmp/go-d /tmp/desc.out
sh -c "$P tree 2 /tmp/go-d; true" > /tmp/desc.out &
spid=$!
wait_for grep -q '^pid=' /tmp/desc.out
put "syscalls=getppid pid=$spid follow=1 error=1"
touch /tmp/go-d
wait $spid
expect_eq "follow: descendants that existed before the rule too" \
	"child=1,1 parent=1,1" "$(grep -E '^(child|parent)=' /tmp/desc.out | tr '\n' ' ' | sed 's/ $//')"
put ""

# A comm rule puts every thread on the slow path (documented).
put "syscalls=getppid comm=ut-inject retval=1"
expect_eq "comm rule: every thread on the slow path" \
	"$(status_field threads)" "$(status_field syscall_work_threads)"
put ""

# pid= is read in the writer's pid namespace: pid 1 there is not init.
if command -v unshare > /dev/null; then
	out=$(unshare -p -f sh -c "echo 'syscalls=getppid pid=1 retval=77' > $D/rules && exec $P getppid")
	expect_eq "pid in the writer's pid namespace" "ppid=77" "$out"
	expect_eq "init is not in the rule's scope" 0 "$(status_field scoped_threads)"
	put ""
else
	skip "pid in the writer's pid namespace" "no unshare"
	skip "init is not in the rule's scope" "no unshare"
fi

# cgroup: the cgroup and below.
mountpoint -q $CG || mount -t cgroup2 none $CG 2>/dev/null
if [ -e $CG/cgroup.procs ] && mkdir $CG/inj$$ 2>/dev/null; then
	mkdir $CG/inj$$/sub
	put "syscalls=getppid cgroup=$(stat -c %i $CG/inj$$) retval=88"
	expect_eq "cgroup: a task below the cgroup" "ppid=88" \
		"$(sh -c "echo \$\$ > $CG/inj$$/sub/cgroup.procs && exec $P getppid")"
	expect_eq "cgroup: a task outside" "ppid=$ppid" "$($P getppid)"
	put ""
	rmdir $CG/inj$$/sub $CG/inj$$
else
	skip "cgroup: a task below the cgroup" "no cgroup2"
	skip "cgroup: a task outside" "no cgroup2"
fi

# Sessions: the rules live as long as the open file.
exec 7<> $D/session
echo "syscalls=getppid comm=ut-inject retval=55" >&7
expect_eq "session: its rule is installed" "owner=session:$$" \
	"$(rules | grep -o 'owner=session:[0-9]*')"
expect_eq "session: the rule acts" "ppid=55" "$($P getppid)"
exec 7>&-
expect_eq "session: closed, its rules are gone" "" "$(rules)"
sh -c "exec 7<> $D/session; echo 'syscalls=getppid comm=ut-inject retval=56' >&7; exec sleep 600" &
holder=$!
wait_for grep -q 'owner=session' $D/rules
expect_eq "session: a holder's rule acts" "ppid=56" "$($P getppid)"
kill -9 $holder
wait $holder 2>/dev/null
expect_eq "session: SIGKILL on its holder removes its rules" "" "$(rules)"
expect_eq "session: then the engine detached" "$engines0" "$(status_field engines)"

# Delays: done, and killable.
put "syscalls=getppid comm=ut-inject delay_enter=1000 delay_exit=1000"
expect_eq "delays: the call runs" "ppid=$ppid" "$($P getppid)"
expect_eq "delays: the rule fired" 1 "$(rule_field fired)"
put "syscalls=getppid comm=ut-inject delay_enter=50000000"
$P getppid > /dev/null &
victim=$!
wait_for grep -q 'fired=1' $D/rules
kill -9 $victim
# Gone or a zombie: it is this shell's child until waited for.
gone() { ! grep -qv '^[0-9]* (.*) Z ' /proc/$victim/stat 2>/dev/null; }
check "delays: SIGKILL ends a 50 s delay" wait_for gone
wait $victim 2>/dev/null
put ""

# A stop during a delay takes effect when the delay ends (documented):
# the task sleeps idle (I) until then, then stops (T), then runs on.
put "syscalls=getppid comm=ut-inject delay_enter=5000000"
$P getppid > /tmp/stop.out &
victim=$!
wait_for grep -q 'fired=1' $D/rules
kill -STOP $victim
sleep 0.2
expect_eq "delays: SIGSTOP waits for the end of the delay (I)" I \
	"$(sed 's/^.*) \(.\) .*$/\1/' /proc/$victim/stat)"
stopped() { grep -q '^[0-9]* (.*) T ' /proc/$victim/stat; }
check "delays: then the task stops (T)" wait_for stopped
kill -CONT $victim
wait $victim
expect_eq "delays: continued, the call ran" "ppid=$ppid" "$(cat /tmp/stop.out)"
put ""

# Injected calls are decided before seccomp: a filter that fails getppid
# with EPERM never sees a getppid a rule aborts (documented).
put "syscalls=getppid comm=ut-seccomp retval=4242"
expect_eq "before seccomp: the injected value, not the filter's EPERM" \
	"getppid=4242 errno=0 getpid_ok=1" "$($PROGS/ut-seccomp | tr '\n' ' ' | sed 's/ $//')"
put ""

# count=thread: "when" counts each thread's calls of each system call of
# the rule's set apart, per ABI, from zero in a new thread or child, on
# across execve: what strace -f -e inject= does (its per-thread copy of
# the injection options).  Each case is compared with strace on the same
# program and spec, and with the exact outcome.
C=$PROGS/ut-count
ST=/usr/bin/strace
# both NAME EXPECTED RULE-OPTIONS STRACE-SPEC ARGS...: the rule (comm=ut-count)
# and strace -f give EXPECTED for ut-count ARGS (its lines, space-joined).
both() {
	local name=$1 want=$2 opts=$3 spec=$4 got
	shift 4
	put "syscalls=${opts} comm=ut-count"
	got=$($C "$@" | paste -sd' ')
	expect_eq "the rule: $name" "$want" "$got"
	put ""
	if [ -x $ST ]; then
		got=$($ST -f -qq -o /dev/null -e inject="$spec" $C "$@" | paste -sd' ')
		expect_eq "strace agrees: $name" "$want" "$got"
	else
		skip "strace agrees: $name" "no $ST"
	fi
}
both "two threads at once: each fails its own 2nd call" \
	"t1=0,77,0 t2=0,77,0" "getppid count=thread error=77 when=2" \
	"getppid:error=EBADFD:when=2" threads 2 3
put "syscalls=getppid comm=ut-count error=77 when=2"
out=$($C threads 2 3 | paste -sd' ')
expect_eq "count=rule (default): one failure among both threads' 6 calls" 1 \
	"$(echo "$out" | grep -o 77 | wc -l)"
put "syscalls=getppid comm=ut-count count=thread error=77 when=2"
$C threads 2 3 > /dev/null
expect_eq "count=thread read back: key, totals, no thread left" \
	"when=2 count=thread matched=6 fired=2 threads=0 overflow=0" \
	"$(rules | grep -o 'when=.*')"
put ""
both "a child counts from zero, the parent goes on" \
	"parent1=0,77,0 child=0,77,0 parent2=0,0,0" \
	"getppid count=thread error=77 when=2" "getppid:error=EBADFD:when=2" fork 3
both "20 children at once: each fails its own 2nd call" \
	"masks=$(printf '2,%.0s' $(seq 19))2" \
	"getppid count=thread error=77 when=2" "getppid:error=EBADFD:when=2" forks 20 3
both "counters survive execve" "before=0 calls=77,0,0" \
	"getppid count=thread error=77 when=2" "getppid:error=EBADFD:when=2" exec 3
both "a thread that execs keeps its counters, not the leader's" \
	"leader=0,77 thread=0 calls=77,0,0" \
	"getppid count=thread error=77 when=2" "getppid:error=EBADFD:when=2" texec 3
both "a set: each call's own 2nd invocation fails" \
	"getppid=0,77,0 getuid=0,77,0 getgid=0,77,0 geteuid=0,77,0" \
	"getppid,getuid,getgid,geteuid count=thread error=77 when=2" \
	"getppid,getuid,getgid,geteuid:error=EBADFD:when=2" set 3
both "a set with N..M+S" \
	"getppid=1,0,1,0 getuid=1,0,1,0 getgid=1,0,1,0 geteuid=1,0,1,0" \
	"getppid,getuid,getgid,geteuid count=thread error=1 when=1..3+2" \
	"getppid,getuid,getgid,geteuid:error=EPERM:when=1..3+2" set 4
both "x86_64 and i386 calls counted apart" "getpid64=0,77,0 getpid32=0,77,0" \
	"getpid count=thread error=77 when=2" "getpid:error=EBADFD:when=2" abi 3
put "syscalls=getpid comm=ut-count error=77 when=2"
expect_eq "count=rule: one count over both ABIs" "getpid64=0,0,0 getpid32=77,0,0" \
	"$($C abi 3 | paste -sd' ')"
put ""

# from_exec=1: nothing of pid's process counts or is acted on until it
# has exec'ed, the exec included (strace does not see the calls of the
# command it starts before its first exec); without it, that exec fails.
fromexec() {	# fromexec OPTS: a subshell that execs ut-count once told
	rm -f /tmp/go-x
	( while [ ! -e /tmp/go-x ]; do sleep 0.05; done
	  exec $C calls 3 ) > /tmp/fx.out 2> /dev/null &
	xpid=$!
	put "syscalls=execve,getppid pid=$xpid error=2 when=1 $1"
	from=$(rule_field from_exec)
	touch /tmp/go-x
	wait $xpid
	xrc=$?
	put ""
}
fromexec from_exec=1
expect_eq "from_exec=1: read back" 1 "$from"
expect_eq "from_exec=1: the exec ran, the first call after it failed" \
	"0 calls=2,0,0" "$xrc $(cat /tmp/fx.out)"
fromexec ""
expect_eq "without from_exec: the exec itself fails (127)" "127 " \
	"$xrc $(cat /tmp/fx.out)"

# poke_enter/poke_exit: bytes written where an argument points, at entry
# or at exit (also of a call that did not run), as strace does.
cd /
both "poke_enter rewrites write's buffer" "JJllo cwd=/ err=0" \
	"write poke_enter=@arg2=4a4a when=1" "write:poke_enter=@arg2=4a4a:when=1" poke
both "poke_exit after a getcwd failed by error=" "hello cwd=ZZ err=2" \
	"getcwd error=2 poke_exit=@arg1=5a5a" "getcwd:error=ENOENT:poke_exit=@arg1=5a5a" poke
cd - > /dev/null
put "syscalls=write comm=ut-count poke_enter=@arg2=4a4a,@arg1=00ff"
expect_eq "poke_enter read back" "@arg2=4a4a,@arg1=00ff" "$(rule_field poke_enter)"
put ""

# The bound: counters_max bytes for all threads' counters.  A getppid
# rule's counters take 64 bytes a thread (48 + 8 for each of its two
# numbers), so 128 fit two threads: the other two have their calls
# counted in overflow and not acted on, until a thread exits.
echo 128 > $D/counters_max
put "syscalls=getppid comm=ut-count count=thread error=77"
expect_eq "bound: two of four threads counted, two not" \
	"0,0 0,0 77,77 77,77" "$($C threads 4 2 | sed 's/^t[0-9]*=//' | sort | paste -sd' ')"
expect_eq "bound: overflow counts the 4 calls left out" \
	"matched=8 fired=4 threads=0 overflow=4" "$(rules | grep -o 'matched=.*')"
put ""
echo $((8 << 20)) > $D/counters_max
expect_eq "bound: no counters held" 0 "$(cat $D/counters)"

# Removal while threads run: 4 threads call getppid in a loop while a
# count=thread rule fails every call from each one's 2nd; the rule goes
# mid-run, its counters with it; the threads run on untouched.
rm -f /tmp/go-s /tmp/spin.out
put "syscalls=getppid comm=ut-count count=thread error=77 when=2+"
$C spin 4 /tmp/go-s > /tmp/spin.out &
spid=$!
spinning() { [ "$(rule_field threads)" = 4 ] && [ "$(rule_field fired)" -gt 1000 ]; }
check "removal: four threads hold counters" wait_for spinning
put ""
expect_eq "removal: the counters went with the rule" 0 "$(cat $D/counters)"
sleep 0.5
touch /tmp/go-s
wait $spid
read -r calls failed < <(sed -E 's/^spin=([0-9]+) failed=([0-9]+)$/\1 \2/' /tmp/spin.out)
# Each thread's first call ran; any other call that ran came after the
# removal.
check "removal: calls failed, then ran again ($failed of $calls failed)" \
	[ "$failed" -gt 1000 -a $((calls - failed)) -gt 4 ]
expect_eq "removal: the engine detached" "$engines0" "$(status_field engines)"

# Removal while a thread sleeps in a delay a count=thread rule gave it.
put "syscalls=getppid comm=ut-count count=thread delay_enter=3000000 when=2"
$C calls 3 > /tmp/dcount.out &
spid=$!
wait_for grep -q 'fired=1' $D/rules
put ""
wait $spid
expect_eq "delay: the rule removed during the delay, the calls ran" \
	"calls=0,0,0" "$(cat /tmp/dcount.out)"
expect_eq "delay: no counters held" 0 "$(cat $D/counters)"

# Concurrency: a storm of processes, threads and signals, while a
# pid+follow rule on it is installed and removed and syscall events go
# on and off.  The storm checks every getppid result (its parent's pid,
# or EBADFD from the rule) and every child's wait status itself.
cp $PROGS/ut-true /tmp/ut-true
rm -f /tmp/rput.err
# -d is only a safety limit (the storm is ended below): on the KASAN
# guest the 24 rounds outlasted 300 s, the storm ended on its own and
# the later writes were rightly refused with ESRCH.
$PROGS/ut-storm -x /tmp/ut-true -w 2 -t 2 -e 77 -d 3600 > /tmp/rstorm.out 2> /tmp/rstorm.err &
storm=$!
wait_for grep -q '^started=' /tmp/rstorm.out
instance_new rstorm$$
bad=0
for i in $(seq 24); do
	# Every other round counts per thread: counters made and freed by a
	# fork and thread storm while the rule comes and goes.
	cnt=""
	[ $((i % 2)) = 0 ] && cnt=" count=thread"
	printf 'syscalls=getppid pid=%d follow=1 error=77 when=1+2%s\n' $storm "$cnt" |
		dd of=$D/rules bs=64k iflag=fullblock status=none 2>> /tmp/rput.err ||
		bad=$((bad + 1))
	case $((i % 3)) in
	0) enable utrace:utrace_syscall_entry utrace:utrace_syscall_exit ;;
	1) disable_all ;;
	esac
	sleep 0.2
	put "" || bad=$((bad + 1))
	sleep 0.1
done
disable_all
check "storm: still running after the rounds" kill -0 $storm
kill -TERM $storm
wait $storm
expect_eq "storm: every rule write accepted" 0 "$bad"
[ -s /tmp/rput.err ] && diag "refused: $(sort /tmp/rput.err | uniq -c | head -3)"
expect_eq "storm: no mismatch in results or wait statuses" "mismatches=0" \
	"$(grep '^mismatches=' /tmp/rstorm.out)"
check "storm: the rule injected" grep -qE '^getppid_injected=[1-9]' /tmp/rstorm.out
grep -h '^ut-storm:' /tmp/rstorm.err | head -3 | sed 's/^/# /'
instance_remove
expect_eq "storm: then no scope, nothing on the slow path" "0x00000000 0 0" \
	"$(status_field scopes) $(status_field scoped_threads) $(status_field syscall_work_threads)"
expect_eq "end: no rules" "" "$(rules)"
expect_eq "end: no count=thread counters held" 0 "$(cat $D/counters)"
expect_eq "end: the engine detached" "$engines0" "$(status_field engines)"
tap_done
