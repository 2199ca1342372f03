// SPDX-License-Identifier: GPL-2.0
/* crashdir.c - the kernel's utrace/crash directory in tracefs. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crashdir.h"
#include "util.h"

static int check(const char *path, int mode)
{
	if (access(path, mode) == 0)
		return 0;
	fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
	return -1;
}

int crashdir_open(struct crashdir *k, const char *dir, int need_timeout)
{
	const char *why = NULL;
	struct stat st;

	memset(k, 0, sizeof(*k));
	if (stat(dir, &st) < 0)
		why = strerror(errno);
	else if (!S_ISDIR(st.st_mode))
		why = strerror(ENOTDIR);
	if (why) {
		fprintf(stderr, "%s: %s: %s (no utrace crash support in this kernel, or tracefs not mounted?)\n",
			prog, dir, why);
		return -1;
	}
	k->dir = dir;
	k->enable = xasprintf("%s/enable", dir);
	k->timeout_ms = xasprintf("%s/timeout_ms", dir);
	k->held = xasprintf("%s/held", dir);
	k->release = xasprintf("%s/release", dir);
	if (check(k->enable, R_OK | W_OK) || check(k->held, R_OK) ||
	    check(k->release, W_OK) ||
	    (need_timeout && check(k->timeout_ms, R_OK | W_OK))) {
		crashdir_close(k);
		return -1;
	}
	return 0;
}

void crashdir_close(struct crashdir *k)
{
	free(k->enable);
	free(k->timeout_ms);
	free(k->held);
	free(k->release);
	memset(k, 0, sizeof(*k));
}

static int read_ulong(const char *path, unsigned long *v)
{
	char *s = read_whole(path, NULL), *end;

	if (!s) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return -1;
	}
	errno = 0;
	*v = strtoul(s, &end, 10);
	if (errno || end == s || (*end && *end != '\n')) {
		fprintf(stderr, "%s: %s: unexpected contents\n", prog, path);
		free(s);
		return -1;
	}
	free(s);
	return 0;
}

static int write_ulong(const char *path, unsigned long v)
{
	char buf[32];
	int err;

	snprintf(buf, sizeof(buf), "%lu", v);
	err = write_str(path, buf);
	if (!err)
		return 0;
	fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(-err));
	return -1;
}

int crashdir_enabled(const struct crashdir *k)
{
	unsigned long v;

	if (read_ulong(k->enable, &v))
		return -1;
	return v != 0;
}

int crashdir_set_enable(const struct crashdir *k, int on)
{
	return write_ulong(k->enable, !!on);
}

int crashdir_read_timeout(const struct crashdir *k, unsigned long *ms)
{
	return read_ulong(k->timeout_ms, ms);
}

int crashdir_set_timeout(const struct crashdir *k, unsigned long ms)
{
	return write_ulong(k->timeout_ms, ms);
}

char *crashdir_read_held(const struct crashdir *k, size_t *len)
{
	char *s = read_whole(k->held, len);

	if (!s)
		fprintf(stderr, "%s: %s: %s\n", prog, k->held,
			strerror(errno));
	return s;
}

int crashdir_release(const struct crashdir *k, uint64_t id, const char *action)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%" PRIu64 " %s", id, action);
	return write_str(k->release, buf);
}
