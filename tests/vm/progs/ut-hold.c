// SPDX-License-Identifier: GPL-2.0
/*
 * ut-hold: crashers and probes for tests/vm/62-crash-hold.t.
 *
 * ut-hold [-t THREADS] [-m MIB] [-o ADJ] [-u UID] [-a ACTION -f MARK] MODE
 *   Fork a child that ends in MODE, print "child=PID", wait for it and
 *   print how it died: "termsig=N core=0|1" or "exit=N".  The child
 *   prints "tids=T1,T2,..." (its threads, main first) and, with -m,
 *   "buf=0xADDR len=BYTES" before it crashes, then "ready".
 *   MODE (each in the child's main thread):
 *     segv      NULL dereference          ill   ud2
 *     fpe       integer division by zero  bus   touch a page past the
 *                                               end of an empty memfd
 *     abort     abort()                   raise raise(SIGSEGV)
 *     killself  kill(getpid(), SIGSEGV)   sleep wait for a signal
 *     nodump    PR_SET_DUMPABLE 0, then a NULL dereference
 *     hog       fill 16 MiB after 16 MiB of new memory until killed
 *   -t THREADS  the child has THREADS threads: THREADS - 1 siblings that
 *               sleep 10 ms at a time until the process dies
 *   -m MIB      MIB MiB of private memory filled with 0xab
 *   -o ADJ      the child's oom_score_adj, set before it fills memory
 *   -u UID      the child runs with real, effective and saved uid and
 *               gid UID (and stays dumpable)
 *   -a ACTION -f MARK  the first sibling, 200 ms after the crash, creates
 *               the file MARK and then does ACTION: dumpable0
 *               (PR_SET_DUMPABLE 0), rlimit0 (RLIMIT_CORE 0), write
 *               (0xcd over the -m memory) or exit (exit_group(0))
 *
 * Probes (no child; each prints one line):
 * ut-hold mrelease PID         as uid/gid 65534: pidfd_open(PID) and
 *                              process_mrelease(); "mrelease=0" or
 *                              "mrelease=-1 errno=N"
 * ut-hold peek PID ADDR LEN    read LEN bytes of /proc/PID/mem at ADDR:
 *                              "peek=ok" if all are 0xab, else
 *                              "peek=bad N" (N bytes differ) or
 *                              "peek=errno N"
 * ut-hold tgkill TGID TID SIG  tgkill(): "tgkill=0" or "tgkill=errno N"
 * ut-hold sigqueue PID SIG FROM  rt_sigqueueinfo() with si_code SI_QUEUE
 *                              and a forged si_pid FROM: "sigqueue=0" or
 *                              "sigqueue=errno N"
 * ut-hold perf ID UID          as UID (-1: as is), perf_event_open() a
 *                              per-task user-only counter of tracepoint
 *                              ID: "perf=0" or "perf=errno N"
 * ut-hold pidfd PID            pidfd_open(PID) and print "open=FD|errno N
 *                              signal0=0|errno N poll=0|1 fdpid=P"; then
 *                              wait (up to 60 s) for the process to be
 *                              reaped and print the same line again
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/perf_event.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int nthreads = 1;
static size_t buf_len;
static unsigned char *buf;
static const char *action, *mark;
static pid_t tids[64];
static volatile int started;
static volatile long beats[64];

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void do_action(void)
{
	struct rlimit zero = { 0, 0 };
	int fd;

	fd = open(mark, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0)
		close(fd);
	if (!strcmp(action, "dumpable0"))
		prctl(PR_SET_DUMPABLE, 0);
	else if (!strcmp(action, "rlimit0"))
		setrlimit(RLIMIT_CORE, &zero);
	else if (!strcmp(action, "write") && buf)
		memset(buf, 0xcd, buf_len);
	else if (!strcmp(action, "exit"))
		syscall(SYS_exit_group, 0);
}

static void *sibling(void *arg)
{
	long i = (long)arg;

	tids[i] = syscall(SYS_gettid);
	__sync_fetch_and_add(&started, 1);
	if (i == 1 && action) {
		/* main crashes as soon as every sibling has started */
		while (started < nthreads - 1)
			sleep_ms(1);
		sleep_ms(200);
		do_action();
	}
	for (;;) {
		beats[i]++;
		sleep_ms(10);
	}
	return NULL;
}

/* A pointer the compiler cannot prove NULL: the store stays a store. */
static int *volatile null_ptr;

void __attribute__((noinline)) crash_null(void)
{
	*null_ptr = 1;
}

static void crash(const char *mode)
{
	volatile int zero = 0, one = 1;
	volatile char *page;
	int fd;

	if (!strcmp(mode, "segv")) {
		crash_null();
	} else if (!strcmp(mode, "ill")) {
		__asm__ volatile("ud2");
	} else if (!strcmp(mode, "fpe")) {
		one = one / zero;
	} else if (!strcmp(mode, "bus")) {
		fd = memfd_create("ut-hold-bus", 0);
		page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
			    fd, 0);
		if (page != MAP_FAILED)
			*page = 1;
	} else if (!strcmp(mode, "abort")) {
		abort();
	} else if (!strcmp(mode, "raise")) {
		raise(SIGSEGV);
	} else if (!strcmp(mode, "killself")) {
		kill(getpid(), SIGSEGV);
	} else if (!strcmp(mode, "sleep")) {
		for (;;)
			pause();
	} else if (!strcmp(mode, "hog")) {
		for (;;) {
			page = mmap(NULL, 16 << 20, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (page == MAP_FAILED)
				sleep_ms(10);
			else
				memset((char *)page, 0x5a, 16 << 20);
		}
	} else if (!strcmp(mode, "nodump")) {
		prctl(PR_SET_DUMPABLE, 0);
		crash_null();
	}
	_exit(99);
}

static void child(const char *mode, long uid, const char *oom_adj)
{
	char line[1024];
	pthread_t t;
	size_t n;
	long i;

	if (uid >= 0) {
		if (setgroups(0, NULL) || setresgid(uid, uid, uid) ||
		    setresuid(uid, uid, uid))
			_exit(97);
		/* a uid change made the mm non-dumpable */
		prctl(PR_SET_DUMPABLE, 1);
	}
	signal(SIGQUIT, SIG_DFL);
	if (oom_adj) {
		FILE *f = fopen("/proc/self/oom_score_adj", "w");

		if (!f || fprintf(f, "%s\n", oom_adj) < 0 || fclose(f))
			_exit(94);
	}
	if (buf_len) {
		buf = mmap(NULL, buf_len, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (buf == MAP_FAILED)
			_exit(96);
		memset(buf, 0xab, buf_len);
		dprintf(1, "buf=%p len=%zu\n", (void *)buf, buf_len);
	}
	tids[0] = getpid();
	for (i = 1; i < nthreads; i++)
		if (pthread_create(&t, NULL, sibling, (void *)i))
			_exit(95);
	while (started < nthreads - 1)
		sleep_ms(1);
	n = snprintf(line, sizeof(line), "tids=");
	for (i = 0; i < nthreads && n < sizeof(line) - 16; i++)
		n += snprintf(line + n, sizeof(line) - n, "%s%d",
			      i ? "," : "", tids[i]);
	dprintf(1, "%s\nready\n", line);
	crash(mode);
}

static void print_errno(const char *what, long ret)
{
	if (ret < 0)
		printf("%s=errno %d", what, errno);
	else
		printf("%s=%ld", what, ret);
}

static int probe_mrelease(pid_t pid)
{
	long ret;
	int fd;

	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534)) {
		perror("setresuid");
		return 1;
	}
	fd = syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0) {
		printf("pidfd_open=errno %d\n", errno);
		return 1;
	}
	ret = syscall(SYS_process_mrelease, fd, 0);
	if (ret)
		printf("mrelease=%ld errno=%d\n", ret, errno);
	else
		printf("mrelease=0\n");
	return 0;
}

static int probe_perf(unsigned long id, long uid)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
		.config = id,
		.disabled = 1,
		.exclude_kernel = 1,
		.exclude_hv = 1,
	};
	long fd;

	if (uid >= 0 && (setgroups(0, NULL) || setresgid(uid, uid, uid) ||
			 setresuid(uid, uid, uid))) {
		perror("setresuid");
		return 1;
	}
	fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
	print_errno("perf", fd < 0 ? fd : 0);
	printf("\n");
	return 0;
}

static int probe_peek(pid_t pid, unsigned long addr, size_t len)
{
	static unsigned char chunk[1 << 16];
	size_t done = 0, bad = 0, i;
	char path[64];
	ssize_t got;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		printf("peek=errno %d\n", errno);
		return 1;
	}
	while (done < len) {
		got = pread(fd, chunk, len - done < sizeof(chunk) ?
			    len - done : sizeof(chunk), addr + done);
		if (got <= 0) {
			printf("peek=errno %d\n", got ? errno : 0);
			return 1;
		}
		for (i = 0; i < (size_t)got; i++)
			bad += chunk[i] != 0xab;
		done += got;
	}
	if (bad)
		printf("peek=bad %zu\n", bad);
	else
		printf("peek=ok\n");
	return 0;
}

/* The tgid a pidfd refers to, from its fdinfo (-1 once reaped). */
static int fdinfo_pid(int fd)
{
	char path[64], line[256];
	int pid = -2;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return -2;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Pid: %d", &pid) == 1)
			break;
	fclose(f);
	return pid;
}

static long pidfd_line(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	long sig0;

	sig0 = syscall(SYS_pidfd_send_signal, fd, 0, NULL, 0);
	print_errno(" signal0", sig0);
	printf(" poll=%d fdpid=%d\n", poll(&p, 1, 0), fdinfo_pid(fd));
	fflush(stdout);
	return sig0;
}

static int probe_pidfd(pid_t pid)
{
	int fd, i;

	fd = syscall(SYS_pidfd_open, pid, 0);
	print_errno("open", fd);
	if (fd < 0) {
		printf("\n");
		return 1;
	}
	pidfd_line(fd);
	for (i = 0; i < 1200; i++) {
		if (syscall(SYS_pidfd_send_signal, fd, 0, NULL, 0) &&
		    fdinfo_pid(fd) == -1)
			break;
		sleep_ms(50);
	}
	printf("open=0");
	pidfd_line(fd);
	return 0;
}

int main(int argc, char **argv)
{
	const char *oom_adj = NULL;
	long uid = -1;
	int status, opt;
	pid_t pid;

	if (argc == 3 && !strcmp(argv[1], "mrelease"))
		return probe_mrelease(atoi(argv[2]));
	if (argc == 5 && !strcmp(argv[1], "peek"))
		return probe_peek(atoi(argv[2]), strtoul(argv[3], NULL, 0),
				  strtoul(argv[4], NULL, 0));
	if (argc == 5 && !strcmp(argv[1], "tgkill")) {
		print_errno("tgkill", syscall(SYS_tgkill, atoi(argv[2]),
					      atoi(argv[3]), atoi(argv[4])));
		printf("\n");
		return 0;
	}
	if (argc == 5 && !strcmp(argv[1], "sigqueue")) {
		siginfo_t si;

		memset(&si, 0, sizeof(si));
		si.si_signo = atoi(argv[3]);
		si.si_code = SI_QUEUE;
		si.si_pid = atoi(argv[4]);
		si.si_uid = getuid();
		print_errno("sigqueue", syscall(SYS_rt_sigqueueinfo,
						atoi(argv[2]), si.si_signo,
						&si));
		printf("\n");
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "perf"))
		return probe_perf(strtoul(argv[2], NULL, 0), atol(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "pidfd"))
		return probe_pidfd(atoi(argv[2]));

	while ((opt = getopt(argc, argv, "t:m:o:u:a:f:")) != -1) {
		switch (opt) {
		case 't':
			nthreads = atoi(optarg);
			break;
		case 'm':
			buf_len = strtoul(optarg, NULL, 0) << 20;
			break;
		case 'o':
			oom_adj = optarg;
			break;
		case 'u':
			uid = atol(optarg);
			break;
		case 'a':
			action = optarg;
			break;
		case 'f':
			mark = optarg;
			break;
		default:
			return 2;
		}
	}
	if (optind != argc - 1 || nthreads < 1 || nthreads > 64 ||
	    (action && (!mark || nthreads < 2))) {
		fprintf(stderr, "usage: see the comment at the top of ut-hold.c\n");
		return 2;
	}
	pid = fork();
	if (pid == 0)
		child(argv[optind], uid, oom_adj);
	printf("child=%d\n", pid);
	fflush(stdout);
	if (waitpid(pid, &status, 0) != pid)
		return 1;
	if (WIFSIGNALED(status))
		printf("termsig=%d core=%d\n", WTERMSIG(status),
		       WCOREDUMP(status) ? 1 : 0);
	else
		printf("exit=%d\n", WEXITSTATUS(status));
	return 0;
}
