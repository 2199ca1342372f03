/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inject.h - -e inject=SPEC and -e fault=SPEC (strace's syntax): fault
 * rules for COMMAND's tree, installed through the utrace-global kernel's
 * debugfs file fail_utrace_syscall/session.  Each SPEC is one kernel
 * rule, its set by number in both ABIs (strace's names and classes, see
 * sysset.h), counted as strace counts (per thread, ABI and call); a
 * later SPEC takes its calls from earlier ones, as in strace.  The
 * rules belong to the open session file and vanish when it is closed,
 * so also when the recorder is killed.
 */
#ifndef UT_INJECT_H
#define UT_INJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "sbuf.h"
#include "sysset.h"

#define UT_INJECT_MAX		32	/* rules per session (the kernel's) */
#define UT_INJECT_WRITE_MAX	65536	/* bytes per write (the kernel's) */
#define UT_INJECT_DEBUGFS	"/sys/kernel/debug"
#define UT_INJECT_SESSION	UT_INJECT_DEBUGFS "/fail_utrace_syscall/session"

struct ut_inject_spec {
	const char *text;	/* the user's SPEC, after inject= or fault= */
	char *actions;		/* " error=2 when=2": the rule's action keys */
	struct ut_scset set;	/* its calls, less those a later SPEC took */
	long id;		/* the kernel's id, 0 before installation */
	unsigned long long matched, fired;
	unsigned long long overflow;	/* calls the kernel could not count */
};

struct ut_inject {
	int nspecs;
	int nrules;		/* SPECs given: each a rule unless emptied */
	struct ut_inject_spec specs[UT_INJECT_MAX];
	struct ut_sysset all;	/* every injected x86_64 call (the union) */
	int fd;			/* the session, -1 when not open */
};

void ut_inject_init(struct ut_inject *inj);

/*
 * Add SPEC (fault: -e fault=, only error= and when=, error ENOSYS by
 * default).  Returns 0, or -1 with the problem in err.
 */
int ut_inject_parse(struct ut_inject *inj, const char *spec, bool fault,
		    char *err, size_t errlen);

/*
 * Append the kernel rule lines, one per rule, for the tree of pid
 * (pid <= 0: "pid=PID", for --inject-dry-run).
 */
void ut_inject_lines(const struct ut_inject *inj, int pid, struct sbuf *sb);

/*
 * The kernel can take the rules: debugfs is mounted (mounted here if
 * not) and has the session file.  Returns 0; else prints why and
 * returns 1 (a runtime error: also a kernel without utrace-global).
 */
int ut_inject_check(void);

/*
 * Open the session (close-on-exec), write the rules for pid's tree in
 * one write and read them back for their ids.  Returns 0; else prints
 * why, closes the session (no rule is left) and returns 2 (the kernel
 * refused a rule) or 1.
 */
int ut_inject_install(struct ut_inject *inj, int pid);

/*
 * Take what a read of the session says (one rule a line: id=ID ...
 * syscalls=NR,i386:NR ... matched=N fired=N): first, the ids, given in
 * the order written, each checked against what was written by number;
 * later, the counts by id.  text is modified.  Returns how many of the rules
 * were found.
 */
int ut_inject_note_read(struct ut_inject *inj, char *text, bool first);

/* "utrace-record: inject rule ID (SPEC[ for NAME]): fired F of M ..." */
void ut_inject_report(const struct ut_inject *inj, FILE *f);

/*
 * Read the rules' counts, print one line per rule on stderr and close
 * the session (the kernel removes the rules).  Nothing when not open.
 */
void ut_inject_finish(struct ut_inject *inj);

/* SIGUSR1, usr1, USR1, RTMIN+2, 10: a number 1..64; -1 when none. */
int ut_signal_parse(const char *s);

#endif
