// SPDX-License-Identifier: GPL-2.0
/*
 * otlp.c - records as OTLP/JSON logs (otlp.h).  A record is rendered as
 * its envelope JSON first (envelope.c), then each key becomes an
 * attribute: the JSON value maps onto an OTLP AnyValue (string,
 * intValue as a decimal string, doubleValue, boolValue, arrayValue,
 * kvlistValue; null keys are left out), so every key of the schema
 * reaches OTLP under one rule.  The file sink joins records into one
 * request per line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "names.h"
#include "otlp.h"
#include "timefmt.h"

#define OTLP_TRAILER	"]}]}]}\n"

/* Keys whose OTel semantic convention name differs; NULL: left out. */
#define KEY(k, o)	{ k, sizeof(k) - 1, o }
static const struct {
	const char *key;
	size_t len;
	const char *otel;
} key_map[] = {
	KEY("time", NULL),		/* timeUnixNano */
	KEY("time_unix_ns", NULL),
	KEY("host.name", NULL),		/* the resource's */
	KEY("host.id", NULL),
	KEY("boot_id", NULL),
	KEY("service.instance.id", NULL),
	KEY("pid", "thread.id"),
	KEY("comm", "thread.name"),
	KEY("argv", "process.command_args"),
	KEY("status", "process.exit.code"),
};

/* The end of the JSON string at p (its opening quote), past the quote. */
static const char *str_end(const char *p)
{
	for (p++; *p && *p != '"'; p++)
		if (*p == '\\' && p[1])
			p++;
	return *p ? p + 1 : p;
}

/* An attribute's key for the JSON key (p, n): OTel's, "utrace.KEY". */
static bool put_key(struct sbuf *sb, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(key_map) / sizeof(key_map[0]); i++) {
		if (key_map[i].len != n || key_map[i].key[0] != p[0] ||
		    memcmp(key_map[i].key, p, n))
			continue;
		if (!key_map[i].otel)
			return false;
		sb_lit(sb, "{\"key\":\"");
		sb_puts(sb, key_map[i].otel);
		sb_lit(sb, "\",\"value\":");
		return true;
	}
	sb_lit(sb, "{\"key\":\"");
	if (!memchr(p, '.', n))
		sb_lit(sb, "utrace.");
	sb_putn(sb, p, n);
	sb_lit(sb, "\",\"value\":");
	return true;
}

static const char *any_value(struct sbuf *sb, const char *p);

/* [v,...] or {"k":v,...} at p: arrayValue or kvlistValue. */
static const char *any_list(struct sbuf *sb, const char *p)
{
	bool obj = *p == '{';
	const char *k;
	int i = 0;

	sb_puts(sb, obj ? "{\"kvlistValue\":{\"values\":[" :
		"{\"arrayValue\":{\"values\":[");
	for (p++; *p && *p != (obj ? '}' : ']'); i++) {
		if (i)
			sb_putc(sb, ',');
		if (obj) {
			k = p;
			p = str_end(p);
			sb_lit(sb, "{\"key\":");
			sb_putn(sb, k, p - k);
			sb_lit(sb, ",\"value\":");
			p++;			/* ':' */
		}
		p = any_value(sb, p);
		if (obj)
			sb_putc(sb, '}');
		if (*p == ',')
			p++;
	}
	sb_lit(sb, "]}}");
	return *p ? p + 1 : p;
}

/* One JSON value at p as an AnyValue ({} for null); returns its end. */
static const char *any_value(struct sbuf *sb, const char *p)
{
	const char *e;

	switch (*p) {
	case '"':
		e = str_end(p);
		sb_lit(sb, "{\"stringValue\":");
		sb_putn(sb, p, e - p);
		sb_putc(sb, '}');
		return e;
	case '[':
	case '{':
		return any_list(sb, p);
	case 't':
		sb_lit(sb, "{\"boolValue\":true}");
		return p + 4;
	case 'f':
		sb_lit(sb, "{\"boolValue\":false}");
		return p + 5;
	case 'n':
		sb_lit(sb, "{}");
		return p + 4;
	}
	e = p + strspn(p, "-+0123456789.eE");
	if (memchr(p, '.', e - p) || memchr(p, 'e', e - p)) {
		sb_lit(sb, "{\"doubleValue\":");
		sb_putn(sb, p, e - p);
		sb_putc(sb, '}');
	} else {
		/* int64: a word above INT64_MAX (syscall args) wraps. */
		sb_lit(sb, "{\"intValue\":\"");
		if (*p == '-' || e - p < 19)
			sb_putn(sb, p, e - p);
		else
			sb_dec(sb, (long long)strtoull(p, NULL, 10));
		sb_lit(sb, "\"}");
	}
	return e;
}

/* The members of the record's JSON object at p as attributes. */
static void attributes(struct sbuf *sb, const char *p)
{
	const char *k, *ke;
	size_t mark;
	int n = 0;

	sb_lit(sb, "\"attributes\":[");
	for (p++; *p == '"';) {
		k = p + 1;
		p = str_end(p);
		ke = p - 1;
		p++;				/* ':' */
		mark = sb->len;
		if (n)
			sb_putc(sb, ',');
		if (*p != 'n' && put_key(sb, k, ke - k)) {
			p = any_value(sb, p);
			sb_putc(sb, '}');
			n++;
		} else {
			p = any_value(sb, p);	/* left out */
			sb->len = mark;
			sb->buf[mark] = '\0';
		}
		if (*p == ',')
			p++;
	}
	sb_putc(sb, ']');
}

static void put_attr_str(struct sbuf *sb, bool comma, const char *key,
			 const char *v)
{
	sb_printf(sb, "%s{\"key\":\"%s\",\"value\":{\"stringValue\":",
		  comma ? "," : "", key);
	sb_json_str(sb, v);
	sb_lit(sb, "}}");
}

/* The request's start, up to logRecords' '[': the same for a run. */
static const char *header(const struct ut_envelope *env, size_t *len)
{
	static const struct ut_envelope *made_for;
	static struct sbuf h;

	if (made_for != env || !h.len) {
		made_for = env;
		sb_reset(&h);
		sb_lit(&h, "{\"resourceLogs\":[{\"resource\":{\"attributes\":[");
		put_attr_str(&h, false, "service.name", "utrace-record");
		if (env->run_id[0])
			put_attr_str(&h, true, "service.instance.id",
				     env->run_id);
		if (env->host_name[0])
			put_attr_str(&h, true, "host.name", env->host_name);
		if (env->host_id[0])
			put_attr_str(&h, true, "host.id", env->host_id);
		if (env->boot_id[0])
			put_attr_str(&h, true, "utrace.boot_id", env->boot_id);
		sb_lit(&h, "]},\"scopeLogs\":[{\"scope\":{\"name\":"
		       "\"utrace-record\",\"version\":\"" UT_SCHEMA "\"},"
		       "\"logRecords\":[");
	}
	*len = h.len;
	return h.buf;
}

static void log_record(struct sbuf *sb, const struct ut_record *rec,
		       unsigned int flags)
{
	static struct sbuf json;
	const struct ut_event *ev = rec->ev;
	struct timespec now;
	int64_t ns = 0;
	bool warn = ev && ev->kind == UT_LOST;

	sb_reset(&json);
	ut_env_json(&json, rec, flags);
	clock_gettime(CLOCK_REALTIME, &now);
	sb_lit(sb, "{\"timeUnixNano\":\"");
	if (!ut_time_unix_ns(ev ? ev->ts : rec->ts, &ns) || ns < 0)
		ns = 0;
	sb_dec(sb, ns);
	sb_lit(sb, "\",\"observedTimeUnixNano\":\"");
	sb_dec(sb, (long long)now.tv_sec * 1000000000LL + now.tv_nsec);
	sb_puts(sb, warn ? "\",\"severityNumber\":13,\"severityText\":\"WARN\"" :
		"\",\"severityNumber\":9,\"severityText\":\"INFO\"");
	sb_lit(sb, ",\"body\":{\"stringValue\":\"");
	sb_puts(sb, ev ? ut_kind_name(ev->kind) : rec->name);
	sb_lit(sb, "\"},");
	attributes(sb, json.buf);
	sb_putc(sb, '}');
}

void ut_otlp_one(struct sbuf *sb, const struct ut_record *rec,
		 unsigned int flags)
{
	size_t hlen;
	const char *h = header(rec->env, &hlen);

	sb_putn(sb, h, hlen);
	log_record(sb, rec, flags);
	sb_lit(sb, OTLP_TRAILER);
}

/* The --otlp-file sink. */
struct otlp_file {
	FILE *f;
	char *path;
	const struct ut_envelope *env;
	struct sbuf batch;		/* log records, comma-joined */
	size_t n;
	uint64_t started;		/* CLOCK_MONOTONIC of its first */
};

static uint64_t mono_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ULL + t.tv_nsec;
}

/* The batch as one line. */
static int emit(struct otlp_file *of)
{
	size_t hlen;
	const char *h;

	if (!of->n)
		return 0;
	h = header(of->env, &hlen);
	if (fwrite(h, 1, hlen, of->f) != hlen ||
	    fwrite(of->batch.buf, 1, of->batch.len, of->f) != of->batch.len ||
	    fputs(OTLP_TRAILER, of->f) == EOF)
		return -(errno ? errno : EIO);
	sb_reset(&of->batch);
	of->n = 0;
	return 0;
}

/* rec is one record's request (ut_otlp_one): its log record joins. */
static int of_write(void *priv, const char *key, const char *rec, size_t len)
{
	struct otlp_file *of = priv;
	size_t hlen, tlen = strlen(OTLP_TRAILER);
	const char *h = header(of->env, &hlen);

	(void)key;
	/* Not a record of this form (the tables at the end): not OTLP. */
	if (len <= hlen + tlen || memcmp(rec, h, hlen) ||
	    memcmp(rec + len - tlen, OTLP_TRAILER, tlen))
		return 0;
	if (of->n)
		sb_putc(&of->batch, ',');
	else
		of->started = mono_now();
	sb_putn(&of->batch, rec + hlen, len - hlen - tlen);
	of->n++;
	return of->n >= UT_OTLP_BATCH_MAX ? emit(of) : 0;
}

static int of_flush(void *priv)
{
	struct otlp_file *of = priv;
	int err = 0;

	if (of->n && mono_now() - of->started >= UT_OTLP_BATCH_NS)
		err = emit(of);
	if (!err && fflush(of->f))
		err = -(errno ? errno : EIO);
	return err;
}

static int of_reopen(void *priv)
{
	struct otlp_file *of = priv;
	int err = emit(of);
	FILE *f;

	if (fflush(of->f) && !err)
		err = -(errno ? errno : EIO);
	f = fopen(of->path, "ae");
	if (!f)
		return -errno;
	fclose(of->f);
	of->f = f;
	return err;
}

static int of_close(void *priv, FILE *report)
{
	struct otlp_file *of = priv;
	int err = emit(of);

	(void)report;
	if (fclose(of->f) && !err)
		err = -(errno ? errno : EIO);
	sb_free(&of->batch);
	free(of->path);
	free(of);
	return err;
}

static const struct ut_sink_ops otlp_file_ops = {
	.name = "otlp-file",
	.write = of_write,
	.flush = of_flush,
	.reopen = of_reopen,
	.close = of_close,
};

int ut_otlp_file_open(struct ut_sink *sk, const char *path,
		      const struct ut_envelope *env)
{
	struct otlp_file *of = calloc(1, sizeof(*of));

	if (!of)
		return -ENOMEM;
	of->f = fopen(path, "we");
	of->path = strdup(path);
	if (!of->f || !of->path) {
		int err = errno ? errno : ENOMEM;

		if (of->f)
			fclose(of->f);
		free(of->path);
		free(of);
		return -err;
	}
	of->env = env;
	memset(sk, 0, sizeof(*sk));
	sk->ops = &otlp_file_ops;
	sk->priv = of;
	sk->what = path;
	sk->form = UT_FORM_OTLP;
	return 0;
}
