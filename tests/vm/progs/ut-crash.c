// SPDX-License-Identifier: GPL-2.0
/*
 * ut-crash MODE [FILE]: fork a child that crashes in MODE, print its pid,
 * wait, and print how it died: "termsig=N core=0|1" or "exit=N".
 *   segv     NULL dereference in crash_here()
 *   abort    abort()
 *   quit     raise(SIGQUIT)
 *   handler  SIGSEGV with a user handler that exits 42
 *   mt       a second thread appends a counter to FILE every 10 ms, then
 *            the main thread dereferences NULL
 * Built with -O0 -fno-omit-frame-pointer so backtraces are exact.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *heartbeat_file;

void __attribute__((noinline)) crash_here(void)
{
	volatile int *p = NULL;

	*p = 1;
}

static void on_segv(int sig)
{
	(void)sig;
	_exit(42);
}

static void *heartbeat(void *arg)
{
	char tmp[4096];
	long n = 0;
	FILE *f;

	(void)arg;
	snprintf(tmp, sizeof(tmp), "%s.tmp", heartbeat_file);
	for (;;) {
		/* Write aside and rename: a reader never sees an empty file. */
		f = fopen(tmp, "w");
		if (f) {
			fprintf(f, "%ld\n", ++n);
			fclose(f);
			rename(tmp, heartbeat_file);
		}
		usleep(10000);
	}
	return NULL;
}

static void child(const char *mode)
{
	pthread_t t;

	if (!strcmp(mode, "segv")) {
		crash_here();
	} else if (!strcmp(mode, "abort")) {
		abort();
	} else if (!strcmp(mode, "quit")) {
		/* A shell's background job starts with SIGQUIT ignored. */
		signal(SIGQUIT, SIG_DFL);
		raise(SIGQUIT);
	} else if (!strcmp(mode, "handler")) {
		signal(SIGSEGV, on_segv);
		crash_here();
	} else if (!strcmp(mode, "mt")) {
		pthread_create(&t, NULL, heartbeat, NULL);
		usleep(100000);
		crash_here();
	}
	_exit(99);
}

int main(int argc, char **argv)
{
	int status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: ut-crash segv|abort|quit|handler|mt [FILE]\n");
		return 2;
	}
	heartbeat_file = argc > 2 ? argv[2] : "/tmp/heartbeat";
	pid = fork();
	if (pid == 0)
		child(argv[1]);
	printf("child=%d\n", pid);
	fflush(stdout);
	if (waitpid(pid, &status, 0) != pid)
		return 1;
	if (WIFSIGNALED(status))
		printf("termsig=%d core=%d\n", WTERMSIG(status),
		       WCOREDUMP(status) ? 1 : 0);
	else
		printf("exit=%d\n", WEXITSTATUS(status));
	return 0;
}
