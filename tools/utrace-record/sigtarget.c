// SPDX-License-Identifier: GPL-2.0
/* sigtarget.c - signal_generate filtered by target, in its own instance. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <tracefs.h>

#include "sigtarget.h"

static int enable(struct ut_rec *sig_rec, const char *sys, const char *ev,
		  const char *filter)
{
	char file[128];

	snprintf(file, sizeof(file), "events/%s/%s/filter", sys, ev);
	if (tracefs_event_enable(sig_rec->inst, sys, ev) < 0 ||
	    ut_rec_write(sig_rec, file, filter) < 0) {
		fprintf(stderr, "utrace-record: cannot set up %s:%s in %s: %s\n",
			sys, ev, sig_rec->name, strerror(errno));
		return -1;
	}
	return 0;
}

int ut_sigtarget_open(struct ut_rec *sig_rec, int root, bool follow,
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
	if (ut_rec_open_cpus(sig_rec) < 0 || tracefs_trace_on(sig_rec->inst) < 0) {
		fprintf(stderr, "utrace-record: cannot start %s: %s\n",
			sig_rec->name, strerror(errno));
		return -1;
	}
	return 0;
}
