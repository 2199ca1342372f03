// SPDX-License-Identifier: GPL-2.0
/* signames.c - names of signals and of their si_code values. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "signames.h"

struct code_name {
	int code;
	const char *name;
};

/*
 * Values from the kernel's include/uapi/asm-generic/siginfo.h, spelled
 * out so that codes newer than the libc headers still get names.
 */
static const struct code_name generic_codes[] = {
	{ 0, "SI_USER" }, { 0x80, "SI_KERNEL" }, { -1, "SI_QUEUE" },
	{ -2, "SI_TIMER" }, { -3, "SI_MESGQ" }, { -4, "SI_ASYNCIO" },
	{ -5, "SI_SIGIO" }, { -6, "SI_TKILL" }, { -7, "SI_DETHREAD" },
	{ -60, "SI_ASYNCNL" },
	{ 0, NULL }
};

static const struct code_name segv_codes[] = {
	{ 1, "SEGV_MAPERR" }, { 2, "SEGV_ACCERR" }, { 3, "SEGV_BNDERR" },
	{ 4, "SEGV_PKUERR" }, { 5, "SEGV_ACCADI" }, { 6, "SEGV_ADIDERR" },
	{ 7, "SEGV_ADIPERR" }, { 8, "SEGV_MTEAERR" }, { 9, "SEGV_MTESERR" },
	{ 10, "SEGV_CPERR" },
	{ 0, NULL }
};

static const struct code_name bus_codes[] = {
	{ 1, "BUS_ADRALN" }, { 2, "BUS_ADRERR" }, { 3, "BUS_OBJERR" },
	{ 4, "BUS_MCEERR_AR" }, { 5, "BUS_MCEERR_AO" },
	{ 0, NULL }
};

static const struct code_name ill_codes[] = {
	{ 1, "ILL_ILLOPC" }, { 2, "ILL_ILLOPN" }, { 3, "ILL_ILLADR" },
	{ 4, "ILL_ILLTRP" }, { 5, "ILL_PRVOPC" }, { 6, "ILL_PRVREG" },
	{ 7, "ILL_COPROC" }, { 8, "ILL_BADSTK" }, { 9, "ILL_BADIADDR" },
	{ 0, NULL }
};

static const struct code_name fpe_codes[] = {
	{ 1, "FPE_INTDIV" }, { 2, "FPE_INTOVF" }, { 3, "FPE_FLTDIV" },
	{ 4, "FPE_FLTOVF" }, { 5, "FPE_FLTUND" }, { 6, "FPE_FLTRES" },
	{ 7, "FPE_FLTINV" }, { 8, "FPE_FLTSUB" }, { 14, "FPE_FLTUNK" },
	{ 15, "FPE_CONDTRAP" },
	{ 0, NULL }
};

static const struct code_name trap_codes[] = {
	{ 1, "TRAP_BRKPT" }, { 2, "TRAP_TRACE" }, { 3, "TRAP_BRANCH" },
	{ 4, "TRAP_HWBKPT" }, { 5, "TRAP_UNK" }, { 6, "TRAP_PERF" },
	{ 0, NULL }
};

static const char *lookup(const struct code_name *t, int code)
{
	for (; t->name; t++)
		if (t->code == code)
			return t->name;
	return NULL;
}

const char *sig_name(int sig, char *buf, unsigned int size)
{
	const char *abbr = sigabbrev_np(sig);

	if (abbr)
		snprintf(buf, size, "SIG%s", abbr);
	else if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		snprintf(buf, size, "SIGRTMIN+%d", sig - SIGRTMIN);
	else
		snprintf(buf, size, "SIG%d", sig);
	return buf;
}

const char *sig_code_name(int sig, int code, char *buf, unsigned int size)
{
	const struct code_name *t = NULL;
	const char *name = NULL;

	/* Signal-specific codes are positive and below SI_KERNEL. */
	if (code > 0 && code < 0x80) {
		switch (sig) {
		case SIGSEGV:
			t = segv_codes;
			break;
		case SIGBUS:
			t = bus_codes;
			break;
		case SIGILL:
			t = ill_codes;
			break;
		case SIGFPE:
			t = fpe_codes;
			break;
		case SIGTRAP:
			t = trap_codes;
			break;
		}
		if (t)
			name = lookup(t, code);
	} else {
		name = lookup(generic_codes, code);
	}
	if (name)
		return name;
	snprintf(buf, size, "%d", code);
	return buf;
}
