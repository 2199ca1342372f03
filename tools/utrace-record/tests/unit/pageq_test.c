// SPDX-License-Identifier: GPL-2.0
/*
 * pageq_test.c - the sub-buffer queue keeps each CPU's order across the
 * memory limit and the spill file, gives out the oldest CPU head first,
 * reports the oldest time stamp, and goes back to memory once the file is
 * drained; beyond the spill file's limit it drops sub-buffers, tells
 * the owner once each, and never exits.  Prints TAP.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pageq.h"
#include "tap.h"

#define PAGE	4096
#define MEM	4

/* Push page number i of cpu (its bytes say so), time stamp ts. */
static void push(struct ut_pageq *q, int i, int cpu, unsigned long long ts)
{
	char *p = ut_pageq_buffer(q);

	memset(p, 0, PAGE);
	snprintf(p, PAGE, "page %d cpu %d", i, cpu);
	p[PAGE - 1] = (char)i;	/* the end of the page travels too */
	ut_pageq_push(q, p, cpu, ts);
}

/* Pop one page and check it is number i of cpu. */
static int pop_is(struct ut_pageq *q, int i, int cpu)
{
	char want[64], *p;
	int c = -1, good;

	p = ut_pageq_peek(q, &c);
	snprintf(want, sizeof(want), "page %d cpu %d", i, cpu);
	good = p && c == cpu && !strcmp(p, want) && p[PAGE - 1] == (char)i;
	if (p)
		ut_pageq_done(q);
	return good;
}

static int drops, drop_cpu = -1;

static void on_drop(void *arg, const void *page, int cpu)
{
	(void)arg;
	drops += page != NULL;
	drop_cpu = cpu;
}

int main(void)
{
	struct ut_pageq q;
	unsigned long long ts = 0;
	int i, good;

	setenv("TMPDIR", "/tmp", 0);
	ut_pageq_init(&q, 2, PAGE, MEM);
	/* 10 pages alternating CPUs: 4 in memory, 6 spilled. */
	for (i = 0; i < 10; i++)
		push(&q, i, i % 2, 1000 + i);
	ok(ut_pageq_len(&q) == 10 && q.in_mem == MEM && q.spilled_total == 6,
	   "4 sub-buffers in memory, 6 spilled to the file");
	ok(ut_pageq_min_ts(&q, &ts) && ts == 1000, "oldest time stamp 1000");
	ok(pop_is(&q, 0, 0), "first out is the first in");
	ok(ut_pageq_min_ts(&q, &ts) && ts == 1001,
	   "oldest after one pop: cpu 1's first (1001)");
	/* While spilled pages wait, new ones queue behind them. */
	push(&q, 10, 0, 1010);
	ok(q.spilled_total == 7, "a page pushed while spilling is spilled too");
	for (good = 1, i = 1; i <= 10; i++)
		good &= pop_is(&q, i, i % 2);
	ok(good, "pages 1..10 come out in read order, contents intact");
	ok(!ut_pageq_len(&q) && !q.spilling && q.spill_end == 0,
	   "drained: back to memory, the spill file truncated");
	ok(!ut_pageq_min_ts(&q, &ts), "empty queue: no oldest time stamp");
	push(&q, 11, 1, 2000);
	ok(q.in_mem == 1 && q.spilled_total == 7 && pop_is(&q, 11, 1),
	   "after draining, a new page stays in memory");
	ut_pageq_free(&q);

	/* A CPU read late: its older sub-buffer still comes out first. */
	ut_pageq_init(&q, 2, PAGE, MEM);
	push(&q, 20, 0, 100);
	push(&q, 21, 0, 110);
	push(&q, 22, 0, 120);
	push(&q, 23, 1, 105);
	ok(pop_is(&q, 20, 0) && pop_is(&q, 23, 1) && pop_is(&q, 21, 0) &&
	   pop_is(&q, 22, 0), "across CPUs, the oldest first sub-buffer comes out first");
	ut_pageq_free(&q);

	/* A spill file of 2 pages: the next ones are dropped, counted. */
	ut_pageq_init(&q, 2, PAGE, MEM);
	q.spill_max = 2 * PAGE;
	q.drop = on_drop;
	for (i = 0; i < MEM + 4; i++)
		push(&q, 30 + i, 1, 3000 + i);
	ok(ut_pageq_len(&q) == MEM + 2 && q.spilled_total == 2 &&
	   q.dropped_total == 2 && drops == 2 && drop_cpu == 1 && q.warned,
	   "spill limit: 2 spilled, 2 dropped and reported to the owner");
	for (good = 1, i = 0; i < MEM + 2; i++)
		good &= pop_is(&q, 30 + i, 1);
	ok(good && !ut_pageq_len(&q) && !q.spilling,
	   "what was kept comes out in order; then back to memory");
	ut_pageq_free(&q);

	/* An unwritable spill directory: dropped, no exit. */
	setenv("TMPDIR", "/nonexistent/dir", 1);
	ut_pageq_init(&q, 1, PAGE, 1);
	q.drop = on_drop;
	drops = 0;
	push(&q, 40, 0, 4000);
	push(&q, 41, 0, 4001);
	ok(ut_pageq_len(&q) == 1 && drops == 1 && pop_is(&q, 40, 0),
	   "no spill file possible: the page beyond memory is dropped");
	ut_pageq_free(&q);
	return tap_done();
}
