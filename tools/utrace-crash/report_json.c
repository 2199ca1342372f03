// SPDX-License-Identifier: GPL-2.0
/* report_json.c - the machine-readable crash report. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "report.h"
#include "util.h"

static void json_hex(struct json *j, const char *key, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	json_str(j, key, buf);
}

static void json_signal(struct json *j, const struct crash *c)
{
	json_open(j, "signal", '{');
	json_int(j, "number", c->t.sig);
	json_str(j, "name", c->sig_name);
	json_int(j, "code", c->t.code);
	json_str(j, "code_name", c->code_name);
	json_hex(j, "addr", c->t.addr);
	json_close(j, '}');
}

static void json_maps(struct json *j, const struct crash *c)
{
	const char *p = c->maps.text, *nl;
	char *line;
	size_t len;

	json_open(j, "maps", '[');
	while (p && *p) {
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		line = xmalloc(len + 1);
		memcpy(line, p, len);
		line[len] = '\0';
		json_str(j, NULL, line);
		free(line);
		if (!nl)
			break;
		p = nl + 1;
	}
	json_close(j, ']');
}

static void json_frames(struct json *j, const struct crash *c)
{
	const struct frame *fr;
	int i;

	json_open(j, "backtrace", '[');
	for (i = 0; i < c->nframes; i++) {
		fr = &c->frames[i];
		json_open(j, NULL, '{');
		json_hex(j, "addr", fr->addr);
		json_str(j, "function", fr->function);
		json_str(j, "file", fr->file);
		if (fr->line)
			json_int(j, "line", fr->line);
		else
			json_str(j, "line", NULL);
		json_str(j, "object", fr->object);
		json_close(j, '}');
	}
	json_close(j, ']');
}

static void json_tasks(struct json *j, const struct crash *c)
{
	int i;

	json_open(j, "threads", '[');
	for (i = 0; i < c->nthreads; i++) {
		json_open(j, NULL, '{');
		json_int(j, "tid", c->threads[i].tid);
		json_str(j, "comm", c->threads[i].comm);
		json_str(j, "state", c->threads[i].state);
		json_close(j, '}');
	}
	json_close(j, ']');
	json_open(j, "files", '[');
	for (i = 0; i < c->nfds; i++) {
		json_open(j, NULL, '{');
		json_int(j, "fd", c->fds[i].fd);
		json_str(j, "target", c->fds[i].target);
		json_close(j, '}');
	}
	json_close(j, ']');
}

static void write_json(FILE *f, const struct crash *c, int pretty)
{
	struct json j;
	int i;

	json_init(&j, f, pretty);
	json_open(&j, NULL, '{');
	json_str(&j, "time", c->time);
	json_u64(&j, "id", c->t.id);
	json_int(&j, "pid", c->t.pid);
	json_int(&j, "tgid", c->t.tgid);
	json_str(&j, "comm", c->t.comm);
	json_str(&j, "exe", c->exe);
	json_str(&j, "cmdline", c->cmdline);
	json_int(&j, "held_ms", c->t.held_ms);
	json_signal(&j, c);
	json_open(&j, "registers", '{');
	for (i = 0; i < NR_HREGS; i++)
		json_hex(&j, reg_names[i], c->t.regs[i]);
	json_close(&j, '}');
	json_maps(&j, c);
	json_frames(&j, c);
	json_tasks(&j, c);
	json_str(&j, "action", c->action);
	json_close(&j, '}');
}

void report_json(FILE *f, const struct crash *c)
{
	write_json(f, c, 1);
}

void report_json_line(FILE *f, const struct crash *c)
{
	write_json(f, c, 0);
}
