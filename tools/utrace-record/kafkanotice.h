/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kafkanotice.h - the Kafka sink's in-band notice of records it spilled
 * or dropped (event "sink_loss"), in the form of the topic's other
 * messages: a JSON object, or with --kafka-format otlp an OTLP/JSON
 * ExportLogsServiceRequest with one WARN log record, so that a consumer
 * that parses every message (the Collector's otlp_json) can read it.
 * It names the recorder run and host as the records do: their fields
 * are taken from the first record the sink is given.
 */
#ifndef UT_KAFKANOTICE_H
#define UT_KAFKANOTICE_H

#include <stdbool.h>
#include <stddef.h>

#include "sbuf.h"

/* Not a record of schema utrace-record/2 (no seq, no process). */
#define UT_KNOTICE_SCHEMA	"utrace-record/sink-loss/1"

struct ut_knotice {
	bool otlp;
	bool learnt;		/* the first record has been seen */
	/*
	 * JSON: ,"service.instance.id":..,"host.name":.. as the records
	 * have them; OTLP: the records' request up to logRecords' '['.
	 */
	struct sbuf ident;
	char host[256];		/* gethostname(): until a record names it */
};

/* What a notice reports. */
struct ut_kcounts {
	unsigned long long records, delivered, spilled, dropped;
	unsigned long long new_spilled, new_dropped;	/* since the last */
	const char *spill_file;
};

void ut_knotice_init(struct ut_knotice *n, bool otlp);
/* Take the run's and host's fields from a record (the first only). */
void ut_knotice_learn(struct ut_knotice *n, const char *rec, size_t len);
/* Append the notice, one line without its newline. */
void ut_knotice_render(const struct ut_knotice *n, struct sbuf *sb,
		       const struct ut_kcounts *c);
void ut_knotice_free(struct ut_knotice *n);

#endif
