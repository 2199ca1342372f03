// SPDX-License-Identifier: GPL-2.0
/*
 * argnames.c - names of the constants and flag bits of system call
 * arguments, with the values of the x86 ABIs (the kernel's uapi
 * headers), written out so that the output does not depend on the
 * headers of the machine that built the recorder.  Flag tables are in
 * the order the names are printed; an entry of several bits (O_SYNC)
 * comes before its parts.
 */
#include <stddef.h>

#include "argnames.h"

#define X(v, n)	{ v, n }
#define TAB(var, ...) \
	static const struct ut_xlat var##_x[] = { __VA_ARGS__ }; \
	const struct ut_xlat_tab var = { var##_x, \
					 sizeof(var##_x) / sizeof(var##_x[0]) }

TAB(ut_x_open_access,
    X(0, "O_RDONLY"), X(1, "O_WRONLY"), X(2, "O_RDWR"));

/* strace's order; O_SYNC and O_TMPFILE before the bits they include. */
TAB(ut_x_open_flags,
    X(0100, "O_CREAT"), X(0200, "O_EXCL"), X(0400, "O_NOCTTY"),
    X(01000, "O_TRUNC"), X(02000, "O_APPEND"), X(04000, "O_NONBLOCK"),
    X(04010000, "O_SYNC"), X(010000, "O_DSYNC"), X(040000, "O_DIRECT"),
    X(0100000, "O_LARGEFILE"), X(0400000, "O_NOFOLLOW"),
    X(01000000, "O_NOATIME"), X(02000000, "O_CLOEXEC"),
    X(010000000, "O_PATH"), X(020200000, "O_TMPFILE"),
    X(0200000, "O_DIRECTORY"), X(020000, "FASYNC"));

TAB(ut_x_fd_flags,
    X(0200, "O_NOTIFICATION_PIPE"), X(04000, "O_NONBLOCK"),
    X(040000, "O_DIRECT"), X(02000000, "O_CLOEXEC"));

TAB(ut_x_at_flags,
    X(0x100, "AT_SYMLINK_NOFOLLOW"), X(0x400, "AT_SYMLINK_FOLLOW"),
    X(0x800, "AT_NO_AUTOMOUNT"), X(0x1000, "AT_EMPTY_PATH"),
    X(0x8000, "AT_RECURSIVE"));

TAB(ut_x_unlink_flags, X(0x200, "AT_REMOVEDIR"));

TAB(ut_x_access_flags,
    X(0x100, "AT_SYMLINK_NOFOLLOW"), X(0x200, "AT_EACCESS"),
    X(0x1000, "AT_EMPTY_PATH"));

/* The two bits of AT_STATX_SYNC_TYPE (0x6000), as a value. */
TAB(ut_x_statx_sync,
    X(0, "AT_STATX_SYNC_AS_STAT"), X(0x2000, "AT_STATX_FORCE_SYNC"),
    X(0x4000, "AT_STATX_DONT_SYNC"));

TAB(ut_x_access_mode, X(4, "R_OK"), X(2, "W_OK"), X(1, "X_OK"));

TAB(ut_x_prot,
    X(1, "PROT_READ"), X(2, "PROT_WRITE"), X(4, "PROT_EXEC"),
    X(8, "PROT_SEM"), X(0x01000000, "PROT_GROWSDOWN"),
    X(0x02000000, "PROT_GROWSUP"));

TAB(ut_x_map_type,
    X(1, "MAP_SHARED"), X(2, "MAP_PRIVATE"), X(3, "MAP_SHARED_VALIDATE"));

TAB(ut_x_map_flags,
    X(0x10, "MAP_FIXED"), X(0x20, "MAP_ANONYMOUS"), X(0x40, "MAP_32BIT"),
    X(0x100, "MAP_GROWSDOWN"), X(0x800, "MAP_DENYWRITE"),
    X(0x1000, "MAP_EXECUTABLE"), X(0x2000, "MAP_LOCKED"),
    X(0x4000, "MAP_NORESERVE"), X(0x8000, "MAP_POPULATE"),
    X(0x10000, "MAP_NONBLOCK"), X(0x20000, "MAP_STACK"),
    X(0x40000, "MAP_HUGETLB"), X(0x80000, "MAP_SYNC"),
    X(0x100000, "MAP_FIXED_NOREPLACE"));

TAB(ut_x_madvice,
    X(0, "MADV_NORMAL"), X(1, "MADV_RANDOM"), X(2, "MADV_SEQUENTIAL"),
    X(3, "MADV_WILLNEED"), X(4, "MADV_DONTNEED"), X(8, "MADV_FREE"),
    X(9, "MADV_REMOVE"), X(10, "MADV_DONTFORK"), X(11, "MADV_DOFORK"),
    X(12, "MADV_MERGEABLE"), X(13, "MADV_UNMERGEABLE"),
    X(14, "MADV_HUGEPAGE"), X(15, "MADV_NOHUGEPAGE"),
    X(16, "MADV_DONTDUMP"), X(17, "MADV_DODUMP"),
    X(18, "MADV_WIPEONFORK"), X(19, "MADV_KEEPONFORK"),
    X(20, "MADV_COLD"), X(21, "MADV_PAGEOUT"),
    X(22, "MADV_POPULATE_READ"), X(23, "MADV_POPULATE_WRITE"),
    X(24, "MADV_DONTNEED_LOCKED"), X(25, "MADV_COLLAPSE"),
    X(100, "MADV_HWPOISON"), X(101, "MADV_SOFT_OFFLINE"),
    X(102, "MADV_GUARD_INSTALL"), X(103, "MADV_GUARD_REMOVE"));

TAB(ut_x_sighow,
    X(0, "SIG_BLOCK"), X(1, "SIG_UNBLOCK"), X(2, "SIG_SETMASK"));

TAB(ut_x_fcntl_cmd,
    X(0, "F_DUPFD"), X(1, "F_GETFD"), X(2, "F_SETFD"), X(3, "F_GETFL"),
    X(4, "F_SETFL"), X(5, "F_GETLK"), X(6, "F_SETLK"), X(7, "F_SETLKW"),
    X(8, "F_SETOWN"), X(9, "F_GETOWN"), X(10, "F_SETSIG"),
    X(11, "F_GETSIG"), X(12, "F_GETLK64"), X(13, "F_SETLK64"),
    X(14, "F_SETLKW64"), X(15, "F_SETOWN_EX"), X(16, "F_GETOWN_EX"),
    X(17, "F_GETOWNER_UIDS"), X(36, "F_OFD_GETLK"),
    X(37, "F_OFD_SETLK"), X(38, "F_OFD_SETLKW"), X(1024, "F_SETLEASE"),
    X(1025, "F_GETLEASE"), X(1026, "F_NOTIFY"), X(1027, "F_DUPFD_QUERY"),
    X(1028, "F_CREATED_QUERY"), X(1030, "F_DUPFD_CLOEXEC"),
    X(1031, "F_SETPIPE_SZ"), X(1032, "F_GETPIPE_SZ"),
    X(1033, "F_ADD_SEALS"), X(1034, "F_GET_SEALS"),
    X(1035, "F_GET_RW_HINT"), X(1036, "F_SET_RW_HINT"),
    X(1037, "F_GET_FILE_RW_HINT"), X(1038, "F_SET_FILE_RW_HINT"));

TAB(ut_x_fd_cloexec, X(1, "FD_CLOEXEC"));

TAB(ut_x_lease, X(0, "F_RDLCK"), X(1, "F_WRLCK"), X(2, "F_UNLCK"));

TAB(ut_x_seals,
    X(1, "F_SEAL_SEAL"), X(2, "F_SEAL_SHRINK"), X(4, "F_SEAL_GROW"),
    X(8, "F_SEAL_WRITE"), X(16, "F_SEAL_FUTURE_WRITE"),
    X(32, "F_SEAL_EXEC"));

TAB(ut_x_wait_options,
    X(1, "WNOHANG"), X(2, "WSTOPPED"), X(4, "WEXITED"),
    X(8, "WCONTINUED"), X(0x1000000, "WNOWAIT"),
    X(0x20000000, "__WNOTHREAD"), X(0x40000000, "__WALL"),
    X(0x80000000, "__WCLONE"));

TAB(ut_x_whence,
    X(0, "SEEK_SET"), X(1, "SEEK_CUR"), X(2, "SEEK_END"),
    X(3, "SEEK_DATA"), X(4, "SEEK_HOLE"));

/* op & FUTEX_CMD_MASK; argfmt.c adds _PRIVATE and FUTEX_CLOCK_REALTIME. */
TAB(ut_x_futex_cmd,
    X(0, "FUTEX_WAIT"), X(1, "FUTEX_WAKE"), X(2, "FUTEX_FD"),
    X(3, "FUTEX_REQUEUE"), X(4, "FUTEX_CMP_REQUEUE"),
    X(5, "FUTEX_WAKE_OP"), X(6, "FUTEX_LOCK_PI"),
    X(7, "FUTEX_UNLOCK_PI"), X(8, "FUTEX_TRYLOCK_PI"),
    X(9, "FUTEX_WAIT_BITSET"), X(10, "FUTEX_WAKE_BITSET"),
    X(11, "FUTEX_WAIT_REQUEUE_PI"), X(12, "FUTEX_CMP_REQUEUE_PI"),
    X(13, "FUTEX_LOCK_PI2"));

TAB(ut_x_arch_prctl,
    X(0x1001, "ARCH_SET_GS"), X(0x1002, "ARCH_SET_FS"),
    X(0x1003, "ARCH_GET_FS"), X(0x1004, "ARCH_GET_GS"),
    X(0x1011, "ARCH_GET_CPUID"), X(0x1012, "ARCH_SET_CPUID"),
    X(0x1021, "ARCH_GET_XCOMP_SUPP"), X(0x1022, "ARCH_GET_XCOMP_PERM"),
    X(0x1023, "ARCH_REQ_XCOMP_PERM"),
    X(0x1024, "ARCH_GET_XCOMP_GUEST_PERM"),
    X(0x1025, "ARCH_REQ_XCOMP_GUEST_PERM"),
    X(0x1031, "ARCH_XCOMP_TILECFG"), X(0x1032, "ARCH_XCOMP_TILEDATA"),
    X(0x2001, "ARCH_MAP_VDSO_X32"), X(0x2002, "ARCH_MAP_VDSO_32"),
    X(0x2003, "ARCH_MAP_VDSO_64"), X(0x4001, "ARCH_GET_UNTAG_MASK"),
    X(0x4002, "ARCH_ENABLE_TAGGED_ADDR"),
    X(0x4003, "ARCH_GET_MAX_TAG_BITS"),
    X(0x4004, "ARCH_FORCE_TAGGED_SVA"), X(0x5001, "ARCH_SHSTK_ENABLE"),
    X(0x5002, "ARCH_SHSTK_DISABLE"), X(0x5003, "ARCH_SHSTK_LOCK"),
    X(0x5004, "ARCH_SHSTK_UNLOCK"), X(0x5005, "ARCH_SHSTK_STATUS"));

TAB(ut_x_rlimit,
    X(0, "RLIMIT_CPU"), X(1, "RLIMIT_FSIZE"), X(2, "RLIMIT_DATA"),
    X(3, "RLIMIT_STACK"), X(4, "RLIMIT_CORE"), X(5, "RLIMIT_RSS"),
    X(6, "RLIMIT_NPROC"), X(7, "RLIMIT_NOFILE"), X(8, "RLIMIT_MEMLOCK"),
    X(9, "RLIMIT_AS"), X(10, "RLIMIT_LOCKS"), X(11, "RLIMIT_SIGPENDING"),
    X(12, "RLIMIT_MSGQUEUE"), X(13, "RLIMIT_NICE"),
    X(14, "RLIMIT_RTPRIO"), X(15, "RLIMIT_RTTIME"));

TAB(ut_x_clock,
    X(0, "CLOCK_REALTIME"), X(1, "CLOCK_MONOTONIC"),
    X(2, "CLOCK_PROCESS_CPUTIME_ID"), X(3, "CLOCK_THREAD_CPUTIME_ID"),
    X(4, "CLOCK_MONOTONIC_RAW"), X(5, "CLOCK_REALTIME_COARSE"),
    X(6, "CLOCK_MONOTONIC_COARSE"), X(7, "CLOCK_BOOTTIME"),
    X(8, "CLOCK_REALTIME_ALARM"), X(9, "CLOCK_BOOTTIME_ALARM"),
    X(11, "CLOCK_TAI"));

TAB(ut_x_timer_flags, X(1, "TIMER_ABSTIME"));

TAB(ut_x_grnd_flags,
    X(1, "GRND_NONBLOCK"), X(2, "GRND_RANDOM"), X(4, "GRND_INSECURE"));

TAB(ut_x_sock_family,
    X(0, "AF_UNSPEC"), X(1, "AF_UNIX"), X(2, "AF_INET"),
    X(10, "AF_INET6"), X(15, "AF_KEY"), X(16, "AF_NETLINK"),
    X(17, "AF_PACKET"), X(29, "AF_CAN"), X(30, "AF_TIPC"),
    X(31, "AF_BLUETOOTH"), X(38, "AF_ALG"), X(40, "AF_VSOCK"),
    X(44, "AF_XDP"));

/* type & 0xf */
TAB(ut_x_sock_type,
    X(1, "SOCK_STREAM"), X(2, "SOCK_DGRAM"), X(3, "SOCK_RAW"),
    X(4, "SOCK_RDM"), X(5, "SOCK_SEQPACKET"), X(6, "SOCK_DCCP"),
    X(10, "SOCK_PACKET"));

TAB(ut_x_sock_flags, X(02000000, "SOCK_CLOEXEC"), X(04000, "SOCK_NONBLOCK"));

TAB(ut_x_epoll_op,
    X(1, "EPOLL_CTL_ADD"), X(2, "EPOLL_CTL_DEL"), X(3, "EPOLL_CTL_MOD"));

TAB(ut_x_idtype,
    X(0, "P_ALL"), X(1, "P_PID"), X(2, "P_PGID"), X(3, "P_PIDFD"));

TAB(ut_x_shutdown, X(0, "SHUT_RD"), X(1, "SHUT_WR"), X(2, "SHUT_RDWR"));

TAB(ut_x_flock,
    X(1, "LOCK_SH"), X(2, "LOCK_EX"), X(4, "LOCK_NB"), X(8, "LOCK_UN"));

TAB(ut_x_close_range,
    X(2, "CLOSE_RANGE_UNSHARE"), X(4, "CLOSE_RANGE_CLOEXEC"));

TAB(ut_x_msg_flags,
    X(0x1, "MSG_OOB"), X(0x2, "MSG_PEEK"), X(0x4, "MSG_DONTROUTE"),
    X(0x8, "MSG_CTRUNC"), X(0x10, "MSG_PROXY"), X(0x20, "MSG_TRUNC"),
    X(0x40, "MSG_DONTWAIT"), X(0x80, "MSG_EOR"), X(0x100, "MSG_WAITALL"),
    X(0x200, "MSG_FIN"), X(0x400, "MSG_SYN"), X(0x800, "MSG_CONFIRM"),
    X(0x1000, "MSG_RST"), X(0x2000, "MSG_ERRQUEUE"),
    X(0x4000, "MSG_NOSIGNAL"), X(0x8000, "MSG_MORE"),
    X(0x10000, "MSG_WAITFORONE"), X(0x20000, "MSG_SENDPAGE_NOPOLICY"),
    X(0x4000000, "MSG_ZEROCOPY"), X(0x20000000, "MSG_FASTOPEN"),
    X(0x40000000, "MSG_CMSG_CLOEXEC"));

TAB(ut_x_mremap_flags,
    X(1, "MREMAP_MAYMOVE"), X(2, "MREMAP_FIXED"), X(4, "MREMAP_DONTUNMAP"));

TAB(ut_x_msync_flags, X(1, "MS_ASYNC"), X(2, "MS_INVALIDATE"), X(4, "MS_SYNC"));

TAB(ut_x_rename_flags,
    X(1, "RENAME_NOREPLACE"), X(2, "RENAME_EXCHANGE"),
    X(4, "RENAME_WHITEOUT"));

TAB(ut_x_efd_flags,
    X(1, "EFD_SEMAPHORE"), X(04000, "EFD_NONBLOCK"),
    X(02000000, "EFD_CLOEXEC"));

TAB(ut_x_mfd_flags,
    X(1, "MFD_CLOEXEC"), X(2, "MFD_ALLOW_SEALING"), X(4, "MFD_HUGETLB"),
    X(8, "MFD_NOEXEC_SEAL"), X(0x10, "MFD_EXEC"));

TAB(ut_x_splice_flags,
    X(1, "SPLICE_F_MOVE"), X(2, "SPLICE_F_NONBLOCK"), X(4, "SPLICE_F_MORE"),
    X(8, "SPLICE_F_GIFT"));

TAB(ut_x_epoll_flags, X(02000000, "EPOLL_CLOEXEC"));

TAB(ut_x_tfd_flags, X(02000000, "TFD_CLOEXEC"), X(04000, "TFD_NONBLOCK"));

TAB(ut_x_pidfd_flags, X(04000, "PIDFD_NONBLOCK"), X(0200, "PIDFD_THREAD"));

TAB(ut_x_falloc_mode,
    X(0x01, "FALLOC_FL_KEEP_SIZE"), X(0x02, "FALLOC_FL_PUNCH_HOLE"),
    X(0x04, "FALLOC_FL_NO_HIDE_STALE"), X(0x08, "FALLOC_FL_COLLAPSE_RANGE"),
    X(0x10, "FALLOC_FL_ZERO_RANGE"), X(0x20, "FALLOC_FL_INSERT_RANGE"),
    X(0x40, "FALLOC_FL_UNSHARE_RANGE"));

TAB(ut_x_statx_mask,
    X(0xfff, "STATX_ALL"), X(0x7ff, "STATX_BASIC_STATS"),
    X(0x1, "STATX_TYPE"), X(0x2, "STATX_MODE"), X(0x4, "STATX_NLINK"),
    X(0x8, "STATX_UID"), X(0x10, "STATX_GID"), X(0x20, "STATX_ATIME"),
    X(0x40, "STATX_MTIME"), X(0x80, "STATX_CTIME"), X(0x100, "STATX_INO"),
    X(0x200, "STATX_SIZE"), X(0x400, "STATX_BLOCKS"),
    X(0x800, "STATX_BTIME"), X(0x1000, "STATX_MNT_ID"),
    X(0x2000, "STATX_DIOALIGN"), X(0x4000, "STATX_MNT_ID_UNIQUE"),
    X(0x8000, "STATX_SUBVOL"), X(0x10000, "STATX_WRITE_ATOMIC"));

TAB(ut_x_ipproto,
    X(0, "IPPROTO_IP"), X(1, "IPPROTO_ICMP"), X(6, "IPPROTO_TCP"),
    X(17, "IPPROTO_UDP"), X(41, "IPPROTO_IPV6"), X(58, "IPPROTO_ICMPV6"),
    X(132, "IPPROTO_SCTP"), X(136, "IPPROTO_UDPLITE"),
    X(255, "IPPROTO_RAW"), X(262, "IPPROTO_MPTCP"));

/* The terminal and file requests most programs make. */
TAB(ut_x_ioctl,
    X(0x5401, "TCGETS"), X(0x5402, "TCSETS"), X(0x5403, "TCSETSW"),
    X(0x5404, "TCSETSF"), X(0x540e, "TIOCSCTTY"), X(0x540f, "TIOCGPGRP"),
    X(0x5410, "TIOCSPGRP"), X(0x5413, "TIOCGWINSZ"),
    X(0x5414, "TIOCSWINSZ"), X(0x541b, "FIONREAD"), X(0x5421, "FIONBIO"),
    X(0x5422, "TIOCNOTTY"), X(0x5450, "FIONCLEX"), X(0x5451, "FIOCLEX"),
    X(0x5452, "FIOASYNC"), X(0x80045430, "TIOCGPTN"),
    X(0x40045431, "TIOCSPTLCK"));

TAB(ut_x_xattr_flags, X(1, "XATTR_CREATE"), X(2, "XATTR_REPLACE"));

/* No names: 0, or the bits in hex. */
const struct ut_xlat_tab ut_x_none = { NULL, 0 };

const char *ut_xlat_name(const struct ut_xlat_tab *t, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < t->n; i++)
		if (t->x[i].val == v)
			return t->x[i].name;
	return NULL;
}
