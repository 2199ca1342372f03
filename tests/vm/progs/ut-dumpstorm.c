// SPDX-License-Identifier: GPL-2.0
/*
 * ut-dumpstorm INSTANCE SECS: a fork storm that runs while utrace's
 * statedump walks the tasks (tests/vm/53-statedump.t).  Workers fork
 * short-lived children for SECS seconds; meanwhile the main process
 * turns on utrace_clone, utrace_exit and utrace_task in INSTANCE (so
 * children forked before that have no clone record), lists the threads
 * alive, and writes utrace/statedump.  Prints, CLOCK_MONOTONIC ns:
 *   enable T / alive TGID TID / dump_start T / dump_end T /
 *   child PID FORK_T REAP_T (one per child, by its worker)
 * ut-dumpstorm threads SECS: a process of three threads, for SECS.
 */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WORKERS		3
#define OUTSTANDING	8

static long long now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void put(const char *fmt, long long a, long long b, long long c)
{
	char line[128];
	int n = snprintf(line, sizeof(line), fmt, a, b, c);

	if (write(1, line, n) != n)
		_exit(3);
}

static void worker(long long end)
{
	pid_t pids[OUTSTANDING] = { 0 };
	long long forked[OUTSTANDING];
	int i, status;

	while (now() < end) {
		for (i = 0; i < OUTSTANDING; i++) {
			if (pids[i] && waitpid(pids[i], &status, WNOHANG) == pids[i]) {
				put("child %lld %lld %lld\n", pids[i], forked[i],
				    now());
				pids[i] = 0;
			}
			if (pids[i])
				continue;
			pids[i] = fork();
			if (pids[i] == 0) {
				/* Some live long enough to be in the dump. */
				usleep(getpid() % 4 ? 1000 + (getpid() % 7) * 500 :
				       800000);
				_exit(0);
			}
			forked[i] = now();
		}
		usleep(200);
	}
	for (i = 0; i < OUTSTANDING; i++)
		if (pids[i] && waitpid(pids[i], &status, 0) == pids[i])
			put("child %lld %lld %lld\n", pids[i], forked[i], now());
	_exit(0);
}

static int write_file(const char *dir, const char *file, const char *val)
{
	char path[512];
	int fd, ok;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	ok = write(fd, val, strlen(val)) == (ssize_t)strlen(val);
	close(fd);
	return ok ? 0 : -1;
}

static void list_alive(void)
{
	struct dirent *d, *t;
	char path[300];
	DIR *proc, *task;

	proc = opendir("/proc");
	while (proc && (d = readdir(proc))) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/task", d->d_name);
		task = opendir(path);
		while (task && (t = readdir(task)))
			if (t->d_name[0] >= '1' && t->d_name[0] <= '9')
				put("alive %lld %lld\n", atoll(d->d_name),
				    atoll(t->d_name), 0);
		if (task)
			closedir(task);
	}
	if (proc)
		closedir(proc);
}

static void *sleeper(void *arg)
{
	pause();
	return arg;
}

int main(int argc, char **argv)
{
	long long end;
	pthread_t t;
	int i;

	if (argc == 3 && !strcmp(argv[1], "threads")) {
		for (i = 0; i < 2; i++)
			pthread_create(&t, NULL, sleeper, NULL);
		usleep(atof(argv[2]) * 1e6);
		return 0;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: ut-dumpstorm INSTANCE SECS\n");
		return 2;
	}
	end = now() + (long long)(atof(argv[2]) * 1e9);
	for (i = 0; i < WORKERS; i++)
		if (fork() == 0)
			worker(end);
	usleep(200000);
	if (write_file(argv[1], "events/utrace/utrace_clone/enable", "1") ||
	    write_file(argv[1], "events/utrace/utrace_exit/enable", "1") ||
	    write_file(argv[1], "events/utrace/utrace_task/enable", "1")) {
		perror("enable");
		return 1;
	}
	put("enable %lld\n", now(), 0, 0);
	list_alive();
	put("dump_start %lld\n", now(), 0, 0);
	if (write_file("/sys/kernel/tracing/utrace", "statedump", "1")) {
		perror("statedump");
		return 1;
	}
	put("dump_end %lld\n", now(), 0, 0);
	while (wait(NULL) > 0)
		;
	return 0;
}
