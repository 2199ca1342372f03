/* SPDX-License-Identifier: GPL-2.0 */
/*
 * utrace global syscall reports, as kernel/entry/common.c makes them under
 * SYSCALL_WORK_UTRACE.  The entry's trace-only path (no engine wants the
 * event, ptrace let the call run) is inline, as raw_syscalls'
 * trace_sys_enter() is; engines and ptrace aborts go out of line to
 * utrace_report_syscall_entry().  The exit is utrace_report_syscall_exit(),
 * out of line.
 *
 * Each reported entry records its verdict with the generation of the
 * task's syscall work bit it was recorded in; an exit trusts that verdict
 * only in the same generation (see utrace_syscall_work_set() in
 * utrace_global.c).
 *
 * This header only reads what <linux/utrace.h> declares; the definitions
 * are in kernel/trace/utrace_global.c, which includes both headers.
 */
#ifndef _LINUX_UTRACE_SYSCALL_H
#define _LINUX_UTRACE_SYSCALL_H

#include <linux/utrace.h>
#include <linux/utrace_lossless.h>

#ifdef CONFIG_UTRACE_GLOBAL

#include <linux/sched.h>
#include <linux/thread_info.h>
#include <trace/events/utrace.h>

/*
 * Record the entry's verdict.  If the bit has been cleared since this
 * call's entry tested it, a switch on may bump the generation again before
 * it sets the bit, and the next call's entry may go unreported in that
 * generation: then record a generation that never matches again.
 */
static __always_inline void utrace_syscall_record(int verdict)
{
	u32 gen = READ_ONCE(current->utrace_work_gen);

	/* The bit as the writer after that bump left it, or newer. */
	smp_rmb();
	if (!test_task_syscall_work(current, UTRACE))
		gen--;
	current->utrace_syscall_gen = gen;
	current->utrace_syscall_verdict = verdict;
}

/*
 * The exit's verdict and rule: the entry's, if recorded in this
 * generation, else UNKNOWN and none (the rule would be an older call's).
 * The caller saw the bit set, so this sees the bump made before setting it.
 */
static __always_inline int utrace_syscall_exit_verdict(u32 *rule)
{
	/* Order after the caller's read of the work bit. */
	smp_rmb();
	if (current->utrace_syscall_gen != READ_ONCE(current->utrace_work_gen)) {
		*rule = 0;
		return UTRACE_SYSCALL_UNKNOWN;
	}
	*rule = current->utrace_syscall_rule;
	return current->utrace_syscall_verdict;
}

/* Process context, no locks held, may sleep: true to skip the call. */
static __always_inline bool utrace_syscall_entry(struct pt_regs *regs,
						 bool ptrace_abort)
{
	/* Engines, or a lossless scope that may wait: out of line. */
	if (unlikely(ptrace_abort ||
		     (READ_ONCE(utrace_engine_flags) &
		      (UTRACE_EVENT(SYSCALL_ENTRY) | UTRACE_LOSSLESS_ENTRY))))
		return utrace_report_syscall_entry(regs, ptrace_abort);
	/* No engine: no rule acted on this call. */
	current->utrace_syscall_rule = 0;
	utrace_syscall_record(UTRACE_SYSCALL_RAN);
	/* Out of line: it copies the call's path argument (may fault). */
	if (trace_utrace_syscall_entry_enabled())
		utrace_trace_syscall_entry(regs, UTRACE_SYSCALL_RAN);
	return false;
}

#else /* !CONFIG_UTRACE_GLOBAL */

static __always_inline bool utrace_syscall_entry(struct pt_regs *regs,
						 bool ptrace_abort)
{
	return false;
}

#endif /* CONFIG_UTRACE_GLOBAL */

#endif /* _LINUX_UTRACE_SYSCALL_H */
