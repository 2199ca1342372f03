/* SPDX-License-Identifier: GPL-2.0 */
/*
 * procs.h - the recorder's own process table: comm names learnt from
 * clone/exec events (new pids are not in saved_cmdlines), compat-mode
 * exit code inference, and the data for --summary.
 */
#ifndef UT_PROCS_H
#define UT_PROCS_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"

struct ut_proc {
	int pid;			/* 0: free slot */
	unsigned int gen;		/* serial: tasks of one pid told apart */
	unsigned int pgen;		/* its parent's serial, 0: unknown */
	char comm[UT_COMM_LEN];
	int tgid;			/* thread group, 0 when unknown */
	int ppid;			/* the task that cloned it, 0: unknown */
	bool in_tree;			/* the recorded tree (tree_only) */
	/* compat: exit code inferred from exit_group or a fatal signal */
	bool pending_known;
	int pending_code;
	int pending_cause;		/* enum ut_cause */
	int pending_cause_pid;
	/* compat: sender+1 of a generated, not yet delivered signal */
	int gen_sender[65];
	int gen_fatal;			/* last such signal fatal by default */
	int gen_fatal_sender;		/* its sender+1 */
	/* compat, kept on the thread-group leader's entry */
	bool grp_exit_known;		/* a thread called exit_group */
	int grp_exit_code;
	int grp_exit_by;
	int exec_by;			/* a thread entered execve */
	bool grp_kill_shown;		/* the group kill's signal line is out */
	int grp_sig;			/* a thread got a fatal signal: the group's */
	bool stopped;			/* stopped by a stop signal */
	/*
	 * Pid reuse: older tasks of this pid not freed yet (the last one's
	 * name), and whether this one was freed.
	 */
	int old_unfreed;
	char old_comm[UT_COMM_LEN];
	bool freed;
	bool at_risk;			/* set_event_pid may have lost it */
	uint64_t exec_ts;		/* its last exec */
	/*
	 * Compat, its last delivery and last generation (signal, the task
	 * it was written in), and the instance they came from: the other
	 * instance's copy is their twin.
	 */
	uint64_t sig_ts;
	int sig_no;
	bool sig_from_sig;
	uint64_t gen_ts;
	int gen_signo, gen_ctx;
	bool gen_from_sig;
	/* compat: the child of the last task_newtask, and its flags */
	int nt_child;
	uint64_t nt_flags;
	/* --summary */
	bool seen;			/* appeared in an emitted event */
	bool active;			/* had an event (applied) */
	bool start_known;
	uint64_t start_ts;
	char *exec_file;
	bool exited;
	int superseded_by;		/* its non-leader execve made it this pid */
	bool exit_known;
	int exit_code;
	uint64_t exit_ts;
	int children;
	/*
	 * The record envelope's identity of a process (envelope.c), on
	 * the thread-group leader's entry, looked up once: the start time
	 * in boot-clock ticks (as /proc/PID/stat's field 22), the entity
	 * id and the parent's, the cgroup v2 path and container id.
	 */
	bool id_done;
	bool ticks_known;
	uint64_t start_ticks;
	unsigned int id_n;		/* earlier processes of pid in its tick */
	bool cloned;			/* its clone was seen: start_ts is it */
	uint64_t kstart_ns;		/* boot ns from the kernel's event, 0 */
	int parent_tgid;		/* process.parent_pid, 0 unknown */
	char entity[40];		/* "" unknown */
	char parent_entity[40];
	char *cgroup;			/* owned, NULL unknown */
	char *container;		/* owned, NULL none */
};

struct ut_procs {
	struct ut_proc *tab;
	size_t cap;
	size_t count;
	bool use_proc_fs;	/* look up unknown pids in /proc/PID/comm */
	/*
	 * Signals generated for tasks outside the recorded tree are
	 * dropped (compat with -p/COMMAND: generation is recorded by
	 * target, over-inclusively).
	 */
	bool tree_only;
	bool follow;		/* the tree grows with clones */
	int cmd_pid;		/* COMMAND: forked before tracing, starts at exec */
	unsigned int next_gen;
	/*
	 * --summary/--tree: the tasks whose pid a newer task took, kept
	 * for the tables (without them, nothing is kept: flat memory).
	 */
	bool keep_old;
	struct ut_proc *old;
	size_t nold, capold;
	/*
	 * The free of an older task of pid came after a newer task in the
	 * tree took pid: the kernel's set_event_pid has just dropped it.
	 */
	void (*pid_reused)(void *arg, int pid);
	void *pid_reused_arg;
	/*
	 * A task freed (compat) or reaped (native), whose entry goes at
	 * the next event (without keep_old): the table holds the tasks
	 * alive, not every pid ever seen.
	 */
	int gone_pid;
	unsigned int gone_gen;
};

/* The root of the recorded tree (-p or COMMAND); turns on tree_only. */
void ut_procs_set_root(struct ut_procs *p, int pid, bool follow);

void ut_procs_init(struct ut_procs *p, bool use_proc_fs);
void ut_procs_free(struct ut_procs *p);
struct ut_proc *ut_procs_find(struct ut_procs *p, int pid);
struct ut_proc *ut_procs_get(struct ut_procs *p, int pid);
/*
 * Learn the names of all tasks alive now from /proc/PID/task/TID/comm.
 * Call once, after tracing is on: later tasks are learnt from events.
 */
void ut_procs_seed(struct ut_procs *p);
/* Name of pid: learnt, else /proc (if enabled), else "<...>". */
const char *ut_procs_comm(struct ut_procs *p, int pid);
void ut_procs_set_comm(struct ut_procs *p, int pid, const char *comm);
/* Child inherits child_comm if given, else the parent's name. */
void ut_procs_clone(struct ut_procs *p, int parent, int child,
		    const char *child_comm);
/* The new name is the basename of filename, cut to 15 bytes. */
void ut_procs_exec(struct ut_procs *p, int pid, const char *filename);

/*
 * Apply one event, in time order: update names and state, fill ev->comm,
 * and (compat) resolve the exit code of an exit event from what was seen
 * before.  Internal events (UT_X_EXITCALL) only update state.
 */
void ut_procs_apply(struct ut_procs *p, struct ut_event *ev);

/*
 * The tasks that appeared in printed events (seen), oldest start first,
 * those already running before them, older tasks of a reused pid
 * included (keep_old); a calloc'd array of *n, or NULL.
 */
struct ut_proc **ut_procs_seen(struct ut_procs *p, size_t *n);

/* A /proc directory entry that names a pid: digits only, not empty. */
bool ut_all_digits(const char *s);

#endif
