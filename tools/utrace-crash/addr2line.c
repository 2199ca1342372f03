// SPDX-License-Identifier: GPL-2.0
/* addr2line.c - run binutils' addr2line on one address. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "addr2line.h"
#include "util.h"

#define OUT_MAX 8192

static void child(int out, const char *file, const char *addr)
{
	int null = open("/dev/null", O_RDWR);

	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 2);
	}
	dup2(out, 1);
	execlp("addr2line", "addr2line", "-f", "-C", "-e", file, addr,
	       (char *)NULL);
	_exit(127);
}

static size_t read_all(int fd, char *buf, size_t size)
{
	size_t n = 0;
	ssize_t r;

	while (n + 1 < size) {
		r = read(fd, buf + n, size - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += r;
	}
	buf[n] = '\0';
	return n;
}

static char *take_line(char **p)
{
	char *s = *p, *nl = strchr(s, '\n');

	if (nl) {
		*nl = '\0';
		*p = nl + 1;
	} else {
		*p = s + strlen(s);
	}
	return xstrdup(s);
}

int addr2line_run(const char *file, uint64_t vma, char **func,
		  char **fileline)
{
	char addr[32], *out, *p;
	int pfd[2], status = -1;
	pid_t pid;

	snprintf(addr, sizeof(addr), "0x%" PRIx64, vma);
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0)
		child(pfd[1], file, addr);
	close(pfd[1]);
	out = xmalloc(OUT_MAX);
	read_all(pfd[0], out, OUT_MAX);
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) || !*out) {
		free(out);
		return -1;
	}
	p = out;
	*func = take_line(&p);
	*fileline = take_line(&p);
	free(out);
	return 0;
}
