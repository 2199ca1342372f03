// SPDX-License-Identifier: GPL-2.0
/*
 * procscan.c - the tasks alive at the start, read from /proc into
 * UT_TASK events (see procscan.h).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procs.h"
#include "procscan.h"

/* The whole of a small /proc file, NUL-terminated; false when gone. */
static bool read_small(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	return true;
}

/*
 * /proc/TGID/task/TID/stat: comm (between the first '(' and the last
 * ')': it may hold either), ppid (field 4) and starttime (field 22,
 * clock ticks since boot, the boot clock).
 */
static bool parse_stat(const char *text, struct ut_event *ev)
{
	const char *open = strchr(text, '('), *close = strrchr(text, ')');
	unsigned long long start;
	size_t len;
	int ppid;

	if (!open || !close || close < open ||
	    sscanf(close + 1, " %*c %d %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu",
		   &ppid, &start) != 2)
		return false;
	len = close - open - 1;
	if (len >= UT_COMM_LEN)
		len = UT_COMM_LEN - 1;
	memcpy(ev->comm, open + 1, len);
	ev->comm[len] = '\0';
	ev->task.ppid = ppid;
	ev->task.start_ns = start * (1000000000ULL / sysconf(_SC_CLK_TCK));
	return true;
}

/* The real uid, from the Uid: line of status; UT_UNKNOWN without. */
static long long real_uid(int tgid, int tid)
{
	char path[64], buf[4096];
	const char *p;
	long long uid;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/status", tgid, tid);
	if (!read_small(path, buf, sizeof(buf)))
		return UT_UNKNOWN;
	p = strstr(buf, "\nUid:");
	if (!p || sscanf(p + 5, "%lld", &uid) != 1)
		return UT_UNKNOWN;
	return uid;
}

/* The process's executable; NULL for a kernel thread (no exe link). */
static char *exe_path(int tgid)
{
	char path[64], buf[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/exe", tgid);
	n = readlink(path, buf, sizeof(buf) - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return strdup(buf);
}

bool ut_procscan_task(struct ut_event *ev, int tgid, int tid, uint64_t ts)
{
	char path[64], buf[1024];

	memset(ev, 0, sizeof(*ev));
	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", tgid, tid);
	if (!read_small(path, buf, sizeof(buf)) || !parse_stat(buf, ev))
		return false;
	ev->kind = UT_TASK;
	ev->ts = ts;
	ev->cpu = -1;
	ev->pid = tid;
	ev->task.tgid = tgid;
	ev->task.uid = real_uid(tgid, tid);
	ev->task.exe = exe_path(tgid);
	ev->task.from_proc = true;
	return true;
}

/* The threads of process tgid. */
static unsigned long scan_threads(int tgid, uint64_t ts,
				  void (*fn)(void *arg, struct ut_event *ev),
				  void *arg)
{
	struct ut_event ev;
	unsigned long n = 0;
	struct dirent *d;
	char path[64];
	DIR *task;

	snprintf(path, sizeof(path), "/proc/%d/task", tgid);
	task = opendir(path);
	if (!task)
		return 0;	/* gone since the listing */
	while ((d = readdir(task))) {
		if (!ut_all_digits(d->d_name) ||
		    !ut_procscan_task(&ev, tgid, atoi(d->d_name), ts))
			continue;
		fn(arg, &ev);
		n++;
	}
	closedir(task);
	return n;
}

unsigned long ut_procscan(uint64_t ts,
			  void (*fn)(void *arg, struct ut_event *ev),
			  void *arg)
{
	unsigned long n = 0;
	int self = getpid();
	struct dirent *d;
	DIR *proc;

	proc = opendir("/proc");
	if (!proc)
		return 0;
	/* Not the recorder: its events are not recorded either. */
	while ((d = readdir(proc)))
		if (ut_all_digits(d->d_name) && atoi(d->d_name) != self)
			n += scan_threads(atoi(d->d_name), ts, fn, arg);
	closedir(proc);
	return n;
}
