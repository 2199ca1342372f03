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
 * Write the filters of the syscall tracepoints the mode enabled in r:
 * the set (when given) and, with failed, "ret in -4095..-1" on exits.
 * < 0 with a message on failure.
 */
int ut_sysset_apply(struct ut_rec *r, enum ut_mode mode,
		    const struct ut_sysset *set, bool failed);

#endif
