/* SPDX-License-Identifier: GPL-2.0 */
/*
 * otlp.h - records as OpenTelemetry logs in the OTLP/JSON encoding: one
 * ExportLogsServiceRequest per line (the OTLP File Exporter format, read
 * by the Collector's otlpjsonfile receiver, and by its Kafka receiver
 * with the otlp_json encoding).  The resource holds the host, each log
 * record one event: timeUnixNano, severity, body (the event's name) and
 * the envelope's and event's keys as attributes (OTel semantic
 * convention names where one exists, else "utrace.KEY").
 */
#ifndef UT_OTLP_H
#define UT_OTLP_H

#include <stddef.h>
#include <stdint.h>

#include "envelope.h"
#include "sbuf.h"
#include "sink.h"

#define UT_OTLP_BATCH_MAX	512	/* log records per line at most */
#define UT_OTLP_BATCH_NS	1000000000ULL	/* a line at least each second */

/*
 * One record alone as one ExportLogsServiceRequest line, newline
 * included (the form UT_FORM_OTLP of sink.h: Kafka's otlp format, and
 * what the OTLP file sink batches).  flags: UT_ENV_*.
 */
void ut_otlp_one(struct sbuf *sb, const struct ut_record *rec,
		 unsigned int flags);

/*
 * --otlp-file PATH: a sink of form UT_FORM_OTLP that joins the records
 * it is given into one request per line, at most UT_OTLP_BATCH_MAX, a
 * line out at least each second (at its flush) and at its close.  0, or
 * -errno when path cannot be written.
 */
int ut_otlp_file_open(struct ut_sink *sk, const char *path,
		      const struct ut_envelope *env);

#endif
