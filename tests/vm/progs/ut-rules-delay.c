// SPDX-License-Identifier: GPL-2.0
/*
 * ut-rules-delay MODE [ARGS]: the calls of the rule safety tests
 * (43-rules-safety.t), static so that a setuid-root copy needs no loader.
 *
 *   nanosleep MS FILE  print pid=P, once FILE exists call nanosleep(2)
 *                      (the syscall itself, not clock_nanosleep, which
 *                      the wait uses) for MS ms: ret=R errno=E ms=ELAPSED
 *   getppid FILE       print pid=P, once FILE exists call getppid:
 *                      ppid=R real=PPID (PPID from /proc/self/stat)
 *   getppid            the same without waiting
 *   nodump             prctl(PR_SET_DUMPABLE, 0), then as getppid
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* access() and usleep() (clock_nanosleep): no call the rules select. */
static void wait_for(const char *path)
{
	int i;

	for (i = 0; i < 12000 && access(path, F_OK); i++)
		usleep(10000);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* The parent's pid as the kernel has it, not as getppid() returns it. */
static int real_ppid(void)
{
	char buf[512], *p;
	int fd, n, ppid = -1;

	fd = open("/proc/self/stat", O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (p && sscanf(p, ") %*c %d", &ppid) != 1)
		ppid = -1;
	return ppid;
}

static void print_pid(void)
{
	printf("pid=%d\n", getpid());
	fflush(stdout);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	long long t0;
	long r;

	if (!strcmp(mode, "nanosleep") && argc > 3) {
		long ms = atol(argv[2]);
		struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

		print_pid();
		wait_for(argv[3]);
		t0 = now_ms();
		r = syscall(SYS_nanosleep, &ts, NULL);
		printf("ret=%ld errno=%d ms=%lld\n", r, r < 0 ? errno : 0,
		       now_ms() - t0);
	} else if (!strcmp(mode, "getppid") || !strcmp(mode, "nodump")) {
		if (argc > 2) {
			print_pid();
			wait_for(argv[2]);
		}
		if (!strcmp(mode, "nodump") && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0))
			perror("prctl");
		r = syscall(SYS_getppid);
		printf("ppid=%ld real=%d\n", r, real_ppid());
	} else {
		fprintf(stderr, "ut-rules-delay: unknown mode '%s'\n", mode);
		return 2;
	}
	return 0;
}
