/* SPDX-License-Identifier: GPL-2.0 */
/*
 * traceclock.h - the instances' trace clock, and its time stamps as
 * CLOCK_MONOTONIC nanoseconds (what every time in the output is).
 *
 * mono costs each traced event a clocksource read (with kvm-clock, a
 * pvclock read and, without a stable TSC flag, a global atomic); x86-tsc
 * is one rdtsc.  So x86-tsc is used where the TSC is reliable (the
 * kernel lists the tsc clocksource, and the CPUs have constant_tsc and
 * nonstop_tsc), else mono.  TSC cycles are converted by a map anchored
 * to CLOCK_MONOTONIC samples (rdtsc and clock_gettime side by side),
 * one at the start and then one a second: each anchor starts a new
 * segment where the map left off (continuous, never backwards, so the
 * order of events is kept) with a slope that makes up the map's error
 * over the next second, at most 1000 ppm, as adjtime slews a clock.
 */
#ifndef UT_TRACECLOCK_H
#define UT_TRACECLOCK_H

#include <stdbool.h>
#include <stdint.h>

#define UT_TSC_ANCHORS	1024		/* segments kept (17 min at 1 s) */

struct ut_tsc_seg {
	uint64_t c;			/* cycles where the segment starts */
	int64_t v;			/* its value there, ns */
	double slope;			/* ns per cycle */
};

struct ut_tsc_map {
	struct ut_tsc_seg seg[UT_TSC_ANCHORS];	/* a ring, oldest first */
	unsigned int first, n;
	uint64_t c0;			/* the first sample: the baseline */
	int64_t m0;
};

/* The map from two samples (m ns at c cycles), c1 > c0. */
void ut_tsc_map_init(struct ut_tsc_map *map, int64_t m0, uint64_t c0,
		     int64_t m1, uint64_t c1);
/* A new sample: a new segment (ignored unless c is past the last one). */
void ut_tsc_map_anchor(struct ut_tsc_map *map, int64_t m, uint64_t c);
/* c cycles in ns. */
int64_t ut_tsc_map_ns(const struct ut_tsc_map *map, uint64_t c);

/*
 * Choose the clock once, for every instance: UTRACE_RECORD_CLOCK (auto,
 * mono or x86-tsc) or auto; offered: the instance's trace_clock file;
 * mono_only: raw sub-buffers are kept (--dat), whose time stamps must be
 * nanoseconds.  Returns the name to write to trace_clock, or NULL with
 * a message when the one asked for cannot be used.
 */
const char *ut_tclock_choose(const char *offered, bool mono_only);
/* The clock chosen is x86-tsc. */
bool ut_tclock_is_tsc(void);
/* Tracing is on: the second sample (the map's first slope). */
void ut_tclock_started(void);
/* Called by the decoding thread often: a new anchor once a second. */
void ut_tclock_tick(void);
/* A trace time stamp in CLOCK_MONOTONIC ns. */
static inline uint64_t ut_tclock_ns(uint64_t ts)
{
	extern struct ut_tsc_map *ut_tclock_map;

	return ut_tclock_map ? (uint64_t)ut_tsc_map_ns(ut_tclock_map, ts) : ts;
}

#endif
