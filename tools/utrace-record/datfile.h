/* SPDX-License-Identifier: GPL-2.0 */
/*
 * datfile.h - write a trace-cmd trace.dat (file format version 7, CPU
 * data compressed with zstd as trace-cmd record does) from per-CPU files
 * of raw sub-buffers, so that trace-cmd report and KernelShark read the
 * recording directly.
 */
#ifndef UT_DATFILE_H
#define UT_DATFILE_H

#include <tracefs.h>

#include "decode.h"

struct ut_dat_src {
	struct tracefs_instance *inst;	/* trace_clock, per-CPU stats */
	const struct ut_tp *tps;	/* event formats to store */
	int ncpus;			/* possible CPUs */
	const int *cpu_fd;		/* per CPU: whole sub-buffers, or -1 */
	int page_size;			/* sub-buffer size */
};

/*
 * Write the trace.dat to path.  Returns 0, or -1 with errno set and
 * nothing but a partial file left (the caller deletes it).
 */
int ut_dat_write(const char *path, const struct ut_dat_src *src);

#endif
