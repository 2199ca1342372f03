// SPDX-License-Identifier: GPL-2.0
/* maps.c - a parsed copy of /proc/PID/maps. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "maps.h"
#include "util.h"

/* "start-end perms offset dev inode   path" */
static int parse_line(char *line, struct mapping *mp)
{
	int n = 0;

	if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %4s %" SCNx64 " %*s %*u%n",
		   &mp->start, &mp->end, mp->perms, &mp->offset, &n) != 4 ||
	    !n)
		return -1;
	line += n;
	while (*line == ' ')
		line++;
	mp->path = line;
	return 0;
}

int maps_read(struct maps *m, const char *path)
{
	char *line, *nl;
	int cap = 0;

	memset(m, 0, sizeof(*m));
	m->text = read_whole(path, NULL);
	if (!m->text)
		return -1;
	m->raw = xstrdup(m->text);
	for (line = m->raw; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (m->n == cap) {
			cap = cap ? cap * 2 : 64;
			m->v = xrealloc(m->v, cap * sizeof(*m->v));
		}
		if (!parse_line(line, &m->v[m->n]))
			m->n++;
		if (!nl)
			break;
	}
	return 0;
}

const struct mapping *maps_find(const struct maps *m, uint64_t addr)
{
	int i;

	for (i = 0; i < m->n; i++)
		if (addr >= m->v[i].start && addr < m->v[i].end)
			return &m->v[i];
	return NULL;
}

const char *map_basename(const struct mapping *mp)
{
	const char *s = strrchr(mp->path, '/');

	return s && s[1] ? s + 1 : mp->path;
}

void maps_free(struct maps *m)
{
	free(m->text);
	free(m->raw);
	free(m->v);
	memset(m, 0, sizeof(*m));
}
