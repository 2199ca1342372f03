#!/bin/bash
# The guest runs our kernel, with tracefs, the utrace events, perf and trace-cmd.
. "$(dirname "$0")/lib.sh"

want=${UTRACE_EXPECT:-utrace}
expect_eq "kernel is the $want build" "$want" "$(uname -r | sed -n 's/.*-\([a-z]*\)$/\1/p')"
check "tracefs mounted" test -d $TRACEFS/events
check "two CPUs online" test "$(nproc)" -ge 2
if have_utrace; then
	n=$(ls -d $TRACEFS/events/utrace/*/ | wc -l)
	expect_eq "utrace system has its 11 events" 11 "$n"
	for e in $(utrace_names clone vfork_done exec exit death reap syscall_entry syscall_exit signal jctl task); do
		check "utrace:$e present" test -e $TRACEFS/events/utrace/$e/format
	done
	expect_eq "no utrace flags at boot" "0x0000" "$(status_field flags)"
elif [ "$want" = twin ]; then
	ok "unpatched twin has no utrace system"
else
	not_ok "utrace system present"
fi
perf stat -x, -o /tmp/perf.out -e sched:sched_process_exec /bin/true
expect_eq "perf counts one exec of /bin/true" 1 "$(grep sched_process_exec /tmp/perf.out | cut -d, -f1)"
if trace-cmd record -q -e sched:sched_process_exec -o /tmp/boot.dat /bin/true >/tmp/tc.log 2>&1 &&
   trace-cmd report -i /tmp/boot.dat 2>/dev/null | grep -q sched_process_exec; then
	ok "trace-cmd records and reports in the guest"
else
	not_ok "trace-cmd records and reports in the guest"
	sed 's/^/# /' /tmp/tc.log
fi
tap_done
