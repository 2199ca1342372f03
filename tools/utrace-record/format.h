/* SPDX-License-Identifier: GPL-2.0 */
/* format.h - text and JSON renderings of a struct ut_event. */
#ifndef UT_FORMAT_H
#define UT_FORMAT_H

#include "event.h"
#include "sbuf.h"

/*
 * Append the details of an event, what follows "TIME comm[pid] event" in
 * a text line: each item with a leading space, no newline.  Nothing for
 * UT_LOST.  Shared with the libtraceevent plugin.
 */
void ut_format_details(struct sbuf *sb, const struct ut_event *ev);
/*
 * The same for a line whose header shows shown_pid instead of ev->pid
 * (trace-cmd shows the task the record was written in): a signal then
 * names its receiver ("SIGKILL to 42 ...").
 */
void ut_format_details_at(struct sbuf *sb, const struct ut_event *ev,
			  int shown_pid);
/*
 * One text line for a whole call (entry and exit of one task joined):
 * "TIME comm[pid] syscall name(args) = ret [<duration>]", at the time
 * of the entry.
 */
void ut_format_call(struct sbuf *sb, const struct ut_event *entry,
		    const struct ut_event *exit);
/* Append one text line, newline included. */
void ut_format_text(struct sbuf *sb, const struct ut_event *ev);
/* Append one JSON object on one line, newline included. */
void ut_format_json(struct sbuf *sb, const struct ut_event *ev);
/*
 * The event's own keys, "time":... to its last, without the braces (the
 * envelope adds its keys around them).  argv_fn renders exec's argv
 * array (NULL: as it was recorded).
 */
struct ut_argv;
typedef void (*ut_json_argv_fn)(struct sbuf *sb, const struct ut_argv *a,
				void *arg);
void ut_format_json_fields(struct sbuf *sb, const struct ut_event *ev,
			   ut_json_argv_fn argv_fn, void *argv_arg);

#endif
