// SPDX-License-Identifier: GPL-2.0
/* kafkaspill.c - the Kafka sink's spill file (see kafkaspill.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "kafkaspill.h"

#define UT_KSPILL_DIR	"/var/lib/utrace-record"

char *ut_kspill_default(const char *out)
{
	const char *dir = getenv("STATE_DIRECTORY");
	char *path = NULL;
	int ret;

	if (out)
		ret = asprintf(&path, "%s.kafka-spill", out);
	else if (dir && dir[0])
		/* systemd: "a:b" when the unit names several; the first. */
		ret = asprintf(&path, "%.*s/kafka-spill",
			       (int)strcspn(dir, ":"), dir);
	else {
		/* Made on first use, as systemd would for StateDirectory=. */
		if (mkdir(UT_KSPILL_DIR, 0700) && errno != EEXIST)
			fprintf(stderr, "utrace-record: cannot create %s: %s\n",
				UT_KSPILL_DIR, strerror(errno));
		ret = asprintf(&path, UT_KSPILL_DIR "/kafka-spill");
	}
	if (ret < 0) {
		fputs("utrace-record: out of memory\n", stderr);
		abort();
	}
	return path;
}

/*
 * path exists: open it without following a symlink, and keep it only
 * when it is an empty regular file of ours with no other name.
 */
static int take_over(const char *path, char *err, size_t errlen)
{
	struct stat st;
	int fd;

	fd = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_NONBLOCK |
		  O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create spill file %s: %s", path,
			 errno == ELOOP ? "it is a symbolic link" :
			 strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_nlink != 1 ||
	    st.st_uid != geteuid() || st.st_size) {
		snprintf(err, errlen,
			 "spill file %s exists and is not an empty file of ours (records of an earlier run? ship them, then remove it)",
			 path);
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, O_APPEND);
	return fd;
}

bool ut_kspill_open(struct ut_kspill *s, const char *path,
		    unsigned long long max, char *err, size_t errlen)
{
	struct stat st;
	int fd;

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW |
		  O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST)
		fd = take_over(path, err, errlen);
	else if (fd < 0)
		snprintf(err, errlen, "cannot create spill file %s: %s", path,
			 strerror(errno));
	if (fd < 0)
		return false;
	if (fstat(fd, &st)) {
		snprintf(err, errlen, "spill file %s: %s", path,
			 strerror(errno));
		close(fd);
		return false;
	}
	s->path = strdup(path);
	if (!s->path) {
		fputs("utrace-record: out of memory\n", stderr);
		abort();
	}
	s->fd = fd;
	s->max = max;
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	return true;
}

bool ut_kspill_write(struct ut_kspill *s, const void *p, size_t len,
		     size_t keep)
{
	struct iovec iov[2] = {
		{ .iov_base = (void *)p, .iov_len = len },
		{ .iov_base = "\n", .iov_len = 1 },
	};
	size_t done = 0, want = len + 1;
	ssize_t n;
	int i = 0;

	if (s->fd < 0 || s->err || s->size + want + keep > s->max)
		return false;
	while (done < want) {
		n = writev(s->fd, iov + i, 2 - i);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			s->err = n < 0 ? errno : EIO;
			/* Never a part of a line: back to the last whole one. */
			if (done && ftruncate(s->fd, s->size))
				s->err = errno;
			return false;
		}
		done += n;
		while (i < 2 && (size_t)n >= iov[i].iov_len)
			n -= iov[i++].iov_len;
		if (i < 2) {
			iov[i].iov_base = (char *)iov[i].iov_base + n;
			iov[i].iov_len -= n;
		}
	}
	s->size += want;
	s->lines++;
	return true;
}

void ut_kspill_close(struct ut_kspill *s)
{
	struct stat st;

	if (s->fd < 0)
		return;
	/* Empty: removed, when the name still is this file. */
	if (!s->size && !lstat(s->path, &st) && st.st_dev == s->dev &&
	    st.st_ino == s->ino)
		unlink(s->path);
	close(s->fd);
	s->fd = -1;
	free(s->path);
	s->path = NULL;
}
