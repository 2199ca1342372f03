/* SPDX-License-Identifier: GPL-2.0 */
/* symbolize.h - address to function and file:line, via addr2line. */
#ifndef UC_SYMBOLIZE_H
#define UC_SYMBOLIZE_H

#include <stdint.h>

#include "maps.h"

struct frame {
	uint64_t addr;
	char *function;		/* never NULL: "??" or "object+0xoff" */
	char *file;		/* NULL when unknown */
	int line;		/* 0 when unknown */
	char *object;		/* mapping path; NULL when unmapped */
};

/*
 * Fill in f (f->addr set by the caller).  is_return: addr is a return
 * address, so look up addr - 1 to name the call site.  root: a prefix
 * ("/proc/PID/root") tried when the mapping's path cannot be opened
 * directly, or NULL.
 */
void symbolize(struct frame *f, const struct maps *m, int is_return,
	       const char *root);
void frame_free(struct frame *f);

#endif
