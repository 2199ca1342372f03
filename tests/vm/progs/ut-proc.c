// SPDX-License-Identifier: GPL-2.0
/*
 * ut-proc MODE [ARG]: make one kind of process event happen and print the
 * values a test needs to find it in the trace, as key=value lines.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void handler(int sig) { (void)sig; }

static void *thread_main(void *arg)
{
	printf("tid=%ld\n", (long)syscall(SYS_gettid));
	fflush(stdout);
	if (arg)
		pthread_exit(NULL);
	return NULL;
}

/* errno of each call, 0 for success; "results" are printed as a list */
static int results[64], nresults;

static int open_n(int n)
{
	int fd;

	for (nresults = 0; nresults < n && nresults < 64; nresults++) {
		fd = open("/etc/passwd", O_RDONLY);
		results[nresults] = fd < 0 ? errno : 0;
		if (fd >= 0)
			close(fd);
	}
	return nresults;
}

static int getppid_n(int n)
{
	for (nresults = 0; nresults < n && nresults < 64; nresults++)
		results[nresults] = syscall(SYS_getppid) < 0 ? errno : 0;
	return nresults;
}

static void print_results(const char *what, int n)
{
	int i;

	printf("%s=", what);
	for (i = 0; i < n; i++)
		printf("%s%d", i ? "," : "", results[i]);
	printf("\n");
}

static int wait_child(pid_t child)
{
	int status;

	if (waitpid(child, &status, 0) != child) {
		perror("waitpid");
		exit(1);
	}
	return status;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	int arg = argc > 2 ? atoi(argv[2]) : 0;
	pid_t child;
	int status;

	printf("pid=%d\n", getpid());
	fflush(stdout);

	if (!strcmp(mode, "fork-exit")) {	/* child exits with ARG */
		child = fork();
		if (child == 0)
			_exit(arg);
		status = wait_child(child);
		printf("child=%d status=%d\n", child, status);
	} else if (!strcmp(mode, "vfork")) {
		child = vfork();
		if (child == 0)
			_exit(0);
		wait_child(child);
		printf("child=%d\n", child);
	} else if (!strcmp(mode, "thread")) {	/* ARG 1: thread exits early */
		pthread_t t;

		pthread_create(&t, NULL, thread_main, arg ? (void *)1 : NULL);
		pthread_join(t, NULL);
	} else if (!strcmp(mode, "exec")) {	/* child execs /bin/true */
		child = fork();
		if (child == 0) {
			execl("/bin/true", "true", (char *)NULL);
			_exit(127);
		}
		status = wait_child(child);
		printf("child=%d status=%d\n", child, status);
	} else if (!strcmp(mode, "kill")) {	/* child killed by signal ARG */
		child = fork();
		if (child == 0) {
			for (;;)
				pause();
		}
		usleep(100000);
		kill(child, arg);
		status = wait_child(child);
		printf("child=%d status=%d\n", child, status);
	} else if (!strcmp(mode, "crash")) {	/* child raises ARG, default action */
		child = fork();
		if (child == 0) {
			struct rlimit rl = { 0, 0 };

			setrlimit(RLIMIT_CORE, &rl);
			signal(arg, SIG_DFL);
			raise(arg);
			_exit(99);
		}
		status = wait_child(child);
		printf("child=%d status=%d\n", child, status);
	} else if (!strcmp(mode, "handler")) {
		signal(arg, handler);
		raise(arg);
	} else if (!strcmp(mode, "ignore") || !strcmp(mode, "default")) {
		/*
		 * An ignored signal is discarded when sent unless blocked:
		 * block it so that it reaches delivery, then unblock.
		 */
		sigset_t set;

		sigemptyset(&set);
		sigaddset(&set, arg);
		sigprocmask(SIG_BLOCK, &set, NULL);
		if (!strcmp(mode, "ignore"))
			signal(arg, SIG_IGN);
		raise(arg);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
	} else if (!strcmp(mode, "stop-cont")) {
		/*
		 * The child tells us when it runs again after SIGCONT, so the
		 * final SIGKILL cannot overtake its continue report.
		 */
		int fds[2];
		char c;

		if (pipe(fds))
			return 1;
		child = fork();
		if (child == 0) {
			signal(SIGCONT, handler);
			for (;;) {
				pause();
				if (write(fds[1], "c", 1) != 1)
					_exit(1);
			}
		}
		usleep(100000);
		kill(child, SIGSTOP);
		waitpid(child, &status, WUNTRACED);
		printf("stopped=%d\n", WIFSTOPPED(status));
		kill(child, SIGCONT);
		waitpid(child, &status, WCONTINUED);
		printf("continued=%d\n", WIFCONTINUED(status));
		if (read(fds[0], &c, 1) != 1)
			return 1;
		kill(child, SIGKILL);
		wait_child(child);
		printf("child=%d\n", child);
	} else if (!strcmp(mode, "autoreap")) {
		signal(SIGCHLD, SIG_IGN);
		child = fork();
		if (child == 0)
			_exit(0);
		/* With SIGCHLD ignored, wait returns ECHILD once it is reaped. */
		while (waitpid(child, &status, 0) >= 0 || errno != ECHILD)
			;
		printf("child=%d\n", child);
	} else if (!strcmp(mode, "getppid")) {
		printf("ppid=%ld\n", (long)syscall(SYS_getppid));
		printf("nr=%d\n", SYS_getppid);
	} else if (!strcmp(mode, "enoent")) {
		int fd = open("/nonexistent/utrace", O_RDONLY);

		printf("fd=%d errno=%d nr=%d\n", fd, errno, SYS_openat);
	} else if (!strcmp(mode, "open-after")) {	/* sleep ARG ms, open 3 times */
		usleep(arg * 1000);
		print_results("opens", open_n(3));
	} else if (!strcmp(mode, "open-when")) {	/* when file ARGV[2] exists */
		const char *go = argc > 2 ? argv[2] : "";
		int i;

		/* access(), not open: a rule on openat may be on meanwhile */
		for (i = 0; i < 6000 && access(go, F_OK); i++)
			usleep(10000);
		print_results("opens", open_n(3));
	} else if (!strcmp(mode, "getppid-n")) {	/* ARG getppid calls */
		print_results("getppid", getppid_n(arg));
	} else if (!strcmp(mode, "untraced")) {	/* clone(CLONE_UNTRACED) */
		child = syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, NULL,
				NULL, 0);
		if (child == 0)
			_exit(3);
		status = wait_child(child);
		printf("child=%d status=%d\n", child, status);
	} else if (!strcmp(mode, "orphan-tstp")) {
		/*
		 * After setsid() the child's process group has no parent in
		 * another group of its session: it is orphaned, and the
		 * kernel drops SIGTSTP instead of stopping it.
		 */
		child = fork();
		if (child == 0) {
			setsid();
			raise(SIGTSTP);
			_exit(5);
		}
		status = wait_child(child);
		printf("child=%d status=%d\n", child, status);
	} else if (!strcmp(mode, "sleep")) {	/* ARG ms, for attach tests */
		usleep(arg * 1000);
	} else {
		fprintf(stderr, "ut-proc: unknown mode '%s'\n", mode);
		return 2;
	}
	return 0;
}
