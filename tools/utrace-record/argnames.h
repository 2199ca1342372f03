/* SPDX-License-Identifier: GPL-2.0 */
/*
 * argnames.h - names of the constants and flag bits in system call
 * arguments (x86 values), for argfmt.c.
 */
#ifndef UT_ARGNAMES_H
#define UT_ARGNAMES_H

#include <stdint.h>

struct ut_xlat {
	uint64_t val;
	const char *name;
};

/* A table and its length; a flag entry may have several bits. */
struct ut_xlat_tab {
	const struct ut_xlat *x;
	unsigned int n;
};

extern const struct ut_xlat_tab ut_x_open_flags;	/* O_* but O_ACCMODE */
extern const struct ut_xlat_tab ut_x_open_access;	/* O_RDONLY.. */
extern const struct ut_xlat_tab ut_x_fd_flags;		/* pipe2, dup3 */
extern const struct ut_xlat_tab ut_x_at_flags;
extern const struct ut_xlat_tab ut_x_unlink_flags;
extern const struct ut_xlat_tab ut_x_access_flags;	/* faccessat2 */
extern const struct ut_xlat_tab ut_x_statx_sync;	/* AT_STATX_* */
extern const struct ut_xlat_tab ut_x_access_mode;	/* R_OK.. */
extern const struct ut_xlat_tab ut_x_prot;
extern const struct ut_xlat_tab ut_x_map_type;		/* MAP_PRIVATE.. */
extern const struct ut_xlat_tab ut_x_map_flags;
extern const struct ut_xlat_tab ut_x_madvice;
extern const struct ut_xlat_tab ut_x_sighow;
extern const struct ut_xlat_tab ut_x_fcntl_cmd;
extern const struct ut_xlat_tab ut_x_fd_cloexec;	/* FD_CLOEXEC */
extern const struct ut_xlat_tab ut_x_lease;		/* F_RDLCK.. */
extern const struct ut_xlat_tab ut_x_seals;		/* F_SEAL_* */
extern const struct ut_xlat_tab ut_x_wait_options;
extern const struct ut_xlat_tab ut_x_whence;
extern const struct ut_xlat_tab ut_x_futex_cmd;
extern const struct ut_xlat_tab ut_x_arch_prctl;
extern const struct ut_xlat_tab ut_x_rlimit;
extern const struct ut_xlat_tab ut_x_clock;
extern const struct ut_xlat_tab ut_x_timer_flags;
extern const struct ut_xlat_tab ut_x_grnd_flags;
extern const struct ut_xlat_tab ut_x_sock_family;
extern const struct ut_xlat_tab ut_x_sock_type;
extern const struct ut_xlat_tab ut_x_sock_flags;
extern const struct ut_xlat_tab ut_x_epoll_op;
extern const struct ut_xlat_tab ut_x_idtype;
extern const struct ut_xlat_tab ut_x_shutdown;
extern const struct ut_xlat_tab ut_x_flock;
extern const struct ut_xlat_tab ut_x_close_range;
extern const struct ut_xlat_tab ut_x_msg_flags;
extern const struct ut_xlat_tab ut_x_mremap_flags;
extern const struct ut_xlat_tab ut_x_msync_flags;
extern const struct ut_xlat_tab ut_x_rename_flags;
extern const struct ut_xlat_tab ut_x_efd_flags;
extern const struct ut_xlat_tab ut_x_mfd_flags;
extern const struct ut_xlat_tab ut_x_splice_flags;
extern const struct ut_xlat_tab ut_x_epoll_flags;
extern const struct ut_xlat_tab ut_x_tfd_flags;
extern const struct ut_xlat_tab ut_x_pidfd_flags;
extern const struct ut_xlat_tab ut_x_falloc_mode;
extern const struct ut_xlat_tab ut_x_statx_mask;
extern const struct ut_xlat_tab ut_x_ipproto;
extern const struct ut_xlat_tab ut_x_ioctl;
extern const struct ut_xlat_tab ut_x_xattr_flags;
extern const struct ut_xlat_tab ut_x_none;

/* The name of value v, or NULL. */
const char *ut_xlat_name(const struct ut_xlat_tab *t, uint64_t v);

#endif
