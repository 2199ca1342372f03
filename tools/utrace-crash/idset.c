// SPDX-License-Identifier: GPL-2.0
/* idset.c - 64-bit keys seen in the current pass over the held file. */
#include <stdlib.h>

#include "idset.h"
#include "util.h"

int idset_mark(struct idset *s, uint64_t id)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (s->id[i] == id) {
			s->live[i] = 1;
			return 1;
		}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->id = xrealloc(s->id, s->cap * sizeof(*s->id));
		s->live = xrealloc(s->live, s->cap);
	}
	s->id[s->n] = id;
	s->live[s->n++] = 1;
	return 0;
}

void idset_sweep(struct idset *s)
{
	int i, j = 0;

	for (i = 0; i < s->n; i++) {
		if (!s->live[i])
			continue;
		s->id[j] = s->id[i];
		s->live[j++] = 0;
	}
	s->n = j;
}

void idset_free(struct idset *s)
{
	free(s->id);
	free(s->live);
	s->id = NULL;
	s->live = NULL;
	s->n = s->cap = 0;
}
