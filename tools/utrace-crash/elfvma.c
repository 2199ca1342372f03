// SPDX-License-Identifier: GPL-2.0
/* elfvma.c - file offset to ELF virtual address, via PT_LOAD headers. */
#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elfvma.h"
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

int elf_off_to_vaddr(const char *path, uint64_t off, uint64_t *vaddr)
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
