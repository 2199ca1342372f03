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
#include <linux/seccomp.h>
#include <linux/utrace.h>
#include <asm/unistd.h>
#include <trace/events/utrace.h>

#include "../utrace_global.h"

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

/*
 * Suite utrace_causes: the exit cause of a fatal signal (kind, signo,
 * si_code) and of a thread's own exit, and which argument of a system
 * call is the path utrace_syscall_entry copies.
 */

/* cause SIG CODE SENDER: the cause utrace_note_signal() gives. */
static int signal_cause(struct utrace_exit_note *n, int sig, int code,
			pid_t sender)
{
	*n = (struct utrace_exit_note){ .sender_pid = sender };
	utrace_note_signal(n, sig, code);
	return n->cause;
}

static void fatal_signal_causes(struct kunit *test)
{
	pid_t self = task_tgid_nr(current);
	struct utrace_exit_note n;

	KUNIT_EXPECT_EQ(test, signal_cause(&n, SIGSEGV, SEGV_MAPERR, 0),
			UTRACE_EXIT_FAULT);
	KUNIT_EXPECT_EQ(test, n.signo, SIGSEGV);
	KUNIT_EXPECT_EQ(test, n.si_code, SEGV_MAPERR);
	KUNIT_EXPECT_EQ(test, signal_cause(&n, SIGBUS, BUS_ADRERR, 0),
			UTRACE_EXIT_FAULT);
	/* kill -SEGV from a process is a signal, not a fault. */
	KUNIT_EXPECT_EQ(test, signal_cause(&n, SIGSEGV, SI_USER, 7),
			UTRACE_EXIT_SIGNAL);
	KUNIT_EXPECT_EQ(test, signal_cause(&n, SIGSYS, SYS_SECCOMP, 0),
			UTRACE_EXIT_SECCOMP);
	KUNIT_EXPECT_EQ(test, signal_cause(&n, SIGXCPU, SI_KERNEL, 0),
			UTRACE_EXIT_RLIMIT);
	/* SIGXFSZ of RLIMIT_FSIZE comes as the process's own kill(). */
	KUNIT_EXPECT_EQ(test, signal_cause(&n, SIGXFSZ, SI_USER, self),
			UTRACE_EXIT_RLIMIT);
	KUNIT_EXPECT_EQ(test, signal_cause(&n, SIGXFSZ, SI_USER, self + 1),
			UTRACE_EXIT_SIGNAL);
	KUNIT_EXPECT_EQ(test, signal_cause(&n, SIGTERM, SI_USER, 7),
			UTRACE_EXIT_SIGNAL);
	KUNIT_EXPECT_EQ(test, n.sender_pid, 7);
	/* The OOM killer's SIGKILL is told apart at exit (oom_mm). */
	KUNIT_EXPECT_EQ(test, signal_cause(&n, SIGKILL, SI_KERNEL, 0),
			UTRACE_EXIT_SIGNAL);
}

static void own_exit_causes(struct kunit *test)
{
	struct task_struct *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct utrace_exit_note n = {};

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->pid = 4242;
	utrace_exit_own_cause(t, 7 << 8, &n);
	KUNIT_EXPECT_EQ(test, n.cause, UTRACE_EXIT_EXIT);
	KUNIT_EXPECT_EQ(test, n.cause_pid, 4242);
	n = (struct utrace_exit_note){};
	utrace_exit_own_cause(t, SIGSEGV, &n);
	KUNIT_EXPECT_EQ(test, n.cause, UTRACE_EXIT_KERNEL);
	KUNIT_EXPECT_EQ(test, n.signo, SIGSEGV);
#ifdef CONFIG_SECCOMP
	n = (struct utrace_exit_note){};
	t->seccomp.mode = SECCOMP_MODE_FILTER + 1;	/* SECCOMP_MODE_DEAD */
	utrace_exit_own_cause(t, SIGSYS, &n);
	KUNIT_EXPECT_EQ(test, n.cause, UTRACE_EXIT_SECCOMP);
	KUNIT_EXPECT_EQ(test, n.si_code, SYS_SECCOMP);
	t->seccomp.mode = 0;
#endif
	n = (struct utrace_exit_note){};
	t->flags = PF_KTHREAD;
	utrace_exit_own_cause(t, 0, &n);
	KUNIT_EXPECT_EQ(test, n.cause, UTRACE_EXIT_KERNEL);
}

static void path_arguments(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, utrace_path_arg_64(__NR_open), 0);
	KUNIT_EXPECT_EQ(test, utrace_path_arg_64(__NR_execve), 0);
	KUNIT_EXPECT_EQ(test, utrace_path_arg_64(__NR_symlinkat), 0);
	KUNIT_EXPECT_EQ(test, utrace_path_arg_64(__NR_openat), 1);
	KUNIT_EXPECT_EQ(test, utrace_path_arg_64(__NR_execveat), 1);
	KUNIT_EXPECT_EQ(test, utrace_path_arg_64(__NR_renameat2), 1);
	KUNIT_EXPECT_EQ(test, utrace_path_arg_64(__NR_newfstatat), 1);
	KUNIT_EXPECT_EQ(test, utrace_path_arg_64(__NR_getppid), -1);
	KUNIT_EXPECT_EQ(test, utrace_path_arg_64(__NR_mount), -1);
	KUNIT_EXPECT_EQ(test, utrace_path_arg_64(__NR_read), -1);
#ifdef CONFIG_IA32_EMULATION
	KUNIT_EXPECT_EQ(test, utrace_path_arg_ia32(__NR_ia32_open), 0);
	KUNIT_EXPECT_EQ(test, utrace_path_arg_ia32(__NR_ia32_stat64), 0);
	KUNIT_EXPECT_EQ(test, utrace_path_arg_ia32(__NR_ia32_openat), 1);
	KUNIT_EXPECT_EQ(test, utrace_path_arg_ia32(__NR_ia32_getppid), -1);
	/* 5 is open for i386 but fstat for x86_64: the tables differ. */
	KUNIT_EXPECT_EQ(test, utrace_path_arg_64(5), -1);
#endif
}

static struct kunit_case utrace_causes_cases[] = {
	KUNIT_CASE(fatal_signal_causes),
	KUNIT_CASE(own_exit_causes),
	KUNIT_CASE(path_arguments),
	{}
};

static struct kunit_suite utrace_causes_suite = {
	.name = "utrace_causes",
	.test_cases = utrace_causes_cases,
};

kunit_test_suites(&utrace_global_suite, &utrace_causes_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for utrace global engines and exit causes");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
