// SPDX-License-Identifier: GPL-2.0
/* argv.c - the records of the argv probe (argvprobe.c), on exec lines. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "escape.h"
#include "sbuf.h"

/* The probe's event ids (argvprobe.c), -1: none. */
int ut_argv_ids[2] = { -1, -1 };

void ut_argv_free(struct ut_argv *a)
{
	int i;

	if (!a)
		return;
	for (i = 0; i < a->n; i++)
		free(a->s[i]);
	free(a);
}

static unsigned long long field_num(struct tep_event *e, const char *name,
				    struct tep_record *rec)
{
	unsigned long long v = 0;
	struct tep_format_field *f = tep_find_field(e, name);

	if (f)
		tep_read_number_field(f, rec->data, &v);
	return v;
}

int ut_argv_decode(struct tep_handle *tep, int type, struct tep_record *rec,
		   struct ut_event *ev)
{
	struct tep_event *e;
	struct ut_argv *a;
	char name[8];
	int i, len;

	if (type < 0 || (type != ut_argv_ids[0] && type != ut_argv_ids[1]))
		return 0;
	e = tep_find_event(tep, type);
	if (!e)
		return 0;
	a = calloc(1, sizeof(*a));
	if (!a)
		return 0;
	for (i = 0; i < UT_ARGV_MAX; i++) {
		char *p;

		snprintf(name, sizeof(name), "p%d", i);
		if (!field_num(e, name, rec))
			break;
		snprintf(name, sizeof(name), "a%d", i);
		p = tep_get_field_raw(NULL, e, name, rec, &len, 0);
		/* A fault is stored as an empty field; "" has its NUL. */
		if (p && len > 0) {
			a->s[i] = strndup(p, len);
			if (a->s[i] && strlen(a->s[i]) >= UT_ARGV_STRMAX)
				a->state[i] = UT_ARGV_CUT;
		}
		if (!a->s[i])
			a->state[i] = UT_ARGV_UNREADABLE;
		a->n = i + 1;
	}
	if (i == UT_ARGV_MAX) {
		snprintf(name, sizeof(name), "p%d", i);
		a->more = field_num(e, name, rec) != 0;
	}
	memset(ev, 0, sizeof(*ev));
	ev->ts = rec->ts;
	ev->cpu = rec->cpu;
	ev->pid = tep_data_pid(tep, rec);
	ev->kind = UT_X_ARGV;
	ev->argv.a = a;
	return 1;
}

/* A string in double quotes: the text escaping, and '"' as \". */
static void text_quoted(struct sbuf *sb, const char *s)
{
	const char *q;

	sb_putc(sb, '"');
	while ((q = strchr(s, '"'))) {
		char *part = strndup(s, q - s);

		if (part)
			sb_text_str(sb, part);
		free(part);
		sb_puts(sb, "\\\"");
		s = q + 1;
	}
	sb_text_str(sb, s);
	sb_putc(sb, '"');
}

void ut_argv_text(struct sbuf *sb, const struct ut_argv *a)
{
	int i;

	sb_putc(sb, '[');
	for (i = 0; i < a->n; i++) {
		if (i)
			sb_putc(sb, ',');
		if (a->state[i] == UT_ARGV_UNREADABLE) {
			sb_puts(sb, "?");
			continue;
		}
		text_quoted(sb, a->s[i]);
		if (a->state[i] == UT_ARGV_CUT)
			sb_puts(sb, "...");
	}
	if (a->more)
		sb_puts(sb, a->n ? ",..." : "...");
	sb_putc(sb, ']');
}

void ut_argv_json(struct sbuf *sb, const struct ut_argv *a)
{
	int i;

	sb_putc(sb, '[');
	for (i = 0; i < a->n; i++) {
		if (i)
			sb_putc(sb, ',');
		if (a->state[i] == UT_ARGV_UNREADABLE)
			sb_puts(sb, "null");
		else
			sb_json_str(sb, a->s[i]);
	}
	sb_putc(sb, ']');
}

/*
 * Records waiting for their exec, by the pid that called execve: the
 * latest call's.  Few are pending at once (an execve takes ms); when
 * the table is full, the oldest goes.
 */
#define PENDING_MAX	64

static struct pending {
	int pid;
	bool entered;		/* its syscall entry was seen (compat) */
	struct ut_argv *a;
} pending[PENDING_MAX];
static unsigned int pending_next;

static struct pending *pending_find(int pid)
{
	int i;

	for (i = 0; i < PENDING_MAX; i++)
		if (pending[i].a && pending[i].pid == pid)
			return &pending[i];
	return NULL;
}

void ut_argv_pending_drop(int pid)
{
	struct pending *p = pending_find(pid);

	if (p) {
		ut_argv_free(p->a);
		p->a = NULL;
	}
}

void ut_argv_pending_set(int pid, struct ut_argv *a)
{
	struct pending *p;

	ut_argv_pending_drop(pid);
	p = &pending[pending_next++ % PENDING_MAX];
	ut_argv_free(p->a);
	p->pid = pid;
	p->entered = false;
	p->a = a;
}

void ut_argv_pending_entered(int pid)
{
	struct pending *p = pending_find(pid);

	/* A second entry without a record: that call had none (uprobe). */
	if (p && p->entered)
		ut_argv_pending_drop(pid);
	else if (p)
		p->entered = true;
}

struct ut_argv *ut_argv_pending_take(int pid)
{
	struct pending *p = pending_find(pid);
	struct ut_argv *a = p ? p->a : NULL;

	if (p)
		p->a = NULL;
	return a;
}
