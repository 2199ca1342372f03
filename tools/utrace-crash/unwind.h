/* SPDX-License-Identifier: GPL-2.0 */
/* unwind.h - frame-pointer stack walk through /proc/PID/mem. */
#ifndef UC_UNWIND_H
#define UC_UNWIND_H

#include <stdint.h>

#define MAX_FRAMES 64

/*
 * pcs[0] = rip; then, from rbp, the return address at [rbp + 8] and the
 * next rbp at [rbp], until rbp is 0 or misaligned, the chain stops
 * increasing, memory is unreadable, or max frames.  memfd: an open
 * /proc/PID/mem, or -1 (frame 0 only).  Returns the frame count.
 */
int unwind_fp(int memfd, uint64_t rip, uint64_t rbp, uint64_t *pcs, int max);

#endif
