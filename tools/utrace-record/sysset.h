/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sysset.h - -e trace=SET: the system calls to record, by name and by
 * class (%file, %process, ...), turned into kernel-side event filters
 * so that calls outside the set cost nothing in the recorder; and -Z:
 * failed calls only.
 */
#ifndef UT_SYSSET_H
#define UT_SYSSET_H

#include <stdbool.h>
#include <stddef.h>

#include "recorder.h"

#define UT_SYSSET_MAX	1024	/* x86_64 syscall numbers are below */

struct ut_sysset {
	bool any;			/* a set was given */
	bool nr[UT_SYSSET_MAX];
};

/*
 * Add "openat,%file,..." to set.  Returns 0, or -1 with *bad pointing
 * at a copy of the unknown name (static).
 */
int ut_sysset_parse(const char *spec, struct ut_sysset *set, const char **bad);

/*
 * strace's system call sets (-e inject=SET:...), per ABI: what strace
 * 6.1 selects for SET in each of its personalities (x86_64 and i386),
 * by number, from its own tables (stracetab.h).  x32 calls are never
 * selected: the kernel's rules match neither table for them.
 */
enum { UT_ABI_X86_64, UT_ABI_I386, UT_ABIS };

/* The kernel's tables (Linux 6.12): a rule selects numbers below. */
#define UT_KERNEL_NR_X86_64	463
#define UT_KERNEL_NR_I386	463
#define UT_SCSET_MAX		576	/* above both, and strace's */

struct ut_scset {
	bool nr[UT_ABIS][UT_SCSET_MAX];
};

/*
 * SET as strace's qualify_syscall_tokens() reads it: leading '!'s
 * invert, "all", "none", else comma-separated names, numbers, classes
 * (%file, file, %%stat, ...; case ignored), /REGEX, each with optional
 * leading '?'s (no error when nothing matches) and @64 or @32 (only
 * that ABI; @x32 selects nothing here).  Numbers in a negated set: those
 * below strace's table size and the kernel's.  Returns 0, or -1 with
 * the problem in err.
 */
int ut_scset_parse(const char *expr, struct ut_scset *set, char *err,
		   size_t errlen);

/* strace's name of a call of abi, or NULL (none, or a number past it). */
const char *ut_scset_name(int abi, int nr);

/* strace's argument count of a call of abi; -1 when it has no name. */
int ut_scset_nargs(int abi, int nr);

/* name is a call of every ABI, strace's TRACE_PURE in each (getpid...). */
bool ut_scset_pure(const char *name);

/* How many numbers set has in abi (-1: in both). */
int ut_scset_count(const struct ut_scset *set, int abi);

/*
 * Write the filters of the syscall tracepoints the mode enabled in r:
 * the set (when given) and, with failed, "ret in -4095..-1" on exits.
 * < 0 with a message on failure.
 */
int ut_sysset_apply(struct ut_rec *r, enum ut_mode mode,
		    const struct ut_sysset *set, bool failed);

#endif
