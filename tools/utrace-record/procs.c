// SPDX-License-Identifier: GPL-2.0
/* procs.c - pid table: names, compat exit state, summary data. */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "procs.h"

void ut_procs_init(struct ut_procs *p, bool use_proc_fs)
{
	memset(p, 0, sizeof(*p));
	p->use_proc_fs = use_proc_fs;
}

void ut_procs_free(struct ut_procs *p)
{
	size_t i;

	for (i = 0; i < p->cap; i++)
		free(p->tab[i].exec_file);
	free(p->tab);
	memset(p, 0, sizeof(*p));
}

static size_t slot_of(int pid, size_t cap)
{
	return ((unsigned int)pid * 2654435761u) & (cap - 1);
}

struct ut_proc *ut_procs_find(struct ut_procs *p, int pid)
{
	size_t i;

	if (!p->cap || pid <= 0)
		return NULL;
	for (i = slot_of(pid, p->cap); p->tab[i].pid; i = (i + 1) & (p->cap - 1))
		if (p->tab[i].pid == pid)
			return &p->tab[i];
	return NULL;
}

static void grow(struct ut_procs *p)
{
	struct ut_proc *old = p->tab;
	size_t oldcap = p->cap, i, j;

	p->cap = oldcap ? oldcap * 2 : 256;
	p->tab = calloc(p->cap, sizeof(*p->tab));
	if (!p->tab) {
		fputs("utrace-record: out of memory\n", stderr);
		abort();
	}
	for (i = 0; i < oldcap; i++) {
		if (!old[i].pid)
			continue;
		for (j = slot_of(old[i].pid, p->cap); p->tab[j].pid;
		     j = (j + 1) & (p->cap - 1))
			;
		p->tab[j] = old[i];
	}
	free(old);
}

struct ut_proc *ut_procs_get(struct ut_procs *p, int pid)
{
	struct ut_proc *e;
	size_t i;

	if (pid <= 0)
		return NULL;
	e = ut_procs_find(p, pid);
	if (e)
		return e;
	if ((p->count + 1) * 2 > p->cap)
		grow(p);
	for (i = slot_of(pid, p->cap); p->tab[i].pid; i = (i + 1) & (p->cap - 1))
		;
	e = &p->tab[i];
	e->pid = pid;
	p->count++;
	return e;
}

static void copy_comm(char *dst, const char *src)
{
	size_t n = strnlen(src, UT_COMM_LEN - 1);

	memmove(dst, src, n);
	dst[n] = '\0';
}

static bool read_proc_comm(int pid, char *buf)
{
	char path[64];
	FILE *f;
	bool ok = false;

	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (fgets(buf, UT_COMM_LEN, f)) {
		buf[strcspn(buf, "\n")] = '\0';
		ok = buf[0] != '\0';
	}
	fclose(f);
	return ok;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

void ut_procs_seed(struct ut_procs *p)
{
	struct dirent *d, *t;
	DIR *proc, *task;
	char path[64], buf[UT_COMM_LEN];
	int tid;

	proc = opendir("/proc");
	if (!proc)
		return;
	while ((d = readdir(proc))) {
		if (!all_digits(d->d_name))
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task", atoi(d->d_name));
		task = opendir(path);
		if (!task)
			continue;
		while ((t = readdir(task))) {
			if (!all_digits(t->d_name))
				continue;
			tid = atoi(t->d_name);
			if (read_proc_comm(tid, buf))
				ut_procs_set_comm(p, tid, buf);
		}
		closedir(task);
	}
	closedir(proc);
}

const char *ut_procs_comm(struct ut_procs *p, int pid)
{
	struct ut_proc *e;
	char buf[UT_COMM_LEN];

	if (pid == 0)
		return "<idle>";
	e = ut_procs_find(p, pid);
	if (e && e->comm[0])
		return e->comm;
	e = ut_procs_get(p, pid);
	if (!e)
		return "<...>";
	if (p->use_proc_fs && read_proc_comm(pid, buf))
		copy_comm(e->comm, buf);
	else
		copy_comm(e->comm, "<...>");
	return e->comm;
}

void ut_procs_set_comm(struct ut_procs *p, int pid, const char *comm)
{
	struct ut_proc *e = ut_procs_get(p, pid);

	if (e)
		copy_comm(e->comm, comm);
}

void ut_procs_clone(struct ut_procs *p, int parent, int child,
		    const char *child_comm)
{
	char name[UT_COMM_LEN];
	struct ut_proc *e;

	if (child_comm && child_comm[0])
		copy_comm(name, child_comm);
	else
		copy_comm(name, ut_procs_comm(p, parent));
	e = ut_procs_get(p, child);
	if (!e)
		return;
	/* A new task on a reused pid: forget the previous one. */
	free(e->exec_file);
	memset(e, 0, sizeof(*e));
	e->pid = child;
	copy_comm(e->comm, name);
}

void ut_procs_exec(struct ut_procs *p, int pid, const char *filename)
{
	const char *base;

	if (!filename || !filename[0])
		return;
	base = strrchr(filename, '/');
	base = base ? base + 1 : filename;
	if (!base[0])
		return;
	ut_procs_set_comm(p, pid, base);
}

/*
 * Compat: signal_generate runs in the sender (its pid is the sender, or
 * the kernel for si_code > 0); remember it for the target's delivery.
 */
static void siggen(struct ut_procs *p, const struct ut_event *ev)
{
	struct ut_proc *t = ut_procs_get(p, ev->siggen.target);
	int sig = ev->siggen.signo, disp;

	if (!t || sig <= 0 || sig > 64)
		return;
	t->gen_sender[sig] = 1 + (ev->siggen.si_code > 0 ? 0 : ev->pid);
	disp = ut_default_disp(sig);
	if (sig != SIGKILL &&
	    (disp == UT_DISP_TERMINATE || disp == UT_DISP_CORE))
		t->gen_fatal = sig;
}

/*
 * Compat: fill the sender of a delivery, and undo the kernel's rewrite
 * of a fatal signal into SIGKILL (a default-action fatal signal makes
 * the whole group exit and is delivered to each thread as SIGKILL).
 */
static void sigdeliver(struct ut_procs *p, struct ut_event *ev)
{
	struct ut_proc *t = ut_procs_find(p, ev->pid);
	int sig = ev->signal.signo;

	if (!t || sig <= 0 || sig > 64)
		return;
	if (sig == SIGKILL && !t->gen_sender[SIGKILL] && t->gen_fatal &&
	    t->gen_sender[t->gen_fatal]) {
		sig = t->gen_fatal;
		ev->signal.signo = sig;
		ev->signal.disposition = ut_default_disp(sig);
	}
	if (t->gen_sender[sig])
		ev->signal.sender_pid = t->gen_sender[sig] - 1;
	t->gen_sender[sig] = 0;
	if (t->gen_fatal == sig)
		t->gen_fatal = 0;
}

void ut_procs_apply(struct ut_procs *p, struct ut_event *ev)
{
	struct ut_proc *e, *c;

	if (ev->kind == UT_LOST)
		return;
	if (ev->kind == UT_X_EXITCALL) {
		e = ut_procs_get(p, ev->pid);
		if (e) {
			e->pending_known = true;
			e->pending_code = ev->exitcall.code;
		}
		return;
	}
	if (ev->kind == UT_X_SIGGEN) {
		siggen(p, ev);
		return;
	}
	if (ev->kind == UT_SIGNAL && ev->signal.disp_inferred)
		sigdeliver(p, ev);
	if (ev->kind == UT_EXEC) {
		ut_procs_exec(p, ev->pid, ev->exec.filename);
		if (ev->exec.old_pid != ev->pid && ev->exec.old_pid > 0)
			ut_procs_exec(p, ev->exec.old_pid, ev->exec.filename);
	}
	copy_comm(ev->comm, ut_procs_comm(p, ev->pid));
	e = ut_procs_get(p, ev->pid);

	switch (ev->kind) {
	case UT_CLONE:
		ut_procs_clone(p, ev->pid, ev->clone.child_pid,
			       ev->clone.child_comm[0] ? ev->clone.child_comm :
			       ev->comm);
		c = ut_procs_find(p, ev->clone.child_pid);
		if (c) {
			c->start_known = true;
			c->start_ts = ev->ts;
		}
		e = ut_procs_find(p, ev->pid);	/* table may have grown */
		if (e)
			e->children++;
		break;
	case UT_EXEC:
		if (e) {
			free(e->exec_file);
			e->exec_file = ev->exec.filename ?
				       strdup(ev->exec.filename) : NULL;
		}
		break;
	case UT_SIGNAL:
		if (e && (ev->signal.disposition == UT_DISP_TERMINATE ||
			  ev->signal.disposition == UT_DISP_CORE) &&
		    ev->signal.disp_inferred) {
			/*
			 * Compat: a fatal delivery decides the exit code.
			 * Whether a core was written is not known.
			 */
			e->pending_known = true;
			e->pending_code = ev->signal.signo & 0x7f;
		}
		break;
	case UT_EXIT:
		if (e && !ev->exit.code_known && e->pending_known) {
			ev->exit.code_known = true;
			ev->exit.code = e->pending_code;
		}
		if (e) {
			e->exited = true;
			e->exit_ts = ev->ts;
			e->exit_known = ev->exit.code_known;
			e->exit_code = ev->exit.code;
			e->pending_known = false;
		}
		break;
	default:
		break;
	}
}
