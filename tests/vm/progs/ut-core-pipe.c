// SPDX-License-Identifier: GPL-2.0
/*
 * ut-core-pipe: count the threads of an ELF core dump.
 *
 * ut-core-pipe pipe DIR PID    core_pattern helper ("|ut-core-pipe pipe
 *                              DIR %p"): save the core from stdin as
 *                              DIR/core.PID, then write its summary to
 *                              DIR/summary.PID (renamed into place when
 *                              complete)
 * ut-core-pipe count FILE      print the summary of the core FILE
 *
 * The summary is one line: "prstatus=N cursig=S pids=P1,P2,... bytes=B":
 * N is the number of NT_PRSTATUS notes (one per thread the kernel
 * dumped), S the pr_cursig of the first (the thread that crashed), P the
 * pr_pid of each, B the size of the core; "error=..." if it is not a
 * 64-bit ELF core.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* struct elf_prstatus (x86_64): pr_cursig at 12, pr_pid at 32 */
#define PRSTATUS_CURSIG	12
#define PRSTATUS_PID	32

static void summary(FILE *out, const unsigned char *core, size_t size)
{
	const Elf64_Ehdr *eh = (const void *)core;
	int n = 0, cursig = -1, pid;
	size_t off, end, i;
	const Elf64_Nhdr *nh;
	const Elf64_Phdr *ph;
	char pids[4096] = "";
	size_t plen = 0;

	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_type != ET_CORE ||
	    eh->e_phoff + (size_t)eh->e_phnum * sizeof(*ph) > size) {
		fprintf(out, "error=not-a-core bytes=%zu\n", size);
		return;
	}
	for (i = 0; i < eh->e_phnum; i++) {
		ph = (const void *)(core + eh->e_phoff + i * sizeof(*ph));
		if (ph->p_type != PT_NOTE || ph->p_offset + ph->p_filesz > size)
			continue;
		off = ph->p_offset;
		end = off + ph->p_filesz;
		while (off + sizeof(*nh) <= end) {
			nh = (const void *)(core + off);
			off += sizeof(*nh) + ((nh->n_namesz + 3) & ~3UL);
			if (nh->n_type == NT_PRSTATUS && off + 36 <= end) {
				memcpy(&pid, core + off + PRSTATUS_PID, 4);
				if (!n)
					cursig = *(const short *)(core + off +
								  PRSTATUS_CURSIG);
				if (plen < sizeof(pids) - 16)
					plen += snprintf(pids + plen,
							 sizeof(pids) - plen,
							 "%s%d", n ? "," : "",
							 pid);
				n++;
			}
			off += (nh->n_descsz + 3) & ~3UL;
		}
	}
	fprintf(out, "prstatus=%d cursig=%d pids=%s bytes=%zu\n", n, cursig,
		pids, size);
}

/* Read all of @fd into memory. */
static unsigned char *slurp(int fd, size_t *size)
{
	size_t cap = 1 << 20, len = 0;
	unsigned char *p = malloc(cap), *q;
	ssize_t got;

	while (p) {
		if (len == cap) {
			q = realloc(p, cap *= 2);
			if (!q) {
				free(p);
				return NULL;
			}
			p = q;
		}
		got = read(fd, p + len, cap - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		len += got;
	}
	*size = len;
	return p;
}

int main(int argc, char **argv)
{
	char path[4096], tmp[4096];
	unsigned char *core;
	size_t size;
	FILE *out;
	int fd;

	if (argc == 3 && !strcmp(argv[1], "count")) {
		fd = open(argv[2], O_RDONLY);
		if (fd < 0) {
			printf("error=open-%d\n", errno);
			return 1;
		}
		core = slurp(fd, &size);
		if (!core)
			return 1;
		summary(stdout, core, size);
		return 0;
	}
	if (argc != 4 || strcmp(argv[1], "pipe")) {
		fprintf(stderr, "usage: ut-core-pipe pipe DIR PID | count FILE\n");
		return 2;
	}
	core = slurp(0, &size);
	if (!core)
		return 1;
	snprintf(path, sizeof(path), "%s/core.%s", argv[2], argv[3]);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0) {
		if (write(fd, core, size) != (ssize_t)size)
			perror("write");
		close(fd);
	}
	snprintf(tmp, sizeof(tmp), "%s/summary.%s.tmp", argv[2], argv[3]);
	snprintf(path, sizeof(path), "%s/summary.%s", argv[2], argv[3]);
	out = fopen(tmp, "w");
	if (!out)
		return 1;
	summary(out, core, size);
	fclose(out);
	return rename(tmp, path) ? 1 : 0;
}
