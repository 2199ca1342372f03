// SPDX-License-Identifier: GPL-2.0
/*
 * The crash catcher: a global engine on SIGNAL_CORE.  Its report_signal,
 * under siglock, only asks for a hold; do_coredump() then sleeps in
 * utrace_crash_hold(), killable, once every other thread is stopped for
 * the dump and before anything is written: the process is dumping core
 * for mm and signals, and the release goes on into the kernel's dump.
 * Interface: Documentation/trace/utrace-global.rst, "Crash catcher".
 */
#include <linux/capability.h>
#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/freezer.h>
#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/seq_file.h>
#include <linux/signal.h>
#include <linux/spinlock.h>
#include <linux/tracefs.h>
#include <linux/uaccess.h>
#include <linux/utrace.h>
#include <linux/wait.h>
#include <trace/events/utrace.h>

#include "utrace_global.h"

#define UTRACE_CRASH_MAX_TIMEOUT_MS	600000
#define UTRACE_CRASH_MAX_HELD_LIMIT	4096

enum utrace_crash_decision {
	UTRACE_CRASH_PENDING,
	UTRACE_CRASH_CORE,
	UTRACE_CRASH_KILL,
};

/* A held task; lives on that task's stack while it waits. */
struct utrace_crash_held {
	struct list_head node;
	struct task_struct *task;
	const struct kernel_siginfo *info;
	kuid_t uid;
	unsigned long since;
	u64 id;
	int decision;
};

static LIST_HEAD(utrace_crash_list);
/* list, decisions, enabled, ids and counts; never nests with siglock */
static DEFINE_SPINLOCK(utrace_crash_lock);
static DECLARE_WAIT_QUEUE_HEAD(utrace_crash_wq);
static unsigned int utrace_crash_enabled;
static unsigned int utrace_crash_timeout_ms = 5000;
static unsigned int utrace_crash_max_held = 16;
static unsigned int utrace_crash_max_held_per_user = 4;
static unsigned int utrace_crash_nr_held;
static unsigned long utrace_crash_refused;
static u64 utrace_crash_last_id;
static struct utrace_engine *utrace_crash_engine;
static DEFINE_MUTEX(utrace_crash_mutex);	/* engine attach/detach */

/* The faults the kernel raises for what the task itself executed. */
#define UTRACE_CRASH_FAULTS	(sigmask(SIGSEGV) | sigmask(SIGBUS) |	\
				 sigmask(SIGILL) | sigmask(SIGTRAP) |	\
				 sigmask(SIGFPE) | sigmask(SIGSYS))

/*
 * Held: a fault the kernel raised for current's own instructions, or a
 * signal the process sent itself (abort(), raise(), kill(getpid(), ..)):
 * kill() and tgkill() fill in si_pid, which no other sender can forge.
 * Not held: a core signal another process or the tty sent, which would
 * let it freeze a chosen thread of, say, a setuid program.
 */
static bool utrace_crash_self_inflicted(const struct kernel_siginfo *info)
{
	if (SI_FROMKERNEL(info))
		return siginmask(info->si_signo, UTRACE_CRASH_FAULTS);
	return (info->si_code == SI_USER || info->si_code == SI_TKILL) &&
	       info->si_pid == task_tgid_vnr(current);
}

/* siglock held, IRQs off: decide only, the hold happens in the dump. */
static u32 utrace_crash_report_signal(u32 action, struct utrace_engine *engine,
				      struct pt_regs *regs,
				      struct kernel_siginfo *info,
				      const struct k_sigaction *orig_ka)
{
	if (utrace_signal_action(action) != UTRACE_SIGNAL_CORE)
		return UTRACE_RESUME;
	/* A debugger already saw this signal: leave the task to it. */
	if (utrace_resume_action(action) == UTRACE_REPORT)
		return UTRACE_RESUME;
	/* Forced deaths (seccomp kill, force_fatal_sig) are never held. */
	if (orig_ka->sa.sa_flags & SA_IMMUTABLE)
		return UTRACE_RESUME;
	if (current->signal->flags & (SIGNAL_UNKILLABLE | SIGNAL_GROUP_EXIT))
		return UTRACE_RESUME;
	if (!utrace_crash_self_inflicted(info))
		return UTRACE_RESUME;
	/* Nor is any init: the fault already made a pid namespace's killable. */
	if (is_child_reaper(task_tgid(current)))
		return UTRACE_RESUME;
	if (current->flags & (PF_IO_WORKER | PF_USER_WORKER | PF_KTHREAD))
		return UTRACE_RESUME;
	return UTRACE_RESUME | UTRACE_SIGNAL_CORE | UTRACE_SIGNAL_HOLD;
}

static const struct utrace_engine_ops utrace_crash_ops = {
	.report_signal = utrace_crash_report_signal,
};

static bool utrace_crash_decided(const struct utrace_crash_held *held)
{
	return READ_ONCE(held->decision) != UTRACE_CRASH_PENDING;
}

/* How often a held task looks for a cgroup v2 freeze (see below). */
#define UTRACE_CRASH_POLL	(HZ / 10)

/*
 * Sleep until decided, timed out or SIGKILLed: > 0 decided, 0 timed out,
 * -ERESTARTSYS on SIGKILL.  TASK_NOLOAD: a held task is idle, not load.
 * TASK_FREEZABLE: it does not block suspend.  A cgroup v2 freeze sets
 * JOBCTL_TRAP_FREEZE but wakes only interruptible sleepers, so the wait
 * looks for it every UTRACE_CRASH_POLL and then counts as frozen, as
 * do_freezer_trap() would; while frozen, the hold neither times out nor
 * ends on a decision (that waits for the thaw), only SIGKILL ends it.
 */
static long utrace_crash_wait(struct utrace_crash_held *held,
			      unsigned long timeout)
{
	DEFINE_WAIT(wait);
	long ret;

	for (;;) {
		bool freeze = READ_ONCE(current->jobctl) & JOBCTL_TRAP_FREEZE;
		unsigned long nap;

		if (freeze && !cgroup_task_frozen(current))
			cgroup_enter_frozen();
		else if (!freeze && cgroup_task_frozen(current))
			cgroup_leave_frozen(true);
		prepare_to_wait(&utrace_crash_wq, &wait, TASK_KILLABLE |
				TASK_NOLOAD | TASK_FREEZABLE);
		if (fatal_signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		if (!cgroup_task_frozen(current)) {
			if (utrace_crash_decided(held)) {
				ret = 1;
				break;
			}
			if (!timeout) {
				ret = 0;
				break;
			}
		}
		nap = min_t(unsigned long, timeout, UTRACE_CRASH_POLL);
		if (cgroup_task_frozen(current))
			nap = UTRACE_CRASH_POLL;
		nap -= schedule_timeout(nap);
		if (!cgroup_task_frozen(current))
			timeout -= min_t(unsigned long, nap, timeout);
	}
	finish_wait(&utrace_crash_wq, &wait);
	if (cgroup_task_frozen(current))
		cgroup_leave_frozen(true);
	return ret;
}

/**
 * utrace_crash_request - hold current's core dump
 *
 * Called by utrace_report_signal() when an engine asked for a hold:
 * siglock held, IRQs off.  The first thread of the group to ask is the
 * one do_coredump() holds; a crash that loses the race to dump is not.
 */
void utrace_crash_request(void)
{
	struct signal_struct *signal = current->signal;

	lockdep_assert_held(&current->sighand->siglock);
	if (!signal->utrace_crash_holder)
		WRITE_ONCE(signal->utrace_crash_holder, current);
}

/* Holds of @uid; utrace_crash_lock held. */
static unsigned int utrace_crash_nr_held_by(kuid_t uid)
{
	struct utrace_crash_held *held;
	unsigned int nr = 0;

	list_for_each_entry(held, &utrace_crash_list, node)
		nr += uid_eq(held->uid, uid);
	return nr;
}

/* Take a place among the held tasks; false when off or full. */
static bool utrace_crash_enter(struct utrace_crash_held *held)
{
	guard(spinlock)(&utrace_crash_lock);
	if (!utrace_crash_enabled)
		return false;
	if (utrace_crash_nr_held >= utrace_crash_max_held ||
	    utrace_crash_nr_held_by(held->uid) >=
	    utrace_crash_max_held_per_user) {
		utrace_crash_refused++;
		return false;
	}
	held->id = ++utrace_crash_last_id;
	utrace_crash_nr_held++;
	list_add_tail(&held->node, &utrace_crash_list);
	return true;
}

/* Leave the held tasks; return the decision, a timeout meaning core. */
static int utrace_crash_leave(struct utrace_crash_held *held, long left)
{
	guard(spinlock)(&utrace_crash_lock);
	list_del(&held->node);
	utrace_crash_nr_held--;
	if (held->decision == UTRACE_CRASH_PENDING)
		held->decision = left < 0 ? UTRACE_CRASH_KILL : UTRACE_CRASH_CORE;
	return held->decision;
}

/*
 * A freeze during the hold left TIF_SIGPENDING set, which would stop the
 * dump at its first write (dump_interrupted()): clear it as zap_threads()
 * did, unless SIGKILL or another freeze is pending.
 */
static void utrace_crash_thawed(void)
{
	guard(spinlock_irq)(&current->sighand->siglock);
	if (!fatal_signal_pending(current) && !freezing(current) &&
	    !(current->jobctl & JOBCTL_TRAP_FREEZE))
		clear_thread_flag(TIF_SIGPENDING);
}

/**
 * utrace_crash_hold - hold current's core dump for a handler
 * @info: the signal dumping core
 *
 * Called by do_coredump() once every other thread of the group is
 * stopped for the dump, before anything is written: no locks held, may
 * sleep.  Returns at once unless utrace_crash_request() chose current.
 * Return: true to dump core, false to die by the same signal without.
 */
bool utrace_crash_hold(const struct kernel_siginfo *info)
{
	struct utrace_crash_held held = {
		.task = current,
		.info = info,
		.uid = current_uid(),
		.since = jiffies,
	};
	unsigned long timeout;
	int decision;
	long left;

	if (READ_ONCE(current->signal->utrace_crash_holder) != current)
		return true;
	if (!utrace_crash_enter(&held))
		return true;

	utrace_trace_signal_decision(info, UTRACE_DISP_CORE, UTRACE_DISP_HELD);
	timeout = msecs_to_jiffies(READ_ONCE(utrace_crash_timeout_ms));
	left = utrace_crash_wait(&held, timeout);
	decision = utrace_crash_leave(&held, left);

	/* SIGKILL (the OOM killer's too) during the hold: no core. */
	if (fatal_signal_pending(current))
		decision = UTRACE_CRASH_KILL;
	else
		utrace_crash_thawed();
	utrace_trace_signal_decision(info, UTRACE_DISP_HELD,
				     decision == UTRACE_CRASH_CORE ?
				     UTRACE_DISP_CORE : UTRACE_DISP_TERM);
	return decision == UTRACE_CRASH_CORE;
}

/* Release every held task with @decision; utrace_crash_lock held. */
static void utrace_crash_release_all(int decision)
{
	struct utrace_crash_held *held;

	list_for_each_entry(held, &utrace_crash_list, node)
		if (held->decision == UTRACE_CRASH_PENDING)
			held->decision = decision;
	wake_up_all(&utrace_crash_wq);
}

static int utrace_crash_set_enabled(unsigned int on)
{
	struct utrace_engine *engine;

	guard(mutex)(&utrace_crash_mutex);
	if (on && !utrace_crash_engine) {
		engine = utrace_global_attach(&utrace_crash_ops, NULL,
					      UTRACE_EVENT(SIGNAL_CORE));
		if (IS_ERR(engine))
			return PTR_ERR(engine);
		utrace_crash_engine = engine;
	}
	scoped_guard(spinlock, &utrace_crash_lock) {
		utrace_crash_enabled = on;
		if (!on)
			utrace_crash_release_all(UTRACE_CRASH_CORE);
	}
	if (!on && utrace_crash_engine) {
		utrace_global_detach(utrace_crash_engine);
		utrace_crash_engine = NULL;
	}
	return 0;
}

/* A write of at most @size - 1 bytes by CAP_SYS_ADMIN, into @buf. */
static int utrace_crash_copy_write(const char __user *ubuf, size_t count,
				   char *buf, size_t size)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (count >= size)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	return 0;
}

/*
 * The numeric knobs: a decimal in min..max, else -EINVAL.  set() applies
 * a new value; without it the value is stored under utrace_crash_lock.
 */
struct utrace_crash_knob {
	const char *name;
	unsigned int min, max;
	unsigned int *val;
	int (*set)(unsigned int val);
};

static const struct utrace_crash_knob utrace_crash_knobs[] = {
	{ "enable", 0, 1, &utrace_crash_enabled, utrace_crash_set_enabled },
	{ "timeout_ms", 1, UTRACE_CRASH_MAX_TIMEOUT_MS,
	  &utrace_crash_timeout_ms },
	{ "max_held", 1, UTRACE_CRASH_MAX_HELD_LIMIT, &utrace_crash_max_held },
	{ "max_held_per_user", 1, UTRACE_CRASH_MAX_HELD_LIMIT,
	  &utrace_crash_max_held_per_user },
};

static ssize_t utrace_crash_knob_read(struct file *file, char __user *ubuf,
				      size_t count, loff_t *ppos)
{
	const struct utrace_crash_knob *knob = file->private_data;
	char buf[16];
	int len = scnprintf(buf, sizeof(buf), "%u\n", READ_ONCE(*knob->val));

	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t utrace_crash_knob_write(struct file *file,
				       const char __user *ubuf,
				       size_t count, loff_t *ppos)
{
	const struct utrace_crash_knob *knob = file->private_data;
	unsigned int val;
	char buf[16];
	int ret;

	ret = utrace_crash_copy_write(ubuf, count, buf, sizeof(buf));
	if (ret)
		return ret;
	if (kstrtouint(strim(buf), 10, &val) || val < knob->min ||
	    val > knob->max)
		return -EINVAL;
	if (knob->set) {
		ret = knob->set(val);
		if (ret)
			return ret;
	} else {
		guard(spinlock)(&utrace_crash_lock);
		WRITE_ONCE(*knob->val, val);
	}
	return count;
}

static const struct file_operations utrace_crash_knob_fops = {
	.open	= simple_open,
	.read	= utrace_crash_knob_read,
	.write	= utrace_crash_knob_write,
	.llseek	= default_llseek,
};

static ssize_t utrace_crash_release_write(struct file *file,
					  const char __user *ubuf,
					  size_t count, loff_t *ppos)
{
	struct utrace_crash_held *held;
	char buf[40], action[8], extra;
	int decision, ret;
	u64 id;

	ret = utrace_crash_copy_write(ubuf, count, buf, sizeof(buf));
	if (ret)
		return ret;
	if (sscanf(buf, "%llu %7s %c", &id, action, &extra) != 2)
		return -EINVAL;
	if (!strcmp(action, "core"))
		decision = UTRACE_CRASH_CORE;
	else if (!strcmp(action, "kill"))
		decision = UTRACE_CRASH_KILL;
	else
		return -EINVAL;

	ret = -ESRCH;
	scoped_guard(spinlock, &utrace_crash_lock) {
		list_for_each_entry(held, &utrace_crash_list, node) {
			if (held->id == id &&
			    held->decision == UTRACE_CRASH_PENDING) {
				held->decision = decision;
				ret = count;
			}
		}
	}
	if (ret > 0)
		wake_up_all(&utrace_crash_wq);
	return ret;
}

static const struct file_operations utrace_crash_release_fops = {
	.write	= utrace_crash_release_write,
	.llseek	= default_llseek,
};

static void utrace_crash_show_one(struct seq_file *m,
				  const struct utrace_crash_held *held)
{
	char comm[TASK_COMM_LEN];
	unsigned char ch;
	int i;

	__get_task_comm(comm, sizeof(comm), held->task);
	seq_printf(m, "id=%llu pid=%d tgid=%d comm=", held->id,
		   held->task->pid, held->task->tgid);
	/* \xHH for blanks, controls, '\\' and '=': one record per line. */
	for (i = 0; comm[i]; i++) {
		ch = comm[i];
		if (ch < 0x21 || ch >= 0x7f || ch == '\\' || ch == '=')
			seq_printf(m, "\\x%02x", ch);
		else
			seq_putc(m, ch);
	}
	seq_printf(m, " sig=%d code=%d addr=0x%lx held_ms=%u",
		   held->info->si_signo, held->info->si_code,
		   utrace_signal_fault_addr(held->info),
		   jiffies_to_msecs(jiffies - held->since));
	arch_utrace_crash_show_regs(m, task_pt_regs(held->task));
	seq_putc(m, '\n');
}

static int utrace_crash_held_show(struct seq_file *m, void *v)
{
	struct utrace_crash_held *held;

	guard(spinlock)(&utrace_crash_lock);
	list_for_each_entry(held, &utrace_crash_list, node)
		if (held->decision == UTRACE_CRASH_PENDING)
			utrace_crash_show_one(m, held);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(utrace_crash_held);

static int utrace_crash_refused_show(struct seq_file *m, void *v)
{
	guard(spinlock)(&utrace_crash_lock);
	seq_printf(m, "%lu\n", utrace_crash_refused);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(utrace_crash_refused);

static int __init utrace_crash_init(void)
{
	struct dentry *parent = utrace_tracefs_dir(), *dir;
	int i;

	if (!parent)
		return 0;
	dir = tracefs_create_dir("crash", parent);
	if (!dir)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(utrace_crash_knobs); i++)
		tracefs_create_file(utrace_crash_knobs[i].name, 0600, dir,
				    (void *)&utrace_crash_knobs[i],
				    &utrace_crash_knob_fops);
	tracefs_create_file("refused", 0400, dir, NULL,
			    &utrace_crash_refused_fops);
	tracefs_create_file("release", 0200, dir, NULL,
			    &utrace_crash_release_fops);
	tracefs_create_file("held", 0400, dir, NULL, &utrace_crash_held_fops);
	return 0;
}
late_initcall(utrace_crash_init);
