// SPDX-License-Identifier: GPL-2.0
/* fromboot.c - --from-boot; see fromboot.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tracefs.h>

#include "fromboot.h"
#include "recorder.h"
#include "timefmt.h"

struct from_boot {
	struct out_state *out;
	struct ut_decoder *dec;
	unsigned long n;		/* utrace records printed */
	unsigned long long end;		/* the trace clock when we started */
	bool first;
};

/*
 * The newest "now ts" of the top-level per-CPU stats files, in the trace
 * clock's units: "S.US" (nanosecond clocks) or a counter.  Rounded up to
 * the next microsecond.  0 when none could be read.
 */
static unsigned long long trace_clock_now(void)
{
	unsigned long long now = 0, sec, usec, t;
	char file[64], *text, *p;
	int cpu, ncpus = (int)sysconf(_SC_NPROCESSORS_CONF);

	for (cpu = 0; cpu < ncpus; cpu++) {
		snprintf(file, sizeof(file), "per_cpu/cpu%d/stats", cpu);
		text = tracefs_instance_file_read(NULL, file, NULL);
		p = text ? strstr(text, "now ts:") : NULL;
		if (p && sscanf(p, "now ts: %llu.%llu", &sec, &usec) == 2)
			t = sec * 1000000000ULL + (usec + 1) * 1000ULL;
		else if (p && sscanf(p, "now ts: %llu", &t) == 1)
			t++;
		else
			t = 0;
		if (t > now)
			now = t;
		free(text);
	}
	return now;
}

static int one(struct tep_event *event, struct tep_record *rec, int cpu,
	       void *arg)
{
	struct from_boot *fb = arg;
	struct ut_event ev;

	(void)event;
	(void)cpu;
	/*
	 * Sorted by time: what follows was written after we started (our
	 * own reads among it, with utrace:* on); stop, or never end.
	 */
	if (fb->end && rec->ts > fb->end)
		return 1;
	if (rec->missed_events) {
		memset(&ev, 0, sizeof(ev));
		ev.kind = UT_LOST;
		ev.ts = rec->ts;
		ev.cpu = rec->cpu;
		ev.lost.count = rec->missed_events > 0 ? rec->missed_events : -1;
		output_event(fb->out, &ev);
	}
	if (!ut_decode(fb->dec, rec, &ev))
		return 0;
	if (fb->first) {
		ut_time_set(UT_TIME_REL, rec->ts);	/* -r: the first one */
		fb->first = false;
	}
	fb->n++;
	if (!fb->out->write_failed)
		output_event(fb->out, &ev);
	ut_event_clear(&ev);
	return 0;
}

int run_from_boot(struct out_state *out, const struct opts *o)
{
	struct ut_rec r;
	struct from_boot fb = { .out = out, .dec = &r.dec };
	int status;

	memset(&r, 0, sizeof(r));
	if (!ut_native_available()) {
		fputs("utrace-record: --from-boot: this kernel has no utrace events (events/utrace)\n",
		      stderr);
		return EXIT_FAILURE;
	}
	if (ut_rec_load_events(&r, UT_MODE_NATIVE) < 0)
		return EXIT_FAILURE;
	output_open(out, o, false);
	output_set_mode(out, UT_MODE_NATIVE);
	fb.first = o->time_mode == UT_TIME_REL;
	fb.end = trace_clock_now();
	if (tracefs_iterate_raw_events(r.tep, NULL, NULL, 0, one, &fb) < 0) {
		fputs("utrace-record: --from-boot: cannot read the top-level buffer\n",
		      stderr);
		output_discard(out);
		return EXIT_FAILURE;
	}
	output_end(out);
	status = output_close(out);
	if (!fb.n)
		fputs("utrace-record: --from-boot: the top-level buffer holds no utrace records (boot with trace_event=utrace:*)\n",
		      stderr);
	ut_decoder_free(&r.dec);
	tep_free(r.tep);
	return status;
}
