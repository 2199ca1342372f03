/* SPDX-License-Identifier: GPL-2.0 */
/* replay.h - -i FILE.dat: the output of a recording, from the file. */
#ifndef UT_REPLAY_H
#define UT_REPLAY_H

#include "cli.h"
#include "output.h"

/* Print the recording o->input as o asks; the exit status. */
int run_input(struct out_state *out, const struct opts *o);

#endif
