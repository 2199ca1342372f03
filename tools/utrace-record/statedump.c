// SPDX-License-Identifier: GPL-2.0
/* statedump.c - trigger the kernel's statedump; see statedump.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <tracefs.h>

#include "session.h"
#include "statedump.h"

bool ut_statedump_request(const struct session *s)
{
	char *path;
	int fd, err = 0;

	/*
	 * Written by a kernel worker: an instance filtered by pid
	 * (set_event_pid, -p and COMMAND) would drop every record.
	 */
	if (s->mode != UT_MODE_NATIVE || s->o.cmd || s->o.pid)
		return false;
	path = tracefs_get_tracing_file("utrace/statedump");
	if (!path)
		return false;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		tracefs_put_tracing_file(path);
		return false;		/* a kernel without it */
	}
	if (write(fd, "1", 1) != 1)
		err = errno;
	close(fd);
	if (err)
		fprintf(stderr, "utrace-record: cannot write %s: %s\n", path,
			strerror(err));
	tracefs_put_tracing_file(path);
	return !err;
}
