// SPDX-License-Identifier: GPL-2.0
/*
 * args_test.c - unit tests of the decoded system call arguments
 * (argkinds.c, argnames.c, argfmt.c): each kind with exact strings, as
 * strace prints them, and whole calls of both ABIs.  Prints TAP.
 */
#include <stdio.h>
#include <string.h>

#include "argfmt.h"
#include "argkinds.h"
#include "event.h"
#include "format.h"
#include "tap.h"

static struct sbuf sb;

/* One argument: args[i] = v (args[i - 1] = prev for dependent kinds). */
static const char *one(int kind, unsigned long v, bool i386)
{
	unsigned long args[6] = { 0 };

	args[0] = v;
	sb_reset(&sb);
	ut_arg_one(&sb, kind, args, 0, i386);
	return sb_str(&sb);
}

static const char *one_after(int kind, unsigned long prev, unsigned long v)
{
	unsigned long args[6] = { prev, v };

	sb_reset(&sb);
	ut_arg_one(&sb, kind, args, 1, false);
	return sb_str(&sb);
}

#define K(kind, v, want) check_str(#kind " " #v, one(kind, v, false), want)
#define K32(kind, v, want) check_str(#kind " i386 " #v, one(kind, v, true), \
				     want)

static const char *call(uint32_t arch, long nr, unsigned long a0,
			unsigned long a1, unsigned long a2, unsigned long a3,
			unsigned long a4, unsigned long a5)
{
	unsigned long args[6] = { a0, a1, a2, a3, a4, a5 };

	sb_reset(&sb);
	ut_args_text(&sb, arch, nr, args);
	return sb_str(&sb);
}

static const char *call_json(uint32_t arch, long nr, unsigned long a0,
			     unsigned long a1, unsigned long a2,
			     unsigned long a3)
{
	unsigned long args[6] = { a0, a1, a2, a3, 0, 0 };

	sb_reset(&sb);
	if (!ut_args_json(&sb, arch, nr, args))
		return "(not decoded)";
	return sb_str(&sb);
}

#define X64 UT_ARCH_X86_64
#define I386 UT_ARCH_I386

static void test_numbers(void)
{
	K(UT_A_HEX, 0, "0x0");
	K(UT_A_HEX, 0xdeadbeef, "0xdeadbeef");
	K(UT_A_INT, 42, "42");
	K(UT_A_INT, 0xffffffff, "-1");		/* an int in a register */
	K(UT_A_INT, -1UL, "-1");
	K(UT_A_LONG, -4096UL, "-4096");
	K(UT_A_LONG, 0x100000000UL, "4294967296");
	K32(UT_A_LONG, 0xfffff000UL, "-4096");
	K(UT_A_UINT, 832, "832");
	K(UT_A_UINT, 0xffffffffffffffffUL, "18446744073709551615");
	K32(UT_A_UINT, 0xffffffffUL, "4294967295");
	K(UT_A_PTR, 0, "NULL");
	K(UT_A_PTR, 0x7ffd1234, "0x7ffd1234");
	K(UT_A_STR, 0x7f95f58220b1UL, "0x7f95f58220b1");
	K(UT_A_STR, 0, "NULL");
	K32(UT_A_PTR, 0xfffffffff7f00000UL, "0xf7f00000");
	K(UT_A_FD, 3, "3");
	K(UT_A_FD, 0xffffffffUL, "-1");
	K(UT_A_DIRFD, 0xffffff9cUL, "AT_FDCWD");
	K(UT_A_DIRFD, -100UL, "AT_FDCWD");
	K(UT_A_DIRFD, 5, "5");
	K(UT_A_PID, 1234, "1234");
	K(UT_A_PID, -1UL, "-1");
	K(UT_A_PID, 0, "0");
	K(UT_A_ID, 1000, "1000");
	K(UT_A_ID, 0xffffffffUL, "-1");
	K(UT_A_MODE, 0644, "0644");
	K(UT_A_MODE, 0, "000");
	K(UT_A_MODE, 022, "022");
	K(UT_A_MODE, 07777, "07777");
	K(UT_A_OPEN_MODE, 0666, "0666");
	K(UT_A_SOCK_PROTO, 6, "6");	/* no family before it: a number */
	K(UT_A_OFFSET_HEX, 0, "0");
	K(UT_A_OFFSET_HEX, 0x26000, "0x26000");
}

static void test_flags(void)
{
	K(UT_A_OPEN_FLAGS, 0, "O_RDONLY");
	K(UT_A_OPEN_FLAGS, 02000000, "O_RDONLY|O_CLOEXEC");
	K(UT_A_OPEN_FLAGS, 01101, "O_WRONLY|O_CREAT|O_TRUNC");
	K(UT_A_OPEN_FLAGS, 02302, "O_RDWR|O_CREAT|O_EXCL|O_APPEND");
	K(UT_A_OPEN_FLAGS, 04010001, "O_WRONLY|O_SYNC");
	K(UT_A_OPEN_FLAGS, 010001, "O_WRONLY|O_DSYNC");
	K(UT_A_OPEN_FLAGS, 020200002, "O_RDWR|O_TMPFILE");
	K(UT_A_OPEN_FLAGS, 02204000, "O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY");
	K(UT_A_OPEN_FLAGS, 010220400, "O_RDONLY|O_NOCTTY|O_PATH|O_DIRECTORY|FASYNC");
	K(UT_A_OPEN_FLAGS, 04410101, "O_WRONLY|O_CREAT|O_SYNC|O_NOFOLLOW");
	K(UT_A_OPEN_FLAGS, 010000000, "O_RDONLY|O_PATH");
	K(UT_A_OPEN_FLAGS, 3, "0x3");
	K(UT_A_OPEN_FLAGS, 0x80000000UL | 0, "O_RDONLY|0x80000000");
	K(UT_A_FD_FLAGS, 0, "0");
	K(UT_A_FD_FLAGS, 02004000, "O_NONBLOCK|O_CLOEXEC");
	K(UT_A_AT_FLAGS, 0, "0");
	K(UT_A_AT_FLAGS, 0x1000, "AT_EMPTY_PATH");
	K(UT_A_AT_FLAGS, 0x1100, "AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH");
	K(UT_A_AT_FLAGS, 0x10000, "0x10000");
	K(UT_A_UNLINK_FLAGS, 0x200, "AT_REMOVEDIR");
	K(UT_A_UNLINK_FLAGS, 0, "0");
	K(UT_A_ACCESS_FLAGS, 0x200, "AT_EACCESS");
	K(UT_A_STATX_FLAGS, 0, "AT_STATX_SYNC_AS_STAT");
	K(UT_A_STATX_FLAGS, 0x100,
	  "AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW");
	K(UT_A_STATX_FLAGS, 0x4000, "AT_STATX_DONT_SYNC");
	K(UT_A_ACCESS_MODE, 0, "F_OK");
	K(UT_A_ACCESS_MODE, 4, "R_OK");
	K(UT_A_ACCESS_MODE, 7, "R_OK|W_OK|X_OK");
	K(UT_A_PROT, 0, "PROT_NONE");
	K(UT_A_PROT, 3, "PROT_READ|PROT_WRITE");
	K(UT_A_PROT, 5, "PROT_READ|PROT_EXEC");
	K(UT_A_PROT, 0x01000003, "PROT_READ|PROT_WRITE|PROT_GROWSDOWN");
	K(UT_A_MAP_FLAGS, 0x22, "MAP_PRIVATE|MAP_ANONYMOUS");
	K(UT_A_MAP_FLAGS, 0x812, "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE");
	K(UT_A_MAP_FLAGS, 0x1, "MAP_SHARED");
	K(UT_A_MAP_FLAGS, 0x3, "MAP_SHARED_VALIDATE");
	K(UT_A_MAP_FLAGS, 0x20022, "MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK");
	K(UT_A_MAP_FLAGS, 0x20, "MAP_ANONYMOUS");
	K(UT_A_MAP_FLAGS, 0x100002, "MAP_PRIVATE|MAP_FIXED_NOREPLACE");
	K(UT_A_MAP_FLAGS, 0xf, "0xf");
	K(UT_A_MAP_FLAGS, 0x40022 | (21UL << 26),
	  "MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|21<<MAP_HUGE_SHIFT");
	K(UT_A_PROT, 0x10, "0x10");
	K(UT_A_CLONE_FLAGS, 0x1200011,
	  "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD");
	K(UT_A_CLONE_FLAGS, 0x4111, "CLONE_VM|CLONE_VFORK|SIGCHLD");
	K(UT_A_CLONE_FLAGS, 0x3d0f00,
	  "CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID");
	K(UT_A_CLONE_FLAGS, 0, "0");
	K(UT_A_CLONE_FLAGS, 17, "SIGCHLD");
	K(UT_A_WAIT_OPTIONS, 0, "0");
	K(UT_A_WAIT_OPTIONS, 1, "WNOHANG");
	K(UT_A_WAIT_OPTIONS, 0x40000001, "WNOHANG|__WALL");
	K(UT_A_WAIT_OPTIONS, 0x1000004, "WEXITED|WNOWAIT");
	K(UT_A_TIMER_FLAGS, 1, "TIMER_ABSTIME");
	K(UT_A_GRND_FLAGS, 1, "GRND_NONBLOCK");
	K(UT_A_GRND_FLAGS, 0, "0");
	K(UT_A_SOCK_FLAGS, 02004000, "SOCK_CLOEXEC|SOCK_NONBLOCK");
	K(UT_A_FLOCK, 6, "LOCK_EX|LOCK_NB");
	K(UT_A_CLOSE_RANGE, 4, "CLOSE_RANGE_CLOEXEC");
	K(UT_A_MSG_FLAGS, 0, "0");
	K(UT_A_MSG_FLAGS, 0x40000040, "MSG_DONTWAIT|MSG_CMSG_CLOEXEC");
	K(UT_A_MREMAP_FLAGS, 1, "MREMAP_MAYMOVE");
	K(UT_A_MSYNC_FLAGS, 4, "MS_SYNC");
	K(UT_A_RENAME_FLAGS, 1, "RENAME_NOREPLACE");
	K(UT_A_EFD_FLAGS, 1, "EFD_SEMAPHORE");
	K(UT_A_MFD_FLAGS, 3, "MFD_CLOEXEC|MFD_ALLOW_SEALING");
	K(UT_A_SPLICE_FLAGS, 5, "SPLICE_F_MOVE|SPLICE_F_MORE");
	K(UT_A_EPOLL_FLAGS, 0, "0");
	K(UT_A_TFD_FLAGS, 02004000, "TFD_CLOEXEC|TFD_NONBLOCK");
	K(UT_A_PIDFD_FLAGS, 04000, "PIDFD_NONBLOCK");
	K(UT_A_FALLOC_MODE, 3, "FALLOC_FL_KEEP_SIZE|FALLOC_FL_PUNCH_HOLE");
	K(UT_A_XATTR_FLAGS, 2, "XATTR_REPLACE");
	K(UT_A_STATX_MASK, 0xfff, "STATX_ALL");
	K(UT_A_STATX_MASK, 0, "0");
	K(UT_A_FLAGS, 0, "0");
	K(UT_A_FLAGS, 0x10, "0x10");
	K(UT_A_IOCTL, 0x5413, "TIOCGWINSZ");
	K32(UT_A_OPEN_FLAGS, 0x100000000UL | 0100000, "O_RDONLY|O_LARGEFILE");
}

static void test_constants(void)
{
	K(UT_A_SIGNAL, 15, "SIGTERM");
	K(UT_A_SIGNAL, 2, "SIGINT");
	K(UT_A_SIGNAL, 0, "0");
	K(UT_A_SIGNAL, 34, "SIGRTMIN");
	K(UT_A_SIGNAL, 64, "SIGRTMIN+30");
	K(UT_A_SIGNAL, 65, "65");
	K(UT_A_SIGNAL, 29, "SIGPOLL");
	K(UT_A_SIGHOW, 0, "SIG_BLOCK");
	K(UT_A_SIGHOW, 1, "SIG_UNBLOCK");
	K(UT_A_SIGHOW, 2, "SIG_SETMASK");
	K(UT_A_SIGHOW, 7, "0x7");
	K(UT_A_FCNTL_CMD, 0, "F_DUPFD");
	K(UT_A_FCNTL_CMD, 2, "F_SETFD");
	K(UT_A_FCNTL_CMD, 1030, "F_DUPFD_CLOEXEC");
	K(UT_A_FCNTL_CMD, 99, "0x63");
	check_str("fcntl F_SETFD arg", one_after(UT_A_FCNTL_ARG, 2, 1),
		  "FD_CLOEXEC");
	check_str("fcntl F_SETFL arg", one_after(UT_A_FCNTL_ARG, 4, 04002),
		  "O_RDWR|O_NONBLOCK");
	check_str("fcntl F_DUPFD arg", one_after(UT_A_FCNTL_ARG, 0, 10), "10");
	check_str("fcntl F_SETSIG arg", one_after(UT_A_FCNTL_ARG, 10, 10),
		  "SIGUSR1");
	check_str("fcntl F_SETLK arg", one_after(UT_A_FCNTL_ARG, 6, 0x7ff0),
		  "0x7ff0");
	check_str("fcntl F_SETLEASE arg", one_after(UT_A_FCNTL_ARG, 1024, 1),
		  "F_WRLCK");
	check_str("fcntl F_ADD_SEALS arg", one_after(UT_A_FCNTL_ARG, 1033, 7),
		  "F_SEAL_SEAL|F_SEAL_SHRINK|F_SEAL_GROW");
	check_str("fcntl unknown cmd arg", one_after(UT_A_FCNTL_ARG, 9999, 5),
		  "0x5");
	K(UT_A_WHENCE, 0, "SEEK_SET");
	K(UT_A_WHENCE, 2, "SEEK_END");
	K(UT_A_WHENCE, 4, "SEEK_HOLE");
	K(UT_A_MADVICE, 4, "MADV_DONTNEED");
	K(UT_A_MADVICE, 14, "MADV_HUGEPAGE");
	K(UT_A_MADVICE, 26, "0x1a");
	K(UT_A_FUTEX_OP, 0x80, "FUTEX_WAIT_PRIVATE");
	K(UT_A_FUTEX_OP, 0x81, "FUTEX_WAKE_PRIVATE");
	K(UT_A_FUTEX_OP, 0x189, "FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME");
	K(UT_A_FUTEX_OP, 1, "FUTEX_WAKE");
	K(UT_A_FUTEX_OP, 0x7f, "0x7f");
	K(UT_A_ARCH_PRCTL, 0x1002, "ARCH_SET_FS");
	K(UT_A_ARCH_PRCTL, 0x3001, "0x3001");
	K(UT_A_RLIMIT, 3, "RLIMIT_STACK");
	K(UT_A_RLIMIT, 7, "RLIMIT_NOFILE");
	K(UT_A_CLOCK, 1, "CLOCK_MONOTONIC");
	K(UT_A_CLOCK, 7, "CLOCK_BOOTTIME");
	K(UT_A_CLOCK, -6UL, "-6");
	K(UT_A_CLOCK, 10, "0xa");
	K(UT_A_SOCK_FAMILY, 1, "AF_UNIX");
	K(UT_A_SOCK_FAMILY, 10, "AF_INET6");
	K(UT_A_SOCK_TYPE, 1, "SOCK_STREAM");
	K(UT_A_SOCK_TYPE, 02000002, "SOCK_DGRAM|SOCK_CLOEXEC");
	K(UT_A_EPOLL_OP, 1, "EPOLL_CTL_ADD");
	K(UT_A_IDTYPE, 1, "P_PID");
	K(UT_A_SHUTDOWN, 2, "SHUT_RDWR");
}

static void test_calls(void)
{
	ok(ut_call_args_sorted(), "the call tables are sorted by name");
	check_str("openat x86_64",
		  call(X64, 257, 0xffffff9c, 0x7f95f58220b1, 02000000, 0, 7, 9),
		  "(AT_FDCWD, 0x7f95f58220b1, O_RDONLY|O_CLOEXEC)");
	check_str("openat with O_CREAT shows the mode",
		  call(X64, 257, 0xffffff9c, 0x1000, 01101, 0666, 0, 0),
		  "(AT_FDCWD, 0x1000, O_WRONLY|O_CREAT|O_TRUNC, 0666)");
	check_str("openat with O_TMPFILE shows the mode",
		  call(X64, 257, 3, 0x1000, 020200002, 0600, 0, 0),
		  "(3, 0x1000, O_RDWR|O_TMPFILE, 0600)");
	check_str("native table (arch not recorded)",
		  call(UT_ARCH_UNKNOWN, 3, 3, 0x1200011, 0, 0, 0, 0), "(3)");
	check_str("close", call(X64, 3, 3, 0xfbad2004, 0x7fb45aaa09e0, 0, 0, 0),
		  "(3)");
	check_str("wait4", call(X64, 61, 0x5957, 0x7ffd00, 0, 0, 0, 0),
		  "(22871, 0x7ffd00, 0, NULL)");
	check_str("wait4 -1 WNOHANG",
		  call(X64, 61, -1UL, 0x7ffd00, 1, 0, 0, 0),
		  "(-1, 0x7ffd00, WNOHANG, NULL)");
	check_str("mmap anonymous",
		  call(X64, 9, 0, 8192, 3, 0x22, -1UL, 0),
		  "(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)");
	check_str("mmap of a file at an offset",
		  call(X64, 9, 0x7f2bf6dfe000, 110592, 5, 0x812, 3, 0x7000),
		  "(0x7f2bf6dfe000, 110592, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x7000)");
	check_str("rt_sigaction", call(X64, 13, 2, 0x7ffd10, 0, 8, 0, 0),
		  "(SIGINT, 0x7ffd10, NULL, 8)");
	check_str("rt_sigprocmask",
		  call(X64, 14, 2, 0x7ffd10, 0x7ffd90, 8, 0, 0),
		  "(SIG_SETMASK, 0x7ffd10, 0x7ffd90, 8)");
	check_str("fcntl F_GETFD has no third argument",
		  call(X64, 72, 3, 1, 0x55, 0, 0, 0), "(3, F_GETFD)");
	check_str("fcntl F_SETFD", call(X64, 72, 11, 2, 1, 0, 0, 0),
		  "(11, F_SETFD, FD_CLOEXEC)");
	check_str("kill", call(X64, 62, 1234, 15, 0, 0, 0, 0),
		  "(1234, SIGTERM)");
	check_str("clone (register order)",
		  call(X64, 56, 0x1200011, 0, 0, 0x7f98923baa10, 0, 0),
		  "(CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, NULL, NULL, 0x7f98923baa10, 0x0)");
	check_str("exit_group", call(X64, 231, 1, 2, 3, 4, 5, 6), "(1)");
	check_str("getpid: no arguments", call(X64, 39, 1, 2, 3, 4, 5, 6),
		  "()");
	check_str("futex wake: three arguments",
		  call(X64, 202, 0x7f00, 0x81, 1, 0x99, 0x98, 0x97),
		  "(0x7f00, FUTEX_WAKE_PRIVATE, 1)");
	check_str("futex wait: four arguments",
		  call(X64, 202, 0x7f00, 0x80, 2, 0, 0x98, 0x97),
		  "(0x7f00, FUTEX_WAIT_PRIVATE, 2, NULL)");
	check_str("unlinkat", call(X64, 263, 0xffffff9c, 0x100, 0x200, 0, 0, 0),
		  "(AT_FDCWD, 0x100, AT_REMOVEDIR)");
	check_str("lseek", call(X64, 8, 3, -5UL, 2, 0, 0, 0),
		  "(3, -5, SEEK_END)");
	check_str("umask", call(X64, 95, 022, 0, 0, 0, 0, 0), "(022)");
	check_str("chown -1", call(X64, 92, 0x100, 1000, 0xffffffff, 0, 0, 0),
		  "(0x100, 1000, -1)");
	check_str("ioctl: a terminal request by name",
		  call(X64, 16, 1, 0x5401, 0x7ffd, 0, 0, 0),
		  "(1, TCGETS, 0x7ffd)");
	check_str("ioctl: another request in hex",
		  call(X64, 16, 3, 0xc0186201, 0x7ffd, 0, 0, 0),
		  "(3, 0xc0186201, 0x7ffd)");
	check_str("socket AF_INET: the protocol by name",
		  call(X64, 41, 2, 02000001, 0, 0, 0, 0),
		  "(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP)");
	check_str("socket AF_UNIX: the protocol as a number",
		  call(X64, 41, 1, 5, 0, 0, 0, 0),
		  "(AF_UNIX, SOCK_SEQPACKET, 0)");
	check_str("statx: flags and mask",
		  call(X64, 332, 0xffffff9c, 0x1000, 0x900, 0x25e, 0x7ffd, 0),
		  "(AT_FDCWD, 0x1000, AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW|AT_NO_AUTOMOUNT, STATX_MODE|STATX_NLINK|STATX_UID|STATX_GID|STATX_MTIME|STATX_SIZE, 0x7ffd)");
	check_str("statx: STATX_BASIC_STATS",
		  call(X64, 332, 3, 0x1000, 0x1000, 0x17ff, 0x7ffd, 0),
		  "(3, 0x1000, AT_STATX_SYNC_AS_STAT|AT_EMPTY_PATH, STATX_BASIC_STATS|STATX_MNT_ID, 0x7ffd)");
	check_str("getxattr", call(X64, 191, 0x1000, 0x2000, 0, 0, 0, 0x55),
		  "(0x1000, 0x2000, NULL, 0)");
	check_str("sendto: MSG_ flags",
		  call(X64, 44, 3, 0x1000, 5, 0x4040, 0, 0),
		  "(3, 0x1000, 5, MSG_DONTWAIT|MSG_NOSIGNAL, NULL, 0)");
	check_str("eventfd2", call(X64, 290, 0, 02004000, 0, 0, 0, 0),
		  "(0, EFD_NONBLOCK|EFD_CLOEXEC)");
	check_str("epoll_create1", call(X64, 291, 02000000, 0, 0, 0, 0, 0),
		  "(EPOLL_CLOEXEC)");
	check_str("pidfd_send_signal: flags without names",
		  call(X64, 424, 3, 15, 0, 0, 0, 0), "(3, SIGTERM, NULL, 0)");
	check_str("prctl is not in the table: six hex words",
		  call(X64, 157, 15, 0x1000, 0, 0, 0, 0),
		  "(0xf, 0x1000, 0x0, 0x0, 0x0, 0x0)");
	check_str("an unknown number: six hex words",
		  call(X64, 100000, 1, 2, 3, 4, 5, 6),
		  "(0x1, 0x2, 0x3, 0x4, 0x5, 0x6)");
	check_str("another arch: six hex words",
		  call(0xc00000b7, 57, 3, 0, 0, 0, 0, 0),
		  "(0x3, 0x0, 0x0, 0x0, 0x0, 0x0)");

	/* The i386 ABI (int $0x80): its own numbers, 32-bit values. */
	check_str("i386 open", call(I386, 5, 0xffd0, 0100101, 0644, 0, 0, 0),
		  "(0xffd0, O_WRONLY|O_CREAT|O_LARGEFILE, 0644)");
	check_str("i386 close", call(I386, 6, 0xffffffff, 0, 0, 0, 0, 0),
		  "(-1)");
	check_str("i386 mmap is old_mmap: one pointer",
		  call(I386, 90, 0xffd0, 1, 2, 3, 4, 5), "(0xffd0)");
	check_str("i386 mmap2",
		  call(I386, 192, 0, 4096, 3, 0x22, 0xffffffff, 0),
		  "(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0x0)");
	check_str("i386 waitpid", call(I386, 7, 0xffffffff, 0, 1, 0, 0, 0),
		  "(-1, NULL, WNOHANG)");
	check_str("i386 fcntl64 F_SETFL",
		  call(I386, 221, 3, 4, 04000, 0, 0, 0),
		  "(3, F_SETFL, O_RDONLY|O_NONBLOCK)");
	check_str("i386 _llseek",
		  call(I386, 140, 3, 0, 100, 0xffd0, 1, 0),
		  "(3, 0, 100, 0xffd0, SEEK_CUR)");
	check_str("i386 pread64: the split offset raw",
		  call(I386, 180, 3, 0xffd0, 10, 0x1000, 0, 0),
		  "(3, 0xffd0, 10, 0x1000, 0x0)");
	check_str("i386 rt_sigaction", call(I386, 174, 17, 0, 0xffd0, 8, 0, 0),
		  "(SIGCHLD, NULL, 0xffd0, 8)");
	check_str("i386 clone: tls before child_tid",
		  call(I386, 120, 0x1200011, 0, 0, 0x1234, 0xffd0, 0),
		  "(CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, NULL, NULL, 0x1234, 0xffd0)");

	check_str("json openat",
		  call_json(X64, 257, 0xffffff9c, 0x7f95f58220b1, 02000000, 0),
		  "[\"AT_FDCWD\",\"0x7f95f58220b1\",\"O_RDONLY|O_CLOEXEC\"]");
	check_str("json getpid", call_json(X64, 39, 0, 0, 0, 0), "[]");
	check_str("json not decoded", call_json(X64, 100000, 0, 0, 0, 0),
		  "(not decoded)");
}

/* The whole line, text and JSON, through format.c. */
static void test_lines(void)
{
	struct ut_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.ts = 12345678901ULL;
	ev.cpu = 1;
	ev.pid = 1234;
	strcpy(ev.comm, "cat");
	ev.kind = UT_SYSCALL_ENTRY;
	ev.sys_entry.nr = 257;
	ev.sys_entry.arch = UT_ARCH_X86_64;
	ev.sys_entry.args[0] = 0xffffff9c;
	ev.sys_entry.args[1] = 0x7f95f58220b1;
	ev.sys_entry.args[2] = 02000000;
	ev.sys_entry.verdict = UT_VERDICT_RAN;
	sb_reset(&sb);
	ut_format_text(&sb, &ev);
	check_str("text syscall_entry openat", sb_str(&sb),
		  "12.345678 cat[1234] syscall_entry openat(AT_FDCWD, 0x7f95f58220b1, O_RDONLY|O_CLOEXEC)\n");
	sb_reset(&sb);
	ut_format_json(&sb, &ev);
	check_str("json syscall_entry openat: raw args and decoded_args",
		  sb_str(&sb),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"cat\",\"event\":\"syscall_entry\",\"nr\":257,\"arch\":\"x86_64\",\"name\":\"openat\",\"args\":[4294967196,140282045800625,524288,0,0,0],\"decoded_args\":[\"AT_FDCWD\",\"0x7f95f58220b1\",\"O_RDONLY|O_CLOEXEC\"],\"verdict\":\"ran\"}\n");

	/* umask returns the old mask: in octal, as strace shows it. */
	ev.kind = UT_SYSCALL_EXIT;
	ev.sys_exit.nr = 95;
	ev.sys_exit.arch = UT_ARCH_X86_64;
	ev.sys_exit.ret = 022;
	ev.sys_exit.verdict = UT_VERDICT_RAN;
	ev.sys_exit.dur_ns = 0;
	sb_reset(&sb);
	ut_format_text(&sb, &ev);
	check_str("text syscall_exit umask: the old mask in octal", sb_str(&sb),
		  "12.345678 cat[1234] syscall_exit umask = 022\n");
	sb_reset(&sb);
	ut_format_json(&sb, &ev);
	check_str("json syscall_exit umask: ret stays a number", sb_str(&sb),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"cat\",\"event\":\"syscall_exit\",\"nr\":95,\"arch\":\"x86_64\",\"name\":\"umask\",\"ret\":18,\"errno\":null,\"verdict\":\"ran\",\"duration\":null}\n");
}

int main(void)
{
	test_numbers();
	test_flags();
	test_constants();
	test_calls();
	test_lines();
	sb_free(&sb);
	return tap_done();
}
