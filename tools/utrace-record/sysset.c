// SPDX-License-Identifier: GPL-2.0
/* sysset.c - syscall selection as kernel-side filters; see sysset.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event-parse.h>
#include <seccomp.h>
#include <tracefs.h>

#include "sbuf.h"
#include "sysset.h"

/*
 * strace's sets for -e inject=.  stracetab.h is strace 6.1's tables:
 * the name and the class flags of each number, per ABI.
 */
enum ut_sc_class {
	UT_SC_DESC = 1u << 0, UT_SC_FILE = 1u << 1, UT_SC_IPC = 1u << 2,
	UT_SC_NETWORK = 1u << 3, UT_SC_PROCESS = 1u << 4,
	UT_SC_SIGNAL = 1u << 5, UT_SC_MEMORY = 1u << 6,
	UT_SC_STAT = 1u << 7, UT_SC_LSTAT = 1u << 8, UT_SC_FSTAT = 1u << 9,
	UT_SC_STAT_LIKE = 1u << 10, UT_SC_STATFS = 1u << 11,
	UT_SC_FSTATFS = 1u << 12, UT_SC_STATFS_LIKE = 1u << 13,
	UT_SC_PURE = 1u << 14, UT_SC_CREDS = 1u << 15, UT_SC_CLOCK = 1u << 16,
};

struct ut_sc_call {
	const char *name;
	int nargs;
	unsigned int flags;
};

#include "stracetab.h"

static const struct {
	const struct ut_sc_call *calls;
	int n;			/* entries of calls */
	int size;		/* strace's table size */
	int kernel;		/* the kernel's */
} sc_abi[UT_ABIS] = {
	[UT_ABI_X86_64] = { ut_sc_x86_64, sizeof(ut_sc_x86_64) / sizeof(ut_sc_x86_64[0]),
			    UT_SC_NR_X86_64, UT_KERNEL_NR_X86_64 },
	[UT_ABI_I386] = { ut_sc_i386, sizeof(ut_sc_i386) / sizeof(ut_sc_i386[0]),
			  UT_SC_NR_I386, UT_KERNEL_NR_I386 },
};

/* strace's class names (basic_filters.c), the legacy ones too. */
static const struct {
	const char *name;
	unsigned int flags;
} sc_classes[] = {
	{ "%desc", UT_SC_DESC }, { "%file", UT_SC_FILE },
	{ "%memory", UT_SC_MEMORY }, { "%process", UT_SC_PROCESS },
	{ "%creds", UT_SC_CREDS }, { "%signal", UT_SC_SIGNAL },
	{ "%ipc", UT_SC_IPC }, { "%net", UT_SC_NETWORK },
	{ "%network", UT_SC_NETWORK }, { "%stat", UT_SC_STAT },
	{ "%lstat", UT_SC_LSTAT }, { "%fstat", UT_SC_FSTAT },
	{ "%%stat", UT_SC_STAT_LIKE }, { "%statfs", UT_SC_STATFS },
	{ "%fstatfs", UT_SC_FSTATFS }, { "%%statfs", UT_SC_STATFS_LIKE },
	{ "%pure", UT_SC_PURE }, { "%clock", UT_SC_CLOCK },
	{ "all", 0 }, { "desc", UT_SC_DESC }, { "file", UT_SC_FILE },
	{ "memory", UT_SC_MEMORY }, { "process", UT_SC_PROCESS },
	{ "signal", UT_SC_SIGNAL }, { "ipc", UT_SC_IPC },
	{ "network", UT_SC_NETWORK },
};

/* The numbers a set can hold in abi: strace's and the kernel's. */
static int sc_limit(int abi)
{
	int n = sc_abi[abi].size < sc_abi[abi].kernel ? sc_abi[abi].size :
		sc_abi[abi].kernel;

	return n < UT_SCSET_MAX ? n : UT_SCSET_MAX;
}

const char *ut_scset_name(int abi, int nr)
{
	if (abi < 0 || abi >= UT_ABIS || nr < 0 || nr >= sc_abi[abi].n)
		return NULL;
	return sc_abi[abi].calls[nr].name;
}

int ut_scset_nargs(int abi, int nr)
{
	if (!ut_scset_name(abi, nr))
		return -1;
	return sc_abi[abi].calls[nr].nargs;
}

bool ut_scset_pure(const char *name)
{
	int abi, nr;

	for (abi = 0; abi < UT_ABIS; abi++) {
		for (nr = 0; nr < sc_abi[abi].n; nr++)
			if (sc_abi[abi].calls[nr].name &&
			    !strcmp(sc_abi[abi].calls[nr].name, name))
				break;
		if (nr == sc_abi[abi].n ||
		    !(sc_abi[abi].calls[nr].flags & UT_SC_PURE))
			return false;
	}
	return true;
}

int ut_scset_count(const struct ut_scset *set, int abi)
{
	int a, nr, n = 0;

	for (a = 0; a < UT_ABIS; a++)
		for (nr = 0; nr < UT_SCSET_MAX; nr++)
			n += (abi < 0 || a == abi) && set->nr[a][nr];
	return n;
}

/* One token in one ABI (strace's qualify_syscall_pers); found any? */
static int sc_token(const char *tok, int abi, struct ut_scset *set,
		    char *err, size_t errlen)
{
	const struct ut_sc_call *c = sc_abi[abi].calls;
	int nr, n = sc_abi[abi].n, found = 0;
	size_t i;

	if (*tok >= '0' && *tok <= '9') {
		char *end;
		unsigned long v;

		errno = 0;
		v = strtoul(tok, &end, 10);
		if (errno || *end || v >= (unsigned long)n || !c[v].name ||
		    (int)v >= sc_limit(abi))
			return 0;
		set->nr[abi][v] = true;
		return 1;
	}
	if (*tok == '/') {
		regex_t re;
		int rc = regcomp(&re, tok + 1, REG_EXTENDED | REG_NOSUB);

		if (rc) {
			char msg[128];

			regerror(rc, &re, msg, sizeof(msg));
			snprintf(err, errlen, "'%s': %s", tok, msg);
			return -1;
		}
		for (nr = 0; nr < n && nr < sc_limit(abi); nr++)
			if (c[nr].name && !regexec(&re, c[nr].name, 0, NULL, 0)) {
				set->nr[abi][nr] = true;
				found = 1;
			}
		regfree(&re);
		return found;
	}
	for (i = 0; i < sizeof(sc_classes) / sizeof(sc_classes[0]); i++) {
		unsigned int f = sc_classes[i].flags;

		if (strcasecmp(tok, sc_classes[i].name))
			continue;
		for (nr = 0; nr < n && nr < sc_limit(abi); nr++)
			if (c[nr].name && (c[nr].flags & f) == f)
				set->nr[abi][nr] = true;
		return 1;	/* a class is valid even when empty */
	}
	for (nr = 0; nr < n && nr < sc_limit(abi); nr++)
		if (c[nr].name && !strcmp(tok, c[nr].name)) {
			set->nr[abi][nr] = true;
			found = 1;
		}
	return found;
}

/* One comma-separated item: ?s, @64/@32/@x32, then the token. */
static int sc_item(const char *item, struct ut_scset *set, char *err,
		   size_t errlen)
{
	static const char *const designators[] = { "64", "32", "x32" };
	char tok[256];
	const char *at;
	bool optional = false;
	int abi, found = 0, r, only = -1;
	size_t i;

	while (*item == '?') {
		item++;
		optional = true;
	}
	snprintf(tok, sizeof(tok), "%s", item);
	at = strrchr(item, '@');
	if (at) {
		for (i = 0; i < 3 && strcmp(at + 1, designators[i]); i++)
			;
		if (i == 3) {
			snprintf(err, errlen, "incorrect personality designator '%s' in '%s' (@64, @32 or @x32)",
				 at + 1, item);
			return -1;
		}
		only = i;	/* 2, x32: none of ours */
		tok[at - item] = '\0';
	}
	for (abi = 0; abi < UT_ABIS; abi++) {
		if (only >= 0 && only != abi)
			continue;
		r = sc_token(tok, abi, set, err, errlen);
		if (r < 0)
			return -1;
		found |= r;
	}
	/* Known to strace only as an x32 call: accepted, selects nothing. */
	if (!found && !optional && only != 2) {
		snprintf(err, errlen, "invalid system call '%s'", item);
		return -1;
	}
	return 0;
}

int ut_scset_parse(const char *expr, struct ut_scset *set, char *err,
		   size_t errlen)
{
	char *copy, *item, *save = NULL;
	bool invert = false, any = false;
	int abi, nr, ret = 0;

	memset(set, 0, sizeof(*set));
	for (; *expr == '!'; expr++)
		invert = !invert;
	if (!strcmp(expr, "all") || !strcmp(expr, "none")) {
		invert ^= !strcmp(expr, "all");
	} else {
		copy = strdup(expr);
		if (!copy) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		for (item = strtok_r(copy, ",", &save); item && !ret;
		     item = strtok_r(NULL, ",", &save)) {
			ret = sc_item(item, set, err, errlen);
			any = true;
		}
		free(copy);
		if (!ret && !any) {
			snprintf(err, errlen, "invalid system call '%s'", expr);
			ret = -1;
		}
		if (ret)
			return -1;
	}
	if (invert)
		for (abi = 0; abi < UT_ABIS; abi++)
			for (nr = 0; nr < sc_limit(abi); nr++)
				set->nr[abi][nr] = !set->nr[abi][nr];
	return 0;
}

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

/* "(nr == 1 || (nr >= 3 && nr <= 450))": runs as ranges (negated sets). */
static void set_filter(const struct ut_sysset *set, const char *field,
		       struct sbuf *f)
{
	int nr, end;

	sb_putc(f, '(');
	for (nr = 0; nr < UT_SYSSET_MAX; nr = end) {
		end = nr + 1;
		if (!set->nr[nr])
			continue;
		while (end < UT_SYSSET_MAX && set->nr[end])
			end++;
		sb_puts(f, f->len > 1 ? " || " : "");
		if (end - nr > 2)
			sb_printf(f, "(%s >= %d && %s <= %d)", field, nr, field,
				  end - 1);
		else
			sb_printf(f, "%s == %d", field, nr);
		if (end - nr == 2)
			sb_printf(f, " || %s == %d", field, nr + 1);
	}
	sb_putc(f, ')');
}

int ut_sysset_apply(struct ut_rec *r, enum ut_mode mode,
		    const struct ut_sysset *set, bool failed)
{
	const struct ut_tp *tp = mode == UT_MODE_NATIVE ? ut_native_tps :
			       ut_compat_tps;
	struct sbuf f = { 0 };
	char file[128];
	int ret = 0;

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
		if (set->any)
			set_filter(set, field, &f);
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
