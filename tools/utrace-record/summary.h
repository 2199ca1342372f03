/* SPDX-License-Identifier: GPL-2.0 */
/* summary.h - the --summary report: per-process table, counts per kind. */
#ifndef UT_SUMMARY_H
#define UT_SUMMARY_H

#include "procs.h"
#include "sbuf.h"

struct ut_counts {
	unsigned long long n[UT_NR_KINDS + 1];	/* + UT_LOST */
	unsigned int na;	/* kinds the mode cannot produce: n/a, null */
};

void ut_summary_text(struct sbuf *sb, struct ut_procs *p,
		     const struct ut_counts *c, unsigned int mask);
void ut_summary_json(struct sbuf *sb, struct ut_procs *p,
		     const struct ut_counts *c, unsigned int mask);

#endif
