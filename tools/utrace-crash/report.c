// SPDX-License-Identifier: GPL-2.0
/* report.c - write the report files and the summary line. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "textesc.h"
#include "util.h"

const char *report_function(const struct crash *c)
{
	return c->nframes ? c->frames[0].function : "??";
}

void report_summary(FILE *f, const struct crash *c)
{
	fprintf(f, "crash: id=%" PRIu64 " pid=%d comm=", c->t.id, c->t.pid);
	fput_escaped(f, c->t.comm, 1);
	fprintf(f, " %s (code=%s) at 0x%" PRIx64 " in ", c->sig_name,
		c->code_name, c->t.addr);
	fput_escaped(f, report_function(c), 0);
	fprintf(f, " -> %s\n", c->action);
}

static int write_one(const struct crash *c, const char *dir, const char *ext,
		     void (*fn)(FILE *, const struct crash *))
{
	char *path = xasprintf("%s/crash-%d.%s", dir, c->t.pid, ext);
	char *tmp = xasprintf("%s.tmp", path);
	int fd, ret = -1;
	FILE *f;

	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		fprintf(stderr, "%s: %s: %s\n", prog, tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	fn(f, c);
	if (ferror(f) | fclose(f)) {
		fprintf(stderr, "%s: %s: write error\n", prog, tmp);
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path) < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	ret = 0;
out:
	free(tmp);
	free(path);
	return ret;
}

int report_write(const struct crash *c, const char *dir)
{
	int ret = 0;

	ret |= write_one(c, dir, "txt", report_text);
	ret |= write_one(c, dir, "json", report_json);
	return ret;
}
