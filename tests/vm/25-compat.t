#!/bin/bash
# i386 system calls (int $0x80 from a 64-bit program) next to x86_64 ones:
# utrace:utrace_syscall_entry/exit tell the ABIs apart (arch=), and fault
# injection rules match each call against the numbers of its own ABI:
# i386 getpid is 20, i386 mkdir is 39, x86_64 getpid is 39.
. "$(dirname "$0")/lib.sh"
if ! have_utrace; then
	skip "utrace i386 system calls" "kernel without CONFIG_UTRACE_GLOBAL"
	tap_done
fi
C=$PROGS/ut-compat
D=/sys/kernel/debug/fail_utrace_syscall

# compat DIR: run ut-compat in a fresh DIR, set PID and R (its results on
# one line: getpid64 getpid32 mkdir32 mkdir64 dir32 dir64).
compat() {
	rm -rf "$1"
	mkdir -p "$1"
	clear_trace
	out=$($C "$1")
	PID=$(echo "$out" | sed -n 's/^pid=//p')
	R=$(echo "$out" | sed -n 's/^\(getpid..\|mkdir..\|dir..\)=//p' | tr '\n' ' ')
	R=${R% }
}

instance_new compat$$
for e in $(utrace_names syscall_entry syscall_exit); do
	echo 'comm == "ut-compat"' > "$INST/events/utrace/$e/filter"
done
enable utrace:utrace_syscall_entry utrace:utrace_syscall_exit
echo 1 > "$INST/tracing_on"

compat /tmp/c0
expect_eq "no rule: every call succeeds" "$PID $PID 0 0 1 1" "$R"
expect_eq "syscall_exit: int \$0x80 getpid is i386 nr 20 with its pid" \
	"nr=20 arch=i386 ret=$PID verdict=ran rule=0" "$(ev syscall_exit $PID | grep '^nr=20 arch=i386')"
check "syscall_entry: int \$0x80 getpid is i386 nr 20" \
	grep -q '^nr=20 arch=i386 args=' <<< "$(ev syscall_entry $PID)"
expect_eq "syscall_exit: x86_64 getpid is nr 39" \
	"nr=39 arch=x86_64 ret=$PID verdict=ran rule=0" "$(ev syscall_exit $PID | grep '^nr=39 arch=x86_64')"
expect_eq "syscall_exit: i386 mkdir is nr 39 too, told apart by arch" \
	"nr=39 arch=i386 ret=0 verdict=ran rule=0" "$(ev syscall_exit $PID | grep '^nr=39 arch=i386')"
expect_eq "syscall_exit: x86_64 mkdir" \
	"nr=83 arch=x86_64 ret=0 verdict=ran rule=0" "$(ev syscall_exit $PID | grep '^nr=83 ')"

if [ ! -e $D/rules ]; then
	skip "utrace fault injection on i386 calls" "kernel without CONFIG_UTRACE_FAULT_INJECTION"
	tap_done
fi
echo 0 > $D/verbose
echo 100 > $D/probability
echo -1 > $D/times
# rule SYSCALLS: the one rule, failing ut-compat's SYSCALLS with EACCES;
# sets SYSCALLS to what the rule shows and RULE to its id as events show it.
rule() {
	echo "syscalls=$1 comm=ut-compat error=13" > $D/rules
	SYSCALLS=$(tr ' ' '\n' < $D/rules | sed -n 's/^syscalls=//p')
	RULE=rule=$(tr ' ' '\n' < $D/rules | sed -n 's/^id=//p')
}

rule getpid
expect_eq "a name selects both ABIs' numbers" "39,i386:20" "$SYSCALLS"
compat /tmp/c1
expect_eq "rule getpid: both getpids fail, i386 mkdir (39) does not" \
	"-13 -13 0 0 1 1" "$R"
expect_eq "syscall_exit: i386 getpid injected" \
	"nr=20 arch=i386 ret=-13 verdict=injected $RULE" "$(ev syscall_exit $PID | grep '^nr=20 arch=i386')"
expect_eq "syscall_exit: x86_64 getpid injected" \
	"nr=39 arch=x86_64 ret=-13 verdict=injected $RULE" "$(ev syscall_exit $PID | grep '^nr=39 arch=x86_64')"
expect_eq "syscall_exit: i386 mkdir ran" \
	"nr=39 arch=i386 ret=0 verdict=ran rule=0" "$(ev syscall_exit $PID | grep '^nr=39 arch=i386')"

# User space decodes the new field and the verdict from the event format.
if command -v trace-cmd > /dev/null; then
	rm -rf /tmp/c5
	mkdir /tmp/c5
	out=$(trace-cmd record -q -e utrace:utrace_syscall_exit -f 'comm == "ut-compat"' \
		-o /tmp/compat.dat $C /tmp/c5 2> /tmp/tc.log)
	pid=$(echo "$out" | sed -n 's/^pid=//p')
	rep=$(trace-cmd report -i /tmp/compat.dat 2>&1)
	expect_eq "trace-cmd report: arch and verdict decoded from the format" \
		"nr=20 arch=i386 ret=-13 verdict=injected $RULE" \
		"$(echo "$rep" | sed -n 's/^.* utrace_syscall_exit: *//p' | grep '^nr=20 arch=i386')"
	if grep -qiE 'fail|error|warn' <<< "$rep"; then
		not_ok "trace-cmd report: no parse complaints"
		echo "$rep" | grep -iE 'fail|error|warn' | head -5 | sed 's/^/# /'
	else
		ok "trace-cmd report: no parse complaints"
	fi
else
	skip "trace-cmd report decodes arch and verdict" "no trace-cmd"
	skip "trace-cmd report: no parse complaints" "no trace-cmd"
fi

rule i386:39
expect_eq "i386:39 is i386 only" "i386:39" "$SYSCALLS"
compat /tmp/c2
expect_eq "rule i386:39: only the i386 mkdir fails" "$PID $PID -13 0 0 1" "$R"

rule 39
expect_eq "a plain number is x86_64 only" "39" "$SYSCALLS"
compat /tmp/c3
expect_eq "rule 39: only the x86_64 getpid fails" "-13 $PID 0 0 1 1" "$R"

rule mkdir
compat /tmp/c4
expect_eq "rule mkdir: both mkdirs fail, no getpid does" "$PID $PID -13 -13 0 0" "$R"

echo > $D/rules
expect_eq "no rule detaches the engine" 0 "$(status_field engines)"
# As the engine started, for the tests that follow.
echo 100 > $D/probability	# the defaults
echo -1 > $D/times
echo 1 > $D/verbose
tap_done
