#!/bin/bash
# The kernel's own ptrace and seccomp selftests (build/selftests, from
# scripts/build-selftests), run twice: with nothing enabled, then with
# every utrace event on in an instance and a fault injection rule that
# matches no task (so the engine runs on every system call and never
# fails one).  Each test case must end the same both times.  Cases that
# fail both times (the guest's tinyconfig lacks what they need) must be
# the ones listed in selftests-known-failures; they are printed.
. "$(dirname "$0")/lib.sh"
ST=$UTRACE_REPO/build/selftests
KNOWN=$(dirname "$0")/selftests-known-failures
D=/sys/kernel/debug/fail_utrace_syscall
if ! have_utrace || [ ! -e $D/rules ]; then
	skip "selftests with utrace events" "kernel without utrace events or fault injection"
	tap_done
fi
if [ ! -s $ST/built ]; then
	not_ok "selftests built (make selftests)"
	tap_done
fi

# results TAG: run every built program; "prog case result" lines on stdout,
# the programs' output in /tmp/out/selftests-TAG/.
results() {
	local t prog rc out line
	mkdir -p /tmp/out/selftests-$1 /tmp/st-$1
	while read -r t; do
		prog=$(basename $t)
		out=/tmp/out/selftests-$1/$prog.txt
		(cd /tmp/st-$1 && timeout -k 5 600 $ST/$t > $out 2>&1)
		rc=$?
		if grep -qE '^(not )?ok [0-9]+ ' $out; then
			# kselftest harness TAP, one line per case
			sed -nE 's/^ok [0-9]+ ([^ ]+) # SKIP.*/\1 skip/p;
				s/^ok [0-9]+ ([^ ]+) # XFAIL.*/\1 xfail/p;
				s/^ok [0-9]+ ([^ ]+)$/\1 pass/p;
				s/^not ok [0-9]+ ([^ ]+).*/\1 fail/p' $out |
				sed "s|^|$prog |"
			echo "$prog exit $rc"
		else
			# a plain program: its exit status (4 is kselftest's skip)
			case $rc in
			0) echo "$prog - pass" ;;
			4) echo "$prog - skip" ;;
			*) echo "$prog - fail" ;;
			esac
		fi
	done < $ST/built
}

expect_eq "nothing enabled for the first run" "0x0000 0" \
	"$(status_field flags | cut -d' ' -f1) $(status_field engines)"
t0=$(date +%s)
results off > /tmp/selftests-off.txt
diag "run without utrace: $(( $(date +%s) - t0 ))s"

instance_new selftests$$
echo 'utrace:*' > "$INST/set_event"
echo 1 > "$INST/tracing_on"
echo 0 > $D/verbose
echo 100 > $D/probability
echo -1 > $D/times
echo "syscalls=getpid,getppid,openat,read,write comm=nobody-has-this error=2" > $D/rules
expect_eq "second run: every utrace flag and the fault engine on" "0x3ffe 1" \
	"$(status_field flags | cut -d' ' -f1) $(status_field engines)"
t0=$(date +%s)
results on > /tmp/selftests-on.txt
diag "run with every utrace event on: $(( $(date +%s) - t0 ))s"
check "the instance recorded the selftests' system calls" \
	grep -qE '^ *seccomp_bpf-[0-9]+ .* utrace_syscall_entry: ' "$INST/trace"
echo > $D/rules
disable_all
cp /tmp/selftests-off.txt /tmp/selftests-on.txt /tmp/out/

while read -r t; do
	prog=$(basename $t)
	off=$(grep "^$prog " /tmp/selftests-off.txt)
	on=$(grep "^$prog " /tmp/selftests-on.txt)
	n() { grep -c " $1\$" <<< "$off"; }
	diag "$prog: $(n pass) passed, $(n fail) failed, $(n skip) skipped"
	if [ "$off" = "$on" ]; then
		ok "$prog: same results with every utrace event on"
	else
		not_ok "$prog: same results with every utrace event on"
		diff <(echo "$off") <(echo "$on") | grep '^[<>]' |
			sed 's/^</# off:/; s/^>/# on: /' | head -20
	fi
done < $ST/built

both=$(comm -12 <(grep -E ' fail$' /tmp/selftests-off.txt | sort) \
	<(grep -E ' fail$' /tmp/selftests-on.txt | sort) | cut -d' ' -f1,2)
echo "$both" | sed '/^$/d; s/^/# fails in both runs: /'
expect_eq "cases failing in both runs are the known ones ($(basename $KNOWN))" \
	"$(grep -v '^#' $KNOWN | sed '/^$/d' | sort)" "$(echo "$both" | sed '/^$/d' | sort)"
tap_done
