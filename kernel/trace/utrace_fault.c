// SPDX-License-Identifier: GPL-2.0
/*
 * Syscall fault injection as a utrace global engine: selected system
 * calls are aborted at entry with a chosen errno, so they never run and
 * the caller sees -1/errno.  utrace:syscall_exit shows them as injected.
 *
 * Knobs live in debugfs, fail_utrace_syscall/: the standard fault_attr
 * files (probability, interval, times, space, verbose, task-filter, ...;
 * Documentation/fault-injection/fault-injection.rst) plus our selection:
 *
 *   syscalls  names or numbers, e.g. "openat 39"; empty detaches the engine
 *   errno     1..4095 but not the ERESTART* codes (default 2, ENOENT)
 *   pid       only this thread group (0: any)
 *   comm      only tasks of this name (empty: any)
 *
 * A write is parsed and checked whole before it takes effect, so a
 * malformed one returns -EINVAL and changes nothing.  The engine is
 * attached only while at least one syscall is selected.
 */
#include <linux/bitmap.h>
#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/fault-inject.h>
#include <linux/kallsyms.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/utrace.h>
#include <asm/syscall.h>

#define UTRACE_FAULT_MAX_WRITE	1024

struct utrace_fault_rule {
	DECLARE_BITMAP(syscalls, NR_syscalls);
	int error;
	pid_t tgid;
	char comm[TASK_COMM_LEN];
	struct rcu_head rcu;
};

static DECLARE_FAULT_ATTR(utrace_fault_attr);
static struct utrace_fault_rule __rcu *utrace_fault_rule;
static struct utrace_engine *utrace_fault_engine;
static DEFINE_MUTEX(utrace_fault_lock);

static bool utrace_fault_matches(const struct utrace_fault_rule *rule,
				 long nr)
{
	if (nr < 0 || nr >= NR_syscalls || !test_bit(nr, rule->syscalls))
		return false;
	if (rule->tgid && rule->tgid != task_tgid_nr(current))
		return false;
	if (rule->comm[0] && strncmp(rule->comm, current->comm, TASK_COMM_LEN))
		return false;
	return true;
}

/* Process context, no locks held; runs after ptrace saw the entry. */
static u32 utrace_fault_syscall_entry(u32 action, struct utrace_engine *engine,
				      struct pt_regs *regs)
{
	const struct utrace_fault_rule *rule;
	int error = 0;

	/* Someone already decided this call does not run. */
	if (utrace_syscall_action(action) == UTRACE_SYSCALL_ABORT)
		return UTRACE_RESUME;

	rcu_read_lock();
	rule = rcu_dereference(utrace_fault_rule);
	if (rule && utrace_fault_matches(rule, syscall_get_nr(current, regs)))
		error = rule->error;
	rcu_read_unlock();

	if (!error || !should_fail(&utrace_fault_attr, 1))
		return UTRACE_RESUME;
	syscall_set_return_value(current, regs, -error, 0);
	return UTRACE_RESUME | UTRACE_SYSCALL_ABORT;
}

static const struct utrace_engine_ops utrace_fault_ops = {
	.report_syscall_entry	= utrace_fault_syscall_entry,
};

/* Syscall number of a name, by comparing sys_call_table with kallsyms. */
static long utrace_fault_syscall_nr(const char *name)
{
	char sym[KSYM_NAME_LEN];
	unsigned long addr;
	long nr;

	if (!kstrtol(name, 10, &nr))
		return nr >= 0 && nr < NR_syscalls ? nr : -EINVAL;
	if (snprintf(sym, sizeof(sym), "__x64_sys_%s", name) >= sizeof(sym))
		return -EINVAL;
	addr = kallsyms_lookup_name(sym);
	if (!addr)
		return -EINVAL;
	for (nr = 0; nr < NR_syscalls; nr++)
		if ((unsigned long)sys_call_table[nr] == addr)
			return nr;
	return -EINVAL;
}

/* Parse a syscalls write into @rule; the rule is untouched on error. */
static int utrace_fault_parse_syscalls(struct utrace_fault_rule *rule,
				       char *buf)
{
	DECLARE_BITMAP(set, NR_syscalls);
	char *tok;
	long nr;

	bitmap_zero(set, NR_syscalls);
	while ((tok = strsep(&buf, " \t\n,")) != NULL) {
		if (!*tok)
			continue;
		nr = utrace_fault_syscall_nr(tok);
		if (nr < 0)
			return -EINVAL;
		__set_bit(nr, set);
	}
	bitmap_copy(rule->syscalls, set, NR_syscalls);
	return 0;
}

static int utrace_fault_parse_errno(struct utrace_fault_rule *rule, char *buf)
{
	int error;

	if (kstrtoint(strim(buf), 10, &error))
		return -EINVAL;
	/* The restart codes would make the signal code re-run the call. */
	if (error < 1 || error > MAX_ERRNO ||
	    (error >= ERESTARTSYS && error <= ERESTART_RESTARTBLOCK))
		return -EINVAL;
	rule->error = error;
	return 0;
}

static int utrace_fault_parse_pid(struct utrace_fault_rule *rule, char *buf)
{
	int pid;

	if (kstrtoint(strim(buf), 10, &pid) || pid < 0)
		return -EINVAL;
	rule->tgid = pid;
	return 0;
}

static int utrace_fault_parse_comm(struct utrace_fault_rule *rule, char *buf)
{
	buf = strim(buf);
	if (strlen(buf) >= TASK_COMM_LEN)
		return -EINVAL;
	strscpy(rule->comm, buf, TASK_COMM_LEN);
	return 0;
}

/* Attach the engine while a syscall is selected, detach otherwise. */
static int utrace_fault_sync_engine(const struct utrace_fault_rule *rule)
{
	bool want = !bitmap_empty(rule->syscalls, NR_syscalls);
	struct utrace_engine *engine;

	if (want && !utrace_fault_engine) {
		engine = utrace_global_attach(&utrace_fault_ops, NULL,
					      UTRACE_EVENT(SYSCALL_ENTRY));
		if (IS_ERR(engine))
			return PTR_ERR(engine);
		utrace_fault_engine = engine;
	} else if (!want && utrace_fault_engine) {
		utrace_global_detach(utrace_fault_engine);
		utrace_fault_engine = NULL;
	}
	return 0;
}

static void utrace_fault_show_syscalls(struct seq_file *m,
				       const struct utrace_fault_rule *rule)
{
	unsigned int nr;

	for_each_set_bit(nr, rule->syscalls, NR_syscalls)
		seq_printf(m, "%u %ps\n", nr, sys_call_table[nr]);
}

static void utrace_fault_show_errno(struct seq_file *m,
				    const struct utrace_fault_rule *rule)
{
	seq_printf(m, "%d\n", rule->error);
}

static void utrace_fault_show_pid(struct seq_file *m,
				  const struct utrace_fault_rule *rule)
{
	seq_printf(m, "%d\n", rule->tgid);
}

static void utrace_fault_show_comm(struct seq_file *m,
				   const struct utrace_fault_rule *rule)
{
	seq_printf(m, "%s\n", rule->comm);
}

/* One debugfs file of our own: how to parse a write and show the value. */
struct utrace_fault_knob {
	const char *name;
	int (*parse)(struct utrace_fault_rule *rule, char *buf);
	void (*show)(struct seq_file *m, const struct utrace_fault_rule *rule);
};

static const struct utrace_fault_knob utrace_fault_knobs[] = {
	{ "syscalls", utrace_fault_parse_syscalls, utrace_fault_show_syscalls },
	{ "errno", utrace_fault_parse_errno, utrace_fault_show_errno },
	{ "pid", utrace_fault_parse_pid, utrace_fault_show_pid },
	{ "comm", utrace_fault_parse_comm, utrace_fault_show_comm },
};

static ssize_t utrace_fault_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	const struct utrace_fault_knob *knob = file_inode(file)->i_private;
	struct utrace_fault_rule *old, *new;
	char *buf;
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (count >= UTRACE_FAULT_MAX_WRITE)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	new = kmalloc(sizeof(*new), GFP_KERNEL);
	if (!new) {
		kfree(buf);
		return -ENOMEM;
	}

	mutex_lock(&utrace_fault_lock);
	old = rcu_dereference_protected(utrace_fault_rule,
					lockdep_is_held(&utrace_fault_lock));
	*new = *old;
	ret = knob->parse(new, buf);
	if (!ret)
		ret = utrace_fault_sync_engine(new);
	if (!ret) {
		rcu_assign_pointer(utrace_fault_rule, new);
		kfree_rcu(old, rcu);
		new = NULL;
	}
	mutex_unlock(&utrace_fault_lock);

	kfree(new);
	kfree(buf);
	return ret ? ret : count;
}

static int utrace_fault_show(struct seq_file *m, void *v)
{
	const struct utrace_fault_knob *knob = m->private;

	mutex_lock(&utrace_fault_lock);
	knob->show(m, rcu_dereference_protected(utrace_fault_rule,
				lockdep_is_held(&utrace_fault_lock)));
	mutex_unlock(&utrace_fault_lock);
	return 0;
}

static int utrace_fault_open(struct inode *inode, struct file *file)
{
	return single_open(file, utrace_fault_show, inode->i_private);
}

static const struct file_operations utrace_fault_fops = {
	.open		= utrace_fault_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.write		= utrace_fault_write,
	.release	= single_release,
};

static int __init utrace_fault_init(void)
{
	struct utrace_fault_rule *rule;
	struct dentry *dir;
	int i;

	rule = kzalloc(sizeof(*rule), GFP_KERNEL);
	if (!rule)
		return -ENOMEM;
	rule->error = ENOENT;
	RCU_INIT_POINTER(utrace_fault_rule, rule);

	/* One line per injected failure, no stack dump. */
	utrace_fault_attr.verbose = 1;
	dir = fault_create_debugfs_attr("fail_utrace_syscall", NULL,
					&utrace_fault_attr);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	for (i = 0; i < ARRAY_SIZE(utrace_fault_knobs); i++)
		debugfs_create_file(utrace_fault_knobs[i].name, 0600, dir,
				    (void *)&utrace_fault_knobs[i],
				    &utrace_fault_fops);
	return 0;
}
late_initcall(utrace_fault_init);
