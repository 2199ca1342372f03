/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rotate.h - rotation of an output file, logrotate's numbering: FILE is
 * written, FILE.1 is the newest full one, FILE.N the oldest kept.  With
 * compression they are FILE.1.zst ... FILE.N.zst, compressed by a
 * background thread so that the recorder never waits for it.
 */
#ifndef UT_ROTATE_H
#define UT_ROTATE_H

#include <stdbool.h>
#include <stdio.h>

/* --rotate-size, --rotate-keep, --rotate-compress; size 0: none. */
struct ut_rotate {
	unsigned long long size;	/* bytes */
	unsigned int keep;		/* FILE.1 .. FILE.keep */
	bool compress;			/* FILE.N.zst */
};

#define UT_ROTATE_KEEP_DEFAULT	5
#define UT_ROTATE_KEEP_MAX	1000
/* Smaller files would hold a few records each: surely a typo. */
#define UT_ROTATE_SIZE_MIN	4096ULL

/* "SIZE[k|M|G]" (powers of 1024) into *bytes; false when malformed. */
bool ut_parse_size(const char *s, unsigned long long *bytes);

/*
 * At start: the renames of a rotation need to write path's directory.
 * 0, or -errno.
 */
int ut_rotate_check(const char *path);

struct ut_rotor;

struct ut_rotor *ut_rotor_new(const char *path, const struct ut_rotate *rot);
/*
 * path has just been closed, whole records only: it becomes path.1
 * (older ones shifted, the one past keep removed), or with compression
 * is queued for the background thread.  0, or -errno.
 */
int ut_rotor_rotate(struct ut_rotor *r);
/*
 * Wait for the background compression and free r; a compression that
 * failed is said on report.  0, or the first errno.
 */
int ut_rotor_free(struct ut_rotor *r, FILE *report);

#endif
