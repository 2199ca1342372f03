/* SPDX-License-Identifier: GPL-2.0 */
/* held.h - one line of the kernel's utrace/crash/held file. */
#ifndef UC_HELD_H
#define UC_HELD_H

#include <stddef.h>
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
	uint64_t id;		/* hold id: unique since boot, never reused */
	int pid;
	int tgid;
	char comm[COMM_MAX];	/* unescaped: any byte but NUL */
	int sig;
	int code;
	uint64_t addr;
	unsigned long held_ms;
	uint64_t regs[NR_HREGS];
};

/*
 * Parse one held line of len bytes, without its newline:
 * "id=7 pid=1 tgid=1 comm=a\x20b sig=11 ... eflags=0x246".  Fields are
 * separated by spaces and may come in any order; unknown keys are
 * ignored, a repeated key is an error; id, pid and sig are required.
 * Any byte outside 0x21..0x7e (other than the separators) rejects the
 * line, as does a comm not in the kernel's escaped form (held.c).
 * Returns NULL, or why the line was rejected.
 */
const char *held_parse(const char *line, size_t len, struct held_task *t);

#endif
