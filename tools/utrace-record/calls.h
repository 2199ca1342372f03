/* SPDX-License-Identifier: GPL-2.0 */
/*
 * calls.h - system calls as calls: each syscall_exit paired with the
 * entry of the same task (its duration), entries held back so that text
 * output can join entry and exit into one line (and Perfetto can draw a
 * slice), and the per-call table of --summary (strace -c).
 */
#ifndef UT_CALLS_H
#define UT_CALLS_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "sbuf.h"

struct ut_call_task;
struct ut_call_stat;

struct ut_calls {
	struct ut_call_task *tab;	/* open addressing on pid */
	size_t cap, count;
	struct ut_call_stat *st;	/* per (arch, nr), unsorted */
	size_t nst, capst;
	bool entries;			/* entries are recorded: count them */
};

void ut_calls_free(struct ut_calls *c);
/*
 * Every syscall event, in time order: an entry is remembered; an exit
 * of the same call gets ev->sys_exit.dur_ns (0 when unknown).
 */
void ut_calls_note(struct ut_calls *c, struct ut_event *ev);
/* A printed syscall event: into the --summary table. */
void ut_calls_count(struct ut_calls *c, const struct ut_event *ev);
/*
 * Hold entry ev (copied) until its exit; *prev gets the entry the task
 * held before (a call that never returned), to be shown alone.  Returns
 * true when *prev was filled.
 */
bool ut_calls_hold(struct ut_calls *c, const struct ut_event *ev,
		   struct ut_event *prev);
/* Take the entry held for pid (any call); false when none. */
bool ut_calls_take(struct ut_calls *c, int pid, struct ut_event *entry);
/* Take any held entry older than ts (every one when ts is 0). */
bool ut_calls_take_old(struct ut_calls *c, uint64_t ts,
		       struct ut_event *entry);
/* The strace -c style table, text or JSON ("syscalls":[...]). */
void ut_calls_table_text(struct sbuf *sb, const struct ut_calls *c);
void ut_calls_table_json(struct sbuf *sb, const struct ut_calls *c);

#endif
