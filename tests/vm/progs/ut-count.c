// SPDX-License-Identifier: GPL-2.0
/*
 * ut-count MODE [ARGS]: calls whose results depend on how a fault rule
 * counts "when" (per rule or per thread, 42-rules.t), the same under
 * strace -f -e inject= and under a count=thread rule.  Each list is the
 * errno of each call in order, 0 when the call ran.
 *
 *   calls K        K getppid calls: calls=E1,...
 *   threads N K    N threads at once, K getppid calls each, all alive
 *                  until all are done: t1=... tN=...
 *   fork K         K getppid calls (parent1=), then a child makes K
 *                  (child=), then the parent K more (parent2=)
 *   forks N K      N children at once, K getppid calls each; each exits
 *                  with a bit per failed call: masks=M1,... (sorted)
 *   set K          K rounds of getppid, getuid, getgid, geteuid:
 *                  getppid=... getuid=... getgid=... geteuid=...
 *   exec K         one getppid (before=), then execs "ut-count calls K"
 *                  (argv[0] must be a path to ut-count)
 *   texec K        two getppid calls (leader=), then a second thread
 *                  makes one (thread=) and execs "ut-count calls K"
 *   abi K          K rounds of getpid through x86_64 then i386 (int
 *                  $0x80): getpid64=... getpid32=...
 *   poke           write(1, "hello\n"), then getcwd into a zeroed buffer:
 *                  cwd=BUFFER err=E (poke_enter=/poke_exit= tests)
 *   spin N FILE    N threads call getppid until FILE exists:
 *                  spin=CALLS failed=FAILED
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_CALLS	64
#define MAX_THREADS	64

static int nr_calls;
static pthread_barrier_t barrier;
static const char *spin_file;
static long spin_calls[MAX_THREADS], spin_failed[MAX_THREADS];

/* The errno of a raw system call, 0 when it ran. */
static int call(long nr)
{
	return syscall(nr) < 0 ? errno : 0;
}

static void put_list(const char *name, const int *err, int n)
{
	int i;

	printf("%s=", name);
	for (i = 0; i < n; i++)
		printf("%s%d", i ? "," : "", err[i]);
	printf("\n");
	fflush(stdout);
}

static void getppid_calls(const char *name, int n)
{
	int err[MAX_CALLS], i;

	for (i = 0; i < n; i++)
		err[i] = call(SYS_getppid);
	put_list(name, err, n);
}

static void *thread_calls(void *arg)
{
	int *err = arg, i;

	pthread_barrier_wait(&barrier);
	for (i = 0; i < nr_calls; i++)
		err[i] = call(SYS_getppid);
	/* None exits before all have made their calls. */
	pthread_barrier_wait(&barrier);
	return NULL;
}

static void threads(int n)
{
	static int err[MAX_THREADS][MAX_CALLS];
	pthread_t t[MAX_THREADS];
	char name[16];
	int i;

	pthread_barrier_init(&barrier, NULL, n);
	for (i = 0; i < n; i++)
		pthread_create(&t[i], NULL, thread_calls, err[i]);
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "t%d", i + 1);
		put_list(name, err[i], nr_calls);
	}
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* N children at once; each exits with a bit per failed call. */
static void forks(int n)
{
	int masks[MAX_THREADS], go[2], i, j, st, mask;
	char c;

	if (pipe(go))
		exit(2);
	for (i = 0; i < n; i++) {
		if (fork() == 0) {
			close(go[1]);
			/* All start together: when the pipe closes. */
			if (read(go[0], &c, 1) < 0)
				_exit(255);
			mask = 0;
			for (j = 0; j < nr_calls; j++)
				if (call(SYS_getppid))
					mask |= 1 << j;
			_exit(mask);
		}
	}
	close(go[1]);
	for (i = 0; i < n; i++) {
		if (wait(&st) < 0 || !WIFEXITED(st))
			exit(2);
		masks[i] = WEXITSTATUS(st);
	}
	qsort(masks, n, sizeof(*masks), cmp_int);
	put_list("masks", masks, n);
}

static void set_calls(int k)
{
	static const long nrs[] = {
		SYS_getppid, SYS_getuid, SYS_getgid, SYS_geteuid
	};
	static const char *const names[] = {
		"getppid", "getuid", "getgid", "geteuid"
	};
	int err[4][MAX_CALLS], i, j;

	for (i = 0; i < k; i++)
		for (j = 0; j < 4; j++)
			err[j][i] = call(nrs[j]);
	for (j = 0; j < 4; j++)
		put_list(names[j], err[j], k);
}

/* i386 getpid (20) from this x86_64 process. */
static int getpid32(void)
{
	long ret = 20;
	int r;

	/* The kernel clears r8-r11 on an int $0x80 entry. */
	asm volatile ("int $0x80" : "+a" (ret) : :
		      "memory", "r8", "r9", "r10", "r11");
	r = (int)ret;
	return r < 0 && r > -4096 ? -r : 0;
}

static void abi_calls(int k)
{
	int e64[MAX_CALLS], e32[MAX_CALLS], i;

	for (i = 0; i < k; i++) {
		e64[i] = call(SYS_getpid);
		e32[i] = getpid32();
	}
	put_list("getpid64", e64, k);
	put_list("getpid32", e32, k);
}

static char *const *exec_argv;

static void *thread_exec(void *arg)
{
	char k[16];

	(void)arg;
	getppid_calls("thread", 1);
	snprintf(k, sizeof(k), "%d", nr_calls);
	execl(exec_argv[0], "ut-count", "calls", k, (char *)NULL);
	exit(2);
}

static void *spin(void *arg)
{
	long i = (long)arg;

	while (access(spin_file, F_OK)) {
		spin_calls[i]++;
		if (call(SYS_getppid))
			spin_failed[i]++;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	int n = argc > 2 ? atoi(argv[2]) : 0;
	pthread_t t[MAX_THREADS];
	long calls = 0, failed = 0;
	char arg[16];
	pid_t pid;
	int i;

	if (n < 0 || n > MAX_THREADS) {
		fprintf(stderr, "ut-count: at most %d\n", MAX_THREADS);
		return 2;
	}
	nr_calls = argc > 3 ? atoi(argv[3]) : n;
	if (nr_calls < 0 || nr_calls > (!strcmp(mode, "forks") ? 7 : MAX_CALLS)) {
		fprintf(stderr, "ut-count: too many calls\n");
		return 2;
	}
	if (!strcmp(mode, "calls")) {
		getppid_calls("calls", n);
	} else if (!strcmp(mode, "threads") && argc > 3) {
		threads(n);
	} else if (!strcmp(mode, "fork")) {
		getppid_calls("parent1", n);
		pid = fork();
		if (pid == 0) {
			getppid_calls("child", n);
			_exit(0);
		}
		waitpid(pid, NULL, 0);
		getppid_calls("parent2", n);
	} else if (!strcmp(mode, "forks") && argc > 3) {
		forks(n);
	} else if (!strcmp(mode, "set")) {
		set_calls(n);
	} else if (!strcmp(mode, "exec")) {
		getppid_calls("before", 1);
		snprintf(arg, sizeof(arg), "%d", n);
		/* By its path: the name (comm) stays ut-count. */
		execl(argv[0], "ut-count", "calls", arg, (char *)NULL);
		return 2;
	} else if (!strcmp(mode, "texec")) {
		getppid_calls("leader", 2);
		exec_argv = argv;
		pthread_create(&t[0], NULL, thread_exec, NULL);
		pthread_join(t[0], NULL);
		return 2;
	} else if (!strcmp(mode, "poke")) {
		char hello[] = "hello\n", cwd[64];
		int err;

		if (syscall(SYS_write, 1, hello, 6) != 6)
			return 2;
		memset(cwd, 0, sizeof(cwd));
		err = syscall(SYS_getcwd, cwd, sizeof(cwd) - 1) < 0 ? errno : 0;
		printf("cwd=%s err=%d\n", cwd, err);
	} else if (!strcmp(mode, "abi")) {
		abi_calls(n);
	} else if (!strcmp(mode, "spin") && argc > 3) {
		spin_file = argv[3];
		for (i = 0; i < n; i++)
			pthread_create(&t[i], NULL, spin, (void *)(long)i);
		for (i = 0; i < n; i++) {
			pthread_join(t[i], NULL);
			calls += spin_calls[i];
			failed += spin_failed[i];
		}
		printf("spin=%ld failed=%ld\n", calls, failed);
	} else {
		fprintf(stderr, "usage: ut-count calls|threads|fork|forks|set|exec|texec|poke|abi|spin ...\n");
		return 2;
	}
	return 0;
}
