// SPDX-License-Identifier: GPL-2.0
/*
 * sysum.c - per-process syscall summaries: a calls.c table per live
 * process, kept in a chained hash on the thread group id; an entry goes
 * once its summary is out, so memory follows the processes that made
 * calls since the last summary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "sysum.h"
#include "timefmt.h"

struct ut_sysum_proc {
	struct ut_sysum_proc *next;
	int tgid;
	char comm[UT_COMM_LEN];
	uint64_t since;
	struct ut_calls calls;
};

static void *zalloc(size_t n)
{
	void *p = calloc(1, n);

	if (!p) {
		fputs("utrace-record: out of memory\n", stderr);
		abort();
	}
	return p;
}

void ut_sysum_init(struct ut_sysum *u, uint64_t interval_ns, bool entries,
		   ut_sysum_emit_fn emit, void *arg)
{
	memset(u, 0, sizeof(*u));
	u->interval_ns = interval_ns;
	u->entries = entries;
	u->emit = emit;
	u->arg = arg;
}

static size_t hash(int tgid, size_t n)
{
	return ((unsigned int)tgid * 2654435761u) & (n - 1);
}

static void grow(struct ut_sysum *u)
{
	size_t n = u->nbucket ? u->nbucket * 2 : 256, i;
	struct ut_sysum_proc **b = zalloc(n * sizeof(*b)), *p, *next;

	for (i = 0; i < u->nbucket; i++)
		for (p = u->bucket[i]; p; p = next) {
			next = p->next;
			p->next = b[hash(p->tgid, n)];
			b[hash(p->tgid, n)] = p;
		}
	free(u->bucket);
	u->bucket = b;
	u->nbucket = n;
}

static struct ut_sysum_proc *find(struct ut_sysum *u, int tgid, bool add)
{
	struct ut_sysum_proc *p;

	if (u->last && u->last->tgid == tgid)
		return u->last;
	for (p = u->nbucket ? u->bucket[hash(tgid, u->nbucket)] : NULL; p;
	     p = p->next)
		if (p->tgid == tgid)
			return p;
	if (!add)
		return NULL;
	if (u->count >= u->nbucket)
		grow(u);
	p = zalloc(sizeof(*p));
	p->tgid = tgid;
	p->calls.entries = u->entries;
	p->next = u->bucket[hash(tgid, u->nbucket)];
	u->bucket[hash(tgid, u->nbucket)] = p;
	u->count++;
	return p;
}

/* Emit p's summary, take it out of its chain at *link and free it. */
static void put_out(struct ut_sysum *u, struct ut_sysum_proc **link,
		    const char *reason, uint64_t ts)
{
	struct ut_sysum_proc *p = *link;
	struct ut_sysum_rec r = {
		.tgid = p->tgid, .comm = p->comm, .reason = reason,
		.since = p->since, .ts = ts, .calls = &p->calls,
	};

	if (p->calls.nst)
		u->emit(u->arg, &r);
	*link = p->next;
	if (u->last == p)
		u->last = NULL;
	ut_calls_free(&p->calls);
	free(p);
	u->count--;
}

static void put_all(struct ut_sysum *u, const char *reason, uint64_t ts)
{
	size_t i;

	for (i = 0; i < u->nbucket; i++)
		while (u->bucket[i])
			put_out(u, &u->bucket[i], reason, ts);
}

void ut_sysum_tick(struct ut_sysum *u, uint64_t ts)
{
	if (!u->interval_ns)
		return;
	if (!u->next_due) {
		u->next_due = ts + u->interval_ns;
		return;
	}
	if (ts < u->next_due)
		return;
	put_all(u, "interval", ts);
	/* A quiet stretch longer than the interval: the next one from now. */
	while (u->next_due <= ts)
		u->next_due += u->interval_ns;
}

void ut_sysum_count(struct ut_sysum *u, int tgid, const char *comm,
		    const struct ut_event *ev)
{
	struct ut_sysum_proc *p = find(u, tgid, true);

	if (!p->calls.nst && !p->since)
		p->since = ev->ts;
	memcpy(p->comm, comm, sizeof(p->comm));
	p->comm[UT_COMM_LEN - 1] = '\0';
	ut_calls_count(&p->calls, ev);
	u->last = p;
}

void ut_sysum_exit(struct ut_sysum *u, int tgid, uint64_t ts)
{
	struct ut_sysum_proc **link;

	if (!u->nbucket)
		return;
	for (link = &u->bucket[hash(tgid, u->nbucket)]; *link;
	     link = &(*link)->next)
		if ((*link)->tgid == tgid) {
			put_out(u, link, "exit", ts);
			return;
		}
}

void ut_sysum_end(struct ut_sysum *u, uint64_t ts)
{
	put_all(u, "end", ts);
}

void ut_sysum_free(struct ut_sysum *u)
{
	struct ut_sysum_proc *p, *next;
	size_t i;

	for (i = 0; i < u->nbucket; i++)
		for (p = u->bucket[i]; p; p = next) {
			next = p->next;
			ut_calls_free(&p->calls);
			free(p);
		}
	free(u->bucket);
	u->bucket = NULL;
	u->nbucket = u->count = 0;
	u->last = NULL;
}

void ut_sysum_json(struct sbuf *sb, const struct ut_sysum_rec *r)
{
	int64_t unix_ns;

	sb_lit(sb, "{\"time\":");
	sb_secs(sb, r->ts);
	if (ut_time_unix_ns(r->ts, &unix_ns)) {
		sb_lit(sb, ",\"time_unix_ns\":");
		sb_dec(sb, unix_ns);
	}
	sb_lit(sb, ",\"pid\":");
	sb_dec(sb, r->tgid);
	sb_lit(sb, ",\"comm\":");
	sb_json_str(sb, r->comm);
	sb_lit(sb, ",\"event\":\"syscall_summary\",\"reason\":");
	sb_json_str(sb, r->reason);
	sb_lit(sb, ",\"since\":");
	sb_secs(sb, r->since);
	sb_putc(sb, ',');
	ut_calls_table_json(sb, r->calls);
	sb_lit(sb, "}\n");
}

void ut_sysum_text(struct sbuf *sb, const struct ut_sysum_rec *r)
{
	ut_time_text(sb, r->ts);
	sb_putc(sb, ' ');
	sb_text_str(sb, r->comm);
	sb_printf(sb, "[%d] syscall_summary %s, calls since ", r->tgid,
		  r->reason);
	ut_time_text(sb, r->since);
	sb_putc(sb, '\n');
	ut_calls_table_text(sb, r->calls);
}
