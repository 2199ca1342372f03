/* SPDX-License-Identifier: GPL-2.0 */
/*
 * child.h - the processes a recording is about: COMMAND, started held
 * until tracing is on, with the recorder as child subreaper so that
 * orphaned descendants stay visible and are waited for; and -p PID,
 * watched through a pidfd so that the recording ends with it.
 */
#ifndef UT_CHILD_H
#define UT_CHILD_H

#include <stdbool.h>
#include <sys/types.h>

struct ut_child {
	pid_t pid;		/* COMMAND, 0 when there is none */
	int go_fd;		/* write end of the hold pipe, -1 once used */
	bool reaped;		/* COMMAND has been waited for */
	int status;		/* its wait status, once reaped */
	bool tree_gone;		/* no child (COMMAND or orphan) left */
	bool own_group;		/* COMMAND leads a process group of its own */
	bool timed_out;		/* -d expired while COMMAND ran */
	bool killed;		/* and its group was sent SIGKILL (-k) */
};

/*
 * Before anything is set up: 0 when cmd[0] can be run; else (as strace
 * refuses to start) a message with the name escaped, and 127 when it is
 * not found, 126 when it cannot be executed.
 */
int ut_child_check(char **cmd);
/*
 * Become a child subreaper and fork cmd, held until ut_child_release();
 * own_group: in a process group of its own (as timeout(1) runs it), so
 * that ut_child_kill_group() reaches its descendants.  Exits with a
 * message on failure.
 */
void ut_child_start(struct ut_child *c, char **cmd, bool own_group);
int ut_child_release(struct ut_child *c);
/*
 * Wait at most ms milliseconds for the held child to be asleep in its
 * read of the hold pipe (after its setup calls, before its exec).
 */
void ut_child_wait_held(struct ut_child *c, int ms);
/* The name the child has until it execs: cmd[0]'s last component. */
const char *ut_child_name(char **cmd);
/* Setup failed before the release: the held child sees EOF and exits. */
void ut_child_abort(struct ut_child *c);
/*
 * Reap every child that has ended, without blocking; notes COMMAND's
 * status and whether any child is left (tree_gone).
 */
void ut_child_reap(struct ut_child *c);
/* Wait for COMMAND itself (blocking); true once it is reaped. */
bool ut_child_wait_cmd(struct ut_child *c);
/* The same, for at most ms milliseconds. */
bool ut_child_wait_cmd_for(struct ut_child *c, int ms);
/* Send sig to COMMAND if it has not been reaped yet. */
void ut_child_kill(struct ut_child *c, int sig);
/*
 * Send sig to COMMAND's process group (own_group), which also holds the
 * descendants that did not leave it, then SIGCONT when timed_out; else
 * sig to COMMAND alone.
 */
void ut_child_kill_group(struct ut_child *c, int sig);

/*
 * A descriptor that becomes readable when pid's process (its thread
 * group) has ended, or -1 when this kernel has no pidfds.
 */
int ut_pid_watch(int pid);
/* True when the process watched by fd (or, fd < 0, pid) has ended. */
bool ut_pid_ended(int fd, int pid);

#endif
