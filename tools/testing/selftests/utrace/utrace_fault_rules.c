// SPDX-License-Identifier: GPL-2.0
/*
 * Syscall fault injection rules of the utrace global engine
 * (debugfs fail_utrace_syscall/): a rule acts on the process it names
 * and no other, a malformed rule set is refused whole, and only
 * CAP_SYS_ADMIN may write rules.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kselftest_harness.h"

#define FAULT_DIR	"/sys/kernel/debug/fail_utrace_syscall"
#define RULES		FAULT_DIR "/rules"
#define SESSION		FAULT_DIR "/session"

/* An errno no system call of the test returns by itself. */
#define RULE_ERRNO	77

/* What is left to read of the open file @fd, in @buf. */
static ssize_t read_rest(int fd, char *buf, size_t size)
{
	ssize_t n, len = 0;

	while ((size_t)len < size - 1) {
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		len += n;
	}
	buf[len] = '\0';
	return len;
}

/* The whole content of the rules file @fd, from its start, in @buf. */
static ssize_t read_all(int fd, char *buf, size_t size)
{
	if (lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	return read_rest(fd, buf, size);
}

static ssize_t read_file(const char *path, char *buf, size_t size)
{
	ssize_t len;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	len = read_rest(fd, buf, size);
	close(fd);
	return len;
}

static int write_file(const char *path, const char *text)
{
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* One write of @text to @fd: 0, or -1 with errno set. */
static int put_rules(int fd, const char *text)
{
	ssize_t n = write(fd, text, strlen(text));

	if (n < 0)
		return -1;
	return n == (ssize_t)strlen(text) ? 0 : (errno = EIO, -1);
}

/*
 * A child that waits for a byte on @go, then makes one getppid() and
 * exits with its errno (0 when the call returned the real parent, 255
 * when it returned anything else).
 */
static pid_t getppid_child(int go)
{
	pid_t parent = getpid();
	pid_t child;
	long ret;
	char c;

	child = fork();
	if (child)
		return child;
	if (read(go, &c, 1) != 1)
		_exit(254);
	errno = 0;
	ret = syscall(SYS_getppid);
	if (ret == -1)
		_exit(errno);
	_exit(ret == parent ? 0 : 255);
}

static int exit_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + status;
}

FIXTURE(rules) {
	int session;
	char verbose[32];
	char probability[32];
	char times[32];
};

FIXTURE_SETUP(rules)
{
	self->session = -1;
	if (access(SESSION, F_OK))
		SKIP(return, "%s: no CONFIG_UTRACE_FAULT_INJECTION or debugfs",
		     SESSION);
	if (geteuid())
		SKIP(return, "rules are written by root");
	/* Every call a rule picks is acted on, quietly. */
	ASSERT_LT(0, read_file(FAULT_DIR "/verbose", self->verbose,
			       sizeof(self->verbose)));
	ASSERT_LT(0, read_file(FAULT_DIR "/probability", self->probability,
			       sizeof(self->probability)));
	ASSERT_LT(0, read_file(FAULT_DIR "/times", self->times,
			       sizeof(self->times)));
	ASSERT_EQ(0, write_file(FAULT_DIR "/verbose", "0"));
	ASSERT_EQ(0, write_file(FAULT_DIR "/probability", "100"));
	ASSERT_EQ(0, write_file(FAULT_DIR "/times", "-1"));
	self->session = open(SESSION, O_RDWR);
	ASSERT_LE(0, self->session);
}

FIXTURE_TEARDOWN(rules)
{
	/* Closing the session removes its rules. */
	if (self->session >= 0)
		close(self->session);
	if (self->verbose[0])
		write_file(FAULT_DIR "/verbose", self->verbose);
	if (self->probability[0])
		write_file(FAULT_DIR "/probability", self->probability);
	if (self->times[0])
		write_file(FAULT_DIR "/times", self->times);
}

/* The named child gets exactly the rule's errno; its sibling does not. */
TEST_F(rules, errno_for_named_child_only)
{
	int go_target[2], go_other[2];
	pid_t target, other;
	char rule[128], buf[4096];

	ASSERT_EQ(0, pipe(go_target));
	ASSERT_EQ(0, pipe(go_other));
	target = getppid_child(go_target[0]);
	ASSERT_LE(0, target);
	other = getppid_child(go_other[0]);
	ASSERT_LE(0, other);

	snprintf(rule, sizeof(rule), "syscalls=getppid pid=%d error=%d\n",
		 target, RULE_ERRNO);
	ASSERT_EQ(0, put_rules(self->session, rule));
	ASSERT_LT(0, read_all(self->session, buf, sizeof(buf)));
	snprintf(rule, sizeof(rule), " pid=%d ", target);
	EXPECT_NE(NULL, strstr(buf, rule)) TH_LOG("session reads '%s'", buf);

	/* This process is not the rule's. */
	EXPECT_EQ(getppid(), syscall(SYS_getppid));

	ASSERT_EQ(1, write(go_other[1], "g", 1));
	EXPECT_EQ(0, exit_status(other));
	ASSERT_EQ(1, write(go_target[1], "g", 1));
	EXPECT_EQ(RULE_ERRNO, exit_status(target));

	ASSERT_LT(0, read_all(self->session, buf, sizeof(buf)));
	EXPECT_NE(NULL, strstr(buf, " matched=1 fired=1"))
		TH_LOG("session reads '%s'", buf);

	/* With the rules removed a new child runs the call. */
	ASSERT_EQ(0, put_rules(self->session, "\n"));
	ASSERT_EQ(0, read_all(self->session, buf, sizeof(buf)));
	target = getppid_child(go_target[0]);
	ASSERT_LE(0, target);
	ASSERT_EQ(1, write(go_target[1], "g", 1));
	EXPECT_EQ(0, exit_status(target));
}

/* A malformed rule set fails with EINVAL and leaves the rules as they were. */
TEST_F(rules, malformed_rule_refused)
{
	static const char * const bad[] = {
		"syscalls=getppid error=0\n",
		"syscalls=getppid error=4096\n",
		"syscalls=getppid error=512\n",
		"syscalls=getppid error=1 retval=2\n",
		"syscalls=getppid,no_such_call error=1\n",
		"syscalls=getppid\n",
		"error=1\n",
		"syscalls=getppid error=1 error=2\n",
		"syscalls=getppid no_such_key=1 error=1\n",
		"syscalls=getppid comm=ut error=1\nsyscalls=getpid bogus\n",
	};
	char before[4096], after[4096], rule[128];
	unsigned int i;

	snprintf(rule, sizeof(rule),
		 "syscalls=getppid pid=%d comm=nobody-has-this error=%d\n",
		 getpid(), RULE_ERRNO);
	ASSERT_EQ(0, put_rules(self->session, rule));
	ASSERT_LT(0, read_all(self->session, before, sizeof(before)));

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		errno = 0;
		EXPECT_EQ(-1, put_rules(self->session, bad[i]))
			TH_LOG("accepted: %s", bad[i]);
		EXPECT_EQ(EINVAL, errno) TH_LOG("rule: %s", bad[i]);
		ASSERT_LT(0, read_all(self->session, after, sizeof(after)));
		EXPECT_STREQ(before, after) TH_LOG("after: %s", bad[i]);
	}
}

/* Only CAP_SYS_ADMIN writes rules, even through a file root opened. */
TEST_F(rules, unprivileged_writer_refused)
{
	char before[4096], after[4096];
	pid_t child;
	int fd;

	fd = open(RULES, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_LE(0, read_all(fd, before, sizeof(before)));

	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		static const char rule[] = "syscalls=getppid error=1\n";
		int fd2;

		if (setgid(65534) || setuid(65534))
			_exit(10);
		fd2 = open(RULES, O_WRONLY);
		if (fd2 >= 0)
			_exit(11);
		fd2 = open(SESSION, O_RDWR);
		if (fd2 >= 0)
			_exit(12);
		if (write(fd, rule, strlen(rule)) >= 0)
			_exit(13);
		if (errno != EPERM)
			_exit(14);
		_exit(0);
	}
	EXPECT_EQ(0, exit_status(child));
	ASSERT_LE(0, read_all(fd, after, sizeof(after)));
	EXPECT_STREQ(before, after);
	close(fd);
}

TEST_HARNESS_MAIN
