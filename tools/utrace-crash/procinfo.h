/* SPDX-License-Identifier: GPL-2.0 */
/* procinfo.h - what /proc says about a process: exe, threads, files. */
#ifndef UC_PROCINFO_H
#define UC_PROCINFO_H

struct thread {
	int tid;
	char *comm;
	char *state;	/* "S (sleeping)" */
};

struct fdent {
	int fd;
	char *target;
};

/* Each takes the process's directory, e.g. "/proc/123". */
char *proc_exe(const char *dir);		/* NULL when unknown */
char *proc_cmdline(const char *dir);		/* args joined by ' ' */
int proc_threads(const char *dir, struct thread **out);	/* count */
int proc_fds(const char *dir, struct fdent **out);	/* count */
void threads_free(struct thread *t, int n);
void fds_free(struct fdent *f, int n);

#endif
