// SPDX-License-Identifier: GPL-2.0
/* report_text.c - the human-readable crash report. */
#include <inttypes.h>

#include "report.h"

static void text_frames(FILE *f, const struct crash *c)
{
	const struct frame *fr;
	int i;

	fputs("\nbacktrace:\n", f);
	for (i = 0; i < c->nframes; i++) {
		fr = &c->frames[i];
		fprintf(f, "  #%-2d 0x%016" PRIx64 " %s", i, fr->addr,
			fr->function);
		if (fr->file)
			fprintf(f, " at %s:%d", fr->file, fr->line);
		if (fr->object)
			fprintf(f, " (%s)", fr->object);
		fputc('\n', f);
	}
}

static void text_regs(FILE *f, const struct crash *c)
{
	int i;

	fputs("\nregisters:\n", f);
	for (i = 0; i < NR_HREGS; i++)
		fprintf(f, "  %-6s 0x%016" PRIx64 "%s", reg_names[i],
			c->t.regs[i], i % 3 == 2 || i == NR_HREGS - 1 ?
			"\n" : "");
}

void report_text(FILE *f, const struct crash *c)
{
	int i;

	fprintf(f, "utrace-crash report\n\n");
	fprintf(f, "time:     %s\n", c->time);
	fprintf(f, "pid:      %d\n", c->t.pid);
	fprintf(f, "tgid:     %d\n", c->t.tgid);
	fprintf(f, "comm:     %s\n", c->t.comm);
	fprintf(f, "exe:      %s\n", c->exe ? c->exe : "?");
	fprintf(f, "cmdline:  %s\n", c->cmdline);
	fprintf(f, "signal:   %s (%d)\n", c->sig_name, c->t.sig);
	fprintf(f, "code:     %s (%d)\n", c->code_name, c->t.code);
	fprintf(f, "address:  0x%" PRIx64 "\n", c->t.addr);
	fprintf(f, "held:     %lu ms\n", c->t.held_ms);
	fprintf(f, "function: %s\n", report_function(c));
	fprintf(f, "action:   %s\n", c->action);
	text_regs(f, c);
	text_frames(f, c);
	fputs("\nthreads:\n", f);
	for (i = 0; i < c->nthreads; i++)
		fprintf(f, "  %-8d %-16s %s\n", c->threads[i].tid,
			c->threads[i].comm, c->threads[i].state);
	fputs("\nfiles:\n", f);
	for (i = 0; i < c->nfds; i++)
		fprintf(f, "  %-4d -> %s\n", c->fds[i].fd, c->fds[i].target);
	fputs("\nmaps:\n", f);
	fputs(c->maps.text ? c->maps.text : "  (unavailable)\n", f);
}
