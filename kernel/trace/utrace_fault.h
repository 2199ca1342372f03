/* SPDX-License-Identifier: GPL-2.0 */
/* System call sets per ABI, for the syscall fault injection rules. */
#ifndef _KERNEL_TRACE_UTRACE_FAULT_H
#define _KERNEL_TRACE_UTRACE_FAULT_H

#include <asm/unistd.h>

#ifdef CONFIG_IA32_EMULATION
#define UTRACE_FAULT_NR_IA32	IA32_NR_syscalls
#else
/* No i386 calls: "i386:N" is refused and no name selects an i386 number. */
#define UTRACE_FAULT_NR_IA32	0
#endif

/* Which tables a system call name selects entries in. */
#define UTRACE_FAULT_ABI_X64	1U
#define UTRACE_FAULT_ABI_I386	2U
#define UTRACE_FAULT_ABI_ALL	(UTRACE_FAULT_ABI_X64 | UTRACE_FAULT_ABI_I386)

struct seq_file;

int utrace_fault_parse_set(unsigned long *set, unsigned long *ia32_set,
			   char *buf, unsigned int abis);
void utrace_fault_show_set(struct seq_file *m, const unsigned long *set,
			   const unsigned long *ia32_set);
bool utrace_fault_nr_selected(const unsigned long *set,
			      const unsigned long *ia32_set, int nr);

#endif /* _KERNEL_TRACE_UTRACE_FAULT_H */
