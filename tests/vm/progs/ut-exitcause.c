// SPDX-License-Identifier: GPL-2.0
/*
 * ut-exitcause MODE [ARG...]: end a child process in one way the kernel
 * knows the cause of, and print what a test needs to check the exit
 * events: key=value lines (the child's and its threads' ids as the child
 * printed them, then its wait status).  16-identity.t uses it.
 *
 *   threads        thread A exit(3)s alone, thread B exit_group(5)s
 *   segv           a write to address 0 (SIGSEGV, SEGV_MAPERR)
 *   seccomp        SECCOMP_RET_KILL_PROCESS on getppid
 *   seccomp-thread SECCOMP_RET_KILL_THREAD on getppid, in a thread
 *   xcpu | xfsz    RLIMIT_CPU (1 s of CPU) | RLIMIT_FSIZE (a file in /tmp)
 *   exec-thread    a thread execs ARG while another sleeps
 *   core           SIGSEGV with a core dump, a sibling thread sleeping
 *   oom            allocate until the OOM killer ends it (oom_score_adj 1000)
 *   sleeper UID    no child: become UID, print pid=, sleep until killed
 *   killer UID PID SIG  no child: become UID, print the pids, kill PID
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_barrier_t ready;

static long gettid_(void)
{
	return syscall(SYS_gettid);
}

static void say(const char *key, long v)
{
	printf("%s=%ld\n", key, v);
	fflush(stdout);
}

static void *sleeper_main(void *arg)
{
	say(arg, gettid_());
	pthread_barrier_wait(&ready);
	for (;;)
		pause();
	return NULL;
}

/* A sibling thread that sleeps until the group dies; prints KEY=tid. */
static void start_sibling(const char *key)
{
	pthread_t t;

	pthread_barrier_init(&ready, NULL, 2);
	if (pthread_create(&t, NULL, sleeper_main, (void *)key))
		exit(90);
	pthread_barrier_wait(&ready);
}

static void *exit_main(void *arg)
{
	say(arg ? "b" : "a", gettid_());
	if (arg)
		syscall(SYS_exit_group, 5);
	syscall(SYS_exit, 3);
	return NULL;
}

static void threads(void)
{
	pthread_t a, b;

	if (pthread_create(&a, NULL, exit_main, NULL) ||
	    pthread_join(a, NULL))
		exit(90);
	if (pthread_create(&b, NULL, exit_main, (void *)1))
		exit(90);
	for (;;)
		pause();
}

/* Kill on getppid with @action, allow everything else (x86_64 only). */
static void seccomp_kill_getppid(unsigned int action)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, action),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = sizeof(insns) / sizeof(insns[0]),
		.filter = insns,
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
		exit(91);
}

static void *getppid_main(void *arg)
{
	(void)arg;
	say("t", gettid_());
	syscall(SYS_getppid);
	return NULL;
}

static void seccomp_thread(void)
{
	pthread_t t;

	seccomp_kill_getppid(SECCOMP_RET_KILL_THREAD);
	if (pthread_create(&t, NULL, getppid_main, NULL) ||
	    pthread_join(t, NULL))
		exit(90);
	exit(0);
}

static void xfsz(void)
{
	struct rlimit r = { 10, 10 };
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/ut-xfsz.%d", getpid());
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	unlink(path);
	if (fd < 0 || setrlimit(RLIMIT_FSIZE, &r))
		exit(92);
	/* The first write is cut at the limit, the second one is over it. */
	if (write(fd, "0123456789abcdefghij", 20) != 10)
		exit(93);
	write(fd, "k", 1);
	exit(94);
}

static void *exec_main(void *arg)
{
	char *argv[] = { arg, NULL };

	say("e", gettid_());
	execv(arg, argv);
	exit(95);
}

static void oom(void)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY);
	char *p;

	if (fd < 0 || write(fd, "1000", 4) != 4)
		exit(96);
	close(fd);
	for (;;) {
		/*
		 * Populated by the kernel: a page fault per page under TCG
		 * made the way to the OOM killer take minutes on a loaded
		 * host.
		 */
		p = mmap(NULL, 64 << 20, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		if (p == MAP_FAILED)
			exit(97);
	}
}

/* The child: one way to die. */
static void child(const char *mode, char **argv)
{
	struct rlimit core0 = { 0, 0 }, cpu = { 1, 2 };
	pthread_t t;

	say("child", getpid());
	if (strcmp(mode, "core"))
		setrlimit(RLIMIT_CORE, &core0);
	if (!strcmp(mode, "threads")) {
		threads();
	} else if (!strcmp(mode, "segv") || !strcmp(mode, "core")) {
		if (!strcmp(mode, "core"))
			start_sibling("s");
		*(volatile int *)0 = 1;
	} else if (!strcmp(mode, "seccomp")) {
		seccomp_kill_getppid(SECCOMP_RET_KILL_PROCESS);
		syscall(SYS_getppid);
	} else if (!strcmp(mode, "seccomp-thread")) {
		seccomp_thread();
	} else if (!strcmp(mode, "xcpu")) {
		if (setrlimit(RLIMIT_CPU, &cpu))
			exit(92);
		for (;;)
			;
	} else if (!strcmp(mode, "xfsz")) {
		xfsz();
	} else if (!strcmp(mode, "exec-thread") && argv[0]) {
		start_sibling("s");
		if (pthread_create(&t, NULL, exec_main, argv[0]))
			exit(90);
		for (;;)
			pause();
	} else if (!strcmp(mode, "oom")) {
		oom();
	}
	exit(99);
}

/* sleeper and killer: ids to compare with the events, as uid @uid. */
static int solo(const char *mode, char **argv)
{
	char self[32] = "";
	uid_t uid;

	if (!argv[0])
		return 2;
	uid = atoi(argv[0]);
	/* A shell's background job starts with SIGINT and SIGQUIT ignored. */
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	if (setresgid(uid, uid, uid) || setresuid(uid, uid, uid))
		return 3;
	/* /proc is the initial pid namespace's: its "self" is that pid. */
	if (readlink("/proc/self", self, sizeof(self) - 1) < 0)
		return 4;
	printf("pid=%d\ninit_pid=%s\nuid=%d\n", getpid(), self, (int)getuid());
	fflush(stdout);
	if (!strcmp(mode, "sleeper")) {
		for (;;)
			pause();
	}
	if (!argv[1] || !argv[2])
		return 2;
	return kill(atoi(argv[1]), atoi(argv[2])) ? 5 : 0;
}

int main(int argc, char **argv)
{
	pid_t pid;
	int st;

	if (argc < 2)
		return 2;
	if (!strcmp(argv[1], "sleeper") || !strcmp(argv[1], "killer"))
		return solo(argv[1], argv + 2);
	pid = fork();
	if (pid < 0)
		return 1;
	if (!pid)
		child(argv[1], argv + 2);
	if (waitpid(pid, &st, 0) != pid)
		return 1;
	printf("status=%d\n", st);
	return 0;
}
