// SPDX-License-Identifier: GPL-2.0
/*
 * Syscall fault injection as a utrace global engine, configured by rules
 * in debugfs fail_utrace_syscall/ (interface: Documentation/trace/
 * utrace-global.rst).  The installed rules are one RCU-protected array,
 * replaced whole under utrace_rules_lock; a rule that selects a process
 * holds a utrace scope, so only that process takes the syscall slow path.
 * A rule with count=thread counts its calls per thread, as strace does:
 * each thread that makes a call of its set gets counters of its own,
 * freed when the thread exits or the rule goes.
 */
#include <linux/audit.h>
#include <linux/bitmap.h>
#include <linux/capability.h>
#include <linux/cgroup.h>
#include <linux/cleanup.h>
#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/fault-inject.h>
#include <linux/hashtable.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/sched/coredump.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/utrace.h>
#include <asm/syscall.h>
#include <asm/utrace_syscalls.h>

#include "utrace_global.h"

#define UTRACE_RULES_PER_SET	32
#define UTRACE_RULES_MAX	64
#define UTRACE_RULES_MAX_WRITE	65536
#define UTRACE_RULES_MAX_DELAY	60000000U	/* microseconds */
#define UTRACE_RULE_THREADS_BITS	6
/* poke_enter=/poke_exit=: x86 calls have 6 arguments; strace's size. */
#define UTRACE_RULE_POKE_ARGS	6
#define UTRACE_RULE_POKE_MAX	1024

/*
 * The keys of a rule line, in the order they are parsed: abi= before the
 * names of syscalls=, follow= and from_exec= before pid=.  Each is a bit of
 * utrace_rule.keys.
 */
enum utrace_rule_key_nr {
	UTRACE_RULE_ABI,
	UTRACE_RULE_SYSCALLS,
	UTRACE_RULE_FOLLOW,
	UTRACE_RULE_FROM_EXEC,
	UTRACE_RULE_PID,
	UTRACE_RULE_COMM,
	UTRACE_RULE_CGROUP,
	UTRACE_RULE_PRIVILEGED,
	UTRACE_RULE_ERROR,
	UTRACE_RULE_RETVAL,
	UTRACE_RULE_SIGNAL,
	UTRACE_RULE_DELAY_ENTER,
	UTRACE_RULE_DELAY_EXIT,
	UTRACE_RULE_POKE_ENTER,
	UTRACE_RULE_POKE_EXIT,
	UTRACE_RULE_WHEN,
	UTRACE_RULE_COUNT,
	UTRACE_RULE_NR_KEYS
};

#define UTRACE_RULE_ACTIONS	(BIT(UTRACE_RULE_ERROR) | \
				 BIT(UTRACE_RULE_RETVAL) | \
				 BIT(UTRACE_RULE_SIGNAL) | \
				 BIT(UTRACE_RULE_DELAY_ENTER) | \
				 BIT(UTRACE_RULE_DELAY_EXIT) | \
				 BIT(UTRACE_RULE_POKE_ENTER) | \
				 BIT(UTRACE_RULE_POKE_EXIT))

/*
 * What poke_enter= or poke_exit= writes: bytes at the addresses the
 * call's arguments hold.  Shared by the rule and the calls that write
 * it (outside RCU, as writing user memory may fault).
 */
struct utrace_rule_pokes {
	refcount_t ref;
	unsigned int nr;
	struct {
		unsigned int arg;	/* 1..UTRACE_RULE_POKE_ARGS */
		unsigned int len;
		const u8 *data;
	} poke[UTRACE_RULE_POKE_ARGS];
	u8 data[];
};

struct utrace_rule {
	u32 id;
	const struct file *owner;	/* NULL: the rules file */
	pid_t owner_tgid;
	unsigned long keys;		/* BIT(UTRACE_RULE_*) it has */
	DECLARE_BITMAP(syscalls, NR_syscalls);
	DECLARE_BITMAP(ia32_syscalls, UTRACE_SYSCALLS_NR_IA32);
	unsigned int abis;		/* the tables syscalls= names select in */
	struct utrace_scope_sel sel;	/* pid=, follow=, comm=, cgroup= */
	bool from_exec;
	/* from_exec=1: pid's process, and its exec count then */
	struct pid *exec_tgid;
	u64 exec_id;
	bool privileged;		/* also tasks that are not dumpable */
	int error;
	long retval;
	int signal;
	u32 delay_enter;
	u32 delay_exit;
	struct utrace_rule_pokes *poke_enter;
	struct utrace_rule_pokes *poke_exit;
	u32 when_first;
	u32 when_step;			/* 0: only the first */
	u64 when_last;			/* U64_MAX: no last */
	bool count_thread;		/* count=thread: "when" per thread */
	/* count=thread: the counters of each thread, by task. */
	u32 nr_calls;			/* syscalls + ia32_syscalls */
	u32 nr_threads;			/* changed under threads_lock */
	spinlock_t threads_lock;	/* adding or removing a thread */
	DECLARE_HASHTABLE(threads, UTRACE_RULE_THREADS_BITS);
	atomic64_t matched;
	atomic64_t fired;
	atomic64_t overflow;		/* calls no thread counters counted */
};

/*
 * A thread's counters for one count=thread rule: how many calls of each
 * system call of the rule's set it made, x86_64 numbers first, then
 * i386 ones, in number order.  Only that thread (current) reads or
 * changes them; it adds its own entry to the rule and removes it when it
 * exits, both under threads_lock, so that others may walk the hash
 * under RCU.  The task is a key only, never dereferenced: an entry is
 * gone before its task can be freed (removed at the task's exit, or
 * with its rule).
 */
struct utrace_rule_thread {
	struct hlist_node node;
	struct rcu_head rcu;
	const struct task_struct *task;
	size_t size;			/* charged to utrace_rules_counters */
	u64 calls[];
};

/* What a call that a rule fired on gets, copied out of RCU. */
struct utrace_rule_hit {
	u32 id;
	unsigned long keys;
	int error;
	long retval;
	int signal;
	u32 delay_enter;
	struct utrace_rule_pokes *poke_enter;	/* a reference */
};

struct utrace_rules {
	unsigned int nr;
	bool count_thread;		/* some rule has count=thread */
	struct utrace_rule *rule[];
};

static DECLARE_FAULT_ATTR(utrace_fault_attr);
static struct utrace_rules __rcu *utrace_rules;
static struct utrace_engine *utrace_rules_engine;
static DEFINE_MUTEX(utrace_rules_lock);
static u32 utrace_rules_next_id = 1;
/* All count=thread rules' per-thread counters together, in bytes. */
static atomic_long_t utrace_rules_counters = ATOMIC_LONG_INIT(0);
static unsigned long utrace_rules_counters_max = 8UL << 20;

/*
 * Is current a task a rule may act on without saying privileged=1?  The
 * test ptrace makes: a task whose mm is not dumpable gained privileges by
 * exec (setuid, setgid, file capabilities: under the default
 * suid_dumpable=0), changed its credentials, or asked not to be dumpable.
 * Its name, scopes and cgroup may all come from a less privileged user.
 */
static bool utrace_rules_current_dumpable(void)
{
	struct mm_struct *mm = current->mm;

	return mm && get_dumpable(mm) == SUID_DUMP_USER;
}

static bool utrace_rule_selects(const struct utrace_rule *rule, int nr)
{
	if (!utrace_syscalls_nr_selected(rule->syscalls, rule->ia32_syscalls,
					 nr))
		return false;
	/* from_exec=1: nothing of pid's process before its next exec. */
	if (rule->exec_tgid && task_tgid(current) == rule->exec_tgid &&
	    READ_ONCE(current->self_exec_id) == rule->exec_id)
		return false;
	if (!rule->privileged && !utrace_rules_current_dumpable())
		return false;
	return utrace_scope_sel_current(&rule->sel);
}

/* Is the @n-th call one that "when" picks? */
static bool utrace_rule_when_picks(const struct utrace_rule *rule, u64 n)
{
	if (n < rule->when_first || n > rule->when_last)
		return false;
	if (n == rule->when_first)
		return true;
	return rule->when_step && (n - rule->when_first) % rule->when_step == 0;
}

/* current's counters for @rule, if it has any.  RCU read side. */
static struct utrace_rule_thread *
utrace_rule_thread_find(const struct utrace_rule *rule)
{
	struct utrace_rule_thread *t;

	hash_for_each_possible_rcu(rule->threads, t, node,
				   (unsigned long)current)
		if (t->task == current)
			return t;
	return NULL;
}

/*
 * Where current's system call @nr (selected by @rule) is counted in its
 * calls[]: its rank in the set of its ABI.
 */
static unsigned int utrace_rule_call_index(const struct utrace_rule *rule,
					   int nr)
{
	if (syscall_get_arch(current) == AUDIT_ARCH_I386)
		return bitmap_weight(rule->syscalls, NR_syscalls) +
		       bitmap_weight(rule->ia32_syscalls, nr);
	return bitmap_weight(rule->syscalls, nr);
}

/*
 * Count a call @rule selects; is it one "when" picks?  Per rule, or with
 * count=thread per thread and system call (a thread without counters,
 * past the bound, has the call counted in overflow and not picked).
 */
static bool utrace_rule_when(struct utrace_rule *rule, int nr)
{
	u64 n = atomic64_inc_return(&rule->matched);
	struct utrace_rule_thread *t;

	if (rule->count_thread) {
		t = utrace_rule_thread_find(rule);
		if (!t) {
			atomic64_inc(&rule->overflow);
			return false;
		}
		n = ++t->calls[utrace_rule_call_index(rule, nr)];
	}
	return utrace_rule_when_picks(rule, n);
}

static void utrace_rule_thread_del(struct utrace_rule *rule,
				   struct utrace_rule_thread *t)
{
	lockdep_assert_held(&rule->threads_lock);
	hash_del_rcu(&t->node);
	WRITE_ONCE(rule->nr_threads, rule->nr_threads - 1);
	atomic_long_sub(t->size, &utrace_rules_counters);
	kfree_rcu(t, rcu);
}

/*
 * Give current counters in the first count=thread rule that selects
 * system call @nr and has none for it.  Return false when there is no
 * such rule, or when the counters cannot be had (bound, no memory).
 * Sleeps in the allocation, outside the RCU read side: the rule is
 * looked up again by id after it, as it may have gone meanwhile.
 */
static bool utrace_rules_thread_add(int nr)
{
	struct utrace_rule_thread *t;
	struct utrace_rules *rules;
	struct utrace_rule *rule;
	size_t size = 0;
	unsigned int i;
	u32 id = 0;

	rcu_read_lock();
	rules = rcu_dereference(utrace_rules);
	for (i = 0; rules && rules->count_thread && i < rules->nr; i++) {
		rule = rules->rule[i];
		if (rule->count_thread && utrace_rule_selects(rule, nr) &&
		    !utrace_rule_thread_find(rule)) {
			id = rule->id;
			size = struct_size(t, calls, rule->nr_calls);
			break;
		}
	}
	rcu_read_unlock();
	if (!id)
		return false;

	if (atomic_long_add_return(size, &utrace_rules_counters) >
	    READ_ONCE(utrace_rules_counters_max))
		goto uncharge;
	t = kzalloc(size, GFP_KERNEL | __GFP_NOWARN);
	if (!t)
		goto uncharge;
	t->task = current;
	t->size = size;

	rcu_read_lock();
	rules = rcu_dereference(utrace_rules);
	for (i = 0; rules && i < rules->nr; i++) {
		rule = rules->rule[i];
		if (rule->id != id)
			continue;
		scoped_guard(spinlock, &rule->threads_lock) {
			hash_add_rcu(rule->threads, &t->node,
				     (unsigned long)current);
			WRITE_ONCE(rule->nr_threads, rule->nr_threads + 1);
		}
		t = NULL;
		break;
	}
	rcu_read_unlock();
	if (!t)
		return true;
	/* The rule went meanwhile: look again. */
	kfree(t);
	atomic_long_sub(size, &utrace_rules_counters);
	return true;

uncharge:
	atomic_long_sub(size, &utrace_rules_counters);
	return false;
}

/*
 * The fault_attr knobs' verdict.  should_fail() draws a random number
 * for every call, even at probability 100, and a crng batch refill every
 * few calls was most of a firing rule's cost; at the quiet defaults its
 * answer is known without it.  Anything else set (verbose, interval,
 * times, space, task-filter, a fail-nth count) goes through it.
 */
static bool utrace_rules_should_fail(void)
{
	struct fault_attr *a = &utrace_fault_attr;

	if (READ_ONCE(a->probability) >= 100 && READ_ONCE(a->interval) <= 1 &&
	    !READ_ONCE(a->verbose) && !READ_ONCE(a->task_filter) &&
	    atomic_read(&a->times) == -1 && atomic_read(&a->space) <= 1 &&
	    !IS_ENABLED(CONFIG_FAULT_INJECTION_STACKTRACE_FILTER) &&
	    !READ_ONCE(current->fail_nth))
		return true;
	return should_fail(a, 1);
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

		if (!utrace_rule_selects(rule, nr) ||
		    !utrace_rule_when(rule, nr) ||
		    found || !utrace_rules_should_fail())
			continue;
		atomic64_inc(&rule->fired);
		found = true;
		hit->id = rule->id;
		hit->keys = rule->keys;
		hit->error = rule->error;
		hit->retval = rule->retval;
		hit->signal = rule->signal;
		hit->delay_enter = rule->delay_enter;
		hit->poke_enter = rule->poke_enter;
		if (hit->poke_enter)
			refcount_inc(&hit->poke_enter->ref);
	}
	return found;
}

static void utrace_rule_pokes_put(struct utrace_rule_pokes *p)
{
	if (p && refcount_dec_and_test(&p->ref))
		kfree(p);
}

/*
 * Write @p's bytes where current's call arguments point, as strace's
 * poke_enter/poke_exit do; an address that cannot be written is
 * skipped.  May fault, so not under RCU.  At exit the arguments are
 * read from the registers again, which x86 system calls leave as they
 * were at entry (but not a successful execve).
 */
static void utrace_rule_poke(struct utrace_rule_pokes *p, struct pt_regs *regs)
{
	unsigned long args[UTRACE_RULE_POKE_ARGS];
	unsigned int i;

	syscall_get_arguments(current, regs, args);
	for (i = 0; i < p->nr; i++)
		if (copy_to_user((void __user *)args[p->poke[i].arg - 1],
				 p->poke[i].data, p->poke[i].len))
			pr_debug("utrace rules: poke of argument %u failed\n",
				 p->poke[i].arg);
	utrace_rule_pokes_put(p);
}

/*
 * Process context (current's system call entry), no locks held, SRCU
 * read side of the engine walk; runs after ptrace.  May sleep, outside
 * the rules' RCU read side, only to allocate a thread's counters for a
 * count=thread rule (GFP_KERNEL, once per thread and rule) and in
 * writing user memory for poke_enter (a page fault); a delay is slept
 * once the walk is over.  An engine that is being detached (the
 * rules were emptied) acts no more, in case the next rules already
 * attached a new one.
 */
static u32 utrace_rules_syscall_entry(u32 action, struct utrace_engine *engine,
				      struct pt_regs *regs)
{
	int nr = syscall_get_nr(current, regs);
	struct utrace_rule_hit hit;
	struct utrace_rules *rules;
	bool found = false;
	unsigned int tries;

	/* Someone already decided this call does not run, or detaching. */
	if (utrace_syscall_action(action) == UTRACE_SYSCALL_ABORT ||
	    engine != READ_ONCE(utrace_rules_engine))
		return UTRACE_RESUME;

	/* Counters first: counting starts only once every rule has them. */
	for (tries = 0; tries < UTRACE_RULES_MAX; tries++)
		if (!utrace_rules_thread_add(nr))
			break;

	rcu_read_lock();
	rules = rcu_dereference(utrace_rules);
	if (rules)
		found = utrace_rules_pick(rules, nr, &hit);
	rcu_read_unlock();
	if (!found)
		return UTRACE_RESUME;

	utrace_syscall_set_rule(hit.id);
	if (hit.poke_enter)
		utrace_rule_poke(hit.poke_enter, regs);
	if (hit.keys & BIT(UTRACE_RULE_DELAY_ENTER))
		utrace_syscall_delay(hit.delay_enter);
	if (hit.keys & BIT(UTRACE_RULE_SIGNAL))
		send_sig(hit.signal, current, 1);
	if (hit.keys & BIT(UTRACE_RULE_ERROR)) {
		syscall_set_return_value(current, regs, -hit.error, 0);
		return UTRACE_RESUME | UTRACE_SYSCALL_ABORT;
	}
	if (hit.keys & BIT(UTRACE_RULE_RETVAL)) {
		syscall_set_return_value(current, regs, 0, hit.retval);
		return UTRACE_RESUME | UTRACE_SYSCALL_ABORT;
	}
	return UTRACE_RESUME;
}

/*
 * Process context (current's system call exit), no locks held, SRCU read
 * side of the engine walk: the poke_exit and delay_exit of the rule that
 * acted at entry.  May sleep only in writing user memory for poke_exit
 * (a page fault, outside RCU); the delay is slept once the walk is over.
 */
static u32 utrace_rules_syscall_exit(u32 action, struct utrace_engine *engine,
				     struct pt_regs *regs)
{
	u32 id = utrace_syscall_rule(), delay = 0;
	struct utrace_rule_pokes *poke = NULL;
	struct utrace_rules *rules;
	unsigned int i;

	if (!id || engine != READ_ONCE(utrace_rules_engine))
		return UTRACE_RESUME;
	rcu_read_lock();
	rules = rcu_dereference(utrace_rules);
	for (i = 0; rules && i < rules->nr; i++) {
		if (rules->rule[i]->id != id)
			continue;
		delay = rules->rule[i]->delay_exit;
		poke = rules->rule[i]->poke_exit;
		if (poke)
			refcount_inc(&poke->ref);
	}
	rcu_read_unlock();
	if (poke)
		utrace_rule_poke(poke, regs);
	if (delay)
		utrace_syscall_delay(delay);
	return UTRACE_RESUME;
}

/*
 * Process context: current is exiting (do_exit(), after ptrace's exit
 * stop, before PF_EXITING), no locks held, SRCU read side of the engine
 * walk; does not sleep (threads_lock is a spinlock, taken inside the
 * rules' RCU read side).  Every thread that exits while a rule is
 * installed comes here: the engine, which asks for the exit event, is
 * attached before a rule is published and detached after the last one
 * is removed.  So a thread's counters go with it; those of a rule
 * removed meanwhile go with the rule.
 */
static u32 utrace_rules_exit(u32 action, struct utrace_engine *engine,
			     long code)
{
	struct utrace_rule_thread *t;
	struct utrace_rules *rules;
	struct utrace_rule *rule;
	unsigned int i;

	rcu_read_lock();
	rules = rcu_dereference(utrace_rules);
	for (i = 0; rules && rules->count_thread && i < rules->nr; i++) {
		rule = rules->rule[i];
		if (!rule->count_thread)
			continue;
		/* Only current adds or removes current's entry. */
		t = utrace_rule_thread_find(rule);
		if (!t)
			continue;
		scoped_guard(spinlock, &rule->threads_lock)
			utrace_rule_thread_del(rule, t);
	}
	rcu_read_unlock();
	return UTRACE_RESUME;
}

static const struct utrace_engine_ops utrace_rules_ops = {
	.report_syscall_entry	= utrace_rules_syscall_entry,
	.report_syscall_exit	= utrace_rules_syscall_exit,
	.report_exit		= utrace_rules_exit,
};

/*
 * Undo what parsing a rule took: its scope and its cgroup; and the
 * counters of the threads still alive.  No reader is left (after a
 * grace period, or never published).
 */
static void utrace_rule_free(struct utrace_rule *rule)
{
	struct utrace_rule_thread *t;
	struct hlist_node *tmp;
	int bkt;

	hash_for_each_safe(rule->threads, bkt, tmp, t, node) {
		hash_del(&t->node);
		atomic_long_sub(t->size, &utrace_rules_counters);
		kfree(t);
	}
	utrace_rule_pokes_put(rule->poke_enter);
	utrace_rule_pokes_put(rule->poke_exit);
	put_pid(rule->exec_tgid);
	utrace_scope_sel_release(&rule->sel);
	kfree(rule);
}

static int utrace_rule_parse_u32(const char *val, u32 min, u32 max, u32 *res)
{
	if (kstrtou32(val, 10, res) || *res < min || *res > max)
		return -EINVAL;
	return 0;
}

/*
 * strace's forms: "N" (the Nth only), "N+" (every call from the Nth),
 * "N+M" (the Nth, then every Mth); each may bound the calls with "..L"
 * after N: "N..L" is "N..L+1", every call from the Nth to the Lth.
 */
static int utrace_rule_parse_when(struct utrace_rule *rule, char *val)
{
	char *plus = strchr(val, '+'), *dots = strstr(val, "..");
	u32 last;

	rule->when_step = 0;
	rule->when_last = U64_MAX;
	if (plus) {
		*plus++ = '\0';
		rule->when_step = 1;
		if (*plus && utrace_rule_parse_u32(plus, 1, U32_MAX,
						   &rule->when_step))
			return -EINVAL;
	}
	if (dots) {
		*dots = '\0';
		dots += 2;
		if (utrace_rule_parse_u32(dots, 1, U32_MAX, &last))
			return -EINVAL;
		rule->when_last = last;
		if (!plus)
			rule->when_step = 1;
	}
	if (utrace_rule_parse_u32(val, 1, U32_MAX, &rule->when_first) ||
	    rule->when_last < rule->when_first)
		return -EINVAL;
	return 0;
}

static void utrace_rule_show_when(struct seq_file *m,
				  const struct utrace_rule *rule)
{
	seq_printf(m, "%u", rule->when_first);
	if (rule->when_last != U64_MAX)
		seq_printf(m, "..%llu", rule->when_last);
	if (rule->when_step)
		seq_printf(m, "+%u", rule->when_step);
}

/* count=rule (the default: every thread's calls) or count=thread. */
static int utrace_rule_parse_count(struct utrace_rule *rule, char *val)
{
	if (!strcmp(val, "thread"))
		rule->count_thread = true;
	else if (strcmp(val, "rule"))
		return -EINVAL;
	return 0;
}

static void utrace_rule_show_count(struct seq_file *m,
				   const struct utrace_rule *rule)
{
	seq_puts(m, rule->count_thread ? "thread" : "rule");
}

static int utrace_rule_parse_abi(struct utrace_rule *rule, char *val)
{
	if (!strcmp(val, "x86_64"))
		rule->abis = UTRACE_SYSCALLS_ABI_X64;
	else if (!strcmp(val, "i386") && UTRACE_SYSCALLS_NR_IA32)
		rule->abis = UTRACE_SYSCALLS_ABI_I386;
	else if (!strcmp(val, "all"))
		rule->abis = UTRACE_SYSCALLS_ABI_ALL;
	else
		return -EINVAL;
	return 0;
}

static int utrace_rule_parse_syscalls(struct utrace_rule *rule, char *val)
{
	int err;

	err = utrace_syscalls_parse_set(rule->syscalls, rule->ia32_syscalls,
					val, rule->abis);
	if (err)
		return err;
	if (bitmap_empty(rule->syscalls, NR_syscalls) &&
	    bitmap_empty(rule->ia32_syscalls, UTRACE_SYSCALLS_NR_IA32))
		return -EINVAL;
	return 0;
}

static void utrace_rule_show_syscalls(struct seq_file *m,
				      const struct utrace_rule *rule)
{
	utrace_syscalls_show_set(m, rule->syscalls, rule->ia32_syscalls);
}

static int utrace_rule_parse_follow(struct utrace_rule *rule, char *val)
{
	u32 n;

	if (utrace_rule_parse_u32(val, 0, 1, &n))
		return -EINVAL;
	rule->sel.follow = n;
	return 0;
}

/*
 * from_exec=1 (with pid=): the rule selects no call of pid's process
 * until it has exec'ed, the exec itself included: what strace does with
 * the command it starts, whose calls before its first exec it neither
 * shows nor counts.  Threads and children keep the exec count of their
 * creator, so a child forked before the exec is another process and is
 * selected.
 */
static int utrace_rule_parse_from_exec(struct utrace_rule *rule, char *val)
{
	u32 n;

	if (utrace_rule_parse_u32(val, 0, 1, &n))
		return -EINVAL;
	rule->from_exec = n;
	return 0;
}

static void utrace_rule_show_from_exec(struct seq_file *m,
				       const struct utrace_rule *rule)
{
	seq_printf(m, "%d", rule->from_exec);
}

/* from_exec=1: remember @pid's process and how many execs it made. */
static int utrace_rule_exec_mark(struct utrace_rule *rule, struct pid *pid)
{
	struct task_struct *task;

	guard(rcu)();
	task = pid_task(pid, PIDTYPE_PID);
	if (!task)
		return -ESRCH;
	rule->exec_tgid = get_pid(task_tgid(task));
	rule->exec_id = READ_ONCE(task->self_exec_id);
	return 0;
}

/* pid= (in the writer's pid namespace): a scope with that process. */
static int utrace_rule_parse_pid(struct utrace_rule *rule, char *val)
{
	struct pid *pid = utrace_scope_sel_find_pid(&rule->sel, val);
	int err = 0;

	if (IS_ERR(pid))
		return PTR_ERR(pid);
	if (rule->from_exec)
		err = utrace_rule_exec_mark(rule, pid);
	if (!err)
		err = utrace_scope_sel_add_pid(&rule->sel, pid);
	put_pid(pid);
	return err;
}

/* follow= is shown with pid=, always. */
static void utrace_rule_show_pid(struct seq_file *m,
				 const struct utrace_rule *rule)
{
	seq_printf(m, "%d follow=%d", rule->sel.pid, rule->sel.follow);
}

static int utrace_rule_parse_comm(struct utrace_rule *rule, char *val)
{
	return utrace_scope_sel_comm(&rule->sel, val);
}

static void utrace_rule_show_comm(struct seq_file *m,
				  const struct utrace_rule *rule)
{
	seq_puts(m, rule->sel.comm);
}

static int utrace_rule_parse_cgroup(struct utrace_rule *rule, char *val)
{
	return utrace_scope_sel_cgroup(&rule->sel, val);
}

static void utrace_rule_show_cgroup(struct seq_file *m,
				    const struct utrace_rule *rule)
{
	seq_printf(m, "%llu", rule->sel.cgroup_id);
}

/* privileged=1: tasks that are not dumpable too (setuid programs...). */
static int utrace_rule_parse_privileged(struct utrace_rule *rule, char *val)
{
	u32 n;

	if (utrace_rule_parse_u32(val, 0, 1, &n))
		return -EINVAL;
	rule->privileged = n;
	return 0;
}

static void utrace_rule_show_privileged(struct seq_file *m,
					const struct utrace_rule *rule)
{
	seq_printf(m, "%d", rule->privileged);
}

/* 1..MAX_ERRNO but not a restart code, which would re-run the call. */
static int utrace_rule_parse_error(struct utrace_rule *rule, char *val)
{
	if (kstrtoint(val, 10, &rule->error) || rule->error < 1 ||
	    rule->error > MAX_ERRNO ||
	    (rule->error >= ERESTARTSYS && rule->error <= ERESTART_RESTARTBLOCK))
		return -EINVAL;
	return 0;
}

static void utrace_rule_show_error(struct seq_file *m,
				   const struct utrace_rule *rule)
{
	seq_printf(m, "%d", rule->error);
}

/* Any value but a restart code, as for error=. */
static int utrace_rule_parse_retval(struct utrace_rule *rule, char *val)
{
	if (kstrtol(val, 10, &rule->retval) ||
	    (rule->retval >= -ERESTART_RESTARTBLOCK &&
	     rule->retval <= -ERESTARTSYS))
		return -EINVAL;
	return 0;
}

static void utrace_rule_show_retval(struct seq_file *m,
				    const struct utrace_rule *rule)
{
	seq_printf(m, "%ld", rule->retval);
}

static int utrace_rule_parse_signal(struct utrace_rule *rule, char *val)
{
	u32 n;

	if (utrace_rule_parse_u32(val, 1, _NSIG, &n))
		return -EINVAL;
	rule->signal = n;
	return 0;
}

static void utrace_rule_show_signal(struct seq_file *m,
				    const struct utrace_rule *rule)
{
	seq_printf(m, "%d", rule->signal);
}

static int utrace_rule_parse_delay_enter(struct utrace_rule *rule, char *val)
{
	return utrace_rule_parse_u32(val, 0, UTRACE_RULES_MAX_DELAY,
				     &rule->delay_enter);
}

static void utrace_rule_show_delay_enter(struct seq_file *m,
					 const struct utrace_rule *rule)
{
	seq_printf(m, "%u", rule->delay_enter);
}

static int utrace_rule_parse_delay_exit(struct utrace_rule *rule, char *val)
{
	return utrace_rule_parse_u32(val, 0, UTRACE_RULES_MAX_DELAY,
				     &rule->delay_exit);
}

static void utrace_rule_show_delay_exit(struct seq_file *m,
					const struct utrace_rule *rule)
{
	seq_printf(m, "%u", rule->delay_exit);
}

/*
 * strace's form: "@argN=HEX[,@argM=HEX...]", N 1..6 once each, HEX an
 * even number of hex digits, at most 1024 bytes.
 */
static int utrace_rule_parse_pokes(struct utrace_rule_pokes **out, char *val)
{
	struct utrace_rule_pokes *p;
	unsigned int arg, len, i;
	u8 *dst;
	char *tok;

	p = kzalloc(struct_size(p, data, strlen(val) / 2), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	refcount_set(&p->ref, 1);
	*out = p;			/* freed with the rule */
	dst = p->data;
	while ((tok = strsep(&val, ",")) != NULL) {
		if (!str_has_prefix(tok, "@arg") || tok[4] < '1' ||
		    tok[4] > '0' + UTRACE_RULE_POKE_ARGS || tok[5] != '=')
			return -EINVAL;
		arg = tok[4] - '0';
		tok += 6;
		len = strlen(tok);
		if (!len || len % 2 || len > 2 * UTRACE_RULE_POKE_MAX)
			return -EINVAL;
		len /= 2;
		for (i = 0; i < p->nr; i++)
			if (p->poke[i].arg == arg)
				return -EINVAL;
		if (hex2bin(dst, tok, len))
			return -EINVAL;
		p->poke[p->nr].arg = arg;
		p->poke[p->nr].len = len;
		p->poke[p->nr].data = dst;
		p->nr++;
		dst += len;
	}
	return 0;
}

static void utrace_rule_show_pokes(struct seq_file *m,
				   const struct utrace_rule_pokes *p)
{
	unsigned int i, j;

	for (i = 0; i < p->nr; i++) {
		seq_printf(m, "%s@arg%u=", i ? "," : "", p->poke[i].arg);
		for (j = 0; j < p->poke[i].len; j++)
			seq_printf(m, "%02x", p->poke[i].data[j]);
	}
}

static int utrace_rule_parse_poke_enter(struct utrace_rule *rule, char *val)
{
	return utrace_rule_parse_pokes(&rule->poke_enter, val);
}

static void utrace_rule_show_poke_enter(struct seq_file *m,
					const struct utrace_rule *rule)
{
	utrace_rule_show_pokes(m, rule->poke_enter);
}

static int utrace_rule_parse_poke_exit(struct utrace_rule *rule, char *val)
{
	return utrace_rule_parse_pokes(&rule->poke_exit, val);
}

static void utrace_rule_show_poke_exit(struct seq_file *m,
				       const struct utrace_rule *rule)
{
	utrace_rule_show_pokes(m, rule->poke_exit);
}

/* A key: how to parse its value and to show it (NULL: not shown). */
struct utrace_rule_key {
	const char *name;
	int (*parse)(struct utrace_rule *rule, char *val);
	void (*show)(struct seq_file *m, const struct utrace_rule *rule);
};

#define UTRACE_RULE_KEY(nr, key, show) \
	[UTRACE_RULE_##nr] = { #key, utrace_rule_parse_##key, show }

static const struct utrace_rule_key utrace_rule_keys[UTRACE_RULE_NR_KEYS] = {
	UTRACE_RULE_KEY(ABI, abi, NULL),
	UTRACE_RULE_KEY(SYSCALLS, syscalls, utrace_rule_show_syscalls),
	UTRACE_RULE_KEY(FOLLOW, follow, NULL),
	UTRACE_RULE_KEY(FROM_EXEC, from_exec, utrace_rule_show_from_exec),
	UTRACE_RULE_KEY(PID, pid, utrace_rule_show_pid),
	UTRACE_RULE_KEY(COMM, comm, utrace_rule_show_comm),
	UTRACE_RULE_KEY(CGROUP, cgroup, utrace_rule_show_cgroup),
	UTRACE_RULE_KEY(PRIVILEGED, privileged, utrace_rule_show_privileged),
	UTRACE_RULE_KEY(ERROR, error, utrace_rule_show_error),
	UTRACE_RULE_KEY(RETVAL, retval, utrace_rule_show_retval),
	UTRACE_RULE_KEY(SIGNAL, signal, utrace_rule_show_signal),
	UTRACE_RULE_KEY(DELAY_ENTER, delay_enter, utrace_rule_show_delay_enter),
	UTRACE_RULE_KEY(DELAY_EXIT, delay_exit, utrace_rule_show_delay_exit),
	UTRACE_RULE_KEY(POKE_ENTER, poke_enter, utrace_rule_show_poke_enter),
	UTRACE_RULE_KEY(POKE_EXIT, poke_exit, utrace_rule_show_poke_exit),
	UTRACE_RULE_KEY(WHEN, when, utrace_rule_show_when),
	UTRACE_RULE_KEY(COUNT, count, utrace_rule_show_count),
};

/*
 * Parse one rule line (modified): its words by key, then each value in
 * the keys' order.  On error the caller frees the rule with what it took.
 */
static int utrace_rule_parse(struct utrace_rule *rule, char *line)
{
	char *vals[UTRACE_RULE_NR_KEYS], *word, *val;
	unsigned long seen = 0;
	int key, err;

	utrace_scope_sel_init(&rule->sel);
	rule->abis = UTRACE_SYSCALLS_ABI_ALL;
	rule->when_first = 1;
	rule->when_step = 1;
	rule->when_last = U64_MAX;
	spin_lock_init(&rule->threads_lock);
	hash_init(rule->threads);
	while ((word = strsep(&line, " \t")) != NULL) {
		if (!*word)
			continue;
		val = strchr(word, '=');
		if (!val)
			return -EINVAL;
		*val++ = '\0';
		for (key = 0; key < UTRACE_RULE_NR_KEYS; key++)
			if (!strcmp(word, utrace_rule_keys[key].name))
				break;
		if (key == UTRACE_RULE_NR_KEYS || (seen & BIT(key)))
			return -EINVAL;
		seen |= BIT(key);
		vals[key] = val;
	}
	if (!(seen & BIT(UTRACE_RULE_SYSCALLS)) ||
	    !(seen & UTRACE_RULE_ACTIONS) ||
	    ((seen & BIT(UTRACE_RULE_ERROR)) && (seen & BIT(UTRACE_RULE_RETVAL))) ||
	    ((seen & BIT(UTRACE_RULE_FOLLOW)) && !(seen & BIT(UTRACE_RULE_PID))) ||
	    ((seen & BIT(UTRACE_RULE_FROM_EXEC)) && !(seen & BIT(UTRACE_RULE_PID))))
		return -EINVAL;
	for_each_set_bit(key, &seen, UTRACE_RULE_NR_KEYS) {
		err = utrace_rule_keys[key].parse(rule, vals[key]);
		if (err)
			return err;
	}
	/* when= has a value even when not given. */
	rule->keys = seen | BIT(UTRACE_RULE_WHEN);
	rule->nr_calls = bitmap_weight(rule->syscalls, NR_syscalls) +
			 bitmap_weight(rule->ia32_syscalls,
				       UTRACE_SYSCALLS_NR_IA32);
	return 0;
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

/*
 * Attach the engine while there are rules; scoped if they all are.  With
 * no rules, hand the engine to the caller in @gone, to detach once it has
 * dropped utrace_rules_lock: the detach waits for the engine walks
 * (synchronize_srcu()), which must not keep the rules locked.
 */
static int utrace_rules_sync_engine(const struct utrace_rules *rules,
				    struct utrace_engine **gone)
{
	struct utrace_engine *engine;
	bool scoped = true;
	unsigned int i;

	lockdep_assert_held(&utrace_rules_lock);
	for (i = 0; i < rules->nr; i++)
		if (rules->rule[i]->sel.scope < 0)
			scoped = false;
	if (!rules->nr) {
		*gone = utrace_rules_engine;
		WRITE_ONCE(utrace_rules_engine, NULL);
		return 0;
	}
	if (!utrace_rules_engine) {
		engine = utrace_global_attach_scoped(&utrace_rules_ops, NULL,
						     UTRACE_EVENT_SYSCALL |
						     UTRACE_EVENT(EXIT),
						     scoped);
		if (IS_ERR(engine))
			return PTR_ERR(engine);
		WRITE_ONCE(utrace_rules_engine, engine);
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
	struct utrace_rules *set __free(kfree) =
		kzalloc(struct_size(set, rule, UTRACE_RULES_MAX), gfp);
	struct utrace_rule **gone __free(kfree) =
		kcalloc(UTRACE_RULES_MAX, sizeof(*gone), gfp);
	unsigned int i, kept = 0, ngone = 0;
	struct utrace_engine *engine = NULL;
	struct utrace_rules *old = NULL;
	int ret;

	if (!set || !gone)
		return -ENOMEM;
	scoped_guard(mutex, &utrace_rules_lock) {
		old = rcu_dereference_protected(utrace_rules,
						lockdep_is_held(&utrace_rules_lock));
		for (i = 0; old && i < old->nr; i++) {
			if (old->rule[i]->owner == owner)
				gone[ngone++] = old->rule[i];
			else
				set->rule[kept++] = old->rule[i];
		}
		if (kept + nr > UTRACE_RULES_MAX)
			return -ENOSPC;
		for (i = 0; i < nr; i++) {
			new[i]->id = utrace_rules_next_id++;
			set->rule[kept + i] = new[i];
		}
		set->nr = kept + nr;
		for (i = 0; i < set->nr; i++)
			if (set->rule[i]->count_thread)
				set->count_thread = true;
		ret = utrace_rules_sync_engine(set, &engine);
		if (ret)
			return ret;
		rcu_assign_pointer(utrace_rules, no_free_ptr(set));
	}

	/* Waits for engine walks, not for delays (slept after the walk). */
	if (engine)
		utrace_global_detach(engine);
	/* No entry report still looks at the old rules or their scopes. */
	synchronize_rcu();
	kfree(old);
	for (i = 0; i < ngone; i++)
		utrace_rule_free(gone[i]);
	return 0;
}

static void utrace_rule_show(struct seq_file *m, const struct utrace_rule *rule)
{
	const struct utrace_rule_key *key;
	int nr;

	seq_printf(m, "id=%u owner=", rule->id);
	if (rule->owner)
		seq_printf(m, "session:%d", rule->owner_tgid);
	else
		seq_puts(m, "rules");
	for_each_set_bit(nr, &rule->keys, UTRACE_RULE_NR_KEYS) {
		key = &utrace_rule_keys[nr];
		if (!key->show)
			continue;
		seq_printf(m, " %s=", key->name);
		key->show(m, rule);
	}
	seq_printf(m, " matched=%lld fired=%lld",
		   atomic64_read(&rule->matched), atomic64_read(&rule->fired));
	if (rule->count_thread) {
		seq_printf(m, " threads=%u overflow=%lld",
			   READ_ONCE(rule->nr_threads),
			   atomic64_read(&rule->overflow));
	}
	seq_putc(m, '\n');
}

/* The rules file shows every rule; a session only its own. */
static int utrace_rules_show(struct seq_file *m, void *v)
{
	const struct file *owner = m->private;
	struct utrace_rules *rules;
	unsigned int i;

	guard(mutex)(&utrace_rules_lock);
	rules = rcu_dereference_protected(utrace_rules,
					  lockdep_is_held(&utrace_rules_lock));
	for (i = 0; rules && i < rules->nr; i++)
		if (!owner || rules->rule[i]->owner == owner)
			utrace_rule_show(m, rules->rule[i]);
	return 0;
}

static ssize_t utrace_rules_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct seq_file *m = file->private_data;
	const struct file *owner = m->private;
	struct utrace_rule **new __free(kfree) = NULL;
	char *buf __free(kfree) = NULL;
	int nr, ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (count >= UTRACE_RULES_MAX_WRITE)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	new = kcalloc(UTRACE_RULES_PER_SET, sizeof(*new), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	nr = utrace_rules_parse(buf, owner, new);
	if (nr < 0)
		return nr;
	ret = utrace_rules_replace(owner, new, nr, GFP_KERNEL);
	if (ret) {
		while (nr--)
			utrace_rule_free(new[nr]);
		return ret;
	}
	return count;
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

static int utrace_rules_counters_get(void *data, u64 *val)
{
	*val = atomic_long_read(&utrace_rules_counters);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(utrace_rules_counters_fops, utrace_rules_counters_get,
			 NULL, "%llu\n");

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
	debugfs_create_file_unsafe("counters", 0400, dir, NULL,
				   &utrace_rules_counters_fops);
	debugfs_create_ulong("counters_max", 0600, dir,
			     &utrace_rules_counters_max);
	return 0;
}
late_initcall(utrace_rules_init);
