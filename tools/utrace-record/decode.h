/* SPDX-License-Identifier: GPL-2.0 */
/*
 * decode.h - turn one raw trace record into a struct ut_event, reading
 * every field by name through libtraceevent.  Stateless: names and exit
 * codes are resolved later, in time order, by ut_procs_apply().
 */
#ifndef UT_DECODE_H
#define UT_DECODE_H

#include <stdbool.h>

#include <event-parse.h>

#include "event.h"

enum ut_mode {
	UT_MODE_NATIVE,
	UT_MODE_COMPAT,
};

struct ut_dec_event;

struct ut_decoder {
	struct tep_handle *tep;
	enum ut_mode mode;
	struct ut_dec_event *events;
	int nr_events;
	int type_size;		/* common_type read directly when 2, else 0 */
};

/*
 * Look up the events of the mode in tep; returns how many were found,
 * not counting the mainline events native mode shares (task_rename...).
 */
int ut_decoder_init(struct ut_decoder *d, struct tep_handle *tep,
		    enum ut_mode mode);
void ut_decoder_free(struct ut_decoder *d);
/* Its events come from the -sig instance: they say so (from_sig). */
void ut_decoder_from_sig(struct ut_decoder *d);

/*
 * Decode rec into ev (ev->comm left empty).  Returns 1 when ev holds an
 * event, 0 when the record is not one of ours.
 */
int ut_decode(struct ut_decoder *d, struct tep_record *rec,
	      struct ut_event *ev);

/*
 * The same for one record of a known event, without a decoder: fields
 * are looked up by name on each call (for the libtraceevent plugin).
 */
int ut_decode_event(struct tep_event *event, struct tep_record *rec,
		    struct ut_event *ev);

/* system/event names used by a mode, for enabling; NULL-terminated. */
struct ut_tp {
	const char *system;
	const char *event;
	unsigned int kinds;	/* kinds that need this tracepoint */
};
extern const struct ut_tp ut_native_tps[];
extern const struct ut_tp ut_compat_tps[];

#endif
