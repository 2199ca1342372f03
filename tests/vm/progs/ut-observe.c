// SPDX-License-Identifier: GPL-2.0
/*
 * ut-observe MODE: run one workload whose outcome tracing must not change
 * and print that outcome as one line, the same on every run of a correct
 * kernel, so that a test can compare runs with tracing off and on.  A
 * first line "child=PID" names the process the outcome is about.
 *
 *   vfork-term      a process waits for its vfork child, which sleeps 3 s;
 *                   SIGTERM to the process must kill it at once: the line
 *                   says whether the child was still asleep when it died
 *   sigwait-term    SIGTERM to a process whose main thread sleeps and whose
 *                   other thread waits for SIGUSR1 in sigtimedwait()
 *   threads-term    SIGTERM to a process of three sleeping threads
 *   kill9           SIGKILL to a sleeping process
 *   exit-group      a thread calls exit_group(7) while another sleeps
 *   segv            NULL dereference (RLIMIT_CORE 0: no core file)
 *   handler         SIGUSR1 handled, then exit(3)
 *   stop-cont       SIGSTOP, SIGCONT, then SIGTERM
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts))
		;
}

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void *sigwaiter(void *arg)
{
	struct timespec ts = { 30, 0 };
	sigset_t set;

	(void)arg;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigtimedwait(&set, NULL, &ts);
	return NULL;
}

static void *exiter(void *arg)
{
	(void)arg;
	msleep(100);
	syscall(SYS_exit_group, 7);
	return NULL;
}

static void on_usr1(int sig)
{
	(void)sig;
}

static void print_status(const char *what, int status)
{
	if (WIFSIGNALED(status))
		printf("%s termsig=%d core=%d", what, WTERMSIG(status),
		       WCOREDUMP(status) ? 1 : 0);
	else
		printf("%s exit=%d", what, WEXITSTATUS(status));
}

/* The vfork child sleeps 3 s; its pid comes back through @fd. */
static void vfork_parent(int fd)
{
	pid_t c = vfork();
	struct timespec ts = { 3, 0 };

	if (c == 0) {
		pid_t me = syscall(SYS_getpid);

		syscall(SYS_write, fd, &me, sizeof(me));
		syscall(SYS_nanosleep, &ts, NULL);
		syscall(SYS_exit, 0);
	}
	_exit(0);
}

static int vfork_term(void)
{
	int fds[2], status;
	pid_t p, c;

	/* The orphaned vfork child comes back to us, to be looked at. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	if (pipe(fds))
		return 1;
	p = fork();
	if (p == 0)
		vfork_parent(fds[1]);
	printf("child=%d\n", p);
	fflush(stdout);
	if (read(fds[0], &c, sizeof(c)) != sizeof(c))
		return 1;
	msleep(100);
	kill(p, SIGTERM);
	waitpid(p, &status, 0);
	print_status("parent", status);
	/* Still asleep: the parent did not wait for it to die. */
	printf(" child_running=%d\n", waitpid(c, NULL, WNOHANG) == 0);
	waitpid(c, NULL, 0);
	return 0;
}

static void child_body(const char *mode)
{
	struct rlimit rl = { 0, 0 };
	pthread_t t;
	sigset_t set;

	if (!strcmp(mode, "sigwait-term")) {
		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		sigprocmask(SIG_BLOCK, &set, NULL);
		pthread_create(&t, NULL, sigwaiter, NULL);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		sleeper(NULL);
	} else if (!strcmp(mode, "threads-term") || !strcmp(mode, "kill9") ||
		   !strcmp(mode, "stop-cont")) {
		pthread_create(&t, NULL, sleeper, NULL);
		pthread_create(&t, NULL, sleeper, NULL);
		sleeper(NULL);
	} else if (!strcmp(mode, "exit-group")) {
		pthread_create(&t, NULL, exiter, NULL);
		sleeper(NULL);
	} else if (!strcmp(mode, "segv")) {
		setrlimit(RLIMIT_CORE, &rl);
		*(volatile int *)NULL = 1;
	} else if (!strcmp(mode, "handler")) {
		signal(SIGUSR1, on_usr1);
		pause();
		exit(3);
	}
	_exit(99);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	int status;
	pid_t p;

	if (!strcmp(mode, "vfork-term"))
		return vfork_term();
	if (!strstr(" sigwait-term threads-term kill9 exit-group segv handler stop-cont ",
		    mode) || !*mode) {
		fprintf(stderr, "ut-observe: unknown mode '%s'\n", mode);
		return 2;
	}
	p = fork();
	if (p == 0)
		child_body(mode);
	printf("child=%d\n", p);
	fflush(stdout);
	msleep(200);
	if (!strcmp(mode, "sigwait-term") || !strcmp(mode, "threads-term")) {
		kill(p, SIGTERM);
	} else if (!strcmp(mode, "kill9")) {
		kill(p, SIGKILL);
	} else if (!strcmp(mode, "handler")) {
		kill(p, SIGUSR1);
	} else if (!strcmp(mode, "stop-cont")) {
		kill(p, SIGSTOP);
		waitpid(p, &status, WUNTRACED);
		printf("stopped=%d ", WIFSTOPPED(status));
		kill(p, SIGCONT);
		waitpid(p, &status, WCONTINUED);
		printf("continued=%d ", WIFCONTINUED(status));
		kill(p, SIGTERM);
	}
	waitpid(p, &status, 0);
	print_status(mode, status);
	printf("\n");
	return 0;
}
