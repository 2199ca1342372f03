// SPDX-License-Identifier: GPL-2.0
/* pageq.c - FIFO of sub-buffers: memory first, then a spill file. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pageq.h"

#define PUNCH_BYTES	(1 << 20)

static void __attribute__((noreturn)) die(const char *what)
{
	fprintf(stderr, "utrace-record: %s: %s\n", what, strerror(errno));
	exit(EXIT_FAILURE);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p)
		die("out of memory");
	return p;
}

void ut_pageq_init(struct ut_pageq *q, int ncpus, size_t page_size,
		   size_t max_mem)
{
	memset(q, 0, sizeof(*q));
	q->page_size = page_size;
	q->max_mem = max_mem;
	q->spill_fd = -1;
	q->ncpus = ncpus;
	q->per_cpu = calloc(ncpus, sizeof(*q->per_cpu));
	if (!q->per_cpu)
		die("out of memory");
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

/* An unlinked file on disk ($TMPDIR, else /var/tmp), not in memory. */
static int spill_open(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	if (!dir || !*dir)
		dir = "/var/tmp";
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	snprintf(path, sizeof(path), "%s/utrace-record-XXXXXX", dir);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		die("cannot create a spill file");
	unlink(path);
	return fd;
}

static void spill(struct ut_pageq *q, struct ut_qent *e, void *page)
{
	size_t done = 0;
	ssize_t n;

	if (q->spill_fd < 0)
		q->spill_fd = spill_open();
	while (done < q->page_size) {
		n = pwrite(q->spill_fd, (char *)page + done,
			   q->page_size - done, q->spill_end + done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("cannot write the spill file");
		done += n;
	}
	e->data = NULL;
	e->off = q->spill_end;
	q->spill_end += q->page_size;
	q->spilled_total++;
	release(q, page);
}

void ut_pageq_push(struct ut_pageq *q, void *page, int cpu,
		   unsigned long long ts)
{
	struct ut_qent *e;

	if (q->head && q->head == q->n)
		q->head = q->n = 0;
	if (q->n == q->cap) {
		if (q->head) {
			/* Reuse the consumed front. */
			memmove(q->q, q->q + q->head,
				(q->n - q->head) * sizeof(*q->q));
			q->n -= q->head;
			q->head = 0;
		} else {
			size_t cap = q->cap ? q->cap * 2 : 256;

			e = realloc(q->q, cap * sizeof(*e));
			if (!e)
				die("out of memory");
			q->q = e;
			q->cap = cap;
		}
	}
	e = &q->q[q->n++];
	e->cpu = cpu;
	e->ts = ts;
	q->per_cpu[cpu]++;
	/* Once spilling, stay on the file until it is drained: FIFO. */
	if (q->spilling || q->in_mem >= q->max_mem) {
		q->spilling = true;
		spill(q, e, page);
	} else {
		e->data = page;
		q->in_mem++;
	}
}

bool ut_pageq_front(struct ut_pageq *q, struct ut_qent *e)
{
	if (q->head == q->n)
		return false;
	*e = q->q[q->head];
	return true;
}

void *ut_pageq_peek(struct ut_pageq *q, int *cpu)
{
	struct ut_qent e;

	if (!ut_pageq_front(q, &e))
		return NULL;
	*cpu = e.cpu;
	return ut_pageq_load(q, &e);
}

void *ut_pageq_load(struct ut_pageq *q, const struct ut_qent *e)
{
	size_t done = 0;
	ssize_t n;

	if (e->data)
		return e->data;
	if (!q->scratch)
		q->scratch = xmalloc(q->page_size);
	while (done < q->page_size) {
		n = pread(q->spill_fd, (char *)q->scratch + done,
			  q->page_size - done, e->off + done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("cannot read the spill file");
		done += n;
	}
	/*
	 * Give the disk space back as the file is consumed (it is read in
	 * the order it was written), a megabyte at a time.
	 */
	if (e->off + (off_t)q->page_size - q->punched >= PUNCH_BYTES) {
		fallocate(q->spill_fd, FALLOC_FL_PUNCH_HOLE |
			  FALLOC_FL_KEEP_SIZE, q->punched,
			  e->off + q->page_size - q->punched);
		q->punched = e->off + q->page_size;
	}
	return q->scratch;
}

void ut_pageq_done(struct ut_pageq *q)
{
	struct ut_qent *e = &q->q[q->head++];

	q->per_cpu[e->cpu]--;
	if (e->data) {
		release(q, e->data);
		q->in_mem--;
	}
	if (q->head == q->n && q->spilling) {
		q->spilling = false;
		q->spill_end = 0;
		q->punched = 0;
		if (ftruncate(q->spill_fd, 0) < 0)
			die("cannot truncate the spill file");
	}
}

bool ut_pageq_min_ts(const struct ut_pageq *q, unsigned long long *ts)
{
	int want = 0, cpu;
	bool any = false;
	size_t i;
	char seen[q->ncpus];

	/* Per CPU the queue is in time order: its first entry is oldest. */
	memset(seen, 0, sizeof(seen));
	for (cpu = 0; cpu < q->ncpus; cpu++)
		want += q->per_cpu[cpu] > 0;
	for (i = q->head; i < q->n && want; i++) {
		if (seen[q->q[i].cpu])
			continue;
		seen[q->q[i].cpu] = 1;
		want--;
		if (!any || q->q[i].ts < *ts) {
			*ts = q->q[i].ts;
			any = true;
		}
	}
	return any;
}

void ut_pageq_free(struct ut_pageq *q)
{
	size_t i;

	for (i = q->head; i < q->n; i++)
		free(q->q[i].data);
	free(q->q);
	free(q->scratch);
	free(q->per_cpu);
	if (q->spill_fd >= 0)
		close(q->spill_fd);
	memset(q, 0, sizeof(*q));
	q->spill_fd = -1;
}
