// SPDX-License-Identifier: GPL-2.0
/*
 * ut-path: system calls with known path arguments, for the path that
 * utrace:utrace_syscall_entry copies (tests/vm/54-path.t).  Each fails
 * harmlessly (the files do not exist).  In order:
 *   openat(AT_FDCWD, "/etc/utrace-path-openat", O_RDONLY)
 *   stat("/tmp/utrace-path-stat", buf)
 *   unlink("/tmp/utrace-path-unlink")
 *   openat(AT_FDCWD, "/tmp/" + 300 'a', O_RDONLY)   longer than the bound
 *   openat(AT_FDCWD, (char *)1, O_RDONLY)            a bad pointer
 *   execve("/nonexistent/utrace-path-exec", ...)
 *   open("/etc/utrace-path-int80", O_RDONLY)         i386, int $0x80
 * Static and not PIE: the int $0x80 string is below 4 GiB.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static char long_path[512];
static const char int80_path[] = "/etc/utrace-path-int80";

static long int80_open(const char *path)
{
	long ret;

	/* i386 open is 5: ebx path, ecx flags. */
	asm volatile("int $0x80"
		     : "=a"(ret)
		     : "a"(5L), "b"(path), "c"(0L)
		     : "memory");
	return ret;
}

int main(void)
{
	char *argv[] = { "utrace-path-exec", NULL };
	struct stat st;

	syscall(SYS_openat, AT_FDCWD, "/etc/utrace-path-openat", O_RDONLY);
	syscall(SYS_stat, "/tmp/utrace-path-stat", &st);
	syscall(SYS_unlink, "/tmp/utrace-path-unlink");
	strcpy(long_path, "/tmp/");
	memset(long_path + 5, 'a', 300);
	syscall(SYS_openat, AT_FDCWD, long_path, O_RDONLY);
	syscall(SYS_openat, AT_FDCWD, (char *)1, O_RDONLY);
	if ((unsigned long)int80_path >> 32)
		fprintf(stderr, "ut-path: the int $0x80 string is above 4 GiB\n");
	syscall(SYS_execve, "/nonexistent/utrace-path-exec", argv, NULL);
	int80_open(int80_path);
	return 0;
}
