#!/bin/bash
# Who may make tasks wait or walk every task: uid 65534 is refused
# utrace/lossless and utrace/statedump (tracefs's modes), root with
# CAP_SYS_ADMIN dropped is refused utrace/lossless (its capable() check in
# open: a scope slows other users' tasks), and a refused caller leaves no
# registration and no record behind.  (statedump has no capability check
# of its own: it emits only into instances, which only their readers see.)
. "$(dirname "$0")/lib.sh"
L=$TRACEFS/utrace/lossless
SD=$TRACEFS/utrace/statedump
if ! have_utrace || [ ! -e $L ]; then
	skip "lossless and statedump permissions" "kernel without them"
	tap_done
fi
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
# Root without CAP_SYS_ADMIN: the file modes let it in, the kernel's
# capable() checks must not.
noadmin() { capsh --drop=cap_sys_admin -- -c "$*"; }

instance_new llperm$$
enable utrace:utrace_task
echo 1 > $INST/tracing_on
sleep 1000 &
S=$!
line="instance=llperm$$ pid=$S timeout=1000"

check "uid 65534: utrace/lossless cannot be opened" \
	bash -c "! nobody sh -c 'exec 3<> $L' 2>/dev/null"
check "uid 65534: cannot read the registrations either" \
	bash -c "! nobody cat $L > /dev/null 2>&1"
# The control: capsh runs the command as root, CAP_SYS_ADMIN (bit 21) off.
eff=$(noadmin 'sed -n "s/^CapEff:[[:space:]]*//p" /proc/self/status')
check "control: capsh runs root without CAP_SYS_ADMIN (CapEff $eff)" \
	test -n "$eff" -a $(( 0x$eff >> 21 & 1 )) = 0 -a $(( 0x$eff >> 1 & 1 )) = 1
check "root without CAP_SYS_ADMIN: utrace/lossless open refused" \
	bash -c "! noadmin 'exec 3<> $L' 2>/dev/null"
expect_eq "no registration after the refusals" 0 "$(grep -c '^owner=' $L)"

check "uid 65534: utrace/statedump refused" \
	bash -c "! nobody sh -c 'echo 1 > $SD' 2>/dev/null"
expect_eq "no task record from a refused statedump" 0 \
	"$(grep -c ' utrace_task: ' $INST/trace)"
# A root shell with the capability: the dump does run (the check above
# can fail).
echo 1 > $SD
check "root: the statedump writes task records" grep -q ' utrace_task: ' $INST/trace
kill $S
tap_done
