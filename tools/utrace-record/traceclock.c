// SPDX-License-Identifier: GPL-2.0
/* traceclock.c - the trace clock and its conversion; see traceclock.h. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "traceclock.h"

#define SLEW_NS		1000000000LL	/* the error is made up over 1 s */
#define SLEW_MAX	0.001		/* at most 1000 ppm */
#define TICK_NS		1000000000LL	/* an anchor a second */
#define FIRST_NS	2000000LL	/* the first slope: >= 2 ms apart */

static struct ut_tsc_seg *seg_at(struct ut_tsc_map *map, unsigned int i)
{
	return &map->seg[(map->first + i) % UT_TSC_ANCHORS];
}

static const struct ut_tsc_seg *cseg_at(const struct ut_tsc_map *map,
					unsigned int i)
{
	return &map->seg[(map->first + i) % UT_TSC_ANCHORS];
}

static int64_t seg_ns(const struct ut_tsc_seg *s, uint64_t c)
{
	/* Signed: cycles before the oldest segment extrapolate back. */
	return s->v + (int64_t)((double)(int64_t)(c - s->c) * s->slope);
}

void ut_tsc_map_init(struct ut_tsc_map *map, int64_t m0, uint64_t c0,
		     int64_t m1, uint64_t c1)
{
	memset(map, 0, sizeof(*map));
	map->m0 = m0;
	map->c0 = c0;
	map->n = 1;
	map->seg[0].c = c0;
	map->seg[0].v = m0;
	map->seg[0].slope = (double)(m1 - m0) / (double)(c1 - c0);
}

void ut_tsc_map_anchor(struct ut_tsc_map *map, int64_t m, uint64_t c)
{
	const struct ut_tsc_seg *last = cseg_at(map, map->n - 1);
	struct ut_tsc_seg next;
	double base, err;

	if (c <= last->c || m <= map->m0)
		return;
	next.c = c;
	next.v = seg_ns(last, c);
	/* The long baseline's slope, corrected for the error so far. */
	base = (double)(m - map->m0) / (double)(c - map->c0);
	err = (double)(next.v - m) / SLEW_NS;
	if (err > SLEW_MAX)
		err = SLEW_MAX;
	if (err < -SLEW_MAX)
		err = -SLEW_MAX;
	next.slope = base * (1.0 - err);
	if (map->n == UT_TSC_ANCHORS) {
		map->first = (map->first + 1) % UT_TSC_ANCHORS;
		map->n--;
	}
	*seg_at(map, map->n++) = next;
}

int64_t ut_tsc_map_ns(const struct ut_tsc_map *map, uint64_t c)
{
	unsigned int lo = 0, hi = map->n - 1, mid;

	/* Nearly always the newest segment, or the one before. */
	if (c >= cseg_at(map, hi)->c)
		return seg_ns(cseg_at(map, hi), c);
	if (hi && c >= cseg_at(map, hi - 1)->c)
		return seg_ns(cseg_at(map, hi - 1), c);
	/* The last segment that starts at or before c (else the oldest). */
	while (lo < hi) {
		mid = (lo + hi + 1) / 2;
		if (cseg_at(map, mid)->c <= c)
			lo = mid;
		else
			hi = mid - 1;
	}
	return seg_ns(cseg_at(map, lo), c);
}

/* The live clock. */
struct ut_tsc_map *ut_tclock_map;	/* NULL: time stamps are mono ns */
static const char *chosen;
static struct ut_tsc_map live;
static int64_t first_m, last_tick;
static uint64_t first_c;

static int64_t mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

#if defined(__x86_64__) || defined(__i386__)
/* CLOCK_MONOTONIC and the TSC at one moment: the tightest of 5 tries. */
static void sample(int64_t *m, uint64_t *c)
{
	uint64_t a, b, best = UINT64_MAX;
	int64_t t;
	int i;

	for (i = 0; i < 5; i++) {
		a = __builtin_ia32_rdtsc();
		t = mono_now();
		b = __builtin_ia32_rdtsc();
		if (b > a && b - a < best) {
			best = b - a;
			*m = t;
			*c = a + (b - a) / 2;
		}
	}
}

/* word is in the file path, as a whole word; false if unreadable. */
static bool file_has_word(const char *path, const char *word)
{
	char line[4096], *p;
	size_t len = strlen(word);
	bool found = false;
	FILE *f = fopen(path, "re");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		for (p = line; (p = strstr(p, word)); p += len) {
			if ((p == line || p[-1] == ' ' || p[-1] == '\t') &&
			    (p[len] == ' ' || p[len] == '\n' || !p[len])) {
				found = true;
				break;
			}
		}
	}
	fclose(f);
	return found;
}

/* The kernel trusts the TSC, and it ticks at one rate, in every state. */
static bool tsc_reliable(void)
{
	return file_has_word("/sys/devices/system/clocksource/clocksource0/available_clocksource",
			     "tsc") &&
	       file_has_word("/proc/cpuinfo", "constant_tsc") &&
	       file_has_word("/proc/cpuinfo", "nonstop_tsc");
}
#else
static void sample(int64_t *m, uint64_t *c)
{
	*m = mono_now();
	*c = 0;
}

static bool tsc_reliable(void)
{
	return false;
}
#endif

/* name is one of the clocks listed in trace_clock's text. */
static bool offered_has(const char *offered, const char *name)
{
	size_t len = strlen(name);
	const char *p;

	for (p = offered; p && (p = strstr(p, name)); p += len)
		if ((p == offered || p[-1] == ' ' || p[-1] == '[') &&
		    (p[len] == ' ' || p[len] == ']' || p[len] == '\n' || !p[len]))
			return true;
	return false;
}

const char *ut_tclock_choose(const char *offered, bool mono_only)
{
	const char *want = getenv("UTRACE_RECORD_CLOCK");

	if (chosen)
		return chosen;
	if (!want || !*want || !strcmp(want, "auto")) {
		chosen = !mono_only && offered_has(offered, "x86-tsc") &&
			 tsc_reliable() ? "x86-tsc" : "mono";
	} else if (!strcmp(want, "mono")) {
		chosen = "mono";
	} else if (!strcmp(want, "x86-tsc")) {
		if (mono_only || !offered_has(offered, "x86-tsc")) {
			fprintf(stderr, "utrace-record: UTRACE_RECORD_CLOCK=x86-tsc: %s\n",
				mono_only ? "not with --dat (its time stamps are nanoseconds)" :
				"this kernel has no x86-tsc trace clock");
			return NULL;
		}
		chosen = "x86-tsc";
	} else {
		fprintf(stderr, "utrace-record: UTRACE_RECORD_CLOCK=%s: not auto, mono or x86-tsc\n",
			want);
		return NULL;
	}
	if (!strcmp(chosen, "x86-tsc"))
		sample(&first_m, &first_c);
	return chosen;
}

bool ut_tclock_is_tsc(void)
{
	return chosen && !strcmp(chosen, "x86-tsc");
}

void ut_tclock_started(void)
{
	struct timespec pause;
	uint64_t c;
	int64_t m;

	if (!ut_tclock_is_tsc() || ut_tclock_map)
		return;
	m = mono_now() - first_m;
	if (m < FIRST_NS) {
		pause.tv_sec = 0;
		pause.tv_nsec = FIRST_NS - m;
		nanosleep(&pause, NULL);
	}
	sample(&m, &c);
	ut_tsc_map_init(&live, first_m, first_c, m, c);
	last_tick = m;
	ut_tclock_map = &live;
}

void ut_tclock_tick(void)
{
	int64_t now, m;
	uint64_t c;

	if (!ut_tclock_map)
		return;
	now = mono_now();
	/* The first correction soon: the first slope is from 2 ms. */
	if (now - last_tick < (live.n == 1 ? TICK_NS / 10 : TICK_NS))
		return;
	sample(&m, &c);
	ut_tsc_map_anchor(&live, m, c);
	last_tick = m;
}
