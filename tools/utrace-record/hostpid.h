/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hostpid.h - pids of several hosts in one process table: -i with
 * several recordings (or HOST=FILE) reads hosts whose pids overlap.
 * Each event's pids are qualified when read, host * 2^22 + pid (pids
 * stay below PID_MAX_LIMIT, 2^22), so that the table, the syscall
 * pairing, --summary and --tree keep the hosts apart with no change;
 * the formatters show them as the host's own pid beside its name.
 * With one unnamed recording (or live) nothing is qualified.
 */
#ifndef UT_HOSTPID_H
#define UT_HOSTPID_H

#include <stdbool.h>

#include "event.h"
#include "sbuf.h"

#define UT_HOST_SHIFT	22
#define UT_MAX_HOSTS	256

/* The hosts' names, in the order of their index; n 0: no hosts shown. */
bool ut_hosts_set(int n, char *const *names);
/* The name of the host of a qualified pid, or NULL when none is shown. */
const char *ut_pid_host(int pid);
/* The pid as its host knows it. */
static inline int ut_pid_local(int pid)
{
	return pid > 0 ? pid & ((1 << UT_HOST_SHIFT) - 1) : pid;
}
/* "HOST/PID" when hosts are shown, else "PID". */
void ut_pid_text(struct sbuf *sb, int pid);
/* ,"host.name":"HOST" when hosts are shown. */
void ut_pid_json_host(struct sbuf *sb, int pid);
/* Every pid of ev (a task's, > 0) qualified by host. */
void ut_event_qualify(struct ut_event *ev, int host);
/*
 * ev with its pids as its host knows them: tmp, a shallow copy (its
 * pointers still ev's), or ev itself when no host is shown.
 */
const struct ut_event *ut_event_local(const struct ut_event *ev,
				      struct ut_event *tmp);

#endif
