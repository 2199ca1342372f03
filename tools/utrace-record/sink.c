// SPDX-License-Identifier: GPL-2.0
/*
 * sink.c - the list of sinks, and the file sink: whole records collected
 * in a buffer and written in large writes, the file rotated between two
 * records (never inside one), reopened under its name on SIGHUP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "sink.h"

struct ut_sink *ut_sinks_add(struct ut_sinks *ss, const struct ut_sink *sk)
{
	if (ss->n == UT_SINKS_MAX)
		fatal("too many outputs (at most %d)", UT_SINKS_MAX);
	ss->v[ss->n] = *sk;
	ss->forms |= 1u << sk->form;
	return &ss->v[ss->n++];
}

static int failed(struct ut_sink *sk, int ret)
{
	if (ret >= 0 || sk->err)
		return 0;
	sk->err = -ret;
	return -ret;
}

int ut_sinks_write(struct ut_sinks *ss, enum ut_rec_form form,
		   unsigned int cls, const char *key, const struct sbuf *rec)
{
	struct ut_sink *sk;
	int first = 0, err;

	for (sk = ss->v; sk < ss->v + ss->n; sk++) {
		if (sk->form != form || !(sk->takes & cls) || sk->err ||
		    !rec->len)
			continue;
		err = failed(sk, sk->ops->write(sk->priv, key, rec->buf,
					       rec->len));
		if (err && !first)
			first = err;
	}
	return first;
}

int ut_sinks_write_tables(struct ut_sinks *ss, const struct sbuf *rec)
{
	struct ut_sink *sk;
	int first = 0, err;

	for (sk = ss->v; sk < ss->v + ss->n; sk++) {
		if (!(sk->takes & UT_REC_TABLES) || sk->err || !rec->len)
			continue;
		err = failed(sk, sk->ops->write(sk->priv, NULL, rec->buf,
					       rec->len));
		if (err && !first)
			first = err;
	}
	return first;
}

int ut_sinks_flush(struct ut_sinks *ss)
{
	struct ut_sink *sk;
	int first = 0, err;

	for (sk = ss->v; sk < ss->v + ss->n; sk++) {
		if (sk->err || !sk->ops->flush)
			continue;
		err = failed(sk, sk->ops->flush(sk->priv));
		if (err && !first)
			first = err;
	}
	return first;
}

int ut_sinks_reopen(struct ut_sinks *ss)
{
	struct ut_sink *sk;
	int first = 0, err;

	for (sk = ss->v; sk < ss->v + ss->n; sk++) {
		if (sk->err || !sk->ops->reopen)
			continue;
		err = failed(sk, sk->ops->reopen(sk->priv));
		if (err && !first)
			first = err;
	}
	return first;
}

/* The file sink. */

#define FILE_BATCH	65536

struct file_sink {
	int fd;
	bool own;			/* opened here: closed at the end */
	char *path;			/* NULL: a stream of the caller's */
	struct sbuf buf;		/* whole records not written yet */
	unsigned long long bytes;	/* in the file, buf not counted */
	struct ut_rotate rot;
	struct ut_rotor *rotor;		/* NULL: not rotated */
};

static int write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		p += w;
		n -= w;
	}
	return 0;
}

static int file_drain(struct file_sink *f)
{
	int ret;

	if (!f->buf.len)
		return 0;
	ret = write_all(f->fd, f->buf.buf, f->buf.len);
	f->bytes += f->buf.len;
	sb_reset(&f->buf);
	return ret;
}

/*
 * A file appended to (a restarted agent, a reopen) may end in part of a
 * record, from a recorder killed in the middle of a write: the next
 * record starts on a line of its own.
 */
static int open_append(struct file_sink *f)
{
	struct stat st;
	char last;

	f->fd = open(f->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (f->fd < 0)
		return -errno;
	f->bytes = 0;
	if (fstat(f->fd, &st) || !st.st_size)
		return 0;
	f->bytes = st.st_size;
	if (pread(f->fd, &last, 1, st.st_size - 1) == 1 && last != '\n' &&
	    write_all(f->fd, "\n", 1) == 0)
		f->bytes++;
	return 0;
}

/* FILE is full: close it whole, rotate it away, start a new FILE. */
static int file_rotate(struct file_sink *f)
{
	int ret = file_drain(f);

	if (ret)
		return ret;
	if (close(f->fd)) {
		f->fd = -1;
		return -errno;
	}
	f->fd = -1;
	ret = ut_rotor_rotate(f->rotor);
	if (ret)
		return ret;
	f->fd = open(f->path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND |
		     O_CLOEXEC, 0644);
	if (f->fd < 0)
		return -errno;
	f->bytes = 0;
	return 0;
}

static int file_write(void *priv, const char *key, const char *rec,
		      size_t len)
{
	struct file_sink *f = priv;
	unsigned long long now = f->bytes + f->buf.len;
	int ret;

	(void)key;
	/* A record bigger than the limit gets a file of its own. */
	if (f->rotor && now && now + len > f->rot.size) {
		ret = file_rotate(f);
		if (ret)
			return ret;
	}
	sb_putn(&f->buf, rec, len);
	return f->buf.len >= FILE_BATCH ? file_drain(f) : 0;
}

static int file_flush(void *priv)
{
	return file_drain(priv);
}

/* logrotate has moved FILE away (create mode): a new FILE. */
static int file_reopen(void *priv)
{
	struct file_sink *f = priv;
	int ret = file_drain(f);

	if (ret)
		return ret;
	if (close(f->fd)) {
		f->fd = -1;
		return -errno;
	}
	return open_append(f);
}

static int file_close(void *priv, FILE *report)
{
	struct file_sink *f = priv;
	int ret = f->fd >= 0 ? file_drain(f) : 0, err;

	if (f->own && f->fd >= 0 && close(f->fd) && !ret)
		ret = -errno;
	err = ut_rotor_free(f->rotor, report);
	if (err && !ret)
		ret = -err;
	sb_free(&f->buf);
	free(f->path);
	free(f);
	return ret;
}

static const struct ut_sink_ops file_ops = {
	.name = "file",
	.write = file_write,
	.flush = file_flush,
	.reopen = file_reopen,
	.close = file_close,
};

static const struct ut_sink_ops stream_ops = {
	.name = "stream",
	.write = file_write,
	.flush = file_flush,
	.close = file_close,
};

int ut_sink_file_open(struct ut_sink *sk, const char *path,
		      const struct ut_rotate *rot)
{
	struct file_sink *f = calloc(1, sizeof(*f));
	int ret;

	if (!f || !(f->path = strdup(path))) {
		free(f);
		return -ENOMEM;
	}
	f->own = true;
	if (rot && rot->size) {
		f->rot = *rot;
		f->rotor = ut_rotor_new(path, rot);
		ret = f->rotor ? open_append(f) : -ENOMEM;
	} else {
		f->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			     0644);
		ret = f->fd < 0 ? -errno : 0;
	}
	if (ret) {
		ut_rotor_free(f->rotor, NULL);
		free(f->path);
		free(f);
		return ret;
	}
	memset(sk, 0, sizeof(*sk));
	sk->ops = &file_ops;
	sk->priv = f;
	sk->what = path;
	return 0;
}

void ut_sink_stream(struct ut_sink *sk, FILE *stream, const char *what)
{
	struct file_sink *f = calloc(1, sizeof(*f));

	if (!f)
		fatal("out of memory");
	fflush(stream);
	f->fd = fileno(stream);
	memset(sk, 0, sizeof(*sk));
	sk->ops = &stream_ops;
	sk->priv = f;
	sk->what = what;
}
