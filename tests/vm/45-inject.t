#!/bin/bash
# utrace-record -e inject=SPEC end to end: rules written to
# fail_utrace_syscall/session for COMMAND's tree, the injected calls in
# the output with the rule's id, the report at the end, and the rules
# gone when the command ends and when the recorder is SIGKILLed.
. "$(dirname "$0")/lib.sh"
R=$UTRACE_REPO/tools/utrace-record/utrace-record
I=$PROGS/ut-inject	# static: its openat calls are exactly its own
D=/sys/kernel/debug/fail_utrace_syscall
if ! have_utrace || [ ! -e $D/session ]; then
	skip "utrace-record -e inject=" "kernel without $D/session"
	tap_done
fi
# Installed rules, of every owner (the test runs alone).
rules_left() { grep -c '^id=' $D/rules; }
# rules_gone: wait up to 2 s for the rules to go (the session's release).
no_rules() { [ "$(rules_left)" = 0 ]; }
rules_gone() { wait_until 20 no_rules; }
expect_eq "no rule before the tests" 0 "$(rules_left)"

# error=ENOENT on openat, when=2: exactly the 2nd of 4 opens fails.
$R -e inject=openat:error=ENOENT:when=2 -o /tmp/inj.ev -- $I open 4 /etc/passwd \
	> /tmp/inj.out 2> /tmp/inj.err
rc=$?
expect_eq "when=2: the recorder exits with the command's status" 0 "$rc"
expect_eq "when=2: only the 2nd openat fails, with ENOENT" "0,2,0,0" \
	"$(sed -n 's/^opens=//p' /tmp/inj.out)"
id=$(sed -nE 's/^utrace-record: inject rule ([0-9]+) \(openat:error=ENOENT:when=2 for openat\): fired 1 of 4 matching calls$/\1/p' /tmp/inj.err)
check "when=2: the report: rule ID fired 1 of 4 matching calls" test -n "$id"
expect_eq "when=2: one line [injected by rule $id], -2 ENOENT" 1 \
	"$(grep -cE "ut-inject\[[0-9]+\] syscall(_exit)? openat(\(.*\))? = -2 ENOENT \[injected by rule $id\]" /tmp/inj.ev)"
expect_eq "when=2: the 4 openat calls are shown (the injected set)" 4 \
	"$(grep -cE 'ut-inject\[[0-9]+\] syscall(_exit)? openat[( ]' /tmp/inj.ev)"
check "when=2: the command ended: no rule left" rules_gone
[ -n "$id" ] || diag "$(cat /tmp/inj.err)"

# retval= on getppid: the program sees the value; the call did not run.
$R -e inject=getppid:retval=4242 -o /tmp/inj.ev -- $I getppid > /tmp/inj.out 2> /tmp/inj.err
expect_eq "retval=4242: getppid returns 4242" 4242 \
	"$(sed -n 's/^ppid=//p' /tmp/inj.out)"
id=$(sed -nE 's/^utrace-record: inject rule ([0-9]+) \(getppid:retval=4242 for getppid\): fired 1 of 1 matching calls$/\1/p' /tmp/inj.err)
check "retval=4242: the report: fired 1 of 1" test -n "$id"
check "retval=4242: the line [injected by rule $id]" \
	grep -qE "syscall(_exit)? getppid(\(.*\))? = 4242 \[injected by rule $id\]" /tmp/inj.ev
check "retval=4242: no rule left" rules_gone

# signal=SIGUSR1 alone: the call runs (the real parent: the recorder),
# the handler ran.
$R -e inject=getppid:signal=SIGUSR1 -o /tmp/inj.ev -- $I signal > /tmp/inj.out 2> /tmp/inj.err &
rpid=$!
wait $rpid
expect_eq "signal=SIGUSR1: getppid ran, the handler ran" "ppid=$rpid handled=1" \
	"$(grep '^ppid=' /tmp/inj.out)"
id=$(sed -nE 's/^utrace-record: inject rule ([0-9]+) \(getppid:signal=SIGUSR1 for getppid\): fired 1 of 1 matching calls$/\1/p' /tmp/inj.err)
check "signal=SIGUSR1: the report: fired 1 of 1" test -n "$id"
check "signal=SIGUSR1: the call ran, the line says [rule $id]" \
	grep -qE "syscall(_exit)? getppid(\(.*\))? = $rpid \[rule $id\]" /tmp/inj.ev
check "signal=SIGUSR1: no rule left" rules_gone

# While a recorder runs: its rule is there, for the command's tree; a
# process outside the tree is not affected; SIGKILL of the recorder
# removes the rule.
$R -q -e inject=openat:error=ENOENT -- $I sleep 30000 > /dev/null 2> /tmp/inj.err &
rpid=$!
for _ in $(seq 100); do
	grep -q '^id=' $D/rules && break
	sleep 0.1
done
line=$(grep '^id=' $D/rules | head -1)
cmd=$(field pid "$line")
check "running: the rule is installed ($line)" test -n "$cmd"
expect_eq "running: for the command and its descendants" 1 "$(field follow "$line")"
expect_eq "running: openat outside the tree is not affected" "0,0" \
	"$($I open 2 /etc/passwd | sed -n 's/^opens=//p')"
kill -9 $rpid
wait $rpid 2>/dev/null
check "recorder SIGKILLed: no rule left" rules_gone
[ -n "$cmd" ] && kill -9 "$cmd" 2>/dev/null
$R --reset > /dev/null 2>&1	# the killed recorder's tracefs instance

# The shared fault_attr knobs apply to rules: a changed one is pointed out.
echo 0 > $D/probability
$R -q -e inject=getppid:retval=7 -- $I getppid > /tmp/inj.out 2> /tmp/inj.err &
rpid=$!
wait $rpid
echo 100 > $D/probability
expect_eq "probability 0: the call ran" "ppid=$rpid" "$(grep '^ppid=' /tmp/inj.out)"
check "probability 0: the recorder says so" \
	grep -q "note: $D/probability is 0, not 100" /tmp/inj.err
check "probability 0: the report: fired 0 of 1" \
	grep -qE 'inject rule [0-9]+ \(getppid:retval=7 for getppid\): fired 0 of 1 matching calls$' /tmp/inj.err

tap_done
