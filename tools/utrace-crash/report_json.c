// SPDX-License-Identifier: GPL-2.0
/*
 * report_json.c - the machine-readable crash report, through a tiny
 * streaming JSON writer (indented, escaped).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"

#define JSON_MAX_DEPTH 16

struct json {
	FILE *f;
	int depth;
	int pretty;	/* indent; else everything on one line */
	int count[JSON_MAX_DEPTH];
};

static void json_init(struct json *j, FILE *f, int pretty)
{
	j->f = f;
	j->pretty = pretty;
	j->depth = 0;
	j->count[0] = 0;
}

/* Length of the valid UTF-8 sequence at s, or 0 when it is not one. */
static int utf8_len(const unsigned char *s)
{
	int n, i;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

static void put_string(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	int n;

	fputc('"', f);
	while (*s) {
		switch (*s) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		default:
			if (*s < 0x20) {
				fprintf(f, "\\u%04x", *s);
				break;
			}
			n = utf8_len(s);
			if (!n) {
				fputs("\\ufffd", f);
				break;
			}
			fwrite(s, 1, n, f);
			s += n;
			continue;
		}
		s++;
	}
	fputc('"', f);
}

static void indent(struct json *j)
{
	int i;

	if (!j->pretty)
		return;
	fputc('\n', j->f);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

static void member(struct json *j, const char *key)
{
	if (j->count[j->depth]++)
		fputc(',', j->f);
	if (j->depth)
		indent(j);
	if (key) {
		put_string(j->f, key);
		fputs(j->pretty ? ": " : ":", j->f);
	}
}

/*
 * key is the member name inside an object, NULL inside an array or at
 * the top level.  Strings that are not valid UTF-8 get U+FFFD for each
 * bad byte, so the output always parses.  A NULL string writes null.
 */
static void json_open(struct json *j, const char *key, char bracket)
{
	member(j, key);
	fputc(bracket, j->f);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	j->count[j->depth] = 0;
}

static void json_close(struct json *j, char bracket)
{
	int had = j->count[j->depth];

	if (j->depth)
		j->depth--;
	if (had)
		indent(j);
	fputc(bracket, j->f);
	if (!j->depth)
		fputc('\n', j->f);
}

static void json_str(struct json *j, const char *key, const char *val)
{
	member(j, key);
	if (val)
		put_string(j->f, val);
	else
		fputs("null", j->f);
}

static void json_int(struct json *j, const char *key, long long val)
{
	member(j, key);
	fprintf(j->f, "%lld", val);
}

static void json_u64(struct json *j, const char *key, unsigned long long val)
{
	member(j, key);
	fprintf(j->f, "%llu", val);
}

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
