// SPDX-License-Identifier: GPL-2.0
/* procinfo.c - what /proc says about a process: exe, threads, files. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "procinfo.h"
#include "util.h"

char *proc_exe(const char *dir)
{
	char *path = xasprintf("%s/exe", dir), *s;

	s = xreadlink(path);
	free(path);
	return s;
}

char *proc_cmdline(const char *dir)
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

int proc_threads(const char *dir, struct thread **out)
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

int proc_fds(const char *dir, struct fdent **out)
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

void threads_free(struct thread *t, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(t[i].comm);
		free(t[i].state);
	}
	free(t);
}

void fds_free(struct fdent *f, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(f[i].target);
	free(f);
}
