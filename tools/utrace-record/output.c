// SPDX-License-Identifier: GPL-2.0
/*
 * output.c - the output of a recording or of -i: every event updates the
 * process table; the ones shown become lines collected in one buffer and
 * written in large writes, Perfetto instants or slices; the tables come
 * at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "format.h"
#include "output.h"
#include "tree.h"

static void write_failed(struct out_state *s)
{
	if (!s->write_failed)
		s->write_errno = errno ? errno : EIO;
	s->write_failed = true;
}

#define OUT_BATCH	65536

/* Write the lines collected in s->sb. */
static void out_flush(struct out_state *s)
{
	if (s->sb.len && !s->write_failed &&
	    fwrite(s->sb.buf, 1, s->sb.len, s->f) != s->sb.len)
		write_failed(s);
	sb_reset(&s->sb);
}

static bool wanted(struct out_state *s, const struct ut_event *ev)
{
	if (ev->kind == UT_LOST)
		return true;
	if (ev->kind >= UT_NR_KINDS ||
	    !(s->o->shown_kinds & UT_KIND_BIT(ev->kind)))
		return false;
	if (s->o->comm && strcmp(s->o->comm, ev->comm))
		return false;
	/* exitsnoop -x: failed exits only. */
	if (s->o->failed_exits && ev->kind == UT_EXIT && ev->exit.code_known &&
	    ev->exit.code == 0)
		return false;
	return true;
}

/*
 * ut_procs_apply, with a shortcut for a run of one task's system calls:
 * they only need its name, and the table changes only on other events
 * (or a new pid), so the entry found for the previous call still holds.
 */
static struct ut_proc *track_proc(struct out_state *s, struct ut_event *ev)
{
	bool call = ev->kind == UT_SYSCALL_ENTRY ||
		    ev->kind == UT_SYSCALL_EXIT;

	if (call && ev->pid > 0 && ev->pid == s->last_call_pid) {
		memcpy(ev->comm, s->last_proc->comm, sizeof(ev->comm));
		return s->last_proc;
	}
	ut_procs_apply(&s->procs, ev);
	s->last_call_pid = 0;
	s->last_proc = ut_procs_find(&s->procs, ev->pid);
	if (call && s->last_proc && s->last_proc->comm[0])
		s->last_call_pid = ev->pid;
	return s->last_proc;
}

/* Lines collect in s->sb and go out in large writes. */
static void flush_if_full(struct out_state *s)
{
	if (s->sb.len >= OUT_BATCH)
		out_flush(s);
}

static void put_line(struct out_state *s, const struct ut_event *ev)
{
	if (s->o->quiet)
		return;
	if (s->o->json)
		ut_format_json(&s->sb, ev);
	else
		ut_format_text(&s->sb, ev);
	flush_if_full(s);
}

/* A held entry whose exit did not follow: shown on its own after all. */
static void entry_alone(struct out_state *s, const struct ut_event *entry)
{
	if (s->pf_file)
		ut_perfetto_instant(&s->pf, entry);
	if (!s->o->json)
		put_line(s, entry);
}

/*
 * With both syscall kinds shown, an entry is held until its exit: text
 * gets one line per call ("syscall name(args) = ret <duration>"),
 * Perfetto a slice.  JSON lines stay one per event, printed at once.
 * Returns true when ev has been dealt with.
 */
static bool emit_call(struct out_state *s, struct ut_event *ev)
{
	struct ut_event held;

	if (ev->kind == UT_SYSCALL_ENTRY) {
		if (ut_calls_hold(&s->calls, ev, &held))
			entry_alone(s, &held);
		if (s->o->json)
			put_line(s, ev);
		return true;
	}
	if (!ut_calls_take(&s->calls, ev->pid, &held))
		return false;
	if (ev->kind != UT_SYSCALL_EXIT ||
	    held.sys_entry.nr != ev->sys_exit.nr) {
		/* Another event of the task first (exec, exit, ...). */
		entry_alone(s, &held);
		return false;
	}
	if (s->pf_file)
		ut_perfetto_slice(&s->pf, &held, ev);
	if (s->o->json) {
		put_line(s, ev);
	} else if (!s->o->quiet) {
		ut_format_call(&s->sb, &held, ev);
		flush_if_full(s);
	}
	return true;
}

/* Entries held longer than this are shown alone (a blocking call). */
#define HOLD_CALL_NS	1000000000ULL

void output_calls_flush(struct out_state *s, uint64_t ts)
{
	struct ut_event held;

	if (!s->join || (ts && ts <= HOLD_CALL_NS))
		return;
	while (ut_calls_take_old(&s->calls, ts ? ts - HOLD_CALL_NS : 0, &held))
		entry_alone(s, &held);
}

/*
 * The caller's exit status for an exit event (COMMAND's wait status):
 * exact, better than what compat mode can infer.
 */
static void fix_exit_status(struct out_state *s, struct ut_event *ev)
{
	struct ut_proc *p;
	int status;

	if (ev->kind != UT_EXIT || !s->exit_status ||
	    !s->exit_status(s->exit_status_arg, ev, &status))
		return;
	ev->exit.code_known = true;
	ev->exit.code = status;
	p = ut_procs_find(&s->procs, ev->pid);
	if (p) {
		p->exit_known = true;
		p->exit_code = status;
	}
}

/*
 * COMMAND's first event is the end of its read of the hold pipe
 * (child.c), which tracing was switched on during: the recorder's
 * doing, not the command's.
 */
static bool hold_read(struct out_state *s, const struct ut_event *ev)
{
	if (s->cmd_seen || !s->procs.cmd_pid || ev->pid != s->procs.cmd_pid)
		return false;
	s->cmd_seen = true;
	return ev->kind == UT_SYSCALL_EXIT && ev->sys_exit.nr == SYS_read;
}

void output_event(struct out_state *s, struct ut_event *ev)
{
	struct ut_proc *p, *self;

	if (hold_read(s, ev))
		return;
	self = track_proc(s, ev);
	if (ev->ts > s->last_ts)
		s->last_ts = ev->ts;
	fix_exit_status(s, ev);
	if (s->pf_file && (ev->kind < UT_NR_KINDS || ev->kind == UT_LOST))
		ut_perfetto_track(&s->pf, ev);
	if (ev->kind == UT_SYSCALL_ENTRY || ev->kind == UT_SYSCALL_EXIT)
		ut_calls_note(&s->calls, ev);
	if (!wanted(s, ev))
		return;
	if (ev->kind < UT_NR_KINDS) {
		/* Only clone adds entries, and it is not a call: self holds. */
		p = ev->kind == UT_CLONE ? ut_procs_find(&s->procs, ev->pid) :
		    self;
		if (p)
			p->seen = true;
		if (ev->kind == UT_CLONE) {
			p = ut_procs_find(&s->procs, ev->clone.child_pid);
			if (p)
				p->seen = true;
		}
	}
	s->counts.n[ev->kind]++;
	if (ev->kind == UT_SYSCALL_ENTRY || ev->kind == UT_SYSCALL_EXIT)
		ut_calls_count(&s->calls, ev);
	if (s->join && emit_call(s, ev))
		return;
	if (s->pf_file)
		ut_perfetto_instant(&s->pf, ev);
	put_line(s, ev);
}

static void write_summary(struct out_state *s)
{
	bool calls = s->o->shown_kinds & UT_KINDS_SYSCALLS;

	out_flush(s);
	if (s->o->json) {
		ut_summary_json(&s->sb, &s->procs, &s->counts,
				s->o->shown_kinds);
		/* ..."lost_reports":n} + ,"syscalls":[...] */
		if (s->sb.len >= 2) {
			s->sb.len -= 2;
			s->sb.buf[s->sb.len] = '\0';
			sb_putc(&s->sb, ',');
			ut_calls_table_json(&s->sb, &s->calls);
			sb_puts(&s->sb, "}\n");
		}
	} else {
		ut_summary_text(&s->sb, &s->procs, &s->counts,
				s->o->shown_kinds);
		if (calls)
			ut_calls_table_text(&s->sb, &s->calls);
	}
	if (fwrite(sb_str(&s->sb), 1, s->sb.len, s->f) != s->sb.len ||
	    fflush(s->f))
		write_failed(s);
	sb_reset(&s->sb);	/* written: not again with --tree */
}

static void write_tree(struct out_state *s)
{
	out_flush(s);
	if (s->o->json)
		ut_tree_json(&s->sb, &s->procs);
	else
		ut_tree_text(&s->sb, &s->procs);
	if (fwrite(sb_str(&s->sb), 1, s->sb.len, s->f) != s->sb.len ||
	    fflush(s->f))
		write_failed(s);
	sb_reset(&s->sb);
}


void output_open(struct out_state *s, const struct opts *o, bool live)
{
	int fd;

	s->o = o;
	/* Beside a traced command's own output, as strace does: stderr. */
	s->f = o->cmd || o->pid ? stderr : stdout;
	if (o->out) {
		s->f = fopen(o->out, "we");
		if (!s->f)
			fatal("cannot write %s: %s", o->out, strerror(errno));
	}
	if (o->dat) {
		/* Fail now, not after the recording, if it cannot be written. */
		fd = open(o->dat, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0)
			fatal("cannot write %s: %s", o->dat, strerror(errno));
		close(fd);
		s->unlink_on_fail[OUT_DAT] = o->dat;
	}
	if (o->perfetto) {
		s->pf_file = fopen(o->perfetto, "we");
		if (!s->pf_file)
			fatal("cannot write %s: %s", o->perfetto, strerror(errno));
		s->unlink_on_fail[OUT_PERFETTO] = o->perfetto;
		ut_perfetto_init(&s->pf, s->pf_file);
	}
	ut_procs_init(&s->procs, live);
	/* The tables keep the tasks of a reused pid apart. */
	s->procs.keep_old = o->summary || o->tree;
	s->calls.entries = o->shown_kinds & UT_KIND_BIT(UT_SYSCALL_ENTRY);
	s->join = (o->shown_kinds & UT_KINDS_SYSCALLS) == UT_KINDS_SYSCALLS;
}

void output_set_mode(struct out_state *s, enum ut_mode mode)
{
	if (mode == UT_MODE_COMPAT)
		s->counts.na = UT_KIND_BIT(UT_DEATH) | UT_KIND_BIT(UT_JCTL) |
			       UT_KIND_BIT(UT_VFORK_DONE);
}

void output_name(struct out_state *s, int pid, const char *comm)
{
	struct ut_proc *p = ut_procs_find(&s->procs, pid);

	if (p && p->comm[0])
		return;
	ut_procs_set_comm(&s->procs, pid, comm);
	s->last_call_pid = 0;		/* the table may have moved */
}

void output_flush(struct out_state *s)
{
	out_flush(s);
	if (fflush(s->f) || ferror(s->f))
		write_failed(s);
}

void output_end(struct out_state *s)
{
	output_calls_flush(s, 0);
	output_flush(s);
	if (s->o->summary && !s->write_failed)
		write_summary(s);
	if (s->o->tree && !s->write_failed)
		write_tree(s);
}

int output_close(struct out_state *s)
{
	int status = EXIT_SUCCESS, err;

	if (s->pf_file) {
		err = ut_perfetto_finish(&s->pf) ? errno : 0;
		if (fclose(s->pf_file) && !err)
			err = errno ? errno : EIO;
		s->pf_file = NULL;
		ut_perfetto_free(&s->pf);
		if (err) {
			fprintf(stderr, "utrace-record: cannot write %s: %s\n",
				s->o->perfetto, strerror(err));
			status = EXIT_FAILURE;
		} else {
			s->unlink_on_fail[OUT_PERFETTO] = NULL;	/* keep it */
		}
	}
	/* The reader of our output has gone (EPIPE, "| head"): quietly. */
	if (s->write_failed && s->write_errno != EPIPE) {
		fprintf(stderr, "utrace-record: write error: %s\n",
			strerror(s->write_errno));
		status = EXIT_FAILURE;
	}
	if (s->f != stdout && s->f != stderr && fclose(s->f))
		status = EXIT_FAILURE;
	ut_procs_free(&s->procs);
	ut_calls_free(&s->calls);
	sb_free(&s->sb);
	return status;
}

void output_discard(struct out_state *s)
{
	size_t i;

	for (i = 0; i < 2; i++) {
		if (s->unlink_on_fail[i]) {
			unlink(s->unlink_on_fail[i]);
			s->unlink_on_fail[i] = NULL;
		}
	}
}
