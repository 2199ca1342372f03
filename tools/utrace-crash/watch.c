// SPDX-License-Identifier: GPL-2.0
/* watch.c - poll the held file and handle each newly held task. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crash.h"
#include "report.h"
#include "util.h"
#include "watch.h"

#define POLL_NS (100 * 1000 * 1000L)

/* Pids already handled and still listed in held. */
struct pidset {
	int *pid;
	char *live;
	int n;
	int cap;
};

static int pidset_mark(struct pidset *s, int pid)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (s->pid[i] == pid) {
			s->live[i] = 1;
			return 1;
		}
	return 0;
}

static void pidset_add(struct pidset *s, int pid)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->pid = xrealloc(s->pid, s->cap * sizeof(*s->pid));
		s->live = xrealloc(s->live, s->cap);
	}
	s->pid[s->n] = pid;
	s->live[s->n++] = 1;
}

/* Forget pids no longer held (so a reused pid is handled again). */
static void pidset_sweep(struct pidset *s)
{
	int i, j = 0;

	for (i = 0; i < s->n; i++) {
		if (!s->live[i])
			continue;
		s->pid[j] = s->pid[i];
		s->live[j++] = 0;
	}
	s->n = j;
}

static int handle(const struct kif *k, const struct watch_opts *o,
		  const struct held_task *t)
{
	struct crash c;
	int ret = 0, err;

	crash_collect(&c, t, o->proc, o->action);
	if (report_write(&c, o->out))
		ret = -1;
	if (o->json)
		report_json_line(stdout, &c);
	else
		report_summary(stdout, &c);
	fflush(stdout);
	err = kif_release(k, t->pid, o->action);
	if (err == -ESRCH) {
		fprintf(stderr, "%s: pid %d: no longer held (timed out?)\n",
			prog, t->pid);
	} else if (err) {
		fprintf(stderr, "%s: %s: \"%d %s\": %s\n", prog, k->release,
			t->pid, o->action, strerror(-err));
		ret = -1;
	}
	crash_free(&c);
	return ret;
}

/* One pass over held.  Returns tasks handled, or -1 if held is unreadable. */
static int poll_held(const struct kif *k, const struct watch_opts *o,
		     struct pidset *seen, int *failed)
{
	static int warned;
	char *buf, *line, *nl;
	struct held_task t;
	int handled = 0;

	buf = kif_read_held(k);
	if (!buf)
		return -1;
	for (line = buf; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (*line && held_parse(line, &t)) {
			if (!warned++)
				fprintf(stderr, "%s: %s: malformed line: %s\n",
					prog, k->held, line);
		} else if (*line && !pidset_mark(seen, t.pid)) {
			pidset_add(seen, t.pid);
			if (handle(k, o, &t))
				*failed = 1;
			handled++;
			if (o->once)
				break;
		}
		if (!nl)
			break;
	}
	free(buf);
	pidset_sweep(seen);
	return handled;
}

int watch(const struct kif *k, const struct watch_opts *o,
	  volatile sig_atomic_t *stop)
{
	struct timespec ts = { 0, POLL_NS };
	struct pidset seen = { 0 };
	int n, failed = 0, ret = 0;

	while (!*stop) {
		n = poll_held(k, o, &seen, &failed);
		if (n < 0) {
			ret = 1;
			break;
		}
		if (o->once && n) {
			ret = failed;
			break;
		}
		if (!*stop)
			nanosleep(&ts, NULL);
	}
	free(seen.pid);
	free(seen.live);
	return ret;
}
