/* SPDX-License-Identifier: GPL-2.0 */
/*
 * input.h - -i FILE.dat: read recordings (--dat, or trace-cmd record or
 * trace-cmd listen of the same events) instead of tracing, through
 * libtracecmd, and hand their events to the same output as a live
 * recording.  Several files are read at once, each the recording of a
 * host (hostpid.h): merged by time when their clocks are comparable,
 * else one file after the other.
 */
#ifndef UT_INPUT_H
#define UT_INPUT_H

#include <stdint.h>

#include "decode.h"
#include "event.h"

/*
 * ev is decoded, in time order, its pids qualified by host; comm is
 * the name the file's saved_cmdlines has for ev->pid, or NULL.
 */
typedef void (*ut_input_fn)(struct ut_event *ev, const char *comm, void *arg);

struct ut_input;

/*
 * Open the n files of specs, each FILE or HOST=FILE; *mode is native
 * when a file has utrace events, else compat; *first_ts the time of
 * the earliest first record.  NULL with a message on failure.
 */
struct ut_input *ut_input_open(const char *const *specs, int n,
			       enum ut_mode *mode, uint64_t *first_ts);
/* Call fn for each event, in time order; then close in. */
void ut_input_run(struct ut_input *in, ut_input_fn fn, void *arg);
/*
 * The files' events are not merged by time (their clocks cannot be
 * compared): fn's times go back at each new file.
 */
bool ut_input_per_file(const struct ut_input *in);

#endif
