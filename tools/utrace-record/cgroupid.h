/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cgroupid.h - a process's cgroup v2 path (/proc/PID/cgroup, "0::"),
 * and the container id its path names, for the record envelope.
 */
#ifndef UT_CGROUPID_H
#define UT_CGROUPID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The container id in a cgroup v2 path, innermost first: 64 hex digits
 * after docker-, cri-containerd-, crio-, libpod- (".scope" cut) or as a
 * component of their own (cgroupfs drivers: /docker/ID,
 * /kubepods/.../ID); the machine name of a systemd-nspawn container
 * (machine-NAME.scope, systemd-nspawn@NAME.service, \xNN unescaped).
 * Conmon scopes (crio-conmon-, libpod-conmon-) are not containers.
 * Returns false when the path names none.
 */
bool ut_container_id(const char *path, char *out, size_t n);

/* The "0::" path of /proc/PID/cgroup, malloc'd; NULL when unreadable. */
char *ut_cgroup_path(int pid);

/* /proc/PID/stat: ppid (field 4) and start time in ticks (field 22). */
bool ut_proc_stat(int pid, int *ppid, uint64_t *ticks);

#endif
