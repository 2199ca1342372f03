/* SPDX-License-Identifier: GPL-2.0 */
/*
 * procscan.h - the tasks that already run when recording starts, from
 * /proc: one UT_TASK event per thread (source "proc"), so a consumer's
 * process tree has the parents of what it sees later.  Used in compat
 * mode and when the kernel has no statedump (utrace/statedump).
 *
 * A scan is not atomic: a task that starts while it runs may also have a
 * clone event, one that ends may have no record (its exit event is
 * live).  Both have tracing on already, so no task is missed.
 */
#ifndef UT_PROCSCAN_H
#define UT_PROCSCAN_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"

/*
 * Fill ev (kind UT_TASK, time ts) for thread tid of process tgid from
 * /proc; false when it has gone.  ev->task.exe is malloc'd (NULL for a
 * kernel thread): ut_event_clear() frees it.
 */
bool ut_procscan_task(struct ut_event *ev, int tgid, int tid, uint64_t ts);

/*
 * One event for each thread alive now, passed to fn (which owns it
 * then); every record gets time ts.  Returns the number of records.
 */
unsigned long ut_procscan(uint64_t ts,
			  void (*fn)(void *arg, struct ut_event *ev),
			  void *arg);

#endif
