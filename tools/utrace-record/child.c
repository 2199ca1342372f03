// SPDX-License-Identifier: GPL-2.0
/* child.c - COMMAND and its process tree; -p PID's end. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "cli.h"
#include "escape.h"

const char *ut_child_name(char **cmd)
{
	const char *slash = strrchr(cmd[0], '/');

	return slash && slash[1] ? slash + 1 : cmd[0];
}

/*
 * The file execvp would run, found before the fork as strace does, so
 * that its PATH search does not show up as a row of failed execve
 * calls.  NULL: leave it to execvp (and its error).
 */
static char *resolve(const char *name)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, *found = NULL;
	struct stat st;

	if (strchr(name, '/') || !*name)
		return NULL;
	copy = strdup(path && *path ? path : "/usr/local/bin:/usr/bin:/bin");
	for (dir = copy ? strtok_r(copy, ":", &save) : NULL; dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		if (asprintf(&found, "%s/%s", *dir ? dir : ".", name) < 0) {
			found = NULL;
			break;
		}
		if (stat(found, &st) || !S_ISREG(st.st_mode) ||
		    access(found, X_OK)) {
			free(found);
			found = NULL;
		}
	}
	free(copy);
	return found;
}

/* "PROG: cannot run NAME: ERROR", NAME escaped (it may hold ESC). */
static void cannot_run(const char *name, int err)
{
	struct sbuf sb = { 0 };

	sb_text_str(&sb, name);
	fprintf(stderr, "%s: cannot run %s: %s\n", ut_prog, sb_str(&sb),
		strerror(err));
	sb_free(&sb);
}

int ut_child_check(char **cmd)
{
	char *found = strchr(cmd[0], '/') ? NULL : resolve(cmd[0]);
	const char *file = found ? found : cmd[0];
	struct stat st;
	int err = 0;

	if (!found && !strchr(cmd[0], '/'))
		err = ENOENT;		/* in no PATH directory */
	else if (stat(file, &st))
		err = errno;
	else if (S_ISDIR(st.st_mode))
		err = EISDIR;
	else if (access(file, X_OK))
		err = errno;
	free(found);
	if (!err)
		return 0;
	cannot_run(cmd[0], err);
	return err == ENOENT ? 127 : 126;
}

void ut_child_start(struct ut_child *c, char **cmd, bool own_group)
{
	char *file = resolve(cmd[0]);
	int pfd[2], err;
	char b;

	memset(c, 0, sizeof(*c));
	c->go_fd = -1;
	c->own_group = own_group;
	/*
	 * Orphans of the tree (a daemon's double fork, "sleep 1 &" of a
	 * shell that exits) are re-parented to us instead of init, so we
	 * see them end and can wait for them, as strace -f does.
	 */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
		fprintf(stderr, "utrace-record: cannot become child subreaper: %s; orphans of COMMAND are not waited for\n",
			strerror(errno));
	if (pipe2(pfd, O_CLOEXEC)) {
		fprintf(stderr, "utrace-record: pipe: %s\n", strerror(errno));
		exit(EXIT_FAILURE);
	}
	fflush(NULL);
	c->pid = fork();
	if (c->pid < 0) {
		fprintf(stderr, "utrace-record: fork: %s\n", strerror(errno));
		exit(EXIT_FAILURE);
	}
	if (!c->pid) {
		/*
		 * Until it execs, the child is the command, not another
		 * utrace-record: its PATH search (failed execve) and setup
		 * are shown under the command's name.
		 */
		prctl(PR_SET_NAME, ut_child_name(cmd), 0, 0, 0);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		if (own_group)
			setpgid(0, 0);
		close(pfd[1]);
		if (read(pfd[0], &b, 1) != 1)
			_exit(127);	/* the recorder gave up */
		if (file)
			execv(file, cmd);
		execvp(cmd[0], cmd);
		err = errno;
		cannot_run(cmd[0], err);
		_exit(err == ENOENT ? 127 : 126);
	}
	free(file);
	close(pfd[0]);
	/* Also here: the group exists before any signal is sent to it. */
	if (own_group)
		setpgid(c->pid, c->pid);
	c->go_fd = pfd[1];
}

/*
 * Wait (at most ms) until the held child sleeps in its read of the hold
 * pipe: x86_64 read is call 0 in /proc/PID/syscall ("0 0x3 ...").
 */
void ut_child_wait_held(struct ut_child *c, int ms)
{
	char path[64], buf[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)c->pid);
	for (; ms > 0; ms--) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			return;
		buf[n] = '\0';
		if (!strncmp(buf, "0 ", 2))
			return;
		usleep(1000);
	}
}

int ut_child_release(struct ut_child *c)
{
	int ret = write(c->go_fd, "g", 1) == 1 ? 0 : -1;

	close(c->go_fd);
	c->go_fd = -1;
	return ret;
}

void ut_child_abort(struct ut_child *c)
{
	if (c->go_fd < 0)
		return;
	close(c->go_fd);
	c->go_fd = -1;
	if (c->pid > 0 && !c->reaped && waitpid(c->pid, &c->status, 0) == c->pid)
		c->reaped = true;
}

void ut_child_reap(struct ut_child *c)
{
	pid_t p;
	int st;

	if (!c->pid || c->tree_gone)
		return;
	for (;;) {
		p = waitpid(-1, &st, WNOHANG);
		if (p > 0) {
			if (p == c->pid && !c->reaped) {
				c->reaped = true;
				c->status = st;
			}
			continue;
		}
		if (p < 0 && errno == EINTR)
			continue;
		if (p < 0 && errno == ECHILD)
			c->tree_gone = true;
		return;
	}
}

bool ut_child_wait_cmd(struct ut_child *c)
{
	pid_t p;

	while (c->pid > 0 && !c->reaped) {
		p = waitpid(c->pid, &c->status, 0);
		if (p == c->pid)
			c->reaped = true;
		else if (p < 0 && errno != EINTR)
			break;
	}
	return c->reaped;
}

bool ut_child_wait_cmd_for(struct ut_child *c, int ms)
{
	int st;

	for (; c->pid > 0 && !c->reaped; ms -= 10) {
		if (waitpid(c->pid, &st, WNOHANG) == c->pid) {
			c->reaped = true;
			c->status = st;
			break;
		}
		if (ms <= 0)
			break;
		usleep(10000);
	}
	return c->reaped;
}

void ut_child_kill(struct ut_child *c, int sig)
{
	/* Not reaped: the pid is still ours (maybe a zombie), never reused. */
	if (c->pid > 0 && !c->reaped)
		kill(c->pid, sig);
}

void ut_child_kill_group(struct ut_child *c, int sig)
{
	/*
	 * The group's id stays COMMAND's pid while any member lives, also
	 * after COMMAND was reaped: the kernel does not reuse it then.
	 */
	if (!c->own_group || c->pid <= 0) {
		ut_child_kill(c, sig);
		return;
	}
	kill(-c->pid, sig);
	/* -d: a stopped member acts on sig once continued (timeout(1)). */
	if (c->timed_out && sig != SIGKILL && sig != SIGCONT)
		kill(-c->pid, SIGCONT);
}

/* The thread group of a task id, from /proc; tid itself on failure. */
static int tgid_of(int tid)
{
	char path[64], line[128];
	int tgid = tid;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	f = fopen(path, "re");
	if (!f)
		return tid;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Tgid: %d", &tgid) == 1)
			break;
	fclose(f);
	return tgid;
}

int ut_pid_watch(int pid)
{
#ifdef SYS_pidfd_open
	int fd = syscall(SYS_pidfd_open, pid, 0);

	/* EINVAL: pid is a thread, not a thread-group leader. */
	if (fd < 0 && errno == EINVAL)
		fd = syscall(SYS_pidfd_open, tgid_of(pid), 0);
	if (fd >= 0)
		fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
#else
	(void)pid;
	return -1;
#endif
}

bool ut_pid_ended(int fd, int pid)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (fd >= 0)
		return poll(&p, 1, 0) > 0;
	/* No pidfd: a zombie still counts as running. */
	return kill(tgid_of(pid), 0) < 0 && errno == ESRCH;
}
