// SPDX-License-Identifier: GPL-2.0
/* lossless.c - --lossless: one registration, held by an open file. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tracefs.h>

#include "lossless.h"

static int lossless_fd = -1;

int ut_lossless_parse(const char *arg, double *timeout)
{
	char *end;
	double v;

	if (!arg) {
		*timeout = UT_LOSSLESS_TIMEOUT;
		return 0;
	}
	errno = 0;
	v = strtod(arg, &end);
	if (errno || end == arg || *end || !(v >= 0.001) ||
	    v > UT_LOSSLESS_TIMEOUT_MAX)
		return -1;
	*timeout = v;
	return 0;
}

/* The control file's path in the mounted tracefs. */
static int lossless_path(char *path, size_t len)
{
	const char *dir = tracefs_tracing_dir();

	if (!dir)
		return -1;
	snprintf(path, len, "%s/" UT_LOSSLESS_FILE, dir);
	return 0;
}

int ut_lossless_check(void)
{
	char path[PATH_MAX];

	if (lossless_path(path, sizeof(path)) < 0 || access(path, F_OK)) {
		fputs("utrace-record: --lossless: this kernel has no lossless scopes (no " UT_LOSSLESS_FILE " in tracefs: a utrace-global kernel is needed)\n",
		      stderr);
		return -1;
	}
	return 0;
}

int ut_lossless_start(const char *inst, int pid, bool follow,
		      double timeout)
{
	char path[PATH_MAX], line[512];
	int n;

	if (lossless_path(path, sizeof(path)) < 0)
		return -1;
	lossless_fd = open(path, O_RDWR | O_CLOEXEC);
	if (lossless_fd < 0) {
		fprintf(stderr, "utrace-record: --lossless: cannot open %s: %s\n",
			path, strerror(errno));
		return -1;
	}
	/* At least 1 ms: the kernel's unit. */
	n = snprintf(line, sizeof(line), "instance=%s pid=%d follow=%d timeout=%ld\n",
		     inst, pid, follow, (long)(timeout * 1000 + 0.5) ?: 1);
	if (write(lossless_fd, line, n) != n) {
		fprintf(stderr, "utrace-record: --lossless: the kernel refused '%.*s': %s\n",
			n - 1, line, strerror(errno));
		ut_lossless_end();
		return -1;
	}
	return 0;
}

void ut_lossless_end(void)
{
	if (lossless_fd < 0)
		return;
	close(lossless_fd);
	lossless_fd = -1;
}
