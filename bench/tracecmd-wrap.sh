# SPDX-License-Identifier: GPL-2.0
# Sourced by the host benchmarks.  tc_wrap DIR INSTANCE writes DIR/tc-wrap:
# trace-cmd record writes /proc/sys/kernel/ftrace_enabled and the
# instance's set_ftrace_* files, which some hosts (containers, lockdown)
# refuse even to root, and then gives up.  Run as `unshare -m DIR/tc-wrap
# record ...`, it sees those paths bind-mounted over regular files in a
# private mount namespace: what it writes there goes nowhere, and nothing
# else sees the mounts.
tc_wrap() {
	local dir=$1 inst=$2 T=/sys/kernel/tracing
	printf '%s\n' "$(cat /proc/sys/kernel/ftrace_enabled 2>/dev/null || echo 1)" \
		> "$dir/ftrace_enabled"
	: > "$dir/empty"
	cat > "$dir/tc-wrap" <<EOW
#!/bin/sh
mount --bind $dir/ftrace_enabled /proc/sys/kernel/ftrace_enabled 2>/dev/null
for f in set_ftrace_filter set_ftrace_notrace set_ftrace_pid set_ftrace_notrace_pid; do
	[ -e $T/instances/$inst/\$f ] && mount --bind $dir/empty $T/instances/$inst/\$f
done
exec trace-cmd "\$@"
EOW
	chmod +x "$dir/tc-wrap"
}
