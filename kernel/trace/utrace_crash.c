// SPDX-License-Identifier: GPL-2.0
/*
 * The crash-catcher of last resort: a utrace global engine on SIGNAL_CORE
 * that holds a task about to dump core -- before the dump starts and
 * before its other threads are killed -- until a user-space handler has
 * looked at it and released it, or a timeout passes.
 *
 * report_signal runs under siglock and only asks for the hold
 * (UTRACE_SIGNAL_HOLD); get_signal() then calls utrace_crash_hold() on its
 * fatal path, where the task may sleep.  It sleeps killable and not
 * counted as load (TASK_KILLABLE | TASK_NOLOAD), not stopped:
 * the parent sees no stop, /proc/PID/{maps,mem,...} work, and SIGKILL
 * ends the hold at once.
 *
 * Files in /sys/kernel/tracing/utrace/crash/ (CAP_SYS_ADMIN to write):
 *   enable      1 attaches the engine; 0 detaches it and releases all
 *   timeout_ms  hold limit, then the original outcome (default 5000)
 *   held        one line per held task: ids, signal, registers
 *   release     "PID core" dumps core as it would have, "PID kill"
 *               terminates with the same signal and no core
 */
#include <linux/capability.h>
#include <linux/err.h>
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
	unsigned long since;
	int decision;
};

static LIST_HEAD(utrace_crash_list);
static DEFINE_SPINLOCK(utrace_crash_lock);	/* list, decisions, enabled */
static DECLARE_WAIT_QUEUE_HEAD(utrace_crash_wq);
static bool utrace_crash_enabled;
static unsigned int utrace_crash_timeout_ms = 5000;
static struct utrace_engine *utrace_crash_engine;
static DEFINE_MUTEX(utrace_crash_mutex);	/* engine attach/detach */

/* siglock held, IRQs off: decide only, the hold happens later. */
static u32 utrace_crash_report_signal(u32 action, struct utrace_engine *engine,
				      struct pt_regs *regs,
				      struct kernel_siginfo *info,
				      const struct k_sigaction *orig_ka,
				      struct k_sigaction *return_ka)
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

/*
 * wait_event_killable_timeout(), but with TASK_NOLOAD: a held task shows
 * as idle and does not count in the load average.  Returns as that does:
 * > 0 decided, 0 timed out, -ERESTARTSYS on SIGKILL.
 */
static long utrace_crash_wait(struct utrace_crash_held *held,
			      unsigned long timeout)
{
	if (utrace_crash_decided(held))
		return 1;
	return ___wait_event(utrace_crash_wq,
			     ___wait_cond_timeout(utrace_crash_decided(held)),
			     (TASK_KILLABLE | TASK_NOLOAD), 0, timeout,
			     __ret = schedule_timeout(__ret));
}

/**
 * utrace_crash_hold - hold current before its core dump
 * @ksig: the signal about to dump core
 *
 * Called by get_signal() on its fatal path when an engine asked for a
 * hold: no locks held, may sleep.  Return: true to dump core as before,
 * false to die by the same signal without a core.
 */
bool utrace_crash_hold(struct ksignal *ksig)
{
	struct utrace_crash_held held = {
		.task = current,
		.info = &ksig->info,
		.since = jiffies,
	};
	unsigned long timeout;
	long left;

	spin_lock(&utrace_crash_lock);
	if (!utrace_crash_enabled) {
		spin_unlock(&utrace_crash_lock);
		return true;
	}
	list_add_tail(&held.node, &utrace_crash_list);
	spin_unlock(&utrace_crash_lock);

	utrace_trace_signal_decision(&ksig->info, UTRACE_DISP_CORE,
				     UTRACE_DISP_HELD);
	timeout = msecs_to_jiffies(READ_ONCE(utrace_crash_timeout_ms));
	left = utrace_crash_wait(&held, timeout);

	spin_lock(&utrace_crash_lock);
	list_del(&held.node);
	if (held.decision == UTRACE_CRASH_PENDING)
		held.decision = left < 0 ? UTRACE_CRASH_KILL : UTRACE_CRASH_CORE;
	spin_unlock(&utrace_crash_lock);

	/* SIGKILL during the hold: no core, whatever was decided. */
	if (fatal_signal_pending(current))
		held.decision = UTRACE_CRASH_KILL;
	utrace_trace_signal_decision(&ksig->info, UTRACE_DISP_HELD,
				     held.decision == UTRACE_CRASH_CORE ?
				     UTRACE_DISP_CORE : UTRACE_DISP_TERM);
	return held.decision == UTRACE_CRASH_CORE;
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

static int utrace_crash_set_enabled(bool on)
{
	struct utrace_engine *engine;
	int ret = 0;

	mutex_lock(&utrace_crash_mutex);
	if (on && !utrace_crash_engine) {
		engine = utrace_global_attach(&utrace_crash_ops, NULL,
					      UTRACE_EVENT(SIGNAL_CORE));
		if (IS_ERR(engine)) {
			ret = PTR_ERR(engine);
			goto out;
		}
		utrace_crash_engine = engine;
	}
	spin_lock(&utrace_crash_lock);
	utrace_crash_enabled = on;
	if (!on)
		utrace_crash_release_all(UTRACE_CRASH_CORE);
	spin_unlock(&utrace_crash_lock);
	if (!on && utrace_crash_engine) {
		utrace_global_detach(utrace_crash_engine);
		utrace_crash_engine = NULL;
	}
out:
	mutex_unlock(&utrace_crash_mutex);
	return ret;
}

static ssize_t utrace_crash_read_word(const char __user *ubuf, size_t count,
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

static ssize_t utrace_crash_enable_write(struct file *file,
					 const char __user *ubuf,
					 size_t count, loff_t *ppos)
{
	char buf[8];
	bool on;
	int ret;

	ret = utrace_crash_read_word(ubuf, count, buf, sizeof(buf));
	if (ret)
		return ret;
	if (kstrtobool(strim(buf), &on))
		return -EINVAL;
	ret = utrace_crash_set_enabled(on);
	return ret ? ret : count;
}

/* Read side of enable and timeout_ms: one unsigned number. */
static ssize_t utrace_crash_read_uint(char __user *ubuf, size_t count,
				      loff_t *ppos, unsigned int val)
{
	char buf[16];
	int len = scnprintf(buf, sizeof(buf), "%u\n", val);

	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t utrace_crash_enable_read(struct file *file, char __user *ubuf,
					size_t count, loff_t *ppos)
{
	return utrace_crash_read_uint(ubuf, count, ppos,
				      READ_ONCE(utrace_crash_enabled));
}

static const struct file_operations utrace_crash_enable_fops = {
	.read	= utrace_crash_enable_read,
	.write	= utrace_crash_enable_write,
	.llseek	= default_llseek,
};

static ssize_t utrace_crash_timeout_write(struct file *file,
					  const char __user *ubuf,
					  size_t count, loff_t *ppos)
{
	unsigned int ms;
	char buf[16];
	int ret;

	ret = utrace_crash_read_word(ubuf, count, buf, sizeof(buf));
	if (ret)
		return ret;
	if (kstrtouint(strim(buf), 10, &ms) || !ms ||
	    ms > UTRACE_CRASH_MAX_TIMEOUT_MS)
		return -EINVAL;
	WRITE_ONCE(utrace_crash_timeout_ms, ms);
	return count;
}

static ssize_t utrace_crash_timeout_read(struct file *file, char __user *ubuf,
					 size_t count, loff_t *ppos)
{
	return utrace_crash_read_uint(ubuf, count, ppos,
				      READ_ONCE(utrace_crash_timeout_ms));
}

static const struct file_operations utrace_crash_timeout_fops = {
	.read	= utrace_crash_timeout_read,
	.write	= utrace_crash_timeout_write,
	.llseek	= default_llseek,
};

static ssize_t utrace_crash_release_write(struct file *file,
					  const char __user *ubuf,
					  size_t count, loff_t *ppos)
{
	struct utrace_crash_held *held;
	char buf[32], action[8];
	int decision, ret;
	pid_t pid;

	ret = utrace_crash_read_word(ubuf, count, buf, sizeof(buf));
	if (ret)
		return ret;
	if (sscanf(buf, "%d %7s", &pid, action) != 2)
		return -EINVAL;
	if (!strcmp(action, "core"))
		decision = UTRACE_CRASH_CORE;
	else if (!strcmp(action, "kill"))
		decision = UTRACE_CRASH_KILL;
	else
		return -EINVAL;

	ret = -ESRCH;
	spin_lock(&utrace_crash_lock);
	list_for_each_entry(held, &utrace_crash_list, node) {
		if (held->task->pid == pid &&
		    held->decision == UTRACE_CRASH_PENDING) {
			held->decision = decision;
			ret = count;
		}
	}
	spin_unlock(&utrace_crash_lock);
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
	const struct pt_regs *regs = task_pt_regs(held->task);
	char comm[TASK_COMM_LEN];

	strscpy(comm, held->task->comm, sizeof(comm));
	strreplace(comm, ' ', '_');
	seq_printf(m, "pid=%d tgid=%d comm=%s sig=%d code=%d addr=0x%lx held_ms=%u",
		   held->task->pid, held->task->tgid, comm,
		   held->info->si_signo, held->info->si_code,
		   utrace_signal_fault_addr(held->info),
		   jiffies_to_msecs(jiffies - held->since));
	seq_printf(m, " rip=0x%lx rsp=0x%lx rbp=0x%lx rax=0x%lx rbx=0x%lx",
		   regs->ip, regs->sp, regs->bp, regs->ax, regs->bx);
	seq_printf(m, " rcx=0x%lx rdx=0x%lx rsi=0x%lx rdi=0x%lx r8=0x%lx",
		   regs->cx, regs->dx, regs->si, regs->di, regs->r8);
	seq_printf(m, " r9=0x%lx r10=0x%lx r11=0x%lx r12=0x%lx r13=0x%lx",
		   regs->r9, regs->r10, regs->r11, regs->r12, regs->r13);
	seq_printf(m, " r14=0x%lx r15=0x%lx eflags=0x%lx\n",
		   regs->r14, regs->r15, regs->flags);
}

static int utrace_crash_held_show(struct seq_file *m, void *v)
{
	struct utrace_crash_held *held;

	spin_lock(&utrace_crash_lock);
	list_for_each_entry(held, &utrace_crash_list, node)
		if (held->decision == UTRACE_CRASH_PENDING)
			utrace_crash_show_one(m, held);
	spin_unlock(&utrace_crash_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(utrace_crash_held);

static int __init utrace_crash_init(void)
{
	struct dentry *parent = utrace_tracefs_dir(), *dir;

	if (!parent)
		return 0;
	dir = tracefs_create_dir("crash", parent);
	if (!dir)
		return -ENOMEM;
	tracefs_create_file("enable", 0600, dir, NULL,
			    &utrace_crash_enable_fops);
	tracefs_create_file("timeout_ms", 0600, dir, NULL,
			    &utrace_crash_timeout_fops);
	tracefs_create_file("release", 0200, dir, NULL,
			    &utrace_crash_release_fops);
	tracefs_create_file("held", 0400, dir, NULL, &utrace_crash_held_fops);
	return 0;
}
late_initcall(utrace_crash_init);
