// SPDX-License-Identifier: GPL-2.0
/*
 * collect.c - gather what a report says about one held task: its stack
 * (a frame-pointer walk through /proc/PID/mem), executable, command line,
 * threads and open files.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crash.h"
#include "signames.h"
#include "util.h"

static int read_pair(int fd, uint64_t addr, uint64_t v[2])
{
	if (addr > (uint64_t)INT64_MAX - 16)
		return -1;
	return pread(fd, v, 16, (off_t)addr) == 16 ? 0 : -1;
}

/*
 * pcs[0] = rip; then, from rbp, the return address at [rbp + 8] and the
 * next rbp at [rbp], until rbp is 0 or misaligned, the chain stops
 * increasing, memory is unreadable, or max frames.  memfd: an open
 * /proc/PID/mem, or -1 (frame 0 only).  Returns the frame count.
 */
static int unwind_fp(int memfd, uint64_t rip, uint64_t rbp, uint64_t *pcs,
		     int max)
{
	uint64_t v[2];
	int n = 0;

	if (max <= 0)
		return 0;
	pcs[n++] = rip;
	while (n < max && memfd >= 0 && rbp && !(rbp & 7)) {
		if (read_pair(memfd, rbp, v) || !v[1])
			break;
		pcs[n++] = v[1];
		if (v[0] <= rbp)
			break;
		rbp = v[0];
	}
	return n;
}

/* What /proc/PID (dir) says: NULL when unknown. */
static char *proc_exe(const char *dir)
{
	char *path = xasprintf("%s/exe", dir), *s;

	s = xreadlink(path);
	free(path);
	return s;
}

/* The arguments joined by ' '. */
static char *proc_cmdline(const char *dir)
{
	char *path = xasprintf("%s/cmdline", dir), *s;
	size_t len, i;

	s = read_whole(path, &len);
	free(path);
	if (!s)
		return xstrdup("");
	while (len && s[len - 1] == '\0')
		len--;
	for (i = 0; i < len; i++)
		if (s[i] == '\0')
			s[i] = ' ';
	s[len] = '\0';
	return s;
}

/* Numeric entries of a directory, sorted; the count, or 0. */
static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int list_numeric(const char *path, int **out)
{
	struct dirent *de;
	int n = 0, cap = 0;
	int *v = NULL;
	char *end;
	long num;
	DIR *d;

	*out = NULL;
	d = opendir(path);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		num = strtol(de->d_name, &end, 10);
		if (*end || end == de->d_name || num < 0 || num > 0x7fffffff)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[n++] = num;
	}
	closedir(d);
	qsort(v, n, sizeof(*v), cmp_int);
	*out = v;
	return n;
}

static char *first_line(char *s)
{
	s[strcspn(s, "\n")] = '\0';
	return s;
}

/* A comm file: the name (any byte but NUL, newlines too) and "\n". */
static char *chomp(char *s)
{
	size_t len = strlen(s);

	if (len && s[len - 1] == '\n')
		s[len - 1] = '\0';
	return s;
}

/* "State:\tS (sleeping)" in a status file. */
static char *status_state(const char *path)
{
	char *s = read_whole(path, NULL), *p, *res;

	if (!s)
		return xstrdup("?");
	p = strstr(s, "\nState:");
	if (!p) {
		free(s);
		return xstrdup("?");
	}
	p += strlen("\nState:");
	p += strspn(p, " \t");
	res = xstrdup(first_line(p));
	free(s);
	return res;
}

static int proc_threads(const char *dir, struct thread **out)
{
	char *path = xasprintf("%s/task", dir), *s;
	struct thread *t;
	int *tids, n, i;

	n = list_numeric(path, &tids);
	free(path);
	t = xmalloc(n * sizeof(*t));
	for (i = 0; i < n; i++) {
		t[i].tid = tids[i];
		path = xasprintf("%s/task/%d/comm", dir, tids[i]);
		s = read_whole(path, NULL);
		free(path);
		t[i].comm = s ? chomp(s) : xstrdup("?");
		path = xasprintf("%s/task/%d/status", dir, tids[i]);
		t[i].state = status_state(path);
		free(path);
	}
	free(tids);
	*out = t;
	return n;
}

static int proc_fds(const char *dir, struct fdent **out)
{
	char *path = xasprintf("%s/fd", dir);
	struct fdent *f;
	int *fds, n, i;

	n = list_numeric(path, &fds);
	free(path);
	f = xmalloc(n * sizeof(*f));
	for (i = 0; i < n; i++) {
		f[i].fd = fds[i];
		path = xasprintf("%s/fd/%d", dir, fds[i]);
		f[i].target = xreadlink(path);
		if (!f[i].target)
			f[i].target = xstrdup("?");
		free(path);
	}
	free(fds);
	*out = f;
	return n;
}

static void threads_free(struct thread *t, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(t[i].comm);
		free(t[i].state);
	}
	free(t);
}

static void fds_free(struct fdent *f, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(f[i].target);
	free(f);
}

static void now_iso(char *buf, size_t size)
{
	struct tm tm;
	time_t now = time(NULL);

	gmtime_r(&now, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void collect_backtrace(struct crash *c, const char *dir)
{
	uint64_t pcs[MAX_FRAMES];
	char *path = xasprintf("%s/mem", dir), *root;
	int fd, i;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	c->nframes = unwind_fp(fd, c->t.regs[HR_RIP], c->t.regs[HR_RBP],
			       pcs, MAX_FRAMES);
	if (fd >= 0)
		close(fd);
	root = xasprintf("%s/root", dir);
	for (i = 0; i < c->nframes; i++) {
		c->frames[i].addr = pcs[i];
		symbolize(&c->frames[i], &c->maps, i > 0, root);
	}
	free(root);
}

void crash_collect(struct crash *c, const struct held_task *t,
		   const char *proc, const char *action)
{
	/* Process-wide things from the thread group; mem is the same mm. */
	char *dir = xasprintf("%s/%d", proc, t->tgid > 0 ? t->tgid : t->pid);
	char num[16], *path;

	memset(c, 0, sizeof(*c));
	c->t = *t;
	c->action = action;
	now_iso(c->time, sizeof(c->time));
	sig_name(t->sig, c->sig_name, sizeof(c->sig_name));
	snprintf(c->code_name, sizeof(c->code_name), "%s",
		 sig_code_name(t->sig, t->code, num, sizeof(num)));
	c->exe = proc_exe(dir);
	c->cmdline = proc_cmdline(dir);
	path = xasprintf("%s/maps", dir);
	maps_read(&c->maps, path);
	free(path);
	collect_backtrace(c, dir);
	c->nthreads = proc_threads(dir, &c->threads);
	c->nfds = proc_fds(dir, &c->fds);
	free(dir);
}

void crash_free(struct crash *c)
{
	int i;

	free(c->exe);
	free(c->cmdline);
	maps_free(&c->maps);
	for (i = 0; i < c->nframes; i++)
		frame_free(&c->frames[i]);
	threads_free(c->threads, c->nthreads);
	fds_free(c->fds, c->nfds);
	memset(c, 0, sizeof(*c));
}

