/* SPDX-License-Identifier: GPL-2.0 */
/*
 * input.h - -i FILE.dat: read a recording (--dat, or trace-cmd record of
 * the same events) instead of tracing, through libtracecmd, and hand its
 * events to the same output as a live recording.
 */
#ifndef UT_INPUT_H
#define UT_INPUT_H

#include <stdint.h>

#include "decode.h"
#include "event.h"

/*
 * ev is decoded, in time order; comm is the name trace.dat's
 * saved_cmdlines has for ev->pid, or NULL.
 */
typedef void (*ut_input_fn)(struct ut_event *ev, const char *comm, void *arg);

struct ut_input;

/*
 * Open file; *mode is native when the file has utrace events, else
 * compat; *first_ts the time of its first record.  NULL with a message
 * on failure.
 */
struct ut_input *ut_input_open(const char *file, enum ut_mode *mode,
			       uint64_t *first_ts);
/* Call fn for each event, in time order; then close in. */
void ut_input_run(struct ut_input *in, ut_input_fn fn, void *arg);

#endif
