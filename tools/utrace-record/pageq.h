/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pageq.h - the sub-buffers read but not decoded yet, a FIFO per CPU.
 * Up to a memory limit they are kept in memory; beyond it they go to an
 * unlinked spill file, so a slow decoder (JSON into a slow pipe) makes
 * the recorder use disk instead of letting the kernel overwrite events.
 * The oldest head (by sub-buffer time stamp) comes out first, so decoded
 * events arrive nearly in time order whatever order the CPUs were read
 * in, and few wait to be sorted.  Used by one thread only (the decoder):
 * the reader thread hands pages over through recorder.c's inbox, so it
 * never waits on this disk.
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

struct ut_cpuq {
	struct ut_qent *q;
	size_t head, n, cap;		/* entries q[head..n) */
};

struct ut_pageq {
	struct ut_cpuq *cq;		/* per CPU */
	int ncpus;
	size_t len;			/* queued, all CPUs */
	size_t page_size;
	size_t in_mem, max_mem;		/* sub-buffers held in memory */
	int spill_fd;			/* -1 until first needed */
	off_t spill_end;
	bool spilling;			/* new pages go to the file */
	void *scratch;			/* a spilled page, read back */
	int peeked;			/* CPU of the last peek, or -1 */
	size_t spilled_total;		/* for the record */
	/*
	 * The spill file's size limit in bytes (0: none).  A sub-buffer
	 * that would pass it, or that cannot be written (a full disk), is
	 * dropped: drop() is told (to count its events as lost), and one
	 * line on stderr says so, the first time.
	 */
	off_t spill_max;
	size_t dropped_total;		/* sub-buffers dropped */
	bool warned;
	/*
	 * A sub-buffer dropped: page (still valid during the call), or
	 * NULL when a spilled one could not be read back (count unknown).
	 */
	void (*drop)(void *arg, const void *page, int cpu);
	/* where page buffers go when done with (default: free) */
	void (*release)(void *arg, void *page);
	void *release_arg;		/* of drop and release */
};

void ut_pageq_init(struct ut_pageq *q, int ncpus, size_t page_size,
		   size_t max_mem);
/* A new buffer of page_size bytes (malloc) to read a sub-buffer into. */
void *ut_pageq_buffer(struct ut_pageq *q);
/*
 * Queue page (from ut_pageq_buffer); the queue owns it afterwards.
 * Never fails: what cannot be kept is dropped (see spill_max).
 */
void ut_pageq_push(struct ut_pageq *q, void *page, int cpu,
		   unsigned long long ts);
/*
 * The queued sub-buffer with the oldest time stamp among the CPUs'
 * first ones, valid until ut_pageq_done(); NULL when empty.
 */
void *ut_pageq_peek(struct ut_pageq *q, int *cpu);
void ut_pageq_done(struct ut_pageq *q);
static inline size_t ut_pageq_len(const struct ut_pageq *q)
{
	return q->len;
}
/* The earliest time stamp of a queued sub-buffer; false when empty. */
bool ut_pageq_min_ts(const struct ut_pageq *q, unsigned long long *ts);
void ut_pageq_free(struct ut_pageq *q);

#endif
