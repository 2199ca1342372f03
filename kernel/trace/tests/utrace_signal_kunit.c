// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of what utrace_report_signal() lets a global engine do:
 * an engine that drops every signal may drop an ordinary one, but never
 * a forced death (SA_IMMUTABLE) nor a synchronous fault raised by the
 * kernel, which would only fault again; and it may hold a core dump but
 * not a forced one (the hold is recorded in signal_struct for
 * do_coredump(): the signal itself is delivered).
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>
#include <linux/utrace.h>

static u32 drop_report_signal(u32 action, struct utrace_engine *engine,
			      struct pt_regs *regs,
			      struct kernel_siginfo *info,
			      const struct k_sigaction *orig_ka)
{
	return UTRACE_RESUME | UTRACE_SIGNAL_IGN;
}

static u32 hold_report_signal(u32 action, struct utrace_engine *engine,
			      struct pt_regs *regs,
			      struct kernel_siginfo *info,
			      const struct k_sigaction *orig_ka)
{
	return UTRACE_RESUME | UTRACE_SIGNAL_CORE | UTRACE_SIGNAL_HOLD;
}

static const struct utrace_engine_ops drop_ops = {
	.report_signal = drop_report_signal,
};

static const struct utrace_engine_ops hold_ops = {
	.report_signal = hold_report_signal,
};

/*
 * What utrace_report_signal() decides for @signo/@code with @engine on,
 * under siglock as in get_signal().
 */
static u32 decide(int signo, int code, unsigned long sa_flags)
{
	struct kernel_siginfo info;
	struct k_sigaction ka;
	u32 ret;

	clear_siginfo(&info);
	info.si_signo = signo;
	info.si_code = code;
	memset(&ka, 0, sizeof(ka));
	ka.sa.sa_handler = SIG_DFL;
	ka.sa.sa_flags = sa_flags;
	spin_lock_irq(&current->sighand->siglock);
	ret = utrace_report_signal(signo, &info, &ka, true);
	spin_unlock_irq(&current->sighand->siglock);
	return ret;
}

/* Did the last decide() ask do_coredump() to hold current?  Forget it. */
static bool hold_requested(void)
{
#ifdef CONFIG_UTRACE_CRASH_CATCHER
	struct task_struct *holder = current->signal->utrace_crash_holder;

	current->signal->utrace_crash_holder = NULL;
	return holder == current;
#else
	return false;
#endif
}

static struct utrace_engine *attach(struct kunit *test,
				    const struct utrace_engine_ops *ops)
{
	struct utrace_engine *e;

	e = utrace_global_attach(ops, NULL, UTRACE_EVENT_SIGNAL_ALL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(e));
	return e;
}

static void drops_ordinary_signals(struct kunit *test)
{
	struct utrace_engine *e = attach(test, &drop_ops);

	/* kill(pid, SIGTERM) and even kill(pid, SIGSEGV) from user space */
	KUNIT_EXPECT_EQ(test, decide(SIGTERM, SI_USER, 0), UTRACE_SIGNAL_IGN);
	KUNIT_EXPECT_EQ(test, decide(SIGSEGV, SI_USER, 0), UTRACE_SIGNAL_IGN);
	KUNIT_EXPECT_EQ(test, decide(SIGUSR1, SI_QUEUE, 0), UTRACE_SIGNAL_IGN);
	utrace_global_detach(e);
}

static void never_drops_forced_signals(struct kunit *test)
{
	struct utrace_engine *e = attach(test, &drop_ops);

	/* force_fatal_sig(), seccomp's kill: SA_IMMUTABLE */
	KUNIT_EXPECT_EQ(test, decide(SIGSYS, SI_KERNEL, SA_IMMUTABLE),
			UTRACE_SIGNAL_DELIVER);
	KUNIT_EXPECT_EQ(test, decide(SIGTERM, SI_USER, SA_IMMUTABLE),
			UTRACE_SIGNAL_DELIVER);
	utrace_global_detach(e);
}

static void never_drops_synchronous_faults(struct kunit *test)
{
	struct utrace_engine *e = attach(test, &drop_ops);

	KUNIT_EXPECT_EQ(test, decide(SIGSEGV, SEGV_MAPERR, 0),
			UTRACE_SIGNAL_DELIVER);
	KUNIT_EXPECT_EQ(test, decide(SIGBUS, BUS_ADRERR, 0),
			UTRACE_SIGNAL_DELIVER);
	KUNIT_EXPECT_EQ(test, decide(SIGILL, ILL_ILLOPN, 0),
			UTRACE_SIGNAL_DELIVER);
	KUNIT_EXPECT_EQ(test, decide(SIGFPE, FPE_INTDIV, 0),
			UTRACE_SIGNAL_DELIVER);
	KUNIT_EXPECT_EQ(test, decide(SIGTRAP, TRAP_BRKPT, 0),
			UTRACE_SIGNAL_DELIVER);
	utrace_global_detach(e);
}

static void holds_core_dumps_but_not_forced_ones(struct kunit *test)
{
	struct utrace_engine *e;

	if (!IS_ENABLED(CONFIG_UTRACE_CRASH_CATCHER))
		kunit_skip(test, "no CONFIG_UTRACE_CRASH_CATCHER");
	e = attach(test, &hold_ops);
	KUNIT_EXPECT_EQ(test, decide(SIGSEGV, SEGV_MAPERR, 0),
			UTRACE_SIGNAL_DELIVER);
	KUNIT_EXPECT_TRUE(test, hold_requested());
	KUNIT_EXPECT_EQ(test, decide(SIGSYS, SI_KERNEL, SA_IMMUTABLE),
			UTRACE_SIGNAL_DELIVER);
	KUNIT_EXPECT_FALSE(test, hold_requested());
	/* Only a core dump can be held: SIGTERM terminates as it would. */
	KUNIT_EXPECT_EQ(test, decide(SIGTERM, SI_USER, 0),
			UTRACE_SIGNAL_DELIVER);
	KUNIT_EXPECT_FALSE(test, hold_requested());
	utrace_global_detach(e);
}

static struct kunit_case utrace_signal_cases[] = {
	KUNIT_CASE(drops_ordinary_signals),
	KUNIT_CASE(never_drops_forced_signals),
	KUNIT_CASE(never_drops_synchronous_faults),
	KUNIT_CASE(holds_core_dumps_but_not_forced_ones),
	{}
};

static struct kunit_suite utrace_signal_suite = {
	.name = "utrace_signal",
	.test_cases = utrace_signal_cases,
};

kunit_test_suite(utrace_signal_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for utrace signal reports and global engines");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
