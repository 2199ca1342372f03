/* SPDX-License-Identifier: GPL-2.0 */
/* util.h - allocation, whole-file reads and small-file writes. */
#ifndef UC_UTIL_H
#define UC_UTIL_H

#include <stddef.h>

extern const char *prog;

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* malloc'ed printf; allocation failure is fatal. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Read all of path into a NUL-terminated malloc'ed buffer (works for
 * proc and tracefs files, whose size is 0).  *len gets the byte count
 * when len is not NULL.  NULL with errno set on failure.
 */
char *read_whole(const char *path, size_t *len);
/* Write s to an existing file (O_WRONLY|O_TRUNC).  0, or -errno. */
int write_str(const char *path, const char *s);
/* readlink into a malloc'ed string; NULL with errno set on failure. */
char *xreadlink(const char *path);
/* mkdir -p; 0 or -1 with errno set. */
int mkdir_p(const char *path, unsigned int mode);

#endif
