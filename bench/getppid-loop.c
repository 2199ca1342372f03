// SPDX-License-Identifier: GPL-2.0
/*
 * getppid-loop N [FILE [PER_MS]]: N getppid() system calls, then its own
 * CPU time ("user sys" in seconds) into FILE ("-": none).  With PER_MS,
 * at most that many calls per millisecond (a moderate, steady rate).  The host recorder benchmark runs it
 * as the recorder's child and subtracts this, so what is left is the
 * recorder's own cost (the kernel's cost of writing the events stays with
 * the workload, the same for every recorder).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long i, n = argc > 1 ? atol(argv[1]) : 1000000;
	long per_ms = argc > 3 ? atol(argv[3]) : 0;
	struct timespec next;
	struct rusage ru;
	FILE *f;

	clock_gettime(CLOCK_MONOTONIC, &next);
	for (i = 0; i < n; i++) {
		if (per_ms > 0 && i && i % per_ms == 0) {
			next.tv_nsec += 1000000;
			if (next.tv_nsec >= 1000000000) {
				next.tv_sec++;
				next.tv_nsec -= 1000000000;
			}
			clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next,
					NULL);
		}
		syscall(SYS_getppid);
	}
	if (argc > 2 && strcmp(argv[2], "-") && !getrusage(RUSAGE_SELF, &ru)) {
		f = fopen(argv[2], "w");
		if (!f)
			return 1;
		fprintf(f, "%ld.%06ld %ld.%06ld\n",
			(long)ru.ru_utime.tv_sec, (long)ru.ru_utime.tv_usec,
			(long)ru.ru_stime.tv_sec, (long)ru.ru_stime.tv_usec);
		fclose(f);
	}
	return 0;
}
