// SPDX-License-Identifier: GPL-2.0
/*
 * ut-threads MODE: a process of three threads (the leader and two
 * more) for the compat-mode signal tests of recorder-signals.t.
 *   exit N   the last thread calls exit(N) (exit_group) after 100 ms
 *   exec     the last thread execs /bin/true after 100 ms
 *   wait     all threads wait to be killed
 * Prints "tid=T" for the acting thread.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int code;

static void *waiter(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void *actor(void *arg)
{
	printf("tid=%ld\n", (long)syscall(SYS_gettid));
	fflush(stdout);
	usleep(100000);
	if (arg)
		execl("/bin/true", "true", (char *)NULL);
	exit(code);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	pthread_t t;

	pthread_create(&t, NULL, waiter, NULL);
	if (!strcmp(mode, "exit")) {
		code = argc > 2 ? atoi(argv[2]) : 0;
		pthread_create(&t, NULL, actor, NULL);
	} else if (!strcmp(mode, "exec")) {
		pthread_create(&t, NULL, actor, (void *)1);
	} else {
		pthread_create(&t, NULL, waiter, NULL);
	}
	for (;;)
		pause();
}
