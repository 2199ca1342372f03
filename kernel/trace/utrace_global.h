/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the utrace global tracing files in kernel/trace/. */
#ifndef _KERNEL_TRACE_UTRACE_GLOBAL_H
#define _KERNEL_TRACE_UTRACE_GLOBAL_H

#include <linux/sched.h>
#include <linux/types.h>

struct cgroup;
struct dentry;
struct kernel_siginfo;
struct pid;

struct dentry *utrace_tracefs_dir(void);
unsigned long utrace_signal_fault_addr(const struct kernel_siginfo *info);
void utrace_trace_signal_decision(const struct kernel_siginfo *info,
				  int disp, int engine_disp);
void utrace_global_set_lossless(bool on);

/*
 * A selection of tasks, as fault rules and lossless scopes write it:
 * pid= (a pid tree, held as a utrace scope), comm=, cgroup=.  A task is
 * selected when it is in every part that is set.
 */
struct utrace_scope_sel {
	int scope;			/* pid=: its scope; -1: none */
	pid_t pid;			/* as the writer's namespace saw it */
	bool follow;			/* pid='s descendants too */
	char comm[TASK_COMM_LEN];
	u64 cgroup_id;
	struct cgroup *cgrp;		/* a reference */
};

static inline void utrace_scope_sel_init(struct utrace_scope_sel *sel)
{
	sel->scope = -1;
}

struct pid *utrace_scope_sel_find_pid(struct utrace_scope_sel *sel,
				      const char *val);
int utrace_scope_sel_add_pid(struct utrace_scope_sel *sel, struct pid *pid);
int utrace_scope_sel_comm(struct utrace_scope_sel *sel, const char *val);
int utrace_scope_sel_cgroup(struct utrace_scope_sel *sel, const char *val);
bool utrace_scope_sel_current(const struct utrace_scope_sel *sel);
void utrace_scope_sel_release(struct utrace_scope_sel *sel);

#if IS_ENABLED(CONFIG_KUNIT)
/* Internal logic the KUnit suite utrace_causes checks directly. */
struct utrace_exit_note;
void utrace_exit_own_cause(struct task_struct *tsk, long code,
			   struct utrace_exit_note *why);
void utrace_note_signal(struct utrace_exit_note *n, int sig, int code);
int utrace_path_arg_64(long nr);
int utrace_path_arg_ia32(long nr);
#endif

#endif /* _KERNEL_TRACE_UTRACE_GLOBAL_H */
