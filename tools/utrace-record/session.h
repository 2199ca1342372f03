/* SPDX-License-Identifier: GPL-2.0 */
/*
 * session.h - one live recording: the instance(s), COMMAND or -p PID,
 * the main loop that prints while the reader threads read, and the end
 * (drain, tables, --dat, the exit status).
 */
#ifndef UT_SESSION_H
#define UT_SESSION_H

#include <signal.h>

#include "child.h"
#include "cli.h"
#include "inject.h"
#include "merge.h"
#include "output.h"
#include "recorder.h"

struct session {
	struct opts o;
	struct ut_inject inj;		/* -e inject=, -e fault= */
	/* Set by the signal handler: the signal, and whether the tty sent it. */
	volatile sig_atomic_t stop_sig;
	volatile sig_atomic_t stop_from_tty;
	enum ut_mode mode;
	unsigned int recorded_kinds;	/* o.shown_kinds and what they need */
	struct ut_rec rec;
	struct ut_rec sig_rec;		/* compat -p/COMMAND: signal_generate */
	struct ut_child child;
	int pid_fd;			/* -p: watches the process, or -1 */
	struct out_state out;
	struct emitter em;
	int gave_up;			/* COMMAND outlived this signal, or 0 */
	bool statedump;			/* the kernel dumped the tasks at start */
};

/* A session with nothing set up (as cleanup expects). */
#define SESSION_INIT	{ .child = { .go_fd = -1 }, .pid_fd = -1 }

/*
 * The checks that need no instance, and the output files: -1 to go on,
 * else the exit status (--reset done, a kernel that cannot inject).
 * Exits with a message on failure.
 */
int session_prepare(struct session *s);
/* The instance(s), COMMAND or -p, tracing on; exits on failure. */
void session_setup(struct session *s);
/* Record and print until the end condition (or a write error). */
void session_run(struct session *s);
/* Stop, drain, tables, --dat; the exit status. */
int session_finish(struct session *s);
/* Any exit: no instance, no held COMMAND, no partial file left behind. */
void session_cleanup(struct session *s);

#endif
