// SPDX-License-Identifier: GPL-2.0
/*
 * ut-injdiff STEP...: the commands of the strace differential test
 * (46-inject-diff.t).  Static, so that no loader's calls come first;
 * its output depends only on what each call returned, never on pids or
 * times, so that strace -e inject= and utrace-inject can be compared
 * byte for byte.
 *
 * A STEP is CALL*N (N calls, one line "CALL=R1,R2,..."), or
 * threads:T:CALL*N (T threads, each N calls, started and joined one
 * after another: lines "tI.CALL=..."), or fork:CALL*N (a child makes the
 * calls, prints them and exits 0; then "child=STATUS").  R is "ok", the
 * errno name of a failure, or the value when it is 7 or 4242 (the
 * retval= of the tests), and after calls named *buf* "/XXXX", the first
 * 4 bytes of the buffer they passed.  Calls ending in 32 go through
 * int $0x80 (the i386 ABI, i386 numbers).  At the end: "usr1=N usr2=N", how many
 * SIGUSR1 and SIGUSR2 the handlers got.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t usr1, usr2;

/* Below 4 GiB (a static, non-PIE program): int $0x80 takes 32-bit pointers. */
static char buf[4096];
static const char root[] = "/";

static void on_usr(int sig)
{
	if (sig == SIGUSR1)
		usr1++;
	else
		usr2++;
}

/* An i386 system call; the result is the 32-bit eax, sign-extended. */
static long int80(long nr, long a, long b, long c)
{
	long ret;

	asm volatile ("int $0x80"
		      : "=a" (ret)
		      : "a" (nr), "b" (a), "c" (b), "d" (c)
		      : "memory", "r8", "r9", "r10", "r11");
	return (int)ret;
}

/* -errno or the result of a call (errno is per thread). */
static long raw(long r)
{
	return r < 0 ? -errno : r;
}

static long call(const char *name)
{
	static int fd = -1;
	long r;

	if (fd < 0)
		fd = open("/dev/zero", O_RDWR | O_CLOEXEC);
	if (!strcmp(name, "getpid"))
		return raw(syscall(SYS_getpid));
	if (!strcmp(name, "getppid"))
		return raw(syscall(SYS_getppid));
	if (!strcmp(name, "gettid"))
		return raw(syscall(SYS_gettid));
	if (!strcmp(name, "getuid"))
		return raw(syscall(SYS_getuid));
	if (!strcmp(name, "uname"))
		return raw(syscall(SYS_uname, buf));
	if (!strcmp(name, "stat"))
		return raw(syscall(SYS_stat, root, buf));
	if (!strcmp(name, "lstat"))
		return raw(syscall(SYS_lstat, root, buf));
	if (!strcmp(name, "fstat"))
		return raw(syscall(SYS_fstat, fd, buf));
	if (!strcmp(name, "newfstatat"))
		return raw(syscall(SYS_newfstatat, AT_FDCWD, root, buf, 0));
	if (!strcmp(name, "statfs"))
		return raw(syscall(SYS_statfs, root, buf));
	if (!strcmp(name, "fstatfs"))
		return raw(syscall(SYS_fstatfs, fd, buf));
	if (!strcmp(name, "openat")) {
		r = raw(syscall(SYS_openat, AT_FDCWD, root, O_RDONLY));
		if (r >= 0 && r != 7 && r != 4242)
			close(r);
		return r;
	}
	if (!strcmp(name, "read"))
		return raw(syscall(SYS_read, fd, buf, 1));
	if (!strcmp(name, "write"))
		return raw(syscall(SYS_write, fd, buf, 1));
	if (!strcmp(name, "clock"))
		return raw(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, buf));
	if (!strcmp(name, "kill0"))
		return raw(syscall(SYS_kill, getpid(), 0));
	if (!strcmp(name, "mmap")) {
		r = raw(syscall(SYS_mmap, 0, 4096, PROT_READ,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
		if (r < 0 || r == 7 || r == 4242)
			return r;
		return raw(syscall(SYS_munmap, r, 4096));
	}
	if (!strcmp(name, "socket")) {
		r = raw(syscall(SYS_socket, AF_UNIX, SOCK_DGRAM, 0));
		if (r >= 0 && r != 7 && r != 4242)
			close(r);
		return r;
	}
	if (!strcmp(name, "shmdt"))
		return raw(syscall(SYS_shmdt, buf));
	/* buf's first 4 bytes are shown after these (poke_enter/exit=). */
	if (!strcmp(name, "writebuf")) {
		memcpy(buf, "....", 4);
		return raw(syscall(SYS_write, fd, buf, 4));
	}
	if (!strcmp(name, "readbuf"))
		return raw(syscall(SYS_read, fd, buf, 4));
	if (!strcmp(name, "writebuf32")) {
		memcpy(buf, "....", 4);
		return int80(4, fd, (long)buf, 4);
	}
	if (!strcmp(name, "getpid32"))
		return int80(20, 0, 0, 0);
	if (!strcmp(name, "getppid32"))
		return int80(64, 0, 0, 0);
	if (!strcmp(name, "gettid32"))
		return int80(224, 0, 0, 0);
	if (!strcmp(name, "uname32"))
		return int80(122, (long)buf, 0, 0);
	if (!strcmp(name, "stat6432"))
		return int80(195, (long)root, (long)buf, 0);
	if (!strcmp(name, "time32"))
		return int80(13, 0, 0, 0);
	fprintf(stderr, "ut-injdiff: unknown call %s\n", name);
	exit(2);
}

static char shown(char c)
{
	return c >= 0x21 && c <= 0x7e ? c : '_';
}

/* "CALL=R1,R2,..." of N calls into out. */
static void calls(const char *step, const char *prefix, char *out,
		  size_t len)
{
	char name[64];
	const char *star = strchr(step, '*');
	int i, n = star ? atoi(star + 1) : 1;
	size_t used;
	long r;

	snprintf(name, sizeof(name), "%.*s",
		 (int)(star ? star - step : (long)strlen(step)), step);
	used = snprintf(out, len, "%s%s=", prefix, name);
	for (i = 0; i < n && used < len; i++) {
		const char *e;

		r = call(name);
		e = r < 0 ? strerrorname_np(-r) : NULL;
		if (r < 0)
			used += snprintf(out + used, len - used, "%s%s",
					 i ? "," : "", e ? e : "E?");
		else if (r == 7 || r == 4242)
			used += snprintf(out + used, len - used, "%s%ld",
					 i ? "," : "", r);
		else
			used += snprintf(out + used, len - used, "%sok",
					 i ? "," : "");
		if (strstr(name, "buf") && used < len)
			used += snprintf(out + used, len - used, "/%c%c%c%c",
					 shown(buf[0]), shown(buf[1]),
					 shown(buf[2]), shown(buf[3]));
	}
	if (used < len)
		snprintf(out + used, len - used, "\n");
}

struct thread {
	pthread_t t;
	const char *step;
	char prefix[16];
	char out[512];
};

static void *thread_main(void *arg)
{
	struct thread *t = arg;

	calls(t->step, t->prefix, t->out, sizeof(t->out));
	return NULL;
}

static void threads(const char *spec)
{
	struct thread t[8];
	int i, n = atoi(spec);
	const char *step = strchr(spec, ':');

	if (n < 1 || n > 8 || !step) {
		fprintf(stderr, "ut-injdiff: threads:T:CALL*N\n");
		exit(2);
	}
	for (i = 0; i < n; i++) {
		t[i].step = step + 1;
		snprintf(t[i].prefix, sizeof(t[i].prefix), "t%d.", i);
		if (pthread_create(&t[i].t, NULL, thread_main, &t[i])) {
			printf("t%d=not created\n", i);
			return;
		}
		pthread_join(t[i].t, NULL);
		fputs(t[i].out, stdout);
	}
}

static void forked(const char *step)
{
	char out[512];
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("fork=%s\n", strerrorname_np(errno));
		return;
	}
	if (!pid) {
		calls(step, "child.", out, sizeof(out));
		fputs(out, stdout);
		fflush(stdout);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		printf("child=wait failed\n");
	else if (WIFSIGNALED(status))
		printf("child=signal %d\n", WTERMSIG(status));
	else
		printf("child=%d\n", WEXITSTATUS(status));
}

int main(int argc, char **argv)
{
	char out[512];
	int i;

	if ((unsigned long)buf >> 32) {
		fprintf(stderr, "ut-injdiff: buffers above 4 GiB: build static, not PIE\n");
		return 2;
	}
	signal(SIGUSR1, on_usr);
	signal(SIGUSR2, on_usr);
	for (i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "threads:", 8)) {
			threads(argv[i] + 8);
		} else if (!strncmp(argv[i], "fork:", 5)) {
			forked(argv[i] + 5);
		} else {
			calls(argv[i], "", out, sizeof(out));
			fputs(out, stdout);
		}
	}
	printf("usr1=%d usr2=%d\n", (int)usr1, (int)usr2);
	return 0;
}
