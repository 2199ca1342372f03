// SPDX-License-Identifier: GPL-2.0
/*
 * utrace-record - record process events system-wide through tracefs and
 * print them in utrace vocabulary.
 *
 * main: the options, then either -i (replay.c) or a live recording
 * (session.c: setup, run, finish).
 *
 * Exit status: COMMAND's status when a command is run (128+signal when
 * it was killed), else 0; 1 on runtime errors; 2 on usage errors.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "child.h"
#include "cli.h"
#include "fromboot.h"
#include "replay.h"
#include "sbuf.h"
#include "session.h"

/* What the signal handler and the exit handler reach. */
static struct session sess = SESSION_INIT;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	/* kill -HUP (logrotate), not a hangup: reopen -o between records. */
	if (sig == SIGHUP && sess.out.hup_reopens &&
	    !(si && si->si_code == SI_KERNEL)) {
		sess.out.reopen = 1;
		return;
	}
	sess.stop_sig = sig;
	/* The terminal signals the whole foreground group, COMMAND too. */
	sess.stop_from_tty = si && si->si_code == SI_KERNEL;
}

/* Safety net for every exit path: never leave the instance behind. */
static void cleanup(void)
{
	session_cleanup(&sess);
}

/*
 * SIGINT, SIGTERM, SIGHUP end the recording (COMMAND gets them); SIGHUP
 * from a process to an agent writing -o FILE reopens FILE instead.
 */
static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	atexit(cleanup);
}

/* --inject-dry-run: the fault rules, as the kernel would get them. */
static int print_rules(struct ut_inject *inj)
{
	struct sbuf rules = { 0 };

	ut_inject_lines(inj, 0, &rules);	/* pid=PID */
	fputs(sb_str(&rules), stdout);
	sb_free(&rules);
	return fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	int status;

	parse_args(argc, argv, &sess.o, &sess.inj);
	if (sess.o.inject_dry_run)
		return print_rules(&sess.inj);
	if (sess.o.input) {
		signal(SIGPIPE, SIG_IGN);
		atexit(cleanup);
		return run_input(&sess.out, &sess.o);
	}
	if (sess.o.from_boot) {
		signal(SIGPIPE, SIG_IGN);
		atexit(cleanup);
		return run_from_boot(&sess.out, &sess.o);
	}
	/* A command that cannot run: refused before anything is set up. */
	if (sess.o.cmd && (status = ut_child_check(sess.o.cmd)))
		return status;
	status = session_prepare(&sess);
	if (status >= 0)
		return status;
	catch_signals();
	session_setup(&sess);
	session_run(&sess);
	return session_finish(&sess);
}
