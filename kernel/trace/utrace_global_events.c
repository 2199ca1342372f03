// SPDX-License-Identifier: GPL-2.0
/*
 * The utrace trace events.  Each event's reg function runs when its first
 * probe attaches (tracefs, perf and BPF alike, under tracepoints_mutex) and
 * turns on the utrace event bits the event reports; unreg runs when the
 * last probe leaves and turns them off again.  Several events may share a
 * bit (clone and vfork_done both need CLONE): bits are counted.
 */
#include <linux/uaccess.h>
#include <linux/utrace.h>
#include <asm/unistd.h>
#include <kunit/visibility.h>

#include "utrace_global.h"

#define CREATE_TRACE_POINTS
#include <trace/events/utrace.h>

#define DEFINE_UTRACE_TP_REG(ev, bits)					\
static const unsigned long utrace_tp_##ev##_bits = (bits);		\
int utrace_tp_##ev##_reg(void)						\
{									\
	utrace_global_events_get(utrace_tp_##ev##_bits);		\
	return 0;							\
}									\
void utrace_tp_##ev##_unreg(void)					\
{									\
	utrace_global_events_put(utrace_tp_##ev##_bits);		\
}

DEFINE_UTRACE_TP_REG(clone, UTRACE_EVENT(CLONE))
DEFINE_UTRACE_TP_REG(vfork_done, UTRACE_EVENT(CLONE))
DEFINE_UTRACE_TP_REG(exec, UTRACE_EVENT(EXEC))
DEFINE_UTRACE_TP_REG(exit, UTRACE_EVENT(EXIT))
DEFINE_UTRACE_TP_REG(death, UTRACE_EVENT(DEATH))
DEFINE_UTRACE_TP_REG(reap, UTRACE_EVENT(REAP))
DEFINE_UTRACE_TP_REG(syscall_entry, UTRACE_EVENT(SYSCALL_ENTRY))
DEFINE_UTRACE_TP_REG(syscall_exit, UTRACE_EVENT(SYSCALL_EXIT))
DEFINE_UTRACE_TP_REG(signal, UTRACE_EVENT_SIGNAL_ALL)
DEFINE_UTRACE_TP_REG(jctl, UTRACE_EVENT(JCTL))

/*
 * The first path argument of the x86_64 calls that take one: its index,
 * or -1.  mount(2) is not here: its first argument is often no path.
 */
VISIBLE_IF_KUNIT int utrace_path_arg_64(long nr)
{
	switch (nr) {
	case __NR_open: case __NR_creat: case __NR_execve:
	case __NR_stat: case __NR_lstat: case __NR_statfs:
	case __NR_access: case __NR_unlink: case __NR_rename:
	case __NR_mkdir: case __NR_rmdir: case __NR_chdir: case __NR_chroot:
	case __NR_chmod: case __NR_chown: case __NR_lchown:
	case __NR_link: case __NR_symlink: case __NR_readlink:
	case __NR_truncate: case __NR_mknod: case __NR_utime: case __NR_utimes:
	case __NR_umount2: case __NR_swapon: case __NR_swapoff:
	case __NR_pivot_root: case __NR_acct: case __NR_uselib:
	case __NR_setxattr: case __NR_lsetxattr: case __NR_getxattr:
	case __NR_lgetxattr: case __NR_listxattr: case __NR_llistxattr:
	case __NR_removexattr: case __NR_lremovexattr:
	case __NR_symlinkat:		/* the target comes first */
		return 0;
	case __NR_openat: case __NR_openat2: case __NR_execveat:
	case __NR_newfstatat: case __NR_statx:
	case __NR_faccessat: case __NR_faccessat2:
	case __NR_unlinkat: case __NR_renameat: case __NR_renameat2:
	case __NR_mkdirat: case __NR_mknodat: case __NR_fchmodat:
	case __NR_fchmodat2: case __NR_fchownat: case __NR_linkat:
	case __NR_readlinkat: case __NR_futimesat: case __NR_utimensat:
	case __NR_name_to_handle_at: case __NR_inotify_add_watch:
	case __NR_open_tree: case __NR_mount_setattr:
		return 1;
	}
	return -1;
}
EXPORT_SYMBOL_IF_KUNIT(utrace_path_arg_64);

#ifdef CONFIG_IA32_EMULATION
/* The same for the i386 ABI (int $0x80, a 32-bit task's calls). */
VISIBLE_IF_KUNIT int utrace_path_arg_ia32(long nr)
{
	switch (nr) {
	case __NR_ia32_open: case __NR_ia32_creat: case __NR_ia32_execve:
	case __NR_ia32_oldstat: case __NR_ia32_oldlstat:
	case __NR_ia32_stat: case __NR_ia32_lstat:
	case __NR_ia32_stat64: case __NR_ia32_lstat64:
	case __NR_ia32_statfs: case __NR_ia32_statfs64:
	case __NR_ia32_access: case __NR_ia32_unlink: case __NR_ia32_rename:
	case __NR_ia32_mkdir: case __NR_ia32_rmdir: case __NR_ia32_chdir:
	case __NR_ia32_chroot: case __NR_ia32_chmod: case __NR_ia32_chown:
	case __NR_ia32_lchown: case __NR_ia32_chown32: case __NR_ia32_lchown32:
	case __NR_ia32_link: case __NR_ia32_symlink: case __NR_ia32_readlink:
	case __NR_ia32_truncate: case __NR_ia32_truncate64:
	case __NR_ia32_mknod: case __NR_ia32_utime: case __NR_ia32_utimes:
	case __NR_ia32_umount: case __NR_ia32_umount2:
	case __NR_ia32_swapon: case __NR_ia32_swapoff:
	case __NR_ia32_pivot_root: case __NR_ia32_acct: case __NR_ia32_uselib:
	case __NR_ia32_setxattr: case __NR_ia32_lsetxattr:
	case __NR_ia32_getxattr: case __NR_ia32_lgetxattr:
	case __NR_ia32_listxattr: case __NR_ia32_llistxattr:
	case __NR_ia32_removexattr: case __NR_ia32_lremovexattr:
	case __NR_ia32_symlinkat:
		return 0;
	case __NR_ia32_openat: case __NR_ia32_openat2: case __NR_ia32_execveat:
	case __NR_ia32_fstatat64: case __NR_ia32_statx:
	case __NR_ia32_faccessat: case __NR_ia32_faccessat2:
	case __NR_ia32_unlinkat: case __NR_ia32_renameat:
	case __NR_ia32_renameat2: case __NR_ia32_mkdirat:
	case __NR_ia32_mknodat: case __NR_ia32_fchmodat:
	case __NR_ia32_fchmodat2: case __NR_ia32_fchownat:
	case __NR_ia32_linkat: case __NR_ia32_readlinkat:
	case __NR_ia32_futimesat: case __NR_ia32_utimensat:
	case __NR_ia32_utimensat_time64:
	case __NR_ia32_name_to_handle_at: case __NR_ia32_inotify_add_watch:
	case __NR_ia32_open_tree: case __NR_ia32_mount_setattr:
		return 1;
	}
	return -1;
}
EXPORT_SYMBOL_IF_KUNIT(utrace_path_arg_ia32);
#endif

/* Which argument of current's call is its first path, or -1. */
static int utrace_path_arg(struct pt_regs *regs)
{
	long nr = syscall_get_nr(current, regs);

	switch (syscall_get_arch(current)) {
	case AUDIT_ARCH_X86_64:
		/* x32 calls: the same numbers with __X32_SYSCALL_BIT. */
		return utrace_path_arg_64(nr & ~__X32_SYSCALL_BIT);
#ifdef CONFIG_IA32_EMULATION
	case AUDIT_ARCH_I386:
		return utrace_path_arg_ia32(nr);
#endif
	}
	return -1;
}

/*
 * The entry event of a call whose argument @i is a path: copied here,
 * where a page fault may be served, not in the event's assignment, which
 * runs with preemption disabled.  Apart, so that the buffer, which
 * CONFIG_INIT_STACK_ALL_ZERO clears on every call, costs nothing to the
 * calls that take no path.
 */
static noinline void utrace_trace_syscall_entry_path(struct pt_regs *regs,
						     int verdict, int i)
{
	struct utrace_path path = { .str = "", .arg = UTRACE_PATH_NO_ARG };
	char buf[UTRACE_PATH_MAX];
	unsigned long args[6];
	long len;

	syscall_get_arguments(current, regs, args);
	if (args[i]) {
		path.arg = i;
		len = strncpy_from_user(buf, (const char __user *)args[i],
					sizeof(buf));
		if (len < 0) {
			path.state = UTRACE_PATH_FAULT;
		} else {
			path.state = len < sizeof(buf) ?
				UTRACE_PATH_OK : UTRACE_PATH_CUT;
			buf[sizeof(buf) - 1] = '\0';
			path.str = buf;
		}
	}
	trace_utrace_syscall_entry(regs, verdict, &path);
}

/**
 * utrace_trace_syscall_entry - emit utrace:utrace_syscall_entry
 * @regs:	current's registers at the call's entry
 * @verdict:	enum utrace_syscall_verdict
 *
 * Called while the event is on, at the syscall entry hook: process
 * context, no locks held, may sleep (a path argument is copied).
 */
void utrace_trace_syscall_entry(struct pt_regs *regs, int verdict)
{
	static const struct utrace_path no_path = {
		.str = "", .arg = UTRACE_PATH_NO_ARG,
	};
	int i = utrace_path_arg(regs);

	if (i >= 0)
		utrace_trace_syscall_entry_path(regs, verdict, i);
	else
		trace_utrace_syscall_entry(regs, verdict, &no_path);
}
