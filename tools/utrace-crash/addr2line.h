/* SPDX-License-Identifier: GPL-2.0 */
/* addr2line.h - run binutils' addr2line on one address. */
#ifndef UC_ADDR2LINE_H
#define UC_ADDR2LINE_H

#include <stdint.h>

/*
 * Run "addr2line -f -C -e FILE 0xVMA" and return its two output lines
 * (function, "file:line"), malloc'ed.  0, or -1 when it could not run.
 */
int addr2line_run(const char *file, uint64_t vma, char **func,
		  char **fileline);

#endif
