// SPDX-License-Identifier: GPL-2.0
/*
 * utrace global tracing: the engine registry, utrace_global_flags, the
 * per-thread syscall work bit, and the report slow paths the hook sites
 * call.  A report first runs the global engines that asked for the event
 * (after ptrace, which has already reported at the site), then emits the
 * utrace trace event, so the event shows what engines decided.
 *
 * Engines are on an SRCU-protected list: reports may run in atomic
 * context (signal, jctl) and engines may attach and detach while reports
 * are running; release() runs after the last callback has returned.
 */
#include <linux/cgroup.h>
#include <linux/ctype.h>
#include <linux/err.h>
#include <linux/hrtimer.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/seccomp.h>
#include <linux/seq_file.h>
#include <linux/signal.h>
#include <linux/slab.h>
#include <linux/srcu.h>
#include <linux/tracefs.h>
#include <linux/utrace.h>
#include <linux/utrace_lossless.h>
#include <linux/utrace_syscall.h>
#include <asm/syscall.h>
#include <kunit/visibility.h>
#include <trace/events/utrace.h>

#include "trace.h"
#include "utrace_global.h"

unsigned long utrace_global_flags __read_mostly;
EXPORT_SYMBOL_IF_KUNIT(utrace_global_flags);
/* On while utrace_global_flags is not 0: gates every hook site. */
DEFINE_STATIC_KEY_FALSE(utrace_global_key);

/* What engines want, apart from trace events: reports skip the walk if 0. */
unsigned long utrace_engine_flags __read_mostly;

static LIST_HEAD(utrace_engines);
static DEFINE_MUTEX(utrace_global_lock);
DEFINE_STATIC_SRCU(utrace_global_srcu);
static unsigned int utrace_event_users[_UTRACE_NEVENTS];
/* Every thread has the syscall work bit (events or unscoped engines). */
static bool utrace_syscall_work_on;
/* Scopes in use, and those a new process inherits from its parent. */
static u32 utrace_scopes_used;
static u32 utrace_scopes_follow;
/* A lossless scope is registered: syscall entries go out of line. */
static bool utrace_lossless_on;

static const char * const utrace_event_names[_UTRACE_NEVENTS] = {
	"QUIESCE", "REAP", "CLONE", "EXEC", "EXIT", "DEATH",
	"SYSCALL_ENTRY", "SYSCALL_EXIT", "SIGNAL", "SIGNAL_IGN",
	"SIGNAL_STOP", "SIGNAL_TERM", "SIGNAL_CORE", "JCTL",
};

/*
 * Set @t's SYSCALL_WORK_UTRACE.  When it goes from off to on, bump @t's
 * syscall work generation first: an entry report records it with its
 * verdict, and the exit report trusts that verdict only in the same
 * generation.  Otherwise the bit may have been off at this call's entry,
 * which then went unreported, and the verdict would be an older call's.
 * Only a switch of @t's own bit bumps it, so a trace event or another
 * engine's scope never costs a call in flight its verdict or its rule.
 * (Wrapping would take 2^32 switches of one task's bit in one call.)
 * Caller holds utrace_global_lock, and tasklist_lock unless @t is not
 * yet listed: the only writers of the bit of a listed task.
 */
static void utrace_syscall_work_set(struct task_struct *t)
{
	if (test_task_syscall_work(t, UTRACE))
		return;
	WRITE_ONCE(t->utrace_work_gen, t->utrace_work_gen + 1);
	/* Pairs with smp_rmb() in the syscall entry and exit reports. */
	smp_mb__before_atomic();
	set_task_syscall_work(t, UTRACE);
}

/*
 * Set SYSCALL_WORK_UTRACE on every thread, kernel threads too, or clear
 * it on every thread that is in no scope.
 */
static void utrace_set_syscall_work(bool on)
{
	struct task_struct *g, *t;

	read_lock(&tasklist_lock);
	for_each_process_thread(g, t) {
		if (on)
			utrace_syscall_work_set(t);
		else if (!t->utrace_scopes)
			clear_task_syscall_work(t, UTRACE);
	}
	read_unlock(&tasklist_lock);
}

/*
 * Recompute utrace_global_flags from trace event users and engines.
 * The flags change before the thread walk, and copy_process() reads them
 * under tasklist_lock, so a thread created during the walk is either
 * walked or copies the new state.  Reports must tolerate a syscall entry
 * without its exit (and the reverse) around a toggle.
 */
static void utrace_global_update(void)
{
	unsigned long flags = 0, engine_flags = 0, unscoped_flags = 0;
	struct utrace_engine *engine;
	bool syscalls;
	int i;

	lockdep_assert_held(&utrace_global_lock);

	for (i = 0; i < _UTRACE_NEVENTS; i++)
		if (utrace_event_users[i])
			flags |= 1UL << i;
	list_for_each_entry(engine, &utrace_engines, node) {
		engine_flags |= engine->flags;
		if (!engine->scoped)
			unscoped_flags |= engine->flags;
	}

	WRITE_ONCE(utrace_engine_flags, engine_flags |
		   (utrace_lossless_on ? UTRACE_LOSSLESS_ENTRY : 0));
	WRITE_ONCE(utrace_global_flags, flags | engine_flags);
	/*
	 * A site tests the key, then the flags: either order of the two
	 * updates is safe.  Both calls sleep (jump_label_mutex, CPU hotplug
	 * lock); callers hold only utrace_global_lock, and tracepoint reg/unreg
	 * (tracepoints_mutex), which take them in the same order as the
	 * tracepoint's own key.
	 */
	if (flags | engine_flags)
		static_branch_enable(&utrace_global_key);
	else
		static_branch_disable(&utrace_global_key);

	/* Scoped engines: their tasks keep the bit while in a scope. */
	syscalls = (flags | unscoped_flags) & UTRACE_EVENT_SYSCALL;
	if (syscalls != utrace_syscall_work_on) {
		WRITE_ONCE(utrace_syscall_work_on, syscalls);
		utrace_set_syscall_work(syscalls);
	}
}

void utrace_global_events_get(unsigned long events)
{
	int i;

	guard(mutex)(&utrace_global_lock);
	for (i = 0; i < _UTRACE_NEVENTS; i++)
		if (events & (1UL << i))
			utrace_event_users[i]++;
	utrace_global_update();
}
EXPORT_SYMBOL_IF_KUNIT(utrace_global_events_get);

void utrace_global_events_put(unsigned long events)
{
	int i;

	guard(mutex)(&utrace_global_lock);
	for (i = 0; i < _UTRACE_NEVENTS; i++)
		if ((events & (1UL << i)) && !WARN_ON(!utrace_event_users[i]))
			utrace_event_users[i]--;
	utrace_global_update();
}
EXPORT_SYMBOL_IF_KUNIT(utrace_global_events_put);

/*
 * utrace_lossless.c: while a lossless scope is registered, the inline
 * syscall entry calls utrace_report_syscall_entry(), which may wait.
 * May sleep.
 */
void utrace_global_set_lossless(bool on)
{
	guard(mutex)(&utrace_global_lock);
	utrace_lossless_on = on;
	utrace_global_update();
}

/* An engine must have the callback of every event it asks for. */
static bool utrace_ops_have_callbacks(const struct utrace_engine_ops *ops,
				      unsigned long events)
{
	if (events & ~UTRACE_GLOBAL_EVENTS)
		return false;
	if ((events & UTRACE_EVENT(REAP)) && !ops->report_reap)
		return false;
	if ((events & UTRACE_EVENT(CLONE)) && !ops->report_clone)
		return false;
	if ((events & UTRACE_EVENT(EXEC)) && !ops->report_exec)
		return false;
	if ((events & UTRACE_EVENT(EXIT)) && !ops->report_exit)
		return false;
	if ((events & UTRACE_EVENT(DEATH)) && !ops->report_death)
		return false;
	if ((events & UTRACE_EVENT(SYSCALL_ENTRY)) && !ops->report_syscall_entry)
		return false;
	if ((events & UTRACE_EVENT(SYSCALL_EXIT)) && !ops->report_syscall_exit)
		return false;
	if ((events & UTRACE_EVENT_SIGNAL_ALL) && !ops->report_signal)
		return false;
	if ((events & UTRACE_EVENT(JCTL)) && !ops->report_jctl)
		return false;
	return true;
}

/**
 * utrace_global_attach - attach an engine to every task in the system
 * @ops:	callbacks; one is required for each event in @events
 * @data:	engine's private pointer, passed to @ops->release
 * @events:	UTRACE_EVENT() bits; QUIESCE is refused
 *
 * Return: the engine, or ERR_PTR(-EINVAL) or ERR_PTR(-ENOMEM).
 * May sleep.
 */
struct utrace_engine *utrace_global_attach(const struct utrace_engine_ops *ops,
					   void *data, unsigned long events)
{
	return utrace_global_attach_scoped(ops, data, events, false);
}
EXPORT_SYMBOL_IF_KUNIT(utrace_global_attach);

/**
 * utrace_global_attach_scoped - attach an engine, maybe limited to scopes
 * @ops:	callbacks; one is required for each event in @events
 * @data:	engine's private pointer, passed to @ops->release
 * @events:	UTRACE_EVENT() bits; QUIESCE is refused
 * @scoped:	see utrace_global_set_scoped()
 *
 * Return: the engine, or ERR_PTR(-EINVAL) or ERR_PTR(-ENOMEM).
 * May sleep.
 */
struct utrace_engine *
utrace_global_attach_scoped(const struct utrace_engine_ops *ops, void *data,
			    unsigned long events, bool scoped)
{
	struct utrace_engine *engine;

	if (!ops || !utrace_ops_have_callbacks(ops, events))
		return ERR_PTR(-EINVAL);
	engine = kzalloc(sizeof(*engine), GFP_KERNEL);
	if (!engine)
		return ERR_PTR(-ENOMEM);
	engine->ops = ops;
	engine->data = data;
	engine->flags = events;
	engine->scoped = scoped;

	guard(mutex)(&utrace_global_lock);
	list_add_tail_rcu(&engine->node, &utrace_engines);
	utrace_global_update();
	return engine;
}
EXPORT_SYMBOL_IF_KUNIT(utrace_global_attach_scoped);

/**
 * utrace_global_set_events - change the events an engine receives
 * @engine:	an attached global engine
 * @events:	new UTRACE_EVENT() bits; QUIESCE is refused
 *
 * Callbacks for events just removed may still run once on other CPUs.
 * Return: 0 or -EINVAL.  May sleep.
 */
int utrace_global_set_events(struct utrace_engine *engine,
			     unsigned long events)
{
	if (!utrace_ops_have_callbacks(engine->ops, events))
		return -EINVAL;
	guard(mutex)(&utrace_global_lock);
	WRITE_ONCE(engine->flags, events);
	utrace_global_update();
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(utrace_global_set_events);

/**
 * utrace_global_set_scoped - limit an engine's syscall events to scopes
 * @engine:	an attached global engine
 * @scoped:	true: only tasks in a scope (utrace_scope_add()) take the
 *		syscall slow path for @engine; false: every task does
 *
 * The engine's callbacks still run for every task on the slow path, and
 * must check utrace_scope_current() themselves.  May sleep.
 */
void utrace_global_set_scoped(struct utrace_engine *engine, bool scoped)
{
	guard(mutex)(&utrace_global_lock);
	engine->scoped = scoped;
	utrace_global_update();
}
EXPORT_SYMBOL_IF_KUNIT(utrace_global_set_scoped);

/**
 * utrace_scope_alloc - reserve a scope, empty
 * @follow_forks: a new process joins the scopes of its parent that
 *		follow forks; a new thread always joins its creator's
 *
 * Return: the scope, 0..UTRACE_SCOPES_MAX-1, or -ENOSPC.  May sleep.
 */
int utrace_scope_alloc(bool follow_forks)
{
	int scope;

	guard(mutex)(&utrace_global_lock);
	if (utrace_scopes_used == U32_MAX)
		return -ENOSPC;
	scope = ffz(utrace_scopes_used);
	utrace_scopes_used |= 1U << scope;
	if (follow_forks)
		WRITE_ONCE(utrace_scopes_follow,
			   utrace_scopes_follow | 1U << scope);
	return scope;
}
EXPORT_SYMBOL_IF_KUNIT(utrace_scope_alloc);

/* Is @p (a thread group leader) @root's thread group or below it? */
static bool utrace_task_descends(struct task_struct *p,
				 struct task_struct *root)
{
	lockdep_assert_held(&tasklist_lock);
	for (; p != &init_task; p = p->real_parent)
		if (same_thread_group(p, root))
			return true;
	return same_thread_group(p, root);
}

/**
 * utrace_scope_add - put a process, and maybe its descendants, in a scope
 * @scope:	from utrace_scope_alloc()
 * @pid:	the process
 * @descendants: its descendants too, as they are now (new ones join as
 *		they are forked if the scope follows forks)
 *
 * Return: 0, or -ESRCH if @pid has no thread group.  May sleep.
 */
int utrace_scope_add(int scope, struct pid *pid, bool descendants)
{
	struct task_struct *root, *g, *t;
	int ret = -ESRCH;

	guard(mutex)(&utrace_global_lock);
	/*
	 * Only scope changes, serialized by utrace_global_lock, write the
	 * scopes of a listed task.  copy_process() copies them into a child
	 * under the tasklist write lock: the child is either walked here or
	 * copies a parent this walk has already changed.
	 */
	read_lock(&tasklist_lock);
	root = pid_task(pid, PIDTYPE_TGID);
	if (root) {
		ret = 0;
		for_each_process_thread(g, t) {
			if (!same_thread_group(g, root) &&
			    !(descendants && utrace_task_descends(g, root)))
				continue;
			WRITE_ONCE(t->utrace_scopes,
				   t->utrace_scopes | 1U << scope);
			utrace_syscall_work_set(t);
		}
	}
	read_unlock(&tasklist_lock);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(utrace_scope_add);

/**
 * utrace_scope_free - empty a scope and release it
 * @scope:	from utrace_scope_alloc()
 *
 * Tasks left in no scope lose the syscall work bit unless every task has
 * it.  May sleep.
 */
void utrace_scope_free(int scope)
{
	struct task_struct *g, *t;

	guard(mutex)(&utrace_global_lock);
	read_lock(&tasklist_lock);
	for_each_process_thread(g, t) {
		WRITE_ONCE(t->utrace_scopes, t->utrace_scopes & ~(1U << scope));
		if (!t->utrace_scopes && !utrace_syscall_work_on)
			clear_task_syscall_work(t, UTRACE);
	}
	read_unlock(&tasklist_lock);
	utrace_scopes_used &= ~(1U << scope);
	WRITE_ONCE(utrace_scopes_follow, utrace_scopes_follow & ~(1U << scope));
}
EXPORT_SYMBOL_IF_KUNIT(utrace_scope_free);

/* Is current in @scope?  Any context. */
bool utrace_scope_current(int scope)
{
	return READ_ONCE(current->utrace_scopes) & (1U << scope);
}
EXPORT_SYMBOL_IF_KUNIT(utrace_scope_current);

/**
 * utrace_scope_sel_find_pid - parse a pid= value of a selection
 * @sel:	the selection; its pid is set
 * @val:	a pid in the writer's pid namespace
 *
 * Return: a reference on the pid, for utrace_scope_sel_add_pid(), or
 * ERR_PTR(-EINVAL) or ERR_PTR(-ESRCH).
 */
struct pid *utrace_scope_sel_find_pid(struct utrace_scope_sel *sel,
				      const char *val)
{
	struct pid *pid;

	if (kstrtoint(val, 10, &sel->pid) || sel->pid <= 0)
		return ERR_PTR(-EINVAL);
	pid = find_get_pid(sel->pid);
	return pid ?: ERR_PTR(-ESRCH);
}

/*
 * Give @sel a scope with @pid's process, and its descendants if
 * @sel->follow (those forked later too).  The caller keeps its
 * reference on @pid.  May sleep.
 */
int utrace_scope_sel_add_pid(struct utrace_scope_sel *sel, struct pid *pid)
{
	int scope, err;

	scope = utrace_scope_alloc(sel->follow);
	if (scope < 0)
		return scope;
	err = utrace_scope_add(scope, pid, sel->follow);
	if (err) {
		utrace_scope_free(scope);
		return err;
	}
	sel->scope = scope;
	return 0;
}

/* comm=: a task name, printable, shorter than TASK_COMM_LEN. */
int utrace_scope_sel_comm(struct utrace_scope_sel *sel, const char *val)
{
	const char *c;

	if (!*val || strlen(val) >= TASK_COMM_LEN)
		return -EINVAL;
	for (c = val; *c; c++)
		if (!isgraph(*c))
			return -EINVAL;
	strscpy(sel->comm, val, TASK_COMM_LEN);
	return 0;
}

/* cgroup=: a cgroup v2 id; its descendants are selected too. */
int utrace_scope_sel_cgroup(struct utrace_scope_sel *sel, const char *val)
{
#ifdef CONFIG_CGROUPS
	struct cgroup *cgrp;

	if (kstrtou64(val, 10, &sel->cgroup_id))
		return -EINVAL;
	cgrp = cgroup_get_from_id(sel->cgroup_id);
	if (IS_ERR(cgrp))
		return PTR_ERR(cgrp);
	sel->cgrp = cgrp;
	return 0;
#else
	return -EINVAL;
#endif
}

/* Is current in every part of @sel that is set?  RCU read side. */
bool utrace_scope_sel_current(const struct utrace_scope_sel *sel)
{
	if (sel->scope >= 0 && !utrace_scope_current(sel->scope))
		return false;
	if (sel->comm[0] && strncmp(sel->comm, current->comm, TASK_COMM_LEN))
		return false;
#ifdef CONFIG_CGROUPS
	if (sel->cgrp && !cgroup_is_descendant(task_dfl_cgroup(current),
					       sel->cgrp))
		return false;
#endif
	return true;
}

/* Undo what parsing took: the scope and the cgroup.  May sleep. */
void utrace_scope_sel_release(struct utrace_scope_sel *sel)
{
	if (sel->scope >= 0)
		utrace_scope_free(sel->scope);
	sel->scope = -1;
#ifdef CONFIG_CGROUPS
	if (sel->cgrp)
		cgroup_put(sel->cgrp);
	sel->cgrp = NULL;
#endif
}

/* The id an engine gives the rule that acted on current's syscall. */
void utrace_syscall_set_rule(u32 id)
{
	current->utrace_syscall_rule = id;
}

/* That id, in report_syscall_exit; 0 when no rule acted. */
u32 utrace_syscall_rule(void)
{
	return current->utrace_syscall_rule;
}

/*
 * In report_syscall_entry or report_syscall_exit: sleep @us microseconds
 * (the longest an engine asked for) once the engines have returned.
 */
void utrace_syscall_delay(u32 us)
{
	current->utrace_syscall_delay = max(current->utrace_syscall_delay, us);
}

/*
 * The delay engines asked for, after the engine walk: process context,
 * no locks held, not inside the SRCU read side, so no detach waits for
 * it.  As in a ptrace stop (ptrace_stop()), the task sleeps killable and
 * freezable, counted as frozen in its cgroup v2 while it sleeps: suspend
 * freezes it in place, cgroup.freeze sees it frozen and it traps into
 * the cgroup freezer on its way back to user space.  SIGKILL ends the
 * delay; other signals, stops included, act when it ends.  Not counted
 * in the load average.
 */
static void utrace_syscall_delay_sleep(void)
{
	u32 us = current->utrace_syscall_delay;
	bool frozen;
	ktime_t end;

	if (likely(!us))
		return;
	current->utrace_syscall_delay = 0;
	end = ktime_add_us(ktime_get(), us);
	/* Already counted frozen: leave the count to whoever counted it. */
	frozen = !cgroup_task_frozen(current);
	if (frozen)
		cgroup_enter_frozen();
	while (!fatal_signal_pending(current)) {
		set_current_state(TASK_KILLABLE | TASK_NOLOAD | TASK_FREEZABLE);
		if (!schedule_hrtimeout(&end, HRTIMER_MODE_ABS))
			break;
	}
	__set_current_state(TASK_RUNNING);
	if (frozen)
		cgroup_leave_frozen(true);
}

/**
 * utrace_global_detach - detach a global engine and free it
 * @engine:	an attached global engine; invalid after this returns
 *
 * Waits until no callback of @engine runs any more, then calls
 * @engine->ops->release.  Must not be called from a callback.  May sleep.
 */
void utrace_global_detach(struct utrace_engine *engine)
{
	scoped_guard(mutex, &utrace_global_lock) {
		list_del_rcu(&engine->node);
		utrace_global_update();
	}
	synchronize_srcu(&utrace_global_srcu);
	if (engine->ops->release)
		engine->ops->release(engine->data);
	kfree(engine);
}
EXPORT_SYMBOL_IF_KUNIT(utrace_global_detach);

/* Lets a report skip the engine walk when no engine wants @bits. */
static __always_inline bool utrace_engines_want(unsigned long bits)
{
	return READ_ONCE(utrace_engine_flags) & bits;
}

/* Does @engine want any of @bits?  Any context. */
static __always_inline bool utrace_engine_wants(const struct utrace_engine *engine,
						unsigned long bits)
{
	return READ_ONCE(engine->flags) & bits;
}

/*
 * Walk the attached engines, in attach order, under
 * srcu_read_lock(&utrace_global_srcu): callbacks may run in atomic
 * context, and engines may detach meanwhile.
 */
#define for_each_utrace_engine(engine)					\
	list_for_each_entry_srcu(engine, &utrace_engines, node,		\
				 srcu_read_lock_held(&utrace_global_srcu))

/* The action global engines are passed: what ptrace does with current. */
static __always_inline u32 utrace_ptrace_action(void)
{
	return current->ptrace ? UTRACE_REPORT : UTRACE_RESUME;
}

/* A process's start: its thread-group leader's (exec keeps it). */
u64 utrace_process_start_time(struct task_struct *task)
{
	return task->group_leader->start_boottime;
}

/* @task's cgroup v2 id, as bpf_get_current_cgroup_id() gives it. */
u64 utrace_task_cgroup_id(struct task_struct *task)
{
#ifdef CONFIG_CGROUPS
	guard(rcu)();
	return cgroup_id(task_dfl_cgroup(task));
#else
	return 0;
#endif
}

void utrace_report_clone(unsigned long clone_flags, struct task_struct *child)
{
	struct utrace_engine *engine;

	if (utrace_engines_want(UTRACE_EVENT(CLONE))) {
		u32 action = utrace_ptrace_action();

		guard(srcu)(&utrace_global_srcu);
		for_each_utrace_engine(engine)
			if (utrace_engine_wants(engine, UTRACE_EVENT(CLONE)))
				engine->ops->report_clone(action, engine,
							  clone_flags, child);
	}
	trace_utrace_clone(child, clone_flags);
}
EXPORT_SYMBOL_IF_KUNIT(utrace_report_clone);

void utrace_report_vfork_done(pid_t child_pid)
{
	utrace_lossless_check(UTRACE_LOSSLESS_VFORK_DONE);
	trace_utrace_vfork_done(child_pid);
}

void utrace_report_exec(const struct linux_binprm *bprm, pid_t old_pid)
{
	struct utrace_engine *engine;

	if (utrace_engines_want(UTRACE_EVENT(EXEC))) {
		u32 action = utrace_ptrace_action();
		struct pt_regs *regs = current_pt_regs();

		guard(srcu)(&utrace_global_srcu);
		for_each_utrace_engine(engine)
			if (utrace_engine_wants(engine, UTRACE_EVENT(EXEC)))
				engine->ops->report_exec(action, engine, bprm,
							 regs);
	}
	utrace_lossless_check(UTRACE_LOSSLESS_EXEC);
	trace_utrace_exec(bprm, old_pid);
}

/* Did a seccomp SECCOMP_RET_KILL_* fire in @tsk (SECCOMP_MODE_DEAD)? */
static bool utrace_seccomp_killed(struct task_struct *tsk)
{
#ifdef CONFIG_SECCOMP
	return tsk->seccomp.mode == SECCOMP_MODE_FILTER + 1;
#else
	return false;
#endif
}

/*
 * Why @tsk exits by itself: exit(2), a seccomp kill of this thread
 * alone, or the kernel's do_exit() (an oops, a kernel thread).
 */
VISIBLE_IF_KUNIT void utrace_exit_own_cause(struct task_struct *tsk, long code,
					    struct utrace_exit_note *why)
{
	why->cause_pid = tsk->pid;
	if (tsk->flags & PF_KTHREAD) {
		why->cause = UTRACE_EXIT_KERNEL;
	} else if (utrace_seccomp_killed(tsk)) {
		why->cause = UTRACE_EXIT_SECCOMP;
		why->signo = SIGSYS;
		why->si_code = SYS_SECCOMP;
	} else if (!(code & 0x7f)) {
		why->cause = UTRACE_EXIT_EXIT;
	} else {
		why->cause = UTRACE_EXIT_KERNEL;
		why->signo = code & 0x7f;
	}
}
EXPORT_SYMBOL_IF_KUNIT(utrace_exit_own_cause);

/*
 * Why @tsk (current) exits with @code.  A thread the group exit (or a
 * sibling's execve) took along got its SIGKILL (PF_SIGNALED) or started
 * it: the group's note says why, if it was taken.  Any other thread
 * exits by itself, even when a group exit started meanwhile.  Process
 * context, takes the siglock.
 */
static void utrace_exit_cause(struct task_struct *tsk, long code,
			      struct utrace_exit_note *why)
{
	struct signal_struct *sig = tsk->signal;
	const struct utrace_exit_note *note = &sig->utrace_exit;
	bool along;

	*why = (struct utrace_exit_note){ .sender_pid = -1,
					  .sender_uid = (u32)-1 };
	spin_lock_irq(&tsk->sighand->siglock);
	along = (tsk->flags & PF_SIGNALED) || note->cause_pid == tsk->pid;
	if (along && (sig->flags & SIGNAL_GROUP_EXIT) && note->cause &&
	    note->cause != UTRACE_EXIT_EXEC)
		*why = *note;
	else if (along && sig->group_exec_task &&
		 note->cause == UTRACE_EXIT_EXEC)
		*why = *note;
	else if (!(tsk->flags & PF_SIGNALED))
		utrace_exit_own_cause(tsk, code, why);
	spin_unlock_irq(&tsk->sighand->siglock);

	/* mark_oom_victim() follows the OOM killer's SIGKILL. */
	if (why->cause == UTRACE_EXIT_SIGNAL && why->signo == SIGKILL &&
	    !why->sender_pid && READ_ONCE(sig->oom_mm))
		why->cause = UTRACE_EXIT_OOM;
}

void utrace_report_exit(long code)
{
	struct utrace_exit_note why;
	struct utrace_engine *engine;

	if (utrace_engines_want(UTRACE_EVENT(EXIT))) {
		u32 action = utrace_ptrace_action();

		guard(srcu)(&utrace_global_srcu);
		for_each_utrace_engine(engine)
			if (utrace_engine_wants(engine, UTRACE_EVENT(EXIT)))
				engine->ops->report_exit(action, engine, code);
	}
	utrace_lossless_check(UTRACE_LOSSLESS_EXIT);
	if (trace_utrace_exit_enabled()) {
		utrace_exit_cause(current, code, &why);
		trace_utrace_exit(code, &why);
	}
}

void utrace_report_death(struct task_struct *task, bool group_dead)
{
	struct utrace_exit_note why;
	struct utrace_engine *engine;

	if (utrace_engines_want(UTRACE_EVENT(DEATH))) {
		guard(srcu)(&utrace_global_srcu);
		for_each_utrace_engine(engine)
			if (utrace_engine_wants(engine, UTRACE_EVENT(DEATH)))
				engine->ops->report_death(engine, group_dead,
							  task->exit_signal);
	}
	utrace_lossless_check(UTRACE_LOSSLESS_DEATH);
	if (trace_utrace_death_enabled()) {
		utrace_exit_cause(task, task->exit_code, &why);
		trace_utrace_death(task, group_dead, &why);
	}
}

void utrace_report_reap(struct task_struct *task)
{
	struct utrace_engine *engine;

	if (utrace_engines_want(UTRACE_EVENT(REAP))) {
		guard(srcu)(&utrace_global_srcu);
		for_each_utrace_engine(engine)
			if (utrace_engine_wants(engine, UTRACE_EVENT(REAP)))
				engine->ops->report_reap(engine, task);
	}
	trace_utrace_reap(task);
}

/* The engines' report_syscall_entry; an abort sticks for later engines. */
static noinline u32 utrace_syscall_entry_engines(struct pt_regs *regs,
						 u32 action)
{
	struct utrace_engine *engine;
	u32 ret;

	guard(srcu)(&utrace_global_srcu);
	for_each_utrace_engine(engine) {
		if (!utrace_engine_wants(engine, UTRACE_EVENT(SYSCALL_ENTRY)))
			continue;
		ret = engine->ops->report_syscall_entry(action, engine, regs);
		if (utrace_syscall_action(ret) == UTRACE_SYSCALL_ABORT)
			action = (action & ~UTRACE_SYSCALL_MASK) |
				 UTRACE_SYSCALL_ABORT;
	}
	return action;
}

/*
 * The entry when an engine wants it or ptrace aborted the call; the
 * trace-only path is inline in the entry code (<linux/utrace_syscall.h>).
 */
bool utrace_report_syscall_entry(struct pt_regs *regs, bool ptrace_abort)
{
	int verdict = UTRACE_SYSCALL_RAN;
	u32 action;

	current->utrace_syscall_rule = 0;
	if (unlikely(ptrace_abort))
		verdict = UTRACE_SYSCALL_PTRACE_ABORT;
	if (unlikely(utrace_engines_want(UTRACE_EVENT(SYSCALL_ENTRY)))) {
		action = utrace_ptrace_action();
		if (ptrace_abort)
			action |= UTRACE_SYSCALL_ABORT;
		action = utrace_syscall_entry_engines(regs, action);
		if (!ptrace_abort &&
		    utrace_syscall_action(action) == UTRACE_SYSCALL_ABORT)
			verdict = UTRACE_SYSCALL_ENGINE_ABORT;
		utrace_syscall_delay_sleep();
	}
	utrace_lossless_check(UTRACE_LOSSLESS_SYSCALL_ENTRY);
	utrace_syscall_record(verdict);
	if (trace_utrace_syscall_entry_enabled())
		utrace_trace_syscall_entry(regs, verdict);
	return verdict == UTRACE_SYSCALL_ENGINE_ABORT;
}

/*
 * syscall_trace_enter(): seccomp denied the call whose entry was just
 * reported, so it did not run.  Process context, no locks held.
 */
void utrace_syscall_seccomp_denied(void)
{
	current->utrace_syscall_verdict = UTRACE_SYSCALL_SECCOMP_ABORT;
}

/*
 * The exit when an engine wants it: the engines, the delay they asked
 * for, then the trace event.
 */
static noinline void utrace_syscall_exit_engines(struct pt_regs *regs)
{
	u32 action = utrace_ptrace_action(), rule;
	int verdict = utrace_syscall_exit_verdict(&rule);
	struct utrace_engine *engine;

	/* What utrace_syscall_rule() tells the engines. */
	current->utrace_syscall_rule = rule;
	scoped_guard(srcu, &utrace_global_srcu) {
		for_each_utrace_engine(engine)
			if (utrace_engine_wants(engine,
						UTRACE_EVENT(SYSCALL_EXIT)))
				engine->ops->report_syscall_exit(action, engine,
								 regs);
	}
	utrace_syscall_delay_sleep();
	utrace_lossless_check(UTRACE_LOSSLESS_SYSCALL_EXIT);
	trace_utrace_syscall_exit(regs, verdict, rule);
}

/*
 * Under SYSCALL_WORK_UTRACE, tail-called by syscall_exit_work().  Without
 * engines it calls nothing before the trace event but a lossless wait,
 * behind its own static key, so it needs no saved registers otherwise.
 */
void utrace_report_syscall_exit(struct pt_regs *regs)
{
	int verdict;
	u32 rule;

	if (unlikely(utrace_engines_want(UTRACE_EVENT(SYSCALL_EXIT)))) {
		utrace_syscall_exit_engines(regs);
		return;
	}
	utrace_lossless_check(UTRACE_LOSSLESS_SYSCALL_EXIT);
	verdict = utrace_syscall_exit_verdict(&rule);
	trace_utrace_syscall_exit(regs, verdict, rule);
}

/*
 * The child's first exit is its fork returning 0: it ran.  The child's
 * scopes are copied again here, under the tasklist lock that scope
 * changes take for writing: dup_task_struct() copied them unlocked.
 */
void utrace_syscall_work_fork(struct task_struct *child)
{
	u32 scopes = READ_ONCE(current->utrace_scopes);

	if (!same_thread_group(child, current))
		scopes &= READ_ONCE(utrace_scopes_follow);
	child->utrace_scopes = scopes;
	if (READ_ONCE(utrace_syscall_work_on) || scopes)
		set_task_syscall_work(child, UTRACE);
	else
		clear_task_syscall_work(child, UTRACE);
	/* Recorded in the generation it starts in: the exit trusts it. */
	child->utrace_work_gen = 0;
	child->utrace_syscall_gen = 0;
	child->utrace_syscall_verdict = UTRACE_SYSCALL_RAN;
	child->utrace_syscall_rule = 0;
	child->utrace_syscall_delay = 0;
}

/* What get_signal() will do with @signr; siglock held. */
static int utrace_signal_disposition(int signr, const struct k_sigaction *ka)
{
	if (ka->sa.sa_handler == SIG_IGN)
		return UTRACE_DISP_IGN;
	if (ka->sa.sa_handler != SIG_DFL)
		return UTRACE_DISP_HANDLER;
	if (sig_kernel_ignore(signr))
		return UTRACE_DISP_IGN;
	if (unlikely(current->signal->flags & SIGNAL_UNKILLABLE) &&
	    !sig_kernel_only(signr))
		return UTRACE_DISP_IGN;
	if (sig_kernel_stop(signr))
		return UTRACE_DISP_STOP;
	if (sig_kernel_coredump(signr))
		return UTRACE_DISP_CORE;
	return UTRACE_DISP_TERM;
}

static const unsigned long utrace_disp_event[] = {
	[UTRACE_DISP_HANDLER]	= UTRACE_EVENT(SIGNAL),
	[UTRACE_DISP_IGN]	= UTRACE_EVENT(SIGNAL_IGN),
	[UTRACE_DISP_STOP]	= UTRACE_EVENT(SIGNAL_STOP),
	[UTRACE_DISP_TERM]	= UTRACE_EVENT(SIGNAL_TERM),
	[UTRACE_DISP_CORE]	= UTRACE_EVENT(SIGNAL_CORE),
};

static const u32 utrace_disp_action[] = {
	[UTRACE_DISP_HANDLER]	= UTRACE_SIGNAL_HANDLER,
	[UTRACE_DISP_IGN]	= UTRACE_SIGNAL_IGN,
	[UTRACE_DISP_STOP]	= UTRACE_SIGNAL_STOP,
	[UTRACE_DISP_TERM]	= UTRACE_SIGNAL_TERM,
	[UTRACE_DISP_CORE]	= UTRACE_SIGNAL_CORE,
};

/* Does @layout carry si_pid and si_uid? */
static bool utrace_siginfo_has_pid(enum siginfo_layout layout)
{
	return layout == SIL_KILL || layout == SIL_CHLD || layout == SIL_RT;
}

/*
 * The sender @info names, in the init pid namespace: its si_pid is as
 * @receiver's pid namespace sees it.  0 for the kernel (or si_pid 0:
 * sent from an ancestor namespace), -1 when the siginfo has no sender or
 * it is gone.  Under the receiver's siglock or in its context.
 */
static pid_t utrace_signal_sender(const struct kernel_siginfo *info,
				  struct task_struct *receiver)
{
	struct pid *pid;

	if (info->si_code == SI_KERNEL)
		return 0;
	if (!utrace_siginfo_has_pid(siginfo_layout(info->si_signo,
						   info->si_code)))
		return -1;
	if (info->si_pid <= 0)
		return info->si_pid;
	guard(rcu)();
	pid = find_pid_ns(info->si_pid, task_active_pid_ns(receiver));
	return pid ? pid_nr(pid) : -1;
}

/* Is the task sending a signal with @si_code (in its context) the sender? */
static bool utrace_sent_by_current(int si_code)
{
	return si_code == SI_USER || si_code == SI_TKILL ||
	       si_code == SI_QUEUE || si_code == SI_MESGQ;
}

unsigned long utrace_signal_fault_addr(const struct kernel_siginfo *info)
{
	switch (siginfo_layout(info->si_signo, info->si_code)) {
	case SIL_FAULT:
	case SIL_FAULT_TRAPNO:
	case SIL_FAULT_MCEERR:
	case SIL_FAULT_BNDERR:
	case SIL_FAULT_PKUERR:
	case SIL_FAULT_PERF_EVENT:
		return (unsigned long)info->si_addr;
	default:
		return 0;
	}
}

/* The faults get_signal() dequeues first (SYNCHRONOUS_MASK in signal.c). */
#define UTRACE_SYNCHRONOUS_MASK	(sigmask(SIGSEGV) | sigmask(SIGBUS) |	\
				 sigmask(SIGILL) | sigmask(SIGTRAP) |	\
				 sigmask(SIGFPE) | sigmask(SIGSYS))

/*
 * Signals no engine may drop or hold: forced deaths (SA_IMMUTABLE, e.g.
 * seccomp's kill or a failed exec) and synchronous faults raised by the
 * kernel, which would fault again at once if dropped.
 */
static bool utrace_signal_forced(const struct kernel_siginfo *info,
				 const struct k_sigaction *ka)
{
	if (ka->sa.sa_flags & SA_IMMUTABLE)
		return true;
	return siginmask(info->si_signo, UTRACE_SYNCHRONOUS_MASK) &&
	       SI_FROMKERNEL(info);
}

/*
 * One engine's report_signal.  Honoured: "ignore" (drop the signal) and
 * UTRACE_SIGNAL_HOLD on a core dump (hold the task before the dump),
 * both refused for forced signals whatever the engine.
 */
static int utrace_signal_engine(struct utrace_engine *engine, u32 action,
				struct pt_regs *regs,
				struct kernel_siginfo *info,
				const struct k_sigaction *ka, int disp)
{
	u32 ret = engine->ops->report_signal(action, engine, regs, info, ka);

	if (utrace_signal_action(ret) == UTRACE_SIGNAL_IGN &&
	    !utrace_signal_forced(info, ka))
		return UTRACE_DISP_IGN;
	if ((ret & UTRACE_SIGNAL_HOLD) && disp == UTRACE_DISP_CORE &&
	    !(ka->sa.sa_flags & SA_IMMUTABLE))
		return UTRACE_DISP_HELD;
	return disp;
}

/* Emit utrace:utrace_signal for a decision taken outside utrace_report_signal. */
void utrace_trace_signal_decision(const struct kernel_siginfo *info,
				  int disp, int engine_disp)
{
	trace_utrace_signal(current->pid, info->si_signo, info->si_code,
			    utrace_signal_sender(info, current),
			    utrace_signal_fault_addr(info), disp, engine_disp);
}

/**
 * utrace_report_group_kill - report a fatal signal that no thread dequeues
 * @p:		the task the signal was sent to
 * @sig:	a fatal signal without a core dump, SIGKILL included
 * @info:	its siginfo, or SEND_SIG_NOINFO / SEND_SIG_PRIV
 *
 * complete_signal() starts the group exit at once for these: the report
 * runs in the sender, with @p's siglock held.  Trace event only.
 */
void utrace_report_group_kill(struct task_struct *p, int sig,
			      struct kernel_siginfo *info)
{
	int code = SI_KERNEL;
	pid_t sender = 0;

	if (info == SEND_SIG_NOINFO) {
		code = SI_USER;
		sender = task_tgid_nr(current);
	} else if (info != SEND_SIG_PRIV) {
		code = info->si_code;
		sender = utrace_sent_by_current(code) ? task_tgid_nr(current) :
			 utrace_signal_sender(info, p);
	}
	trace_utrace_signal(p->pid, sig, code, sender, 0, UTRACE_DISP_TERM,
			    UTRACE_DISP_TERM);
}

/* A fatal signal's sender is current, the task sending it. */
static void utrace_note_sender_current(struct utrace_exit_note *n)
{
	n->sender_pid = task_tgid_nr(current);
	n->sender_uid = from_kuid_munged(&init_user_ns, current_uid());
}

/*
 * Why a fatal signal, its sender in @n already: a fault the kernel
 * raised, a seccomp kill, a resource limit (the kernel's SIGXCPU, or
 * SIGXFSZ, which comes as the process's own kill()), or a signal.
 */
VISIBLE_IF_KUNIT void utrace_note_signal(struct utrace_exit_note *n, int sig,
					 int code)
{
	n->signo = sig;
	n->si_code = code;
	if (sig == SIGSYS && code == SYS_SECCOMP)
		n->cause = UTRACE_EXIT_SECCOMP;
	else if (code > 0 && siginmask(sig, UTRACE_SYNCHRONOUS_MASK))
		n->cause = UTRACE_EXIT_FAULT;
	else if ((sig == SIGXCPU && code == SI_KERNEL) ||
		 (sig == SIGXFSZ && code == SI_USER &&
		  n->sender_pid == task_tgid_nr(current)))
		n->cause = UTRACE_EXIT_RLIMIT;
	else
		n->cause = UTRACE_EXIT_SIGNAL;
}
EXPORT_SYMBOL_IF_KUNIT(utrace_note_signal);

/**
 * utrace_note_fatal_signal - note the fatal signal current dequeued
 * @signr:	the signal, about to kill the group (maybe with a core dump)
 * @info:	its siginfo
 *
 * get_signal(), siglock held: the thread that acts on it starts the group
 * exit, in do_group_exit() or in the core dump's zap_threads().
 */
void utrace_note_fatal_signal(int signr, const struct kernel_siginfo *info)
{
	struct signal_struct *sig = current->signal;
	struct utrace_exit_note *n = &sig->utrace_exit;

	/* A group exit that started while ptrace held the signal has its own. */
	if ((sig->flags & SIGNAL_GROUP_EXIT) || sig->group_exec_task)
		return;
	n->cause_pid = current->pid;
	/* Raised by the kernel without a sender: a fault, seccomp. */
	if (info->si_code > 0 &&
	    !utrace_siginfo_has_pid(siginfo_layout(signr, info->si_code)))
		n->sender_pid = 0;
	else
		n->sender_pid = utrace_signal_sender(info, current);
	n->sender_uid = (u32)-1;
	if (n->sender_pid > 0)
		n->sender_uid = from_kuid_munged(&init_user_ns,
						 make_kuid(current_user_ns(),
							   info->si_uid));
	utrace_note_signal(n, signr, info->si_code);
}

/**
 * utrace_note_group_kill - note a fatal signal that starts a group exit
 * @p:		the task it was sent to
 * @sig:	a fatal signal without a core dump, SIGKILL included
 * @info:	its siginfo, or SEND_SIG_NOINFO / SEND_SIG_PRIV
 *
 * complete_signal(), in the sender, @p's siglock held.
 */
void utrace_note_group_kill(struct task_struct *p, int sig,
			    const struct kernel_siginfo *info)
{
	struct utrace_exit_note *n = &p->signal->utrace_exit;
	int code = SI_KERNEL;

	n->cause_pid = 0;
	n->sender_pid = 0;
	n->sender_uid = (u32)-1;
	if (info == SEND_SIG_NOINFO) {
		code = SI_USER;
		utrace_note_sender_current(n);
	} else if (info != SEND_SIG_PRIV) {
		code = info->si_code;
		if (utrace_sent_by_current(code))
			utrace_note_sender_current(n);
		else
			n->sender_pid = utrace_signal_sender(info, p);
	}
	utrace_note_signal(n, sig, code);
}

/**
 * utrace_note_group_exit - note that current starts its group's exit
 * @exit_code:	exit_group(2)'s status, or get_signal()'s fatal signal
 *
 * do_group_exit(), siglock held.  A signal keeps the note
 * utrace_note_fatal_signal() took for it, unless another thread's
 * replaced it.
 */
void utrace_note_group_exit(int exit_code)
{
	struct utrace_exit_note *n = &current->signal->utrace_exit;
	int signr = exit_code & 0x7f;

	if (signr && n->cause_pid == current->pid && n->signo == signr &&
	    n->cause >= UTRACE_EXIT_SIGNAL)
		return;
	*n = (struct utrace_exit_note){
		.cause = signr ? UTRACE_EXIT_SIGNAL : UTRACE_EXIT_GROUP,
		.cause_pid = current->pid,
		.sender_pid = -1,
		.sender_uid = (u32)-1,
		.signo = signr,
	};
}

/* de_thread(), siglock held: @tsk's execve ends the other threads. */
void utrace_note_exec(struct task_struct *tsk)
{
	tsk->signal->utrace_exit = (struct utrace_exit_note){
		.cause = UTRACE_EXIT_EXEC,
		.cause_pid = tsk->pid,
		.sender_pid = -1,
		.sender_uid = (u32)-1,
	};
}

/* A job control stop the kernel drops: the process group is orphaned. */
void utrace_report_orphaned_stop(int signr, struct kernel_siginfo *info)
{
	utrace_trace_signal_decision(info, UTRACE_DISP_IGN, UTRACE_DISP_IGN);
}

/*
 * Report a signal about to be acted on.  Engines may turn its delivery
 * into UTRACE_SIGNAL_IGN (the signal is dropped) or, for a core dump, ask
 * for UTRACE_SIGNAL_HOLD; other changes are not supported at this site.
 * Return what get_signal() must do: UTRACE_SIGNAL_IGN to drop it,
 * UTRACE_SIGNAL_DELIVER to go on; a hold is recorded for do_coredump(),
 * which calls utrace_crash_hold() once the other threads are stopped.
 * A job control stop other than SIGSTOP does nothing in an orphaned
 * process group: until @orphan_check_done, it is not reported and
 * UTRACE_SIGNAL_REPORT is returned.
 */
u32 utrace_report_signal(int signr, struct kernel_siginfo *info,
			 struct k_sigaction *ka, bool orphan_check_done)
{
	int disp = utrace_signal_disposition(signr, ka);
	unsigned long bits = utrace_disp_event[disp];
	struct utrace_engine *engine;
	int engine_disp = disp;

	if (disp == UTRACE_DISP_STOP && signr != SIGSTOP && !orphan_check_done)
		return UTRACE_SIGNAL_REPORT;

	if (utrace_engines_want(bits)) {
		u32 action = utrace_ptrace_action() | utrace_disp_action[disp];
		struct pt_regs *regs = current_pt_regs();

		guard(srcu)(&utrace_global_srcu);
		for_each_utrace_engine(engine) {
			if (!utrace_engine_wants(engine, bits))
				continue;
			engine_disp = utrace_signal_engine(engine, action, regs,
							   info, ka, engine_disp);
		}
	}

	/* The hold, if it happens, says "held" when it starts. */
	if (engine_disp == UTRACE_DISP_HELD) {
		utrace_crash_request();
		engine_disp = UTRACE_DISP_CORE;
	}
	utrace_trace_signal_decision(info, disp, engine_disp);
	if (engine_disp == UTRACE_DISP_IGN && disp != UTRACE_DISP_IGN)
		return UTRACE_SIGNAL_IGN;
	return UTRACE_SIGNAL_DELIVER;
}
EXPORT_SYMBOL_IF_KUNIT(utrace_report_signal);

void utrace_report_jctl(int type, int signr, int notify)
{
	struct utrace_engine *engine;

	if (utrace_engines_want(UTRACE_EVENT(JCTL))) {
		u32 action = utrace_ptrace_action();

		guard(srcu)(&utrace_global_srcu);
		for_each_utrace_engine(engine)
			if (utrace_engine_wants(engine, UTRACE_EVENT(JCTL)))
				engine->ops->report_jctl(action, engine, type,
							 notify);
	}
	trace_utrace_jctl(type, signr, notify);
}

/* /sys/kernel/tracing/utrace/status: what is on, and who turned it on. */
static void utrace_show_events(struct seq_file *m, unsigned long events)
{
	int i;

	seq_printf(m, "0x%04lx", events);
	for (i = 0; i < _UTRACE_NEVENTS; i++)
		if (events & (1UL << i))
			seq_printf(m, " %s", utrace_event_names[i]);
	seq_putc(m, '\n');
}

/* The registry part of the status file: flags, users, engines, scopes. */
static void utrace_status_show_registry(struct seq_file *m)
{
	struct utrace_engine *engine;
	unsigned int engines = 0;
	int i;

	guard(mutex)(&utrace_global_lock);
	seq_puts(m, "flags: ");
	utrace_show_events(m, utrace_global_flags);
	seq_puts(m, "event_users:");
	for (i = 1; i < _UTRACE_NEVENTS; i++)
		seq_printf(m, " %s=%u", utrace_event_names[i],
			   utrace_event_users[i]);
	seq_putc(m, '\n');
	list_for_each_entry(engine, &utrace_engines, node)
		engines++;
	seq_printf(m, "engines: %u\n", engines);
	list_for_each_entry(engine, &utrace_engines, node) {
		seq_printf(m, "engine: %ps%s ", engine->ops,
			   engine->scoped ? " scoped" : "");
		utrace_show_events(m, engine->flags);
	}
	seq_printf(m, "scopes: 0x%08x\n", utrace_scopes_used);
}

static int utrace_status_show(struct seq_file *m, void *v)
{
	unsigned int threads = 0, with_work = 0, scoped = 0;
	struct task_struct *g, *t;

	utrace_status_show_registry(m);
	read_lock(&tasklist_lock);
	for_each_process_thread(g, t) {
		threads++;
		if (test_task_syscall_work(t, UTRACE))
			with_work++;
		if (READ_ONCE(t->utrace_scopes))
			scoped++;
	}
	read_unlock(&tasklist_lock);
	seq_printf(m, "threads: %u\nsyscall_work_threads: %u\nscoped_threads: %u\n",
		   threads, with_work, scoped);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(utrace_status);

static struct dentry *utrace_dir;

/* The tracefs directory utrace's control files live in, or NULL. */
struct dentry *utrace_tracefs_dir(void)
{
	return utrace_dir;
}

static __init int utrace_global_tracefs_init(void)
{
	if (tracing_init_dentry())
		return 0;
	utrace_dir = tracefs_create_dir("utrace", NULL);
	if (!utrace_dir) {
		pr_warn("utrace: could not create tracefs directory\n");
		return 0;
	}
	tracefs_create_file("status", 0444, utrace_dir, NULL,
			    &utrace_status_fops);
	return 0;
}
fs_initcall(utrace_global_tracefs_init);
