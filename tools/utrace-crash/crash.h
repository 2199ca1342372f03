/* SPDX-License-Identifier: GPL-2.0 */
/* crash.h - everything a report says about one held task. */
#ifndef UC_CRASH_H
#define UC_CRASH_H

#include "held.h"
#include "maps.h"
#include "procinfo.h"
#include "symbolize.h"
#include "unwind.h"

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
