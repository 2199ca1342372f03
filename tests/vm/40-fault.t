#!/bin/bash
# Syscall fault injection through the utrace global engine, a rule in
# debugfs fail_utrace_syscall/rules at a time: exact failures, fault_attr
# knobs, refused writes, ptrace next to it, and the engine detached when
# unused.
. "$(dirname "$0")/lib.sh"
D=/sys/kernel/debug/fail_utrace_syscall
if [ ! -e $D/rules ]; then
	skip "utrace fault injection" "kernel without CONFIG_UTRACE_FAULT_INJECTION"
	tap_done
fi
P=$PROGS/ut-proc
# rule WORDS: make WORDS the one persistent rule ("" removes it).
rule() { echo "$1" > $D/rules; }
rule_field() { tr ' ' '\n' < $D/rules | sed -n "s/^$1=//p"; }
expect_eq "no rule: no engine attached" 0 "$(status_field engines)"
expect_eq "defaults: every selected call fails, no limit" "100 -1" \
	"$(cat $D/probability) $(cat $D/times)"
echo 0 > $D/verbose
echo 100 > $D/probability
echo -1 > $D/times
# Aim at nobody until the target is known: a rule on openat for every
# process would break the test itself.
rule "syscalls=openat comm=nobody-has-this error=2"
expect_eq "syscalls by name: both ABIs" "257,i386:295" "$(rule_field syscalls)"
expect_eq "a rule attaches the engine" 1 "$(status_field engines)"

# The target opens once told to (a file appears), however slow the guest.
rm -f /tmp/go
$P open-when /tmp/go > /tmp/target.out &
target=$!
# Not before it runs: the shell's redirections for it are openat calls too.
for _ in $(seq 300); do
	grep -q '^pid=' /tmp/target.out 2>/dev/null && break
	sleep 0.1
done
rule "syscalls=openat pid=$target error=2"
other=$($P open-after 0 | sed -n 's/^opens=//p')
touch /tmp/go
wait $target
expect_eq "openat fails with ENOENT in the target, every time" "2,2,2" \
	"$(sed -n 's/^opens=//p' /tmp/target.out)"
expect_eq "other processes unaffected" "0,0,0" "$other"
rule "syscalls=getppid comm=ut-proc error=1"
echo 3 > $D/times
expect_eq "times=3 fails exactly three calls" "1,1,1,0,0" \
	"$($P getppid-n 5 | sed -n 's/^getppid=//p')"
echo -1 > $D/times
echo 0 > $D/probability
expect_eq "probability 0 never fails" "0,0,0,0,0" \
	"$($P getppid-n 5 | sed -n 's/^getppid=//p')"
echo 100 > $D/probability
expect_eq "comm filter: ut-proc fails" "1,1" "$($P getppid-n 2 | sed -n 's/^getppid=//p')"
cp $P /tmp/other-name
expect_eq "comm filter: another comm does not" "0,0" \
	"$(/tmp/other-name getppid-n 2 | sed -n 's/^getppid=//p')"
echo 1 > $D/task-filter
rule "syscalls=getppid error=1"
$P open-after 0 > /dev/null	# warm up
(echo 1 > /proc/self/make-it-fail; exec $P getppid-n 2) > /tmp/mif.out
expect_eq "task-filter: make-it-fail task fails" "1,1" "$(sed -n 's/^getppid=//p' /tmp/mif.out)"
expect_eq "task-filter: others do not" "0,0" "$($P getppid-n 2 | sed -n 's/^getppid=//p')"
echo 0 > $D/task-filter

# Refused writes: each fails and leaves the rule as it was.
refused() {	# refused RULE
	local before after
	before=$(cat $D/rules)
	if rule "$1" 2>/dev/null; then
		not_ok "rule '$1' refused"
		return
	fi
	after=$(cat $D/rules)
	expect_eq "rule '$1' refused, rule unchanged" "$before" "$after"
}
refused "syscalls=getppid error=0"
refused "syscalls=getppid error=4096"
refused "syscalls=getppid error=512"
refused "syscalls=getppid error=516"
refused "syscalls=getppid error=abc"
refused "syscalls=getppid,nosuchcall error=1"
refused "syscalls=100000 error=1"
refused "syscalls=getppid,i386:100000 error=1"
refused "syscalls=i386:-1 error=1"
refused "syscalls=i386:abc error=1"
refused "syscalls=i386: error=1"
refused "syscalls=x86_64:39 error=1"
refused "syscalls=getppid pid=-4 error=1"
refused "syscalls=getppid comm=a-name-far-too-long-for-comm error=1"
if setpriv --reuid=65534 --inh-caps=-all sh -c "echo 'syscalls=getppid error=5' > $D/rules" 2>/dev/null; then
	not_ok "an unprivileged write is refused"
else
	expect_eq "an unprivileged write is refused" 1 "$(rule_field error)"
fi

# The injected failure as utrace:utrace_syscall_exit reports it.
instance_new fault$$
echo 'comm == "ut-proc"' > "$INST/events/utrace/utrace_syscall_exit/filter"
enable utrace:utrace_syscall_exit
echo 1 > "$INST/tracing_on"
run getppid-n 1
expect_eq "syscall_exit says injected, by the rule" \
	"nr=110 arch=x86_64 ret=-1 verdict=injected rule=$(rule_field id)" \
	"$(ev syscall_exit $PID | grep '^nr=110 ')"
disable_all

# A ptraced target: ptrace sees entry and exit, the failure still happens.
out=$(strace -f -qq -e trace=getppid -o /tmp/strace.log $P getppid-n 1)
expect_eq "ptraced target still gets the injected error" "getppid=1" "$(echo "$out" | grep getppid=)"
check "strace saw the call and its injected result" \
	grep -q 'getppid() *= -1 EPERM' /tmp/strace.log

rule ""
expect_eq "no rule detaches the engine" 0 "$(status_field engines)"
expect_eq "and flags are back to 0" "0x0000" "$(status_field flags)"
tap_done
