// SPDX-License-Identifier: GPL-2.0
/*
 * utrace/statedump: writing "1" emits one utrace:utrace_task record per
 * thread that exists, into every instance where that event is enabled,
 * so that a reader who starts late knows the processes that are already
 * there (their parents, names, executables).
 *
 * The records are written by a kernel worker, not by the writer: the
 * writer's own filters (a reader leaves itself out with
 * set_event_notrace_pid) do not drop them.  The write returns when the
 * dump is complete.
 *
 * The walk goes by pid number, as /proc's readdir does, in batches: each
 * batch is gathered under rcu_read_lock() with a reference on each task,
 * then formatted and emitted where it may sleep (the exe path needs
 * get_task_exe_file() and d_path()).  No lock is held across batches, so
 * forks and exits go on meanwhile.  A reader that enabled utrace_clone
 * and utrace_exit before its write sees every thread either in the dump
 * or in a clone or exit record: a thread forked after the write started
 * is reported by its clone, one whose pid the walk passes before it is
 * hashed too; a thread that is gone before the walk reaches it reported
 * its exit (utrace_exit comes before its pid is unhashed).
 */
#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/tracefs.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>
#include <trace/events/utrace.h>

#include "utrace_global.h"

/* Threads gathered under one rcu_read_lock() section. */
#define UTRACE_DUMP_BATCH	32

struct utrace_dump_batch {
	int n;
	struct task_struct *task[UTRACE_DUMP_BATCH];
	struct utrace_task_info info[UTRACE_DUMP_BATCH];
};

/* One dump at a time: a second writer waits for the first. */
static DEFINE_MUTEX(utrace_dump_lock);
static int utrace_dump_ret;

/* What is read under RCU: the parent link and the credentials. */
static void utrace_dump_ids(struct task_struct *t,
			    struct utrace_task_info *info)
{
	info->pid = t->pid;
	info->tgid = t->tgid;
	/* 0 for pid 1 and kthreadd: their parent is the idle task. */
	info->ppid = pid_alive(t) ?
		task_tgid_nr(rcu_dereference(t->real_parent)) : 0;
	info->uid = from_kuid_munged(&init_user_ns, task_uid(t));
	info->start_time = t->group_leader->start_boottime;
#ifdef CONFIG_CGROUPS
	info->cgroup_id = cgroup_id(task_dfl_cgroup(t));
#else
	info->cgroup_id = 0;
#endif
}

/*
 * Fill @b with the threads whose pid is *@nr or above, taking a
 * reference on each; *@nr becomes the next pid to look at.  Return the
 * number gathered, 0 at the end.
 */
static int utrace_dump_gather(struct utrace_dump_batch *b, int *nr)
{
	struct task_struct *t;
	struct pid *pid;

	b->n = 0;
	rcu_read_lock();
	while (b->n < UTRACE_DUMP_BATCH) {
		pid = find_ge_pid(*nr, &init_pid_ns);
		if (!pid)
			break;
		*nr = pid_nr(pid) + 1;
		t = pid_task(pid, PIDTYPE_PID);
		if (!t)
			continue;
		get_task_struct(t);
		utrace_dump_ids(t, &b->info[b->n]);
		b->task[b->n++] = t;
	}
	rcu_read_unlock();
	return b->n;
}

/* @t's executable as a path in @buf (PATH_MAX), or "" if it has none. */
static void utrace_dump_exe(struct task_struct *t,
			    struct utrace_task_info *info, char *buf)
{
	struct file *exe = get_task_exe_file(t);
	char *p = NULL;
	size_t len;

	info->exe = "";
	info->exe_cut = false;
	if (!exe)
		return;
	p = d_path(&exe->f_path, buf, PATH_MAX);
	fput(exe);
	if (IS_ERR(p))
		return;
	len = strlen(p);
	if (len >= UTRACE_TASK_EXE_MAX) {
		p[UTRACE_TASK_EXE_MAX - 1] = '\0';
		info->exe_cut = true;
	}
	info->exe = p;
}

/* Emit the batch's records and drop its references. */
static void utrace_dump_emit(struct utrace_dump_batch *b, char *buf)
{
	int i;

	for (i = 0; i < b->n; i++) {
		struct task_struct *t = b->task[i];
		struct utrace_task_info *info = &b->info[i];

		__get_task_comm(info->comm, sizeof(info->comm), t);
		utrace_dump_exe(t, info, buf);
		trace_utrace_task(info);
		put_task_struct(t);
	}
}

/*
 * The worker: process context, no locks held (the writer holds the
 * dump lock for it); sleeps (the exe path, cond_resched() between
 * batches).
 */
static void utrace_statedump_work(struct work_struct *work)
{
	struct utrace_dump_batch *b;
	char *buf;
	int nr = 1;

	b = kmalloc(sizeof(*b), GFP_KERNEL);
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	utrace_dump_ret = -ENOMEM;
	if (b && buf) {
		while (utrace_dump_gather(b, &nr)) {
			utrace_dump_emit(b, buf);
			cond_resched();
		}
		utrace_dump_ret = 0;
	}
	kfree(buf);
	kfree(b);
}

static DECLARE_WORK(utrace_dump_work, utrace_statedump_work);

/* Run a dump and wait for its end; the writer's signals do not stop it. */
static int utrace_statedump(void)
{
	int ret;

	if (mutex_lock_killable(&utrace_dump_lock))
		return -EINTR;
	queue_work(system_long_wq, &utrace_dump_work);
	flush_work(&utrace_dump_work);
	ret = utrace_dump_ret;
	mutex_unlock(&utrace_dump_lock);
	return ret;
}

/* "1" (a newline may follow) dumps; anything else is refused. */
static ssize_t utrace_statedump_write(struct file *file,
				      const char __user *ubuf, size_t cnt,
				      loff_t *ppos)
{
	char c[3] = {};
	int ret;

	if (!cnt || cnt > 2)
		return -EINVAL;
	if (copy_from_user(c, ubuf, cnt))
		return -EFAULT;
	if (c[0] != '1' || (cnt == 2 && c[1] != '\n'))
		return -EINVAL;
	/* Nobody would receive a record: nothing to walk. */
	if (!trace_utrace_task_enabled())
		return cnt;
	ret = utrace_statedump();
	return ret ? ret : cnt;
}

static const struct file_operations utrace_statedump_fops = {
	.write	= utrace_statedump_write,
	.llseek	= noop_llseek,
};

static __init int utrace_statedump_init(void)
{
	struct dentry *dir = utrace_tracefs_dir();

	if (!dir)
		return 0;
	tracefs_create_file("statedump", 0200, dir, NULL,
			    &utrace_statedump_fops);
	return 0;
}
late_initcall(utrace_statedump_init);
