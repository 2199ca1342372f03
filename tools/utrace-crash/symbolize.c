// SPDX-License-Identifier: GPL-2.0
/* symbolize.c - address to function and file:line, via addr2line. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addr2line.h"
#include "elfvma.h"
#include "symbolize.h"
#include "util.h"

/* "dir/file.c:12 (discriminator 3)" -> file, line; "??:0" -> nothing. */
static void parse_fileline(struct frame *f, char *s)
{
	char *colon, *end;
	long line;

	end = strstr(s, " (discriminator");
	if (end)
		*end = '\0';
	colon = strrchr(s, ':');
	if (!colon || !strncmp(s, "??", 2))
		return;
	*colon = '\0';
	line = strtol(colon + 1, &end, 10);
	f->file = xstrdup(s);
	f->line = (*end || line < 0 || line > 0x7fffffff) ? 0 : line;
}

/* The file to give addr2line: the path itself, or ROOT/path. */
static char *object_file(const struct mapping *mp, const char *root)
{
	char *alt;

	if (access(mp->path, R_OK) == 0 || !root)
		return xstrdup(mp->path);
	alt = xasprintf("%s%s", root, mp->path);
	if (access(alt, R_OK) == 0)
		return alt;
	free(alt);
	return xstrdup(mp->path);
}

static int from_elf(struct frame *f, const struct mapping *mp, uint64_t off,
		    const char *root)
{
	char *file, *func = NULL, *fl = NULL;
	uint64_t vma;
	int ret = -1;

	file = object_file(mp, root);
	if (elf_off_to_vaddr(file, off, &vma) ||
	    addr2line_run(file, vma, &func, &fl))
		goto out;
	parse_fileline(f, fl);
	if (strncmp(func, "??", 2)) {
		f->function = func;
		func = NULL;
		ret = 0;
	}
out:
	free(func);
	free(fl);
	free(file);
	return ret;
}

void symbolize(struct frame *f, const struct maps *m, int is_return,
	       const char *root)
{
	uint64_t look = f->addr - (is_return && f->addr ? 1 : 0);
	const struct mapping *mp = maps_find(m, look);

	f->function = NULL;
	f->file = NULL;
	f->line = 0;
	f->object = NULL;
	if (!mp) {
		f->function = xstrdup("??");
		return;
	}
	if (mp->path[0])
		f->object = xstrdup(mp->path);
	if (mp->path[0] == '/' &&
	    !from_elf(f, mp, look - mp->start + mp->offset, root))
		return;
	/* No symbol: mapping name + offset of the address itself. */
	f->function = xasprintf("%s+0x%" PRIx64,
				mp->path[0] ? map_basename(mp) : "[anon]",
				f->addr - mp->start + mp->offset);
}

void frame_free(struct frame *f)
{
	free(f->function);
	free(f->file);
	free(f->object);
}
