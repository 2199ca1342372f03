// SPDX-License-Identifier: GPL-2.0
/*
 * ut-storm: a process, thread and signal storm for the utrace stress test.
 *
 *   ut-storm -x EXEC [-w WORKERS] [-t THREADS] [-e ERRNO] [-d SECONDS]
 *
 * The parent forks WORKERS worker processes and runs until SIGTERM (or
 * SECONDS, a safety limit).  Each worker has THREADS sibling threads that
 * call getppid, start and join short-lived threads and take SIGUSR1
 * (handled) from the worker's main thread, which meanwhile runs child
 * operations round-robin: exit with a code, exec of the static binary
 * EXEC (after fork, after vfork, and from a second thread, which kills
 * the first), SIGSEGV and abort (with and without other threads), SIGTERM
 * to a threaded child, a signal handler, an ignored signal, SIGSTOP and
 * SIGCONT then SIGKILL, and SIGKILL racing a crash.
 *
 * Every outcome is checked exactly: the wait status each child must end
 * with is the one the kernel gives without any tracing; with cores
 * disabled (RLIMIT_CORE 0) a crash ends with its signal and no core bit
 * whether or not the crash catcher held it first.  getppid must return
 * the parent's pid or fail with ERRNO (the fault injection rule); any
 * other result is a mismatch.  At the end the parent prints key=value
 * lines: per-mode counts, mismatches, getppid calls and injected failures,
 * handled signals; details of mismatches go to stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum mode {
	M_EXIT, M_EXEC, M_VFORK_EXEC, M_THREAD_EXEC, M_SEGV, M_ABORT,
	M_MT_SEGV, M_TERM, M_HANDLED, M_IGNORED, M_STOPCONT, M_KILL_CRASHER,
	M_GETPPID, NMODES
};

static const char *const mode_names[NMODES] = {
	"exit", "exec", "vfork_exec", "thread_exec", "segv", "abort",
	"mt_segv", "term", "handled", "ignored", "stopcont", "kill_crasher",
	"getppid",
};

/* Shared by all processes of the storm (MAP_SHARED, inherited). */
struct shared {
	volatile int stop;
	long done[NMODES];
	long mismatches;
	long getppid_calls;
	long getppid_injected;
	long usr1_handled;
	long threads_started;
};

static struct shared *sh;
static const char *exec_path;
static int inject_errno = -1;
static int nthreads = 2;
static volatile sig_atomic_t usr1_seen;

#define ADD(field, n)	__atomic_fetch_add(&sh->field, (n), __ATOMIC_RELAXED)

static void mismatch(const char *what, long got, long want)
{
	ADD(mismatches, 1);
	fprintf(stderr, "ut-storm: pid %d: %s: got %ld (0x%lx), want %ld (0x%lx)\n",
		getpid(), what, got, got, want, want);
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void on_usr1(int sig)
{
	(void)sig;
	usr1_seen++;
}

/* getppid is the call the fault injection rule fails. */
static void check_getppid(pid_t want)
{
	long r;

	errno = 0;
	r = syscall(SYS_getppid);
	ADD(getppid_calls, 1);
	if (r == -1 && errno == inject_errno)
		ADD(getppid_injected, 1);
	else if (r == -1)
		mismatch("getppid errno", errno, inject_errno);
	else if (r != want)
		mismatch("getppid", r, want);
}

/* A real fault at address 0; the compiler cannot see the address is 0. */
static volatile unsigned long null_addr;

static void crash_here(void)
{
	*(volatile int *)null_addr = 1;
}

static void *short_thread(void *arg)
{
	check_getppid((pid_t)(long)arg);
	return NULL;
}

/* Sibling thread of a worker: getppid, short threads, handled SIGUSR1. */
static void *sibling(void *arg)
{
	pid_t ppid = (pid_t)(long)arg;
	pthread_t t;
	long n = 0;

	while (!sh->stop) {
		check_getppid(ppid);
		if (++n % 8 == 0 &&
		    !pthread_create(&t, NULL, short_thread, arg)) {
			ADD(threads_started, 1);
			pthread_join(t, NULL);
		}
		sleep_ms(2);
	}
	return NULL;
}

/* Threads inside a child: keep running until the process ends. */
static void *child_spin(void *arg)
{
	(void)arg;
	for (;;)
		sleep_ms(1);
	return NULL;
}

static void *child_exec(void *arg)
{
	(void)arg;
	execl(exec_path, "ut-true", (char *)NULL);
	_exit(126);
}

static void *child_crash(void *arg)
{
	(void)arg;
	crash_here();
	return NULL;
}

static void child_thread(void *(*fn)(void *))
{
	pthread_t t;

	if (pthread_create(&t, NULL, fn, NULL))
		_exit(125);
}

/*
 * What a child does; it runs with SIGUSR1 and SIGUSR2 blocked (the
 * worker's main thread's mask), SIGUSR1 handled and SIGUSR2 ignored.
 */
static void child_main(enum mode m, long iter, pid_t parent)
{
	sigset_t set, none;
	int i;

	switch (m) {
	case M_EXIT:
		_exit(iter & 0x7f);
	case M_EXEC:
		execl(exec_path, "ut-true", (char *)NULL);
		_exit(126);
	case M_THREAD_EXEC:
		child_thread(child_exec);
		for (;;)
			pause();
	case M_SEGV:
		crash_here();
		_exit(124);
	case M_ABORT:
		abort();
	case M_MT_SEGV:
		child_thread(child_spin);
		if (iter & 1) {
			child_thread(child_crash);
			for (;;)
				pause();
		}
		sleep_ms(1);
		crash_here();
		_exit(124);
	case M_TERM:
	case M_STOPCONT:
		if (iter & 1)
			child_thread(child_spin);
		for (;;)
			pause();
	case M_HANDLED:
		/* Blocked since fork: the handler runs inside sigsuspend. */
		usr1_seen = 0;
		sigemptyset(&none);
		while (!usr1_seen)
			sigsuspend(&none);
		_exit(42);
	case M_IGNORED:
		/* Blocked, so the ignored signal is queued, not discarded. */
		for (;;) {
			sigpending(&set);
			if (sigismember(&set, SIGUSR2))
				break;
			sleep_ms(1);
		}
		sigemptyset(&set);
		sigaddset(&set, SIGUSR2);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		_exit(43);
	case M_KILL_CRASHER:
		sleep_ms(iter % 3);
		crash_here();
		_exit(124);
	case M_GETPPID:
		for (i = 0; i < 20; i++)
			check_getppid(parent);
		_exit(0);
	default:
		_exit(123);
	}
}

static int wait_for(pid_t pid, int options)
{
	int status;

	while (waitpid(pid, &status, options) != pid) {
		if (errno != EINTR) {
			mismatch("waitpid errno", errno, 0);
			return -1;
		}
	}
	return status;
}

static void expect_status(enum mode m, int status, int want)
{
	char what[64];

	if (status != want) {
		snprintf(what, sizeof(what), "%s wait status", mode_names[m]);
		mismatch(what, status, want);
	}
}

/* One child operation of mode @m, checked. */
static void one(enum mode m, long iter)
{
	pid_t self = getpid(), pid;
	int status;

	if (m == M_VFORK_EXEC) {
		pid = vfork();
		if (pid == 0) {
			execl(exec_path, "ut-true", (char *)NULL);
			_exit(126);
		}
	} else {
		pid = fork();
		if (pid == 0)
			child_main(m, iter, self);
	}
	if (pid < 0) {
		mismatch("fork errno", errno, 0);
		sleep_ms(10);
		return;
	}

	switch (m) {
	case M_TERM:
		sleep_ms(iter % 3);
		kill(pid, SIGTERM);
		break;
	case M_HANDLED:
		kill(pid, SIGUSR1);
		break;
	case M_IGNORED:
		kill(pid, SIGUSR2);
		break;
	case M_STOPCONT:
		sleep_ms(iter % 3);
		kill(pid, SIGSTOP);
		status = wait_for(pid, WUNTRACED);
		if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGSTOP)
			mismatch("stopcont stop status", status, 0x137f);
		kill(pid, SIGCONT);
		status = wait_for(pid, WCONTINUED);
		if (!WIFCONTINUED(status))
			mismatch("stopcont continue status", status, 0xffff);
		kill(pid, SIGKILL);
		break;
	case M_KILL_CRASHER:
		sleep_ms(iter % 5);
		kill(pid, SIGKILL);
		break;
	default:
		break;
	}

	status = wait_for(pid, 0);
	switch (m) {
	case M_EXIT:
		expect_status(m, status, (iter & 0x7f) << 8);
		break;
	case M_EXEC:
	case M_VFORK_EXEC:
	case M_THREAD_EXEC:
	case M_GETPPID:
		expect_status(m, status, 0);
		break;
	case M_SEGV:
	case M_MT_SEGV:
		expect_status(m, status, SIGSEGV);
		break;
	case M_ABORT:
		expect_status(m, status, SIGABRT);
		break;
	case M_TERM:
		expect_status(m, status, SIGTERM);
		break;
	case M_HANDLED:
		expect_status(m, status, 42 << 8);
		break;
	case M_IGNORED:
		expect_status(m, status, 43 << 8);
		break;
	case M_STOPCONT:
		expect_status(m, status, SIGKILL);
		break;
	case M_KILL_CRASHER:
		/* Killed before, during (held) or after the crash. */
		if (status != SIGKILL)
			expect_status(m, status, SIGSEGV);
		break;
	default:
		break;
	}
	ADD(done[m], 1);
}

/* getppid itself may fail by injection: the parent passes its pid. */
static void worker(int index, pid_t ppid)
{
	pthread_t *t = calloc(nthreads, sizeof(*t));
	struct sigaction sa;
	sigset_t set;
	long iter;
	int i, n = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGUSR2, SIG_IGN);
	signal(SIGTERM, SIG_DFL);
	for (i = 0; i < nthreads; i++)
		if (!pthread_create(&t[n], NULL, sibling, (void *)(long)ppid))
			n++;
	/* Only the siblings take SIGUSR1 (the main thread sends it). */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);

	for (iter = index; !sh->stop; iter++) {
		one(iter % NMODES, iter);
		if (n)
			pthread_kill(t[iter % n], SIGUSR1);
	}
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	ADD(usr1_handled, usr1_seen);
	_exit(0);
}

static volatile sig_atomic_t got_term;

static void on_term(int sig)
{
	(void)sig;
	got_term = 1;
}

int main(int argc, char **argv)
{
	struct rlimit no_core = { 0, 0 };
	int workers = 4, seconds = 300, opt, i, status, left;
	pid_t *pids, self;
	time_t end;

	while ((opt = getopt(argc, argv, "x:w:t:e:d:")) != -1) {
		switch (opt) {
		case 'x': exec_path = optarg; break;
		case 'w': workers = atoi(optarg); break;
		case 't': nthreads = atoi(optarg); break;
		case 'e': inject_errno = atoi(optarg); break;
		case 'd': seconds = atoi(optarg); break;
		default: exec_path = NULL; break;
		}
	}
	if (!exec_path || workers < 1 || nthreads < 0) {
		fprintf(stderr, "usage: ut-storm -x EXEC [-w WORKERS] [-t THREADS] [-e ERRNO] [-d SECONDS]\n");
		return 2;
	}
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	/* Crashes end by their signal, without a core file to write. */
	setrlimit(RLIMIT_CORE, &no_core);
	signal(SIGTERM, on_term);
	pids = calloc(workers, sizeof(*pids));
	self = getpid();
	for (i = 0; i < workers; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			worker(i, self);
		if (pids[i] < 0) {
			perror("fork");
			return 1;
		}
	}
	printf("started=%d\n", getpid());
	fflush(stdout);

	end = time(NULL) + seconds;
	while (!got_term && time(NULL) < end)
		sleep(1);
	sh->stop = 1;

	/* Workers finish their current operation; a stuck one is a failure. */
	end = time(NULL) + 60;
	left = workers;
	while (left && time(NULL) < end) {
		for (i = 0; i < workers; i++) {
			if (!pids[i] || waitpid(pids[i], &status, WNOHANG) != pids[i])
				continue;
			if (status != 0)
				mismatch("worker wait status", status, 0);
			pids[i] = 0;
			left--;
		}
		if (left)
			usleep(100000);
	}
	for (i = 0; i < workers; i++) {
		if (!pids[i])
			continue;
		fprintf(stderr, "ut-storm: worker %d stuck, killing it\n", pids[i]);
		kill(pids[i], SIGKILL);
		waitpid(pids[i], &status, 0);
	}
	printf("stuck=%d\n", left);
	for (i = 0; i < NMODES; i++)
		printf("%s=%ld\n", mode_names[i], sh->done[i]);
	printf("mismatches=%ld\n", sh->mismatches);
	printf("getppid_calls=%ld\ngetppid_injected=%ld\n", sh->getppid_calls,
	       sh->getppid_injected);
	printf("usr1_handled=%ld\nthreads_started=%ld\n", sh->usr1_handled,
	       sh->threads_started);
	return 0;
}
