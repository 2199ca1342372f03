// SPDX-License-Identifier: GPL-2.0
/*
 * ut-bench MODE N: run N iterations of one operation and print
 * "MODE ns_per_op".  Under QEMU -icount guest time counts instructions,
 * so the figures repeat from run to run.  UT_EXEC names the program the
 * exec workload runs (default /bin/true).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t caught;
static const char *exec_path = "/bin/true";

static void on_usr1(int sig)
{
	(void)sig;
	caught++;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void one(const char *mode)
{
	pid_t pid;

	if (!strcmp(mode, "getppid")) {
		syscall(SYS_getppid);
	} else if (!strcmp(mode, "fork")) {
		pid = fork();
		if (pid == 0)
			_exit(0);
		waitpid(pid, NULL, 0);
	} else if (!strcmp(mode, "exec")) {
		pid = fork();
		if (pid == 0) {
			execl(exec_path, "true", (char *)NULL);
			_exit(127);
		}
		waitpid(pid, NULL, 0);
	} else if (!strcmp(mode, "signal")) {
		raise(SIGUSR1);
	} else {
		fprintf(stderr, "ut-bench: unknown mode %s\n", mode);
		exit(2);
	}
}

int main(int argc, char **argv)
{
	const char *mode;
	double t0;
	long i, n;

	if (argc != 3) {
		fprintf(stderr, "usage: ut-bench getppid|fork|exec|signal N\n");
		return 2;
	}
	mode = argv[1];
	n = atol(argv[2]);
	if (getenv("UT_EXEC"))
		exec_path = getenv("UT_EXEC");
	signal(SIGUSR1, on_usr1);
	one(mode);	/* warm caches and page tables */
	t0 = now_ns();
	for (i = 0; i < n; i++)
		one(mode);
	printf("%s %.1f\n", mode, (now_ns() - t0) / n);
	return 0;
}
