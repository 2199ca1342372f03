// SPDX-License-Identifier: GPL-2.0
/*
 * The utrace crash catcher (/sys/kernel/tracing/utrace/crash/): a crash
 * the process raised itself is held with the process alive, and a
 * release by its hold id ends it as the crash would have, by the same
 * signal; malformed or stale control writes are refused.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest_harness.h"

#define CRASH_DIR	"/sys/kernel/tracing/utrace/crash"

static ssize_t read_file(const char *path, char *buf, size_t size)
{
	ssize_t n, len = 0;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	while ((size_t)len < size - 1) {
		n = read(fd, buf + len, size - 1 - len);
		if (n <= 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	return len;
}

/* Write @text to @path in one write: 0, or -1 with errno set. */
static int write_file(const char *path, const char *text)
{
	ssize_t n;
	int fd, err;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	err = errno;
	close(fd);
	if (n < 0) {
		errno = err;
		return -1;
	}
	return n == (ssize_t)strlen(text) ? 0 : (errno = EIO, -1);
}

/*
 * The held line of process @tgid, waiting up to @ms milliseconds for it;
 * its hold id in @id.  NULL if it is not held.
 */
static char *held_line(pid_t tgid, unsigned long *id, int ms, char *buf,
		       size_t size)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	char key[32];
	char *line, *end;

	snprintf(key, sizeof(key), " tgid=%d ", tgid);
	for (; ms > 0; ms -= 10) {
		if (read_file(CRASH_DIR "/held", buf, size) < 0)
			return NULL;
		for (line = buf; line && *line; line = end) {
			end = strchr(line, '\n');
			if (end)
				*end++ = '\0';
			if (strstr(line, key) &&
			    sscanf(line, "id=%lu ", id) == 1)
				return line;
		}
		nanosleep(&tick, NULL);
	}
	return NULL;
}

FIXTURE(crash) {
	pid_t child;
	char enable[16];
	char timeout_ms[32];
};

FIXTURE_SETUP(crash)
{
	self->child = 0;
	if (access(CRASH_DIR "/enable", F_OK))
		SKIP(return, "%s: no CONFIG_UTRACE_CRASH_CATCHER or tracefs",
		     CRASH_DIR);
	if (geteuid())
		SKIP(return, "the crash catcher is configured by root");
	ASSERT_LT(0, read_file(CRASH_DIR "/enable", self->enable,
			       sizeof(self->enable)));
	ASSERT_LT(0, read_file(CRASH_DIR "/timeout_ms", self->timeout_ms,
			       sizeof(self->timeout_ms)));
	ASSERT_EQ(0, write_file(CRASH_DIR "/timeout_ms", "60000"));
	ASSERT_EQ(0, write_file(CRASH_DIR "/enable", "1"));
}

FIXTURE_TEARDOWN(crash)
{
	if (self->child > 0) {
		kill(self->child, SIGKILL);
		waitpid(self->child, NULL, 0);
	}
	if (self->timeout_ms[0])
		write_file(CRASH_DIR "/timeout_ms", self->timeout_ms);
	if (self->enable[0])
		write_file(CRASH_DIR "/enable", self->enable);
}

/* A child that sends itself SIGSEGV, with no core file to write. */
static pid_t crashing_child(void)
{
	struct rlimit no_core = { 0, 0 };
	pid_t child;

	child = fork();
	if (child)
		return child;
	setrlimit(RLIMIT_CORE, &no_core);
	kill(getpid(), SIGSEGV);
	_exit(0);
}

TEST_F(crash, held_then_killed_by_its_signal)
{
	char buf[8192], cmd[64], path[64], status[512];
	unsigned long id;
	char *line;
	int wstatus;

	self->child = crashing_child();
	ASSERT_LT(0, self->child);
	line = held_line(self->child, &id, 10000, buf, sizeof(buf));
	ASSERT_NE(NULL, line) TH_LOG("process %d not held", self->child);
	EXPECT_NE(NULL, strstr(line, " sig=11 ")) TH_LOG("held: %s", line);

	/* Held, not gone: nothing has reaped it, its /proc files read. */
	EXPECT_EQ(0, waitpid(self->child, &wstatus, WNOHANG));
	snprintf(path, sizeof(path), "/proc/%d/status", self->child);
	EXPECT_LT(0, read_file(path, status, sizeof(status)));

	snprintf(cmd, sizeof(cmd), "%lu kill\n", id);
	ASSERT_EQ(0, write_file(CRASH_DIR "/release", cmd));
	ASSERT_EQ(self->child, waitpid(self->child, &wstatus, 0));
	self->child = 0;
	ASSERT_TRUE(WIFSIGNALED(wstatus)) TH_LOG("status 0x%x", wstatus);
	EXPECT_EQ(SIGSEGV, WTERMSIG(wstatus));
	EXPECT_FALSE(WCOREDUMP(wstatus));

	/* The hold is over: its id is stale. */
	errno = 0;
	EXPECT_EQ(-1, write_file(CRASH_DIR "/release", cmd));
	EXPECT_EQ(ESRCH, errno);
}

TEST_F(crash, malformed_writes_refused)
{
	static const char * const bad_release[] = {
		"1\n", "1 maybe\n", "x core\n", "1 core now\n", "\n",
	};
	static const char * const bad_timeout[] = {
		"0\n", "600001\n", "-5\n", "ten\n",
	};
	char before[32], after[32];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_release); i++) {
		errno = 0;
		EXPECT_EQ(-1, write_file(CRASH_DIR "/release", bad_release[i]))
			TH_LOG("accepted: %s", bad_release[i]);
		EXPECT_EQ(EINVAL, errno) TH_LOG("release: %s", bad_release[i]);
	}
	ASSERT_LT(0, read_file(CRASH_DIR "/timeout_ms", before, sizeof(before)));
	for (i = 0; i < ARRAY_SIZE(bad_timeout); i++) {
		errno = 0;
		EXPECT_EQ(-1, write_file(CRASH_DIR "/timeout_ms", bad_timeout[i]))
			TH_LOG("accepted: %s", bad_timeout[i]);
		EXPECT_EQ(EINVAL, errno) TH_LOG("timeout_ms: %s", bad_timeout[i]);
		ASSERT_LT(0, read_file(CRASH_DIR "/timeout_ms", after, sizeof(after)));
		EXPECT_STREQ(before, after);
	}
}

TEST_HARNESS_MAIN
