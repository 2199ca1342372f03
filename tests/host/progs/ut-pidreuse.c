// SPDX-License-Identifier: GPL-2.0
/*
 * ut-pidreuse: a child's pid given to the next child (recorder-procs.t),
 * and a fork/exec storm over a pid space that wraps (the soak).
 *
 *   ut-pidreuse
 *	fork A, which exits 1; reap it; then fork B with A's pid (clone3
 *	with set_tid, or, where that fails, a write of A-1 to
 *	/proc/sys/kernel/ns_last_pid under its flock()); B execs
 *	/bin/sleep 0.05.  Prints "A=.. B=.. REUSED" (or NOT REUSED)
 *	and "exit PID STATUS" for both (STATUS: the raw wait status).
 *   ut-pidreuse CMD [ARG...]
 *	the same, with B running CMD.
 *   ut-pidreuse storm SECS
 *	for SECS seconds: fork children that exit with i % 100, exec
 *	/bin/true, or kill themselves with SIGTERM, one at a time; every
 *	10th child gets the pid of the one before (ns_last_pid).  Prints
 *	"exit PID STATUS" for each child as it is reaped, then
 *	"children N reused R".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Fork with pid pid: clone3's set_tid, else ns_last_pid under its flock. */
static pid_t fork_at(int pid)
{
	pid_t tid = pid;
	struct clone_args ca = {
		.exit_signal = SIGCHLD,
		.set_tid = (unsigned long)&tid,
		.set_tid_size = 1,
	};
	char buf[32];
	pid_t c;
	int fd;

	c = syscall(SYS_clone3, &ca, sizeof(ca));
	if (c >= 0)
		return c;
	fd = open("/proc/sys/kernel/ns_last_pid", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return fork();
	flock(fd, LOCK_EX);
	snprintf(buf, sizeof(buf), "%d", pid - 1);
	if (write(fd, buf, strlen(buf)) < 0)
		perror("ns_last_pid");
	c = fork();
	if (c != 0) {
		flock(fd, LOCK_UN);
		close(fd);
	}
	return c;
}

static int reap(pid_t pid)
{
	int status = 0;

	while (waitpid(pid, &status, 0) < 0)
		;
	printf("exit %d %d\n", (int)pid, status);
	fflush(stdout);
	return status;
}

static void child(long i)
{
	switch (i % 3) {
	case 0:
		_exit(i % 100);
	case 1:
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	default:
		kill(getpid(), SIGTERM);
		_exit(99);
	}
}

static int storm(double secs)
{
	struct timespec t0, t;
	long i, reused = 0;
	pid_t last = 0, c;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0;; i++) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec + (t.tv_nsec - t0.tv_nsec) / 1e9 >= secs)
			break;
		c = last && i % 10 == 0 ? fork_at(last) : fork();
		if (c < 0) {
			perror("fork");
			return 1;
		}
		if (c == 0)
			child(i);
		reused += c == last;
		reap(c);
		last = c;
	}
	printf("children %ld reused %ld\n", i, reused);
	return 0;
}

int main(int argc, char **argv)
{
	pid_t a, b;

	if (argc > 2 && !strcmp(argv[1], "storm"))
		return storm(atof(argv[2]));
	a = fork();
	if (a == 0)
		_exit(1);
	reap(a);
	b = fork_at(a);
	if (b == 0) {
		if (argc > 1)
			execvp(argv[1], argv + 1);
		else
			execl("/bin/sleep", "sleep", "0.05", (char *)NULL);
		_exit(127);
	}
	printf("A=%d B=%d %s\n", (int)a, (int)b, a == b ? "REUSED" : "NOT REUSED");
	fflush(stdout);
	reap(b);
	return 0;
}
