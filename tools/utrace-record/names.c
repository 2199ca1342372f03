// SPDX-License-Identifier: GPL-2.0
/* names.c - symbolic names for the recorder's output. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <seccomp.h>

#include "names.h"

static const char *const kind_names[] = {
	[UT_CLONE]		= "clone",
	[UT_VFORK_DONE]		= "vfork_done",
	[UT_EXEC]		= "exec",
	[UT_EXIT]		= "exit",
	[UT_DEATH]		= "death",
	[UT_REAP]		= "reap",
	[UT_SYSCALL_ENTRY]	= "syscall_entry",
	[UT_SYSCALL_EXIT]	= "syscall_exit",
	[UT_SIGNAL]		= "signal",
	[UT_JCTL]		= "jctl",
	[UT_TASK]		= "task",
	[UT_LOST]		= "lost",
	[UT_X_EXITCALL]		= "exitcall",
	[UT_X_SIGGEN]		= "siggen",
};

const char *ut_kind_name(enum ut_kind kind)
{
	if ((unsigned int)kind >= sizeof(kind_names) / sizeof(kind_names[0]))
		return "?";
	return kind_names[kind];
}

int ut_kind_parse(const char *name)
{
	int k;

	for (k = 0; k < UT_NR_KINDS; k++)
		if (!strcmp(name, kind_names[k]))
			return k;
	return -1;
}

int ut_parse_event_list(const char *list, unsigned int *mask, const char **bad)
{
	static char badname[64];
	char *copy, *tok, *save = NULL;
	unsigned int m = 0;
	int k, ret = 0;

	copy = strdup(list);
	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "all")) {
			m |= UT_KINDS_ALL;
			continue;
		}
		k = ut_kind_parse(tok);
		if (k < 0) {
			snprintf(badname, sizeof(badname), "%s", tok);
			*bad = badname;
			ret = -1;
			break;
		}
		m |= UT_KIND_BIT(k);
	}
	free(copy);
	if (!ret && !m) {
		*bad = "";
		ret = -1;
	}
	if (!ret)
		*mask = m;
	return ret;
}

const char *ut_signame(int sig, char *buf, int len)
{
	const char *abbrev = NULL;

	if (sig > 0 && sig < SIGRTMIN)
		abbrev = sigabbrev_np(sig);
	if (abbrev)
		snprintf(buf, len, "SIG%s", abbrev);
	else if (sig == SIGRTMIN)
		snprintf(buf, len, "SIGRTMIN");
	else if (sig > SIGRTMIN && sig <= SIGRTMAX)
		snprintf(buf, len, "SIGRTMIN+%d", sig - SIGRTMIN);
	else
		snprintf(buf, len, "SIG%d", sig);
	return buf;
}

/*
 * Codes of the kernel's include/linux/errno.h that glibc has no name
 * for: a syscall exit shows them when a call is interrupted to be
 * restarted (-514 around a signal handler) or when an internal code
 * leaks.  The set strace names.
 */
static const char *const kernel_errno_names[] = {
	[512 - 512] = "ERESTARTSYS",
	[513 - 512] = "ERESTARTNOINTR",
	[514 - 512] = "ERESTARTNOHAND",
	[515 - 512] = "ENOIOCTLCMD",
	[516 - 512] = "ERESTART_RESTARTBLOCK",
	[517 - 512] = "EPROBE_DEFER",
	[518 - 512] = "EOPENSTALE",
	[521 - 512] = "EBADHANDLE",
	[522 - 512] = "ENOTSYNC",
	[523 - 512] = "EBADCOOKIE",
	[524 - 512] = "ENOTSUPP",
	[525 - 512] = "ETOOSMALL",
	[526 - 512] = "ESERVERFAULT",
	[527 - 512] = "EBADTYPE",
	[528 - 512] = "EJUKEBOX",
	[529 - 512] = "EIOCBQUEUED",
	[530 - 512] = "ERECALLCONFLICT",
};

const char *ut_errno_name(int err)
{
	const char *name = strerrorname_np(err);

	if (!name && err >= 512 &&
	    err - 512 < (int)(sizeof(kernel_errno_names) /
			      sizeof(kernel_errno_names[0])))
		name = kernel_errno_names[err - 512];
	return name;
}

/* One cache per table: native, x86_64, i386. */
#define UT_SYSCALL_CACHE 1024
enum { SC_NATIVE, SC_X86_64, SC_I386, SC_NR };
static char *sc_cache[SC_NR][UT_SYSCALL_CACHE];
static unsigned char sc_tried[SC_NR][UT_SYSCALL_CACHE];
static const uint32_t sc_arch[SC_NR] = {
	SCMP_ARCH_NATIVE, SCMP_ARCH_X86_64, SCMP_ARCH_X86,
};

static const char *syscall_name_in(int t, long nr)
{
	if (nr < 0 || nr >= UT_SYSCALL_CACHE)
		return NULL;
	if (!sc_tried[t][nr]) {
		sc_tried[t][nr] = 1;
		sc_cache[t][nr] = seccomp_syscall_resolve_num_arch(sc_arch[t],
								   nr);
	}
	return sc_cache[t][nr];
}

const char *ut_syscall_name(long nr)
{
	return syscall_name_in(SC_NATIVE, nr);
}

const char *ut_syscall_name_arch(uint32_t arch, long nr)
{
	switch (arch) {
	case UT_ARCH_UNKNOWN:
		return syscall_name_in(SC_NATIVE, nr);
	case UT_ARCH_X86_64:
		return syscall_name_in(SC_X86_64, nr);
	case UT_ARCH_I386:
		return syscall_name_in(SC_I386, nr);
	}
	return NULL;
}

const char *ut_arch_name(uint32_t arch)
{
	switch (arch) {
	case UT_ARCH_X86_64:
		return "x86_64";
	case UT_ARCH_I386:
		return "i386";
	}
	return NULL;
}

static const char *const disp_names[] = {
	[UT_DISP_HANDLER]	= "handler",
	[UT_DISP_IGNORE]	= "ignore",
	[UT_DISP_STOP]		= "stop",
	[UT_DISP_TERMINATE]	= "terminate",
	[UT_DISP_CORE]		= "core",
	[UT_DISP_HELD]		= "held",
	[UT_DISP_CONTINUE]	= "continue",
};

const char *ut_disp_name(int disp)
{
	if (disp < 0 || disp >= UT_NR_DISP)
		return "?";
	return disp_names[disp];
}

const char *ut_verdict_name(int verdict)
{
	switch (verdict) {
	case UT_VERDICT_RAN:
		return "ran";
	case UT_VERDICT_ABORTED:
		return "aborted";
	case UT_VERDICT_INJECTED:
		return "injected";
	case UT_VERDICT_SECCOMP:
		return "seccomp";
	case UT_VERDICT_UNKNOWN:
		return "unknown";
	}
	return NULL;
}

int ut_default_disp(int sig)
{
	switch (sig) {
	case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS:
	case SIGFPE: case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS:
		return UT_DISP_CORE;
	case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
		return UT_DISP_STOP;
	case SIGCHLD: case SIGCONT: case SIGURG: case SIGWINCH:
		return UT_DISP_IGNORE;
	}
	/* Everything else, real-time signals included, terminates. */
	return UT_DISP_TERMINATE;
}

int ut_infer_disp(int sig, unsigned long handler)
{
	if (handler == (unsigned long)SIG_DFL)
		return ut_default_disp(sig);
	if (handler == (unsigned long)SIG_IGN)
		return UT_DISP_IGNORE;
	return UT_DISP_HANDLER;
}

static const struct {
	uint64_t bit;
	const char *name;
} clone_flag_names[] = {
	{ 0x00000100, "CLONE_VM" },
	{ 0x00000200, "CLONE_FS" },
	{ 0x00000400, "CLONE_FILES" },
	{ 0x00000800, "CLONE_SIGHAND" },
	{ 0x00001000, "CLONE_PIDFD" },
	{ 0x00002000, "CLONE_PTRACE" },
	{ 0x00004000, "CLONE_VFORK" },
	{ 0x00008000, "CLONE_PARENT" },
	{ 0x00010000, "CLONE_THREAD" },
	{ 0x00020000, "CLONE_NEWNS" },
	{ 0x00040000, "CLONE_SYSVSEM" },
	{ 0x00080000, "CLONE_SETTLS" },
	{ 0x00100000, "CLONE_PARENT_SETTID" },
	{ 0x00200000, "CLONE_CHILD_CLEARTID" },
	{ 0x00400000, "CLONE_DETACHED" },
	{ 0x00800000, "CLONE_UNTRACED" },
	{ 0x01000000, "CLONE_CHILD_SETTID" },
	{ 0x02000000, "CLONE_NEWCGROUP" },
	{ 0x04000000, "CLONE_NEWUTS" },
	{ 0x08000000, "CLONE_NEWIPC" },
	{ 0x10000000, "CLONE_NEWUSER" },
	{ 0x20000000, "CLONE_NEWPID" },
	{ 0x40000000, "CLONE_NEWNET" },
	{ 0x80000000, "CLONE_IO" },
	{ 0x100000000ULL, "CLONE_CLEAR_SIGHAND" },
	{ 0x200000000ULL, "CLONE_INTO_CGROUP" },
	{ 0x400000000ULL, "CLONE_NEWTIME" },
};

uint64_t ut_clone_flags_each(uint64_t flags, void (*fn)(const char *, void *),
			     void *arg)
{
	size_t i;

	for (i = 0; i < sizeof(clone_flag_names) / sizeof(clone_flag_names[0]);
	     i++) {
		if (flags & clone_flag_names[i].bit) {
			fn(clone_flag_names[i].name, arg);
			flags &= ~clone_flag_names[i].bit;
		}
	}
	return flags;
}

struct flag_join {
	struct sbuf *sb;
	int n;
};

static void flag_join_one(const char *name, void *arg)
{
	struct flag_join *j = arg;

	sb_printf(j->sb, "%s%s", j->n++ ? "|" : "", name);
}

void ut_clone_flags_str(struct sbuf *sb, uint64_t flags)
{
	struct flag_join j = { .sb = sb };
	uint64_t rest;

	rest = ut_clone_flags_each(flags, flag_join_one, &j);
	if (rest)
		sb_printf(sb, "%s0x%llx", j.n++ ? "|" : "",
			  (unsigned long long)rest);
	if (!j.n)
		sb_puts(sb, "0");
}

void ut_wait_status_str(struct sbuf *sb, int code)
{
	char buf[32];

	if (code & 0x7f) {
		sb_printf(sb, "signal=%s%s",
			  ut_signame(code & 0x7f, buf, sizeof(buf)),
			  (code & 0x80) ? " (core dumped)" : "");
	} else {
		sb_printf(sb, "status=%d", (code >> 8) & 0xff);
	}
}
