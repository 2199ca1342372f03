// SPDX-License-Identifier: GPL-2.0
/*
 * argkinds.c - the kinds of the arguments of the common system calls,
 * by name (x86_64 names; the i386 ABI has its own entries where a name
 * means other arguments there).  The number of arguments is the one
 * strace shows.  A call missing here is printed as six hex words.
 */
#include <stdlib.h>
#include <string.h>

#include "argkinds.h"
#include "event.h"
#include "names.h"

#define C(n, ...) { #n, sizeof((unsigned char[]){ __VA_ARGS__ }), \
		    { __VA_ARGS__ } }
#define C0(n) { #n, 0, { 0 } }

#define HEX	UT_A_HEX
#define INT	UT_A_INT
#define LONG	UT_A_LONG
#define UINT	UT_A_UINT
#define PTR	UT_A_PTR
#define STR	UT_A_STR
#define FD	UT_A_FD
#define DIRFD	UT_A_DIRFD
#define PID	UT_A_PID
#define ID	UT_A_ID
#define MODE	UT_A_MODE

/* Sorted by name (checked by the unit test): a binary search. */
static const struct ut_call_args common[] = {
	C(accept, FD, PTR, PTR),
	C(accept4, FD, PTR, PTR, UT_A_SOCK_FLAGS),
	C(access, STR, UT_A_ACCESS_MODE),
	C(alarm, UINT),
	C(arch_prctl, UT_A_ARCH_PRCTL, PTR),
	C(bind, FD, PTR, INT),
	C(brk, PTR),
	C(chdir, STR),
	C(chmod, STR, MODE),
	C(chown, STR, ID, ID),
	C(chroot, STR),
	C(clock_getres, UT_A_CLOCK, PTR),
	C(clock_gettime, UT_A_CLOCK, PTR),
	C(clock_nanosleep, UT_A_CLOCK, UT_A_TIMER_FLAGS, PTR, PTR),
	/* Register order (x86_64): flags, stack, parent_tid, child_tid, tls. */
	C(clone, UT_A_CLONE_FLAGS, PTR, PTR, PTR, HEX),
	C(clone3, PTR, UINT),
	C(close, FD),
	C(close_range, FD, FD, UT_A_CLOSE_RANGE),
	C(connect, FD, PTR, INT),
	C(copy_file_range, FD, PTR, FD, PTR, UINT, UINT),
	C(creat, STR, MODE),
	C(dup, FD),
	C(dup2, FD, FD),
	C(dup3, FD, FD, UT_A_FD_FLAGS),
	C(epoll_create1, UT_A_EPOLL_FLAGS),
	C(epoll_ctl, FD, UT_A_EPOLL_OP, FD, PTR),
	C(epoll_pwait, FD, PTR, INT, INT, PTR, UINT),
	C(epoll_wait, FD, PTR, INT, INT),
	C(eventfd2, UINT, UT_A_EFD_FLAGS),
	C(execve, STR, PTR, PTR),
	C(execveat, DIRFD, STR, PTR, PTR, UT_A_AT_FLAGS),
	C(exit, INT),
	C(exit_group, INT),
	C(faccessat, DIRFD, STR, UT_A_ACCESS_MODE),
	C(faccessat2, DIRFD, STR, UT_A_ACCESS_MODE, UT_A_ACCESS_FLAGS),
	C(fadvise64, FD, LONG, LONG, INT),
	C(fallocate, FD, UT_A_FALLOC_MODE, LONG, LONG),
	C(fchdir, FD),
	C(fchmod, FD, MODE),
	C(fchmodat, DIRFD, STR, MODE),
	C(fchown, FD, ID, ID),
	C(fchownat, DIRFD, STR, ID, ID, UT_A_AT_FLAGS),
	C(fcntl, FD, UT_A_FCNTL_CMD, UT_A_FCNTL_ARG),
	C(fdatasync, FD),
	C(fgetxattr, FD, STR, PTR, UINT),
	C(flistxattr, FD, PTR, UINT),
	C(flock, FD, UT_A_FLOCK),
	C0(fork),
	C(fsetxattr, FD, STR, PTR, UINT, UT_A_XATTR_FLAGS),
	C(fstat, FD, PTR),
	C(fstatfs, FD, PTR),
	C(fsync, FD),
	C(ftruncate, FD, LONG),
	/* How many of the six show depends on the operation (argfmt.c). */
	C(futex, PTR, UT_A_FUTEX_OP, INT, PTR, PTR, HEX),
	C(getcwd, PTR, UINT),
	C(getdents, FD, PTR, UINT),
	C(getdents64, FD, PTR, UINT),
	C0(getegid),
	C0(geteuid),
	C0(getgid),
	C(getpeername, FD, PTR, PTR),
	C(getpgid, PID),
	C0(getpgrp),
	C0(getpid),
	C0(getppid),
	C(getrandom, PTR, UINT, UT_A_GRND_FLAGS),
	C(getrlimit, UT_A_RLIMIT, PTR),
	C(getrusage, INT, PTR),
	C(getsid, PID),
	C(getsockname, FD, PTR, PTR),
	C(getsockopt, FD, INT, INT, PTR, PTR),
	C0(gettid),
	C(gettimeofday, PTR, PTR),
	C0(getuid),
	C(getxattr, STR, STR, PTR, UINT),
	C(inotify_add_watch, FD, STR, HEX),
	C(ioctl, FD, UT_A_IOCTL, HEX),
	C(kill, PID, UT_A_SIGNAL),
	C(lchown, STR, ID, ID),
	C(lgetxattr, STR, STR, PTR, UINT),
	C(link, STR, STR),
	C(linkat, DIRFD, STR, DIRFD, STR, UT_A_AT_FLAGS),
	C(listen, FD, INT),
	C(listxattr, STR, PTR, UINT),
	C(llistxattr, STR, PTR, UINT),
	C(lseek, FD, LONG, UT_A_WHENCE),
	C(lsetxattr, STR, STR, PTR, UINT, UT_A_XATTR_FLAGS),
	C(lstat, STR, PTR),
	C(madvise, PTR, UINT, UT_A_MADVICE),
	C(memfd_create, STR, UT_A_MFD_FLAGS),
	C(mkdir, STR, MODE),
	C(mkdirat, DIRFD, STR, MODE),
	C(mmap, PTR, UINT, UT_A_PROT, UT_A_MAP_FLAGS, FD, UT_A_OFFSET_HEX),
	C(mprotect, PTR, UINT, UT_A_PROT),
	C(mremap, PTR, UINT, UINT, UT_A_MREMAP_FLAGS, PTR),
	C(msync, PTR, UINT, UT_A_MSYNC_FLAGS),
	C(munmap, PTR, UINT),
	C(nanosleep, PTR, PTR),
	C(newfstatat, DIRFD, STR, PTR, UT_A_AT_FLAGS),
	C(open, STR, UT_A_OPEN_FLAGS, UT_A_OPEN_MODE),
	C(openat, DIRFD, STR, UT_A_OPEN_FLAGS, UT_A_OPEN_MODE),
	C(openat2, DIRFD, STR, PTR, UINT),
	C0(pause),
	C(pidfd_open, PID, UT_A_PIDFD_FLAGS),
	C(pidfd_send_signal, FD, UT_A_SIGNAL, PTR, UT_A_FLAGS),
	C(pipe, PTR),
	C(pipe2, PTR, UT_A_FD_FLAGS),
	C(poll, PTR, UINT, INT),
	C(ppoll, PTR, UINT, PTR, PTR, UINT),
	C(pread64, FD, PTR, UINT, LONG),
	C(preadv, FD, PTR, INT, LONG),
	C(prlimit64, PID, UT_A_RLIMIT, PTR, PTR),
	C(pselect6, INT, PTR, PTR, PTR, PTR, PTR),
	C(pwrite64, FD, PTR, UINT, LONG),
	C(pwritev, FD, PTR, INT, LONG),
	C(read, FD, PTR, UINT),
	C(readlink, STR, PTR, UINT),
	C(readlinkat, DIRFD, STR, PTR, UINT),
	C(readv, FD, PTR, INT),
	C(recvfrom, FD, PTR, UINT, UT_A_MSG_FLAGS, PTR, PTR),
	C(recvmsg, FD, PTR, UT_A_MSG_FLAGS),
	C(rename, STR, STR),
	C(renameat, DIRFD, STR, DIRFD, STR),
	C(renameat2, DIRFD, STR, DIRFD, STR, UT_A_RENAME_FLAGS),
	C0(restart_syscall),
	C(rmdir, STR),
	C(rseq, PTR, HEX, INT, HEX),
	C(rt_sigaction, UT_A_SIGNAL, PTR, PTR, UINT),
	C(rt_sigpending, PTR, UINT),
	C(rt_sigprocmask, UT_A_SIGHOW, PTR, PTR, UINT),
	C(rt_sigqueueinfo, PID, UT_A_SIGNAL, PTR),
	C0(rt_sigreturn),
	C(rt_sigsuspend, PTR, UINT),
	C(rt_sigtimedwait, PTR, PTR, PTR, UINT),
	C(rt_tgsigqueueinfo, PID, PID, UT_A_SIGNAL, PTR),
	C(sched_getaffinity, PID, UINT, PTR),
	C(sched_setaffinity, PID, UINT, PTR),
	C0(sched_yield),
	C(select, INT, PTR, PTR, PTR, PTR),
	C(sendfile, FD, FD, PTR, UINT),
	C(sendmsg, FD, PTR, UT_A_MSG_FLAGS),
	C(sendto, FD, PTR, UINT, UT_A_MSG_FLAGS, PTR, INT),
	C(set_robust_list, PTR, UINT),
	C(set_tid_address, PTR),
	C(setgid, ID),
	C(setpgid, PID, PID),
	C(setregid, ID, ID),
	C(setresgid, ID, ID, ID),
	C(setresuid, ID, ID, ID),
	C(setreuid, ID, ID),
	C(setrlimit, UT_A_RLIMIT, PTR),
	C0(setsid),
	C(setsockopt, FD, INT, INT, PTR, INT),
	C(setuid, ID),
	C(setxattr, STR, STR, PTR, UINT, UT_A_XATTR_FLAGS),
	C(shutdown, FD, UT_A_SHUTDOWN),
	C(sigaltstack, PTR, PTR),
	C(socket, UT_A_SOCK_FAMILY, UT_A_SOCK_TYPE, UT_A_SOCK_PROTO),
	C(socketpair, UT_A_SOCK_FAMILY, UT_A_SOCK_TYPE, UT_A_SOCK_PROTO, PTR),
	C(splice, FD, PTR, FD, PTR, UINT, UT_A_SPLICE_FLAGS),
	C(stat, STR, PTR),
	C(statfs, STR, PTR),
	C(statx, DIRFD, STR, UT_A_STATX_FLAGS, UT_A_STATX_MASK, PTR),
	C(symlink, STR, STR),
	C(symlinkat, STR, DIRFD, STR),
	C0(sync),
	C(sysinfo, PTR),
	C(tgkill, PID, PID, UT_A_SIGNAL),
	C(timerfd_create, UT_A_CLOCK, UT_A_TFD_FLAGS),
	C(tkill, PID, UT_A_SIGNAL),
	C(truncate, STR, LONG),
	C(umask, MODE),
	C(uname, PTR),
	C(unlink, STR),
	C(unlinkat, DIRFD, STR, UT_A_UNLINK_FLAGS),
	C(utimensat, DIRFD, STR, PTR, UT_A_AT_FLAGS),
	C0(vfork),
	C(wait4, PID, PTR, UT_A_WAIT_OPTIONS, PTR),
	C(waitid, UT_A_IDTYPE, PID, PTR, UT_A_WAIT_OPTIONS, PTR),
	C(write, FD, PTR, UINT),
	C(writev, FD, PTR, INT),
};

/*
 * The i386 ABI (int $0x80), looked up first for i386 calls: names that
 * exist only there, and names whose arguments differ (old_mmap and
 * old_select take one pointer; 64-bit offsets come in two registers,
 * shown raw; clone has tls before child_tid).
 */
static const struct ut_call_args i386_only[] = {
	C(_llseek, FD, UINT, UINT, PTR, UT_A_WHENCE),
	C(_newselect, INT, PTR, PTR, PTR, PTR),
	C(chown32, STR, ID, ID),
	C(clone, UT_A_CLONE_FLAGS, PTR, PTR, HEX, PTR),
	C(fadvise64, FD, HEX, HEX, HEX, HEX),
	C(fadvise64_64, FD, HEX, HEX, HEX, HEX, HEX),
	C(fallocate, FD, HEX, HEX, HEX, HEX, HEX),
	C(fchown32, FD, ID, ID),
	C(fcntl64, FD, UT_A_FCNTL_CMD, UT_A_FCNTL_ARG),
	C(fstat64, FD, PTR),
	C(fstatat64, DIRFD, STR, PTR, UT_A_AT_FLAGS),
	C(ftruncate64, FD, HEX, HEX),
	C0(getegid32),
	C0(geteuid32),
	C0(getgid32),
	C0(getuid32),
	C(lchown32, STR, ID, ID),
	C(lstat64, STR, PTR),
	C(mmap, PTR),
	C(mmap2, PTR, UINT, UT_A_PROT, UT_A_MAP_FLAGS, FD, HEX),
	C(pread64, FD, PTR, UINT, HEX, HEX),
	C(pwrite64, FD, PTR, UINT, HEX, HEX),
	C(select, PTR),
	C(setgid32, ID),
	C(setregid32, ID, ID),
	C(setresgid32, ID, ID, ID),
	C(setresuid32, ID, ID, ID),
	C(setreuid32, ID, ID),
	C(setuid32, ID),
	C(sigaction, UT_A_SIGNAL, PTR, PTR),
	C(sigprocmask, UT_A_SIGHOW, PTR, PTR),
	C0(sigreturn),
	C(socketcall, INT, PTR),
	C(stat64, STR, PTR),
	C(truncate64, STR, HEX, HEX),
	C(ugetrlimit, UT_A_RLIMIT, PTR),
	C(waitpid, PID, PTR, UT_A_WAIT_OPTIONS),
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct ut_call_args *)elem)->name);
}

const struct ut_call_args *ut_call_args_by_name(const char *name, int i386)
{
	const struct ut_call_args *ca = NULL;

	if (!name)
		return NULL;
	if (i386)
		ca = bsearch(name, i386_only, NELEM(i386_only),
			     sizeof(i386_only[0]), cmp_name);
	if (!ca)
		ca = bsearch(name, common, NELEM(common), sizeof(common[0]),
			     cmp_name);
	return ca;
}

/* Per table (native, x86_64, i386) and number: the entry or NULL. */
#define UT_ARGS_CACHE	1024
static const struct ut_call_args *args_cache[3][UT_ARGS_CACHE];
static unsigned char args_tried[3][UT_ARGS_CACHE];

const struct ut_call_args *ut_call_args(uint32_t arch, long nr)
{
	int i386 = arch == UT_ARCH_I386;
	int t = arch == UT_ARCH_UNKNOWN ? 0 : arch == UT_ARCH_X86_64 ? 1 :
		i386 ? 2 : -1;

	if (t < 0 || nr < 0)
		return NULL;
	if (nr >= UT_ARGS_CACHE)
		return ut_call_args_by_name(ut_syscall_name_arch(arch, nr),
					    i386);
	if (!args_tried[t][nr]) {
		args_tried[t][nr] = 1;
		args_cache[t][nr] = ut_call_args_by_name(
			ut_syscall_name_arch(arch, nr), i386);
	}
	return args_cache[t][nr];
}

/* For the unit test: both tables are sorted (bsearch relies on it). */
int ut_call_args_sorted(void)
{
	size_t i;

	for (i = 1; i < NELEM(common); i++)
		if (strcmp(common[i - 1].name, common[i].name) >= 0)
			return 0;
	for (i = 1; i < NELEM(i386_only); i++)
		if (strcmp(i386_only[i - 1].name, i386_only[i].name) >= 0)
			return 0;
	return 1;
}
