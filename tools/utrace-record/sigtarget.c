// SPDX-License-Identifier: GPL-2.0
/*
 * sigtarget.c - events filtered by the pid they are about, in their own
 * instance; see sigtarget.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sigtarget.h"

/* The -sig instance's buffer, at most: a few events per process. */
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

/* Enable sys:ev when this kernel has it. */
static int enable_if(struct ut_rec *sig_rec, const char *sys, const char *ev,
		     const char *filter)
{
	if (!tracefs_event_file_exists(NULL, sys, ev, "enable"))
		return 0;
	return enable(sig_rec, sys, ev, filter);
}

/*
 * "FIELD == root", or with follow "FIELD > 0": every task, since a
 * descendant's pid is below root once the pid space wrapped.  The
 * records of tasks outside the tree are dropped by ut_procs.
 */
static const char *pid_filter(char *buf, size_t size, const char *field,
			      int root, bool follow, const char *more)
{
	if (follow)
		snprintf(buf, size, "%s > 0%s", field, more);
	else
		snprintf(buf, size, "%s == %d%s", field, root, more);
	return buf;
}

static int compat_events(struct ut_rec *sig_rec, unsigned int kinds,
			 int root, bool follow)
{
	bool signals = kinds & (UT_KIND_BIT(UT_SIGNAL) | UT_KIND_BIT(UT_EXIT));
	char f[128];

	/* Queued (0), ignored (1, never delivered) or info lost (4). */
	if (signals &&
	    enable(sig_rec, "signal", "signal_generate",
		   pid_filter(f, sizeof(f), "pid", root, follow,
			      " && (result == 0 || result == 1 || result == 4)")) < 0)
		return -1;
	/* Reap lines, and with follow, the frees that drop a reused pid. */
	if (((kinds & UT_KIND_BIT(UT_REAP)) || follow) &&
	    enable(sig_rec, "sched", "sched_process_free",
		   pid_filter(f, sizeof(f), "pid", root, follow, "")) < 0)
		return -1;
	if (enable(sig_rec, "sched", "sched_process_fork",
		   pid_filter(f, sizeof(f), "parent_pid", root, follow, "")) < 0 ||
	    enable(sig_rec, "sched", "sched_process_exec",
		   pid_filter(f, sizeof(f), "pid", root, follow, "")) < 0)
		return -1;
	/* Deliveries (a fatal one gives the exit code), copies too. */
	if ((kinds & (UT_KIND_BIT(UT_SIGNAL) | UT_KIND_BIT(UT_EXIT))) &&
	    enable(sig_rec, "signal", "signal_deliver",
		   pid_filter(f, sizeof(f), "common_pid", root, follow, "")) < 0)
		return -1;
	/*
	 * The exit and its code (exit_group() or exit(), applied twice);
	 * with follow always, to tell an old task's free from a live one's.
	 */
	if (((kinds & UT_KIND_BIT(UT_EXIT)) || follow) &&
	    (enable(sig_rec, "sched", "sched_process_exit",
		    pid_filter(f, sizeof(f), "pid", root, follow, "")) < 0 ||
	     enable_if(sig_rec, "syscalls", "sys_enter_exit_group",
		       pid_filter(f, sizeof(f), "common_pid", root, follow,
				  "")) < 0 ||
	     enable_if(sig_rec, "syscalls", "sys_enter_exit",
		       pid_filter(f, sizeof(f), "common_pid", root, follow,
				  "")) < 0))
		return -1;
	return 0;
}

/* The utrace events are written by the task they are about. */
static int native_events(struct ut_rec *sig_rec, unsigned int kinds,
			 int root, bool follow)
{
	char f[128];

	if (follow &&
	    enable_if(sig_rec, "sched", "sched_process_free",
		      pid_filter(f, sizeof(f), "pid", root, follow, "")) < 0)
		return -1;
	if (enable_if(sig_rec, "utrace", "utrace_clone",
		      pid_filter(f, sizeof(f), "common_pid", root, follow,
				 "")) < 0 ||
	    enable_if(sig_rec, "utrace", "utrace_exec",
		      pid_filter(f, sizeof(f), "common_pid", root, follow,
				 "")) < 0)
		return -1;
	if (((kinds & UT_KIND_BIT(UT_EXIT)) || follow) &&
	    enable_if(sig_rec, "utrace", "utrace_exit",
		      pid_filter(f, sizeof(f), "common_pid", root, follow,
				 "")) < 0)
		return -1;
	return 0;
}

int ut_sigtarget_open(struct ut_rec *sig_rec, struct ut_rec *rec,
		      enum ut_mode mode, unsigned int kinds, int root,
		      bool follow, size_t buf_kb)
{
	int err;

	/*
	 * Compat: signal_generate by target here, and by sender there too
	 * for the signals that kill by default (a kill inside the tree is
	 * then known even when this instance's record comes late; ut_procs
	 * drops the twin).  The free by pid.
	 */
	if (mode == UT_MODE_COMPAT) {
		if ((kinds & (UT_KIND_BIT(UT_SIGNAL) | UT_KIND_BIT(UT_EXIT))) &&
		    ut_rec_write(rec, "events/signal/signal_generate/filter",
				 "sig != 17 && sig != 18 && sig != 23 && sig != 28 && "
				 "(result == 0 || result == 1 || result == 4)") < 0) {
			fprintf(stderr, "utrace-record: cannot filter signal_generate in %s: %s\n",
				rec->name, strerror(errno));
			return -1;
		}
		ut_rec_disable(rec, "sched", "sched_process_free");
	}
	/*
	 * A free of a live task's pid is an older task's: ut_procs must
	 * see the exits, shown or not.
	 */
	if (follow && !(kinds & UT_KIND_BIT(UT_EXIT)) &&
	    tracefs_event_enable(rec->inst, mode == UT_MODE_COMPAT ?
				 "sched" : "utrace", mode == UT_MODE_COMPAT ?
				 "sched_process_exit" : "utrace_exit") < 0) {
		fprintf(stderr, "utrace-record: cannot enable the exit event in %s: %s\n",
			rec->name, strerror(errno));
		return -1;
	}
	snprintf(sig_rec->name, sizeof(sig_rec->name), "utrace-record-%d-sig",
		 (int)getpid());
	sig_rec->sig_instance = true;	/* its LOST events say so */
	if (ut_rec_load_events(sig_rec, mode) < 0 ||
	    ut_rec_create(sig_rec, buf_kb < SIG_BUF_KB ? buf_kb : SIG_BUF_KB) < 0)
		return -1;
	ut_decoder_from_sig(&sig_rec->dec);
	err = mode == UT_MODE_COMPAT ?
	      compat_events(sig_rec, kinds, root, follow) :
	      native_events(sig_rec, kinds, root, follow);
	if (err < 0)
		return -1;
	if (ut_rec_open_cpus(sig_rec) < 0 || ut_rec_start(sig_rec) < 0) {
		fprintf(stderr, "utrace-record: cannot start %s: %s\n",
			sig_rec->name, strerror(errno));
		return -1;
	}
	return 0;
}

void ut_sigtarget_readd(void *arg, int pid)
{
	struct ut_rec *rec = arg;
	char buf[32];

	/* Appended (no O_TRUNC): the other pids stay. */
	snprintf(buf, sizeof(buf), "%d", pid);
	if (rec->inst &&
	    tracefs_instance_file_append(rec->inst, "set_event_pid", buf) < 0)
		fprintf(stderr, "utrace-record: cannot add pid %d to set_event_pid again: %s\n",
			pid, strerror(errno));
}
