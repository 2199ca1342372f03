// SPDX-License-Identifier: GPL-2.0
/* collect.c - gather what a report says about one held task. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crash.h"
#include "signames.h"
#include "util.h"

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

