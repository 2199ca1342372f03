#!/bin/bash
# The first path argument that utrace:utrace_syscall_entry copies at a
# call's entry (Documentation/trace/utrace-global.rst, "Path argument"),
# and utrace-record printing it as strace does.  ut-path makes calls with
# known strings: openat, stat, unlink, execve, a path longer than the
# 256-byte bound (cut), a bad pointer (EFAULT), and an i386 open through
# int $0x80.
. "$(dirname "$0")/lib.sh"
R=$UTRACE_REPO/tools/utrace-record/utrace-record
if ! have_utrace; then
	skip "syscall path argument" "kernel without CONFIG_UTRACE_GLOBAL"
	tap_done
fi

long=/tmp/$(printf 'a%.0s' $(seq 300))
cut=${long:0:255}

# The event itself, in a private instance: the path field and its state.
instance_new vmpath
enable utrace:utrace_syscall_entry
echo "common_pid != $$" > $INST/events/utrace/utrace_syscall_entry/filter
$PROGS/ut-path
disable_all
lines=$(grep -E 'utrace_syscall_entry: ' $INST/trace)
check "the event's format has path, path_state and path_arg" \
	grep -qE 'field:__data_loc char\[\] path;' $INST/events/utrace/utrace_syscall_entry/format
check "openat: path=/etc/utrace-path-openat" \
	grep -qE 'nr=257 arch=x86_64 .* path=/etc/utrace-path-openat$' <<<"$lines"
check "a path over the bound: its first 255 bytes, marked (cut)" \
	grep -qF "path=$cut (cut)" <<<"$lines"
check "a bad pointer: no string, marked (fault)" \
	grep -qE 'nr=257 arch=x86_64 args=\(0xffffff9c, 0x1, .* path=\(fault\)$' <<<"$lines"
check "int \$0x80 open: the i386 table, path=/etc/utrace-path-int80" \
	grep -qE 'nr=5 arch=i386 .* path=/etc/utrace-path-int80$' <<<"$lines"
check "a call without a path: no path= (getpid has none)" \
	bash -c '! grep -qE "nr=39 arch=x86_64 .*path=" <<<"$1"' _ "$lines"
instance_remove

# The recorder: strace's notation, in text and JSON.
$R -e syscall_entry,syscall_exit -o /tmp/path.txt -- $PROGS/ut-path \
	> /dev/null 2> /tmp/path.err
sed -n 's/^.*\] syscall //p' /tmp/path.txt | grep -E 'utrace-path|aaaa|0x1,' |
	cut -c1-120 | sed 's/^/# /'
check "openat(AT_FDCWD, \"/etc/utrace-path-openat\", O_RDONLY) = -2 ENOENT" \
	grep -qF 'syscall openat(AT_FDCWD, "/etc/utrace-path-openat", O_RDONLY) = -2 ENOENT' /tmp/path.txt
check "stat(\"/tmp/utrace-path-stat\", 0x...) = -2 ENOENT" \
	grep -qE 'syscall stat\("/tmp/utrace-path-stat", 0x[0-9a-f]+\) = -2 ENOENT' /tmp/path.txt
check "unlink(\"/tmp/utrace-path-unlink\") = -2 ENOENT" \
	grep -qF 'syscall unlink("/tmp/utrace-path-unlink") = -2 ENOENT' /tmp/path.txt
check "execve(\"/nonexistent/utrace-path-exec\", ...) = -2 ENOENT" \
	grep -qE 'syscall execve\("/nonexistent/utrace-path-exec", 0x[0-9a-f]+, NULL\) = -2 ENOENT' /tmp/path.txt
check "the cut path: 255 bytes and ..., as strace cuts a string" \
	grep -qF "syscall openat(AT_FDCWD, \"$cut\"..., O_RDONLY) = -36 ENAMETOOLONG" /tmp/path.txt
check "the bad pointer: its address, as strace shows it, = -14 EFAULT" \
	grep -qF 'syscall openat(AT_FDCWD, 0x1, O_RDONLY) = -14 EFAULT' /tmp/path.txt
check "[i386] open(\"/etc/utrace-path-int80\", O_RDONLY) = -2 ENOENT" \
	grep -qF 'syscall [i386] open("/etc/utrace-path-int80", O_RDONLY) = -2 ENOENT' /tmp/path.txt

$R --json -e syscall_entry -o /tmp/path.json -- $PROGS/ut-path > /dev/null 2>&1
check "--json: path, path_arg, path_state and the quoted string in decoded_args" \
	grep -qF '"decoded_args":["AT_FDCWD","\"/etc/utrace-path-openat\"","O_RDONLY"],"path":"/etc/utrace-path-openat","path_arg":1,"path_state":"ok","verdict":"ran"' /tmp/path.json
check "--json: the bad pointer: path null, path_state fault" \
	grep -qF '"path":null,"path_arg":1,"path_state":"fault"' /tmp/path.json
check "--json: the cut path: path_state cut" \
	grep -qF "\"path\":\"$cut\",\"path_arg\":1,\"path_state\":\"cut\"" /tmp/path.json
tap_done
