// SPDX-License-Identifier: GPL-2.0
/* event.c - struct ut_event helpers. */
#include <stdlib.h>

#include "argv.h"
#include "event.h"

void ut_event_clear(struct ut_event *ev)
{
	if (ev->kind == UT_EXEC) {
		free(ev->exec.filename);
		ev->exec.filename = NULL;
		ut_argv_free(ev->exec.argv);
		ev->exec.argv = NULL;
	} else if (ev->kind == UT_TASK) {
		free(ev->task.exe);
		ev->task.exe = NULL;
	} else if (ev->kind == UT_X_ARGV) {
		ut_argv_free(ev->argv.a);
		ev->argv.a = NULL;
	}
}
