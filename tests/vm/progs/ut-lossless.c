// SPDX-License-Identifier: GPL-2.0
/*
 * ut-lossless GOFILE N: the workload of tests/vm/47-lossless.t.  Waits
 * until GOFILE exists (looking every millisecond), then makes exactly N
 * getppid() system calls and prints "calls=N" (its own count, the
 * ground truth the recorder's syscall_exit lines are compared with).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec ms = { 0, 1000000 };
	struct stat st;
	long i, n;

	if (argc != 3) {
		fprintf(stderr, "usage: ut-lossless GOFILE N\n");
		return 2;
	}
	n = atol(argv[2]);
	while (stat(argv[1], &st))
		nanosleep(&ms, NULL);
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	printf("calls=%ld\n", i);
	return 0;
}
