// SPDX-License-Identifier: GPL-2.0
/*
 * ut-pidstorm SECONDS LOG [FORCE_EVERY]: for SECONDS, fork children one
 * after another and log "PID WAIT-STATUS" for each to LOG, the ground
 * truth a recorder's exit records are compared with.  The children end
 * four ways in turn: _exit(code), execve of this program that exits with
 * the code, SIGTERM from themselves, and a SIGSEGV fault (no core:
 * RLIMIT_CORE 0).  Every FORCE_EVERY-th child (default 10; 0: never) is
 * given the pid of the child just reaped, so the same pid comes back
 * within microseconds, not only when pid_max wraps (clone3 with set_tid:
 * no ns_last_pid, which a kernel without CONFIG_CHECKPOINT_RESTORE lacks).  The first line of LOG is "storm PID".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* fork(), as PID when PID > 0 and that pid is free (else any pid). */
static pid_t fork_as(pid_t pid)
{
	struct clone_args ca = { .exit_signal = SIGCHLD };
	pid_t got;

	if (pid <= 0)
		return fork();
	ca.set_tid = (unsigned long)&pid;
	ca.set_tid_size = 1;
	got = syscall(SYS_clone3, &ca, sizeof(ca));
	if (got < 0 && errno == EEXIST)
		return fork();
	return got;
}

static void child(long i, const char *self)
{
	int code = i % 200;
	char arg[16];

	switch (i % 4) {
	case 0:
		_exit(code);
	case 1:
		snprintf(arg, sizeof(arg), "%d", code);
		execl(self, "ut-pidstorm", "--exit", arg, (char *)NULL);
		_exit(127);
	case 2:
		kill(getpid(), SIGTERM);
		_exit(126);
	default:
		*(volatile int *)0 = 1;
		_exit(125);
	}
}

int main(int argc, char **argv)
{
	struct rlimit nocore = { 0, 0 };
	long i, force = 10;
	double end;
	pid_t last = 0;
	FILE *log;

	if (argc == 3 && strcmp(argv[1], "--exit") == 0)
		return atoi(argv[2]);
	if (argc < 3) {
		fprintf(stderr, "usage: ut-pidstorm SECONDS LOG [FORCE_EVERY]\n");
		return 2;
	}
	if (argc > 3)
		force = atol(argv[3]);
	log = fopen(argv[2], "w");
	if (!log) {
		perror(argv[2]);
		return 1;
	}
	setrlimit(RLIMIT_CORE, &nocore);
	fprintf(log, "storm %d\n", getpid());
	end = now() + atof(argv[1]);
	for (i = 0; now() < end; i++) {
		bool steer = force > 0 && i % force == 0;
		pid_t pid = fork_as(steer ? last : 0);
		int st;

		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0)
			child(i, "/proc/self/exe");
		if (waitpid(pid, &st, 0) != pid) {
			perror("waitpid");
			return 1;
		}
		fprintf(log, "%d %d\n", pid, st);
		last = pid;
	}
	if (fclose(log) != 0) {
		perror(argv[2]);
		return 1;
	}
	fprintf(stderr, "ut-pidstorm: %ld children\n", i);
	return 0;
}
