// SPDX-License-Identifier: GPL-2.0
/*
 * ut-sigstorm N GOFILE: wait (polling every 10 ms, at most 60 s) until
 * GOFILE exists, then send itself SIGURG N times with kill(2), as fast
 * as it can, and exit 0.  SIGURG's default action is to ignore it, so
 * every kill is one signal:signal_generate record (result 1, ignored)
 * targeting this pid and nothing else: no delivery, no handler.  For
 * recorder-loss.t: a storm that fills the recorder's -sig instance only.
 * Prints "pid=P" first.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long i, n = argc > 1 ? atol(argv[1]) : 100000;
	pid_t self = getpid();
	int waited;

	if (argc != 3 || n <= 0) {
		fputs("usage: ut-sigstorm N GOFILE\n", stderr);
		return 2;
	}
	signal(SIGURG, SIG_DFL);
	printf("pid=%d\n", (int)self);
	fflush(stdout);
	for (waited = 0; access(argv[2], F_OK); waited++) {
		if (waited >= 6000)
			return 1;
		nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
	}
	for (i = 0; i < n; i++)
		if (kill(self, SIGURG)) {
			perror("kill");
			return 1;
		}
	return 0;
}
