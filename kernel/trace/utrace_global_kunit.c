// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the utrace global engine registry.  They run at boot,
 * before user space.  Trace events enabled on the command line
 * (trace_event=utrace:utrace_clone,...) are already on by then and stay on, so
 * each case compares utrace_global_flags with the flags present when it
 * starts (its baseline), and attaches its engines for events the
 * baseline lacks, so that every attach and detach has a visible effect.
 */
#include <kunit/test.h>
#include <linux/bitops.h>
#include <linux/err.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/thread_info.h>
#include <linux/utrace.h>

static int release_calls;
static int clone_reports;
static unsigned long clone_flags_seen;

static u32 test_report_clone(u32 action, struct utrace_engine *engine,
			     unsigned long clone_flags,
			     struct task_struct *child)
{
	clone_reports++;
	clone_flags_seen = clone_flags;
	return UTRACE_RESUME;
}

static u32 test_report_exec(u32 action, struct utrace_engine *engine,
			    const struct linux_binprm *bprm,
			    struct pt_regs *regs)
{
	return UTRACE_RESUME;
}

static u32 test_report_syscall(u32 action, struct utrace_engine *engine,
			       struct pt_regs *regs)
{
	return UTRACE_RESUME;
}

static u32 test_report_exit(u32 action, struct utrace_engine *engine,
			    long code)
{
	return UTRACE_RESUME;
}

static u32 test_report_death(struct utrace_engine *engine, bool group_dead,
			     int signal)
{
	return UTRACE_RESUME;
}

static void test_report_reap(struct utrace_engine *engine,
			     struct task_struct *task)
{
}

static u32 test_report_jctl(u32 action, struct utrace_engine *engine,
			    int type, int notify)
{
	return UTRACE_RESUME;
}

static void test_release(void *data)
{
	release_calls++;
}

static const struct utrace_engine_ops test_ops = {
	.report_clone		= test_report_clone,
	.report_exec		= test_report_exec,
	.report_syscall_entry	= test_report_syscall,
	.report_syscall_exit	= test_report_syscall,
	.report_exit		= test_report_exit,
	.report_death		= test_report_death,
	.report_reap		= test_report_reap,
	.report_jctl		= test_report_jctl,
	.release		= test_release,
};

static const struct utrace_engine_ops clone_only_ops = {
	.report_clone		= test_report_clone,
};

/*
 * Events test_ops can take that change no task's behaviour while an
 * engine holds them (no syscall work bit, no signal path).
 */
#define TEST_EVENTS	(UTRACE_EVENT(CLONE) | UTRACE_EVENT(EXEC) |	\
			 UTRACE_EVENT(EXIT) | UTRACE_EVENT(DEATH) |	\
			 UTRACE_EVENT(REAP) | UTRACE_EVENT(JCTL))

/* The flags as the case starts: nothing else changes them during boot. */
static unsigned long baseline(void)
{
	return READ_ONCE(utrace_global_flags);
}

/*
 * The n-th (from 0) of TEST_EVENTS missing from @base; the case is
 * skipped if the command line enabled so many that none is left.
 */
static unsigned long free_event(struct kunit *test, unsigned long base,
				int n)
{
	unsigned long free = TEST_EVENTS & ~base;
	int bit;

	for_each_set_bit(bit, &free, _UTRACE_NEVENTS)
		if (n-- == 0)
			return 1UL << bit;
	kunit_skip(test, "boot enabled too many utrace events: 0x%lx", base);
	return 0;
}

static void refuses_quiesce(struct kunit *test)
{
	unsigned long base = baseline();
	struct utrace_engine *e;

	e = utrace_global_attach(&test_ops, NULL, UTRACE_EVENT(QUIESCE));
	KUNIT_EXPECT_EQ(test, PTR_ERR(e), -EINVAL);
	e = utrace_global_attach(&test_ops, NULL,
				 UTRACE_EVENT(QUIESCE) | UTRACE_EVENT(CLONE));
	KUNIT_EXPECT_EQ(test, PTR_ERR(e), -EINVAL);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, base);
}

static void refuses_bad_requests(struct kunit *test)
{
	unsigned long base = baseline();
	struct utrace_engine *e;

	e = utrace_global_attach(NULL, NULL, UTRACE_EVENT(CLONE));
	KUNIT_EXPECT_EQ(test, PTR_ERR(e), -EINVAL);
	/* An event without its callback, and a bit past JCTL. */
	e = utrace_global_attach(&clone_only_ops, NULL, UTRACE_EVENT(EXEC));
	KUNIT_EXPECT_EQ(test, PTR_ERR(e), -EINVAL);
	e = utrace_global_attach(&test_ops, NULL, 1UL << _UTRACE_NEVENTS);
	KUNIT_EXPECT_EQ(test, PTR_ERR(e), -EINVAL);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, base);
}

static void attach_sets_and_detach_clears_flags(struct kunit *test)
{
	unsigned long base = baseline();
	unsigned long ev = free_event(test, base, 0);
	struct utrace_engine *e;

	release_calls = 0;
	e = utrace_global_attach(&test_ops, test, ev);
	KUNIT_ASSERT_FALSE(test, IS_ERR(e));
	KUNIT_EXPECT_EQ(test, utrace_global_flags, base | ev);
	utrace_global_detach(e);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, base);
	KUNIT_EXPECT_EQ(test, release_calls, 1);
}

static void set_events_recomputes_flags(struct kunit *test)
{
	unsigned long base = baseline();
	unsigned long a = free_event(test, base, 0);
	unsigned long b = free_event(test, base, 1);
	struct utrace_engine *e;

	e = utrace_global_attach(&test_ops, test, a);
	KUNIT_ASSERT_FALSE(test, IS_ERR(e));
	KUNIT_EXPECT_EQ(test, utrace_global_set_events(e, b), 0);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, base | b);
	KUNIT_EXPECT_EQ(test,
			utrace_global_set_events(e, UTRACE_EVENT(QUIESCE)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, base | b);
	KUNIT_EXPECT_EQ(test, e->flags, b);
	utrace_global_detach(e);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, base);
}

static void flags_are_the_union_of_engines(struct kunit *test)
{
	unsigned long base = baseline();
	unsigned long ea = free_event(test, base, 0);
	unsigned long eb = free_event(test, base, 1);
	struct utrace_engine *a, *b;

	a = utrace_global_attach(&test_ops, test, ea);
	b = utrace_global_attach(&test_ops, test, eb);
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));
	KUNIT_EXPECT_EQ(test, utrace_global_flags, base | ea | eb);
	utrace_global_detach(a);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, base | eb);
	utrace_global_detach(b);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, base);
}

/*
 * A bit wanted by a trace event user (what enabling utrace:X does) and
 * by an engine stays set until both are gone, whichever goes first.
 */
static void trace_events_and_engines_share_bits(struct kunit *test)
{
	unsigned long base = baseline();
	unsigned long ev = free_event(test, base, 0);
	struct utrace_engine *e;

	utrace_global_events_get(ev);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, base | ev);
	e = utrace_global_attach(&test_ops, test, ev);
	KUNIT_ASSERT_FALSE(test, IS_ERR(e));
	utrace_global_detach(e);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, base | ev);
	e = utrace_global_attach(&test_ops, test, ev);
	KUNIT_ASSERT_FALSE(test, IS_ERR(e));
	utrace_global_events_put(ev);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, base | ev);
	utrace_global_detach(e);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, base);
}

/* Threads whose work bit is @with_work. */
static int threads_with_work_bit(bool with_work)
{
	struct task_struct *g, *t;
	int n = 0;

	read_lock(&tasklist_lock);
	for_each_process_thread(g, t)
		n += test_task_syscall_work(t, UTRACE) == with_work;
	read_unlock(&tasklist_lock);
	return n;
}

/*
 * An engine's syscall event puts the work bit on every thread; dropping
 * it leaves the bits as the baseline had them (on everywhere if the
 * command line enabled a syscall event, else off everywhere).
 */
static void syscall_events_set_work_on_threads(struct kunit *test)
{
	unsigned long base = baseline();
	bool base_work = base & UTRACE_EVENT_SYSCALL;
	unsigned long other = free_event(test, base, 0);
	struct utrace_engine *e;

	KUNIT_EXPECT_EQ(test, test_task_syscall_work(current, UTRACE),
			base_work);
	KUNIT_EXPECT_EQ(test, threads_with_work_bit(!base_work), 0);
	e = utrace_global_attach(&test_ops, test,
				 UTRACE_EVENT(SYSCALL_ENTRY));
	KUNIT_ASSERT_FALSE(test, IS_ERR(e));
	KUNIT_EXPECT_TRUE(test, test_task_syscall_work(current, UTRACE));
	KUNIT_EXPECT_EQ(test, threads_with_work_bit(false), 0);
	utrace_global_set_events(e, other);
	KUNIT_EXPECT_EQ(test, test_task_syscall_work(current, UTRACE),
			base_work);
	KUNIT_EXPECT_EQ(test, threads_with_work_bit(!base_work), 0);
	utrace_global_detach(e);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, base);
}

/*
 * A scoped engine's syscall events put only the threads in a scope on the
 * slow path; the scopes run out at UTRACE_SCOPES_MAX, and freeing them
 * takes the bit off again.
 */
static void scopes_limit_the_work_bit(struct kunit *test)
{
	unsigned long base = baseline();
	int scopes[UTRACE_SCOPES_MAX];
	struct utrace_engine *e;
	int i, n;

	if (base & UTRACE_EVENT_SYSCALL)
		kunit_skip(test, "a syscall event is on from the command line");
	e = utrace_global_attach_scoped(&test_ops, test,
					UTRACE_EVENT(SYSCALL_ENTRY), true);
	KUNIT_ASSERT_FALSE(test, IS_ERR(e));
	KUNIT_EXPECT_EQ(test, threads_with_work_bit(true), 0);
	for (n = 0; n < UTRACE_SCOPES_MAX; n++) {
		scopes[n] = utrace_scope_alloc(n & 1);
		if (scopes[n] < 0)
			break;
	}
	KUNIT_EXPECT_EQ(test, n, UTRACE_SCOPES_MAX);
	KUNIT_EXPECT_EQ(test, utrace_scope_alloc(false), -ENOSPC);
	if (n) {
		KUNIT_EXPECT_EQ(test, utrace_scope_add(scopes[0],
						       task_tgid(current),
						       false), 0);
		KUNIT_EXPECT_TRUE(test, utrace_scope_current(scopes[0]));
		KUNIT_EXPECT_TRUE(test, test_task_syscall_work(current, UTRACE));
		KUNIT_EXPECT_EQ(test, threads_with_work_bit(true),
				get_nr_threads(current));
	}
	for (i = 0; i < n; i++)
		utrace_scope_free(scopes[i]);
	KUNIT_EXPECT_FALSE(test, n && utrace_scope_current(scopes[0]));
	KUNIT_EXPECT_EQ(test, threads_with_work_bit(true), 0);
	utrace_global_set_scoped(e, false);
	KUNIT_EXPECT_EQ(test, threads_with_work_bit(false), 0);
	utrace_global_detach(e);
	KUNIT_EXPECT_EQ(test, threads_with_work_bit(true), 0);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, base);
}

/* Reports reach an engine for the events it holds, whoever else wants them. */
static void engines_receive_reports(struct kunit *test)
{
	unsigned long base = baseline();
	unsigned long other = free_event(test, base, 0);
	struct utrace_engine *e;

	if (other == UTRACE_EVENT(CLONE))
		other = free_event(test, base, 1);
	clone_reports = 0;
	e = utrace_global_attach(&test_ops, test, UTRACE_EVENT(CLONE));
	KUNIT_ASSERT_FALSE(test, IS_ERR(e));
	utrace_report_clone(0x1234, current);
	KUNIT_EXPECT_EQ(test, clone_reports, 1);
	KUNIT_EXPECT_EQ(test, clone_flags_seen, 0x1234UL);
	utrace_global_set_events(e, other);
	utrace_report_clone(0x1234, current);
	KUNIT_EXPECT_EQ(test, clone_reports, 1);
	utrace_global_detach(e);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, base);
}

static struct kunit_case utrace_global_cases[] = {
	KUNIT_CASE(refuses_quiesce),
	KUNIT_CASE(refuses_bad_requests),
	KUNIT_CASE(attach_sets_and_detach_clears_flags),
	KUNIT_CASE(set_events_recomputes_flags),
	KUNIT_CASE(flags_are_the_union_of_engines),
	KUNIT_CASE(trace_events_and_engines_share_bits),
	KUNIT_CASE(syscall_events_set_work_on_threads),
	KUNIT_CASE(scopes_limit_the_work_bit),
	KUNIT_CASE(engines_receive_reports),
	{}
};

static struct kunit_suite utrace_global_suite = {
	.name = "utrace_global",
	.test_cases = utrace_global_cases,
};

kunit_test_suite(utrace_global_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for utrace global engines");
