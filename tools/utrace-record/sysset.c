// SPDX-License-Identifier: GPL-2.0
/* sysset.c - syscall selection as kernel-side filters; see sysset.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event-parse.h>
#include <seccomp.h>
#include <tracefs.h>

#include "sbuf.h"
#include "sysset.h"

/* Classes, strace's names; the x86_64 calls each stands for. */
static const struct {
	const char *name;
	const char *calls;
} classes[] = {
	{ "%file", "open,openat,openat2,creat,stat,lstat,newfstatat,statx,"
	  "access,faccessat,faccessat2,chdir,chmod,fchmodat,fchmodat2,chown,"
	  "lchown,fchownat,link,linkat,unlink,unlinkat,rename,renameat,"
	  "renameat2,mkdir,mkdirat,rmdir,mknod,mknodat,symlink,symlinkat,"
	  "readlink,readlinkat,truncate,execve,execveat,utime,utimes,"
	  "utimensat,futimesat,mount,umount2,chroot,pivot_root,statfs,"
	  "swapon,swapoff,getxattr,lgetxattr,setxattr,lsetxattr,listxattr,"
	  "llistxattr,removexattr,lremovexattr,inotify_add_watch,"
	  "fanotify_mark,name_to_handle_at,acct,quotactl,open_tree,"
	  "move_mount" },
	{ "%process", "clone,clone3,fork,vfork,execve,execveat,exit,"
	  "exit_group,wait4,waitid,kill,tkill,tgkill,rt_sigqueueinfo,"
	  "rt_tgsigqueueinfo,pidfd_open,pidfd_send_signal" },
	{ "%network", "socket,socketpair,bind,connect,listen,accept,accept4,"
	  "getsockname,getpeername,sendto,recvfrom,sendmsg,recvmsg,"
	  "sendmmsg,recvmmsg,shutdown,setsockopt,getsockopt" },
	{ "%net", NULL },	/* alias of %network */
	{ "%signal", "rt_sigaction,rt_sigprocmask,rt_sigreturn,"
	  "rt_sigsuspend,rt_sigpending,rt_sigtimedwait,rt_sigqueueinfo,"
	  "rt_tgsigqueueinfo,sigaltstack,kill,tkill,tgkill,pause,signalfd,"
	  "signalfd4,pidfd_send_signal" },
	{ "%memory", "brk,mmap,munmap,mremap,mprotect,madvise,mlock,mlock2,"
	  "munlock,mlockall,munlockall,msync,mincore,pkey_mprotect,"
	  "remap_file_pages,mbind,set_mempolicy,get_mempolicy,"
	  "migrate_pages,move_pages" },
	{ "%ipc", "msgget,msgsnd,msgrcv,msgctl,semget,semop,semtimedop,"
	  "semctl,shmget,shmat,shmdt,shmctl" },
	{ "%desc", "read,write,readv,writev,pread64,pwrite64,preadv,"
	  "pwritev,preadv2,pwritev2,open,openat,openat2,creat,close,"
	  "close_range,dup,dup2,dup3,fcntl,ioctl,lseek,fstat,fstatfs,fsync,"
	  "fdatasync,ftruncate,fchmod,fchown,fchdir,flock,fadvise64,"
	  "fallocate,poll,ppoll,select,pselect6,epoll_create,epoll_create1,"
	  "epoll_ctl,epoll_wait,epoll_pwait,epoll_pwait2,sendfile,splice,"
	  "tee,vmsplice,copy_file_range,pipe,pipe2,eventfd,eventfd2,"
	  "timerfd_create,timerfd_settime,timerfd_gettime,signalfd,"
	  "signalfd4,memfd_create,getdents64,inotify_init1,pidfd_open,"
	  "pidfd_getfd,mmap" },
};

static int add_name(const char *name, struct ut_sysset *set)
{
	int nr = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, name);

	if (nr < 0 || nr >= UT_SYSSET_MAX)
		return -1;
	set->nr[nr] = true;
	return 0;
}

static int add_list(const char *list, struct ut_sysset *set,
		    const char **bad, int depth);

static int add_item(const char *item, struct ut_sysset *set,
		    const char **bad, int depth)
{
	static char badbuf[64];
	size_t i;

	if (item[0] == '%' && depth == 0) {
		const char *name = strcmp(item, "%net") ? item : "%network";

		for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
			if (classes[i].calls && !strcmp(classes[i].name, name))
				return add_list(classes[i].calls, set, bad,
						depth + 1);
	} else if (item[0] && !add_name(item, set)) {
		return 0;
	}
	snprintf(badbuf, sizeof(badbuf), "%s", item);
	*bad = badbuf;
	return -1;
}

static int add_list(const char *list, struct ut_sysset *set,
		    const char **bad, int depth)
{
	char *copy = strdup(list), *item, *save = NULL;
	int ret = copy ? 0 : -1;

	for (item = copy ? strtok_r(copy, ",", &save) : NULL; item && !ret;
	     item = strtok_r(NULL, ",", &save))
		ret = add_item(item, set, bad, depth);
	free(copy);
	return ret;
}

int ut_sysset_parse(const char *spec, struct ut_sysset *set, const char **bad)
{
	*bad = "";
	if (!*spec)
		return -1;
	set->any = true;
	return add_list(spec, set, bad, 0);
}

/* The number field of a syscall event: "nr" (utrace) or "id" (raw). */
static const char *nr_field(struct tep_event *e)
{
	if (tep_find_field(e, "nr"))
		return "nr";
	if (tep_find_field(e, "id"))
		return "id";
	return NULL;
}

int ut_sysset_apply(struct ut_rec *r, enum ut_mode mode,
		    const struct ut_sysset *set, bool failed)
{
	const struct ut_tp *tp = mode == UT_MODE_NATIVE ? ut_native_tps :
			       ut_compat_tps;
	struct sbuf f = { 0 };
	char file[128];
	int ret = 0, nr;

	for (; tp->system && !ret; tp++) {
		bool exit = tp->kinds == UT_KIND_BIT(UT_SYSCALL_EXIT);
		struct tep_event *e;
		const char *field;

		if (tp->kinds != UT_KIND_BIT(UT_SYSCALL_ENTRY) && !exit)
			continue;
		e = tep_find_event_by_name(r->tep, tp->system, tp->event);
		field = e ? nr_field(e) : NULL;
		if (!field)
			continue;
		sb_reset(&f);
		if (set->any) {
			sb_putc(&f, '(');
			for (nr = 0; nr < UT_SYSSET_MAX; nr++)
				if (set->nr[nr])
					sb_printf(&f, "%s%s == %d",
						  f.len > 1 ? " || " : "",
						  field, nr);
			sb_putc(&f, ')');
		}
		if (failed && exit && tep_find_field(e, "ret"))
			sb_printf(&f, "%s(ret < 0 && ret >= -4095)",
				  f.len ? " && " : "");
		if (!f.len)
			continue;
		snprintf(file, sizeof(file), "events/%s/%s/filter", tp->system,
			 tp->event);
		if (ut_rec_write(r, file, sb_str(&f)) < 0) {
			fprintf(stderr, "utrace-record: cannot filter %s:%s: %s\n",
				tp->system, tp->event, strerror(errno));
			ret = -1;
		}
	}
	sb_free(&f);
	return ret;
}
