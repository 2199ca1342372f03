// SPDX-License-Identifier: GPL-2.0
/*
 * ut-forkexec N EXEC LOG: short-lived processes on both CPUs, for the
 * ordering test (57-order.t).  Two workers, pinned to CPU 0 and CPU 1,
 * each fork N children one after another and reap each; every other
 * child moves itself to the other CPU first, so that its exec and exit
 * are written on another CPU than its clone and reap.  Each child
 * execs EXEC (which exits 0) or, every third, exits with (i % 200) + 1
 * without exec.  LOG gets "PID WAIT-STATUS" a child, the ground truth
 * of the counts; the exit status is 0 when every wait went as expected.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static int worker(int cpu, int n, const char *exe, FILE *log)
{
	int i, status, bad = 0;
	pid_t pid;

	pin(cpu);
	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid < 0)
			return 1;
		if (!pid) {
			if (i % 2)
				pin(!cpu);
			if (i % 3 == 2)
				_exit(i % 200 + 1);
			execl(exe, exe, (char *)NULL);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) != pid)
			return 1;
		fprintf(log, "%d %d\n", pid, status);
		bad |= status != (i % 3 == 2 ? (i % 200 + 1) << 8 : 0);
	}
	return bad;
}

int main(int argc, char **argv)
{
	int w, status, bad = 0;
	pid_t pid[2];
	FILE *log;

	if (argc != 4) {
		fprintf(stderr, "usage: ut-forkexec N EXEC LOG\n");
		return 2;
	}
	for (w = 0; w < 2; w++) {
		pid[w] = fork();
		if (!pid[w]) {
			char path[4096];

			snprintf(path, sizeof(path), "%s.%d", argv[3], w);
			log = fopen(path, "w");
			if (!log)
				_exit(1);
			status = worker(w, atoi(argv[1]), argv[2], log);
			_exit(fclose(log) || status);
		}
	}
	for (w = 0; w < 2; w++) {
		if (pid[w] < 0 || waitpid(pid[w], &status, 0) != pid[w] ||
		    status)
			bad = 1;
	}
	return bad;
}
