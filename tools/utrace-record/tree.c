// SPDX-License-Identifier: GPL-2.0
/* tree.c - the process tree of a recording; see tree.h. */
#include <inttypes.h>
#include <stdlib.h>

#include "escape.h"
#include "hostpid.h"
#include "names.h"
#include "tree.h"

/*
 * c's parent is p: the task of that pid when c was cloned (pids are
 * reused: the serials tell the tasks apart).
 */
static bool parent_is(const struct ut_proc *c, const struct ut_proc *p)
{
	if (c == p || c->ppid != p->pid)
		return false;
	return !c->pgen || c->pgen == p->gen;
}

static bool listed(struct ut_proc **v, size_t n, const struct ut_proc *c)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (parent_is(c, v[i]))
			return true;
	return false;
}

static void secs(struct sbuf *sb, uint64_t ns)
{
	sb_printf(sb, "%" PRIu64 ".%06" PRIu64 "s", ns / 1000000000,
		  (ns % 1000000000) / 1000);
}

static void line(struct sbuf *sb, const struct ut_proc *e)
{
	ut_pid_text(sb, e->pid);	/* HOST/PID: several hosts */
	sb_putc(sb, ' ');
	sb_text_str(sb, e->comm);
	if (e->tgid > 0 && e->tgid != e->pid)
		sb_printf(sb, " (thread of %d)", ut_pid_local(e->tgid));
	if (e->exec_file) {
		sb_puts(sb, " exec ");
		sb_text_str(sb, e->exec_file);
	}
	sb_puts(sb, ": ");
	if (!e->exited)
		sb_puts(sb, "running");
	else if (e->superseded_by)
		sb_printf(sb, "superseded by execve in pid %d",
			  ut_pid_local(e->superseded_by));
	else if (e->exit_known)
		ut_wait_status_str(sb, e->exit_code);
	else
		sb_puts(sb, "status=?");
	if (e->start_known && e->exited) {
		sb_puts(sb, " after ");
		secs(sb, e->exit_ts - e->start_ts);
	} else if (!e->start_known) {
		sb_puts(sb, " (started before the recording)");
	}
	sb_putc(sb, '\n');
}

/* Children of p, depth first; prefix holds the branch drawing. */
static void walk(struct sbuf *sb, struct ut_proc **v, size_t n,
		 const struct ut_proc *p, struct sbuf *prefix, int depth)
{
	size_t i, last = n, plen = prefix->len;

	if (depth > 64)		/* a parent whose serial is unknown */
		return;
	for (i = 0; i < n; i++)
		if (parent_is(v[i], p))
			last = i;
	for (i = 0; i < n && last < n; i++) {
		if (!parent_is(v[i], p))
			continue;
		sb_puts(sb, sb_str(prefix));
		sb_puts(sb, i == last ? "`-- " : "|-- ");
		line(sb, v[i]);
		sb_puts(prefix, i == last ? "    " : "|   ");
		walk(sb, v, n, v[i], prefix, depth + 1);
		prefix->len = plen;
		prefix->buf[plen] = '\0';
	}
}

void ut_tree_text(struct sbuf *sb, struct ut_procs *p)
{
	struct sbuf prefix = { 0 };
	struct ut_proc **v;
	size_t n, i;

	v = ut_procs_seen(p, &n);
	sb_puts(sb, "\n=== tree ===\n");
	sb_puts(&prefix, "");
	for (i = 0; v && i < n; i++) {
		if (v[i]->ppid > 0 && listed(v, n, v[i]))
			continue;	/* drawn under its parent */
		line(sb, v[i]);
		walk(sb, v, n, v[i], &prefix, 0);
	}
	sb_free(&prefix);
	free(v);
}

static void json_int(struct sbuf *sb, const char *key, bool known, long long v)
{
	if (known)
		sb_printf(sb, ",\"%s\":%lld", key, v);
	else
		sb_printf(sb, ",\"%s\":null", key);
}

static void json_ts(struct sbuf *sb, const char *key, bool known, uint64_t ts)
{
	if (known) {
		sb_printf(sb, ",\"%s\":", key);
		sb_secs(sb, ts);
	} else
		sb_printf(sb, ",\"%s\":null", key);
}

void ut_tree_json(struct sbuf *sb, struct ut_procs *p)
{
	struct ut_proc **v;
	size_t n, i;
	char buf[32];

	v = ut_procs_seen(p, &n);
	sb_puts(sb, "{\"event\":\"tree\",\"tasks\":[");
	for (i = 0; v && i < n; i++) {
		const struct ut_proc *e = v[i];
		bool code = e->exited && e->exit_known;

		sb_printf(sb, "%s{\"pid\":%d", i ? "," : "",
			  ut_pid_local(e->pid));
		ut_pid_json_host(sb, e->pid);
		json_int(sb, "ppid", e->ppid > 0, ut_pid_local(e->ppid));
		json_int(sb, "tgid", e->tgid > 0, ut_pid_local(e->tgid));
		sb_puts(sb, ",\"comm\":");
		sb_json_str(sb, e->comm);
		sb_puts(sb, ",\"exec\":");
		if (e->exec_file)
			sb_json_str(sb, e->exec_file);
		else
			sb_puts(sb, "null");
		json_ts(sb, "start", e->start_known, e->start_ts);
		json_ts(sb, "end", e->exited, e->exit_ts);
		json_int(sb, "superseded_by", e->superseded_by > 0,
			 ut_pid_local(e->superseded_by));
		json_int(sb, "exit_status", code && !(e->exit_code & 0x7f),
			 (e->exit_code >> 8) & 0xff);
		sb_puts(sb, ",\"exit_signal\":");
		if (code && (e->exit_code & 0x7f))
			sb_json_str(sb, ut_signame(e->exit_code & 0x7f, buf,
						   sizeof(buf)));
		else
			sb_puts(sb, "null");
		json_ts(sb, "age", e->start_known && e->exited,
			e->exit_ts - e->start_ts);
		sb_puts(sb, "}");
	}
	sb_puts(sb, "]}\n");
	free(v);
}
