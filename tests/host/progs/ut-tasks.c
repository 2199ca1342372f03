// SPDX-License-Identifier: GPL-2.0
/*
 * ut-tasks MODE: thread groups for recorder-procs.t (and, built static,
 * the guest's 50-recorder.t).
 *   segv    two threads besides the leader; after 100 ms the last one
 *	     writes through a NULL pointer (a synchronous SIGSEGV)
 *   abort   the same, the last thread calls abort() (SIGABRT)
 *   names   threads named worker-1 and worker-2 (pthread_setname_np)
 *	     run 50 ms; then the leader renames itself main-renamed
 *	     (prctl), forks a child that exits 4, reaps it and exits 0
 * Prints "tid=T" for the acting thread of segv and abort.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void *waiter(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void *crasher(void *arg)
{
	printf("tid=%ld\n", (long)syscall(SYS_gettid));
	fflush(stdout);
	usleep(100000);
	if (arg)
		abort();
	*(volatile int *)(long)(arg ? 1 : 0) = 1;	/* NULL: SIGSEGV */
	return NULL;
}

static void *worker(void *arg)
{
	pthread_setname_np(pthread_self(), arg);
	usleep(50000);
	return NULL;
}

static int names(void)
{
	pthread_t t1, t2;
	pid_t c;
	int status;

	pthread_create(&t1, NULL, worker, "worker-1");
	pthread_create(&t2, NULL, worker, "worker-2");
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	prctl(PR_SET_NAME, "main-renamed");
	c = fork();
	if (c == 0)
		_exit(4);
	waitpid(c, &status, 0);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	pthread_t t;

	if (!strcmp(mode, "names"))
		return names();
	pthread_create(&t, NULL, waiter, NULL);
	pthread_create(&t, NULL, crasher,
		       strcmp(mode, "abort") ? NULL : (void *)1);
	for (;;)
		pause();
}
