// SPDX-License-Identifier: GPL-2.0
/* procs.c - pid table: names, compat exit state, summary data. */
#define _GNU_SOURCE
#include <dirent.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "argv.h"
#include "cgroupid.h"
#include "names.h"
#include "procs.h"

/* What an entry owns. */
static void free_owned(struct ut_proc *e)
{
	free(e->exec_file);
	free(e->cgroup);
	free(e->container);
}

void ut_procs_init(struct ut_procs *p, bool use_proc_fs)
{
	memset(p, 0, sizeof(*p));
	p->use_proc_fs = use_proc_fs;
}

void ut_procs_free(struct ut_procs *p)
{
	size_t i;

	for (i = 0; i < p->cap; i++)
		free_owned(&p->tab[i]);
	for (i = 0; i < p->nold; i++)
		free_owned(&p->old[i]);
	free(p->old);
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

/* Remove entry i, moving up the ones after it that probed past it. */
static void del_slot(struct ut_procs *p, size_t i)
{
	size_t mask = p->cap - 1, j = i, k;

	free_owned(&p->tab[i]);
	for (;;) {
		j = (j + 1) & mask;
		if (!p->tab[j].pid)
			break;
		k = slot_of(p->tab[j].pid, p->cap);
		/* j may move to i unless its home slot k is in (i, j]. */
		if (i <= j ? (k <= i || k > j) : (k <= i && k > j)) {
			p->tab[i] = p->tab[j];
			i = j;
		}
	}
	memset(&p->tab[i], 0, sizeof(p->tab[i]));
	p->count--;
}

/*
 * A task that exited is freed (compat) or reaped (native): its last
 * event.  Its entry goes with the next event (this one still uses it),
 * unless the tables keep it.
 */
static void gone(struct ut_procs *p, struct ut_proc *e)
{
	if (p->keep_old || !e->exited || e->old_unfreed)
		return;
	p->gone_pid = e->pid;
	p->gone_gen = e->gen;
}

/* The entry of the task freed by the previous event, if still its. */
static void drop_gone(struct ut_procs *p)
{
	struct ut_proc *e = ut_procs_find(p, p->gone_pid);

	if (e && e->gen == p->gone_gen)
		del_slot(p, e - p->tab);
	p->gone_pid = 0;
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
	e->gen = ++p->next_gen;
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

bool ut_all_digits(const char *s)
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
	struct ut_proc *e;
	DIR *proc, *task;
	char path[64], buf[UT_COMM_LEN];
	int tid;

	proc = opendir("/proc");
	if (!proc)
		return;
	while ((d = readdir(proc))) {
		if (!ut_all_digits(d->d_name))
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task", atoi(d->d_name));
		task = opendir(path);
		if (!task)
			continue;
		while ((t = readdir(task))) {
			if (!ut_all_digits(t->d_name))
				continue;
			tid = atoi(t->d_name);
			if (read_proc_comm(tid, buf))
				ut_procs_set_comm(p, tid, buf);
			e = ut_procs_get(p, tid);
			if (e)
				e->tgid = atoi(d->d_name);
			/* The envelope's identity: its start, while it runs. */
			if (e && tid == e->tgid &&
			    ut_proc_stat(tid, &e->parent_tgid, &e->start_ticks))
				e->ticks_known = true;
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

static void keep_old(struct ut_procs *p, struct ut_proc *e)
{
	if (p->nold == p->capold) {
		size_t cap = p->capold ? p->capold * 2 : 16;
		struct ut_proc *v = realloc(p->old, cap * sizeof(*v));

		if (!v) {
			fputs("utrace-record: out of memory\n", stderr);
			abort();
		}
		p->old = v;
		p->capold = cap;
	}
	p->old[p->nold++] = *e;
	/* The kept copy owns them now. */
	e->exec_file = NULL;
	e->cgroup = NULL;
	e->container = NULL;
}

/*
 * A new task on a pid the table knows: the old one is kept for the
 * tables (keep_old), and counted until its free is seen (the kernel
 * frees a task an RCU grace period after its reap, often after the pid
 * was given out again).
 */
static void reuse(struct ut_procs *p, struct ut_proc *e)
{
	int unfreed = e->old_unfreed;
	char old_comm[UT_COMM_LEN];

	copy_comm(old_comm, e->old_comm);
	if (e->active && !e->freed) {
		unfreed++;
		copy_comm(old_comm, e->comm);
	}
	if (p->keep_old && e->seen)
		keep_old(p, e);
	free_owned(e);
	memset(e, 0, sizeof(*e));
	e->old_unfreed = unfreed;
	copy_comm(e->old_comm, old_comm);
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
	reuse(p, e);
	/* The old task's free is still to come: it drops the pid. */
	e->at_risk = e->old_unfreed > 0;
	e->pid = child;
	e->gen = ++p->next_gen;
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

void ut_procs_set_root(struct ut_procs *p, int pid, bool follow)
{
	struct ut_proc *e = ut_procs_get(p, pid);

	p->tree_only = true;
	p->follow = follow;
	if (e)
		e->in_tree = true;
}

/* The entry of t's thread-group leader (t's own when unknown). */
static struct ut_proc *leader_of(struct ut_procs *p, struct ut_proc *t)
{
	struct ut_proc *l;

	if (!t || t->tgid <= 0 || t->tgid == t->pid)
		return t;
	l = ut_procs_find(p, t->tgid);
	return l ? l : t;
}

/*
 * Compat: signal_generate runs in the sender (its pid is the sender, or
 * the kernel for si_code > 0; for SIGCHLD, as in si_pid, the child);
 * remember it for the target's delivery.  A signal the target ignores
 * is never delivered: the generation becomes its signal line.  With
 * tree_only, generations for tasks outside the tree are dropped.
 */
static void siggen(struct ut_procs *p, struct ut_event *ev)
{
	struct ut_proc *t = ut_procs_find(p, ev->siggen.target), *l;
	int sig = ev->siggen.signo, disp, from;

	if (p->tree_only && (!t || !t->in_tree))
		return;
	t = ut_procs_get(p, ev->siggen.target);
	if (!t || sig <= 0 || sig > 64)
		return;
	t->gen_ts = ev->ts;
	t->gen_signo = sig;
	t->gen_ctx = ev->pid;
	t->gen_from_sig = ev->from_sig;
	from = ev->siggen.si_code > 0 && sig != SIGCHLD ? 0 : ev->pid;
	if (ev->siggen.result == 1) {
		int target = ev->siggen.target, ctx = ev->pid;
		int code = ev->siggen.si_code;

		memset(&ev->signal, 0, sizeof(ev->signal));
		ev->kind = UT_SIGNAL;
		ev->pid = target;
		ev->signal.ctx_pid = ctx;
		ev->signal.signo = sig;
		ev->signal.si_code = code;
		ev->signal.sender_pid = from;
		ev->signal.disposition = UT_DISP_IGNORE;
		ev->signal.disp_inferred = true;
		ev->signal.engine_disposition = UT_UNKNOWN;
		return;
	}
	l = ev->siggen.group ? leader_of(p, t) : t;
	l->gen_sender[sig] = 1 + from;
	disp = ut_default_disp(sig);
	/*
	 * A fatal signal (default action) makes the whole group exit at
	 * once: each thread then "receives" SIGKILL.  Keep it on the
	 * leader, whichever thread was named.
	 */
	if (disp == UT_DISP_TERMINATE || disp == UT_DISP_CORE) {
		l = leader_of(p, t);
		l->gen_fatal = sig;
		l->gen_fatal_sender = 1 + from;
	}
}

/*
 * Compat: a SIGKILL delivered without a generation of SIGKILL is the
 * kernel's group-exit kill (another thread's exit_group or execve, or
 * a fatal signal to the group), not a signal anybody sent.  The first
 * thread to get it shows the real fatal signal when one was recorded;
 * every other such delivery is dropped, and the thread's exit gets the
 * cause, or "unknown" -- never an invented SIGKILL.
 */
static void groupkill(struct ut_procs *p, struct ut_proc *t,
		      struct ut_event *ev)
{
	struct ut_proc *l = leader_of(p, t);
	int sig = 0, sender = 0;

	/*
	 * A thread got a fatal signal (a fault, abort(), a core signal):
	 * its line is out, the group dies of it.
	 */
	if (l->grp_sig) {
		sig = l->grp_sig;
	} else if (t->gen_sender[SIGKILL]) {
		sig = SIGKILL;
		sender = t->gen_sender[SIGKILL];
		t->gen_sender[SIGKILL] = 0;
	} else if (l->gen_sender[SIGKILL]) {
		sig = SIGKILL;
		sender = l->gen_sender[SIGKILL];
	} else if (l->gen_fatal) {
		sig = l->gen_fatal;
		sender = l->gen_fatal_sender;
	}
	if (sig && !l->grp_kill_shown) {
		l->grp_kill_shown = true;
		ev->signal.signo = sig;
		ev->signal.disposition = ut_default_disp(sig);
		ev->signal.sender_pid = sender - 1;
		return;
	}
	ev->kind = UT_X_DROPPED;
	t->pending_cause = UT_CAUSE_NONE;
	if (sig) {
		t->pending_known = true;
		t->pending_code = sig;
	} else if (l->grp_exit_known) {
		t->pending_known = true;
		t->pending_code = l->grp_exit_code;
		t->pending_cause = UT_CAUSE_EXIT_GROUP;
		t->pending_cause_pid = l->grp_exit_by;
	} else if (l->exec_by && l->exec_by != t->pid) {
		/* de_thread(): do_group_exit() with exit code 0. */
		t->pending_known = true;
		t->pending_code = 0;
		t->pending_cause = UT_CAUSE_EXEC;
		t->pending_cause_pid = l->exec_by;
	} else {
		t->pending_known = false;
		t->pending_cause = UT_CAUSE_UNKNOWN;
	}
}

/*
 * Compat: fill the sender of a delivery, and sort out SIGKILLs (see
 * groupkill).
 */
static void sigdeliver(struct ut_procs *p, struct ut_event *ev)
{
	struct ut_proc *t = ut_procs_get(p, ev->pid), *l;
	int sig = ev->signal.signo;

	if (!t || sig <= 0 || sig > 64)
		return;
	if (sig == SIGKILL) {
		groupkill(p, t, ev);
		return;
	}
	l = leader_of(p, t);
	if (t->gen_sender[sig]) {
		ev->signal.sender_pid = t->gen_sender[sig] - 1;
		t->gen_sender[sig] = 0;
	} else if (l->gen_sender[sig]) {
		ev->signal.sender_pid = l->gen_sender[sig] - 1;
		l->gen_sender[sig] = 0;
	}
	/* Delivered as itself: caught, or a core dump signal. */
	if (l->gen_fatal == sig)
		l->gen_fatal = 0;
	/*
	 * Acted on with its default fatal action (a synchronous fault
	 * too, which no generation announced): do_group_exit() with it,
	 * the other threads get the group kill's SIGKILL.
	 */
	if (ev->signal.disposition == UT_DISP_TERMINATE ||
	    ev->signal.disposition == UT_DISP_CORE) {
		l->grp_sig = sig;
		l->grp_kill_shown = true;
	}
}

/*
 * Compat: the exit and execve syscalls and task_newtask, which print
 * nothing but say how a task will end or what it cloned.
 */
static void note_call(struct ut_procs *p, struct ut_event *ev)
{
	struct ut_proc *e = ut_procs_get(p, ev->pid), *c;

	switch (ev->kind) {
	case UT_X_EXITCALL:
		if (e) {
			e->pending_known = true;
			e->pending_code = ev->exitcall.code;
			e->pending_cause = UT_CAUSE_NONE;
		}
		c = leader_of(p, e);
		if (c && ev->exitcall.group && !c->grp_exit_known) {
			c->grp_exit_known = true;
			c->grp_exit_code = ev->exitcall.code;
			c->grp_exit_by = ev->pid;
		}
		break;
	case UT_X_EXECCALL:
		c = leader_of(p, e);
		if (c)
			c->exec_by = ev->pid;
		break;
	case UT_X_NEWTASK:
		if (e) {
			e->nt_child = ev->newtask.child;
			e->nt_flags = ev->newtask.flags;
		}
		break;
	default:
		break;
	}
}

/*
 * Task e still has its pid now (its free is not just late in the
 * stream): the pid's task is a thread of e's group, or a process whose
 * parent is e's (or us, the subreaper of orphans).  Else putting the
 * pid back would trace whoever has it next.
 */
static bool still_there(const struct ut_proc *e)
{
	char path[64], buf[512], *p;
	int ppid = -1;
	FILE *f;

	if (e->tgid > 0 && e->tgid != e->pid) {
		snprintf(path, sizeof(path), "/proc/%d/task/%d", e->tgid,
			 e->pid);
		return access(path, F_OK) == 0;
	}
	snprintf(path, sizeof(path), "/proc/%d/stat", e->pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (fgets(buf, sizeof(buf), f)) {
		p = strrchr(buf, ')');
		if (p && sscanf(p + 1, " %*c %d", &ppid) != 1)
			ppid = -1;
	}
	fclose(f);
	return ppid > 0 && (ppid == e->ppid || ppid == getpid() || ppid == 1);
}

static void apply_clone(struct ut_procs *p, struct ut_event *ev,
			struct ut_proc *e)
{
	struct ut_proc *c;

	/* Compat: the flags come from task_newtask, just before. */
	if (e && !ev->clone.flags_known &&
	    e->nt_child == ev->clone.child_pid) {
		ev->clone.flags_known = true;
		ev->clone.flags = e->nt_flags;
		ev->clone.child_tgid = (e->nt_flags & CLONE_THREAD) ?
				       (e->tgid > 0 ? e->tgid : ev->pid) :
				       ev->clone.child_pid;
	}
	ut_procs_clone(p, ev->pid, ev->clone.child_pid,
		       ev->clone.child_comm[0] ? ev->clone.child_comm :
		       ev->comm);
	e = ut_procs_find(p, ev->pid);	/* table may have grown */
	c = ut_procs_find(p, ev->clone.child_pid);
	if (c) {
		c->start_known = true;
		c->start_ts = ev->ts;
		c->cloned = true;
		c->tgid = ev->clone.child_tgid > 0 ? ev->clone.child_tgid : 0;
		c->in_tree = e && e->in_tree && p->follow;
		c->ppid = ev->pid;
		c->pgen = e ? e->gen : 0;
		/* Forked while its parent's pid was lost: never listed. */
		if (ev->from_sig)
			c->at_risk = true;
		/*
		 * The old task's free has likely come already (a grace
		 * period is shorter than the time until this is applied):
		 * put the pid back now, and again when the free is seen.
		 */
		if (c->at_risk && c->in_tree && p->pid_reused &&
		    still_there(c))
			p->pid_reused(p->pid_reused_arg, c->pid);
	}
	if (e)
		e->children++;
}

/* first: the task's first event. */
static void apply_exec(struct ut_procs *p, struct ut_event *ev,
		       struct ut_proc *e, bool first)
{
	struct ut_proc *c = leader_of(p, e);

	/* Any other thread is gone now; the execve is done. */
	if (c)
		c->exec_by = 0;
	if (!e)
		return;
	if (!ev->exec.err)
		e->exec_ts = ev->ts;
	/*
	 * A thread's execve: it now has the leader's pid (the leader's
	 * exit came first) and its own tid is gone.
	 */
	if (!ev->exec.err && ev->exec.old_pid > 0 &&
	    ev->exec.old_pid != ev->pid) {
		struct ut_proc *t = ut_procs_find(p, ev->exec.old_pid);

		e->exited = false;
		e->exit_known = false;
		if (t && !t->exited) {
			t->exited = true;
			t->exit_known = false;
			t->exit_ts = ev->ts;
			t->superseded_by = ev->pid;
		}
	}
	/*
	 * Its first event (COMMAND, forked before tracing): as far as we
	 * know, it started here.
	 */
	if ((first || ev->pid == p->cmd_pid) && !e->start_known &&
	    !ev->exec.err) {
		e->start_known = true;
		e->start_ts = ev->ts;
	}
	ev->exec.ppid = e->ppid;
	if (!ev->exec.err) {
		free(e->exec_file);
		e->exec_file = ev->exec.filename ?
			       strdup(ev->exec.filename) : NULL;
	}
}

static void apply_exit(struct ut_event *ev, struct ut_proc *e)
{
	if (!ev->exit.code_known && e->pending_known) {
		ev->exit.code_known = true;
		ev->exit.code = e->pending_code;
	}
	ev->exit.ppid = e->ppid;
	if (e->start_known && ev->ts > e->start_ts)
		ev->exit.age_ns = ev->ts - e->start_ts;
	if (ev->exit.cause == UT_CAUSE_NONE) {
		ev->exit.cause = e->pending_cause;
		ev->exit.cause_pid = e->pending_cause_pid;
	}
	e->exited = true;
	e->exit_ts = ev->ts;
	e->exit_known = ev->exit.code_known;
	e->exit_code = ev->exit.code;
	e->pending_known = false;
	e->pending_cause = UT_CAUSE_NONE;
}

/*
 * A task that existed at start: its thread group, parent, executable
 * and (a leader's) start time, for the record envelope's identity.
 */
static void apply_task(const struct ut_event *ev, struct ut_proc *e)
{
	if (!e)
		return;
	if (ev->task.tgid > 0)
		e->tgid = ev->task.tgid;
	if (ev->task.tgid == ev->pid) {
		if (!e->ppid && ev->task.ppid > 0)
			e->ppid = ev->task.ppid;
		if (ev->task.start_ns && !e->id_done)
			e->kstart_ns = ev->task.start_ns;
		if (!e->exec_file && ev->task.exe)
			e->exec_file = strdup(ev->task.exe);
	}
}

/*
 * Within this of each other, two records are one event's two copies
 * (written one after the other by one tracepoint call): a pid's next
 * task is never cloned, nor a task's next exec done, this soon.
 */
#define TWIN_NS		50000ULL

static bool twin(uint64_t a, uint64_t b)
{
	return (a > b ? a - b : b - a) < TWIN_NS;
}

/*
 * With -p/COMMAND, clone, exec, exit and (compat) the exit calls come
 * twice: from the pid filtered instance, and from the -sig instance
 * filtered by pid field (it keeps them when set_event_pid lost the pid,
 * see sigtarget.h, and has outsiders' too).  The -sig copy is used only
 * for a task at risk (it may arrive before the other instance's earlier
 * records: elsewhere it could only be wrong); then the later twin goes.
 */
static bool duplicate(struct ut_procs *p, struct ut_event *ev)
{
	struct ut_proc *e = ut_procs_find(p, ev->pid), *c;
	bool life = ev->kind == UT_CLONE || ev->kind == UT_EXEC ||
		    ev->kind == UT_EXIT || ev->kind == UT_X_EXITCALL ||
		    ev->kind == UT_SIGNAL;

	if (ev->from_sig && life &&
	    (!e || !e->at_risk || e->exited ||
	     /* late, about the task the pid had before */
	     (e->start_known && ev->ts < e->start_ts)))
		return true;
	/*
	 * The tree's task of this pid has exited, and no clone gave the pid
	 * to another: an outsider that got it before the old task's free
	 * took it out of set_event_pid (a thread's execve aside, which
	 * gives the leader's pid to the thread).
	 */
	if (p->tree_only && life && e && e->exited &&
	    !twin(e->exit_ts, ev->ts) &&
	    !(ev->kind == UT_EXEC && ev->exec.old_pid != ev->pid))
		return true;
	switch (ev->kind) {
	case UT_CLONE:
		if (p->tree_only && (!e || !e->in_tree))
			return true;
		c = ut_procs_find(p, ev->clone.child_pid);
		return c && c->start_known && !c->exited &&
		       c->ppid == ev->pid && twin(c->start_ts, ev->ts);
	case UT_EXEC:
		if (p->tree_only && (!e || !e->in_tree))
			return true;
		return !ev->exec.err && e && e->exec_ts &&
		       twin(e->exec_ts, ev->ts);
	case UT_EXIT:
		if (p->tree_only && (!e || !e->in_tree))
			return true;
		return e && e->exited && twin(e->exit_ts, ev->ts);
	case UT_SIGNAL:
		return ev->signal.disp_inferred && e && e->sig_ts &&
		       e->sig_from_sig != ev->from_sig &&
		       e->sig_no == ev->signal.signo && twin(e->sig_ts, ev->ts);
	case UT_X_SIGGEN:
		/* Compat: by sender here, by target in the -sig instance. */
		c = ut_procs_find(p, ev->siggen.target);
		return c && c->gen_ts && c->gen_from_sig != ev->from_sig &&
		       c->gen_signo == ev->siggen.signo &&
		       c->gen_ctx == ev->pid && twin(c->gen_ts, ev->ts);
	default:
		return false;
	}
}

/*
 * A free (compat: the reap line; native: UT_X_FREE).  A free of a pid
 * whose task in the tree is alive is an older task's: the kernel freed
 * it after the pid was given out again, and its set_event_pid dropped
 * the pid with it; pid_reused puts it back.  The reap line then names
 * the old task, or goes when it was never known.  Returns false for a
 * line to drop.
 */
static bool freed(struct ut_procs *p, int pid, struct ut_event *ev)
{
	struct ut_proc *e = ut_procs_find(p, pid);

	if (!e)
		return true;
	if (e->in_tree && !e->exited && (e->active || e->start_known)) {
		e->at_risk = true;
		if (p->pid_reused && still_there(e))
			p->pid_reused(p->pid_reused_arg, pid);
		if (!e->old_unfreed)
			return false;
		e->old_unfreed--;
		copy_comm(ev->comm, e->old_comm);
		return true;
	}
	if (e->old_unfreed) {
		/* The newer task ended first; the older one is freed now. */
		e->old_unfreed--;
		copy_comm(ev->comm, e->old_comm);
		return true;
	}
	e->freed = true;
	gone(p, e);
	return true;
}

/* The stop state of the group: SIGCONT continues a stopped task. */
static void jobctl(struct ut_procs *p, struct ut_event *ev,
		   struct ut_proc *e)
{
	struct ut_proc *l = leader_of(p, e);

	if (!l)
		return;
	if (ev->kind == UT_JCTL) {
		l->stopped = ev->jctl.type == UT_JCTL_STOP;
		return;
	}
	if (ev->signal.disposition == UT_DISP_STOP) {
		l->stopped = true;
	} else if (ev->signal.signo == SIGCONT) {
		if (l->stopped && ev->signal.disposition == UT_DISP_IGNORE)
			ev->signal.disposition = UT_DISP_CONTINUE;
		l->stopped = false;
	}
}

void ut_procs_apply(struct ut_procs *p, struct ut_event *ev)
{
	struct ut_proc *e;
	bool first;

	if (p->gone_pid)
		drop_gone(p);
	if (ev->kind == UT_LOST)
		return;
	if (ev->kind == UT_X_RENAME) {
		ut_procs_set_comm(p, ev->rename.pid, ev->rename.comm);
		return;
	}
	if (ev->kind == UT_X_FREE) {
		freed(p, ev->free.pid, ev);
		return;
	}
	if (duplicate(p, ev)) {
		ev->kind = UT_X_DROPPED;
		return;
	}
	if (ev->kind == UT_X_ARGV) {
		ut_argv_pending_set(ev->pid, ev->argv.a);
		ev->argv.a = NULL;
		return;
	}
	if (ev->kind == UT_X_EXECCALL && !ev->from_sig)
		ut_argv_pending_entered(ev->pid);
	/*
	 * The argv of the call that made this exec, or that failed: taken,
	 * so a failed call's cannot go to a later exec.
	 */
	if (ev->kind == UT_EXEC && !ev->exec.argv)
		ev->exec.argv = ut_argv_pending_take(ev->exec.old_pid > 0 ?
						     ev->exec.old_pid : ev->pid);
	if (ev->kind == UT_X_EXITCALL || ev->kind == UT_X_EXECCALL ||
	    ev->kind == UT_X_NEWTASK) {
		note_call(p, ev);
		return;
	}
	if (ev->kind == UT_X_SIGGEN) {
		siggen(p, ev);
		if (ev->kind == UT_X_SIGGEN)
			return;
	} else if (ev->kind == UT_SIGNAL && ev->signal.disp_inferred) {
		sigdeliver(p, ev);
		e = ut_procs_find(p, ev->pid);
		if (e) {
			e->sig_ts = ev->ts;
			e->sig_no = ev->signal.signo;
			e->sig_from_sig = ev->from_sig;
		}
	}
	/* Compat: a free; or the reap of a task outside the tree. */
	if (ev->kind == UT_REAP && ev->reap.reaper_pid == UT_UNKNOWN) {
		e = ut_procs_find(p, ev->reap.pid);
		if ((p->tree_only && (!e || !e->in_tree)) ||
		    !freed(p, ev->reap.pid, ev)) {
			ev->kind = UT_X_DROPPED;
			return;
		}
		if (ev->comm[0])
			return;	/* an older task's: its name, not the pid's now */
	}
	/* The comm the kernel had at the exit or the dump (renames too). */
	if ((ev->kind == UT_EXIT || ev->kind == UT_TASK) && ev->comm[0])
		ut_procs_set_comm(p, ev->pid, ev->comm);
	if (ev->kind == UT_EXEC) {
		ut_procs_exec(p, ev->pid, ev->exec.filename);
		if (ev->exec.old_pid != ev->pid && ev->exec.old_pid > 0)
			ut_procs_exec(p, ev->exec.old_pid, ev->exec.filename);
	}
	copy_comm(ev->comm, ut_procs_comm(p, ev->pid));
	e = ut_procs_get(p, ev->pid);
	first = e && !e->active;
	if (e)
		e->active = true;

	switch (ev->kind) {
	case UT_CLONE:
		apply_clone(p, ev, e);
		break;
	case UT_EXEC:
		apply_exec(p, ev, e, first);
		break;
	case UT_JCTL:
		jobctl(p, ev, e);
		break;
	case UT_TASK:
		apply_task(ev, e);
		break;
	case UT_SIGNAL:
		jobctl(p, ev, e);
		if (e && (ev->signal.disposition == UT_DISP_TERMINATE ||
			  ev->signal.disposition == UT_DISP_CORE) &&
		    ev->signal.disp_inferred) {
			/*
			 * Compat: a fatal delivery decides the exit code.
			 * Whether a core was written is not known.
			 */
			e->pending_known = true;
			e->pending_code = ev->signal.signo & 0x7f;
			e->pending_cause = UT_CAUSE_NONE;
		}
		break;
	case UT_EXIT:
		if (e)
			apply_exit(ev, e);
		break;
	case UT_REAP:
		/* Native: the reaped task (compat's free: see freed()). */
		if (ev->reap.reaper_pid != UT_UNKNOWN &&
		    (e = ut_procs_find(p, ev->reap.pid)))
			gone(p, e);
		break;
	default:
		break;
	}
}

static int cmp_start(const void *a, const void *b)
{
	const struct ut_proc *x = *(const struct ut_proc * const *)a;
	const struct ut_proc *y = *(const struct ut_proc * const *)b;

	/* Processes seen starting come after the ones already running. */
	if (x->start_known != y->start_known)
		return x->start_known ? 1 : -1;
	if (x->start_known && x->start_ts != y->start_ts)
		return x->start_ts < y->start_ts ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid - y->pid;
	return x->gen < y->gen ? -1 : x->gen > y->gen;
}

struct ut_proc **ut_procs_seen(struct ut_procs *p, size_t *n)
{
	struct ut_proc **v = calloc(p->count + p->nold + 1, sizeof(*v));
	size_t i;

	*n = 0;
	if (!v)
		return NULL;
	for (i = 0; i < p->cap; i++)
		if (p->tab[i].pid && p->tab[i].seen)
			v[(*n)++] = &p->tab[i];
	for (i = 0; i < p->nold; i++)
		v[(*n)++] = &p->old[i];
	qsort(v, *n, sizeof(*v), cmp_start);
	return v;
}
