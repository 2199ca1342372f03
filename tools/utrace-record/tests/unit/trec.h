/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trec.h - test helpers: event formats from a directory laid out as
 * tracefs' events/ (SYSTEM/EVENT/format), and records built by field
 * name from the parsed formats.
 */
#ifndef UT_TREC_H
#define UT_TREC_H

#include <event-parse.h>

/* An x86_64 little-endian tep handle; with no_sys_plugins, only those
 * of $TRACEEVENT_PLUGIN_DIR load. */
struct tep_handle *trec_tep(int no_sys_plugins);
/* Parse every DIR/SYSTEM/EVENT/format; returns how many were parsed. */
int trec_load_formats(struct tep_handle *tep, const char *dir);

/* A record under construction, fields set by name. */
struct trec {
	unsigned char data[512];
	int size;		/* fixed part, then dynamic data appended */
	const char *err;	/* first field that could not be set */
	struct tep_event *ev;
	struct tep_record rec;
};

/* Start a utrace:EVENT record written in common_pid; NULL if no such event. */
struct tep_event *trec_start(struct tep_handle *tep, const char *event,
			     struct trec *r, int common_pid);
/* Set a numeric field (common ones too); a missing field sets r->err. */
void trec_num(struct trec *r, const char *name, unsigned long long v);
/* Set a string field: __data_loc (appended) or char[N]. */
void trec_str(struct trec *r, const char *name, const char *s);
/* The finished record (ts 12.345678901 s), or NULL after an error. */
struct tep_record *trec_done(struct trec *r);

#endif
