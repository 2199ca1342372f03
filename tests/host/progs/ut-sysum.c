// SPDX-License-Identifier: GPL-2.0
/*
 * ut-sysum: a workload with known syscall counts, for the per-process
 * syscall summaries (recorder-sysum.t).  Built static, so that no
 * loader adds calls of its own.
 *
 *   ut-sysum W F [T C [MS W2]]
 *
 * opens /dev/null (one openat that works), writes 1 byte W times, opens
 * a missing file F times (openat fails with ENOENT); then a thread
 * writes T times and a child process C times (its own summary); then
 * sleeps MS ms and writes W2 times more.  Prints its own pid.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int fd;

static void writes(int n)
{
	while (n-- > 0)
		if (write(fd, "x", 1) != 1)
			exit(1);
}

static void *thread_writes(void *arg)
{
	writes(*(int *)arg);
	return NULL;
}

int main(int argc, char **argv)
{
	int w, f, t = 0, c = 0, ms = 0, w2 = 0, st;
	pthread_t th;
	pid_t child;

	if (argc != 3 && argc != 5 && argc != 7)
		return 2;
	w = atoi(argv[1]);
	f = atoi(argv[2]);
	if (argc >= 5) {
		t = atoi(argv[3]);
		c = atoi(argv[4]);
	}
	if (argc == 7) {
		ms = atoi(argv[5]);
		w2 = atoi(argv[6]);
	}
	fd = open("/dev/null", O_WRONLY);
	if (fd < 0)
		return 1;
	writes(w);
	while (f-- > 0)
		if (open("/nonexistent-ut-sysum/x", O_RDONLY) >= 0)
			return 1;
	if (t) {
		if (pthread_create(&th, NULL, thread_writes, &t) ||
		    pthread_join(th, NULL))
			return 1;
	}
	if (c) {
		child = fork();
		if (child < 0)
			return 1;
		if (!child) {
			writes(c);
			_exit(0);
		}
		if (waitpid(child, &st, 0) != child || st)
			return 1;
	}
	if (ms) {
		struct timespec d = { ms / 1000, (ms % 1000) * 1000000L };

		nanosleep(&d, NULL);
	}
	writes(w2);
	return 0;
}
