/* SPDX-License-Identifier: GPL-2.0 */
/*
 * otlp.h - records as OpenTelemetry logs in the OTLP/JSON encoding: one
 * ExportLogsServiceRequest per line (the OTLP File Exporter format, read
 * by the Collector's otlpjsonfile receiver, and by its Kafka receiver
 * with the otlp_json encoding).  The resource holds the host, each log
 * record one event: timeUnixNano, severity, body (the event's name) and
 * the envelope and event fields as attributes (OTel semantic convention
 * names where one exists).
 */
#ifndef UT_OTLP_H
#define UT_OTLP_H

#include <stddef.h>
#include <stdint.h>

#include "envelope.h"
#include "sbuf.h"

#define UT_OTLP_BATCH_MAX	512	/* log records per line at most */
#define UT_OTLP_BATCH_NS	1000000000ULL	/* a line at least each second */

struct ut_otlp {
	const struct ut_envelope *env;
	struct sbuf recs;		/* the batch's logRecords, comma-joined */
	size_t n;			/* records in it */
	uint64_t started;		/* CLOCK_MONOTONIC ns of its first */
};

void ut_otlp_init(struct ut_otlp *o, const struct ut_envelope *env);
void ut_otlp_free(struct ut_otlp *o);
/* Add one record to the batch. */
void ut_otlp_add(struct ut_otlp *o, const struct ut_record *rec,
		 unsigned int flags);
/* The batch is full, or its first record is a second old: write it. */
bool ut_otlp_due(const struct ut_otlp *o);
/*
 * Append the batch as one ExportLogsServiceRequest line (newline
 * included) and empty it; nothing when it is empty.
 */
void ut_otlp_take(struct ut_otlp *o, struct sbuf *sb);
/* One record alone as one ExportLogsServiceRequest line (Kafka). */
void ut_otlp_one(struct sbuf *sb, const struct ut_record *rec,
		 unsigned int flags);

#endif
