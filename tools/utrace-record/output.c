// SPDX-License-Identifier: GPL-2.0
/*
 * output.c - the output of a recording or of -i: every event updates the
 * process table; the ones shown become records, rendered once per form
 * (text, JSON, OTLP) some sink takes and handed to the sinks, Perfetto
 * instants or slices; syscalls also go into per-process summaries; the
 * tables come at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "format.h"
#include "envelope.h"
#include "kafka.h"
#include "otlp.h"
#include "output.h"
#include "tree.h"

/* A sink failed with err (0: none): the output-failure policy. */
static void sink_failed(struct out_state *s, int err)
{
	if (!err || s->write_failed)
		return;
	s->write_errno = err;
	s->write_failed = true;
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

static bool is_call(const struct ut_event *ev)
{
	return ev->kind == UT_SYSCALL_ENTRY || ev->kind == UT_SYSCALL_EXIT;
}

/* The process (thread group) of a task: its entry's tgid, else pid. */
static int tgid_of(const struct ut_proc *p, int pid)
{
	return p && p->tgid > 0 ? p->tgid : pid;
}

/* The text form: s->sb, one line (or a joined call) to the sinks. */
static void put_text(struct out_state *s, unsigned int cls)
{
	sink_failed(s, ut_sinks_write(&s->sinks, UT_FORM_TEXT, cls, NULL,
				      &s->sb));
	sb_reset(&s->sb);
}

/*
 * ev once in each machine-readable form some sink takes for its class,
 * keyed by its process's entity id: one record (envelope.h, its seq
 * given here) in each form.
 */
static void put_machine(struct out_state *s, const struct ut_event *ev,
			unsigned int cls, unsigned int forms)
{
	struct ut_record rec;
	const char *key;
	int form;

	forms &= ~(1u << UT_FORM_TEXT);
	if (!forms)
		return;
	ut_env_record(&s->env, &s->procs, ev, &rec);
	key = ev->kind == UT_LOST ? NULL : ut_env_key(&rec);
	for (form = UT_FORM_JSON; form < UT_FORM_NR; form++) {
		if (!(forms & (1u << form)))
			continue;
		sb_reset(&s->rec);
		if (form == UT_FORM_OTLP)
			ut_otlp_one(&s->rec, &rec, UT_ENV_FLEET);
		else
			ut_env_json(&s->rec, &rec, form == UT_FORM_JSON ? 0 :
				    UT_ENV_FLEET);
		sink_failed(s, ut_sinks_write(&s->sinks, form, cls, key,
					      &s->rec));
	}
}

/* One event, in every form in use for its class. */
static void put_line(struct out_state *s, const struct ut_event *ev)
{
	unsigned int cls = is_call(ev) ? UT_REC_CALLS : UT_REC_EVENTS;
	unsigned int forms = is_call(ev) ? s->forms_call : s->forms_ev;

	if (forms & (1u << UT_FORM_TEXT)) {
		ut_format_text(&s->sb, ev);
		put_text(s, cls);
	}
	put_machine(s, ev, cls, forms);
}

/* A held entry whose exit did not follow: shown on its own after all. */
static void entry_alone(struct out_state *s, const struct ut_event *entry)
{
	if (s->pf_file)
		ut_perfetto_instant(&s->pf, entry);
	if (s->forms_call & (1u << UT_FORM_TEXT)) {
		ut_format_text(&s->sb, entry);
		put_text(s, UT_REC_CALLS);
	}
}

/*
 * With both syscall kinds shown, an entry is held until its exit: text
 * gets one line per call ("syscall name(args) = ret <duration>"),
 * Perfetto a slice.  Machine-readable records stay one per event, out
 * at once.  Returns true when ev has been dealt with.
 */
static bool emit_call(struct out_state *s, struct ut_event *ev)
{
	struct ut_event held;

	if (ev->kind == UT_SYSCALL_ENTRY) {
		if (ut_calls_hold(&s->calls, ev, &held))
			entry_alone(s, &held);
		put_machine(s, ev, UT_REC_CALLS, s->forms_call);
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
	if (s->forms_call & (1u << UT_FORM_TEXT)) {
		ut_format_call(&s->sb, &held, ev);
		put_text(s, UT_REC_CALLS);
	}
	put_machine(s, ev, UT_REC_CALLS, s->forms_call);
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

/* A summary record (sysum.c), in each form some sink takes them in. */
static void put_sysum(void *arg, const struct ut_sysum_rec *r)
{
	struct out_state *s = arg;
	static struct sbuf json;
	struct ut_record rec;
	const char *key = NULL;
	int form;

	/* The machine-readable forms: its JSON in the envelope. */
	if (s->forms_sysum & ~(1u << UT_FORM_TEXT)) {
		sb_reset(&json);
		ut_sysum_json(&json, r);
		ut_env_record_other(&s->env, &s->procs, r->tgid, r->ts,
				    "syscall_summary", sb_str(&json), &rec);
		key = ut_env_key(&rec);
	}
	for (form = 0; form < UT_FORM_NR; form++) {
		if (!(s->forms_sysum & (1u << form)))
			continue;
		sb_reset(&s->rec);
		if (form == UT_FORM_TEXT)
			ut_sysum_text(&s->rec, r);
		else if (form == UT_FORM_OTLP)
			ut_otlp_one(&s->rec, &rec, UT_ENV_FLEET);
		else
			ut_env_json(&s->rec, &rec, 0);
		sink_failed(s, ut_sinks_write(&s->sinks, form, UT_REC_SYSUM,
					      key, &s->rec));
	}
}

/*
 * The end of a process: the exit of its last thread (group_dead), or
 * where that is not known, of its leader.  Its summary follows the
 * exit's record.
 */
static void sysum_exit(struct out_state *s, const struct ut_proc *self,
		       const struct ut_event *ev)
{
	int tgid = tgid_of(self, ev->pid);

	if (ev->exit.group_dead == 1 ||
	    (ev->exit.group_dead == UT_UNKNOWN && tgid == ev->pid))
		ut_sysum_exit(&s->sysum, tgid, ev->ts);
}

static void show_event(struct out_state *s, struct ut_event *ev,
		       struct ut_proc *self);

void output_event(struct out_state *s, struct ut_event *ev)
{
	struct ut_proc *self;

	if (hold_read(s, ev))
		return;
	self = track_proc(s, ev);
	if (ev->ts > s->last_ts)
		s->last_ts = ev->ts;
	/* The summaries of the interval that ended before ev. */
	if (s->forms_sysum)
		ut_sysum_tick(&s->sysum, ev->ts);
	show_event(s, ev, self);
	if (s->forms_sysum && ev->kind == UT_EXIT)
		sysum_exit(s, self, ev);
}

/* ev tracked: counted and shown, as the options say. */
static void show_event(struct out_state *s, struct ut_event *ev,
		       struct ut_proc *self)
{
	struct ut_proc *p;

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
	if (is_call(ev)) {
		ut_calls_count(&s->calls, ev);
		if (s->forms_sysum)
			ut_sysum_count(&s->sysum, tgid_of(self, ev->pid),
				       ev->comm, ev);
	}
	if (s->join && emit_call(s, ev))
		return;
	if (s->pf_file)
		ut_perfetto_instant(&s->pf, ev);
	put_line(s, ev);
}

/* A table's JSON object in s->sb, named name, into the envelope. */
static void table_envelope(struct out_state *s, const char *name)
{
	struct sbuf json = { 0 };
	struct ut_record rec;

	if (!s->o->json || !s->sb.len)
		return;
	sb_putn(&json, s->sb.buf, s->sb.len);
	ut_env_record_other(&s->env, &s->procs, 0, s->last_ts, name,
			    sb_str(&json), &rec);
	sb_reset(&s->sb);
	ut_env_json(&s->sb, &rec, 0);
	sb_free(&json);
}

static void write_summary(struct out_state *s)
{
	bool calls = s->o->shown_kinds & UT_KINDS_SYSCALLS;

	sb_reset(&s->sb);
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
	table_envelope(s, "summary");
	sink_failed(s, ut_sinks_write_tables(&s->sinks, &s->sb));
	sb_reset(&s->sb);
}

static void write_tree(struct out_state *s)
{
	sb_reset(&s->sb);
	if (s->o->json)
		ut_tree_json(&s->sb, &s->procs);
	else
		ut_tree_text(&s->sb, &s->procs);
	table_envelope(s, "tree");
	sink_failed(s, ut_sinks_write_tables(&s->sinks, &s->sb));
	sb_reset(&s->sb);
}

/*
 * -o FILE (rotated, or not), else stdout or stderr: what -e selects,
 * syscall summaries with --summary-interval, the tables; with -q only
 * the tables.
 */
static void open_main_sink(struct out_state *s, const struct opts *o)
{
	struct ut_sink sk;
	int err;

	if (o->out && o->rotate.size && (err = ut_rotate_check(o->out)))
		fatal("cannot rotate %s: its directory is not writable: %s",
		      o->out, strerror(-err));
	if (o->out) {
		err = ut_sink_file_open(&sk, o->out, &o->rotate);
		if (err)
			fatal("cannot write %s: %s", o->out, strerror(-err));
	} else if (o->cmd || o->pid) {
		/* Beside a traced command's own output, as strace does. */
		ut_sink_stream(&sk, stderr, "stderr");
	} else {
		ut_sink_stream(&sk, stdout, "stdout");
	}
	sk.form = o->json ? UT_FORM_JSON : UT_FORM_TEXT;
	sk.takes = UT_REC_TABLES;
	if (!o->quiet)
		sk.takes |= UT_REC_EVENTS | UT_REC_CALLS;
	if (o->summary_interval >= 0)
		sk.takes |= UT_REC_SYSUM;
	ut_sinks_add(&s->sinks, &sk);
	s->hup_reopens = o->out && !o->cmd;
}

/* Which forms each class of record is rendered in. */
static void note_forms(struct out_state *s)
{
	const struct ut_sink *sk;

	for (sk = s->sinks.v; sk < s->sinks.v + s->sinks.n; sk++) {
		if (sk->takes & UT_REC_EVENTS)
			s->forms_ev |= 1u << sk->form;
		if (sk->takes & UT_REC_CALLS)
			s->forms_call |= 1u << sk->form;
		if (sk->takes & UT_REC_SYSUM)
			s->forms_sysum |= 1u << sk->form;
	}
}

/* --kafka: each record to a topic (kafka.c), calls with --per-call. */
static void open_kafka_sink(struct out_state *s, const struct opts *o)
{
	struct ut_sink sk;

	ut_kafka_open(&sk, o);
	/* Its envelope leaves argv out unless --fleet-args (envelope.h). */
	if (sk.form == UT_FORM_JSON)
		sk.form = UT_FORM_JSON_FLEET;
	if (o->per_call)
		sk.takes |= UT_REC_CALLS;
	ut_sinks_add(&s->sinks, &sk);
}

/* --otlp-file: OTLP/JSON logs, batched (otlp.c), like Kafka's records. */
static void open_otlp_sink(struct out_state *s, const struct opts *o)
{
	struct ut_sink sk;
	int err = ut_otlp_file_open(&sk, o->otlp_file, &s->env);

	if (err)
		fatal("cannot write %s: %s", o->otlp_file, strerror(-err));
	sk.takes = UT_REC_EVENTS | UT_REC_SYSUM;
	if (o->per_call)
		sk.takes |= UT_REC_CALLS;
	ut_sinks_add(&s->sinks, &sk);
}

void output_open(struct out_state *s, const struct opts *o, bool live)
{
	int fd;

	s->o = o;
	if (!ut_env_init(&s->env, live && !o->input, o->redact_args,
			 o->fleet_args))
		fatal("out of memory");
	open_main_sink(s, o);
	/* Fleet sinks (--kafka: kafka.c, --otlp-file) are added here. */
	if (o->kafka)
		open_kafka_sink(s, o);
	if (o->otlp_file)
		open_otlp_sink(s, o);
	note_forms(s);
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
	ut_sysum_init(&s->sysum, o->summary_interval > 0 ?
		      (uint64_t)(o->summary_interval * 1e9) : 0,
		      s->calls.entries, put_sysum, s);
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
	sink_failed(s, ut_sinks_flush(&s->sinks));
	/* SIGHUP: the records so far went to the old file. */
	if (s->reopen && !s->write_failed) {
		s->reopen = 0;
		sink_failed(s, ut_sinks_reopen(&s->sinks));
	}
}

void output_end(struct out_state *s)
{
	output_calls_flush(s, 0);
	if (s->forms_sysum && !s->write_failed)
		ut_sysum_end(&s->sysum, s->last_ts);
	if (s->o->summary && !s->write_failed)
		write_summary(s);
	if (s->o->tree && !s->write_failed)
		write_tree(s);
	output_flush(s);
}

/*
 * A sink that failed, in one line; EPIPE is the reader gone: quietly.
 * The first is -o (or stdout): its message names no file, as always.
 */
static void report_sink(const struct out_state *s, const struct ut_sink *sk)
{
	if (!sk->err || sk->err == EPIPE)
		return;
	if (sk == s->sinks.v)
		fprintf(stderr, "utrace-record: write error: %s\n",
			strerror(sk->err));
	else
		fprintf(stderr, "utrace-record: cannot write %s: %s\n",
			sk->what, strerror(sk->err));
}

int output_close(struct out_state *s)
{
	int status = EXIT_SUCCESS, err;
	size_t i;

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
	for (i = 0; i < s->sinks.n; i++) {
		err = s->sinks.v[i].ops->close(s->sinks.v[i].priv, stderr);
		if (err < 0 && !s->sinks.v[i].err)
			s->sinks.v[i].err = -err;
		report_sink(s, &s->sinks.v[i]);
		if (s->sinks.v[i].err && s->sinks.v[i].err != EPIPE)
			status = EXIT_FAILURE;
	}
	s->sinks.n = 0;
	ut_env_free(&s->env);
	ut_procs_free(&s->procs);
	ut_calls_free(&s->calls);
	ut_sysum_free(&s->sysum);
	sb_free(&s->sb);
	sb_free(&s->rec);
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
