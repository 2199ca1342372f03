// SPDX-License-Identifier: GPL-2.0
/*
 * symbolize.c - address to function and file:line: the file offset of
 * the mapping turned into the ELF file's own address (PT_LOAD headers),
 * then binutils' addr2line run on it.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "symbolize.h"
#include "util.h"

#define MAX_PHNUM 4096

static int read_at(int fd, void *buf, size_t len, uint64_t off)
{
	return pread(fd, buf, len, off) == (ssize_t)len ? 0 : -1;
}

static int find_load(const Elf64_Phdr *ph, int n, uint64_t off,
		     uint64_t *vaddr)
{
	int i;

	for (i = 0; i < n; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		if (off >= ph[i].p_offset &&
		    off - ph[i].p_offset < ph[i].p_filesz) {
			*vaddr = off - ph[i].p_offset + ph[i].p_vaddr;
			return 0;
		}
	}
	return -1;
}

/*
 * Translate a file offset inside the 64-bit ELF file at path into the
 * virtual address the file's own symbols use (what addr2line wants):
 * off - p_offset + p_vaddr of the PT_LOAD holding off.  Returns 0, or -1
 * when the file is not a readable 64-bit ELF or no PT_LOAD holds off.
 */
static int elf_off_to_vaddr(const char *path, uint64_t off, uint64_t *vaddr)
{
	Elf64_Phdr *ph = NULL;
	Elf64_Ehdr eh;
	int fd, ret = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (read_at(fd, &eh, sizeof(eh), 0) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_phentsize != sizeof(Elf64_Phdr) ||
	    !eh.e_phnum || eh.e_phnum > MAX_PHNUM)
		goto out;
	ph = xmalloc(eh.e_phnum * sizeof(*ph));
	if (read_at(fd, ph, eh.e_phnum * sizeof(*ph), eh.e_phoff))
		goto out;
	ret = find_load(ph, eh.e_phnum, off, vaddr);
out:
	free(ph);
	close(fd);
	return ret;
}

#define OUT_MAX 8192

static void child(int out, const char *file, const char *addr)
{
	int null = open("/dev/null", O_RDWR);

	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 2);
	}
	dup2(out, 1);
	execlp("addr2line", "addr2line", "-f", "-C", "-e", file, addr,
	       (char *)NULL);
	_exit(127);
}

static size_t read_all(int fd, char *buf, size_t size)
{
	size_t n = 0;
	ssize_t r;

	while (n + 1 < size) {
		r = read(fd, buf + n, size - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += r;
	}
	buf[n] = '\0';
	return n;
}

static char *take_line(char **p)
{
	char *s = *p, *nl = strchr(s, '\n');

	if (nl) {
		*nl = '\0';
		*p = nl + 1;
	} else {
		*p = s + strlen(s);
	}
	return xstrdup(s);
}

/*
 * Run "addr2line -f -C -e FILE 0xVMA" and return its two output lines
 * (function, "file:line"), malloc'ed.  0, or -1 when it could not run.
 */
static int addr2line_run(const char *file, uint64_t vma, char **func,
			 char **fileline)
{
	char addr[32], *out, *p;
	int pfd[2], status = -1;
	pid_t pid;

	snprintf(addr, sizeof(addr), "0x%" PRIx64, vma);
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0)
		child(pfd[1], file, addr);
	close(pfd[1]);
	out = xmalloc(OUT_MAX);
	read_all(pfd[0], out, OUT_MAX);
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) || !*out) {
		free(out);
		return -1;
	}
	p = out;
	*func = take_line(&p);
	*fileline = take_line(&p);
	free(out);
	return 0;
}

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
