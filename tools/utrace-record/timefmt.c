// SPDX-License-Identifier: GPL-2.0
/* timefmt.c - the time column of text lines; see timefmt.h. */
#include <time.h>

#include "timefmt.h"

static enum ut_time_mode mode;
static int64_t base;
/* -t: the "HH:MM:SS" of the last second formatted (localtime is slow). */
static int64_t cached_sec = -1;
static char cached_hms[16];
static bool unix_known;
static int64_t unix_base;

void ut_time_set_unix(int64_t base_ns)
{
	unix_base = base_ns;
	unix_known = true;
}

bool ut_time_unix_ns(uint64_t ts, int64_t *ns)
{
	*ns = (int64_t)ts + unix_base;
	return unix_known;
}

void ut_time_set(enum ut_time_mode m, int64_t base_ns)
{
	mode = m;
	base = base_ns;
	cached_sec = -1;
}

static void put2(char *p, int v)
{
	p[0] = '0' + v / 10;
	p[1] = '0' + v % 10;
}

void ut_time_text(struct sbuf *sb, uint64_t ts)
{
	int64_t t = (int64_t)ts;
	struct tm tm;
	time_t sec;

	switch (mode) {
	case UT_TIME_WALL:
		t += base;
		sec = t / 1000000000;
		if (sec != cached_sec) {
			localtime_r(&sec, &tm);
			put2(cached_hms, tm.tm_hour);
			cached_hms[2] = ':';
			put2(cached_hms + 3, tm.tm_min);
			cached_hms[5] = ':';
			put2(cached_hms + 6, tm.tm_sec);
			cached_hms[8] = '\0';
			cached_sec = sec;
		}
		sb_puts(sb, cached_hms);
		break;
	case UT_TIME_REL:
		/* Events from before the start (drained late) are negative. */
		t -= base;
		if (t < 0) {
			sb_putc(sb, '-');
			t = -t;
		}
		sb_udec_pad(sb, t / 1000000000, 0);
		break;
	default:
		sb_udec_pad(sb, t / 1000000000, 0);
		break;
	}
	sb_putc(sb, '.');
	sb_udec_pad(sb, (t % 1000000000) / 1000, 6);
}
