/* SPDX-License-Identifier: GPL-2.0 */
/*
 * utrace lossless scopes: a task in a registered scope that is about to
 * emit a utrace event while the registered instance's buffer of its CPU
 * is above a mark waits (killable, freezable, bounded) for the reader.
 * The sleepable report sites call utrace_lossless_check() just before
 * their trace event; it is a NOP jump while no scope is registered.
 * See "Lossless scopes" in Documentation/trace/utrace-global.rst.
 */
#ifndef _LINUX_UTRACE_LOSSLESS_H
#define _LINUX_UTRACE_LOSSLESS_H

#include <linux/jump_label.h>
#include <linux/utrace.h>

/* The sites that may wait, each named by the event it emits. */
enum utrace_lossless_site {
	UTRACE_LOSSLESS_SYSCALL_ENTRY,
	UTRACE_LOSSLESS_SYSCALL_EXIT,
	UTRACE_LOSSLESS_EXEC,
	UTRACE_LOSSLESS_EXIT,
	UTRACE_LOSSLESS_DEATH,
	UTRACE_LOSSLESS_VFORK_DONE,
	_UTRACE_LOSSLESS_NSITES
};

/*
 * Set in utrace_engine_flags while a scope is registered, so that the
 * inline syscall entry goes out of line to utrace_report_syscall_entry()
 * with the same one test: QUIESCE's bit, which no engine may ask for.
 */
#define UTRACE_LOSSLESS_ENTRY	UTRACE_EVENT(QUIESCE)

#ifdef CONFIG_UTRACE_GLOBAL

DECLARE_STATIC_KEY_FALSE(utrace_lossless_key);

void utrace_lossless_wait(enum utrace_lossless_site site);

/* Process context, no locks held: may sleep. */
static __always_inline void utrace_lossless_check(enum utrace_lossless_site site)
{
	if (static_branch_unlikely(&utrace_lossless_key))
		utrace_lossless_wait(site);
}

#else

static inline void utrace_lossless_check(enum utrace_lossless_site site) { }

#endif /* CONFIG_UTRACE_GLOBAL */

#endif /* _LINUX_UTRACE_LOSSLESS_H */
