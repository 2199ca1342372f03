/* SPDX-License-Identifier: GPL-2.0 */
/*
 * merge.h - from queued sub-buffers to the output, in time order: the
 * reader threads only queue raw sub-buffers; decoding, merging the
 * instances' events and printing happen here, in steps, so that the
 * main loop stays responsive under load.  And the loss accounting:
 * LOST lines that add up to the kernel's counts, and the stderr report.
 */
#ifndef UT_MERGE_H
#define UT_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "output.h"
#include "recorder.h"

/* Events printed per step of the main loop, at most. */
#define MERGE_CHUNK	4096

struct emitter {
	struct out_state *out;
	struct ut_rec *rec;
	struct ut_rec *sig_rec;		/* compat -sig instance, or NULL */
	struct ut_batch batch;		/* held and newly decoded events */
	size_t cur, cut;		/* printing batch[cur..cut) */
};

/* Events of rec (and sig_rec, NULL when there is none) to out. */
void merge_init(struct emitter *e, struct out_state *out, struct ut_rec *rec,
		struct ut_rec *sig_rec);
/*
 * Print up to max events (all when max is 0) older than limit (all when
 * limit < 0).  Returns true while there is work left (printable events
 * or queued sub-buffers).
 */
bool merge_emit(struct emitter *e, long long limit, size_t max);
/*
 * Tracing is off and the readers are done: print everything left, then
 * a LOST line per CPU for what the kernel lost beyond what sub-buffers
 * reported.
 */
void merge_drain(struct emitter *e);
/* One stderr line about lost events, when any were lost. */
void merge_report_loss(struct ut_rec *rec, struct ut_rec *sig_rec);

#endif
