/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fromboot.h - --from-boot: print the utrace records the top-level
 * buffer holds, e.g. since boot with trace_event=utrace:* on the kernel
 * command line.
 */
#ifndef UT_FROMBOOT_H
#define UT_FROMBOOT_H

#include "cli.h"
#include "output.h"

/*
 * Read the top-level buffer's per-CPU trace_pipe_raw, merged by time, up
 * to the trace clock's time at the start (what is written meanwhile,
 * our own system calls included, is left for the next read), and print
 * its events as a recording would.  The read consumes them (a second run
 * sees only newer records); no setting of the top-level buffer is
 * changed.  The exit status.
 */
int run_from_boot(struct out_state *out, const struct opts *o);

#endif
