// SPDX-License-Identifier: GPL-2.0
/* calls.c - syscall entry/exit pairing, held entries, the -c table. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calls.h"
#include "escape.h"
#include "names.h"

struct ut_call_task {
	int pid;			/* 0: free */
	bool open;			/* an entry without its exit yet */
	uint64_t entry_ts;
	long nr;
	bool held;			/* entry kept back for joining */
	struct ut_event entry;
};

struct ut_call_stat {
	uint32_t arch;
	long nr;
	unsigned long long calls, errors;
	uint64_t ns;			/* summed durations */
};

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fputs("utrace-record: out of memory\n", stderr);
		abort();
	}
	return p;
}

void ut_calls_free(struct ut_calls *c)
{
	free(c->tab);
	free(c->st);
	memset(c, 0, sizeof(*c));
}

static size_t slot(int pid, size_t cap)
{
	return ((unsigned int)pid * 2654435761u) & (cap - 1);
}

static struct ut_call_task *task(struct ut_calls *c, int pid, bool add)
{
	struct ut_call_task *old = c->tab;
	size_t i, j, oldcap = c->cap;

	for (i = c->cap ? slot(pid, c->cap) : 0; c->cap && c->tab[i].pid;
	     i = (i + 1) & (c->cap - 1))
		if (c->tab[i].pid == pid)
			return &c->tab[i];
	if (!add)
		return NULL;
	if ((c->count + 1) * 2 > c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->tab = calloc(c->cap, sizeof(*c->tab));
		if (!c->tab)
			c->tab = xrealloc(NULL, 1);	/* aborts */
		for (i = 0; i < oldcap; i++) {
			if (!old[i].pid)
				continue;
			for (j = slot(old[i].pid, c->cap); c->tab[j].pid;
			     j = (j + 1) & (c->cap - 1))
				;
			c->tab[j] = old[i];
		}
		free(old);
	}
	for (i = slot(pid, c->cap); c->tab[i].pid; i = (i + 1) & (c->cap - 1))
		;
	c->tab[i].pid = pid;
	c->count++;
	return &c->tab[i];
}

void ut_calls_note(struct ut_calls *c, struct ut_event *ev)
{
	struct ut_call_task *t;

	if (ev->kind == UT_SYSCALL_ENTRY) {
		t = task(c, ev->pid, true);
		t->open = true;
		t->entry_ts = ev->ts;
		t->nr = ev->sys_entry.nr;
	} else if (ev->kind == UT_SYSCALL_EXIT) {
		t = task(c, ev->pid, false);
		ev->sys_exit.dur_ns = 0;
		if (t && t->open && t->nr == ev->sys_exit.nr &&
		    ev->ts >= t->entry_ts)
			ev->sys_exit.dur_ns = ev->ts - t->entry_ts;
		if (t)
			t->open = false;
	}
}

static struct ut_call_stat *stat_of(struct ut_calls *c, uint32_t arch, long nr)
{
	size_t i;

	for (i = 0; i < c->nst; i++)
		if (c->st[i].nr == nr && c->st[i].arch == arch)
			return &c->st[i];
	if (c->nst == c->capst) {
		c->capst = c->capst ? c->capst * 2 : 64;
		c->st = xrealloc(c->st, c->capst * sizeof(*c->st));
	}
	memset(&c->st[c->nst], 0, sizeof(c->st[0]));
	c->st[c->nst].arch = arch;
	c->st[c->nst].nr = nr;
	return &c->st[c->nst++];
}

void ut_calls_count(struct ut_calls *c, const struct ut_event *ev)
{
	struct ut_call_stat *s;
	long ret;

	if (ev->kind == UT_SYSCALL_ENTRY) {
		if (c->entries)
			stat_of(c, ev->sys_entry.arch, ev->sys_entry.nr)->calls++;
	} else if (ev->kind == UT_SYSCALL_EXIT) {
		s = stat_of(c, ev->sys_exit.arch, ev->sys_exit.nr);
		if (!c->entries)
			s->calls++;
		ret = ev->sys_exit.arch == UT_ARCH_I386 ?
		      (int32_t)ev->sys_exit.ret : ev->sys_exit.ret;
		if (ret < 0 && ret >= -4095)
			s->errors++;
		s->ns += ev->sys_exit.dur_ns;
	}
}

bool ut_calls_hold(struct ut_calls *c, const struct ut_event *ev,
		   struct ut_event *prev)
{
	struct ut_call_task *t = task(c, ev->pid, true);
	bool had = t->held;

	if (had)
		*prev = t->entry;
	t->entry = *ev;
	t->held = true;
	return had;
}

bool ut_calls_take(struct ut_calls *c, int pid, struct ut_event *entry)
{
	struct ut_call_task *t = task(c, pid, false);

	if (!t || !t->held)
		return false;
	*entry = t->entry;
	t->held = false;
	return true;
}

bool ut_calls_take_old(struct ut_calls *c, uint64_t ts,
		       struct ut_event *entry)
{
	size_t i;

	for (i = 0; i < c->cap; i++)
		if (c->tab[i].pid && c->tab[i].held &&
		    (!ts || c->tab[i].entry.ts < ts)) {
			*entry = c->tab[i].entry;
			c->tab[i].held = false;
			return true;
		}
	return false;
}

static int cmp_stat(const void *a, const void *b)
{
	const struct ut_call_stat *x = a, *y = b;

	if (x->ns != y->ns)
		return x->ns > y->ns ? -1 : 1;
	if (x->calls != y->calls)
		return x->calls > y->calls ? -1 : 1;
	return x->nr < y->nr ? -1 : x->nr > y->nr;
}

static void call_name(struct sbuf *sb, const struct ut_call_stat *s)
{
	const char *name = ut_syscall_name_arch(s->arch, s->nr);

	if (s->arch == UT_ARCH_I386)
		sb_puts(sb, "[i386] ");
	if (name)
		sb_puts(sb, name);
	else
		sb_printf(sb, "syscall_%ld", s->nr);
}

static struct ut_call_stat *sorted(const struct ut_calls *c, uint64_t *total,
				   unsigned long long *calls,
				   unsigned long long *errors)
{
	struct ut_call_stat *v = xrealloc(NULL, (c->nst + 1) * sizeof(*v));
	size_t i;

	memcpy(v, c->st, c->nst * sizeof(*v));
	qsort(v, c->nst, sizeof(*v), cmp_stat);
	*total = 0;
	*calls = *errors = 0;
	for (i = 0; i < c->nst; i++) {
		*total += v[i].ns;
		*calls += v[i].calls;
		*errors += v[i].errors;
	}
	return v;
}

void ut_calls_table_text(struct sbuf *sb, const struct ut_calls *c)
{
	unsigned long long calls, errors;
	struct sbuf name = { 0 };
	struct ut_call_stat *v;
	uint64_t total;
	size_t i;

	v = sorted(c, &total, &calls, &errors);
	sb_puts(sb, "=== summary: syscalls ===\n");
	sb_printf(sb, "%6s %11s %11s %9s %9s %s\n", "% time", "seconds",
		  "usecs/call", "calls", "errors", "syscall");
	for (i = 0; i < c->nst; i++) {
		char err[24] = "";	/* blank when none, as strace */

		if (v[i].errors)
			snprintf(err, sizeof(err), "%llu", v[i].errors);
		sb_reset(&name);
		call_name(&name, &v[i]);
		sb_printf(sb, "%6.2f %11.6f %11llu %9llu %9s %s\n",
			  total ? 100.0 * v[i].ns / total : 0.0, v[i].ns / 1e9,
			  v[i].calls ? (unsigned long long)
			  (v[i].ns / 1000 / v[i].calls) : 0ULL, v[i].calls,
			  err, sb_str(&name));
	}
	sb_printf(sb, "%6s %11.6f %11s %9llu %9llu %s\n", "100.00",
		  total / 1e9, "", calls, errors, "total");
	sb_free(&name);
	free(v);
}

void ut_calls_table_json(struct sbuf *sb, const struct ut_calls *c)
{
	unsigned long long calls, errors;
	struct sbuf name = { 0 };
	struct ut_call_stat *v;
	uint64_t total;
	size_t i;

	v = sorted(c, &total, &calls, &errors);
	sb_puts(sb, "\"syscalls\":[");
	for (i = 0; i < c->nst; i++) {
		sb_reset(&name);
		call_name(&name, &v[i]);
		sb_puts(sb, i ? ",{\"name\":" : "{\"name\":");
		sb_json_str(sb, sb_str(&name));
		sb_printf(sb, ",\"calls\":%llu,\"errors\":%llu,\"seconds\":%.9f}",
			  v[i].calls, v[i].errors, v[i].ns / 1e9);
	}
	sb_puts(sb, "]");
	sb_free(&name);
	free(v);
}
