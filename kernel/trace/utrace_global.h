/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the utrace global tracing files in kernel/trace/. */
#ifndef _KERNEL_TRACE_UTRACE_GLOBAL_H
#define _KERNEL_TRACE_UTRACE_GLOBAL_H

struct dentry;
struct kernel_siginfo;

struct dentry *utrace_tracefs_dir(void);
unsigned long utrace_signal_fault_addr(const struct kernel_siginfo *info);
void utrace_trace_signal_decision(const struct kernel_siginfo *info,
				  int disp, int engine_disp);

#endif /* _KERNEL_TRACE_UTRACE_GLOBAL_H */
