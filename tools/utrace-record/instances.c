// SPDX-License-Identifier: GPL-2.0
/* instances.c - remove the instances of recorders that are gone. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tracefs.h>

#include "argv.h"
#include "instances.h"

#define PREFIX	"utrace-record-"

int ut_instance_owner(const char *name)
{
	const char *p;
	long pid = 0;

	if (strncmp(name, PREFIX, sizeof(PREFIX) - 1))
		return 0;
	p = name + sizeof(PREFIX) - 1;
	if (*p < '1' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		pid = pid * 10 + (*p - '0');
		if (pid > 0x3fffffff)	/* beyond PID_MAX_LIMIT */
			return 0;
	}
	return *p == '\0' || *p == '-' ? (int)pid : 0;
}

/*
 * A pid is a live recorder when /proc says its command is ours and it
 * has not exited: a zombie (state Z or X in /proc/PID/stat), killed but
 * not reaped yet, holds no file of its instance.  A pid reused by
 * another program does not keep an instance alive.  (A
 * recorder in another pid namespace is not seen here; its instance is
 * still safe while it reads, as tracefs refuses to remove an instance
 * with open trace_pipe_raw files: EBUSY.)
 */
/* pid is a zombie, or gone: its state is Z or X, or unreadable. */
static bool exited(int pid)
{
	char path[64], buf[512], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return true;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return true;
	buf[n] = '\0';
	/* "PID (COMM) S ...": COMM may hold ") ", the last one ends it. */
	p = strrchr(buf, ')');
	return !p || p[1] != ' ' || p[2] == 'Z' || p[2] == 'X';
}

static bool recorder_running(int pid)
{
	char path[64], comm[32] = "";
	FILE *f;

	if (pid == getpid())
		return true;
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (!fgets(comm, sizeof(comm), f))
		comm[0] = '\0';
	fclose(f);
	comm[strcspn(comm, "\n")] = '\0';
	return !strcmp(comm, "utrace-record") && !exited(pid);
}

static int remove_one(const char *name)
{
	struct tracefs_instance *inst = tracefs_instance_alloc(NULL, name);
	int ret;

	if (!inst)
		return -1;
	/* Stop writing at once, even if the removal fails. */
	tracefs_trace_off(inst);
	ret = tracefs_instance_destroy(inst);
	tracefs_instance_free(inst);
	return ret;
}

/*
 * The instance of a recorder that is gone.  A recorder being killed is
 * a zombie as soon as its main thread is done, while its other threads
 * may still hold the buffer files for a moment (EBUSY): a second at
 * most is given to them.
 */
static int remove_gone(const char *name, int pid)
{
	int tries;

	for (tries = 0; remove_one(name) < 0; tries++) {
		if (errno != EBUSY || tries == 20 || !exited(pid))
			return -1;
		usleep(50000);
	}
	return 0;
}

int ut_instances_cleanup(bool verbose)
{
	char **names = tracefs_instances(NULL);
	int i, pid, failed = 0;

	for (i = 0; names && names[i]; i++) {
		pid = ut_instance_owner(names[i]);
		if (!pid)
			continue;
		if (recorder_running(pid)) {
			if (verbose && pid != getpid())
				fprintf(stderr, "utrace-record: kept instance %s: recorder %d is running\n",
					names[i], pid);
			continue;
		}
		if (remove_gone(names[i], pid) < 0) {
			fprintf(stderr, "utrace-record: cannot remove instance %s left by recorder %d: %s\n",
				names[i], pid, strerror(errno));
			failed++;
		} else {
			fprintf(stderr, "utrace-record: removed instance %s left by recorder %d, which is no longer running\n",
				names[i], pid);
		}
	}
	tracefs_list_free(names);
	/* And the argv probes (argv.h) of recorders that are gone. */
	return failed + ut_argv_cleanup(recorder_running, true);
}
