// SPDX-License-Identifier: GPL-2.0
/*
 * plugin_utrace.c - libtraceevent plugin for the native utrace events.
 *
 * trace-cmd report, perf and anything else that loads libtraceevent
 * plugins print utrace:* records with the same details as utrace-record's
 * text output ("SIGTERM from 1234 -> terminate", "status=3", ...) instead
 * of the kernel's print fmt.  Records are decoded by the recorder's own
 * decoder (fields read by name) and printed by its own formatter; those
 * objects are linked into this .so, whose only exported symbols are the
 * plugin entry points.
 */
#include <string.h>

#include <event-parse.h>
#include <trace-seq.h>

#include "decode.h"
#include "format.h"
#include "sbuf.h"

#define UT_EXPORT __attribute__((visibility("default")))

static const char *const utrace_events[] = {
	"utrace_clone", "utrace_vfork_done", "utrace_exec", "utrace_exit",
	"utrace_death", "utrace_reap", "utrace_syscall_entry",
	"utrace_syscall_exit", "utrace_signal", "utrace_jctl",
};
#define NR_UTRACE_EVENTS (sizeof(utrace_events) / sizeof(utrace_events[0]))

static int utrace_handler(struct trace_seq *s, struct tep_record *record,
			  struct tep_event *event, void *context)
{
	struct sbuf sb = { 0 };
	struct ut_event ev;
	const char *details;

	(void)context;
	if (!ut_decode_event(event, record, &ev))
		return 0;	/* not ours after all: print nothing */
	/* trace-cmd's line shows the task the record was written in. */
	ut_format_details_at(&sb, &ev, tep_data_pid(event->tep, record));
	details = sb_str(&sb);
	trace_seq_puts(s, details[0] == ' ' ? details + 1 : details);
	sb_free(&sb);
	ut_event_clear(&ev);
	return 0;
}

UT_EXPORT int TEP_PLUGIN_LOADER(struct tep_handle *tep);
UT_EXPORT int TEP_PLUGIN_UNLOADER(struct tep_handle *tep);

int TEP_PLUGIN_LOADER(struct tep_handle *tep)
{
	size_t i;

	for (i = 0; i < NR_UTRACE_EVENTS; i++)
		tep_register_event_handler(tep, -1, "utrace", utrace_events[i],
					   utrace_handler, NULL);
	return 0;
}

int TEP_PLUGIN_UNLOADER(struct tep_handle *tep)
{
	size_t i;

	for (i = 0; i < NR_UTRACE_EVENTS; i++)
		tep_unregister_event_handler(tep, -1, "utrace",
					     utrace_events[i], utrace_handler,
					     NULL);
	return 0;
}
