/* SPDX-License-Identifier: GPL-2.0 */
/*
 * output.h - where decoded events go, one at a time and in time order:
 * the process table, the filters of what is shown, each record rendered
 * once per form in use and handed to the sinks (sink.h: -o or stdout,
 * rotated files, the fleet sinks), per-process syscall summaries
 * (sysum.h), --perfetto, and at the end --summary and --tree.  Used
 * alike by a live recording and by -i.
 */
#ifndef UT_OUTPUT_H
#define UT_OUTPUT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "calls.h"
#include "cli.h"
#include "decode.h"
#include "envelope.h"
#include "event.h"
#include "perfetto.h"
#include "procs.h"
#include "sbuf.h"
#include "sink.h"
#include "summary.h"
#include "sysum.h"

/*
 * The exact wait status of the task whose exit ev is, when the caller
 * knows it (COMMAND): true with *status set.
 */
typedef bool (*out_exit_status_fn)(void *arg, const struct ut_event *ev,
				   int *status);

/* unlink_on_fail[]: the files deleted when the run fails. */
enum { OUT_DAT, OUT_PERFETTO };

struct out_state {
	struct ut_sinks sinks;
	struct ut_envelope env;		/* machine-readable records' (envelope.h) */
	unsigned int forms_ev;		/* forms some sink takes events in */
	unsigned int forms_call;	/* the same for per-call records */
	unsigned int forms_sysum;	/* and for syscall summaries */
	const struct opts *o;
	struct ut_procs procs;
	struct ut_counts counts;
	struct sbuf sb;			/* a text record (or a table) */
	struct sbuf rec;		/* a machine-readable one */
	uint64_t last_ts;		/* newest event printed */
	int last_call_pid;		/* track_proc(): the task of the last call */
	struct ut_proc *last_proc;	/* its entry (or of the last event) */
	bool write_failed;
	int write_errno;
	FILE *pf_file;			/* --perfetto, NULL without */
	struct ut_perfetto pf;
	struct ut_calls calls;		/* syscall pairing, -c table */
	struct ut_sysum sysum;		/* per-process summaries, if forms_sysum */
	/* SIGHUP: set by the handler, the files reopened between records. */
	volatile sig_atomic_t reopen;
	bool hup_reopens;		/* -o FILE and no COMMAND */
	bool join;			/* entry and exit both shown: pair */
	bool cmd_seen;			/* an event of procs.cmd_pid came */
	out_exit_status_fn exit_status;	/* NULL: only what events say */
	void *exit_status_arg;
	const char *unlink_on_fail[2];	/* --dat, --perfetto until written */
};

/*
 * Open -o (checked for rotation), create --dat (so that it fails now,
 * not after the recording), open --perfetto and the fleet sinks; exits
 * with a message when one cannot be written.  live: names may also come
 * from /proc.
 */
void output_open(struct out_state *s, const struct opts *o, bool live);
/* The summary marks what the mode cannot record as n/a. */
void output_set_mode(struct out_state *s, enum ut_mode mode);
/* Name pid comm until an event names it (-i: saved_cmdlines). */
void output_name(struct out_state *s, int pid, const char *comm);
/* One event, in time order: tracked, then printed when it is shown. */
void output_event(struct out_state *s, struct ut_event *ev);
/* Show held syscall entries older than ts - 1 s alone (all: ts 0). */
void output_calls_flush(struct out_state *s, uint64_t ts);
/* Write out the records collected so far; reopen after a SIGHUP. */
void output_flush(struct out_state *s);
/*
 * No more events: print what is held, the syscall summaries left, then
 * --summary and --tree.
 */
void output_end(struct out_state *s);
/*
 * Finish --perfetto and close the sinks (which report their counts);
 * EXIT_FAILURE (with a message) when one could not be written, else
 * EXIT_SUCCESS.
 */
int output_close(struct out_state *s);
/* The run failed: delete the files still in unlink_on_fail. */
void output_discard(struct out_state *s);

#endif
