// SPDX-License-Identifier: GPL-2.0
/*
 * lifecycle-storm N [SECONDS]: fork, exec /bin/true and reap, N times (or
 * for SECONDS when N is 0), from two workers so both CPUs see it.  Prints
 * the number of children started; each is a clone, an exec, an exit and a
 * reap for a recorder.  The workload of bench/host-sinks and the fleet soak.
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static long worker(long n, double secs)
{
	char *argv[] = { "true", NULL };
	double end = now() + secs;
	long i;

	for (i = 0; n ? i < n : now() < end; i++) {
		pid_t pid;
		int st;

		if (posix_spawn(&pid, "/bin/true", NULL, NULL, argv, environ))
			return -1;
		if (waitpid(pid, &st, 0) != pid || st)
			return -1;
	}
	return i;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000, half, got;
	double secs = argc > 2 ? atof(argv[2]) : 0;
	int fds[2], st;
	pid_t w;

	if (pipe(fds))
		return 1;
	half = n / 2;
	w = fork();
	if (w == 0) {
		long k = worker(n - half, secs);

		write(fds[1], &k, sizeof(k));
		_exit(k < 0);
	}
	got = worker(half, secs);
	if (got < 0 || waitpid(w, &st, 0) != w || st)
		return 1;
	if (read(fds[0], &n, sizeof(n)) != sizeof(n))
		return 1;
	printf("%ld\n", got + n);
	return 0;
}
