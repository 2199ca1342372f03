/* SPDX-License-Identifier: GPL-2.0 */
/*
 * statedump.h - the kernel's record of each thread that exists when
 * recording starts (utrace/statedump, utrace:utrace_task).
 */
#ifndef UT_STATEDUMP_H
#define UT_STATEDUMP_H

#include <stdbool.h>

struct session;

/*
 * Native mode, system-wide: ask the kernel for the dump, once tracing is
 * on with utrace_task, utrace_clone and utrace_exit enabled, so that
 * every thread is in the dump or has a clone or exit record.  The write
 * returns when the dump is in the buffers.  True when it was written;
 * false when the kernel has none (or another mode), said on stderr
 * only if the write itself failed.
 */
bool ut_statedump_request(const struct session *s);

#endif
