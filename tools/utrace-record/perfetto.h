/* SPDX-License-Identifier: GPL-2.0 */
/*
 * perfetto.h - --perfetto FILE.json: Chrome trace-event JSON ("JSON Object
 * Format", {"traceEvents":[...]}) that the Perfetto UI and chrome://tracing
 * open.  Each task is a thread track inside its process (thread group);
 * its lifetime is one complete ("X") slice; printed events are instants
 * ("i", thread scope; lost records use global scope) whose args are the
 * event's --json object.  Times are microseconds of the trace clock.
 */
#ifndef UT_PERFETTO_H
#define UT_PERFETTO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "event.h"
#include "sbuf.h"

struct ut_pf_task;

struct ut_perfetto {
	FILE *f;
	struct ut_pf_task *tab;		/* open addressing on tid */
	size_t cap;
	size_t count;
	bool any;			/* an event was seen */
	uint64_t first_ts;		/* of the first event seen */
	uint64_t last_ts;		/* of the last event seen */
	size_t written;			/* trace events written so far */
	struct sbuf sb;
};

/* Start the document on f (not closed by ut_perfetto_finish). */
void ut_perfetto_init(struct ut_perfetto *pf, FILE *f);
/*
 * Every event, in time order, after ut_procs_apply filled its comm:
 * learns task names, thread groups, starts and exits.
 */
void ut_perfetto_track(struct ut_perfetto *pf, const struct ut_event *ev);
/* A whole syscall (entry and exit): a slice on its task's track. */
void ut_perfetto_slice(struct ut_perfetto *pf, const struct ut_event *entry,
		       const struct ut_event *exit);
/* A printed event: written as an instant; its task gets a track. */
void ut_perfetto_instant(struct ut_perfetto *pf, const struct ut_event *ev);
/*
 * Write the track names and lifetime slices and end the document.
 * Returns 0, or -1 when writing to f failed.
 */
int ut_perfetto_finish(struct ut_perfetto *pf);
void ut_perfetto_free(struct ut_perfetto *pf);

#endif
