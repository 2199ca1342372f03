/* SPDX-License-Identifier: GPL-2.0 */
/* idset.h - 64-bit keys seen in the current pass over the held file. */
#ifndef UC_IDSET_H
#define UC_IDSET_H

#include <stdint.h>

struct idset {
	uint64_t *id;
	char *live;
	int n;
	int cap;
};

/* Mark id as listed in this pass; 1 if it was known, else add it, 0. */
int idset_mark(struct idset *s, uint64_t id);
/* Forget ids not marked since the last sweep (keeps the set small). */
void idset_sweep(struct idset *s);
void idset_free(struct idset *s);

#endif
