#!/bin/bash
# trace-cmd's own network mode with utrace events (issue 23): trace-cmd
# listen on a collector, trace-cmd record -N HOST:PORT on the nodes --
# here both on the guest's loopback.  The .dat files the listener writes
# are read back with utrace-record -i: the workload's clone, exec and exit
# with its exact pids and exit codes; two nodes' files at once, merged by
# time with a host column.
. "$(dirname "$0")/lib.sh"
R=$UTRACE_REPO/tools/utrace-record/utrace-record
P=$PROGS/ut-proc
if ! have_utrace; then
	skip "trace-cmd listen" "kernel without CONFIG_UTRACE_GLOBAL"
	tap_done
fi
EV="-e utrace:utrace_clone -e utrace:utrace_exec -e utrace:utrace_exit -e utrace:utrace_death -e utrace:utrace_reap"
PORT=12345
ip link set lo up 2>/dev/null || ifconfig lo up 2>/dev/null
mkdir -p /tmp/lsn

trace-cmd listen -p $PORT -d /tmp/lsn -o node > /tmp/lsn.out 2>&1 &
lpid=$!
for i in $(seq 100); do
	grep -q ":$(printf '%04X' $PORT) 00000000:0000 0A" /proc/net/tcp /proc/net/tcp6 2>/dev/null && break
	sleep 0.1
done

# node 1: fork, exec and exit codes the workload logs itself.
trace-cmd record -q -N 127.0.0.1:$PORT $EV -- sh -c \
	"echo \$\$ > /tmp/n1.sh; $P exec > /tmp/n1.exec; $P fork-exit 7 > /tmp/n1.fe; exit 3" \
	> /tmp/n1.out 2>&1
rc1=$?
# node 2, after it: another workload.
trace-cmd record -q -N 127.0.0.1:$PORT $EV -- sh -c \
	"echo \$\$ > /tmp/n2.sh; $P fork-exit 9 > /tmp/n2.fe; exit 4" \
	> /tmp/n2.out 2>&1
rc2=$?
sleep 1
kill -INT $lpid
wait $lpid
# (trace-cmd record exits 0 whatever the command's status: the codes are
# checked in the recording.)
expect_eq "trace-cmd record -N runs both workloads (exit 0, twice)" "0 0" "$rc1 $rc2"

files=$(ls /tmp/lsn)
diag "the listener wrote: $(echo $files)"
n=$(ls /tmp/lsn | grep -cE '^node\..+:[0-9]+\.dat$')
expect_eq "trace-cmd listen -d DIR -o node: DIR/node.CLIENT:PORT.dat, one per record" 2 "$n"
# Which file is which node's: the one with its shell's exit.
f1=/dev/null f2=/dev/null
for f in /tmp/lsn/node.*.dat; do
	[ -e "$f" ] || continue
	$R -i "$f" 2>/dev/null | grep -qE "\[$(cat /tmp/n1.sh)\] exit status=3$" && f1=$f
	$R -i "$f" 2>/dev/null | grep -qE "\[$(cat /tmp/n2.sh)\] exit status=4$" && f2=$f
done
diag "node 1: $f1, node 2: $f2"

# node 1's file, read back.
$R -i "$f1" > /tmp/n1.txt 2>/tmp/n1.err
rc=$?
sh1=$(cat /tmp/n1.sh)
ep=$(sed -n 's/^pid=//p' /tmp/n1.exec)
ec=$(sed -n 's/^child=\([0-9]*\).*/\1/p' /tmp/n1.exec)
fp=$(sed -n 's/^pid=//p' /tmp/n1.fe)
fc=$(sed -n 's/^child=\([0-9]*\).*/\1/p' /tmp/n1.fe)
expect_eq "utrace-record -i reads the listener's file" 0 "$rc"
check "clone: sh[$sh1] cloned ut-proc $ep" grep -qE "sh\[$sh1\] clone child=$ep( |$)" /tmp/n1.txt
check "exec: ut-proc $ep's child $ec execs /bin/true" grep -qE "\[$ec\] exec /(usr/)?bin/true( |$)" /tmp/n1.txt
check "exit: $ec status=0" grep -qE "\[$ec\] exit status=0$" /tmp/n1.txt
check "clone: ut-proc $fp cloned $fc" grep -qE "ut-proc\[$fp\] clone child=$fc( |$)" /tmp/n1.txt
check "exit: $fc status=7, death and reap by $fp" sh -c \
	"grep -qE '\[$fc\] exit status=7$' /tmp/n1.txt && grep -qE '\[$fc\] death status=7 ' /tmp/n1.txt && grep -qE 'reap pid=$fc .*by=$fp' /tmp/n1.txt"
check "exit: the shell $sh1 status=3" grep -qE "sh\[$sh1\] exit status=3$" /tmp/n1.txt

# Both nodes at once: merged by time, a host column per file.
$R -i a="$f1" -i b="$f2" > /tmp/m.txt 2>/tmp/m.err
sh2=$(cat /tmp/n2.sh)
c2=$(sed -n 's/^child=\([0-9]*\).*/\1/p' /tmp/n2.fe)
l1=$(grep -nE "^[0-9.]+ a sh\[$sh1\] exit status=3$" /tmp/m.txt | cut -d: -f1)
l2=$(grep -nE "^[0-9.]+ b [^ ]+\[$c2\] exit status=9$" /tmp/m.txt | cut -d: -f1)
check "-i a=node1 -i b=node2: node 1's exit 3 (line $l1) before node 2's exit 9 (line $l2)" \
	test -n "$l1" -a -n "$l2" -a "${l1:-0}" -lt "${l2:-0}"
check "... every line has its host column" sh -c "! grep -vqE '^[0-9.]+ [ab] ' /tmp/m.txt"
check "... no clock warning (one guest, one clock)" sh -c "! grep -q 'cannot be compared' /tmp/m.err"

# Two machines' files, as far as -i can tell: the second's uname says
# another node.  Merged by time with the tai clock or with --date (time
# of day), one after the other with mono alone.
node=$(uname -n)
other=$(printf '%*s' ${#node} '' | tr ' ' x)
# two_hosts NAME TRACE-CMD-OPTIONS...: NAME1.dat, then NAME2.dat as another
# node's; prints HOST:CODE of the shells' exits 5 and 6 in the order of
# -i's output, and "warned" after a clock warning.
two_hosts() {
	local n=$1
	shift
	trace-cmd record -q "$@" $EV -o /tmp/$n.1.dat sh -c 'exit 5' >/dev/null 2>&1
	trace-cmd record -q "$@" $EV -o /tmp/$n.2.dat sh -c 'exit 6' >/dev/null 2>&1
	perl -pe "s/Linux \Q$node\E /Linux $other /" /tmp/$n.2.dat > /tmp/$n.o.dat
	cmp -s /tmp/$n.2.dat /tmp/$n.o.dat && { echo "uname not found"; return; }
	# The other machine's file first on the command line.
	$R -i /tmp/$n.o.dat -i /tmp/$n.1.dat > /tmp/$n.txt 2> /tmp/$n.err
	sed -nE 's/^[0-9.]+ ([^ ]+) sh\[[0-9]+\] exit status=([56])$/\1:\2/p' /tmp/$n.txt | tr '\n' ' '
	grep -q "cannot be compared" /tmp/$n.err && echo warned
}
r=$(two_hosts tai -C tai)
diag "-C tai: $r"
check "-C tai on two nodes: merged by time (exit 5 of $node before exit 6 of $other), no warning" \
	test "$(echo $r)" = "$node:5 $other:6"
r=$(two_hosts date --date)
diag "--date on two nodes: $r"
check "--date on two nodes: merged by time, no warning" \
	test "$(echo $r)" = "$node:5 $other:6"
r=$(two_hosts mono -C mono)
diag "-C mono on two nodes: $r"
check "-C mono on two nodes: one file after the other ($other's first, as given), with the warning" \
	test "$(echo $r)" = "$other:6 $node:5 warned"
tap_done
