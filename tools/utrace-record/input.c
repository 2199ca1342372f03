// SPDX-License-Identifier: GPL-2.0
/* input.c - events from a trace.dat file; see input.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

#ifdef HAVE_TRACECMD
#include <trace-cmd.h>

struct ut_input {
	struct tracecmd_input *h;
	/*
	 * The top-level buffer and every instance buffer (trace-cmd record
	 * -B), read together in time order; all share h's event formats.
	 */
	struct tracecmd_input **bufs;
	int nbufs;
	struct ut_decoder dec;
	ut_input_fn fn;
	void *arg;
};

/* The instance buffers' handles; in->h stays for the caller to close. */
static void close_buffers(struct ut_input *in)
{
	int i;

	for (i = 1; i < in->nbufs; i++)
		tracecmd_close(in->bufs[i]);
	free(in->bufs);
	in->bufs = NULL;
	in->nbufs = 0;
}

static int one(struct tracecmd_input *h, struct tep_record *rec, int cpu,
	       void *data)
{
	struct ut_input *in = data;
	struct ut_event ev;
	const char *comm;

	(void)h;
	if (rec->missed_events) {
		/* As kbuffer reports it live: < 0 when the count is unknown. */
		memset(&ev, 0, sizeof(ev));
		ev.kind = UT_LOST;
		ev.ts = rec->ts;
		ev.cpu = cpu;
		ev.lost.count = rec->missed_events > 0 ? rec->missed_events : -1;
		in->fn(&ev, NULL, in->arg);
	}
	if (!ut_decode(&in->dec, rec, &ev))
		return 0;
	comm = tep_data_comm_from_pid(in->dec.tep, ev.pid);
	in->fn(&ev, comm && strcmp(comm, "<...>") ? comm : NULL, in->arg);
	ut_event_clear(&ev);
	return 0;
}

/* in->bufs: the top-level buffer, then each instance buffer of the file. */
static int open_buffers(struct ut_input *in, const char *file)
{
	int n = tracecmd_buffer_instances(in->h), i;

	in->bufs = calloc(n > 0 ? n + 1 : 1, sizeof(*in->bufs));
	if (!in->bufs) {
		fprintf(stderr, "utrace-record: out of memory\n");
		return -1;
	}
	in->bufs[in->nbufs++] = in->h;
	for (i = 0; i < n; i++) {
		in->bufs[in->nbufs] = tracecmd_buffer_instance_handle(in->h, i);
		if (!in->bufs[in->nbufs]) {
			fprintf(stderr, "utrace-record: cannot read buffer '%s' of %s\n",
				tracecmd_buffer_instance_name(in->h, i), file);
			close_buffers(in);
			return -1;
		}
		in->nbufs++;
	}
	return 0;
}

struct ut_input *ut_input_open(const char *file, enum ut_mode *mode,
			       uint64_t *first_ts)
{
	struct ut_input *in = calloc(1, sizeof(*in));
	struct tep_handle *tep;

	/* No plugins: the events are read by name, not printed by tep. */
	errno = 0;
	in->h = in ? tracecmd_open(file, TRACECMD_FL_LOAD_NO_PLUGINS) : NULL;
	if (!in || !in->h) {
		fprintf(stderr, "utrace-record: cannot read %s as a trace.dat file%s%s\n",
			file, errno ? ": " : "", errno ? strerror(errno) : "");
		free(in);
		return NULL;
	}
	tep = tracecmd_get_tep(in->h);
	*mode = UT_MODE_NATIVE;
	if (ut_decoder_init(&in->dec, tep, UT_MODE_NATIVE) <= 0) {
		ut_decoder_free(&in->dec);
		*mode = UT_MODE_COMPAT;
		if (ut_decoder_init(&in->dec, tep, UT_MODE_COMPAT) <= 0) {
			fprintf(stderr, "utrace-record: %s has no utrace, sched or signal events\n",
				file);
			ut_decoder_free(&in->dec);
			tracecmd_close(in->h);
			free(in);
			return NULL;
		}
	}
	if (open_buffers(in, file) < 0) {
		ut_decoder_free(&in->dec);
		tracecmd_close(in->h);
		free(in);
		return NULL;
	}
	*first_ts = tracecmd_get_first_ts(in->h);
	return in;
}

void ut_input_run(struct ut_input *in, ut_input_fn fn, void *arg)
{
	in->fn = fn;
	in->arg = arg;
	if (in->nbufs > 1)
		tracecmd_iterate_events_multi(in->bufs, in->nbufs, one, in);
	else
		tracecmd_iterate_events(in->h, NULL, 0, one, in);
	ut_decoder_free(&in->dec);
	close_buffers(in);
	tracecmd_close(in->h);
	free(in);
}

#else

struct ut_input *ut_input_open(const char *file, enum ut_mode *mode,
			       uint64_t *first_ts)
{
	(void)mode;
	(void)first_ts;
	fprintf(stderr, "utrace-record: cannot read %s: built without libtracecmd (install libtracecmd-dev and rebuild)\n",
		file);
	return NULL;
}

void ut_input_run(struct ut_input *in, ut_input_fn fn, void *arg)
{
	(void)in;
	(void)fn;
	(void)arg;
}

#endif
