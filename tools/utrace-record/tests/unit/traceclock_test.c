// SPDX-License-Identifier: GPL-2.0
/*
 * traceclock_test.c - the TSC-to-CLOCK_MONOTONIC map: exact for a
 * correct slope, never backwards across anchors, continuous at each
 * one, makes up a wrong first slope within a few anchors, and looks up
 * old segments right.  Prints TAP.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "traceclock.h"
#include "tap.h"

/* A "true" clock: 2.5 cycles per ns, from cycle C0 at ns M0. */
#define C0	1000000000000ULL
#define M0	5000000000LL
static int64_t truth(uint64_t c)
{
	return M0 + (int64_t)((c - C0) / 2.5);
}

static uint64_t cyc(int64_t ns)
{
	return C0 + (uint64_t)((ns - M0) * 2.5);
}

int main(void)
{
	static struct ut_tsc_map map;
	int64_t prev, v, worst = 0, err;
	uint64_t c, step = 2500;	/* 1 us */
	int i, mono = 1, cont = 1;

	/* The first slope from 2 ms, 1% wrong (a bad sample). */
	ut_tsc_map_init(&map, M0, C0, M0 + 2020000, cyc(M0 + 2000000));
	prev = ut_tsc_map_ns(&map, C0);
	for (i = 1; i <= 20; i++) {
		int64_t at = M0 + i * 1000000000LL;
		int64_t before = ut_tsc_map_ns(&map, cyc(at));

		ut_tsc_map_anchor(&map, at, cyc(at));
		cont &= ut_tsc_map_ns(&map, cyc(at)) == before;
	}
	ok(map.n == 21, "21 segments");
	ok(cont, "each anchor continues the map where it was");
	for (c = C0; c < cyc(M0 + 21000000000LL); c += step * 997) {
		v = ut_tsc_map_ns(&map, c);
		mono &= v >= prev;
		prev = v;
	}
	ok(mono, "never backwards over 21 s in 1 ms steps");
	for (c = cyc(M0 + 15000000000LL); c < cyc(M0 + 20000000000LL);
	     c += step * 1000) {
		err = llabs(ut_tsc_map_ns(&map, c) - truth(c));
		if (err > worst)
			worst = err;
	}
	if (!ok(worst < 1000, "after 15 s the error is under 1 us"))
		diag("worst %lld ns", (long long)worst);
	/* A sample not past the last one is ignored. */
	ut_tsc_map_anchor(&map, M0, C0);
	ok(map.n == 21, "an anchor behind the last is ignored");

	/* A correct slope: exact, and the ring drops the oldest. */
	ut_tsc_map_init(&map, M0, C0, M0 + 2000000, cyc(M0 + 2000000));
	for (i = 1; i <= UT_TSC_ANCHORS + 10; i++)
		ut_tsc_map_anchor(&map, M0 + i * 1000000LL, cyc(M0 + i * 1000000LL));
	ok(map.n == UT_TSC_ANCHORS, "the ring keeps UT_TSC_ANCHORS segments");
	worst = 0;
	for (i = 0; i < 2000; i++) {
		c = cyc(M0 + i * 517000LL);
		err = llabs(ut_tsc_map_ns(&map, c) - truth(c));
		if (err > worst)
			worst = err;
	}
	if (!ok(worst <= 1, "a correct slope: old and new times exact"))
		diag("worst %lld ns", (long long)worst);
	return tap_done();
}
