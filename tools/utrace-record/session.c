// SPDX-License-Identifier: GPL-2.0
/*
 * session.c - a live recording from start to end.  Setup: the tracefs
 * instance with the events and filters the options need, COMMAND
 * (forked held until tracing is on) or -p PID, the compat -sig
 * instance, the reader threads.  Run: print in steps while the readers
 * read, until the end condition.  Finish: stop, drain, the tables, the
 * trace.dat, and the exit status (COMMAND's, unless the recorder failed).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "argv.h"
#include "datfile.h"
#include "instances.h"
#include "lossless.h"
#include "procscan.h"
#include "session.h"
#include "sigtarget.h"
#include "statedump.h"
#include "timefmt.h"
#include "traceclock.h"

#define POLL_MS		100		/* longest wait between read rounds */
#define EMIT_NS		20000000LL	/* sort and print at most this often */
/*
 * Events this recent wait a round: an idle CPU's partly filled
 * sub-buffer is read only every UT_PARTIAL_NS (plus the reader's poll
 * period), so its events can be that old when they arrive.
 */
#define HOLD_NS		(3 * UT_PARTIAL_NS)
#define GRACE_NS	500000000LL	/* the tree's rest, after COMMAND ended */
#define CMD_GRACE_MS	2000		/* COMMAND's time to go after SIGTERM */

static const char compat_note[] =
	"utrace-record: compat mode (no utrace events in this kernel): "
	"death, jctl and vfork_done are not available; exit codes come only "
	"from exit/exit_group syscalls and fatal signals, else are unknown; "
	"signal dispositions are inferred from the handler; signal senders "
	"and clone exit signals may be unknown\n";

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The compat -sig instance is open and read. */
static struct ut_rec *sig_rec_on(struct session *s)
{
	return s->sig_rec.inst && s->sig_rec.tcpu ? &s->sig_rec : NULL;
}

int session_prepare(struct session *s)
{
	struct opts *o = &s->o;

	/* Before anything is set up: a kernel that cannot inject, refused. */
	if (s->inj.nrules) {
		int err = ut_inject_check();

		if (err)
			return err == 1 ? EXIT_FAILURE : EXIT_USAGE;
	}
	if (ut_rec_check_tracefs() < 0)
		exit(EXIT_FAILURE);
	if (o->reset)
		return ut_instances_cleanup(true) ? EXIT_FAILURE : EXIT_SUCCESS;
	/* UTRACE_RECORD_CLOCK refused before any file or instance is made. */
	if (!ut_rec_choose_clock(o->dat != NULL))
		exit(EXIT_FAILURE);
	if (o->mode == UT_MODE_NATIVE && !ut_native_available())
		fatal("native mode: this kernel has no utrace events (events/utrace)");
	s->mode = o->mode >= 0 ? (enum ut_mode)o->mode :
		  ut_native_available() ? UT_MODE_NATIVE : UT_MODE_COMPAT;
	if (o->pid && kill(o->pid, 0) && errno == ESRCH)
		fatal("no process with pid %d", o->pid);
	/* --lossless: a kernel that cannot, refused before any file. */
	if (o->lossless && s->mode == UT_MODE_COMPAT)
		fatal("--lossless: no utrace events in this kernel (compat mode): nothing would wait for the reader");
	if (o->lossless && ut_lossless_check() < 0)
		exit(EXIT_FAILURE);
	output_open(&s->out, o, true);
	if (s->mode == UT_MODE_COMPAT)
		fputs(compat_note, stderr);
	return -1;
}

/* The instance and its events: what is shown, and what that needs. */
static void setup_instance(struct session *s)
{
	const struct opts *o = &s->o;
	unsigned int kinds = o->shown_kinds;

	/* A recorder killed by SIGKILL left its instance tracing: remove it. */
	ut_instances_cleanup(false);
	/* --dat keeps raw sub-buffers: their time stamps stay ns. */
	s->rec.mono_only = o->dat != NULL;
	/*
	 * exec's argv: a probe of ours, created before the formats are
	 * read.  Not with --dat: the trace.dat would hold records of an
	 * event that is removed at the end.
	 */
	bool argv = !o->no_argv && !o->dat &&
		    (kinds & UT_KIND_BIT(UT_EXEC)) && ut_argv_create();

	if (ut_rec_load_events(&s->rec, s->mode) < 0)
		exit(EXIT_FAILURE);
	if (argv)
		ut_argv_load(s->rec.tep);
	if (ut_rec_create(&s->rec, o->buf_kb) < 0)
		exit(EXIT_FAILURE);
	/* mono is the documented default; another clock is said. */
	if (ut_tclock_is_tsc())
		fputs("utrace-record: trace clock x86-tsc; times are converted to CLOCK_MONOTONIC\n",
		      stderr);
	/* Names and compat exit codes need more than what is printed. */
	if (o->summary || o->perfetto || o->tree)
		kinds |= UT_KIND_BIT(UT_CLONE) | UT_KIND_BIT(UT_EXEC) |
			 UT_KIND_BIT(UT_EXIT);
	/* The -c table of --summary times calls: entries and exits. */
	if (o->summary && (kinds & UT_KINDS_SYSCALLS))
		kinds |= UT_KINDS_SYSCALLS;
	if (o->failed_calls)
		kinds &= ~UT_KIND_BIT(UT_SYSCALL_ENTRY);
	s->recorded_kinds = kinds;
	if (ut_rec_enable(&s->rec, s->mode, kinds) < 0 ||
	    ut_sysset_apply(&s->rec, s->mode, &o->sysset, o->failed_calls) < 0)
		exit(EXIT_FAILURE);
	if (argv)
		ut_argv_enable(s->rec.inst);
}

/*
 * COMMAND's exit event: its wait status is exact.  group_dead means it
 * is about to be a zombie, so the wait is short.
 */
static bool cmd_exit_status(void *arg, const struct ut_event *ev, int *status)
{
	struct ut_child *c = arg;

	if (c->pid <= 0 || ev->pid != c->pid || ev->exit.group_dead != 1 ||
	    !ut_child_wait_cmd(c))
		return false;
	*status = c->status;
	return true;
}

/* COMMAND, forked held, or -p PID: the pid whose tree is recorded. */
static void setup_target(struct session *s)
{
	struct opts *o = &s->o;
	int err;

	if (o->cmd) {
		ut_child_start(&s->child, o->cmd, o->duration > 0);
		o->pid = s->child.pid;
		o->follow = true;
		s->out.exit_status = cmd_exit_status;
		s->out.exit_status_arg = &s->child;
		/*
		 * The fault rules, for COMMAND's tree, once it waits in
		 * the read before its exec: its exec is the first call
		 * they see.  A refused rule: COMMAND is not run.
		 */
		if (s->inj.nrules) {
			ut_child_wait_held(&s->child, 2000);
			err = ut_inject_install(&s->inj, s->child.pid);
			if (err)
				exit(err == 1 ? EXIT_FAILURE : EXIT_USAGE);
		}
	} else if (o->pid) {
		s->pid_fd = ut_pid_watch(o->pid);
	}
}

/*
 * Only the tree of o->pid, or everything but the recorder.  Compat with
 * a tree: signal_generate by target, in a second instance (see
 * sigtarget.h), not by sender in this one.
 */
static void setup_filter(struct session *s)
{
	const struct opts *o = &s->o;

	if (ut_rec_filter_pid(&s->rec, o->pid, o->follow) < 0)
		exit(EXIT_FAILURE);
	if (o->pid &&
	    ut_sigtarget_open(&s->sig_rec, &s->rec, s->mode, s->recorded_kinds,
			      o->pid, o->follow, o->buf_kb) < 0)
		exit(EXIT_FAILURE);
	/* A pid that an old task's free took from set_event_pid: back. */
	if (o->pid && o->follow) {
		s->out.procs.pid_reused = ut_sigtarget_readd;
		s->out.procs.pid_reused_arg = &s->rec;
	}
}

/*
 * The time column's origin: -t the time of day, -r the start; and the
 * wall clock of JSON lines.
 */
static void setup_clock(const struct opts *o, long long trace_start)
{
	struct timespec rt;
	long long wall;

	clock_gettime(CLOCK_REALTIME, &rt);
	wall = rt.tv_sec * 1000000000LL + rt.tv_nsec - mono_ns();
	ut_time_set_unix(wall);		/* JSON's time_unix_ns */
	if (o->time_mode == UT_TIME_WALL) {
		ut_time_set(UT_TIME_WALL, wall);
	} else if (o->time_mode == UT_TIME_REL) {
		ut_time_set(UT_TIME_REL, trace_start);
	}
}

static void emit_task(void *arg, struct ut_event *ev)
{
	output_event(arg, ev);
	ut_event_clear(ev);
}

/*
 * -e task, system-wide: a record of each task already running, before
 * any live event (none is printed yet), at the time tracing went on.
 * From /proc (compat mode, or no statedump in the kernel).
 */
static void task_records(struct session *s, long long trace_start)
{
	const struct opts *o = &s->o;

	if (!(o->shown_kinds & UT_KIND_BIT(UT_TASK)) || o->cmd || o->pid ||
	    s->statedump)
		return;
	ut_procscan(trace_start, emit_task, &s->out);
}

void session_setup(struct session *s)
{
	const struct opts *o = &s->o;
	long long trace_start;

	setup_instance(s);
	setup_target(s);
	setup_filter(s);
	if (ut_rec_open_cpus(&s->rec) < 0 ||
	    (o->dat && ut_rec_raw_open(&s->rec, o->dat) < 0))
		exit(EXIT_FAILURE);
	/* Nothing needs the events decoded: sub-buffers are spliced. */
	s->rec.raw_only = o->quiet && o->dat && !o->summary && !o->perfetto &&
			  !o->tree;
	/*
	 * The reader runs (and has its priority) before any event: a thread
	 * started later may wait behind a busy CPU's tasks while the first
	 * events fill the buffer.
	 */
	if (ut_rec_reader_start(&s->rec) < 0 ||
	    (sig_rec_on(s) && ut_rec_reader_start(&s->sig_rec) < 0))
		fatal("cannot start the reader threads: %s", strerror(errno));
	merge_init(&s->em, &s->out, &s->rec, sig_rec_on(s));
	output_set_mode(&s->out, s->mode);
	if (o->pid)
		ut_procs_set_root(&s->out.procs, o->pid, o->follow);
	/* The tree waits for the readers from its first event on. */
	if (o->lossless &&
	    ut_lossless_start(s->rec.name, o->pid, o->follow, o->lossless) < 0)
		exit(EXIT_FAILURE);
	if (ut_rec_start(&s->rec) < 0)
		fatal("cannot start tracing: %s", strerror(errno));
	/* -r counts from here: nothing recorded is older. */
	trace_start = mono_ns();
	/* The tasks already there, with clone and exit on: none missed. */
	s->statedump = ut_statedump_request(s);
	ut_procs_seed(&s->out.procs);
	if (o->cmd) {
		ut_procs_set_comm(&s->out.procs, s->child.pid,
				  ut_child_name(o->cmd));
		s->out.procs.cmd_pid = s->child.pid;
		if (ut_child_release(&s->child) < 0)
			fatal("cannot start command: %s", strerror(errno));
	}
	setup_clock(o, trace_start);
	task_records(s, trace_start);
}

struct run_state {
	long long start;		/* of the main loop */
	long long last_emit;		/* last printing step */
	long long ending;		/* COMMAND was told to end, 0 */
	long long child_gone;		/* COMMAND was reaped, 0 */
	int signals;			/* passed on to COMMAND */
};

/* Without COMMAND: a signal, -p's process gone, or -d. */
static bool system_done(struct session *s, long long round, long long start)
{
	const struct opts *o = &s->o;

	if (s->stop_sig)
		return true;
	if (o->pid && ut_pid_ended(s->pid_fd, o->pid))
		return true;
	return o->duration > 0 && round - start >= o->duration * 1e9;
}

/*
 * COMMAND: record until it and every orphan of its tree (we are their
 * subreaper) have ended.  A signal to us is passed on to COMMAND.  -d
 * is timeout(1): COMMAND's process group gets --signal, and SIGKILL -k
 * seconds later; then only COMMAND itself is waited for, with a short
 * grace for the rest of the tree.
 */
static bool cmd_done(struct session *s, struct run_state *st, long long round)
{
	const struct opts *o = &s->o;
	struct ut_child *c = &s->child;

	ut_child_reap(c);
	if (c->tree_gone)
		return true;
	if (s->stop_sig) {
		int sig = s->stop_sig;

		s->stop_sig = 0;
		if (c->reaped)
			return true;
		if (++st->signals >= 3) {
			fprintf(stderr, "utrace-record: %s (pid %d) still runs after %d signals; stopping without it\n",
				o->cmd[0], c->pid, st->signals);
			s->gave_up = sig;
			return true;
		}
		if (!s->stop_from_tty)
			ut_child_kill(c, sig);
		else if (c->own_group)	/* -d: not the terminal's group */
			ut_child_kill_group(c, sig);
		st->ending = st->ending ? st->ending : round;
	}
	if (!st->ending && o->duration > 0 &&
	    round - st->start >= o->duration * 1e9) {
		c->timed_out = true;
		ut_child_kill_group(c, o->timeout_sig);
		st->ending = round;
		if (c->reaped)		/* its group's rest: the grace */
			st->child_gone = round;
	}
	if (c->timed_out && !c->killed && o->kill_after > 0 &&
	    round - st->ending >= o->kill_after * 1e9) {
		fprintf(stderr, "utrace-record: %s (pid %d) still runs %g s after -d; SIGKILL to its process group\n",
			o->cmd[0], c->pid, o->kill_after);
		ut_child_kill_group(c, SIGKILL);
		c->killed = true;
	}
	if (c->reaped && !st->child_gone)
		st->child_gone = round;
	return st->ending && c->reaped && round - st->child_gone >= GRACE_NS;
}

/*
 * An output cannot be written (a full disk, an I/O error) on -o or
 * --dat's files.  EPIPE is not that: the reader of the output has gone.
 */
static bool output_broken(const struct session *s)
{
	return (s->out.write_failed && s->out.write_errno != EPIPE) ||
	       s->rec.raw_errno;
}

/*
 * The policy on an output that cannot be written: recording stops at
 * once (tracing off, the events disabled, the readers done), and
 * COMMAND is not touched: it runs on untraced to its end, waited for as
 * before; the exit status is then 1, with the error at the end.
 */
static void stop_recording(struct session *s, struct run_state *st)
{
	struct ut_rec *sig_rec = sig_rec_on(s);

	ut_rec_stop(&s->rec);
	ut_rec_disable(&s->rec, NULL, NULL);
	if (sig_rec) {
		ut_rec_stop(sig_rec);
		ut_rec_disable(sig_rec, NULL, NULL);
	}
	ut_rec_reader_stop(&s->rec);
	ut_rec_reader_stop(&s->sig_rec);
	if (!s->o.cmd) {
		fputs("utrace-record: an output cannot be written: recording stopped\n",
		      stderr);
		return;
	}
	fprintf(stderr, "utrace-record: an output cannot be written: recording stopped; %s (pid %d) runs on untraced\n",
		s->o.cmd[0], s->child.pid);
	while (!cmd_done(s, st, mono_ns()))
		nanosleep(&(struct timespec){ 0, POLL_MS * 1000000L }, NULL);
}

void session_run(struct session *s)
{
	struct run_state st = { 0 };
	bool busy = false;
	long long round, left;

	st.start = st.last_emit = mono_ns();
	for (;;) {
		/*
		 * The reader thread wakes when a CPU buffer is 1% full
		 * (buffer_percent) and queues everything there is.  Sorting
		 * and printing wait for EMIT_NS to pass, so a busy producer
		 * does not make every short round re-sort the held events;
		 * with a backlog (busy), print the next chunk at once.
		 */
		if (!busy) {
			left = st.last_emit + EMIT_NS - mono_ns();
			if (!ut_rec_queued(&s->rec))
				ut_rec_wait_queued(&s->rec, POLL_MS);
			else if (left > 0)
				nanosleep(&(struct timespec){ 0, left }, NULL);
		}
		round = mono_ns();
		if (busy || round - st.last_emit >= EMIT_NS) {
			busy = merge_emit(&s->em, round - HOLD_NS, MERGE_CHUNK);
			st.last_emit = round;
		}
		if (output_broken(s)) {
			stop_recording(s, &st);
			break;
		}
		if (s->out.write_failed)
			break;		/* EPIPE: see session_finish */
		if (s->o.cmd ? cmd_done(s, &st, round) :
		    system_done(s, round, st.start))
			break;
	}
}

/* --dat: the trace.dat from the per-CPU files; the exit status. */
static int finish_dat(struct session *s)
{
	struct ut_rec *r = &s->rec;
	struct ut_dat_src src = {
		.inst = r->inst,
		.tps = s->mode == UT_MODE_NATIVE ? ut_native_tps :
		       ut_compat_tps,
		.ncpus = r->ncpus,
		.cpu_fd = r->raw_fd,
		.page_size = r->page_size,
	};
	int err = r->raw_errno;

	if (!err && ut_dat_write(s->o.dat, &src) < 0)
		err = errno;
	/* Incomplete data is dropped; else kept for a retry by hand. */
	ut_rec_raw_close(r, !err || r->raw_errno);
	if (err) {
		fprintf(stderr, "utrace-record: cannot write %s: %s\n",
			s->o.dat, strerror(err));
		return EXIT_FAILURE;
	}
	s->out.unlink_on_fail[OUT_DAT] = NULL;	/* keep it */
	return EXIT_SUCCESS;
}

/*
 * COMMAND's real status, once reaped; after EPIPE it was sent SIGTERM
 * and gets CMD_GRACE_MS to go.
 */
static int cmd_status(struct session *s)
{
	struct ut_child *c = &s->child;

	if (!c->reaped)
		ut_child_reap(c);
	if (!c->reaped && s->out.write_failed &&
	    !ut_child_wait_cmd_for(c, CMD_GRACE_MS))
		fprintf(stderr, "utrace-record: %s (pid %d) still runs after SIGTERM; not waiting for it\n",
			s->o.cmd[0], c->pid);
	if (!c->reaped)
		return EXIT_FAILURE;
	/* timeout(1)'s status: 124, or 137 when SIGKILL ended it. */
	if (c->timed_out)
		return WIFSIGNALED(c->status) &&
		       WTERMSIG(c->status) == SIGKILL ? 128 + SIGKILL : 124;
	if (WIFSIGNALED(c->status))
		return 128 + WTERMSIG(c->status);
	return WEXITSTATUS(c->status);
}

int session_finish(struct session *s)
{
	struct ut_rec *sig_rec = sig_rec_on(s);
	int status;

	/* Stop, then drain until no CPU has anything left. */
	ut_rec_stop(&s->rec);
	ut_lossless_end();
	if (sig_rec)
		ut_rec_stop(sig_rec);
	ut_rec_reader_stop(&s->rec);
	ut_rec_reader_stop(&s->sig_rec);
	if (s->rec.raw_only)
		ut_rec_flush_raw(&s->rec);
	merge_drain(&s->em);
	output_end(&s->out);
	merge_report_loss(&s->rec, sig_rec);
	/* The rules' counts, then the session's end: no rule is left. */
	ut_inject_finish(&s->inj);
	status = output_close(&s->out);
	/*
	 * The reader of the output has gone ("| head"): end COMMAND, as
	 * a pipeline would.  (Any other write error: see stop_recording.)
	 */
	if (s->out.write_failed && s->out.write_errno == EPIPE)
		ut_child_kill(&s->child, SIGTERM);
	if (s->o.dat && finish_dat(s) != EXIT_SUCCESS)
		status = EXIT_FAILURE;
	/* The probe first: it is disabled in the instance, not yet freed. */
	ut_argv_remove();
	ut_rec_destroy(&s->sig_rec);
	ut_rec_destroy(&s->rec);
	/* After a give-up, ours by its signal. */
	if (s->gave_up)
		return 128 + s->gave_up;
	if (s->o.cmd) {
		int cmd = cmd_status(s);

		/* A runtime error (1) wins over the command's status. */
		if (status == EXIT_SUCCESS)
			status = cmd;
	}
	return status;
}

void session_cleanup(struct session *s)
{
	/* Setup failed: the held child sees EOF and exits. */
	ut_child_abort(&s->child);
	ut_lossless_end();	/* before the instance: it holds it */
	ut_argv_remove();
	ut_rec_destroy(&s->sig_rec);
	ut_rec_destroy(&s->rec);
	output_discard(&s->out);
}
