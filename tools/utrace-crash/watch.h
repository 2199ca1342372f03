/* SPDX-License-Identifier: GPL-2.0 */
/* watch.h - poll the held file and handle each newly held task. */
#ifndef UC_WATCH_H
#define UC_WATCH_H

#include <signal.h>

#include "crashdir.h"

struct watch_opts {
	int once;		/* handle one task, then return */
	int json;		/* JSON line on stdout instead of the summary */
	const char *action;	/* "core" or "kill" */
	const char *out;	/* report directory */
	const char *proc;	/* "/proc" */
};

/*
 * Poll every 100 ms until *stop is set (or, with once, one task was
 * handled).  Returns 0, or 1 on a runtime error (held unreadable; with
 * once, also a failed report or release).
 */
int watch(const struct crashdir *k, const struct watch_opts *o,
	  volatile sig_atomic_t *stop);

#endif
