// SPDX-License-Identifier: GPL-2.0
/*
 * Syscall fault injection as a utrace global engine: selected system
 * calls are aborted at entry with a chosen errno, so they never run and
 * the caller sees -1/errno.  utrace:utrace_syscall_exit shows them as injected.
 *
 * Knobs live in debugfs, fail_utrace_syscall/: the standard fault_attr
 * files (probability, interval, times, space, verbose, task-filter, ...;
 * Documentation/fault-injection/fault-injection.rst) plus our selection:
 *
 *   syscalls  names or numbers, e.g. "openat 39 i386:20"; empty detaches
 *             the engine.  A name selects its x86_64 number and, with
 *             IA32_EMULATION, its i386 number too; a plain number is an
 *             x86_64 one, "i386:N" an i386 one.  Each call is matched
 *             against the numbers of its own ABI.
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
#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/fault-inject.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/utrace.h>
#include <asm/syscall.h>

#include "utrace_fault.h"

#define UTRACE_FAULT_MAX_WRITE	1024

/* A system call table entry: its number, native and dispatched function. */
struct utrace_fault_call {
	unsigned int nr;
	const char *native;
	const char *sym;
};

/*
 * The system call tables by name, in the order arch/x86/entry/
 * syscall_64.c and syscall_32.c dispatch them.  6.12 keeps no i386 table
 * of addresses, and addresses would not name calls anyway: a call
 * without arguments is one function under several names.
 */
#define __SYSCALL(nr, sym)	{ nr, #sym, #sym },
#define __SYSCALL_NORETURN(nr, sym)	__SYSCALL(nr, sym)
#define __SYSCALL_WITH_COMPAT(nr, native, compat)	{ nr, #native, #compat },

static const struct utrace_fault_call utrace_fault_x64_table[] = {
#include <asm/syscalls_64.h>
};

static_assert(ARRAY_SIZE(utrace_fault_x64_table) == NR_syscalls);

#ifdef CONFIG_IA32_EMULATION
static const struct utrace_fault_call utrace_fault_ia32_table[] = {
#include <asm/syscalls_32.h>
};

static_assert(ARRAY_SIZE(utrace_fault_ia32_table) == IA32_NR_syscalls);
#else
static const struct utrace_fault_call utrace_fault_ia32_table[1];
#endif

#undef __SYSCALL
#undef __SYSCALL_NORETURN
#undef __SYSCALL_WITH_COMPAT

struct utrace_fault_rule {
	DECLARE_BITMAP(syscalls, NR_syscalls);
	DECLARE_BITMAP(ia32_syscalls, UTRACE_FAULT_NR_IA32);
	int error;
	pid_t tgid;
	char comm[TASK_COMM_LEN];
	struct rcu_head rcu;
};

DECLARE_FAULT_ATTR(utrace_fault_attr);
static struct utrace_fault_rule __rcu *utrace_fault_rule;
static struct utrace_engine *utrace_fault_engine;
static DEFINE_MUTEX(utrace_fault_lock);

/* Is @nr, a number of current's system call ABI, in its set? */
bool utrace_fault_nr_selected(const unsigned long *set,
			      const unsigned long *ia32_set, int nr)
{
	unsigned int nr_max = NR_syscalls;

	if (syscall_get_arch(current) == AUDIT_ARCH_I386) {
		nr_max = UTRACE_FAULT_NR_IA32;
		set = ia32_set;
	}
	return nr >= 0 && nr < nr_max && test_bit(nr, set);
}

static bool utrace_fault_matches(const struct utrace_fault_rule *rule,
				 int nr)
{
	if (!utrace_fault_nr_selected(rule->syscalls, rule->ia32_syscalls, nr))
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

/* @sym is sys_@name or compat_sys_@name. */
static bool utrace_fault_call_is(const char *sym, const char *name)
{
	sym += str_has_prefix(sym, "compat_");
	return str_has_prefix(sym, "sys_") && !strcmp(sym + 4, name);
}

/*
 * Select in @set each entry of @table (@nr_max long) whose native or
 * dispatched function is sys_@name or compat_sys_@name.  Return how many.
 */
static int utrace_fault_select_call(unsigned long *set,
				    const struct utrace_fault_call *table,
				    unsigned int nr_max, const char *name)
{
	const struct utrace_fault_call *call;
	int found = 0;

	for (call = table; call < table + nr_max; call++) {
		if (utrace_fault_call_is(call->native, name) ||
		    utrace_fault_call_is(call->sym, name)) {
			__set_bit(call->nr, set);
			found++;
		}
	}
	return found;
}

/*
 * A name: its x86_64 entries in @set, its i386 ones in @ia32_set, from
 * the tables of @abis; a name none of them has is refused.
 */
static int utrace_fault_select_name(unsigned long *set,
				    unsigned long *ia32_set, const char *name,
				    unsigned int abis)
{
	int found = 0;

	if (abis & UTRACE_FAULT_ABI_X64)
		found += utrace_fault_select_call(set, utrace_fault_x64_table,
						  NR_syscalls, name);
	if (abis & UTRACE_FAULT_ABI_I386)
		found += utrace_fault_select_call(ia32_set,
						  utrace_fault_ia32_table,
						  UTRACE_FAULT_NR_IA32, name);
	return found ? 0 : -EINVAL;
}

/* A number below @nr_max, selected in @set. */
static int utrace_fault_select_nr(unsigned long *set, unsigned int nr_max,
				  const char *tok)
{
	unsigned int nr;

	if (kstrtouint(tok, 10, &nr) || nr >= nr_max)
		return -EINVAL;
	__set_bit(nr, set);
	return 0;
}

/**
 * utrace_fault_parse_set - parse a list of system calls
 * @set:	x86_64 numbers selected (NR_syscalls bits), set on success
 * @ia32_set:	i386 numbers selected (UTRACE_FAULT_NR_IA32 bits)
 * @buf:	the list, separated by spaces, tabs, newlines or commas;
 *		changed by the parse
 * @abis:	the UTRACE_FAULT_ABI_* tables a name selects entries in
 *
 * "N" is an x86_64 number, "i386:N" an i386 one; a name selects its
 * entries in the tables of @abis.  Return: 0, or -EINVAL with the sets
 * untouched.
 */
int utrace_fault_parse_set(unsigned long *set, unsigned long *ia32_set,
			   char *buf, unsigned int abis)
{
	DECLARE_BITMAP(x64, NR_syscalls);
	DECLARE_BITMAP(ia32, UTRACE_FAULT_NR_IA32);
	size_t len;
	char *tok;
	int err;

	bitmap_zero(x64, NR_syscalls);
	bitmap_zero(ia32, UTRACE_FAULT_NR_IA32);
	while ((tok = strsep(&buf, " \t\n,")) != NULL) {
		if (!*tok)
			continue;
		len = str_has_prefix(tok, "i386:");
		if (len)
			err = utrace_fault_select_nr(ia32,
						     UTRACE_FAULT_NR_IA32,
						     tok + len);
		else if (isdigit(*tok))
			err = utrace_fault_select_nr(x64, NR_syscalls, tok);
		else
			err = utrace_fault_select_name(x64, ia32, tok, abis);
		if (err)
			return err;
	}
	bitmap_copy(set, x64, NR_syscalls);
	bitmap_copy(ia32_set, ia32, UTRACE_FAULT_NR_IA32);
	return 0;
}

static int utrace_fault_parse_syscalls(struct utrace_fault_rule *rule,
				       char *buf)
{
	return utrace_fault_parse_set(rule->syscalls, rule->ia32_syscalls, buf,
				      UTRACE_FAULT_ABI_ALL);
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
	bool want = !bitmap_empty(rule->syscalls, NR_syscalls) ||
		    !bitmap_empty(rule->ia32_syscalls, UTRACE_FAULT_NR_IA32);
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
		seq_printf(m, "%u __x64_%s\n", nr, utrace_fault_x64_table[nr].sym);
	for_each_set_bit(nr, rule->ia32_syscalls, UTRACE_FAULT_NR_IA32)
		seq_printf(m, "i386:%u __ia32_%s\n", nr,
			   utrace_fault_ia32_table[nr].sym);
}

/* The sets as a parseable list: "N,i386:N,...". */
void utrace_fault_show_set(struct seq_file *m, const unsigned long *set,
			   const unsigned long *ia32_set)
{
	const char *sep = "";
	unsigned int nr;

	for_each_set_bit(nr, set, NR_syscalls) {
		seq_printf(m, "%s%u", sep, nr);
		sep = ",";
	}
	for_each_set_bit(nr, ia32_set, UTRACE_FAULT_NR_IA32) {
		seq_printf(m, "%si386:%u", sep, nr);
		sep = ",";
	}
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
	/*
	 * Every selected call, no limit: unlike the kernel's other fault
	 * points, nothing fails here until syscalls or a rule selects calls.
	 */
	utrace_fault_attr.probability = 100;
	atomic_set(&utrace_fault_attr.times, -1);
	dir = fault_create_debugfs_attr("fail_utrace_syscall", NULL,
					&utrace_fault_attr);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	for (i = 0; i < ARRAY_SIZE(utrace_fault_knobs); i++)
		debugfs_create_file(utrace_fault_knobs[i].name, 0600, dir,
				    (void *)&utrace_fault_knobs[i],
				    &utrace_fault_fops);
	utrace_fault_rules_init(dir);
	return 0;
}
late_initcall(utrace_fault_init);
