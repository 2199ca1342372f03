// SPDX-License-Identifier: GPL-2.0
/* summary.c - per-process table and event counts for --summary. */
#include <inttypes.h>
#include <stdlib.h>

#include "escape.h"
#include "hostpid.h"
#include "names.h"
#include "summary.h"

static void ts_str(struct sbuf *sb, bool known, uint64_t ts)
{
	if (known)
		sb_printf(sb, "%" PRIu64 ".%06" PRIu64, ts / 1000000000,
			  (ts % 1000000000) / 1000);
	else
		sb_puts(sb, "-");
}

void ut_summary_text(struct sbuf *sb, struct ut_procs *p,
		     const struct ut_counts *c, unsigned int mask)
{
	struct sbuf col = { 0 };
	struct ut_proc **v;
	size_t n, i;
	int k;

	v = ut_procs_seen(p, &n);
	sb_puts(sb, "\n=== summary: processes ===\n");
	sb_printf(sb, "%-8s %-16s %-18s %-22s %-10s %-8s %s\n", "PID", "COMM",
		  "START", "EXIT", "DURATION", "CHILDREN", "EXEC");
	for (i = 0; v && i < n; i++) {
		struct ut_proc *e = v[i];

		sb_reset(&col);
		ut_pid_text(&col, e->pid);	/* HOST/PID: several hosts */
		sb_printf(sb, "%-8s ", sb_str(&col));
		sb_reset(&col);
		sb_text_str(&col, e->comm);
		sb_printf(sb, "%-16s ", sb_str(&col));
		sb_reset(&col);
		ts_str(&col, e->start_known, e->start_ts);
		sb_printf(sb, "%-18s ", sb_str(&col));
		sb_reset(&col);
		if (!e->exited)
			sb_puts(&col, "running");
		else if (e->superseded_by)
			sb_printf(&col, "execve as %d",
				  ut_pid_local(e->superseded_by));
		else if (e->exit_known)
			ut_wait_status_str(&col, e->exit_code);
		else
			sb_puts(&col, "status=?");
		sb_printf(sb, "%-22s ", sb_str(&col));
		sb_reset(&col);
		if (e->start_known && e->exited)
			sb_printf(&col, "%.6f",
				  (e->exit_ts - e->start_ts) / 1e9);
		else
			sb_puts(&col, "-");
		sb_printf(sb, "%-10s %-8d ", sb_str(&col), e->children);
		sb_text_str(sb, e->exec_file ? e->exec_file : "-");
		sb_putc(sb, '\n');
	}
	sb_puts(sb, "=== summary: events ===\n");
	for (k = 0; k < UT_NR_KINDS; k++) {
		if (!(mask & UT_KIND_BIT(k)))
			continue;
		if (c->na & UT_KIND_BIT(k))
			sb_printf(sb, "%-14s n/a\n", ut_kind_name(k));
		else
			sb_printf(sb, "%-14s %llu\n", ut_kind_name(k), c->n[k]);
	}
	if (c->n[UT_LOST])
		sb_printf(sb, "%-14s %llu\n", "lost-reports", c->n[UT_LOST]);
	sb_free(&col);
	free(v);
}

void ut_summary_json(struct sbuf *sb, struct ut_procs *p,
		     const struct ut_counts *c, unsigned int mask)
{
	struct ut_proc **v;
	size_t n, i;
	int k, first = 1;

	v = ut_procs_seen(p, &n);
	sb_puts(sb, "{\"event\":\"summary\",\"processes\":[");
	for (i = 0; v && i < n; i++) {
		struct ut_proc *e = v[i];

		sb_printf(sb, "%s{\"pid\":%d", i ? "," : "",
			  ut_pid_local(e->pid));
		ut_pid_json_host(sb, e->pid);
		sb_puts(sb, ",\"comm\":");
		sb_json_str(sb, e->comm);
		sb_puts(sb, ",\"start\":");
		if (e->start_known)
			sb_secs(sb, e->start_ts);
		else
			sb_puts(sb, "null");
		sb_puts(sb, ",\"exec\":");
		if (e->exec_file)
			sb_json_str(sb, e->exec_file);
		else
			sb_puts(sb, "null");
		/* exit_code: the raw wait status; also split up. */
		if (e->exited && e->exit_known)
			sb_printf(sb, ",\"exited\":true,\"exit_code\":%d",
				  e->exit_code);
		else
			sb_printf(sb, ",\"exited\":%s,\"exit_code\":null",
				  e->exited ? "true" : "false");
		if (e->exited && e->exit_known && !(e->exit_code & 0x7f))
			sb_printf(sb, ",\"exit_status\":%d",
				  (e->exit_code >> 8) & 0xff);
		else
			sb_puts(sb, ",\"exit_status\":null");
		if (e->exited && e->exit_known && (e->exit_code & 0x7f)) {
			char buf[32];

			sb_puts(sb, ",\"exit_signal\":");
			sb_json_str(sb, ut_signame(e->exit_code & 0x7f, buf,
						   sizeof(buf)));
		} else {
			sb_puts(sb, ",\"exit_signal\":null");
		}
		if (e->superseded_by)
			sb_printf(sb, ",\"superseded_by\":%d",
				  ut_pid_local(e->superseded_by));
		else
			sb_puts(sb, ",\"superseded_by\":null");
		if (e->start_known && e->exited)
			sb_printf(sb, ",\"duration\":%.9f",
				  (e->exit_ts - e->start_ts) / 1e9);
		else
			sb_puts(sb, ",\"duration\":null");
		sb_printf(sb, ",\"children\":%d}", e->children);
	}
	sb_puts(sb, "],\"counts\":{");
	for (k = 0; k < UT_NR_KINDS; k++) {
		if (!(mask & UT_KIND_BIT(k)))
			continue;
		if (c->na & UT_KIND_BIT(k))
			sb_printf(sb, "%s\"%s\":null", first ? "" : ",",
				  ut_kind_name(k));
		else
			sb_printf(sb, "%s\"%s\":%llu", first ? "" : ",",
				  ut_kind_name(k), c->n[k]);
		first = 0;
	}
	sb_printf(sb, "},\"lost_reports\":%llu}\n", c->n[UT_LOST]);
	free(v);
}
