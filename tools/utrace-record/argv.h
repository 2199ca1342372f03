/* SPDX-License-Identifier: GPL-2.0 */
/*
 * argv.h - the argv of exec lines.  No tracepoint carries it: a dynamic
 * event of the recorder's own (group utrace_argv_PID) copies the first
 * UT_ARGV_MAX strings from the caller's memory when execve is called.
 * An event probe on syscalls:sys_enter_execve/execveat where the kernel
 * has them (every execve), else a uprobe on the C library's execve (the
 * calls made through it).  The record is paired with the task's exec.
 */
#ifndef UT_ARGV_H
#define UT_ARGV_H

#include <stdbool.h>

#include <event-parse.h>

#include "event.h"

#define UT_ARGV_MAX	8	/* strings recorded per execve */
/* A fetched string is cut at this many bytes (the kernel's PATH_MAX). */
#define UT_ARGV_STRMAX	4095

enum ut_argv_state {
	UT_ARGV_OK,
	UT_ARGV_CUT,		/* as long as the probe's limit: maybe cut */
	UT_ARGV_UNREADABLE,	/* pointer not NULL, string not readable */
};

struct ut_argv {
	int n;			/* strings recorded, argv[0..n-1] */
	bool more;		/* argv has more than UT_ARGV_MAX strings */
	bool ptrs_bad;		/* the argv array itself was unreadable */
	unsigned char state[UT_ARGV_MAX];
	char *s[UT_ARGV_MAX];	/* NULL when unreadable */
};

void ut_argv_free(struct ut_argv *a);

/*
 * Create the probe (before the event formats are loaded); false, with
 * one note on stderr, when the kernel has no way: exec lines then have
 * no argv.
 */
bool ut_argv_create(void);
/* Its formats, into the recorder's tep (after ut_rec_load_events). */
void ut_argv_load(struct tep_handle *tep);
/* Enable it in the recorder's instance. */
struct tracefs_instance;
void ut_argv_enable(struct tracefs_instance *inst);
/* Disable and remove it; safe to call more than once. */
void ut_argv_remove(void);
/* Remove the probes of recorders that are gone (pid alive: is_live). */
int ut_argv_cleanup(bool (*is_live)(int pid), bool verbose);

extern int ut_argv_ids[2];
/* A record of the probe: 1 and ev->kind UT_X_ARGV, else 0. */
int ut_argv_decode(struct tep_handle *tep, int type, struct tep_record *rec,
		   struct ut_event *ev);

/*
 * Pairing (ut_procs_apply): a record waits for the exec of the task
 * that called execve; a failed execve drops it; in compat, an execve
 * entry without a record of its own drops an older one.
 */
void ut_argv_pending_set(int pid, struct ut_argv *a);
void ut_argv_pending_entered(int pid);
void ut_argv_pending_drop(int pid);
struct ut_argv *ut_argv_pending_take(int pid);

struct sbuf;
/* Text: ["ls","-l"] with the text escaping, '"' as \"; JSON array. */
void ut_argv_text(struct sbuf *sb, const struct ut_argv *a);
void ut_argv_json(struct sbuf *sb, const struct ut_argv *a);

#endif
