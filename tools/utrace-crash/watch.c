// SPDX-License-Identifier: GPL-2.0
/* watch.c - poll the held file and handle each newly held task. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crash.h"
#include "report.h"
#include "util.h"
#include "watch.h"

#define POLL_NS (100 * 1000 * 1000L)

/* 64-bit keys seen in the current pass over the held file. */
struct idset {
	uint64_t *id;
	char *live;
	int n;
	int cap;
};

/* Mark id as listed in this pass; 1 if it was known, else add it, 0. */
static int idset_mark(struct idset *s, uint64_t id)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (s->id[i] == id) {
			s->live[i] = 1;
			return 1;
		}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->id = xrealloc(s->id, s->cap * sizeof(*s->id));
		s->live = xrealloc(s->live, s->cap);
	}
	s->id[s->n] = id;
	s->live[s->n++] = 1;
	return 0;
}

/* Forget ids not marked since the last sweep (keeps the set small). */
static void idset_sweep(struct idset *s)
{
	int i, j = 0;

	for (i = 0; i < s->n; i++) {
		if (!s->live[i])
			continue;
		s->id[j] = s->id[i];
		s->live[j++] = 0;
	}
	s->n = j;
}

static void idset_free(struct idset *s)
{
	free(s->id);
	free(s->live);
	s->id = NULL;
	s->live = NULL;
	s->n = s->cap = 0;
}

struct seen {
	struct idset holds;	/* hold ids handled, still listed */
	struct idset bad;	/* hashes of rejected lines, still listed */
};

static int handle(const struct crashdir *k, const struct watch_opts *o,
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
	err = crashdir_release(k, t->id, o->action);
	if (err == -ESRCH) {
		/* Timed out, or released by someone else: nothing to do. */
		fprintf(stderr, "%s: hold %" PRIu64 " (pid %d): already gone\n",
			prog, t->id, t->pid);
	} else if (err) {
		fprintf(stderr, "%s: %s: \"%" PRIu64 " %s\": %s\n", prog,
			k->release, t->id, o->action, strerror(-err));
		ret = -1;
	}
	crash_free(&c);
	return ret;
}

/* FNV-1a, to recognise a rejected line in later passes. */
static uint64_t hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (len--)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

/* Warn once about a line that is never acted on (the kernel times it out). */
static void reject(const struct crashdir *k, struct seen *seen,
		   const char *line, size_t len, const char *why)
{
	char *copy, *shown;

	if (idset_mark(&seen->bad, hash(line, len)))
		return;
	/* Escaped: the line may hold anything (up to a NUL byte). */
	copy = strndup(line, len);
	shown = text_escape(copy ? copy : "?", 0);
	fprintf(stderr, "%s: %s: ignoring line (%s): %s%s\n", prog, k->held,
		why, shown, copy && strlen(copy) < len ? "..." : "");
	free(shown);
	free(copy);
}

/* One pass over held.  Returns tasks handled, or -1 if held is unreadable. */
static int poll_held(const struct crashdir *k, const struct watch_opts *o,
		     struct seen *seen, int *failed)
{
	char *buf, *line, *nl, *end;
	struct held_task t;
	const char *why;
	int handled = 0;
	size_t len;

	buf = crashdir_read_held(k, &len);
	if (!buf)
		return -1;
	end = buf + len;
	for (line = buf; line < end; line = nl + 1) {
		nl = memchr(line, '\n', end - line);
		if (!nl)
			nl = end;
		if (nl == line)
			continue;
		why = held_parse(line, nl - line, &t);
		if (why) {
			reject(k, seen, line, nl - line, why);
		} else if (!idset_mark(&seen->holds, t.id)) {
			if (handle(k, o, &t))
				*failed = 1;
			handled++;
			if (o->once)
				break;
		}
	}
	free(buf);
	idset_sweep(&seen->holds);
	idset_sweep(&seen->bad);
	return handled;
}

int watch(const struct crashdir *k, const struct watch_opts *o,
	  volatile sig_atomic_t *stop)
{
	struct timespec ts = { 0, POLL_NS };
	struct seen seen = { 0 };
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
	idset_free(&seen.holds);
	idset_free(&seen.bad);
	return ret;
}
