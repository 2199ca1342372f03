// SPDX-License-Identifier: GPL-2.0
/*
 * ut-inject MODE [ARGS]: the calls of the fault-injection tests
 * (45-inject.t), linked statically so that no dynamic loader opens files
 * before main: every openat of the process is one of these.
 *
 *   open N PATH  open PATH N times: opens=E1,E2,... (errno each, 0: opened)
 *   getppid      ppid=R, what getppid returned
 *   signal       a SIGUSR1 handler, then getppid: ppid=R handled=N
 *   sleep MS     sleep MS milliseconds
 *   calls N      N getppid calls: calls=E1,E2,... (errno each, 0: ran)
 *   tree N FILE  once FILE exists, fork; the child, then the parent make
 *                N getppid calls: child=E1,... then parent=E1,...
 *   again FILE   getppid (first=R), then once FILE exists getppid again
 *                (second=R): two calls of one thread, a change between
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t handled;

static void on_usr1(int sig)
{
	(void)sig;
	handled++;
}

/* N getppid calls, their errnos as "NAME=E1,E2,...". */
static void calls(const char *name, int n)
{
	int i;

	printf("%s=", name);
	for (i = 0; i < n; i++)
		printf("%s%d", i ? "," : "",
		       syscall(SYS_getppid) < 0 ? errno : 0);
	printf("\n");
	fflush(stdout);
}

/* access(), not open: a rule on openat may be on meanwhile. */
static void wait_for(const char *path)
{
	int i;

	for (i = 0; i < 6000 && access(path, F_OK); i++)
		usleep(10000);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	long r;
	int i, n;

	if (!strcmp(mode, "open") && argc > 3) {
		n = atoi(argv[2]);
		printf("opens=");
		for (i = 0; i < n; i++) {
			r = syscall(SYS_openat, AT_FDCWD, argv[3], O_RDONLY);
			printf("%s%d", i ? "," : "", r < 0 ? errno : 0);
			if (r >= 0)
				close(r);
		}
		printf("\n");
	} else if (!strcmp(mode, "getppid")) {
		printf("ppid=%ld\n", syscall(SYS_getppid));
	} else if (!strcmp(mode, "signal")) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_usr1;
		sigaction(SIGUSR1, &sa, NULL);
		r = syscall(SYS_getppid);
		printf("ppid=%ld handled=%d\n", r, (int)handled);
	} else if (!strcmp(mode, "calls") && argc > 2) {
		calls("calls", atoi(argv[2]));
	} else if (!strcmp(mode, "tree") && argc > 3) {
		pid_t child;

		printf("pid=%d\n", getpid());
		fflush(stdout);
		wait_for(argv[3]);
		child = fork();
		if (child == 0) {
			calls("child", atoi(argv[2]));
			_exit(0);
		}
		waitpid(child, NULL, 0);
		calls("parent", atoi(argv[2]));
	} else if (!strcmp(mode, "again") && argc > 2) {
		printf("first=%ld\n", syscall(SYS_getppid));
		fflush(stdout);
		wait_for(argv[2]);
		printf("second=%ld\n", syscall(SYS_getppid));
	} else if (!strcmp(mode, "sleep") && argc > 2) {
		usleep(atol(argv[2]) * 1000);
	} else {
		fprintf(stderr, "ut-inject: unknown mode '%s'\n", mode);
		return 2;
	}
	return 0;
}
