/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sigtarget.h - with -p or COMMAND: events by the task they are about,
 * not the one that writes them, and lifecycle events that survive pid
 * reuse.  set_event_pid keeps records written by the traced tasks, but
 * signal_generate is written by the sender (a kill from outside the
 * tree would be missing, one from inside to an outsider kept) and
 * sched_process_free by whatever task runs the RCU callback.  Worse,
 * that free removes the pid from set_event_pid: when the old task of a
 * pid is freed after a new task in the tree got the pid (the reap gives
 * the pid out at once, the free comes a grace period later), the new
 * task's events are filtered out from then on.
 *
 * A second instance, utrace-record-PID-sig, filters in the kernel on
 * the records' pid field instead (with follow: no pid bound, as pids
 * wrap; the tree is kept by ut_procs): compat's signal_generate and
 * sched_process_free move there, and clone, exec and exit get a second
 * copy there (ut_procs drops the twin), so that the tree's lifecycle is
 * whole even when set_event_pid lost a pid.  Native mode: its clone,
 * exec and exit copies, and sched_process_free, which only tells
 * ut_procs that a pid was lost.  Either way a lost pid is put back in
 * set_event_pid (ut_sigtarget_readd) once the old task's free is seen.
 */
#ifndef UT_SIGTARGET_H
#define UT_SIGTARGET_H

#include <stdbool.h>
#include <stddef.h>

#include "recorder.h"

/*
 * The tree rooted at root (follow: with its descendants): open sig_rec
 * (zeroed) for the events of kinds, moving compat's signal_generate and
 * sched_process_free from rec.  Returns 0 (tracing on in sig_rec,
 * unless nothing is needed), < 0 with a message on failure.
 */
int ut_sigtarget_open(struct ut_rec *sig_rec, struct ut_rec *rec,
		      enum ut_mode mode, unsigned int kinds, int root,
		      bool follow, size_t buf_kb);

/*
 * For ut_procs' pid_reused (arg: the main struct ut_rec): add pid to
 * the instance's set_event_pid again.
 */
void ut_sigtarget_readd(void *rec, int pid);

#endif
