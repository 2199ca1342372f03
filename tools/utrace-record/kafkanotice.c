// SPDX-License-Identifier: GPL-2.0
/* kafkanotice.c - the Kafka sink's sink_loss notice (see kafkanotice.h). */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kafkanotice.h"

/* The record fields that say which run, on which host. */
static const char *const ident_keys[] = {
	"service.instance.id", "host.name", "host.id", "boot_id",
};

/* The end of the JSON value at p (a string, or a word such as null). */
static const char *value_end(const char *p, const char *end)
{
	if (p < end && *p == '"') {
		for (p++; p < end && *p != '"'; p++)
			if (*p == '\\')
				p++;
		return p < end ? p + 1 : NULL;
	}
	while (p < end && *p != ',' && *p != '}')
		p++;
	return p < end ? p : NULL;
}

void ut_knotice_init(struct ut_knotice *n, bool otlp)
{
	memset(n, 0, sizeof(*n));
	n->otlp = otlp;
	if (gethostname(n->host, sizeof(n->host) - 1))
		n->host[0] = '\0';
}

void ut_knotice_learn(struct ut_knotice *n, const char *rec, size_t len)
{
	const char *end = rec + len, *p, *e;
	char key[64];
	size_t i;

	if (n->learnt)
		return;
	n->learnt = true;
	if (n->otlp) {
		p = memmem(rec, len, "\"logRecords\":[", 14);
		if (p)
			sb_putn(&n->ident, rec, p + 14 - rec);
		return;
	}
	for (i = 0; i < sizeof(ident_keys) / sizeof(ident_keys[0]); i++) {
		snprintf(key, sizeof(key), "\"%s\":", ident_keys[i]);
		p = memmem(rec, len, key, strlen(key));
		e = p ? value_end(p + strlen(key), end) : NULL;
		if (!e)
			continue;
		sb_putc(&n->ident, ',');
		sb_putn(&n->ident, p, e - p);
	}
}

static long long unix_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void json_notice(const struct ut_knotice *n, struct sbuf *sb,
			const struct ut_kcounts *c)
{
	sb_lit(sb, "{\"schema\":\"" UT_KNOTICE_SCHEMA "\",\"event\":\"sink_loss\"");
	if (n->ident.len) {
		sb_putn(sb, n->ident.buf, n->ident.len);
	} else {
		sb_lit(sb, ",\"host.name\":");
		sb_json_str(sb, n->host);
	}
	sb_printf(sb, ",\"time_unix_ns\":%lld,\"sink\":\"kafka\",\"spilled\":%llu,\"dropped\":%llu,\"spill_file\":",
		  unix_ns(), c->new_spilled, c->new_dropped);
	sb_json_str(sb, c->spill_file);
	sb_printf(sb, ",\"records\":%llu,\"delivered\":%llu,\"spilled_total\":%llu,\"dropped_total\":%llu}",
		  c->records, c->delivered, c->spilled, c->dropped);
}

static void int_attr(struct sbuf *sb, const char *key, unsigned long long v)
{
	sb_printf(sb, ",{\"key\":\"utrace.%s\",\"value\":{\"intValue\":\"%llu\"}}",
		  key, v);
}

/* One request, the records' resource, a WARN log record "sink_loss". */
static void otlp_notice(const struct ut_knotice *n, struct sbuf *sb,
			const struct ut_kcounts *c)
{
	long long ns = unix_ns();

	if (n->ident.len) {
		sb_putn(sb, n->ident.buf, n->ident.len);
	} else {
		sb_lit(sb, "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"host.name\",\"value\":{\"stringValue\":");
		sb_json_str(sb, n->host);
		sb_lit(sb, "}}]},\"scopeLogs\":[{\"scope\":{\"name\":\"utrace-record\"},\"logRecords\":[");
	}
	sb_printf(sb, "{\"timeUnixNano\":\"%lld\",\"observedTimeUnixNano\":\"%lld\",\"severityNumber\":13,\"severityText\":\"WARN\",\"body\":{\"stringValue\":\"sink_loss\"},\"attributes\":[",
		  ns, ns);
	sb_lit(sb, "{\"key\":\"utrace.schema\",\"value\":{\"stringValue\":\"" UT_KNOTICE_SCHEMA "\"}}");
	sb_lit(sb, ",{\"key\":\"utrace.sink\",\"value\":{\"stringValue\":\"kafka\"}}");
	int_attr(sb, "spilled", c->new_spilled);
	int_attr(sb, "dropped", c->new_dropped);
	sb_lit(sb, ",{\"key\":\"utrace.spill_file\",\"value\":{\"stringValue\":");
	sb_json_str(sb, c->spill_file);
	sb_lit(sb, "}}");
	int_attr(sb, "records", c->records);
	int_attr(sb, "delivered", c->delivered);
	int_attr(sb, "spilled_total", c->spilled);
	int_attr(sb, "dropped_total", c->dropped);
	sb_lit(sb, "]}]}]}]}");
}

void ut_knotice_render(const struct ut_knotice *n, struct sbuf *sb,
		       const struct ut_kcounts *c)
{
	if (n->otlp)
		otlp_notice(n, sb, c);
	else
		json_notice(n, sb, c);
}

void ut_knotice_free(struct ut_knotice *n)
{
	sb_free(&n->ident);
}
