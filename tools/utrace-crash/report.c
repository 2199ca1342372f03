// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - the text report, the summary line and the report files;
 * untrusted strings in them escaped strace-style.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "util.h"

static void put_byte(FILE *f, unsigned char c, int quote)
{
	static const char named[] = "\t\n\r\v\f";
	static const char letter[] = "tnrvf";
	int i;

	for (i = 0; named[i]; i++)
		if (c == (unsigned char)named[i]) {
			fputc('\\', f);
			fputc(letter[i], f);
			return;
		}
	if (c == '\\' || (quote && c == '"')) {
		fputc('\\', f);
		fputc(c, f);
	} else if (c < 0x20 || c >= 0x7f) {
		fprintf(f, "\\x%02x", c);
	} else {
		fputc(c, f);
	}
}

void fput_escaped(FILE *f, const char *s, int quote)
{
	if (quote)
		fputc('"', f);
	for (; *s; s++)
		put_byte(f, *s, quote);
	if (quote)
		fputc('"', f);
}

char *text_escape(const char *s, int quote)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return xstrdup("?");
	fput_escaped(f, s, quote);
	if (fclose(f))
		return xstrdup("?");
	return buf;
}

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

const char *report_function(const struct crash *c)
{
	return c->nframes ? c->frames[0].function : "??";
}

void report_summary(FILE *f, const struct crash *c)
{
	fprintf(f, "crash: id=%" PRIu64 " pid=%d comm=", c->t.id, c->t.pid);
	fput_escaped(f, c->t.comm, 1);
	fprintf(f, " %s (code=%s) at 0x%" PRIx64 " in ", c->sig_name,
		c->code_name, c->t.addr);
	fput_escaped(f, report_function(c), 0);
	fprintf(f, " -> %s\n", c->action);
}

static int write_one(const struct crash *c, const char *dir, const char *ext,
		     void (*fn)(FILE *, const struct crash *))
{
	char *path = xasprintf("%s/crash-%d.%s", dir, c->t.pid, ext);
	char *tmp = xasprintf("%s.tmp", path);
	int fd, ret = -1;
	FILE *f;

	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		fprintf(stderr, "%s: %s: %s\n", prog, tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	fn(f, c);
	if (ferror(f) | fclose(f)) {
		fprintf(stderr, "%s: %s: write error\n", prog, tmp);
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path) < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	ret = 0;
out:
	free(tmp);
	free(path);
	return ret;
}

int report_write(const struct crash *c, const char *dir)
{
	int ret = 0;

	ret |= write_one(c, dir, "txt", report_text);
	ret |= write_one(c, dir, "json", report_json);
	return ret;
}
