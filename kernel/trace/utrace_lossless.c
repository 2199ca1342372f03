// SPDX-License-Identifier: GPL-2.0
/*
 * utrace lossless scopes.  A registration, written to the tracefs file
 * utrace/lossless and owned by that open file, names a tracefs instance
 * and a selection of tasks (pid= [follow=], comm=, cgroup=: the fault
 * rules' syntax).  A selected task that is about to emit a utrace event
 * at a site that may sleep, while the event is enabled in the instance
 * and the instance's buffer of the task's CPU is filled to the mark or
 * beyond, waits for the reader to make room: killable, freezable, at
 * most timeout= milliseconds.  The ring buffer has no writer wake-up,
 * so a waiter looks again every UTRACE_LOSSLESS_POLL_US; closing the
 * file (the reader exiting, SIGKILL included) wakes every waiter at
 * once.  A wait that times out marks the registration stalled: its
 * tasks no longer wait (their events are dropped and counted by the
 * ring buffer, as without it) until a check finds the buffer under the
 * mark again.
 *
 * Registrations are an RCU list.  A waiter holds a reference on its
 * registration; it reads the instance only inside an RCU read side in
 * which it saw the registration live, and release() waits a grace
 * period after marking it gone before it drops the instance.
 */
#include <linux/capability.h>
#include <linux/cgroup.h>
#include <linux/hrtimer.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/rculist.h>
#include <linux/refcount.h>
#include <linux/ring_buffer.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/trace_events.h>
#include <linux/tracefs.h>
#include <linux/uaccess.h>
#include <linux/utrace_lossless.h>
#include <linux/wait.h>

#include "trace.h"
#include "utrace_global.h"

#define UTRACE_LOSSLESS_MAX		16	/* registrations */
#define UTRACE_LOSSLESS_MAX_WRITE	512
#define UTRACE_LOSSLESS_MAX_TIMEOUT	600000U	/* ms */
#define UTRACE_LOSSLESS_MARK		50	/* percent, by default */
#define UTRACE_LOSSLESS_POLL_US		1000
#define UTRACE_LOSSLESS_SLACK_NS	(100 * NSEC_PER_USEC)

DEFINE_STATIC_KEY_FALSE(utrace_lossless_key);

/* The event each site emits, looked up in the instance. */
static const char * const utrace_lossless_events[_UTRACE_LOSSLESS_NSITES] = {
	[UTRACE_LOSSLESS_SYSCALL_ENTRY]	= "utrace_syscall_entry",
	[UTRACE_LOSSLESS_SYSCALL_EXIT]	= "utrace_syscall_exit",
	[UTRACE_LOSSLESS_EXEC]		= "utrace_exec",
	[UTRACE_LOSSLESS_EXIT]		= "utrace_exit",
	[UTRACE_LOSSLESS_DEATH]		= "utrace_death",
	[UTRACE_LOSSLESS_VFORK_DONE]	= "utrace_vfork_done",
};

struct utrace_lossless {
	struct list_head node;		/* utrace_lossless_regs, RCU */
	refcount_t ref;			/* the file's, and one per waiter */
	struct trace_array *tr;		/* held by file[], until release */
	struct trace_event_file *file[_UTRACE_LOSSLESS_NSITES];
	struct pid *owner;		/* the writer's process: never waits */
	struct utrace_scope_sel sel;
	u32 timeout_ms;
	u32 mark;			/* percent of the CPU's buffer */
	bool gone;			/* released: waiters leave */
	bool stalled;			/* a wait timed out */
	wait_queue_head_t wq;		/* waiters, woken by release */
	atomic_t waiting;
	atomic64_t waits;		/* events that waited */
	atomic64_t timeouts;		/* waits that timed out */
	atomic64_t skipped;		/* not waited for: stalled */
	char instance[];
};

/* An open utrace/lossless file: its registration, if written. */
struct utrace_lossless_owner {
	struct mutex lock;		/* one write at a time */
	struct utrace_lossless *ll;
};

static LIST_HEAD(utrace_lossless_regs);
static DEFINE_MUTEX(utrace_lossless_lock);	/* writers of the list */
static unsigned int utrace_lossless_nr;
/* The pid= scopes of all registrations; any_sel: one has no pid=. */
static u32 utrace_lossless_scopes;
static bool utrace_lossless_any_sel;

static void utrace_lossless_put(struct utrace_lossless *ll)
{
	if (refcount_dec_and_test(&ll->ref))
		kfree(ll);
}

/*
 * Is the instance's buffer of this CPU filled to the mark?  The bytes
 * written and not yet read (pages overwritten or read are taken off)
 * against the buffer's size, both per CPU.  RCU read side, ll live.
 */
static bool utrace_lossless_full(struct utrace_lossless *ll)
{
	struct trace_buffer *buffer = READ_ONCE(ll->tr->array_buffer.buffer);
	int cpu = raw_smp_processor_id();
	unsigned long size = ring_buffer_size(buffer, cpu);

	return size && (u64)ring_buffer_bytes_cpu(buffer, cpu) * 100 >=
		       (u64)ll->mark * size;
}

/*
 * Would this site's event go to the instance?  It is enabled there,
 * tracing is on, and the instance's pid filter lets current through.
 * RCU read side, ll live.
 */
static bool utrace_lossless_emits(struct utrace_lossless *ll,
				  enum utrace_lossless_site site)
{
	struct trace_event_file *file = ll->file[site];
	unsigned long flags = READ_ONCE(file->flags);

	if ((flags & (EVENT_FILE_FL_ENABLED | EVENT_FILE_FL_SOFT_DISABLED)) !=
	    EVENT_FILE_FL_ENABLED || !tracer_tracing_is_on(ll->tr))
		return false;
	if (flags & EVENT_FILE_FL_PID_FILTER) {
		guard(preempt)();
		return !trace_event_ignore_this_pid(file);
	}
	return true;
}

/*
 * Must current wait before it emits at @site?  A stalled registration
 * is stalled no more once its buffer is under the mark.  RCU read side.
 */
static bool utrace_lossless_must_wait(struct utrace_lossless *ll,
				      enum utrace_lossless_site site)
{
	if (READ_ONCE(ll->gone) || task_tgid(current) == ll->owner ||
	    !utrace_scope_sel_current(&ll->sel) ||
	    !utrace_lossless_emits(ll, site))
		return false;
	if (!utrace_lossless_full(ll)) {
		if (READ_ONCE(ll->stalled))
			WRITE_ONCE(ll->stalled, false);
		return false;
	}
	if (READ_ONCE(ll->stalled)) {
		atomic64_inc(&ll->skipped);
		return false;
	}
	return true;
}

/* Does the wait end: released, room made, or nothing to emit there? */
static bool utrace_lossless_done(struct utrace_lossless *ll,
				 enum utrace_lossless_site site)
{
	guard(rcu)();
	return READ_ONCE(ll->gone) || !utrace_lossless_emits(ll, site) ||
	       !utrace_lossless_full(ll);
}

/*
 * Killed: SIGKILL pending, or a group exit by SIGKILL already under way
 * (at the exit sites its SIGKILL was dequeued, and further signals are
 * dropped): a killed process never waits.
 */
static bool utrace_lossless_killed(void)
{
	struct signal_struct *sig = current->signal;

	return fatal_signal_pending(current) ||
	       ((READ_ONCE(sig->flags) & SIGNAL_GROUP_EXIT) &&
		(READ_ONCE(sig->group_exit_code) & 0x7f) == SIGKILL);
}

/*
 * The wait, out of any RCU read side, with a reference on @ll.  As a
 * utrace syscall delay (utrace_syscall_delay_sleep()), the task sleeps
 * killable and freezable, counted as frozen in its cgroup v2 while it
 * sleeps (not once it has left its cgroup: past cgroup_exit() at the
 * death site), and not in the load average.  It looks again every
 * UTRACE_LOSSLESS_POLL_US, at the buffer of the CPU it is on then: it
 * may still be migrated before it writes, a window the space above the
 * mark absorbs.  Not inlined: /proc/PID/wchan names it.
 */
static noinline void utrace_lossless_sleep(struct utrace_lossless *ll,
					   enum utrace_lossless_site site)
{
	ktime_t end = ktime_add_ms(ktime_get(), ll->timeout_ms), now, next;
	bool frozen = !(current->flags & PF_EXITING) &&
		      !cgroup_task_frozen(current);
	DEFINE_WAIT(wait);

	atomic64_inc(&ll->waits);
	atomic_inc(&ll->waiting);
	if (frozen)
		cgroup_enter_frozen();
	for (;;) {
		prepare_to_wait(&ll->wq, &wait,
				TASK_KILLABLE | TASK_NOLOAD | TASK_FREEZABLE);
		if (utrace_lossless_killed() || utrace_lossless_done(ll, site))
			break;
		now = ktime_get();
		if (!ktime_before(now, end)) {
			atomic64_inc(&ll->timeouts);
			WRITE_ONCE(ll->stalled, true);
			break;
		}
		next = ktime_add_us(now, UTRACE_LOSSLESS_POLL_US);
		if (ktime_after(next, end))
			next = end;
		schedule_hrtimeout_range(&next, UTRACE_LOSSLESS_SLACK_NS,
					 HRTIMER_MODE_ABS);
	}
	finish_wait(&ll->wq, &wait);
	if (frozen)
		cgroup_leave_frozen(true);
	atomic_dec(&ll->waiting);
}

/**
 * utrace_lossless_wait - wait for room before a utrace event, if asked to
 * @site:	the site, named by the event it is about to emit
 *
 * Called through utrace_lossless_check() while a scope is registered.
 * A task in no registered scope returns after one or two loads.
 * Process context, no locks held; may sleep.
 */
void utrace_lossless_wait(enum utrace_lossless_site site)
{
	struct utrace_lossless *ll;
	int i, from = 0;

	if (!(READ_ONCE(current->utrace_scopes) &
	      READ_ONCE(utrace_lossless_scopes)) &&
	    !READ_ONCE(utrace_lossless_any_sel))
		return;
	if (current->flags & PF_KTHREAD)
		return;
	/*
	 * One wait per registration at most, in list order: after a wait
	 * the walk starts again past the one waited for (the list may
	 * have changed meanwhile; then one may be skipped or seen twice).
	 */
	for (;;) {
		i = 0;
		rcu_read_lock();
		list_for_each_entry_rcu(ll, &utrace_lossless_regs, node)
			if (i++ >= from && utrace_lossless_must_wait(ll, site) &&
			    refcount_inc_not_zero(&ll->ref))
				break;
		rcu_read_unlock();
		if (list_entry_is_head(ll, &utrace_lossless_regs, node))
			return;
		if (!utrace_lossless_killed())
			utrace_lossless_sleep(ll, site);
		utrace_lossless_put(ll);
		from = i;
	}
}

/* The scopes of the list, and the key, after a change.  List lock held. */
static void utrace_lossless_update(void)
{
	struct utrace_lossless *ll;
	bool any_sel = false;
	u32 scopes = 0;

	lockdep_assert_held(&utrace_lossless_lock);
	list_for_each_entry(ll, &utrace_lossless_regs, node) {
		if (ll->sel.scope >= 0)
			scopes |= 1U << ll->sel.scope;
		else
			any_sel = true;
	}
	WRITE_ONCE(utrace_lossless_scopes, scopes);
	WRITE_ONCE(utrace_lossless_any_sel, any_sel);
	if (utrace_lossless_nr)
		static_branch_enable(&utrace_lossless_key);
	else
		static_branch_disable(&utrace_lossless_key);
	utrace_global_set_lossless(utrace_lossless_nr);
}

/*
 * Free a registration that is no longer listed: wake its waiters, wait
 * until no RCU reader can be looking at its instance or selection, drop
 * them.  Its memory goes with the last waiter's reference.  May sleep.
 */
static void utrace_lossless_free(struct utrace_lossless *ll)
{
	int i;

	if (!ll)
		return;
	WRITE_ONCE(ll->gone, true);
	wake_up_all(&ll->wq);
	synchronize_rcu();
	utrace_scope_sel_release(&ll->sel);
	put_pid(ll->owner);
	/* Each event file holds a reference on the instance. */
	for (i = 0; i < _UTRACE_LOSSLESS_NSITES; i++)
		if (ll->file[i])
			trace_put_event_file(ll->file[i]);
	utrace_lossless_put(ll);
}

/* instance=: the events of each site there, each holding the instance. */
static int utrace_lossless_parse_instance(struct utrace_lossless *ll,
					  const char *val)
{
	struct trace_event_file *file;
	int i;

	for (i = 0; i < _UTRACE_LOSSLESS_NSITES; i++) {
		file = trace_get_event_file(val, "utrace",
					    utrace_lossless_events[i]);
		if (IS_ERR(file))
			return PTR_ERR(file);
		ll->file[i] = file;
	}
	ll->tr = ll->file[0]->tr;
	return 0;
}

static int utrace_lossless_parse_u32(const char *val, u32 min, u32 max,
				     u32 *res)
{
	if (kstrtou32(val, 10, res) || *res < min || *res > max)
		return -EINVAL;
	return 0;
}

/* The keys of a line, parsed in this order: follow= before pid=. */
enum {
	UTRACE_LL_INSTANCE,
	UTRACE_LL_FOLLOW,
	UTRACE_LL_PID,
	UTRACE_LL_COMM,
	UTRACE_LL_CGROUP,
	UTRACE_LL_TIMEOUT,
	UTRACE_LL_MARK,
	UTRACE_LL_NR_KEYS
};

static const char * const utrace_lossless_keys[UTRACE_LL_NR_KEYS] = {
	"instance", "follow", "pid", "comm", "cgroup", "timeout", "mark",
};

static int utrace_lossless_parse_key(struct utrace_lossless *ll, int key,
				     char *val)
{
	struct pid *pid;
	u32 n;
	int err;

	switch (key) {
	case UTRACE_LL_INSTANCE:
		return utrace_lossless_parse_instance(ll, val);
	case UTRACE_LL_FOLLOW:
		if (utrace_lossless_parse_u32(val, 0, 1, &n))
			return -EINVAL;
		ll->sel.follow = n;
		return 0;
	case UTRACE_LL_PID:
		pid = utrace_scope_sel_find_pid(&ll->sel, val);
		if (IS_ERR(pid))
			return PTR_ERR(pid);
		err = utrace_scope_sel_add_pid(&ll->sel, pid);
		put_pid(pid);
		return err;
	case UTRACE_LL_COMM:
		return utrace_scope_sel_comm(&ll->sel, val);
	case UTRACE_LL_CGROUP:
		return utrace_scope_sel_cgroup(&ll->sel, val);
	case UTRACE_LL_TIMEOUT:
		return utrace_lossless_parse_u32(val, 1,
						 UTRACE_LOSSLESS_MAX_TIMEOUT,
						 &ll->timeout_ms);
	default:
		return utrace_lossless_parse_u32(val, 1, 99, &ll->mark);
	}
}

/*
 * Parse one line, "instance=NAME pid=N [follow=0|1] | comm=NAME |
 * cgroup=ID timeout=MS [mark=PERCENT]" (at least one of pid=, comm=,
 * cgroup=; follow= only with pid=).  On error the caller frees @ll with
 * whatever parsing took.
 */
static int utrace_lossless_parse(struct utrace_lossless *ll, char *line)
{
	char *vals[UTRACE_LL_NR_KEYS], *word, *val;
	unsigned long seen = 0;
	int key, err;

	while ((word = strsep(&line, " \t")) != NULL) {
		if (!*word)
			continue;
		val = strchr(word, '=');
		if (!val)
			return -EINVAL;
		*val++ = '\0';
		for (key = 0; key < UTRACE_LL_NR_KEYS; key++)
			if (!strcmp(word, utrace_lossless_keys[key]))
				break;
		if (key == UTRACE_LL_NR_KEYS || (seen & BIT(key)))
			return -EINVAL;
		seen |= BIT(key);
		vals[key] = val;
	}
	if (!(seen & BIT(UTRACE_LL_INSTANCE)) ||
	    !(seen & BIT(UTRACE_LL_TIMEOUT)) ||
	    !(seen & (BIT(UTRACE_LL_PID) | BIT(UTRACE_LL_COMM) |
		      BIT(UTRACE_LL_CGROUP))) ||
	    ((seen & BIT(UTRACE_LL_FOLLOW)) && !(seen & BIT(UTRACE_LL_PID))))
		return -EINVAL;
	for_each_set_bit(key, &seen, UTRACE_LL_NR_KEYS) {
		err = utrace_lossless_parse_key(ll, key, vals[key]);
		if (err)
			return err;
	}
	/* ll->instance was allocated as long as the whole line. */
	val = vals[UTRACE_LL_INSTANCE];
	memcpy(ll->instance, val, strlen(val) + 1);
	return 0;
}

/*
 * Publish @ll as @owner's registration, in place of the one it had,
 * which is returned to be freed.  On error nothing changes.
 */
static int utrace_lossless_install(struct utrace_lossless_owner *owner,
				   struct utrace_lossless *ll,
				   struct utrace_lossless **old)
{
	guard(mutex)(&utrace_lossless_lock);
	*old = owner->ll;
	if (!*old && utrace_lossless_nr == UTRACE_LOSSLESS_MAX)
		return -ENOSPC;
	if (*old)
		list_replace_rcu(&(*old)->node, &ll->node);
	else
		list_add_tail_rcu(&ll->node, &utrace_lossless_regs);
	utrace_lossless_nr += !*old;
	owner->ll = ll;
	utrace_lossless_update();
	return 0;
}

static ssize_t utrace_lossless_write(struct file *file, const char __user *ubuf,
				     size_t count, loff_t *ppos)
{
	char *buf __free(kfree) = NULL;
	struct seq_file *m = file->private_data;
	struct utrace_lossless_owner *owner = m->private;
	struct utrace_lossless *ll, *old = NULL;
	int err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (!count || count >= UTRACE_LOSSLESS_MAX_WRITE)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ll = kzalloc(struct_size(ll, instance, count + 1), GFP_KERNEL);
	if (!ll)
		return -ENOMEM;
	refcount_set(&ll->ref, 1);
	utrace_scope_sel_init(&ll->sel);
	ll->mark = UTRACE_LOSSLESS_MARK;
	init_waitqueue_head(&ll->wq);
	ll->owner = get_pid(task_tgid(current));

	guard(mutex)(&owner->lock);
	err = utrace_lossless_parse(ll, strim(buf));
	if (!err)
		err = utrace_lossless_install(owner, ll, &old);
	if (err) {
		/* Never listed: no reader, no waiter. */
		utrace_lossless_free(ll);
		return err;
	}
	utrace_lossless_free(old);
	return count;
}

static void utrace_lossless_show_one(struct seq_file *m,
				     struct utrace_lossless *ll)
{
	seq_printf(m, "owner=%d instance=%s", pid_nr(ll->owner), ll->instance);
	if (ll->sel.scope >= 0)
		seq_printf(m, " pid=%d follow=%d", ll->sel.pid, ll->sel.follow);
	if (ll->sel.comm[0])
		seq_printf(m, " comm=%s", ll->sel.comm);
	if (ll->sel.cgrp)
		seq_printf(m, " cgroup=%llu", ll->sel.cgroup_id);
	seq_printf(m, " timeout=%u mark=%u waiting=%d waits=%lld timeouts=%lld skipped=%lld stalled=%d\n",
		   ll->timeout_ms, ll->mark, atomic_read(&ll->waiting),
		   atomic64_read(&ll->waits), atomic64_read(&ll->timeouts),
		   atomic64_read(&ll->skipped), READ_ONCE(ll->stalled));
}

/* Every registration, one line each, with its counters. */
static int utrace_lossless_show(struct seq_file *m, void *v)
{
	struct utrace_lossless *ll;

	guard(mutex)(&utrace_lossless_lock);
	list_for_each_entry(ll, &utrace_lossless_regs, node)
		utrace_lossless_show_one(m, ll);
	return 0;
}

static int utrace_lossless_open(struct inode *inode, struct file *file)
{
	struct utrace_lossless_owner *owner;
	int err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	owner = kzalloc(sizeof(*owner), GFP_KERNEL);
	if (!owner)
		return -ENOMEM;
	mutex_init(&owner->lock);
	err = single_open(file, utrace_lossless_show, owner);
	if (err)
		kfree(owner);
	return err;
}

/*
 * The file's last close, the owner killed by SIGKILL included: its
 * registration goes, and every task waiting for it returns at once.
 */
static int utrace_lossless_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;
	struct utrace_lossless_owner *owner = m->private;
	struct utrace_lossless *ll = owner->ll;

	if (ll) {
		scoped_guard(mutex, &utrace_lossless_lock) {
			list_del_rcu(&ll->node);
			utrace_lossless_nr--;
			utrace_lossless_update();
		}
		utrace_lossless_free(ll);
	}
	kfree(owner);
	return single_release(inode, file);
}

static const struct file_operations utrace_lossless_fops = {
	.open		= utrace_lossless_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.write		= utrace_lossless_write,
	.release	= utrace_lossless_release,
};

static __init int utrace_lossless_init(void)
{
	struct dentry *dir = utrace_tracefs_dir();

	if (dir)
		tracefs_create_file("lossless", 0600, dir, NULL,
				    &utrace_lossless_fops);
	return 0;
}
late_initcall(utrace_lossless_init);
