/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pageq.h - the queue of raw sub-buffers read but not decoded yet.
 * Up to a memory limit they are kept in memory; beyond it they go to an
 * unlinked spill file, so a slow decoder (JSON into a slow pipe) makes
 * the recorder use disk instead of letting the kernel overwrite events.
 * Used by one thread only (the decoder): the reader thread hands pages
 * over through recorder.c's inbox, so it never waits on this disk.
 */
#ifndef UT_PAGEQ_H
#define UT_PAGEQ_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct ut_qent {
	void *data;			/* in memory, or NULL: spilled at off */
	off_t off;
	unsigned long long ts;		/* sub-buffer time stamp */
	int cpu;
};

struct ut_pageq {
	struct ut_qent *q;
	size_t head, n, cap;		/* entries q[head..n) */
	size_t page_size;
	size_t in_mem, max_mem;		/* sub-buffers held in memory */
	int spill_fd;			/* -1 until first needed */
	off_t spill_end;
	off_t punched;			/* file space before this is freed */
	bool spilling;			/* new pages go to the file (FIFO) */
	void *scratch;			/* a spilled page, read back */
	size_t *per_cpu;		/* queued sub-buffers per CPU */
	int ncpus;
	size_t spilled_total;		/* for the record */
	/* where page buffers go when done with (default: free) */
	void (*release)(void *arg, void *page);
	void *release_arg;
};

void ut_pageq_init(struct ut_pageq *q, int ncpus, size_t page_size,
		   size_t max_mem);
/* A new buffer of page_size bytes (malloc) to read a sub-buffer into. */
void *ut_pageq_buffer(struct ut_pageq *q);
/* Queue page (from ut_pageq_buffer); the queue owns it afterwards. */
void ut_pageq_push(struct ut_pageq *q, void *page, int cpu,
		   unsigned long long ts);
/*
 * The oldest sub-buffer, valid until ut_pageq_done(); NULL when empty.
 */
void *ut_pageq_peek(struct ut_pageq *q, int *cpu);
/*
 * The same in two steps, so that a reader thread can push meanwhile:
 * ut_pageq_front() copies the oldest entry (false when empty; under the
 * caller's lock), ut_pageq_load() returns its bytes, reading a spilled
 * one back from the file (no lock needed: only the consumer reads).
 */
bool ut_pageq_front(struct ut_pageq *q, struct ut_qent *e);
void *ut_pageq_load(struct ut_pageq *q, const struct ut_qent *e);
void ut_pageq_done(struct ut_pageq *q);
static inline size_t ut_pageq_len(const struct ut_pageq *q)
{
	return q->n - q->head;
}
/* The earliest time stamp of a queued sub-buffer; false when empty. */
bool ut_pageq_min_ts(const struct ut_pageq *q, unsigned long long *ts);
void ut_pageq_free(struct ut_pageq *q);

#endif
