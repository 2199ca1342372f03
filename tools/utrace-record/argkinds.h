/* SPDX-License-Identifier: GPL-2.0 */
/*
 * argkinds.h - what each argument of the common system calls is (a file
 * descriptor, open flags, a signal, a size...), so that argfmt.c can
 * print it as strace does.  Calls not in the table keep six hex words.
 */
#ifndef UT_ARGKINDS_H
#define UT_ARGKINDS_H

#include <stdint.h>

enum ut_arg_kind {
	UT_A_HEX,		/* unknown meaning: 0x%lx */
	UT_A_INT,		/* int, decimal */
	UT_A_LONG,		/* long (off_t, a timeout...), decimal */
	UT_A_UINT,		/* size_t, count: unsigned decimal */
	UT_A_PTR,		/* address: NULL or 0x%lx */
	UT_A_STR,		/* address of a string (not in the record) */
	UT_A_FD,		/* file descriptor, decimal */
	UT_A_DIRFD,		/* AT_FDCWD or a descriptor */
	UT_A_PID,		/* pid, decimal (-1, 0 included) */
	UT_A_ID,		/* uid_t, gid_t: decimal, -1 for (id_t)-1 */
	UT_A_MODE,		/* permission bits, octal */
	UT_A_OPEN_MODE,		/* octal; shown only with O_CREAT/O_TMPFILE */
	UT_A_OPEN_FLAGS,	/* O_RDONLY|O_CLOEXEC */
	UT_A_FD_FLAGS,		/* O_CLOEXEC|O_NONBLOCK (pipe2, dup3), or 0 */
	UT_A_AT_FLAGS,		/* AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH, or 0 */
	UT_A_UNLINK_FLAGS,	/* AT_REMOVEDIR, or 0 */
	UT_A_ACCESS_FLAGS,	/* AT_EACCESS|AT_SYMLINK_NOFOLLOW, or 0 */
	UT_A_STATX_FLAGS,	/* AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW */
	UT_A_ACCESS_MODE,	/* F_OK, R_OK|W_OK|X_OK */
	UT_A_PROT,		/* PROT_READ|PROT_WRITE, PROT_NONE */
	UT_A_MAP_FLAGS,		/* MAP_PRIVATE|MAP_ANONYMOUS */
	UT_A_MADVICE,		/* MADV_DONTNEED */
	UT_A_CLONE_FLAGS,	/* CLONE_VM|CLONE_VFORK|SIGCHLD */
	UT_A_SIGNAL,		/* SIGTERM; 0 */
	UT_A_SIGHOW,		/* SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK */
	UT_A_FCNTL_CMD,		/* F_GETFD, F_SETFL, ... */
	UT_A_FCNTL_ARG,		/* by the command before it; may be absent */
	UT_A_WAIT_OPTIONS,	/* WNOHANG|__WALL, or 0 */
	UT_A_WHENCE,		/* SEEK_SET, ... */
	UT_A_OFFSET_HEX,	/* mmap's offset: 0 or 0x%lx */
	UT_A_FUTEX_OP,		/* FUTEX_WAIT_PRIVATE */
	UT_A_ARCH_PRCTL,	/* ARCH_SET_FS */
	UT_A_RLIMIT,		/* RLIMIT_NOFILE */
	UT_A_CLOCK,		/* CLOCK_MONOTONIC */
	UT_A_TIMER_FLAGS,	/* TIMER_ABSTIME, or 0 */
	UT_A_GRND_FLAGS,	/* GRND_NONBLOCK, or 0 */
	UT_A_SOCK_FAMILY,	/* AF_UNIX */
	UT_A_SOCK_TYPE,		/* SOCK_STREAM|SOCK_CLOEXEC */
	UT_A_SOCK_FLAGS,	/* SOCK_CLOEXEC|SOCK_NONBLOCK (accept4), or 0 */
	UT_A_EPOLL_OP,		/* EPOLL_CTL_ADD */
	UT_A_IDTYPE,		/* P_PID (waitid) */
	UT_A_SHUTDOWN,		/* SHUT_RDWR */
	UT_A_FLOCK,		/* LOCK_EX|LOCK_NB */
	UT_A_CLOSE_RANGE,	/* CLOSE_RANGE_CLOEXEC, or 0 */
	UT_A_MSG_FLAGS,		/* MSG_NOSIGNAL|MSG_DONTWAIT, or 0 */
	UT_A_MREMAP_FLAGS,	/* MREMAP_MAYMOVE, or 0 */
	UT_A_MSYNC_FLAGS,	/* MS_SYNC, or 0 */
	UT_A_RENAME_FLAGS,	/* RENAME_NOREPLACE, or 0 */
	UT_A_EFD_FLAGS,		/* EFD_CLOEXEC|EFD_NONBLOCK, or 0 */
	UT_A_MFD_FLAGS,		/* MFD_CLOEXEC|MFD_ALLOW_SEALING, or 0 */
	UT_A_SPLICE_FLAGS,	/* SPLICE_F_MOVE, or 0 */
	UT_A_EPOLL_FLAGS,	/* EPOLL_CLOEXEC, or 0 */
	UT_A_TFD_FLAGS,		/* TFD_CLOEXEC|TFD_NONBLOCK, or 0 */
	UT_A_PIDFD_FLAGS,	/* PIDFD_NONBLOCK, or 0 */
	UT_A_FALLOC_MODE,	/* FALLOC_FL_KEEP_SIZE|FALLOC_FL_PUNCH_HOLE, or 0 */
	UT_A_STATX_MASK,	/* STATX_BASIC_STATS, STATX_MODE|STATX_SIZE */
	UT_A_SOCK_PROTO,	/* IPPROTO_TCP for AF_INET*, else decimal */
	UT_A_IOCTL,		/* TCGETS, FIONREAD (common ones), else hex */
	UT_A_XATTR_FLAGS,	/* XATTR_CREATE, XATTR_REPLACE, or 0 */
	UT_A_FLAGS,		/* flags without names here: 0 or hex */
	UT_NR_ARG_KINDS,
};

struct ut_call_args {
	const char *name;		/* as libseccomp names the call */
	unsigned char nargs;		/* how many strace shows */
	unsigned char kind[6];		/* enum ut_arg_kind */
};

/*
 * The kinds of the arguments of call nr in the table of arch
 * (UT_ARCH_X86_64, UT_ARCH_I386, UT_ARCH_UNKNOWN: native), or NULL when
 * the call is not in the table.  Cached per (arch, nr).
 */
const struct ut_call_args *ut_call_args(uint32_t arch, long nr);
/* The entry for a call name of the x86_64 (i386: also the i386) table. */
const struct ut_call_args *ut_call_args_by_name(const char *name, int i386);
/* 1 when the tables are sorted by name, as the lookup needs (tests). */
int ut_call_args_sorted(void);

#endif
