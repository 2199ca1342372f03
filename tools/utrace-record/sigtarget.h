/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sigtarget.h - compat mode with -p or COMMAND: events by the task they
 * are about, not the one that writes them.  set_event_pid keeps records
 * written by the traced tasks, but signal_generate is written by the
 * sender (a kill from outside the tree would be missing, one from
 * inside to an outsider kept) and sched_process_free by whatever task
 * runs the RCU callback.  A second instance, utrace-record-PID-sig, has
 * these two without set_event_pid, filtered in the kernel on their pid
 * field.
 */
#ifndef UT_SIGTARGET_H
#define UT_SIGTARGET_H

#include <stdbool.h>
#include <stddef.h>

#include "recorder.h"

/*
 * Compat mode, the tree rooted at root: move signal_generate (when
 * kinds has signals or exits) and sched_process_free (reaps) from rec
 * to sig_rec (zeroed), filtered on "pid == root", or with follow
 * "pid >= root" (tasks forked later get higher pids until the pid
 * space wraps; outsiders are dropped by ut_procs).  Returns 0 (tracing
 * on in sig_rec, unless kinds needs neither), < 0 with a message on
 * failure.
 */
int ut_sigtarget_open(struct ut_rec *sig_rec, struct ut_rec *rec,
		      unsigned int kinds, int root, bool follow, size_t buf_kb);

#endif
