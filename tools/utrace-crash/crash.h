/* SPDX-License-Identifier: GPL-2.0 */
/* crash.h - everything a report says about one held task. */
#ifndef UC_CRASH_H
#define UC_CRASH_H

#include "held.h"
#include "maps.h"
#include "symbolize.h"

#define MAX_FRAMES 64

struct thread {
	int tid;
	char *comm;
	char *state;	/* "S (sleeping)" */
};

struct fdent {
	int fd;
	char *target;
};

struct crash {
	struct held_task t;
	char time[32];		/* ISO 8601 UTC */
	char sig_name[32];
	char code_name[32];
	char *exe;		/* NULL when unknown */
	char *cmdline;
	struct maps maps;
	struct frame frames[MAX_FRAMES];
	int nframes;
	struct thread *threads;
	int nthreads;
	struct fdent *fds;
	int nfds;
	const char *action;	/* "core" or "kill" */
};

/* Gather the report while the task is held.  proc: "/proc" or a test root. */
void crash_collect(struct crash *c, const struct held_task *t,
		   const char *proc, const char *action);
void crash_free(struct crash *c);

#endif
