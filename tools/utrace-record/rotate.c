// SPDX-License-Identifier: GPL-2.0
/*
 * rotate.c - FILE -> FILE.1 -> ... -> FILE.N, and the zstd compression
 * of rotated files in a thread of its own (nice 10): the recorder only
 * renames FILE to FILE.pending-K and goes on writing a new FILE; the
 * thread takes the pending files in order, shifts FILE.i.zst and makes
 * FILE.1.zst of the oldest pending one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <zstd.h>

#include "rotate.h"

struct ut_rotor {
	char *path;
	struct ut_rotate rot;
	/* Compression: pending-K for K in (done, queued]. */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thr;
	bool thr_started;
	bool closing;
	unsigned long long queued, done;
	int err;			/* the first compression errno */
	char err_file[PATH_MAX + 32];	/* the pending file it left */
};

bool ut_parse_size(const char *s, unsigned long long *bytes)
{
	unsigned long long v, mul = 1;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return false;
	switch (*end) {
	case '\0':
		break;
	case 'k': case 'K':
		mul = 1ULL << 10;
		break;
	case 'M':
		mul = 1ULL << 20;
		break;
	case 'G':
		mul = 1ULL << 30;
		break;
	default:
		return false;
	}
	if (*end && end[1])
		return false;
	if (v > ULLONG_MAX / mul)
		return false;
	*bytes = v * mul;
	return true;
}

int ut_rotate_check(const char *path)
{
	char *dir = strdup(path), *slash;
	int ret = 0;

	if (!dir)
		return -ENOMEM;
	slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir ? 1 : 0] = '\0';
	if (access(slash ? dir : ".", W_OK | X_OK))
		ret = -errno;
	free(dir);
	return ret;
}

static void name_of(const struct ut_rotor *r, char *buf, size_t n,
		    unsigned int i, const char *suffix)
{
	snprintf(buf, n, "%s.%u%s", r->path, i, suffix);
}

/* FILE.keep goes, FILE.i becomes FILE.i+1: room for a new FILE.1. */
static int shift(struct ut_rotor *r, const char *suffix)
{
	char from[PATH_MAX + 32], to[PATH_MAX + 32];
	unsigned int i;

	name_of(r, to, sizeof(to), r->rot.keep, suffix);
	if (unlink(to) && errno != ENOENT)
		return -errno;
	for (i = r->rot.keep - 1; i >= 1; i--) {
		name_of(r, from, sizeof(from), i, suffix);
		name_of(r, to, sizeof(to), i + 1, suffix);
		if (rename(from, to) && errno != ENOENT)
			return -errno;
	}
	return 0;
}

static void pending_name(const struct ut_rotor *r, char *buf, size_t n,
			 unsigned long long k)
{
	snprintf(buf, n, "%s.pending-%llu", r->path, k);
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;

	while (n) {
		w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		c += w;
		n -= w;
	}
	return 0;
}

/* src compressed into dst, a new file; 0 or -errno. */
static int zstd_file(int in, int out)
{
	size_t isz = ZSTD_CStreamInSize(), osz = ZSTD_CStreamOutSize(), rem;
	char *ibuf = malloc(isz), *obuf = malloc(osz);
	ZSTD_CCtx *cc = ZSTD_createCCtx();
	ZSTD_EndDirective mode;
	ssize_t got;
	int ret = -ENOMEM;

	if (!ibuf || !obuf || !cc)
		goto out;
	ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, 3);
	ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1);
	do {
		got = read(in, ibuf, isz);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			ret = -errno;
			goto out;
		}
		mode = got ? ZSTD_e_continue : ZSTD_e_end;
		ZSTD_inBuffer ib = { ibuf, (size_t)got, 0 };
		do {
			ZSTD_outBuffer ob = { obuf, osz, 0 };

			rem = ZSTD_compressStream2(cc, &ob, &ib, mode);
			if (ZSTD_isError(rem)) {
				ret = -EIO;
				goto out;
			}
			ret = write_all(out, obuf, ob.pos);
			if (ret)
				goto out;
		} while (mode == ZSTD_e_end ? rem != 0 : ib.pos < ib.size);
	} while (got);
	ret = 0;
out:
	ZSTD_freeCCtx(cc);
	free(ibuf);
	free(obuf);
	return ret;
}

/* pending-k -> FILE.1.zst, the older ones shifted first. */
static int compress_one(struct ut_rotor *r, unsigned long long k)
{
	char src[PATH_MAX + 32], dst[PATH_MAX + 32], tmp[PATH_MAX + 40];
	int in, out, ret;

	pending_name(r, src, sizeof(src), k);
	name_of(r, dst, sizeof(dst), 1, ".zst");
	snprintf(tmp, sizeof(tmp), "%s.tmp", dst);
	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		ret = -errno;
		close(in);
		return ret;
	}
	ret = zstd_file(in, out);
	close(in);
	if (close(out) && !ret)
		ret = -errno;
	if (!ret)
		ret = shift(r, ".zst");
	if (!ret && rename(tmp, dst))
		ret = -errno;
	if (ret) {
		unlink(tmp);
		return ret;
	}
	unlink(src);
	return 0;
}

static void *compressor(void *arg)
{
	struct ut_rotor *r = arg;
	unsigned long long k;
	int err;

	setpriority(PRIO_PROCESS, syscall(SYS_gettid), 10);
	pthread_mutex_lock(&r->mu);
	for (;;) {
		while (r->done == r->queued && !r->closing)
			pthread_cond_wait(&r->cv, &r->mu);
		if (r->done == r->queued)
			break;
		k = r->done + 1;
		pthread_mutex_unlock(&r->mu);
		err = compress_one(r, k);
		pthread_mutex_lock(&r->mu);
		if (err && !r->err) {
			/* Kept uncompressed under its pending name. */
			r->err = -err;
			pending_name(r, r->err_file, sizeof(r->err_file), k);
		}
		r->done = k;
	}
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

struct ut_rotor *ut_rotor_new(const char *path, const struct ut_rotate *rot)
{
	struct ut_rotor *r = calloc(1, sizeof(*r));

	if (!r || !(r->path = strdup(path))) {
		free(r);
		return NULL;
	}
	r->rot = *rot;
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	return r;
}

/* The thread gets no signals: they are for the main thread's handlers. */
static int start_compressor(struct ut_rotor *r)
{
	sigset_t all, old;
	int err;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&r->thr, NULL, compressor, r);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err)
		return -err;
	r->thr_started = true;
	return 0;
}

int ut_rotor_rotate(struct ut_rotor *r)
{
	char to[PATH_MAX + 32];
	int err;

	if (!r->rot.compress) {
		err = shift(r, "");
		name_of(r, to, sizeof(to), 1, "");
		if (!err && rename(r->path, to))
			err = -errno;
		return err;
	}
	if (!r->thr_started && (err = start_compressor(r)))
		return err;
	pthread_mutex_lock(&r->mu);
	pending_name(r, to, sizeof(to), r->queued + 1);
	if (rename(r->path, to)) {
		err = -errno;
		pthread_mutex_unlock(&r->mu);
		return err;
	}
	r->queued++;
	pthread_cond_signal(&r->cv);
	pthread_mutex_unlock(&r->mu);
	return 0;
}

int ut_rotor_free(struct ut_rotor *r, FILE *report)
{
	int err;

	if (!r)
		return 0;
	if (r->thr_started) {
		pthread_mutex_lock(&r->mu);
		r->closing = true;
		pthread_cond_signal(&r->cv);
		pthread_mutex_unlock(&r->mu);
		pthread_join(r->thr, NULL);
	}
	err = r->err;
	if (err && report)
		fprintf(report, "utrace-record: cannot compress %s: %s (kept uncompressed)\n",
			r->err_file, strerror(err));
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->cv);
	free(r->path);
	free(r);
	return err;
}
