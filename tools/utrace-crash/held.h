/* SPDX-License-Identifier: GPL-2.0 */
/* held.h - one line of the kernel's utrace/crash/held file. */
#ifndef UC_HELD_H
#define UC_HELD_H

#include <stdint.h>

/* Register order of the held line (x86-64). */
enum {
	HR_RIP, HR_RSP, HR_RBP, HR_RAX, HR_RBX, HR_RCX, HR_RDX,
	HR_RSI, HR_RDI, HR_R8, HR_R9, HR_R10, HR_R11, HR_R12,
	HR_R13, HR_R14, HR_R15, HR_EFLAGS,
	NR_HREGS
};

extern const char *const reg_names[NR_HREGS];

#define COMM_MAX 64

struct held_task {
	int pid;
	int tgid;
	char comm[COMM_MAX];
	int sig;
	int code;
	uint64_t addr;
	unsigned long held_ms;
	uint64_t regs[NR_HREGS];
};

/*
 * Parse one held line ("pid=1 tgid=1 comm=x sig=11 ... eflags=0x246").
 * Keys may come in any order; unknown keys are ignored; pid and sig are
 * required.  Returns 0, or -1 when the line is malformed.
 */
int held_parse(const char *line, struct held_task *t);

#endif
