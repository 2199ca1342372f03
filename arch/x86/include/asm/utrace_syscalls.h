/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86 system call sets per ABI (x86_64 and i386), for the syscall fault
 * injection rules of kernel/trace/utrace_fault_rules.c.
 */
#ifndef _ASM_X86_UTRACE_SYSCALLS_H
#define _ASM_X86_UTRACE_SYSCALLS_H

#include <asm/unistd.h>

#ifdef CONFIG_IA32_EMULATION
#define UTRACE_SYSCALLS_NR_IA32		IA32_NR_syscalls
#else
/* No i386 calls: "i386:N" is refused and no name selects an i386 number. */
#define UTRACE_SYSCALLS_NR_IA32		0
#endif

/* Which tables a system call name selects entries in. */
#define UTRACE_SYSCALLS_ABI_X64		1U
#define UTRACE_SYSCALLS_ABI_I386	2U
#define UTRACE_SYSCALLS_ABI_ALL		(UTRACE_SYSCALLS_ABI_X64 | \
					 UTRACE_SYSCALLS_ABI_I386)

struct seq_file;

int utrace_syscalls_parse_set(unsigned long *set, unsigned long *ia32_set,
			      char *buf, unsigned int abis);
void utrace_syscalls_show_set(struct seq_file *m, const unsigned long *set,
			      const unsigned long *ia32_set);
bool utrace_syscalls_nr_selected(const unsigned long *set,
				 const unsigned long *ia32_set, int nr);

#endif /* _ASM_X86_UTRACE_SYSCALLS_H */
