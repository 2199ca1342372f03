/* SPDX-License-Identifier: GPL-2.0 */
/* elfvma.h - file offset to ELF virtual address, via PT_LOAD headers. */
#ifndef UC_ELFVMA_H
#define UC_ELFVMA_H

#include <stdint.h>

/*
 * Translate a file offset inside the 64-bit ELF file at path into the
 * virtual address the file's own symbols use (what addr2line wants):
 * off - p_offset + p_vaddr of the PT_LOAD holding off.  Returns 0, or -1
 * when the file is not a readable 64-bit ELF or no PT_LOAD holds off.
 */
int elf_off_to_vaddr(const char *path, uint64_t off, uint64_t *vaddr);

#endif
