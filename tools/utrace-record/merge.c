// SPDX-License-Identifier: GPL-2.0
/*
 * merge.c - decode, merge and print in steps.  A cycle decodes up to
 * DECODE_PAGES queued sub-buffers (and what the compat signal instance
 * queued), merges them into the held tail of the previous cycle, and
 * prints batch[cur..cut): the events older than both the limit and
 * every still queued sub-buffer.  Later steps of the cycle print the
 * rest of that range, MERGE_CHUNK events at a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"

#define DECODE_PAGES	64

void merge_init(struct emitter *e, struct out_state *out, struct ut_rec *rec,
		struct ut_rec *sig_rec)
{
	memset(e, 0, sizeof(*e));
	e->out = out;
	e->rec = rec;
	e->sig_rec = sig_rec;
}

/* limit lowered to the earliest time stamp r still has queued. */
static long long queued_limit(struct ut_rec *r, long long limit)
{
	unsigned long long qts;

	if (r && ut_rec_queued_min_ts(r, &qts) &&
	    (limit < 0 || qts < (unsigned long long)limit))
		limit = qts;
	return limit;
}

/*
 * limit lowered to where every CPU of rec and sig_rec has been read:
 * a CPU whose reader is late may still hold older events than the
 * others' (taken before decoding, so that what the readers handed over
 * until then is decoded or still queued).
 */
static long long read_limit(struct emitter *e, long long limit)
{
	unsigned long long m = ut_rec_read_mark(e->rec), s;

	if (e->sig_rec) {
		s = ut_rec_read_mark(e->sig_rec);
		if (s < m)
			m = s;
	}
	return m < (unsigned long long)limit ? (long long)m : limit;
}

/*
 * A new cycle: the held events (sorted) and newly decoded ones, merged;
 * the cut is the first event at or after limit (or any still queued,
 * or not yet read).  The printed front is dropped only once it is half
 * the batch.
 */
static long long new_cycle(struct emitter *e, long long limit, size_t max)
{
	struct ut_batch *b = &e->batch;
	size_t held, lo, hi, i;

	if (e->cur && e->cur >= b->n / 2) {
		memmove(b->ev, b->ev + e->cur, (b->n - e->cur) * sizeof(*b->ev));
		b->n -= e->cur;
		e->cur = 0;
	}
	held = b->n;
	if (limit >= 0)
		limit = read_limit(e, limit);
	ut_rec_decode(e->rec, b, max ? DECODE_PAGES : 0);
	if (e->sig_rec)
		ut_rec_decode(e->sig_rec, b, 0);
	ut_batch_merge(b, e->cur, held);
	limit = queued_limit(e->rec, limit);
	limit = queued_limit(e->sig_rec, limit);
	lo = e->cur;
	hi = b->n;
	while (limit >= 0 && lo < hi) {
		i = lo + (hi - lo) / 2;
		if ((long long)b->ev[i].ts < limit)
			lo = i + 1;
		else
			hi = i;
	}
	e->cut = limit >= 0 ? lo : b->n;
	return limit;
}

bool merge_emit(struct emitter *e, long long limit, size_t max)
{
	struct out_state *s = e->out;
	struct ut_batch *b = &e->batch;
	size_t i, end;

	if (e->cur == e->cut)
		limit = new_cycle(e, limit, max);
	end = max && e->cut - e->cur > max ? e->cur + max : e->cut;
	for (i = e->cur; i < end && !s->write_failed; i++) {
		output_event(s, &b->ev[i]);
		ut_event_clear(&b->ev[i]);
	}
	if (end > e->cur)
		output_calls_flush(s, b->ev[end - 1].ts);
	e->cur = end;
	output_flush(s);
	return e->cur < e->cut || ut_rec_queued(e->rec) ||
	       (e->sig_rec && ut_rec_queued(e->sig_rec)) ||
	       (limit < 0 && e->cut < b->n);
}

static void merge_free(struct emitter *e)
{
	size_t i;

	for (i = e->cur; i < e->batch.n; i++)
		ut_event_clear(&e->batch.ev[i]);
	free(e->batch.ev);
	memset(&e->batch, 0, sizeof(e->batch));
	e->cur = e->cut = 0;
}

/*
 * The stream reports what sub-buffers said they missed; the kernel's
 * per-CPU stats also count losses no sub-buffer carried (an unknown
 * count, drops, a loss after the last read).  The difference is printed
 * as one more LOST line per CPU, so the lines add up to the kernel's.
 * The same for the compat -sig instance (its LOST lines say so).
 */
static void emit_kernel_loss(struct out_state *s, struct ut_rec *r)
{
	struct ut_event ev;
	long long k;
	int cpu;

	for (cpu = 0; cpu < r->ncpus; cpu++) {
		k = ut_rec_cpu_lost(r, cpu) - r->lost_cpu[cpu];
		if (k <= 0)
			continue;
		memset(&ev, 0, sizeof(ev));
		ev.kind = UT_LOST;
		ev.ts = s->last_ts;
		ev.cpu = cpu;
		ev.lost.count = k;
		ev.lost.sig = r->sig_instance;
		r->lost_cpu[cpu] += k;
		r->lost_known += k;
		output_event(s, &ev);
	}
}

void merge_drain(struct emitter *e)
{
	struct out_state *s = e->out;

	while (!s->write_failed && merge_emit(e, -1, MERGE_CHUNK))
		;
	merge_free(e);
	output_calls_flush(s, 0);
	if (e->rec->raw_only || s->write_failed)
		return;
	emit_kernel_loss(s, e->rec);
	if (e->sig_rec)
		emit_kernel_loss(s, e->sig_rec);
	output_flush(s);
}

/*
 * One stderr line: the total over both instances, and with a -sig
 * instance, its share.  N (in the stream, or the kernel's with -q
 * --dat) = overrun + dropped of every per-CPU stats file of both.
 */
void merge_report_loss(struct ut_rec *rec, struct ut_rec *sig_rec)
{
	long long overrun, dropped, s_overrun = 0, s_dropped = 0, known;
	long long spill = rec->dropped_events;
	char share[64] = "", figures[96] = "", spilled[96] = "";

	ut_rec_stats(rec, &overrun, &dropped);
	known = rec->lost_known;
	if (sig_rec) {
		ut_rec_stats(sig_rec, &s_overrun, &s_dropped);
		overrun += s_overrun;
		dropped += s_dropped;
		known += sig_rec->lost_known;
		spill += sig_rec->dropped_events;
	}
	if (!known && !spill && !rec->lost_unknown && !overrun && !dropped &&
	    !(sig_rec && sig_rec->lost_unknown))
		return;
	/* The recorder's own drops: the spill file was full or failed. */
	if (spill)
		snprintf(spilled, sizeof(spilled), "; dropped by the recorder, "
			 "the spill file full: %lld", spill);
	known += spill;
	if (sig_rec) {
		snprintf(share, sizeof(share), ", %lld of them in the -sig "
			 "instance",
			 rec->raw_only ? s_overrun + s_dropped :
			 sig_rec->lost_known);
		snprintf(figures, sizeof(figures), "; -sig instance: overrun "
			 "%lld, dropped %lld", s_overrun, s_dropped);
	}
	if (rec->raw_only)
		fprintf(stderr, "utrace-record: lost events: %lld%s "
			"(kernel per-CPU stats: overrun %lld, dropped %lld%s; "
			"try a larger -b)\n", overrun + dropped, share,
			overrun, dropped, figures);
	else
		fprintf(stderr, "utrace-record: lost events: %lld reported in "
			"the stream%s (kernel per-CPU stats: overrun %lld, "
			"dropped %lld%s%s; try a larger -b)\n", known, share,
			overrun, dropped, figures, spilled);
}
