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
 *   mt-exit  a second thread dereferences NULL; 1 s later main returns 0
 *   mt-exec  a second thread dereferences NULL; 1 s later main execs
 *            "sh -c 'echo ran > FILE'"
 *   name     sets its name to FILE (PR_SET_NAME, escapes allowed: \t \n
 *            \\ \xHH), then dereferences NULL
 *   nsinit   the child is the init of a new pid namespace
 *   xcpu     spins past RLIMIT_CPU 1 s: the kernel sends SIGXCPU
 * Built with -O0 -fno-omit-frame-pointer so backtraces are exact.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
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

static void *crasher(void *arg)
{
	(void)arg;
	crash_here();
	return NULL;
}

/* Decode \t, \n, \\ and \xHH in @s, in place. */
static void unescape(char *s)
{
	char *o = s;
	unsigned int x;

	while (*s) {
		if (s[0] == '\\' && s[1] == 't') {
			*o++ = '\t';
			s += 2;
		} else if (s[0] == '\\' && s[1] == 'n') {
			*o++ = '\n';
			s += 2;
		} else if (s[0] == '\\' && s[1] == '\\') {
			*o++ = '\\';
			s += 2;
		} else if (s[0] == '\\' && s[1] == 'x' &&
			   sscanf(s + 2, "%2x", &x) == 1) {
			*o++ = (char)x;
			s += 4;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
}

static void child(const char *mode)
{
	char cmd[4200];
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
	} else if (!strcmp(mode, "mt-exit")) {
		pthread_create(&t, NULL, crasher, NULL);
		sleep(1);
		exit(0);
	} else if (!strcmp(mode, "mt-exec")) {
		pthread_create(&t, NULL, crasher, NULL);
		sleep(1);
		snprintf(cmd, sizeof(cmd), "echo ran > %s", heartbeat_file);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(98);
	} else if (!strcmp(mode, "nsinit")) {
		crash_here();
	} else if (!strcmp(mode, "xcpu")) {
		struct rlimit cpu = { 1, RLIM_INFINITY };

		/* The kernel's SIGXCPU (SI_KERNEL): a core signal, not a fault. */
		setrlimit(RLIMIT_CPU, &cpu);
		for (;;)
			;

	} else if (!strcmp(mode, "name")) {
		snprintf(cmd, sizeof(cmd), "%s", heartbeat_file);
		unescape(cmd);
		prctl(PR_SET_NAME, cmd);
		crash_here();
	}
	_exit(99);
}

int main(int argc, char **argv)
{
	int status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: ut-crash segv|abort|quit|handler|mt|mt-exit|mt-exec|name|nsinit|xcpu [FILE]\n");
		return 2;
	}
	heartbeat_file = argc > 2 ? argv[2] : "/tmp/heartbeat";
	if (!strcmp(argv[1], "nsinit"))
		pid = syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, NULL, NULL, 0);
	else
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
