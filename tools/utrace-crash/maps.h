/* SPDX-License-Identifier: GPL-2.0 */
/* maps.h - a parsed copy of /proc/PID/maps. */
#ifndef UC_MAPS_H
#define UC_MAPS_H

#include <stdint.h>

struct mapping {
	uint64_t start;
	uint64_t end;
	uint64_t offset;
	char perms[5];
	const char *path;	/* into maps.raw; "" when anonymous */
};

struct maps {
	char *raw;		/* the file as read (lines NUL-split) */
	char *text;		/* the file as read, untouched */
	struct mapping *v;
	int n;
};

/* 0, or -1 with errno set; m is always safe to maps_free(). */
int maps_read(struct maps *m, const char *path);
const struct mapping *maps_find(const struct maps *m, uint64_t addr);
/* The path's last component ("libc.so.6"), or the path itself. */
const char *map_basename(const struct mapping *mp);
void maps_free(struct maps *m);

#endif
