// SPDX-License-Identifier: GPL-2.0
/*
 * Syscall fault injection rules: several rules at once, each with its
 * own selection (syscalls per ABI, a process and maybe its descendants,
 * a cgroup, a comm), action (errno, return value, signal, delays) and
 * "when" (the Nth matching call, then every Mth).  In debugfs,
 * fail_utrace_syscall/:
 *
 *   rules    the persistent rule set: a write replaces it, a read shows
 *            every installed rule, sessions' too, with its counters
 *   session  each open file has a rule set of its own, removed when the
 *            file is released (a tool that dies takes its rules along)
 *
 * One rule per line, "key=value" words; see
 * Documentation/trace/utrace-global.rst.  A write is
 * parsed whole: one bad rule refuses it with -EINVAL and changes nothing.
 * Rules also pass the fault_attr knobs (probability, times, ...).
 *
 * Rules that select a process put only its threads (and, following
 * forks, its descendants') on the syscall slow path, through a utrace
 * scope; a rule without a process puts every thread there.
 */
#include <linux/bitmap.h>
#include <linux/capability.h>
#include <linux/cgroup.h>
#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/fault-inject.h>
#include <linux/hrtimer.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/utrace.h>
#include <asm/syscall.h>

#include "utrace_fault.h"

#define UTRACE_RULES_PER_SET	32
#define UTRACE_RULES_MAX	64
#define UTRACE_RULES_MAX_WRITE	8192
#define UTRACE_RULES_MAX_DELAY	60000000U	/* microseconds */

#define UTRACE_RULE_ERROR	BIT(0)
#define UTRACE_RULE_RETVAL	BIT(1)
#define UTRACE_RULE_SIGNAL	BIT(2)
#define UTRACE_RULE_DELAY_ENTER	BIT(3)
#define UTRACE_RULE_DELAY_EXIT	BIT(4)

struct utrace_rule {
	u32 id;
	const struct file *owner;	/* NULL: the rules file */
	pid_t owner_tgid;
	DECLARE_BITMAP(syscalls, NR_syscalls);
	DECLARE_BITMAP(ia32_syscalls, UTRACE_FAULT_NR_IA32);
	int scope;			/* -1: no process selected */
	pid_t pid;			/* as the writer's namespace saw it */
	bool follow;
	char comm[TASK_COMM_LEN];
	u64 cgroup_id;
	struct cgroup *cgrp;
	unsigned int actions;
	int error;
	long retval;
	int signal;
	u32 delay_enter;
	u32 delay_exit;
	u32 when_first;
	u32 when_step;			/* 0: only the first */
	atomic64_t matched;
	atomic64_t fired;
};

/* What a call that a rule fired on gets, copied out of RCU. */
struct utrace_rule_hit {
	u32 id;
	unsigned int actions;
	int error;
	long retval;
	int signal;
	u32 delay_enter;
};

struct utrace_rules {
	unsigned int nr;
	struct utrace_rule *rule[];
};

static DECLARE_FAULT_ATTR(utrace_fault_attr);
static struct utrace_rules __rcu *utrace_rules;
static struct utrace_engine *utrace_rules_engine;
static DEFINE_MUTEX(utrace_rules_lock);
static u32 utrace_rules_next_id = 1;

static bool utrace_rule_selects(const struct utrace_rule *rule, int nr)
{
	if (!utrace_fault_nr_selected(rule->syscalls, rule->ia32_syscalls, nr))
		return false;
	if (rule->scope >= 0 && !utrace_scope_current(rule->scope))
		return false;
	if (rule->comm[0] && strncmp(rule->comm, current->comm, TASK_COMM_LEN))
		return false;
#ifdef CONFIG_CGROUPS
	if (rule->cgrp && !cgroup_is_descendant(task_dfl_cgroup(current),
						rule->cgrp))
		return false;
#endif
	return true;
}

/* Count a matching call; is it one "when" picks? */
static bool utrace_rule_when(struct utrace_rule *rule)
{
	u64 n = atomic64_inc_return(&rule->matched);

	if (n == rule->when_first)
		return true;
	return rule->when_step && n > rule->when_first &&
	       (n - rule->when_first) % rule->when_step == 0;
}

/*
 * Every rule that selects the call counts it; the first whose "when"
 * picks it and that passes the fault_attr knobs acts.  RCU read side.
 */
static bool utrace_rules_pick(struct utrace_rules *rules, int nr,
			      struct utrace_rule_hit *hit)
{
	bool found = false;
	unsigned int i;

	for (i = 0; i < rules->nr; i++) {
		struct utrace_rule *rule = rules->rule[i];

		if (!utrace_rule_selects(rule, nr) || !utrace_rule_when(rule) ||
		    found || !should_fail(&utrace_fault_attr, 1))
			continue;
		atomic64_inc(&rule->fired);
		found = true;
		hit->id = rule->id;
		hit->actions = rule->actions;
		hit->error = rule->error;
		hit->retval = rule->retval;
		hit->signal = rule->signal;
		hit->delay_enter = rule->delay_enter;
	}
	return found;
}

/* Sleep @us microseconds; a fatal signal ends it early. */
static void utrace_rules_delay(u32 us)
{
	ktime_t end = ktime_add_us(ktime_get(), us);

	while (!fatal_signal_pending(current)) {
		set_current_state(TASK_KILLABLE);
		if (!schedule_hrtimeout(&end, HRTIMER_MODE_ABS))
			break;
	}
	__set_current_state(TASK_RUNNING);
}

/* Process context, no locks held, may sleep; runs after ptrace. */
static u32 utrace_rules_syscall_entry(u32 action, struct utrace_engine *engine,
				      struct pt_regs *regs)
{
	struct utrace_rule_hit hit;
	struct utrace_rules *rules;
	bool found = false;

	/* Someone already decided this call does not run. */
	if (utrace_syscall_action(action) == UTRACE_SYSCALL_ABORT)
		return UTRACE_RESUME;

	rcu_read_lock();
	rules = rcu_dereference(utrace_rules);
	if (rules)
		found = utrace_rules_pick(rules, syscall_get_nr(current, regs),
					  &hit);
	rcu_read_unlock();
	if (!found)
		return UTRACE_RESUME;

	utrace_syscall_set_rule(hit.id);
	if (hit.actions & UTRACE_RULE_DELAY_ENTER)
		utrace_rules_delay(hit.delay_enter);
	if (hit.actions & UTRACE_RULE_SIGNAL)
		send_sig(hit.signal, current, 1);
	if (hit.actions & UTRACE_RULE_ERROR) {
		syscall_set_return_value(current, regs, -hit.error, 0);
		return UTRACE_RESUME | UTRACE_SYSCALL_ABORT;
	}
	if (hit.actions & UTRACE_RULE_RETVAL) {
		syscall_set_return_value(current, regs, 0, hit.retval);
		return UTRACE_RESUME | UTRACE_SYSCALL_ABORT;
	}
	return UTRACE_RESUME;
}

/* Process context, no locks held, may sleep: a rule's delay_exit. */
static u32 utrace_rules_syscall_exit(u32 action, struct utrace_engine *engine,
				     struct pt_regs *regs)
{
	u32 id = utrace_syscall_rule(), delay = 0;
	struct utrace_rules *rules;
	unsigned int i;

	if (!id)
		return UTRACE_RESUME;
	rcu_read_lock();
	rules = rcu_dereference(utrace_rules);
	for (i = 0; rules && i < rules->nr; i++)
		if (rules->rule[i]->id == id)
			delay = rules->rule[i]->delay_exit;
	rcu_read_unlock();
	if (delay)
		utrace_rules_delay(delay);
	return UTRACE_RESUME;
}

static const struct utrace_engine_ops utrace_rules_ops = {
	.report_syscall_entry	= utrace_rules_syscall_entry,
	.report_syscall_exit	= utrace_rules_syscall_exit,
};

/* Undo what parsing a rule took: its scope and its cgroup. */
static void utrace_rule_free(struct utrace_rule *rule)
{
	if (rule->scope >= 0)
		utrace_scope_free(rule->scope);
#ifdef CONFIG_CGROUPS
	if (rule->cgrp)
		cgroup_put(rule->cgrp);
#endif
	kfree(rule);
}

static int utrace_rule_parse_u32(const char *val, u32 min, u32 max, u32 *res)
{
	if (kstrtou32(val, 10, res) || *res < min || *res > max)
		return -EINVAL;
	return 0;
}

/* "N", "N+" (every call from the Nth) or "N+M" (the Nth, then every Mth). */
static int utrace_rule_parse_when(struct utrace_rule *rule, char *val)
{
	char *plus = strchr(val, '+');

	rule->when_step = 0;
	if (plus) {
		*plus++ = '\0';
		rule->when_step = 1;
		if (*plus && utrace_rule_parse_u32(plus, 1, U32_MAX,
						   &rule->when_step))
			return -EINVAL;
	}
	return utrace_rule_parse_u32(val, 1, U32_MAX, &rule->when_first);
}

static int utrace_rule_parse_comm(struct utrace_rule *rule, const char *val)
{
	const char *c;

	if (!*val || strlen(val) >= TASK_COMM_LEN)
		return -EINVAL;
	for (c = val; *c; c++)
		if (!isgraph(*c))
			return -EINVAL;
	strscpy(rule->comm, val, TASK_COMM_LEN);
	return 0;
}

static int utrace_rule_parse_cgroup(struct utrace_rule *rule, const char *val)
{
#ifdef CONFIG_CGROUPS
	struct cgroup *cgrp;

	if (kstrtou64(val, 10, &rule->cgroup_id))
		return -EINVAL;
	cgrp = cgroup_get_from_id(rule->cgroup_id);
	if (IS_ERR(cgrp))
		return PTR_ERR(cgrp);
	rule->cgrp = cgrp;
	return 0;
#else
	return -EINVAL;
#endif
}

static int utrace_rule_parse_abi(const char *val, unsigned int *abis)
{
	if (!strcmp(val, "x86_64"))
		*abis = UTRACE_FAULT_ABI_X64;
	else if (!strcmp(val, "i386") && UTRACE_FAULT_NR_IA32)
		*abis = UTRACE_FAULT_ABI_I386;
	else if (!strcmp(val, "all"))
		*abis = UTRACE_FAULT_ABI_ALL;
	else
		return -EINVAL;
	return 0;
}

/* The error of error=: 1..MAX_ERRNO but not a restart code. */
static int utrace_rule_parse_error(struct utrace_rule *rule, const char *val)
{
	if (kstrtoint(val, 10, &rule->error) || rule->error < 1 ||
	    rule->error > MAX_ERRNO ||
	    (rule->error >= ERESTARTSYS && rule->error <= ERESTART_RESTARTBLOCK))
		return -EINVAL;
	rule->actions |= UTRACE_RULE_ERROR;
	return 0;
}

/* One key=value word of a rule, other than syscalls, abi and pid. */
static int utrace_rule_parse_word(struct utrace_rule *rule, const char *key,
				  char *val)
{
	u32 n;

	if (!strcmp(key, "comm"))
		return utrace_rule_parse_comm(rule, val);
	if (!strcmp(key, "cgroup"))
		return utrace_rule_parse_cgroup(rule, val);
	if (!strcmp(key, "when"))
		return utrace_rule_parse_when(rule, val);
	if (!strcmp(key, "error"))
		return utrace_rule_parse_error(rule, val);
	if (!strcmp(key, "retval")) {
		rule->actions |= UTRACE_RULE_RETVAL;
		return kstrtol(val, 10, &rule->retval) ? -EINVAL : 0;
	}
	if (!strcmp(key, "signal")) {
		rule->actions |= UTRACE_RULE_SIGNAL;
		if (utrace_rule_parse_u32(val, 1, _NSIG, &n))
			return -EINVAL;
		rule->signal = n;
		return 0;
	}
	if (!strcmp(key, "delay_enter")) {
		rule->actions |= UTRACE_RULE_DELAY_ENTER;
		return utrace_rule_parse_u32(val, 0, UTRACE_RULES_MAX_DELAY,
					     &rule->delay_enter);
	}
	if (!strcmp(key, "delay_exit")) {
		rule->actions |= UTRACE_RULE_DELAY_EXIT;
		return utrace_rule_parse_u32(val, 0, UTRACE_RULES_MAX_DELAY,
					     &rule->delay_exit);
	}
	if (!strcmp(key, "follow")) {
		if (utrace_rule_parse_u32(val, 0, 1, &n))
			return -EINVAL;
		rule->follow = n;
		return 0;
	}
	return -EINVAL;
}

/* The keys a rule line may have, each once, as bits of a "seen" mask. */
static const char * const utrace_rule_keys[] = {
	"syscalls", "abi", "pid", "follow", "comm", "cgroup", "when",
	"error", "retval", "signal", "delay_enter", "delay_exit",
};

static int utrace_rule_key(const char *key)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(utrace_rule_keys); i++)
		if (!strcmp(key, utrace_rule_keys[i]))
			return i;
	return -EINVAL;
}

/* pid= (in the writer's pid namespace): a scope with that process. */
static int utrace_rule_scope(struct utrace_rule *rule)
{
	struct pid *pid;
	int scope, err;

	if (rule->pid <= 0)
		return -EINVAL;
	pid = find_get_pid(rule->pid);
	if (!pid)
		return -ESRCH;
	scope = utrace_scope_alloc(rule->follow);
	if (scope < 0) {
		put_pid(pid);
		return scope;
	}
	err = utrace_scope_add(scope, pid, rule->follow);
	put_pid(pid);
	if (err) {
		utrace_scope_free(scope);
		return err;
	}
	rule->scope = scope;
	return 0;
}

/* Parse one rule line (modified); on success, the rule holds a scope. */
static int utrace_rule_parse(struct utrace_rule *rule, char *line)
{
	unsigned int abis = UTRACE_FAULT_ABI_ALL, seen = 0;
	char *syscalls = NULL, *pid = NULL, *word, *val;
	int key, err;

	rule->scope = -1;
	rule->when_first = 1;
	rule->when_step = 1;
	while ((word = strsep(&line, " \t")) != NULL) {
		err = 0;
		if (!*word)
			continue;
		val = strchr(word, '=');
		if (!val)
			return -EINVAL;
		*val++ = '\0';
		key = utrace_rule_key(word);
		if (key < 0 || (seen & BIT(key)))
			return -EINVAL;
		seen |= BIT(key);
		if (!strcmp(word, "syscalls"))
			syscalls = val;
		else if (!strcmp(word, "pid"))
			pid = val;
		else if (!strcmp(word, "abi"))
			err = utrace_rule_parse_abi(val, &abis);
		else
			err = utrace_rule_parse_word(rule, word, val);
		if (err)
			return err;
	}
	if (!syscalls || !rule->actions ||
	    (rule->actions & UTRACE_RULE_ERROR &&
	     rule->actions & UTRACE_RULE_RETVAL) || (rule->follow && !pid))
		return -EINVAL;
	err = utrace_fault_parse_set(rule->syscalls, rule->ia32_syscalls,
				     syscalls, abis);
	if (err)
		return err;
	if (bitmap_empty(rule->syscalls, NR_syscalls) &&
	    bitmap_empty(rule->ia32_syscalls, UTRACE_FAULT_NR_IA32))
		return -EINVAL;
	if (!pid)
		return 0;
	if (kstrtoint(pid, 10, &rule->pid))
		return -EINVAL;
	return utrace_rule_scope(rule);
}

/*
 * Parse a whole write: one rule per line, blank lines and "#" comments
 * skipped.  Return how many rules, or an error with nothing kept.
 */
static int utrace_rules_parse(char *buf, const struct file *owner,
			      struct utrace_rule **out)
{
	struct utrace_rule *rule;
	int n = 0, err = 0;
	char *line;

	while ((line = strsep(&buf, "\n")) != NULL) {
		line = strim(line);
		if (!*line || *line == '#')
			continue;
		if (n == UTRACE_RULES_PER_SET) {
			err = -ENOSPC;
			break;
		}
		rule = kzalloc(sizeof(*rule), GFP_KERNEL);
		if (!rule) {
			err = -ENOMEM;
			break;
		}
		rule->owner = owner;
		rule->owner_tgid = task_tgid_nr(current);
		err = utrace_rule_parse(rule, line);
		if (err) {
			utrace_rule_free(rule);
			break;
		}
		out[n++] = rule;
	}
	if (!err)
		return n;
	while (n--)
		utrace_rule_free(out[n]);
	return err;
}

/* Attach the engine while there are rules; scoped if they all are. */
static int utrace_rules_sync_engine(const struct utrace_rules *rules)
{
	struct utrace_engine *engine;
	bool scoped = true;
	unsigned int i;

	for (i = 0; i < rules->nr; i++)
		if (rules->rule[i]->scope < 0)
			scoped = false;
	if (!rules->nr) {
		if (utrace_rules_engine)
			utrace_global_detach(utrace_rules_engine);
		utrace_rules_engine = NULL;
		return 0;
	}
	if (!utrace_rules_engine) {
		engine = utrace_global_attach_scoped(&utrace_rules_ops, NULL,
						     UTRACE_EVENT_SYSCALL,
						     scoped);
		if (IS_ERR(engine))
			return PTR_ERR(engine);
		utrace_rules_engine = engine;
		return 0;
	}
	utrace_global_set_scoped(utrace_rules_engine, scoped);
	return 0;
}

/*
 * Replace @owner's rules with @new (@nr of them).  On error nothing
 * changes and @new is left to the caller.
 */
static int utrace_rules_replace(const struct file *owner,
				struct utrace_rule **new, int nr, gfp_t gfp)
{
	struct utrace_rules *old, *set;
	struct utrace_rule **gone;
	unsigned int i, kept = 0, ngone = 0;
	int ret;

	mutex_lock(&utrace_rules_lock);
	old = rcu_dereference_protected(utrace_rules,
					lockdep_is_held(&utrace_rules_lock));
	ret = -ENOMEM;
	set = kzalloc(struct_size(set, rule, UTRACE_RULES_MAX), gfp);
	gone = kcalloc(UTRACE_RULES_MAX, sizeof(*gone), gfp);
	if (!set || !gone)
		goto fail;
	for (i = 0; old && i < old->nr; i++) {
		if (old->rule[i]->owner == owner)
			gone[ngone++] = old->rule[i];
		else
			set->rule[kept++] = old->rule[i];
	}
	ret = -ENOSPC;
	if (kept + nr > UTRACE_RULES_MAX)
		goto fail;
	for (i = 0; i < nr; i++) {
		new[i]->id = utrace_rules_next_id++;
		set->rule[kept + i] = new[i];
	}
	set->nr = kept + nr;
	ret = utrace_rules_sync_engine(set);
	if (ret)
		goto fail;
	rcu_assign_pointer(utrace_rules, set);
	mutex_unlock(&utrace_rules_lock);

	/* No entry report still looks at the old rules or their scopes. */
	synchronize_rcu();
	kfree(old);
	for (i = 0; i < ngone; i++)
		utrace_rule_free(gone[i]);
	kfree(gone);
	return 0;

fail:
	mutex_unlock(&utrace_rules_lock);
	kfree(set);
	kfree(gone);
	return ret;
}

static void utrace_rule_show(struct seq_file *m, const struct utrace_rule *rule)
{
	seq_printf(m, "id=%u owner=", rule->id);
	if (rule->owner)
		seq_printf(m, "session:%d", rule->owner_tgid);
	else
		seq_puts(m, "rules");
	seq_puts(m, " syscalls=");
	utrace_fault_show_set(m, rule->syscalls, rule->ia32_syscalls);
	if (rule->scope >= 0)
		seq_printf(m, " pid=%d follow=%d", rule->pid, rule->follow);
	if (rule->comm[0])
		seq_printf(m, " comm=%s", rule->comm);
	if (rule->cgrp)
		seq_printf(m, " cgroup=%llu", rule->cgroup_id);
	if (rule->actions & UTRACE_RULE_ERROR)
		seq_printf(m, " error=%d", rule->error);
	if (rule->actions & UTRACE_RULE_RETVAL)
		seq_printf(m, " retval=%ld", rule->retval);
	if (rule->actions & UTRACE_RULE_SIGNAL)
		seq_printf(m, " signal=%d", rule->signal);
	if (rule->actions & UTRACE_RULE_DELAY_ENTER)
		seq_printf(m, " delay_enter=%u", rule->delay_enter);
	if (rule->actions & UTRACE_RULE_DELAY_EXIT)
		seq_printf(m, " delay_exit=%u", rule->delay_exit);
	seq_printf(m, " when=%u", rule->when_first);
	if (rule->when_step)
		seq_printf(m, "+%u", rule->when_step);
	seq_printf(m, " matched=%lld fired=%lld\n",
		   atomic64_read(&rule->matched), atomic64_read(&rule->fired));
}

/* The rules file shows every rule; a session only its own. */
static int utrace_rules_show(struct seq_file *m, void *v)
{
	const struct file *owner = m->private;
	struct utrace_rules *rules;
	unsigned int i;

	mutex_lock(&utrace_rules_lock);
	rules = rcu_dereference_protected(utrace_rules,
					  lockdep_is_held(&utrace_rules_lock));
	for (i = 0; rules && i < rules->nr; i++)
		if (!owner || rules->rule[i]->owner == owner)
			utrace_rule_show(m, rules->rule[i]);
	mutex_unlock(&utrace_rules_lock);
	return 0;
}

static ssize_t utrace_rules_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct seq_file *m = file->private_data;
	const struct file *owner = m->private;
	struct utrace_rule **new;
	char *buf;
	int nr, ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (count >= UTRACE_RULES_MAX_WRITE)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	new = kcalloc(UTRACE_RULES_PER_SET, sizeof(*new), GFP_KERNEL);
	if (!new) {
		kfree(buf);
		return -ENOMEM;
	}
	nr = utrace_rules_parse(buf, owner, new);
	ret = nr;
	if (nr >= 0) {
		ret = utrace_rules_replace(owner, new, nr, GFP_KERNEL);
		if (ret)
			while (nr--)
				utrace_rule_free(new[nr]);
	}
	kfree(new);
	kfree(buf);
	return ret ? ret : count;
}

static int utrace_rules_open(struct inode *inode, struct file *file)
{
	return single_open(file, utrace_rules_show, NULL);
}

/* A session's rules are owned by its open file. */
static int utrace_session_open(struct inode *inode, struct file *file)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return single_open(file, utrace_rules_show, file);
}

/* Removing rules cannot fail: small allocations, no new scope. */
static int utrace_session_release(struct inode *inode, struct file *file)
{
	utrace_rules_replace(file, NULL, 0, GFP_KERNEL | __GFP_NOFAIL);
	return single_release(inode, file);
}

static const struct file_operations utrace_rules_fops = {
	.open		= utrace_rules_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.write		= utrace_rules_write,
	.release	= single_release,
};

static const struct file_operations utrace_session_fops = {
	.open		= utrace_session_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.write		= utrace_rules_write,
	.release	= utrace_session_release,
};

static int __init utrace_rules_init(void)
{
	struct dentry *dir;

	/* One line per injected failure, no stack dump. */
	utrace_fault_attr.verbose = 1;
	/*
	 * Every selected call, no limit: unlike the kernel's other fault
	 * points, nothing fails here until a rule selects calls.
	 */
	utrace_fault_attr.probability = 100;
	atomic_set(&utrace_fault_attr.times, -1);
	dir = fault_create_debugfs_attr("fail_utrace_syscall", NULL,
					&utrace_fault_attr);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	debugfs_create_file("rules", 0600, dir, NULL, &utrace_rules_fops);
	debugfs_create_file("session", 0600, dir, NULL, &utrace_session_fops);
	return 0;
}
late_initcall(utrace_rules_init);
