/* SPDX-License-Identifier: GPL-2.0 */
/*
 * utrace global tracing: the utrace event vocabulary, and engines that
 * receive the utrace events of every task without attaching to tasks.
 *
 * Names and values follow utrace (UTRACE_API_VERSION 20091216), the
 * per-task engine interface this generalises, so that an engine reads as
 * one written for utrace; only what an in-tree engine uses is kept.
 * Mainline has one per-task engine, ptrace; global engines run after it.
 * See Documentation/trace/utrace-global.rst.
 */
#ifndef _LINUX_UTRACE_H
#define _LINUX_UTRACE_H

#include <linux/compiler.h>
#include <linux/jump_label.h>
#include <linux/list.h>
#include <linux/types.h>

struct k_sigaction;
struct kernel_siginfo;
struct linux_binprm;
struct pid;
struct pt_regs;
struct seq_file;
struct task_struct;

/* Event bits, in utrace's order: UTRACE_EVENT(NAME) is the mask bit. */
enum utrace_events {
	_UTRACE_EVENT_QUIESCE,		/* utrace's; refused to global engines */
	_UTRACE_EVENT_REAP,		/* zombie reaped */
	_UTRACE_EVENT_CLONE,		/* successful clone/fork/vfork */
	_UTRACE_EVENT_EXEC,		/* successful execve */
	_UTRACE_EVENT_EXIT,		/* thread exit in progress */
	_UTRACE_EVENT_DEATH,		/* thread has died */
	_UTRACE_EVENT_SYSCALL_ENTRY,	/* entered kernel for a syscall */
	_UTRACE_EVENT_SYSCALL_EXIT,	/* returning to user after a syscall */
	_UTRACE_EVENT_SIGNAL,		/* delivery will run a user handler */
	_UTRACE_EVENT_SIGNAL_IGN,	/* no-op signal to be delivered */
	_UTRACE_EVENT_SIGNAL_STOP,	/* delivery will suspend */
	_UTRACE_EVENT_SIGNAL_TERM,	/* delivery will terminate */
	_UTRACE_EVENT_SIGNAL_CORE,	/* delivery will dump core */
	_UTRACE_EVENT_JCTL,		/* job control stop or continue */
	_UTRACE_NEVENTS
};

#define UTRACE_EVENT(type)	(1UL << _UTRACE_EVENT_##type)

#define UTRACE_EVENT_SIGNAL_ALL	(UTRACE_EVENT(SIGNAL) |			\
				 UTRACE_EVENT(SIGNAL_IGN) |		\
				 UTRACE_EVENT(SIGNAL_STOP) |		\
				 UTRACE_EVENT(SIGNAL_TERM) |		\
				 UTRACE_EVENT(SIGNAL_CORE))
#define UTRACE_EVENT_SYSCALL	(UTRACE_EVENT(SYSCALL_ENTRY) |		\
				 UTRACE_EVENT(SYSCALL_EXIT))
/* The events that carry an exit cause: its notes are taken for them. */
#define UTRACE_EVENT_EXIT_CAUSE	(UTRACE_EVENT(EXIT) | UTRACE_EVENT(DEATH))
/* Everything a global engine may ask for: all but QUIESCE. */
#define UTRACE_GLOBAL_EVENTS	((1UL << _UTRACE_NEVENTS) - 1 -		\
				 UTRACE_EVENT(QUIESCE))

/*
 * The resume action a global engine is passed says what the per-task
 * engine (ptrace) does: UTRACE_REPORT when the task is ptraced,
 * UTRACE_RESUME when it is not.  The resume bits it returns are ignored.
 */
enum utrace_resume_action {
	UTRACE_REPORT = 2,
	UTRACE_RESUME = 5,
};

#define UTRACE_RESUME_MASK	0x7

static inline enum utrace_resume_action utrace_resume_action(u32 action)
{
	return action & UTRACE_RESUME_MASK;
}

/* report_signal: what happens to the signal (action & UTRACE_SIGNAL_MASK). */
enum utrace_signal_action {
	UTRACE_SIGNAL_DELIVER	= 0x00,
	UTRACE_SIGNAL_IGN	= 0x10,
	UTRACE_SIGNAL_TERM	= 0x20,
	UTRACE_SIGNAL_CORE	= 0x30,
	UTRACE_SIGNAL_STOP	= 0x40,
	UTRACE_SIGNAL_REPORT	= 0x60,
	UTRACE_SIGNAL_HANDLER	= 0x70
};

#define UTRACE_SIGNAL_MASK	0xf0
/* On a SIGNAL_CORE report: hold the task's core dump for a handler. */
#define UTRACE_SIGNAL_HOLD	0x100

static inline enum utrace_signal_action utrace_signal_action(u32 action)
{
	return action & UTRACE_SIGNAL_MASK;
}

/* report_syscall_entry: UTRACE_SYSCALL_ABORT skips the call. */
#define UTRACE_SYSCALL_ABORT	0x10
#define UTRACE_SYSCALL_MASK	0xf0

static inline u32 utrace_syscall_action(u32 action)
{
	return action & UTRACE_SYSCALL_MASK;
}

struct utrace_engine;

/*
 * Callbacks, as utrace's less the out-parameters a global engine may not
 * use.  The traced task is current, except in report_reap.  report_signal
 * and report_jctl (@type CLD_STOPPED or CLD_CONTINUED) run with the
 * target's siglock held and interrupts off: they must not sleep.  All
 * others run in process context and may sleep.
 */
struct utrace_engine_ops {
	u32 (*report_signal)(u32 action, struct utrace_engine *engine,
			     struct pt_regs *regs, struct kernel_siginfo *info,
			     const struct k_sigaction *orig_ka);
	u32 (*report_clone)(u32 action, struct utrace_engine *engine,
			    unsigned long clone_flags,
			    struct task_struct *child);
	u32 (*report_jctl)(u32 action, struct utrace_engine *engine,
			   int type, int notify);
	u32 (*report_exec)(u32 action, struct utrace_engine *engine,
			   const struct linux_binprm *bprm,
			   struct pt_regs *regs);
	u32 (*report_syscall_entry)(u32 action, struct utrace_engine *engine,
				    struct pt_regs *regs);
	u32 (*report_syscall_exit)(u32 action, struct utrace_engine *engine,
				   struct pt_regs *regs);
	u32 (*report_exit)(u32 action, struct utrace_engine *engine,
			   long code);
	u32 (*report_death)(struct utrace_engine *engine,
			    bool group_dead, int signal);
	void (*report_reap)(struct utrace_engine *engine,
			    struct task_struct *task);
	void (*release)(void *data);
};

/**
 * struct utrace_engine - one attached global engine
 * @ops:	its callbacks
 * @data:	the engine's private pointer, passed to release()
 * @flags:	UTRACE_EVENT() bits it wants; change with
 *		utrace_global_set_events()
 * @scoped:	its syscall events only concern tasks in a utrace scope,
 *		so only those take the syscall slow path for it; change
 *		with utrace_global_set_scoped()
 * @node:	private: entry in the global engine list
 */
struct utrace_engine {
	const struct utrace_engine_ops *ops;
	void *data;
	unsigned long flags;
	bool scoped;
	struct list_head node;
};

/* Scopes are bits of task_struct.utrace_scopes. */
#define UTRACE_SCOPES_MAX	32

/* Why a thread exits (utrace:utrace_exit and utrace:utrace_death). */
enum utrace_exit_cause {
	UTRACE_EXIT_UNKNOWN,	/* its group exit started unseen */
	UTRACE_EXIT_EXIT,	/* exit(2) by the thread itself */
	UTRACE_EXIT_GROUP,	/* exit_group(2) by cause_pid */
	UTRACE_EXIT_EXEC,	/* execve(2) by cause_pid, another thread */
	UTRACE_EXIT_SIGNAL,	/* a fatal signal from sender_pid */
	UTRACE_EXIT_FAULT,	/* a fault's signal, raised in cause_pid */
	UTRACE_EXIT_SECCOMP,	/* a seccomp SECCOMP_RET_KILL_* in cause_pid */
	UTRACE_EXIT_RLIMIT,	/* SIGXCPU or SIGXFSZ of a resource limit */
	UTRACE_EXIT_OOM,	/* the OOM killer's SIGKILL */
	UTRACE_EXIT_KERNEL,	/* do_exit() by the kernel: an oops, a kthread */
};

/*
 * Why a thread group exits, recorded in signal_struct where the group
 * exit starts (siglock held), read by the exit and death reports.  Pids
 * in the init pid namespace, uid in the initial user namespace.
 */
struct utrace_exit_note {
	pid_t	cause_pid;	/* thread that started it; 0: none of ours */
	pid_t	sender_pid;	/* signal sender's tgid, 0 kernel, -1 none */
	u32	sender_uid;	/* its real uid, (u32)-1: none */
	int	si_code;	/* the signal's si_code, 0 without one */
	u8	cause;		/* enum utrace_exit_cause, 0: none recorded */
	u8	signo;
};

#ifdef CONFIG_UTRACE_GLOBAL

/*
 * Union of what trace events and global engines want.  Hook sites test it
 * next to their ptrace test, behind utrace_global_key: while no event and
 * no engine is on, the key's jump label is a NOP and the flags are not
 * even loaded.
 */
extern unsigned long utrace_global_flags;
DECLARE_STATIC_KEY_FALSE(utrace_global_key);
/* What engines alone want: the inline syscall entry calls out for them. */
extern unsigned long utrace_engine_flags;

static __always_inline bool utrace_global_wants(unsigned long mask)
{
	return static_branch_unlikely(&utrace_global_key) &&
	       unlikely(READ_ONCE(utrace_global_flags) & mask);
}

struct utrace_engine *utrace_global_attach(const struct utrace_engine_ops *ops,
					   void *data, unsigned long events);
struct utrace_engine *
utrace_global_attach_scoped(const struct utrace_engine_ops *ops, void *data,
			    unsigned long events, bool scoped);
int utrace_global_set_events(struct utrace_engine *engine,
			     unsigned long events);
void utrace_global_detach(struct utrace_engine *engine);
void utrace_global_set_scoped(struct utrace_engine *engine, bool scoped);

/*
 * Scopes: sets of tasks, for engines whose syscall events concern only
 * some tasks.  A task in a scope takes the syscall slow path; a new
 * thread joins its creator's scopes, a new process those of its parent
 * that follow forks.  Membership survives exec.
 */
int utrace_scope_alloc(bool follow_forks);
int utrace_scope_add(int scope, struct pid *pid, bool descendants);
void utrace_scope_free(int scope);
bool utrace_scope_current(int scope);

/* In report_syscall_entry: the engine's rule that acted on this call. */
void utrace_syscall_set_rule(u32 id);
u32 utrace_syscall_rule(void);
/*
 * In report_syscall_entry or _exit: sleep @us microseconds once every
 * engine has returned, outside the engine walk (killable, freezable).
 */
void utrace_syscall_delay(u32 us);

/* Slow paths, called by hook sites only when utrace_global_wants(). */
void utrace_report_clone(unsigned long clone_flags, struct task_struct *child);
void utrace_report_vfork_done(pid_t child_pid);
void utrace_report_exec(const struct linux_binprm *bprm, pid_t old_pid);
void utrace_report_exit(long code);
void utrace_report_death(struct task_struct *task, bool group_dead);
void utrace_report_reap(struct task_struct *task);
u32 utrace_report_signal(int signr, struct kernel_siginfo *info,
			 struct k_sigaction *ka, bool orphan_check_done);
void utrace_report_orphaned_stop(int signr, struct kernel_siginfo *info);
void utrace_report_group_kill(struct task_struct *p, int sig,
			      struct kernel_siginfo *info);
void utrace_report_jctl(int type, int signr, int notify);

/*
 * Where a group exit starts, siglock held, must not sleep: why, for the
 * exit and death events (struct utrace_exit_note).
 */
void utrace_note_fatal_signal(int signr, const struct kernel_siginfo *info);
void utrace_note_group_kill(struct task_struct *p, int sig,
			    const struct kernel_siginfo *info);
void utrace_note_group_exit(int exit_code);
void utrace_note_exec(struct task_struct *tsk);

/*
 * Under SYSCALL_WORK_UTRACE, when an engine wants the event or ptrace
 * aborted the call (see <linux/utrace_syscall.h>); entry returns true
 * to skip the call.
 */
bool utrace_report_syscall_entry(struct pt_regs *regs, bool ptrace_abort);
void utrace_syscall_seccomp_denied(void);
void utrace_report_syscall_exit(struct pt_regs *regs);

/* copy_process(), under write_lock_irq(&tasklist_lock). */
void utrace_syscall_work_fork(struct task_struct *child);

/* Used by trace event reg/unreg: count users of event bits. */
void utrace_global_events_get(unsigned long events);
void utrace_global_events_put(unsigned long events);

#else /* !CONFIG_UTRACE_GLOBAL */

static __always_inline bool utrace_global_wants(unsigned long mask)
{
	return false;
}

static inline void utrace_report_clone(unsigned long clone_flags,
				       struct task_struct *child) { }
static inline void utrace_report_vfork_done(pid_t child_pid) { }
static inline void utrace_report_exec(const struct linux_binprm *bprm,
				      pid_t old_pid) { }
static inline void utrace_report_exit(long code) { }
static inline void utrace_report_death(struct task_struct *task,
				       bool group_dead) { }
static inline void utrace_report_reap(struct task_struct *task) { }
static inline u32 utrace_report_signal(int signr, struct kernel_siginfo *info,
				       struct k_sigaction *ka,
				       bool orphan_check_done)
{
	return UTRACE_SIGNAL_DELIVER;
}

static inline void utrace_report_orphaned_stop(int signr,
					       struct kernel_siginfo *info) { }
static inline void utrace_report_group_kill(struct task_struct *p, int sig,
					    struct kernel_siginfo *info) { }

static inline void utrace_report_jctl(int type, int signr, int notify) { }
static inline void utrace_note_fatal_signal(int signr,
					    const struct kernel_siginfo *info) { }
static inline void utrace_note_group_kill(struct task_struct *p, int sig,
					  const struct kernel_siginfo *info) { }
static inline void utrace_note_group_exit(int exit_code) { }
static inline void utrace_note_exec(struct task_struct *tsk) { }
static inline void utrace_syscall_seccomp_denied(void) { }
static inline void utrace_report_syscall_exit(struct pt_regs *regs) { }
static inline void utrace_syscall_work_fork(struct task_struct *child) { }

#endif /* CONFIG_UTRACE_GLOBAL */

#ifdef CONFIG_UTRACE_CRASH_CATCHER
/* utrace_report_signal(), siglock held: an engine asked for a hold. */
void utrace_crash_request(void);
/* do_coredump(), other threads stopped, no locks, may sleep: false, no core. */
bool utrace_crash_hold(const struct kernel_siginfo *info);
/* In arch/: a held task's user registers, as " name=0x..." each. */
void arch_utrace_crash_show_regs(struct seq_file *m,
				 const struct pt_regs *regs);
#else
static inline void utrace_crash_request(void) { }

static inline bool utrace_crash_hold(const struct kernel_siginfo *info)
{
	return true;
}
#endif

#endif /* _LINUX_UTRACE_H */
