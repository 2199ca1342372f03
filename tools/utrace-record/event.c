// SPDX-License-Identifier: GPL-2.0
/* event.c - struct ut_event helpers. */
#include <stdlib.h>

#include "event.h"

void ut_event_clear(struct ut_event *ev)
{
	if (ev->kind == UT_EXEC) {
		free(ev->exec.filename);
		ev->exec.filename = NULL;
	}
}
