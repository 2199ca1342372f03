// SPDX-License-Identifier: GPL-2.0
/* hostpid.c - host-qualified pids; see hostpid.h. */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "hostpid.h"

static char **names;
static int nhosts;

bool ut_hosts_set(int n, char *const *v)
{
	int i;

	if (n > UT_MAX_HOSTS)
		return false;
	names = calloc(n ? n : 1, sizeof(*names));
	if (!names)
		return false;
	for (i = 0; i < n; i++) {
		names[i] = strdup(v[i]);
		if (!names[i])
			return false;
	}
	nhosts = n;
	return true;
}

const char *ut_pid_host(int pid)
{
	int h = pid > 0 ? pid >> UT_HOST_SHIFT : 0;

	return nhosts && h < nhosts ? names[h] : NULL;
}

void ut_pid_text(struct sbuf *sb, int pid)
{
	const char *host = ut_pid_host(pid);

	if (host) {
		sb_text_str(sb, host);
		sb_putc(sb, '/');
	}
	sb_printf(sb, "%d", ut_pid_local(pid));
}

void ut_pid_json_host(struct sbuf *sb, int pid)
{
	const char *host = ut_pid_host(pid);

	if (!host)
		return;
	sb_puts(sb, ",\"host.name\":");
	sb_json_str(sb, host);
}

static void qualify(int *pid, int host)
{
	if (*pid > 0)
		*pid += host << UT_HOST_SHIFT;
}

static void localize(int *pid)
{
	*pid = ut_pid_local(*pid);
}

/* Each pid field of ev's kind, through fn. */
static void each_pid(struct ut_event *ev, void (*fn)(int *pid, int host),
		     int host)
{
	switch (ev->kind) {
	case UT_CLONE:
		fn(&ev->clone.parent_pid, host);
		fn(&ev->clone.child_pid, host);
		fn(&ev->clone.child_tgid, host);
		break;
	case UT_VFORK_DONE:
		fn(&ev->vfork_done.child_pid, host);
		break;
	case UT_EXEC:
		fn(&ev->exec.old_pid, host);
		fn(&ev->exec.new_pid, host);
		fn(&ev->exec.ppid, host);
		break;
	case UT_EXIT:
		fn(&ev->exit.cause_pid, host);
		fn(&ev->exit.ppid, host);
		fn(&ev->exit.sender_pid, host);
		break;
	case UT_DEATH:
		fn(&ev->death.cause_pid, host);
		fn(&ev->death.sender_pid, host);
		break;
	case UT_TASK:
		fn(&ev->task.tgid, host);
		fn(&ev->task.ppid, host);
		break;
	case UT_REAP:
		fn(&ev->reap.pid, host);
		fn(&ev->reap.tgid, host);
		fn(&ev->reap.reaper_pid, host);
		break;
	case UT_SIGNAL:
		fn(&ev->signal.ctx_pid, host);
		fn(&ev->signal.sender_pid, host);
		break;
	case UT_X_SIGGEN:
		fn(&ev->siggen.target, host);
		break;
	case UT_X_NEWTASK:
		fn(&ev->newtask.child, host);
		break;
	case UT_X_RENAME:
		fn(&ev->rename.pid, host);
		break;
	case UT_X_FREE:
		fn(&ev->free.pid, host);
		break;
	default:
		break;
	}
}

void ut_event_qualify(struct ut_event *ev, int host)
{
	if (!host)
		return;
	/* A loss has no task: its "pid" names the host alone. */
	if (ev->kind == UT_LOST && !ev->pid)
		ev->pid = host << UT_HOST_SHIFT;
	else
		qualify(&ev->pid, host);
	each_pid(ev, qualify, host);
}

static void localize_fn(int *pid, int host)
{
	(void)host;
	localize(pid);
}

const struct ut_event *ut_event_local(const struct ut_event *ev,
				      struct ut_event *tmp)
{
	if (!nhosts)
		return ev;
	*tmp = *ev;
	localize(&tmp->pid);
	each_pid(tmp, localize_fn, 0);
	return tmp;
}
