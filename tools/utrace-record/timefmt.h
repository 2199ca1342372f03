/* SPDX-License-Identifier: GPL-2.0 */
/*
 * timefmt.h - the time column of text lines: the trace clock (mono,
 * CLOCK_MONOTONIC) by default, wall-clock time of day (-t), or seconds
 * since the recording started (-r).
 */
#ifndef UT_TIMEFMT_H
#define UT_TIMEFMT_H

#include <stdbool.h>
#include <stdint.h>

#include "sbuf.h"

enum ut_time_mode {
	UT_TIME_MONO,		/* 12345.678901 */
	UT_TIME_WALL,		/* 14:03:59.123456, local time */
	UT_TIME_REL,		/* 0.001234 */
};

/*
 * Choose the mode.  base_ns: for WALL, CLOCK_REALTIME minus
 * CLOCK_MONOTONIC; for REL, the monotonic start of the recording.
 */
void ut_time_set(enum ut_time_mode mode, int64_t base_ns);
/*
 * JSON's "time_unix_ns": base_ns is CLOCK_REALTIME minus the trace
 * clock, known in a live recording (not in -i's).
 */
void ut_time_set_unix(int64_t base_ns);
/* ts as nanoseconds since the epoch; false when the base is unknown. */
bool ut_time_unix_ns(uint64_t ts, int64_t *ns);
/* Append ts (ns of the mono trace clock) in the chosen mode. */
void ut_time_text(struct sbuf *sb, uint64_t ts);

#endif
