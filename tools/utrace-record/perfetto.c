// SPDX-License-Identifier: GPL-2.0
/*
 * perfetto.c - Chrome trace-event JSON for the Perfetto UI.
 *
 * Instants are written as they come, so memory stays bounded by the
 * number of tasks; the metadata ("M" process_name / thread_name) and the
 * lifetime slices ("X") are written at the end, when names and exits are
 * known.  The JSON importers sort events, so their order does not matter.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "names.h"
#include "perfetto.h"

enum pf_start {
	PF_START_NONE,		/* had events before any clone/exec of it */
	PF_START_CLONE,
	PF_START_EXEC,
};

struct ut_pf_task {
	int tid;		/* 0: free slot */
	int tgid;		/* == tid unless a clone said otherwise */
	char comm[UT_COMM_LEN];
	bool seen;		/* has a printed event: gets a track */
	bool active;		/* an event of it was tracked */
	enum pf_start start;
	uint64_t start_ts;
	bool exited;
	uint64_t exit_ts;
	bool code_known;
	int code;
	char *exec_file;	/* last exec */
};

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p) {
		fputs("utrace-record: out of memory\n", stderr);
		abort();
	}
	return p;
}

static size_t slot_of(int tid, size_t cap)
{
	return ((unsigned int)tid * 2654435761u) & (cap - 1);
}

static struct ut_pf_task *find(struct ut_perfetto *pf, int tid)
{
	size_t i;

	if (!pf->cap || tid <= 0)
		return NULL;
	for (i = slot_of(tid, pf->cap); pf->tab[i].tid;
	     i = (i + 1) & (pf->cap - 1))
		if (pf->tab[i].tid == tid)
			return &pf->tab[i];
	return NULL;
}

static struct ut_pf_task *get(struct ut_perfetto *pf, int tid)
{
	struct ut_pf_task *t = find(pf, tid);
	size_t i;

	if (t || tid <= 0)
		return t;
	if (2 * (pf->count + 1) > pf->cap) {
		struct ut_pf_task *old = pf->tab;
		size_t oldcap = pf->cap;

		pf->cap = pf->cap ? pf->cap * 2 : 256;
		pf->tab = xcalloc(pf->cap, sizeof(*pf->tab));
		for (i = 0; i < oldcap; i++) {
			size_t j;

			if (!old[i].tid)
				continue;
			for (j = slot_of(old[i].tid, pf->cap); pf->tab[j].tid;
			     j = (j + 1) & (pf->cap - 1))
				;
			pf->tab[j] = old[i];
		}
		free(old);
	}
	for (i = slot_of(tid, pf->cap); pf->tab[i].tid;
	     i = (i + 1) & (pf->cap - 1))
		;
	t = &pf->tab[i];
	memset(t, 0, sizeof(*t));
	t->tid = tid;
	t->tgid = tid;
	pf->count++;
	return t;
}

static void set_comm(struct ut_pf_task *t, const char *comm)
{
	if (comm && comm[0]) {
		strncpy(t->comm, comm, sizeof(t->comm) - 1);
		t->comm[sizeof(t->comm) - 1] = '\0';
	}
}

/* Append the time in microseconds, nanosecond precision. */
static void sb_us(struct sbuf *sb, uint64_t ns)
{
	sb_printf(sb, "%" PRIu64 ".%03u", ns / 1000, (unsigned int)(ns % 1000));
}

/* Write the event in sb, with the separator the array needs. */
static void put(struct ut_perfetto *pf)
{
	fputs(pf->written++ ? ",\n" : "\n", pf->f);
	fwrite(sb_str(&pf->sb), 1, pf->sb.len, pf->f);
}

void ut_perfetto_init(struct ut_perfetto *pf, FILE *f)
{
	memset(pf, 0, sizeof(*pf));
	pf->f = f;
	fputs("{\"traceEvents\":[", f);
}

void ut_perfetto_track(struct ut_perfetto *pf, const struct ut_event *ev)
{
	struct ut_pf_task *t, *c;

	if (!pf->any) {
		pf->any = true;
		pf->first_ts = ev->ts;
	}
	if (ev->ts > pf->last_ts)
		pf->last_ts = ev->ts;
	if (ev->kind == UT_LOST)
		return;
	t = get(pf, ev->pid);
	if (!t)
		return;
	set_comm(t, ev->comm);

	switch (ev->kind) {
	case UT_CLONE:
		c = get(pf, ev->clone.child_pid);
		if (!c)
			break;
		t = find(pf, ev->pid);	/* get() may have moved it */
		if (c->start == PF_START_NONE) {
			c->start = PF_START_CLONE;
			c->start_ts = ev->ts;
		}
		if (ev->clone.child_tgid > 0)
			c->tgid = ev->clone.child_tgid;
		set_comm(c, ev->clone.child_comm[0] ? ev->clone.child_comm :
			 t->comm);
		break;
	case UT_EXEC:
		if (ev->exec.err)
			break;		/* a failed execve */
		/* Its first event: it started there, as far as we know. */
		if (t->start == PF_START_NONE && !t->active) {
			t->start = PF_START_EXEC;
			t->start_ts = ev->ts;
		}
		free(t->exec_file);
		t->exec_file = ev->exec.filename ? strdup(ev->exec.filename) :
			       NULL;
		break;
	case UT_EXIT:
		if (!t->exited) {
			t->exited = true;
			t->exit_ts = ev->ts;
		}
		t->code_known = ev->exit.code_known;
		t->code = ev->exit.code;
		break;
	default:
		break;
	}
	t = find(pf, ev->pid);
	if (t)
		t->active = true;
}

/* Instant name: the event, with the signal or syscall for those. */
static void instant_name(struct sbuf *sb, const struct ut_event *ev)
{
	const char *name = NULL;
	uint32_t arch = UT_ARCH_UNKNOWN;
	char buf[32];
	long nr = -1;

	sb_puts(sb, ut_kind_name(ev->kind));
	switch (ev->kind) {
	case UT_SIGNAL:
		sb_printf(sb, " %s", ut_signame(ev->signal.signo, buf,
						 sizeof(buf)));
		return;
	case UT_SYSCALL_ENTRY:
		nr = ev->sys_entry.nr;
		arch = ev->sys_entry.arch;
		break;
	case UT_SYSCALL_EXIT:
		nr = ev->sys_exit.nr;
		arch = ev->sys_exit.arch;
		break;
	default:
		return;
	}
	if (arch == UT_ARCH_I386)
		sb_puts(sb, " [i386]");
	name = ut_syscall_name_arch(arch, nr);
	if (name)
		sb_printf(sb, " %s", name);
	else
		sb_printf(sb, " syscall_%ld", nr);
}

void ut_perfetto_slice(struct ut_perfetto *pf, const struct ut_event *entry,
		       const struct ut_event *exit)
{
	struct ut_pf_task *t = get(pf, exit->pid);
	struct sbuf args = { 0 };
	const char *name;

	if (!t)
		return;
	t->seen = true;
	ut_format_json(&args, exit);
	if (args.len && args.buf[args.len - 1] == '\n')
		args.buf[--args.len] = '\0';
	sb_reset(&pf->sb);
	sb_puts(&pf->sb, "{\"name\":\"");
	if (entry->sys_entry.arch == UT_ARCH_I386)
		sb_puts(&pf->sb, "[i386] ");
	name = ut_syscall_name_arch(entry->sys_entry.arch, entry->sys_entry.nr);
	if (name)
		sb_puts(&pf->sb, name);
	else
		sb_printf(&pf->sb, "syscall_%ld", entry->sys_entry.nr);
	sb_puts(&pf->sb, "\",\"cat\":\"syscall\",\"ph\":\"X\",\"ts\":");
	sb_us(&pf->sb, entry->ts);
	sb_puts(&pf->sb, ",\"dur\":");
	sb_us(&pf->sb, exit->ts - entry->ts);
	sb_printf(&pf->sb, ",\"pid\":%d,\"tid\":%d,\"args\":%s}", t->tgid,
		  t->tid, sb_str(&args));
	put(pf);
	sb_free(&args);
}

void ut_perfetto_instant(struct ut_perfetto *pf, const struct ut_event *ev)
{
	struct ut_pf_task *t = NULL;
	struct sbuf args = { 0 };
	struct sbuf name = { 0 };

	if (ev->kind != UT_LOST) {
		t = get(pf, ev->pid);
		if (t)
			t->seen = true;
	}
	if (ev->kind == UT_LOST)
		sb_puts(&name, "LOST");
	else
		instant_name(&name, ev);
	ut_format_json(&args, ev);
	if (args.len && args.buf[args.len - 1] == '\n')
		args.buf[--args.len] = '\0';

	sb_reset(&pf->sb);
	sb_puts(&pf->sb, "{\"name\":");
	sb_json_str(&pf->sb, sb_str(&name));
	sb_puts(&pf->sb, ",\"cat\":\"utrace\",\"ph\":\"i\",\"ts\":");
	sb_us(&pf->sb, ev->ts);
	if (t)
		sb_printf(&pf->sb, ",\"s\":\"t\",\"pid\":%d,\"tid\":%d",
			  t->tgid, t->tid);
	else
		sb_puts(&pf->sb, ",\"s\":\"g\",\"pid\":0,\"tid\":0");
	sb_printf(&pf->sb, ",\"args\":%s}", sb_str(&args));
	put(pf);
	sb_free(&args);
	sb_free(&name);
}

static const char *comm_or(const struct ut_pf_task *t)
{
	return t->comm[0] ? t->comm : "<...>";
}

static void metadata(struct ut_perfetto *pf, const char *what, int pid,
		     int tid, const char *name)
{
	sb_reset(&pf->sb);
	sb_printf(&pf->sb, "{\"name\":\"%s\",\"ph\":\"M\",\"pid\":%d,"
		  "\"tid\":%d,\"args\":{\"name\":", what, pid, tid);
	sb_json_str(&pf->sb, name);
	sb_puts(&pf->sb, "}}");
	put(pf);
}

static void lifetime(struct ut_perfetto *pf, const struct ut_pf_task *t)
{
	static const char *const how[] = {
		[PF_START_NONE] = "before recording",
		[PF_START_CLONE] = "clone",
		[PF_START_EXEC] = "exec",
	};
	uint64_t start = t->start != PF_START_NONE ? t->start_ts : pf->first_ts;
	uint64_t end = t->exited ? t->exit_ts : pf->last_ts;

	if (end < start)
		end = start;
	sb_reset(&pf->sb);
	sb_puts(&pf->sb, "{\"name\":");
	sb_json_str(&pf->sb, comm_or(t));
	sb_puts(&pf->sb, ",\"cat\":\"lifetime\",\"ph\":\"X\",\"ts\":");
	sb_us(&pf->sb, start);
	sb_puts(&pf->sb, ",\"dur\":");
	sb_us(&pf->sb, end - start);
	sb_printf(&pf->sb, ",\"pid\":%d,\"tid\":%d,\"args\":{\"start\":\"%s\","
		  "\"end\":\"", t->tgid, t->tid, how[t->start]);
	if (!t->exited)
		sb_puts(&pf->sb, "still running");
	else if (t->code_known)
		ut_wait_status_str(&pf->sb, t->code);
	else
		sb_puts(&pf->sb, "status=?");
	sb_puts(&pf->sb, "\",\"exec\":");
	if (t->exec_file)
		sb_json_str(&pf->sb, t->exec_file);
	else
		sb_puts(&pf->sb, "null");
	sb_puts(&pf->sb, "}}");
	put(pf);
}

int ut_perfetto_finish(struct ut_perfetto *pf)
{
	struct ut_pf_task *t, *leader;
	size_t i;

	for (i = 0; i < pf->cap; i++) {
		t = &pf->tab[i];
		if (!t->tid || !t->seen)
			continue;
		if (t->tgid == t->tid) {
			metadata(pf, "process_name", t->tgid, t->tid,
				 comm_or(t));
		} else {
			/* A thread: name its process unless the leader will. */
			leader = find(pf, t->tgid);
			if (!leader || !leader->seen)
				metadata(pf, "process_name", t->tgid, t->tgid,
					 leader ? comm_or(leader) : comm_or(t));
		}
		metadata(pf, "thread_name", t->tgid, t->tid, comm_or(t));
		lifetime(pf, t);
	}
	fputs("\n],\"displayTimeUnit\":\"ns\",\"otherData\":"
	      "{\"recorder\":\"utrace-record\",\"clock\":\"mono\"}}\n", pf->f);
	if (fflush(pf->f) || ferror(pf->f))
		return -1;
	return 0;
}

void ut_perfetto_free(struct ut_perfetto *pf)
{
	size_t i;

	for (i = 0; i < pf->cap; i++)
		free(pf->tab[i].exec_file);
	free(pf->tab);
	sb_free(&pf->sb);
	memset(pf, 0, sizeof(*pf));
}
