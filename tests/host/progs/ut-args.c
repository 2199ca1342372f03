// SPDX-License-Identifier: GPL-2.0
/*
 * ut-args.c - a workload of common system calls with arguments worth
 * decoding, for tests/host/recorder-args.t: open flags and modes, fds,
 * a child's pid in wait4, mmap prot and flags, signals, fcntl commands,
 * umask, errors, and a call interrupted by a handled signal (-514).
 *
 * Usage: ut-args DIR (a scratch directory).  Exit 0 when it ran through.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void on_usr1(int sig)
{
	(void)sig;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	sigset_t block, empty;
	char path[4096];
	int fd, dfd, p[2], st;
	pid_t child;
	void *m;

	if (argc != 2) {
		fprintf(stderr, "usage: ut-args DIR\n");
		return 2;
	}
	dfd = open(argv[1], O_RDONLY | O_DIRECTORY);
	if (dfd < 0)
		die(argv[1]);
	/* Open flags and a mode; an error (ENOENT). */
	fd = openat(dfd, "file", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		die("openat");
	if (write(fd, "0123456789", 10) != 10)
		die("write");
	if (openat(AT_FDCWD, "/nonexistent-ut-args", O_RDONLY) >= 0)
		die("openat /nonexistent");
	close(fd);
	close(-1);				/* EBADF */
	snprintf(path, sizeof(path), "%s/file", argv[1]);
	fd = open(path, O_RDWR | O_APPEND);
	if (fd < 0)
		die(path);
	lseek(fd, 0, SEEK_END);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	fcntl(fd, F_DUPFD_CLOEXEC, 20);
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK))
		die("pipe2");
	dup3(p[0], 30, O_CLOEXEC);
	umask(027);
	umask(022);				/* returns 027 */
	mkdirat(dfd, "sub", 0750);
	unlinkat(dfd, "sub", AT_REMOVEDIR);
	unlinkat(dfd, "sub", AT_REMOVEDIR);	/* ENOENT */

	/* mmap: anonymous, and of the file at an offset of 0. */
	m = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED)
		die("mmap");
	mprotect(m, 4096, PROT_NONE);
	munmap(m, 8192);
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		die("mmap file");
	munmap(m, 4096);

	/* Signals: a handler, a mask, kill with signal 0. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	kill(getpid(), 0);

	/* A child that exits 3, waited for by its pid. */
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0)
		_exit(3);
	if (wait4(child, &st, 0, NULL) != child)
		die("wait4");
	/* -514: sigsuspend interrupted by SIGUSR1, which has a handler. */
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		usleep(50000);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	sigemptyset(&empty);
	sigsuspend(&empty);
	if (waitpid(child, &st, __WALL) != child)
		die("waitpid");
	wait4(-1, &st, WNOHANG, NULL);		/* ECHILD */
	return 0;
}
