// SPDX-License-Identifier: GPL-2.0
/*
 * replay.c - -i FILE.dat: the events of a recording (--dat, or trace-cmd
 * record of the same events) through the output of a live one.
 */
#include <stdlib.h>

#include "input.h"
#include "replay.h"
#include "timefmt.h"

/* Held syscall entries are looked at this often, as a live recording does. */
#define FLUSH_NS	20000000ULL

struct replay {
	struct out_state *out;
	uint64_t flushed;		/* time of the last look */
	bool per_file;			/* times go back at each new file */
};

static void input_event(struct ut_event *ev, const char *comm, void *arg)
{
	struct replay *r = arg;

	/* Names the recording's saved_cmdlines knows, until exec says. */
	if (comm)
		output_name(r->out, ev->pid, comm);
	/* One file after the other: a new file's first event. */
	if (r->per_file && ev->ts < r->flushed) {
		output_calls_flush(r->out, 0);
		r->flushed = ev->ts;
	}
	if (!r->out->write_failed)
		output_event(r->out, ev);
	if (ev->ts - r->flushed >= FLUSH_NS) {
		output_calls_flush(r->out, ev->ts);
		r->flushed = ev->ts;
	}
}

int run_input(struct out_state *out, const struct opts *o)
{
	struct replay r = { .out = out };
	uint64_t first_ts = 0;
	struct ut_input *in;
	enum ut_mode mode;

	output_open(out, o, false);
	in = ut_input_open(o->inputs, o->ninputs, &mode, &first_ts);
	if (!in)
		exit(EXIT_FAILURE);
	r.per_file = ut_input_per_file(in);
	if (o->time_mode == UT_TIME_REL)	/* from the first record */
		ut_time_set(UT_TIME_REL, first_ts);
	ut_input_run(in, input_event, &r);
	output_set_mode(out, mode);
	output_end(out);
	return output_close(out);
}
