// SPDX-License-Identifier: GPL-2.0
/*
 * ut-verdict: system calls whose verdict (ran, injected, denied by
 * seccomp) a test can make stale by switching utrace's syscall events
 * off and on at chosen moments.
 *
 * ut-verdict burst FIFO
 *	Open FIFO read-write, print pid=N, then loop: block in read(FIFO)
 *	for one byte; 'q' ends the loop, any other byte starts burst N
 *	(printed as burst=N): getppid calls until one succeeds after some
 *	failed, i.e. until a fault injection rule is removed (at most
 *	60 s).  Prints ran= and failed= counts at the end.
 *
 * ut-verdict seccomp-hold DIR
 *	Fork a child that a seccomp filter sends to its tracer (this
 *	process) on getppid (SECCOMP_RET_TRACE).  At that stop the tracer
 *	creates DIR/held with the child's pid and waits for DIR/go1, then
 *	skips the call with -EACCES.  The child then blocks in read() on a
 *	pipe until the tracer sees DIR/go2 and writes a byte.  Prints
 *	child=N, getppid=R (raw -errno) and read=R.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int burst(const char *fifo)
{
	long ran = 0, failed = 0, bursts = 0, fails;
	double end;
	char c;
	int fd;

	fd = open(fifo, O_RDWR);
	if (fd < 0) {
		perror(fifo);
		return 1;
	}
	printf("pid=%d\n", getpid());
	fflush(stdout);
	while (read(fd, &c, 1) == 1 && c != 'q') {
		printf("burst=%ld\n", ++bursts);
		fflush(stdout);
		end = now_ms() + 60000;
		fails = 0;
		for (;;) {
			if (syscall(SYS_getppid) < 0) {
				fails++;
			} else {
				ran++;
				if (fails)
					break;
			}
			if (!(fails & 1023) && now_ms() > end)
				break;
		}
		failed += fails;
	}
	printf("ran=%ld\nfailed=%ld\n", ran, failed);
	return 0;
}

static void wait_file(const char *dir, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	while (access(path, F_OK))
		usleep(10000);
}

static void make_file(const char *dir, const char *name, pid_t pid)
{
	char path[4096], tmp[4096];
	FILE *f;

	/* Written whole, then renamed: the test never sees it half done. */
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s/.%s", dir, name);
	f = fopen(tmp, "w");
	if (!f || fprintf(f, "%d\n", pid) < 0 || fclose(f) || rename(tmp, path)) {
		perror(path);
		exit(1);
	}
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* The tracee: getppid goes to the tracer, then a blocking read. */
static void hold_child(int rfd)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = sizeof(insns) / sizeof(insns[0]),
		.filter = insns,
	};
	long ret;
	char c;

	if (ptrace(PTRACE_TRACEME, 0, 0, 0))
		die("PTRACE_TRACEME");
	raise(SIGSTOP);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
		die("seccomp");
	ret = syscall(SYS_getppid);
	printf("getppid=%ld\n", ret < 0 ? -errno : ret);
	fflush(stdout);
	ret = read(rfd, &c, 1);
	printf("read=%ld\n", ret < 0 ? -errno : ret);
	exit(0);
}

static int seccomp_hold(const char *dir)
{
	struct user_regs_struct regs;
	int pfd[2], status;
	pid_t child;

	fflush(stdout);
	if (pipe(pfd))
		die("pipe");
	child = fork();
	if (child < 0)
		die("fork");
	if (!child) {
		close(pfd[1]);
		hold_child(pfd[0]);
	}
	close(pfd[0]);
	printf("child=%d\n", child);
	fflush(stdout);
	if (waitpid(child, &status, 0) != child || !WIFSTOPPED(status))
		die("wait for SIGSTOP");
	if (ptrace(PTRACE_SETOPTIONS, child, 0,
		   PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL) ||
	    ptrace(PTRACE_CONT, child, 0, 0))
		die("PTRACE_SETOPTIONS");
	if (waitpid(child, &status, 0) != child ||
	    status >> 8 != (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8))) {
		fprintf(stderr, "no seccomp stop: status 0x%x\n", status);
		return 1;
	}

	make_file(dir, "held", child);
	wait_file(dir, "go1");
	/* Skip the call: no number, and the tracer's return value. */
	if (ptrace(PTRACE_GETREGS, child, 0, &regs))
		die("PTRACE_GETREGS");
	regs.orig_rax = -1;
	regs.rax = -EACCES;
	if (ptrace(PTRACE_SETREGS, child, 0, &regs) ||
	    ptrace(PTRACE_CONT, child, 0, 0))
		die("PTRACE_SETREGS");

	wait_file(dir, "go2");
	if (write(pfd[1], "x", 1) != 1)
		die("write");
	if (waitpid(child, &status, 0) != child)
		die("waitpid");
	printf("status=%d\n", status);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "burst"))
		return burst(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "seccomp-hold"))
		return seccomp_hold(argv[2]);
	fprintf(stderr, "usage: ut-verdict burst FIFO | seccomp-hold DIR\n");
	return 2;
}
