// SPDX-License-Identifier: GPL-2.0
/* unwind.c - frame-pointer stack walk through /proc/PID/mem. */
#include <unistd.h>

#include "unwind.h"

static int read_pair(int fd, uint64_t addr, uint64_t v[2])
{
	if (addr > (uint64_t)INT64_MAX - 16)
		return -1;
	return pread(fd, v, 16, (off_t)addr) == 16 ? 0 : -1;
}

int unwind_fp(int memfd, uint64_t rip, uint64_t rbp, uint64_t *pcs, int max)
{
	uint64_t v[2];
	int n = 0;

	if (max <= 0)
		return 0;
	pcs[n++] = rip;
	while (n < max && memfd >= 0 && rbp && !(rbp & 7)) {
		if (read_pair(memfd, rbp, v) || !v[1])
			break;
		pcs[n++] = v[1];
		if (v[0] <= rbp)
			break;
		rbp = v[0];
	}
	return n;
}
