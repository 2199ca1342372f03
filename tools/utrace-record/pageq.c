// SPDX-License-Identifier: GPL-2.0
/* pageq.c - per-CPU FIFOs of sub-buffers: memory first, then a file. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pageq.h"

/*
 * Out of memory: abort.  Not exit(): this may run in a reader thread,
 * and the exit handlers would wait for that thread to end.
 */
static void __attribute__((noreturn)) oom(void)
{
	fputs("utrace-record: out of memory\n", stderr);
	abort();
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p)
		oom();
	return p;
}

void ut_pageq_init(struct ut_pageq *q, int ncpus, size_t page_size,
		   size_t max_mem)
{
	memset(q, 0, sizeof(*q));
	q->page_size = page_size;
	q->max_mem = max_mem;
	q->spill_fd = -1;
	q->peeked = -1;
	q->ncpus = ncpus;
	q->cq = calloc(ncpus, sizeof(*q->cq));
	if (!q->cq)
		oom();
}

void *ut_pageq_buffer(struct ut_pageq *q)
{
	return xmalloc(q->page_size);
}

static void release(struct ut_pageq *q, void *page)
{
	if (q->release)
		q->release(q->release_arg, page);
	else
		free(page);
}

static const char *spill_dir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir && *dir ? dir : "/var/tmp";
}

/*
 * An unlinked file on disk ($TMPDIR, else /var/tmp), not in memory:
 * O_TMPFILE, else a new name (O_EXCL) removed at once; < 0 on failure.
 */
static int spill_open(void)
{
	const char *dir = spill_dir();
	char path[4096];
	int fd;

	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	snprintf(path, sizeof(path), "%s/utrace-record-XXXXXX", dir);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd >= 0)
		unlink(path);
	return fd;
}

/* The first sub-buffer dropped: one line, never more. */
static void warn_once(struct ut_pageq *q, const char *why, int err)
{
	if (q->warned)
		return;
	q->warned = true;
	if (err)
		fprintf(stderr, "utrace-record: %s (in %s): %s; sub-buffers "
			"that do not fit in memory are dropped and counted "
			"as lost\n", why, spill_dir(), strerror(err));
	else
		fprintf(stderr, "utrace-record: %s; sub-buffers that do not "
			"fit in memory are dropped and counted as lost\n",
			why);
}

/* page to the end of the spill file; false when it cannot be kept. */
static bool spill(struct ut_pageq *q, struct ut_qent *e, void *page)
{
	size_t done = 0;
	ssize_t n;
	char why[96];

	if (q->spill_max && q->spill_end + (off_t)q->page_size > q->spill_max) {
		snprintf(why, sizeof(why), "the spill file reached its limit "
			 "of %lld MiB", (long long)(q->spill_max >> 20));
		warn_once(q, why, 0);
		return false;
	}
	if (q->spill_fd < 0)
		q->spill_fd = spill_open();
	if (q->spill_fd < 0) {
		warn_once(q, "cannot create a spill file", errno);
		return false;
	}
	while (done < q->page_size) {
		n = pwrite(q->spill_fd, (char *)page + done,
			   q->page_size - done, q->spill_end + done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			warn_once(q, "cannot write the spill file",
				  n < 0 ? errno : ENOSPC);
			return false;
		}
		done += n;
	}
	e->data = NULL;
	e->off = q->spill_end;
	q->spill_end += q->page_size;
	q->spilled_total++;
	release(q, page);
	return true;
}

/* Everything queued was decoded: back to memory, the file emptied. */
static void spill_reset(struct ut_pageq *q)
{
	q->spilling = false;
	q->spill_end = 0;
	if (q->spill_fd >= 0)
		(void)!ftruncate(q->spill_fd, 0);
}

void ut_pageq_push(struct ut_pageq *q, void *page, int cpu,
		   unsigned long long ts)
{
	struct ut_cpuq *c = &q->cq[cpu];
	struct ut_qent *e;

	if (c->head && c->head == c->n)
		c->head = c->n = 0;
	if (c->n == c->cap) {
		if (c->head) {
			/* Reuse the consumed front. */
			memmove(c->q, c->q + c->head,
				(c->n - c->head) * sizeof(*c->q));
			c->n -= c->head;
			c->head = 0;
		} else {
			size_t cap = c->cap ? c->cap * 2 : 256;

			e = realloc(c->q, cap * sizeof(*e));
			if (!e)
				oom();
			c->q = e;
			c->cap = cap;
		}
	}
	e = &c->q[c->n++];
	e->cpu = cpu;
	e->ts = ts;
	q->len++;
	/*
	 * Once spilling, stay on the file until everything queued is
	 * decoded: what is in memory then is never newer than what is on
	 * disk, and memory does not fill again behind the file's back.
	 */
	if (q->spilling || q->in_mem >= q->max_mem) {
		q->spilling = true;
		if (!spill(q, e, page)) {
			/* Not queued after all: counted as lost. */
			c->n--;
			q->len--;
			q->dropped_total++;
			if (q->drop)
				q->drop(q->release_arg, page, cpu);
			release(q, page);
			if (!q->len)
				spill_reset(q);
		}
	} else {
		e->data = page;
		q->in_mem++;
	}
}

/* The CPU whose first queued sub-buffer is the oldest, or -1. */
static int oldest_cpu(const struct ut_pageq *q)
{
	unsigned long long best = 0;
	int cpu, pick = -1;

	for (cpu = 0; cpu < q->ncpus; cpu++) {
		const struct ut_cpuq *c = &q->cq[cpu];

		if (c->head == c->n)
			continue;
		if (pick < 0 || c->q[c->head].ts < best) {
			best = c->q[c->head].ts;
			pick = cpu;
		}
	}
	return pick;
}

void *ut_pageq_peek(struct ut_pageq *q, int *cpu)
{
	struct ut_qent *e;
	size_t done;
	ssize_t n;

again:
	q->peeked = oldest_cpu(q);
	if (q->peeked < 0)
		return NULL;
	e = &q->cq[q->peeked].q[q->cq[q->peeked].head];
	*cpu = e->cpu;
	if (e->data)
		return e->data;
	if (!q->scratch)
		q->scratch = xmalloc(q->page_size);
	for (done = 0; done < q->page_size; done += n) {
		n = pread(q->spill_fd, (char *)q->scratch + done,
			  q->page_size - done, e->off + done);
		if (n < 0 && errno == EINTR) {
			n = 0;
			continue;
		}
		if (n <= 0) {
			/* Lost, its count unknown: go on with the next. */
			warn_once(q, "cannot read the spill file",
				  n < 0 ? errno : EIO);
			q->dropped_total++;
			if (q->drop)
				q->drop(q->release_arg, NULL, e->cpu);
			ut_pageq_done(q);
			goto again;
		}
	}
	/* Give the disk space back as pages are read back. */
	fallocate(q->spill_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		  e->off, q->page_size);
	return q->scratch;
}

void ut_pageq_done(struct ut_pageq *q)
{
	struct ut_cpuq *c;
	struct ut_qent *e;

	if (q->peeked < 0)
		return;
	c = &q->cq[q->peeked];
	e = &c->q[c->head++];
	q->peeked = -1;
	q->len--;
	if (e->data) {
		release(q, e->data);
		q->in_mem--;
	}
	if (!q->len && q->spilling)
		spill_reset(q);
}

bool ut_pageq_min_ts(const struct ut_pageq *q, unsigned long long *ts)
{
	int cpu = oldest_cpu(q);

	if (cpu < 0)
		return false;
	*ts = q->cq[cpu].q[q->cq[cpu].head].ts;
	return true;
}

void ut_pageq_free(struct ut_pageq *q)
{
	size_t i;
	int cpu;

	for (cpu = 0; q->cq && cpu < q->ncpus; cpu++) {
		for (i = q->cq[cpu].head; i < q->cq[cpu].n; i++)
			free(q->cq[cpu].q[i].data);
		free(q->cq[cpu].q);
	}
	free(q->cq);
	free(q->scratch);
	if (q->spill_fd >= 0)
		close(q->spill_fd);
	memset(q, 0, sizeof(*q));
	q->spill_fd = -1;
	q->peeked = -1;
}
