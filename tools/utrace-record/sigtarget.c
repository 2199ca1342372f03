// SPDX-License-Identifier: GPL-2.0
/* sigtarget.c - signal_generate filtered by target, in its own instance. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sigtarget.h"

/* The -sig instance's buffer, at most: two events, of one tree. */
#define SIG_BUF_KB	1024

static int enable(struct ut_rec *sig_rec, const char *sys, const char *ev,
		  const char *filter)
{
	if (ut_rec_enable_filtered(sig_rec, sys, ev, filter) < 0) {
		fprintf(stderr, "utrace-record: cannot set up %s:%s in %s: %s\n",
			sys, ev, sig_rec->name, strerror(errno));
		return -1;
	}
	return 0;
}

static int open_sig_rec(struct ut_rec *sig_rec, int root, bool follow,
			size_t buf_kb, bool signals, bool reaps)
{
	char filter[96];

	snprintf(sig_rec->name, sizeof(sig_rec->name), "utrace-record-%d-sig",
		 (int)getpid());
	sig_rec->sig_instance = true;	/* its LOST events say so */
	if (ut_rec_load_events(sig_rec, UT_MODE_COMPAT) < 0 ||
	    ut_rec_create(sig_rec, buf_kb) < 0)
		return -1;
	/* Queued (0), ignored (1, never delivered) or info lost (4). */
	snprintf(filter, sizeof(filter),
		 "pid %s %d && (result == 0 || result == 1 || result == 4)",
		 follow ? ">=" : "==", root);
	if (signals && enable(sig_rec, "signal", "signal_generate", filter) < 0)
		return -1;
	snprintf(filter, sizeof(filter), "pid %s %d", follow ? ">=" : "==",
		 root);
	if (reaps && enable(sig_rec, "sched", "sched_process_free", filter) < 0)
		return -1;
	if (ut_rec_open_cpus(sig_rec) < 0 || ut_rec_start(sig_rec) < 0) {
		fprintf(stderr, "utrace-record: cannot start %s: %s\n",
			sig_rec->name, strerror(errno));
		return -1;
	}
	return 0;
}

int ut_sigtarget_open(struct ut_rec *sig_rec, struct ut_rec *rec,
		      unsigned int kinds, int root, bool follow, size_t buf_kb)
{
	bool signals = kinds & (UT_KIND_BIT(UT_SIGNAL) | UT_KIND_BIT(UT_EXIT));
	bool reaps = kinds & UT_KIND_BIT(UT_REAP);

	if (signals)
		ut_rec_disable(rec, "signal", "signal_generate");
	if (reaps)
		ut_rec_disable(rec, "sched", "sched_process_free");
	if (!signals && !reaps)
		return 0;
	return open_sig_rec(sig_rec, root, follow,
			    buf_kb < SIG_BUF_KB ? buf_kb : SIG_BUF_KB,
			    signals, reaps);
}
