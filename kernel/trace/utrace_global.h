/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the utrace global tracing files in kernel/trace/. */
#ifndef _KERNEL_TRACE_UTRACE_GLOBAL_H
#define _KERNEL_TRACE_UTRACE_GLOBAL_H

struct dentry;

struct dentry *utrace_tracefs_dir(void);

#endif /* _KERNEL_TRACE_UTRACE_GLOBAL_H */
