/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sigtarget.h - compat mode with -p or COMMAND: events by the task they
 * are about, not the one that writes them.  set_event_pid keeps records
 * written by the traced tasks, but signal_generate is written by the
 * sender (a kill from outside the tree was missing, one from inside to
 * an outsider was kept) and sched_process_free by whatever task runs
 * the RCU callback.  A second instance, utrace-record-PID-sig, has
 * these two without set_event_pid, filtered in the kernel on their pid
 * field.
 */
#ifndef UT_SIGTARGET_H
#define UT_SIGTARGET_H

#include <stdbool.h>
#include <stddef.h>

#include "recorder.h"

/*
 * Set up sig_rec (zeroed) for the tree rooted at root: "pid == root", or
 * with follow "pid >= root" (tasks forked later get higher pids until
 * the pid space wraps; outsiders are dropped by ut_procs).  Tracing is
 * on when it returns 0; < 0 with a message on failure.
 */
int ut_sigtarget_open(struct ut_rec *sig_rec, int root, bool follow,
		      size_t buf_kb, bool signals, bool reaps);

#endif
