// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the utrace global engine registry.  They run at boot,
 * before user space, when no trace event is enabled, so the flags they
 * see are the engines' alone.
 */
#include <kunit/test.h>
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
			    const struct linux_binfmt *fmt,
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

static void test_release(void *data)
{
	release_calls++;
}

static const struct utrace_engine_ops test_ops = {
	.report_clone		= test_report_clone,
	.report_exec		= test_report_exec,
	.report_syscall_entry	= test_report_syscall,
	.report_syscall_exit	= test_report_syscall,
	.release		= test_release,
};

static const struct utrace_engine_ops clone_only_ops = {
	.report_clone		= test_report_clone,
};

static void refuses_quiesce(struct kunit *test)
{
	struct utrace_engine *e;

	e = utrace_global_attach(&test_ops, NULL, UTRACE_EVENT(QUIESCE));
	KUNIT_EXPECT_EQ(test, PTR_ERR(e), -EINVAL);
	e = utrace_global_attach(&test_ops, NULL,
				 UTRACE_EVENT(QUIESCE) | UTRACE_EVENT(CLONE));
	KUNIT_EXPECT_EQ(test, PTR_ERR(e), -EINVAL);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, 0UL);
}

static void refuses_bad_requests(struct kunit *test)
{
	struct utrace_engine *e;

	e = utrace_global_attach(NULL, NULL, UTRACE_EVENT(CLONE));
	KUNIT_EXPECT_EQ(test, PTR_ERR(e), -EINVAL);
	/* An event without its callback, and a bit past JCTL. */
	e = utrace_global_attach(&clone_only_ops, NULL, UTRACE_EVENT(EXEC));
	KUNIT_EXPECT_EQ(test, PTR_ERR(e), -EINVAL);
	e = utrace_global_attach(&test_ops, NULL, 1UL << _UTRACE_NEVENTS);
	KUNIT_EXPECT_EQ(test, PTR_ERR(e), -EINVAL);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, 0UL);
}

static void attach_sets_and_detach_clears_flags(struct kunit *test)
{
	struct utrace_engine *e;

	release_calls = 0;
	e = utrace_global_attach(&test_ops, test, UTRACE_EVENT(CLONE));
	KUNIT_ASSERT_FALSE(test, IS_ERR(e));
	KUNIT_EXPECT_EQ(test, utrace_global_flags, UTRACE_EVENT(CLONE));
	KUNIT_EXPECT_EQ(test, utrace_global_detach(e), 0);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, 0UL);
	KUNIT_EXPECT_EQ(test, release_calls, 1);
}

static void set_events_recomputes_flags(struct kunit *test)
{
	struct utrace_engine *e;

	e = utrace_global_attach(&test_ops, test, UTRACE_EVENT(CLONE));
	KUNIT_ASSERT_FALSE(test, IS_ERR(e));
	KUNIT_EXPECT_EQ(test, utrace_global_set_events(e, UTRACE_EVENT(EXEC)),
			0);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, UTRACE_EVENT(EXEC));
	KUNIT_EXPECT_EQ(test,
			utrace_global_set_events(e, UTRACE_EVENT(QUIESCE)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, UTRACE_EVENT(EXEC));
	KUNIT_EXPECT_EQ(test, e->flags, UTRACE_EVENT(EXEC));
	utrace_global_detach(e);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, 0UL);
}

static void flags_are_the_union_of_engines(struct kunit *test)
{
	struct utrace_engine *a, *b;

	a = utrace_global_attach(&test_ops, test, UTRACE_EVENT(CLONE));
	b = utrace_global_attach(&test_ops, test, UTRACE_EVENT(EXEC));
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));
	KUNIT_EXPECT_EQ(test, utrace_global_flags,
			UTRACE_EVENT(CLONE) | UTRACE_EVENT(EXEC));
	utrace_global_detach(a);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, UTRACE_EVENT(EXEC));
	utrace_global_detach(b);
	KUNIT_EXPECT_EQ(test, utrace_global_flags, 0UL);
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

static void syscall_events_set_work_on_threads(struct kunit *test)
{
	struct utrace_engine *e;

	e = utrace_global_attach(&test_ops, test,
				 UTRACE_EVENT(SYSCALL_ENTRY));
	KUNIT_ASSERT_FALSE(test, IS_ERR(e));
	KUNIT_EXPECT_TRUE(test, test_task_syscall_work(current, UTRACE));
	KUNIT_EXPECT_EQ(test, threads_with_work_bit(false), 0);
	utrace_global_set_events(e, UTRACE_EVENT(CLONE));
	KUNIT_EXPECT_FALSE(test, test_task_syscall_work(current, UTRACE));
	KUNIT_EXPECT_EQ(test, threads_with_work_bit(true), 0);
	utrace_global_detach(e);
}

static void engines_receive_reports(struct kunit *test)
{
	struct utrace_engine *e;

	clone_reports = 0;
	e = utrace_global_attach(&test_ops, test, UTRACE_EVENT(CLONE));
	KUNIT_ASSERT_FALSE(test, IS_ERR(e));
	utrace_report_clone(0x1234, current);
	KUNIT_EXPECT_EQ(test, clone_reports, 1);
	KUNIT_EXPECT_EQ(test, clone_flags_seen, 0x1234UL);
	utrace_global_set_events(e, UTRACE_EVENT(EXEC));
	utrace_report_clone(0x1234, current);
	KUNIT_EXPECT_EQ(test, clone_reports, 1);
	utrace_global_detach(e);
}

static struct kunit_case utrace_global_cases[] = {
	KUNIT_CASE(refuses_quiesce),
	KUNIT_CASE(refuses_bad_requests),
	KUNIT_CASE(attach_sets_and_detach_clears_flags),
	KUNIT_CASE(set_events_recomputes_flags),
	KUNIT_CASE(flags_are_the_union_of_engines),
	KUNIT_CASE(syscall_events_set_work_on_threads),
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
