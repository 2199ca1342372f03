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

enum mode { GETPPID, FORK, EXEC, SIGNAL, ACCESS };

/*
 * The mode is looked up once, before the loop: a strcmp() per iteration
 * on argv[1] cost a different number of instructions depending on where
 * the environment put that string (glibc's strcmp takes another path
 * near a page boundary), about 28 per call, which showed up as a
 * kernel-to-kernel difference (the twin's boot has one more variable).
 */
static int mode_of(const char *name)
{
	static const char *const names[] = {
		[GETPPID] = "getppid", [FORK] = "fork", [EXEC] = "exec",
		[SIGNAL] = "signal", [ACCESS] = "access",
	};
	int i;

	for (i = 0; i < (int)(sizeof(names) / sizeof(names[0])); i++)
		if (!strcmp(name, names[i]))
			return i;
	return -1;
}

static void one(int mode)
{
	pid_t pid;

	switch (mode) {
	case GETPPID:
		syscall(SYS_getppid);
		break;
	case FORK:
		pid = fork();
		if (pid == 0)
			_exit(0);
		waitpid(pid, NULL, 0);
		break;
	case EXEC:
		pid = fork();
		if (pid == 0) {
			execl(exec_path, "true", (char *)NULL);
			_exit(127);
		}
		waitpid(pid, NULL, 0);
		break;
	case SIGNAL:
		raise(SIGUSR1);
		break;
	case ACCESS:
		/* A path argument the utrace entry event copies (ENOENT). */
		syscall(SYS_access, "/tmp/utrace-bench/no/such/file/here", F_OK);
		break;
	}
}

int main(int argc, char **argv)
{
	int mode;
	double t0;
	long i, n;

	if (argc != 3) {
		fprintf(stderr, "usage: ut-bench getppid|fork|exec|signal|access N\n");
		return 2;
	}
	mode = mode_of(argv[1]);
	if (mode < 0) {
		fprintf(stderr, "ut-bench: unknown mode %s\n", argv[1]);
		return 2;
	}
	n = atol(argv[2]);
	if (getenv("UT_EXEC"))
		exec_path = getenv("UT_EXEC");
	signal(SIGUSR1, on_usr1);
	one(mode);	/* warm caches and page tables */
	t0 = now_ns();
	for (i = 0; i < n; i++)
		one(mode);
	printf("%s %.1f\n", argv[1], (now_ns() - t0) / n);
	return 0;
}
