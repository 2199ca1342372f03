// SPDX-License-Identifier: GPL-2.0
/*
 * ut-compat DIR: the same system calls through both ABIs of an x86_64
 * kernel, from one 64-bit program (no multilib needed): getpid and mkdir
 * through the x86_64 syscall instruction and through int $0x80 (i386
 * numbers: getpid 20, mkdir 39; x86_64: getpid 39, mkdir 83).  Prints
 * the raw kernel return values (-errno on failure) as key=value lines:
 *
 *   pid=N getpid64=R getpid32=R mkdir32=R mkdir64=R
 *   dir32=0|1 dir64=0|1   (DIR/i386 and DIR/x86_64 exist afterwards)
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define I386_getpid	20
#define I386_mkdir	39

/* An i386 system call: arguments in ebx, ecx; r8-r11 are not preserved. */
static long int80(long nr, long a, long b)
{
	long ret;

	asm volatile ("int $0x80"
		      : "=a" (ret)
		      : "a" (nr), "b" (a), "c" (b)
		      : "memory", "r8", "r9", "r10", "r11");
	return (int)ret;
}

/* An x86_64 system call, returning -errno instead of setting errno. */
static long sys64(long nr, long a, long b)
{
	long ret;

	asm volatile ("syscall"
		      : "=a" (ret)
		      : "a" (nr), "D" (a), "S" (b)
		      : "memory", "rcx", "r11");
	return ret;
}

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int main(int argc, char **argv)
{
	char path32[4096], path64[4096];
	char *low;

	if (argc != 2) {
		fprintf(stderr, "usage: ut-compat DIR\n");
		return 2;
	}
	snprintf(path32, sizeof(path32), "%s/i386", argv[1]);
	snprintf(path64, sizeof(path64), "%s/x86_64", argv[1]);
	/* int $0x80 passes 32-bit pointers: the path must be below 4 GiB. */
	low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (low == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	memcpy(low, path32, strlen(path32) + 1);

	printf("pid=%ld\n", (long)syscall(SYS_gettid));
	printf("getpid64=%ld\n", sys64(SYS_getpid, 0, 0));
	printf("getpid32=%ld\n", int80(I386_getpid, 0, 0));
	printf("mkdir32=%ld\n", int80(I386_mkdir, (long)low, 0755));
	printf("mkdir64=%ld\n", sys64(SYS_mkdir, (long)path64, 0755));
	printf("dir32=%d\n", exists(path32));
	printf("dir64=%d\n", exists(path64));
	return 0;
}
