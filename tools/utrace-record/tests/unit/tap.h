/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tap.h - the TAP helpers of the recorder's unit tests.  Each test
 * program includes it once, checks with ok(), check_str() and
 * check_int(), and returns tap_done(), which prints the plan.
 */
#ifndef UT_TAP_H
#define UT_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_nr, tap_failed;

/* A result; returns cond so that a caller can add a diag() on failure. */
static inline int ok(int cond, const char *name)
{
	tap_nr++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_nr, name);
	return cond;
}

/* A "#   " diagnostic line. */
static inline __attribute__((format(printf, 1, 2)))
void diag(const char *fmt, ...)
{
	va_list ap;

	fputs("#   ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* A want/got line of a failed check; strings may end in a newline. */
static inline void tap_show(const char *what, const char *s)
{
	size_t len = strlen(s);

	printf("#   %s %s%s", what, s, len && s[len - 1] == '\n' ? "" : "\n");
}

static inline void check_str(const char *name, const char *got,
			     const char *want)
{
	if (ok(got && !strcmp(got, want), name))
		return;
	tap_show("want:", want);
	tap_show("got: ", got ? got : "(null)");
}

static inline void check_int(const char *name, long long got, long long want)
{
	if (!ok(got == want, name))
		diag("want: %lld\n#   got:  %lld", want, got);
}

/* The plan, last; the exit status of the program. */
static inline int tap_done(void)
{
	printf("1..%d\n", tap_nr);
	return tap_failed ? 1 : 0;
}

#endif
