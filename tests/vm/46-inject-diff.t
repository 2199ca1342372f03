#!/bin/bash
# utrace-inject against strace, the oracle: each (SPECs, COMMAND) row of
# the table runs under `strace -f -qq -o /dev/null -e inject=SPEC ...`
# and under `utrace-inject -o /dev/null -e inject=SPEC ...`; the exit
# status, stdout and the command's own stderr (the tools' own lines,
# "strace: ..." and "utrace-inject: ...", left out) must be the same.
# The rows cover every action, every class strace 6.1 has, negation,
# regex, numbers, @64/@32, several SPECs at once (the last one given
# wins per call), both ABIs (ut-injdiff's int $0x80 calls), threads and
# forked children (strace counts when= per thread, ABI and call).
# ut-injdiff prints only what each call returned (see its comment), so
# nothing else differs between the two runs.
. "$(dirname "$0")/lib.sh"
I=$UTRACE_REPO/tools/utrace-record/utrace-inject
P=$PROGS/ut-injdiff
D=/sys/kernel/debug/fail_utrace_syscall
if ! have_utrace || [ ! -e $D/session ]; then
	skip "utrace-inject against strace" "kernel without $D/session"
	tap_done
fi
if ! command -v strace > /dev/null; then
	skip "utrace-inject against strace" "no strace"
	tap_done
fi
cd /tmp || exit 1
echo hello > /tmp/diff.txt

# run TOOL OUT: the row's COMMAND under TOOL; OUT.rc, OUT.out, OUT.err.
run() {
	local tool=$1 out=$2 args=() s
	for s in "${specs[@]}"; do
		args+=(-e "$s")
	done
	if [ "$tool" = strace ]; then
		strace -f -qq -o /dev/null "${args[@]}" -- "${cmd[@]}" \
			< /dev/null > "$out.out" 2> "$out.raw"
	else
		"$I" -o /dev/null "${args[@]}" -- "${cmd[@]}" \
			< /dev/null > "$out.out" 2> "$out.raw"
	fi
	echo $? > "$out.rc"
	grep -vE '^(strace|utrace-inject|utrace-record): ' "$out.raw" > "$out.err"
}

set -f	# CALL*N words are not globs
# Rows: SPEC[ SPEC...]|COMMAND (both split at spaces, then as the shell
# would read them: quotes work).  Every row must end the same.
rows=0
while IFS='|' read -r specstr cmdstr; do
	case "$specstr" in ''|'#'*) continue ;; esac
	eval "specs=($specstr)"
	eval "cmd=($cmdstr)"
	rows=$((rows + 1))
	run strace /tmp/diff.s
	run utrace /tmp/diff.u
	name="$specstr -- $cmdstr"
	if cmp -s /tmp/diff.s.rc /tmp/diff.u.rc &&
	   cmp -s /tmp/diff.s.out /tmp/diff.u.out &&
	   cmp -s /tmp/diff.s.err /tmp/diff.u.err; then
		ok "$name (exit $(cat /tmp/diff.s.rc))"
	else
		not_ok "$name"
		diag "strace:        exit $(cat /tmp/diff.s.rc)"
		sed 's/^/#   out: /' /tmp/diff.s.out
		sed 's/^/#   err: /' /tmp/diff.s.raw
		diag "utrace-inject: exit $(cat /tmp/diff.u.rc)"
		sed 's/^/#   out: /' /tmp/diff.u.out
		sed 's/^/#   err: /' /tmp/diff.u.raw
	fi
done <<'EOF'
# error= by name and number, retval=, when= N, N+, N+M, N..M
inject=getpid:error=EPERM|$P getpid*3
inject=getppid:error=13:when=2|$P getppid*3
inject=getppid:retval=4242:when=2+|$P getppid*4
inject=getppid:retval=7:when=1+2|$P getppid*5
inject=getppid:error=ENOENT:when=2..4|$P getppid*6
inject=getppid:error=ENOENT:when=2..5+2|$P getppid*7
inject=getppid:retval=0x1092|$P getppid*2
# signal= alone, with error=, a fatal one (the issue's uname rows)
inject=gettid:signal=SIGUSR1|$P gettid*2
inject=gettid:signal=SIGUSR2:error=EPERM:when=2|$P gettid*3
inject=uname:signal=SIGSEGV|uname -s
inject=uname:error=EPERM:signal=SIGUSR1|uname -s
inject=uname:error=EPERM|uname -s
# delays: the calls still run (or fail as the other keys say)
inject=getpid:delay_enter=20ms|$P getpid*2
inject=getpid:delay_exit=5000:retval=7|$P getpid*2
# poke_enter=, poke_exit= (both ABIs); syscall= with error=/retval=
inject=write:poke_enter=@arg2=41424344:when=2|$P writebuf*3
inject=read:poke_exit=@arg2=5a5a|$P readbuf*2
inject=write:poke_enter=@arg2=41424344:when=2|$P writebuf32*3 writebuf*2
inject=getpid:syscall=getuid:error=EPERM|$P getpid*2
inject=getppid:syscall=gettid:retval=7:when=2|$P getppid*3
# fault=: ENOSYS by default, error= and when=
fault=getppid|$P getppid*2
fault=getppid:error=ENOENT:when=2|$P getppid*3
fault=%ipc:when=2|$P shmdt*3
# every class; strace's names that are not the kernel's (stat, fstat ...)
inject=%file:error=ENOENT:when=4|cat /tmp/diff.txt
inject=%file:error=EACCES:when=2+|$P stat*2 lstat*2 openat*2 statfs*2
inject=%process:error=EAGAIN|$P fork:getpid*1
inject=%process:signal=SIGUSR1:when=2|$P kill0*3
inject=%network:error=EACCES|$P socket*2
inject=%net:retval=7:when=2|$P socket*2
inject=%desc:error=EBADF:when=3+2|$P read*3 write*3 fstat*2
inject=%memory:error=ENOMEM:when=2|$P mmap*3
inject=%signal:error=EINVAL:when=2|$P kill0*3
inject=%ipc:error=EPERM|$P shmdt*2
inject=%creds:error=EPERM:when=2|$P getuid*3
inject=%clock:error=EINVAL|$P clock*2 time32*2
inject=%pure:retval=4242:when=2|$P getpid*2 getppid*2 gettid*2 getuid*2
inject=%stat:error=ENOENT|$P stat*2 lstat*1 fstat*1 newfstatat*1 stat6432*1
inject=%lstat:error=ENOENT|$P stat*1 lstat*2 fstat*1
inject=%fstat:error=EBADF:when=2|$P fstat*3 newfstatat*2
inject=%%stat:error=EACCES:when=2+|$P stat*2 lstat*2 fstat*2 newfstatat*2 stat6432*2
inject=%statfs:error=ENOSYS|$P statfs*2 fstatfs*1
inject=%fstatfs:error=ENOSYS|$P statfs*1 fstatfs*2
inject=%%statfs:error=EIO:when=2|$P statfs*2 fstatfs*2
inject=stat:error=ENOENT inject=fstat:error=EBADF inject=lstat:error=EIO|$P stat lstat fstat
# negation, regex, numbers, ?, @64/@32, all
'inject=!getpid:retval=4242:when=5'|$P getppid*6 getpid*6 gettid*6
'inject=!%file,%desc,%memory,%process,%signal:error=EPERM:when=2'|$P getppid*2 gettid*2 uname*2 getpid32*2
'inject=/^getp+id$:error=EPERM:when=2'|$P getpid*2 getppid*2 getpid32*2 gettid*2
inject=110:retval=7|$P getppid*2 getppid32*2
inject=getpid@32:retval=4242 inject=getpid@64:error=EPERM|$P getpid*2 getpid32*2
inject=?nosuch,getpid:error=EPERM|$P getpid*2
# several SPECs: each call has the last one given
inject=getpid:retval=7 inject=getppid:error=EPERM:when=2|$P getpid*2 getppid*2
inject=%pure:error=EPERM inject=getpid:retval=4242|$P getpid*2 getppid*2
inject=getpid:retval=7 inject=%pure:error=EPERM:when=2|$P getpid*2 getppid*2
# both ABIs: counted apart, strace's i386 names
inject=getpid:retval=4242:when=2|$P getpid32*2 getpid*2 getpid32*1
inject=uname:error=EPERM:when=2|$P uname32*2 uname*2
inject=stat64:error=ENOENT|$P stat6432*2 stat*1
inject=gettid:error=EPERM:when=2+2|$P gettid32*4 gettid*4
# threads and forked children: when= counts per thread
inject=getppid:error=EPERM:when=2|$P threads:3:getppid*3
inject=gettid:retval=7:when=1+2|$P gettid*1 threads:2:gettid*4 gettid*2
inject=getppid:error=ESRCH:when=2|$P getppid*1 fork:getppid*3 getppid*2
inject=%pure:error=EPERM:when=3|$P fork:getpid*3 threads:2:getppid*3 getpid*3
# a shell's children; COMMAND's own exec is not counted (strace's rule)
inject=execve:error=ENOENT|sh -c 'uname -s; echo rc=$?'
inject=execve:error=ENOENT:when=2|sh -c 'exec sh -c "exec uname -s"'
inject=%file:error=EACCES|uname -s
inject=%process:error=EAGAIN:when=3|sh -c 'echo a; /bin/true; echo b; /bin/true; echo c'
EOF
check "the table has at least 40 rows ($rows)" test "$rows" -ge 40

# utrace-record -e inject= is the same code as utrace-inject: one row.
specs=(inject=%pure:retval=4242:when=2 inject=getpid:error=EPERM:when=3)
cmd=($P getpid*3 getppid*2 threads:2:gettid*2 getpid32*2)
I=$UTRACE_REPO/tools/utrace-record/utrace-record
run strace /tmp/diff.s
run utrace /tmp/diff.u
same_output() {
	cmp -s /tmp/diff.s.out /tmp/diff.u.out && cmp -s /tmp/diff.s.err /tmp/diff.u.err
}
check "utrace-record -e inject=: stdout and stderr as under strace" same_output
expect_eq "utrace-record -e inject=: exit status" "$(cat /tmp/diff.s.rc)" \
	"$(cat /tmp/diff.u.rc)"
tap_done
