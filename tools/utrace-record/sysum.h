/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sysum.h - per-process syscall summaries, what fleet sinks get instead
 * of one record per call: for each process (thread group), the calls,
 * errors and time per syscall, counted as the -c table counts them
 * (calls.c), emitted when the process exits, every --summary-interval
 * (the calls since the process's previous summary) and at the end.
 */
#ifndef UT_SYSUM_H
#define UT_SYSUM_H

#include <stdbool.h>
#include <stdint.h>

#include "calls.h"
#include "event.h"
#include "sbuf.h"

/* One summary record. */
struct ut_sysum_rec {
	int tgid;
	const char *comm;		/* the name of its last counted call */
	const char *reason;		/* "exit", "interval", "end" */
	uint64_t since, ts;		/* its first counted call .. now */
	const struct ut_calls *calls;	/* the table (ut_calls_table_json) */
};

typedef void (*ut_sysum_emit_fn)(void *arg, const struct ut_sysum_rec *r);

struct ut_sysum_proc;

struct ut_sysum {
	struct ut_sysum_proc **bucket;	/* chained, on tgid */
	size_t nbucket, count;
	struct ut_sysum_proc *last;	/* the last one counted: runs of calls */
	uint64_t interval_ns;		/* 0: at exit and the end only */
	uint64_t next_due;		/* 0: no event yet */
	bool entries;			/* entries are recorded: count them */
	ut_sysum_emit_fn emit;
	void *arg;
};

void ut_sysum_init(struct ut_sysum *u, uint64_t interval_ns, bool entries,
		   ut_sysum_emit_fn emit, void *arg);
void ut_sysum_free(struct ut_sysum *u);
/*
 * Before each event, at its time: once the interval has passed, every
 * process's summary goes out (and its table starts again).
 */
void ut_sysum_tick(struct ut_sysum *u, uint64_t ts);
/* A syscall event of process tgid, as ut_calls_count takes it. */
void ut_sysum_count(struct ut_sysum *u, int tgid, const char *comm,
		    const struct ut_event *ev);
/* Process tgid has ended at ts: its summary, if it made calls. */
void ut_sysum_exit(struct ut_sysum *u, int tgid, uint64_t ts);
/* The end of the recording: every summary left. */
void ut_sysum_end(struct ut_sysum *u, uint64_t ts);
/* r as one JSON line, newline included. */
void ut_sysum_json(struct sbuf *sb, const struct ut_sysum_rec *r);
/* r as text: a line naming it, then the -c table of its calls. */
void ut_sysum_text(struct sbuf *sb, const struct ut_sysum_rec *r);

#endif
