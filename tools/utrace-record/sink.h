/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sink.h - a destination of whole records: the -o file (or stdout,
 * stderr), rotated or not, the OTLP file, Kafka.  output.c renders each
 * event once per form in use and hands the record to every sink that
 * takes that form; a sink never sees part of a record.
 *
 * A sink is a table of operations and its private state.  Those that
 * live in other files (kafka.c, the OTLP file) fill a struct ut_sink in
 * their own open function; output.c adds it with ut_sinks_add().
 */
#ifndef UT_SINK_H
#define UT_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rotate.h"
#include "sbuf.h"

/* The forms of a record; output.c renders the ones some sink takes. */
enum ut_rec_form {
	UT_FORM_TEXT,		/* the text lines (format.c) */
	UT_FORM_JSON,		/* one JSON object per line (--json) */
	UT_FORM_OTLP,		/* one OTLP ExportLogsServiceRequest per line */
	UT_FORM_JSON_FLEET,	/* JSON for a fleet sink: argv per --fleet-args */
	UT_FORM_NR,
};

struct ut_sink_ops {
	const char *name;	/* "file", "kafka", "otlp-file": messages */
	/*
	 * One whole record, len bytes ending in '\n' (rec[len] is '\0').
	 * key: the process the record is about (its entity id), NULL for
	 * a record of no process (loss, the tables at the end).  0, or
	 * -errno: the output-failure policy applies (recording stops, exit
	 * 1).  A sink that deals with a failure itself (Kafka spills to a
	 * file) returns 0.
	 */
	int (*write)(void *priv, const char *key, const char *rec, size_t len);
	/* Hand over what is buffered: after each round of events, at the end. */
	int (*flush)(void *priv);
	/* SIGHUP: open the file again under its name (logrotate); may be NULL. */
	int (*reopen)(void *priv);
	/*
	 * The end: flush, finish, free priv.  Lines for the user (counts
	 * delivered, spilled, dropped) go to report.  0 or -errno.
	 */
	int (*close)(void *priv, FILE *report);
};

/* The classes of records; a sink takes those in its mask. */
enum {
	UT_REC_EVENTS	= 1 << 0,	/* process events, loss records */
	UT_REC_CALLS	= 1 << 1,	/* per-call syscall events */
	UT_REC_SYSUM	= 1 << 2,	/* per-process syscall summaries */
	UT_REC_TABLES	= 1 << 3,	/* --summary and --tree at the end */
};

struct ut_sink {
	const struct ut_sink_ops *ops;
	void *priv;
	const char *what;	/* for messages: the file name, BROKERS/TOPIC */
	enum ut_rec_form form;
	/*
	 * UT_REC_*: fleet sinks take EVENTS | SYSUM, and CALLS with
	 * --per-call; -o takes what -e selects, SYSUM with
	 * --summary-interval, TABLES.
	 */
	unsigned int takes;
	int err;		/* the first failure (errno), 0 while none */
};

#define UT_SINKS_MAX	8

struct ut_sinks {
	struct ut_sink v[UT_SINKS_MAX];
	size_t n;
	unsigned int forms;	/* 1 << form, for each form some sink takes */
};

/* Add sk (copied); exits with a message beyond UT_SINKS_MAX. */
struct ut_sink *ut_sinks_add(struct ut_sinks *ss, const struct ut_sink *sk);

/*
 * rec (one whole record) to every sink of its form that takes its class
 * (UT_REC_*).  Returns the first new failure's errno, 0 when none; a
 * sink that failed gets nothing more.
 */
int ut_sinks_write(struct ut_sinks *ss, enum ut_rec_form form,
		   unsigned int cls, const char *key, const struct sbuf *rec);
/* A block of lines (--summary, --tree) to the sinks that take TABLES. */
int ut_sinks_write_tables(struct ut_sinks *ss, const struct sbuf *rec);
int ut_sinks_flush(struct ut_sinks *ss);
int ut_sinks_reopen(struct ut_sinks *ss);

/*
 * A file sink on path (created 0644): truncated, or with rotation
 * (rot->size) appended to, so that a restarted agent goes on where it
 * was; rotated as rot says (NULL: never); reopened on SIGHUP.  0, or
 * -errno with nothing left open.
 */
int ut_sink_file_open(struct ut_sink *sk, const char *path,
		      const struct ut_rotate *rot);
/* A sink on an open stream (stdout, stderr): never closed, no reopen. */
void ut_sink_stream(struct ut_sink *sk, FILE *f, const char *what);

#endif
