// SPDX-License-Identifier: GPL-2.0
/*
 * argfmt.c - render system call arguments by their kind (argkinds.c),
 * in strace's notation: descriptors, pids and sizes in decimal,
 * AT_FDCWD, flags joined with '|' (bits without a name as a trailing
 * hex number), modes in octal, NULL for a null address.
 */
#include "argfmt.h"
#include "escape.h"
#include "argkinds.h"
#include "argnames.h"
#include "event.h"
#include "names.h"

#define AT_FDCWD_VAL	(-100)
#define O_CREAT_VAL	0100
#define O_TMPFILE_BIT	020000000	/* __O_TMPFILE */

/* v by the table's names, leftover bits in hex; zero (or "0") for 0. */
static void put_flags(struct sbuf *sb, const struct ut_xlat_tab *t,
		      uint64_t v, const char *zero)
{
	unsigned int i;
	int n = 0;

	for (i = 0; i < t->n && v; i++) {
		uint64_t bits = t->x[i].val;

		if (bits && (v & bits) == bits) {
			if (n++)
				sb_putc(sb, '|');
			sb_puts(sb, t->x[i].name);
			v &= ~bits;
		}
	}
	if (v) {
		if (n++)
			sb_putc(sb, '|');
		sb_hex(sb, v);
	}
	if (!n)
		sb_puts(sb, zero ? zero : "0");
}

/* More names after a leading part already written: "|A|B". */
static void put_more_flags(struct sbuf *sb, const struct ut_xlat_tab *t,
			   uint64_t v)
{
	if (!v)
		return;
	sb_putc(sb, '|');
	put_flags(sb, t, v, NULL);
}

/* A value by name, else hex (strace adds a comment: 0x63 F_???). */
static void put_const(struct sbuf *sb, const struct ut_xlat_tab *t,
		      uint64_t v)
{
	const char *name = ut_xlat_name(t, v);

	if (name)
		sb_puts(sb, name);
	else
		sb_hex(sb, v);
}

static void put_open_flags(struct sbuf *sb, uint64_t v)
{
	const char *acc = ut_xlat_name(&ut_x_open_access, v & 3);

	if (acc)
		sb_puts(sb, acc);
	else
		sb_hex(sb, v & 3);
	put_more_flags(sb, &ut_x_open_flags, v & ~3ULL);
}

/* "%#03o": 000, 022, 0644. */
void ut_arg_octal(struct sbuf *sb, uint64_t v)
{
	char buf[24];
	int i = sizeof(buf);

	buf[--i] = '\0';
	do {
		buf[--i] = '0' + (v & 7);
		v >>= 3;
	} while (v);
	buf[--i] = '0';
	while (sizeof(buf) - 1 - i < 3)
		buf[--i] = '0';
	sb_puts(sb, buf + i);
}

/*
 * MAP_SHARED or MAP_PRIVATE (a value in the low bits), the flags, and a
 * huge page size: MAP_HUGETLB|21<<MAP_HUGE_SHIFT (2 MiB).
 */
static void put_map_flags(struct sbuf *sb, uint32_t v)
{
	uint32_t huge = (v & 0x40000) ? v >> 26 : 0;

	v &= huge ? ~(0x3fu << 26) : ~0u;
	if (v & 0xf) {
		put_const(sb, &ut_x_map_type, v & 0xf);
		put_more_flags(sb, &ut_x_map_flags, v & ~0xfu);
	} else {
		put_flags(sb, &ut_x_map_flags, v, NULL);
	}
	if (huge) {
		sb_putc(sb, '|');
		sb_udec(sb, huge);
		sb_lit(sb, "<<MAP_HUGE_SHIFT");
	}
}

/*
 * A signal by the name the rest of the output uses (ut_signame: real-time
 * signals as SIGRTMIN+N of the C library); a number outside 1..64 as
 * strace shows it, in decimal.
 */
static void put_signal(struct sbuf *sb, int sig)
{
	char buf[32];

	if (sig < 1 || sig > 64)
		sb_dec(sb, sig);
	else
		sb_puts(sb, ut_signame(sig, buf, sizeof(buf)));
}

/* clone: the flags above the low byte, which is the exit signal. */
static void put_clone_flags(struct sbuf *sb, uint64_t v)
{
	int sig = v & 0xff;

	if (v & ~0xffULL) {
		ut_clone_flags_str(sb, v & ~0xffULL);
		if (sig)
			sb_putc(sb, '|');
	}
	if (sig || !(v & ~0xffULL))
		put_signal(sb, sig);
}

static void put_futex_op(struct sbuf *sb, uint64_t v)
{
	const char *name = ut_xlat_name(&ut_x_futex_cmd, v & 127);

	if (!name) {
		sb_hex(sb, v);
		return;
	}
	sb_puts(sb, name);
	if (v & 128)
		sb_puts(sb, "_PRIVATE");
	if (v & 256)
		sb_puts(sb, "|FUTEX_CLOCK_REALTIME");
	if (v & ~0x1ffULL) {
		sb_putc(sb, '|');
		sb_hex(sb, v & ~0x1ffULL);
	}
}

/* fcntl commands without a third argument. */
static bool fcntl_no_arg(uint64_t cmd)
{
	switch (cmd) {
	case 1: case 3: case 9: case 11:	/* F_GETFD F_GETFL F_GETOWN F_GETSIG */
	case 1025: case 1032: case 1034:	/* GETLEASE GETPIPE_SZ GET_SEALS */
	case 1028:				/* F_CREATED_QUERY */
		return true;
	}
	return false;
}

static void put_fcntl_arg(struct sbuf *sb, uint64_t cmd, unsigned long v,
			  bool i386)
{
	switch (cmd) {
	case 0: case 1030: case 1027:	/* F_DUPFD F_DUPFD_CLOEXEC _QUERY */
	case 8: case 1031:		/* F_SETOWN F_SETPIPE_SZ */
		sb_dec(sb, (int)v);
		break;
	case 2:				/* F_SETFD */
		put_flags(sb, &ut_x_fd_cloexec, (uint32_t)v, NULL);
		break;
	case 4:				/* F_SETFL */
		put_open_flags(sb, (uint32_t)v);
		break;
	case 10:			/* F_SETSIG */
		put_signal(sb, (int)v);
		break;
	case 1024:			/* F_SETLEASE */
		put_const(sb, &ut_x_lease, (uint32_t)v);
		break;
	case 1033:			/* F_ADD_SEALS */
		put_flags(sb, &ut_x_seals, (uint32_t)v, NULL);
		break;
	case 5: case 6: case 7: case 12: case 13: case 14:	/* locks */
	case 15: case 16: case 17: case 36: case 37: case 38:
	case 1035: case 1036: case 1037: case 1038:		/* RW hints */
		if (v)
			sb_hex(sb, i386 ? (uint32_t)v : v);
		else
			sb_lit(sb, "NULL");
		break;
	default:
		sb_hex(sb, v);
		break;
	}
}

/*
 * The kinds that are one table of names: flags (joined with |; ZERO, or
 * "0", for none) or constants (one name, else the number).
 */
static const struct {
	const struct ut_xlat_tab *tab;
	bool flags;
	const char *zero;
} ut_arg_tables[UT_NR_ARG_KINDS] = {
	[UT_A_FD_FLAGS] = { &ut_x_fd_flags, true },
	[UT_A_AT_FLAGS] = { &ut_x_at_flags, true },
	[UT_A_UNLINK_FLAGS] = { &ut_x_unlink_flags, true },
	[UT_A_ACCESS_FLAGS] = { &ut_x_access_flags, true },
	[UT_A_ACCESS_MODE] = { &ut_x_access_mode, true, "F_OK" },
	[UT_A_PROT] = { &ut_x_prot, true, "PROT_NONE" },
	[UT_A_MADVICE] = { &ut_x_madvice, false },
	[UT_A_SIGHOW] = { &ut_x_sighow, false },
	[UT_A_FCNTL_CMD] = { &ut_x_fcntl_cmd, false },
	[UT_A_WAIT_OPTIONS] = { &ut_x_wait_options, true },
	[UT_A_WHENCE] = { &ut_x_whence, false },
	[UT_A_ARCH_PRCTL] = { &ut_x_arch_prctl, false },
	[UT_A_RLIMIT] = { &ut_x_rlimit, false },
	[UT_A_TIMER_FLAGS] = { &ut_x_timer_flags, true },
	[UT_A_GRND_FLAGS] = { &ut_x_grnd_flags, true },
	[UT_A_SOCK_FAMILY] = { &ut_x_sock_family, false },
	[UT_A_SOCK_FLAGS] = { &ut_x_sock_flags, true },
	[UT_A_EPOLL_OP] = { &ut_x_epoll_op, false },
	[UT_A_IDTYPE] = { &ut_x_idtype, false },
	[UT_A_SHUTDOWN] = { &ut_x_shutdown, false },
	[UT_A_FLOCK] = { &ut_x_flock, true },
	[UT_A_CLOSE_RANGE] = { &ut_x_close_range, true },
	[UT_A_MSG_FLAGS] = { &ut_x_msg_flags, true },
	[UT_A_MREMAP_FLAGS] = { &ut_x_mremap_flags, true },
	[UT_A_MSYNC_FLAGS] = { &ut_x_msync_flags, true },
	[UT_A_RENAME_FLAGS] = { &ut_x_rename_flags, true },
	[UT_A_EFD_FLAGS] = { &ut_x_efd_flags, true },
	[UT_A_MFD_FLAGS] = { &ut_x_mfd_flags, true },
	[UT_A_SPLICE_FLAGS] = { &ut_x_splice_flags, true },
	[UT_A_EPOLL_FLAGS] = { &ut_x_epoll_flags, true },
	[UT_A_TFD_FLAGS] = { &ut_x_tfd_flags, true },
	[UT_A_PIDFD_FLAGS] = { &ut_x_pidfd_flags, true },
	[UT_A_FALLOC_MODE] = { &ut_x_falloc_mode, true },
	[UT_A_STATX_MASK] = { &ut_x_statx_mask, true },
	[UT_A_IOCTL] = { &ut_x_ioctl, false },
	[UT_A_XATTR_FLAGS] = { &ut_x_xattr_flags, true },
	[UT_A_FLAGS] = { &ut_x_none, true },
};

void ut_arg_one(struct sbuf *sb, int kind, const unsigned long args[6],
		int i, bool i386)
{
	unsigned long v = i386 ? (uint32_t)args[i] : args[i];
	int iv = (int)v;

	if (kind >= 0 && kind < UT_NR_ARG_KINDS && ut_arg_tables[kind].tab) {
		if (ut_arg_tables[kind].flags)
			put_flags(sb, ut_arg_tables[kind].tab, (uint32_t)v,
				  ut_arg_tables[kind].zero);
		else
			put_const(sb, ut_arg_tables[kind].tab, (uint32_t)v);
		return;
	}
	switch (kind) {
	case UT_A_INT:
	case UT_A_FD:
	case UT_A_PID:
		sb_dec(sb, iv);
		break;
	case UT_A_LONG:
		sb_dec(sb, i386 ? iv : (long)v);
		break;
	case UT_A_UINT:
		sb_udec(sb, v);
		break;
	case UT_A_PTR:
	case UT_A_STR:
		if (v)
			sb_hex(sb, v);
		else
			sb_lit(sb, "NULL");
		break;
	case UT_A_DIRFD:
		if (iv == AT_FDCWD_VAL)
			sb_lit(sb, "AT_FDCWD");
		else
			sb_dec(sb, iv);
		break;
	case UT_A_ID:
		if ((uint32_t)v == UINT32_MAX)
			sb_lit(sb, "-1");
		else
			sb_udec(sb, (uint32_t)v);
		break;
	case UT_A_MODE:
	case UT_A_OPEN_MODE:
		ut_arg_octal(sb, (uint32_t)v);
		break;
	case UT_A_OPEN_FLAGS:
		put_open_flags(sb, (uint32_t)v);
		break;
	case UT_A_STATX_FLAGS:
		put_const(sb, &ut_x_statx_sync, v & 0x6000);
		put_more_flags(sb, &ut_x_at_flags, (uint32_t)v & ~0x6000u);
		break;
	case UT_A_MAP_FLAGS:
		put_map_flags(sb, (uint32_t)v);
		break;
	case UT_A_CLONE_FLAGS:
		put_clone_flags(sb, v);
		break;
	case UT_A_SIGNAL:
		put_signal(sb, iv);
		break;
	case UT_A_FCNTL_ARG:
		put_fcntl_arg(sb, i ? (uint32_t)args[i - 1] : 0, v, i386);
		break;
	case UT_A_OFFSET_HEX:
		if (v)
			sb_hex(sb, v);
		else
			sb_putc(sb, '0');
		break;
	case UT_A_FUTEX_OP:
		put_futex_op(sb, (uint32_t)v);
		break;
	case UT_A_CLOCK:		/* negative: a CPU clock of a pid */
		if (iv < 0)
			sb_dec(sb, iv);
		else
			put_const(sb, &ut_x_clock, (uint32_t)v);
		break;
	case UT_A_SOCK_TYPE:
		put_const(sb, &ut_x_sock_type, v & 0xf);
		put_more_flags(sb, &ut_x_sock_flags, (uint32_t)v & ~0xfu);
		break;
	case UT_A_SOCK_PROTO:	/* after the family and type: by the family */
		if (i == 2 && ((uint32_t)args[0] == 2 ||	/* AF_INET */
			       (uint32_t)args[0] == 10))	/* AF_INET6 */
			put_const(sb, &ut_x_ipproto, (uint32_t)v);
		else
			sb_dec(sb, iv);
		break;
	case UT_A_HEX:
	default:
		sb_hex(sb, v);
		break;
	}
}

/* How many arguments strace shows: some depend on another argument. */
static int shown_args(const struct ut_call_args *ca,
		      const unsigned long args[6])
{
	int n = ca->nargs;

	if (!n)
		return 0;
	switch (ca->kind[n - 1]) {
	case UT_A_OPEN_MODE:		/* the mode only when it is used */
		if (!(args[n - 2] & (O_CREAT_VAL | O_TMPFILE_BIT)))
			n--;
		break;
	case UT_A_FCNTL_ARG:
		if (fcntl_no_arg((uint32_t)args[n - 2]))
			n--;
		break;
	case UT_A_HEX:
		if (ca->kind[1] != UT_A_FUTEX_OP)
			break;
		switch (args[1] & 127) {
		case 1:			/* FUTEX_WAKE: addr, op, val */
			n = 3;
			break;
		case 0: case 6: case 13:	/* WAIT, LOCK_PI(2): timeout */
			n = 4;
			break;
		case 7: case 8:		/* UNLOCK_PI, TRYLOCK_PI */
			n = 2;
			break;
		}
		break;
	}
	return n;
}

/* Is argument i the path the kernel copied, as a string? */
static bool is_path(const struct ut_path_arg *path, int i)
{
	return path && path->arg == i &&
	       (path->state == UT_PATH_OK || path->state == UT_PATH_CUT);
}

/* The path as strace quotes a string: '"' and '\' escaped too. */
static void put_path(struct sbuf *sb, const struct ut_path_arg *path)
{
	const char *s = path->str, *q;
	char part[UT_PATH_MAX];

	sb_putc(sb, '"');
	while ((q = strpbrk(s, "\"\\"))) {
		memcpy(part, s, q - s);
		part[q - s] = '\0';
		sb_text_str(sb, part);
		sb_putc(sb, '\\');
		sb_putc(sb, *q);
		s = q + 1;
	}
	sb_text_str(sb, s);
	sb_putc(sb, '"');
	if (path->state == UT_PATH_CUT)
		sb_lit(sb, "...");
}

static void put_arg(struct sbuf *sb, const struct ut_call_args *ca,
		    const unsigned long args[6], int i, bool i386,
		    const struct ut_path_arg *path)
{
	if (is_path(path, i))
		put_path(sb, path);
	else if (ca)
		ut_arg_one(sb, ca->kind[i], args, i, i386);
	else
		sb_hex(sb, args[i]);
}

void ut_args_text_path(struct sbuf *sb, uint32_t arch, long nr,
		       const unsigned long args[6],
		       const struct ut_path_arg *path)
{
	const struct ut_call_args *ca = ut_call_args(arch, nr);
	bool i386 = arch == UT_ARCH_I386;
	int i, n = ca ? shown_args(ca, args) : 6;

	sb_putc(sb, '(');
	for (i = 0; i < n; i++) {
		if (i)
			sb_putn(sb, ", ", 2);
		put_arg(sb, ca, args, i, i386, path);
	}
	sb_putc(sb, ')');
}

void ut_args_text(struct sbuf *sb, uint32_t arch, long nr,
		  const unsigned long args[6])
{
	ut_args_text_path(sb, arch, nr, args, NULL);
}

bool ut_args_json_path(struct sbuf *sb, uint32_t arch, long nr,
		       const unsigned long args[6],
		       const struct ut_path_arg *path)
{
	const struct ut_call_args *ca = ut_call_args(arch, nr);
	bool i386 = arch == UT_ARCH_I386;
	struct sbuf s = { 0 };
	int i, n;

	if (!ca)
		return false;
	n = shown_args(ca, args);
	sb_putc(sb, '[');
	for (i = 0; i < n; i++) {
		if (i)
			sb_putc(sb, ',');
		if (is_path(path, i)) {
			sb_reset(&s);
			put_path(&s, path);
			sb_json_str(sb, sb_str(&s));
			continue;
		}
		/* Names, digits, '|' and '-' only: no escaping needed. */
		sb_putc(sb, '"');
		ut_arg_one(sb, ca->kind[i], args, i, i386);
		sb_putc(sb, '"');
	}
	sb_putc(sb, ']');
	sb_free(&s);
	return true;
}

bool ut_args_json(struct sbuf *sb, uint32_t arch, long nr,
		  const unsigned long args[6])
{
	return ut_args_json_path(sb, arch, nr, args, NULL);
}
