// SPDX-License-Identifier: GPL-2.0
/* report_text.c - the human-readable crash report. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "textesc.h"
#include "util.h"

/* "key:      VALUE\n" with VALUE escaped (quoted for names). */
static void field(FILE *f, const char *key, const char *val, int quote)
{
	fprintf(f, "%-10s", key);
	fput_escaped(f, val ? val : "?", quote);
	fputc('\n', f);
}

/* The maps text line by line, each line escaped. */
static void text_maps(FILE *f, const char *p)
{
	char *line;
	size_t len;

	while (p && *p) {
		len = strcspn(p, "\n");
		line = xmalloc(len + 1);
		memcpy(line, p, len);
		line[len] = '\0';
		fput_escaped(f, line, 0);
		fputc('\n', f);
		free(line);
		p += len + (p[len] == '\n');
	}
}

static void text_frames(FILE *f, const struct crash *c)
{
	const struct frame *fr;
	int i;

	fputs("\nbacktrace:\n", f);
	for (i = 0; i < c->nframes; i++) {
		fr = &c->frames[i];
		fprintf(f, "  #%-2d 0x%016" PRIx64 " ", i, fr->addr);
		fput_escaped(f, fr->function, 0);
		if (fr->file) {
			fputs(" at ", f);
			fput_escaped(f, fr->file, 0);
			fprintf(f, ":%d", fr->line);
		}
		if (fr->object) {
			fputs(" (", f);
			fput_escaped(f, fr->object, 0);
			fputc(')', f);
		}
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
	fprintf(f, "hold id:  %" PRIu64 "\n", c->t.id);
	fprintf(f, "pid:      %d\n", c->t.pid);
	fprintf(f, "tgid:     %d\n", c->t.tgid);
	field(f, "comm:", c->t.comm, 1);
	field(f, "exe:", c->exe, 0);
	field(f, "cmdline:", c->cmdline, 0);
	fprintf(f, "signal:   %s (%d)\n", c->sig_name, c->t.sig);
	fprintf(f, "code:     %s (%d)\n", c->code_name, c->t.code);
	fprintf(f, "address:  0x%" PRIx64 "\n", c->t.addr);
	fprintf(f, "held:     %lu ms\n", c->t.held_ms);
	field(f, "function:", report_function(c), 0);
	fprintf(f, "action:   %s\n", c->action);
	text_regs(f, c);
	text_frames(f, c);
	fputs("\nthreads:\n", f);
	for (i = 0; i < c->nthreads; i++) {
		char *comm = text_escape(c->threads[i].comm, 1);

		fprintf(f, "  %-8d %-18s ", c->threads[i].tid, comm);
		fput_escaped(f, c->threads[i].state, 0);
		fputc('\n', f);
		free(comm);
	}
	fputs("\nfiles:\n", f);
	for (i = 0; i < c->nfds; i++) {
		fprintf(f, "  %-4d -> ", c->fds[i].fd);
		fput_escaped(f, c->fds[i].target, 0);
		fputc('\n', f);
	}
	fputs("\nmaps:\n", f);
	if (c->maps.text)
		text_maps(f, c->maps.text);
	else
		fputs("  (unavailable)\n", f);
}
