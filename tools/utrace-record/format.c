// SPDX-License-Identifier: GPL-2.0
/*
 * format.c - render struct ut_event as text or JSON lines.
 *
 * Text:  TIME comm[pid] event details
 * JSON:  {"time":S,"cpu":N,"pid":N,"comm":"..","event":"..",...}
 * The JSON keys per event are listed in utrace-record(1); keys whose
 * value the mode cannot know are present with value null.
 */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "argv.h"
#include "argfmt.h"
#include "escape.h"
#include "format.h"
#include "hostpid.h"
#include "timefmt.h"
#include "names.h"

#define UT_CALL_CACHE	1024	/* syscall numbers whose JSON is cached */

static bool is_fault_signal(int sig)
{
	/* SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGSEGV carry a fault address. */
	return sig == 4 || sig == 5 || sig == 7 || sig == 8 || sig == 11;
}

/* Syscalls whose success value is an address, shown in hex. */
static bool returns_address(const char *name)
{
	/* The first letter rules out most calls without a strcmp. */
	if (!name || (name[0] != 'm' && name[0] != 'b' && name[0] != 's'))
		return false;
	return !strcmp(name, "mmap") || !strcmp(name, "mmap2") ||
	       !strcmp(name, "mremap") || !strcmp(name, "brk") ||
	       !strcmp(name, "shmat");
}

/* The return value the task sees: an i386 task has 32 bits of it. */
static long syscall_ret(const struct ut_event *ev)
{
	if (ev->sys_exit.arch == UT_ARCH_I386)
		return (int32_t)ev->sys_exit.ret;
	return ev->sys_exit.ret;
}

static void text_syscall_ret(struct sbuf *sb, const struct ut_event *ev)
{
	const char *err;
	long ret = syscall_ret(ev);

	if (ret < 0 && ret >= -4095) {
		err = ut_errno_name((int)-ret);
		sb_dec(sb, ret);
		sb_putc(sb, ' ');
		sb_puts(sb, err ? err : "E?");
	} else {
		const char *name = ut_syscall_name_arch(ev->sys_exit.arch,
							ev->sys_exit.nr);

		if (returns_address(name))
			sb_hex(sb, ev->sys_exit.arch == UT_ARCH_I386 ?
				   (uint32_t)ret : (unsigned long)ret);
		else if (name && name[0] == 'u' && !strcmp(name, "umask"))
			ut_arg_octal(sb, ret);	/* the old mask: 022 */
		else
			sb_dec(sb, ret);
	}
}

static void text_verdict(struct sbuf *sb, int verdict)
{
	const char *v;

	if (verdict == UT_VERDICT_RAN || verdict == UT_UNKNOWN)
		return;
	if (verdict == UT_VERDICT_SECCOMP) {
		sb_puts(sb, " [denied by seccomp]");
		return;
	}
	if (verdict == UT_VERDICT_UNKNOWN) {
		sb_puts(sb, " [verdict unknown]");
		return;
	}
	v = ut_verdict_name(verdict);
	if (v)
		sb_printf(sb, " [%s]", v);
	else
		sb_printf(sb, " [verdict=%d]", verdict);
}

/*
 * An exit's verdict and the fault rule (utrace-inject) that acted on
 * the call: " [injected by rule 3]" when it aborted the call, else
 * " [rule 3]" after the verdict (a signal or a delay only).
 */
static void text_exit_verdict(struct sbuf *sb, const struct ut_event *ev)
{
	if (ev->sys_exit.rule && ev->sys_exit.verdict == UT_VERDICT_INJECTED) {
		sb_printf(sb, " [injected by rule %u]", ev->sys_exit.rule);
		return;
	}
	text_verdict(sb, ev->sys_exit.verdict);
	if (ev->sys_exit.rule)
		sb_printf(sb, " [rule %u]", ev->sys_exit.rule);
}

/* "[i386] " before the name of a call not in the x86_64 ABI. */
static void text_syscall_name(struct sbuf *sb, uint32_t arch, long nr)
{
	const char *name = ut_syscall_name_arch(arch, nr);

	if (arch == UT_ARCH_I386)
		sb_puts(sb, "[i386] ");
	else if (arch != UT_ARCH_UNKNOWN && arch != UT_ARCH_X86_64)
		sb_printf(sb, "[arch=0x%x] ", arch);
	if (name) {
		sb_puts(sb, name);
	} else {
		sb_puts(sb, "syscall_");
		sb_dec(sb, nr);
	}
}

/* How SIGCHLD's si_code says the child changed (CLD_*). */
static const char *const cld_names[] = {
	NULL, "CLD_EXITED", "CLD_KILLED", "CLD_DUMPED", "CLD_TRAPPED",
	"CLD_STOPPED", "CLD_CONTINUED",
};

static const char *cause_name(int cause)
{
	switch (cause) {
	case UT_CAUSE_EXIT_GROUP:
		return "exit_group";
	case UT_CAUSE_EXEC:
		return "execve";
	case UT_CAUSE_UNKNOWN:
		return "unknown";
	case UT_CAUSE_EXIT:
		return "exit";
	case UT_CAUSE_SIGNAL:
		return "signal";
	case UT_CAUSE_FAULT:
		return "fault";
	case UT_CAUSE_SECCOMP:
		return "seccomp";
	case UT_CAUSE_RLIMIT:
		return "rlimit";
	case UT_CAUSE_OOM:
		return "oom";
	case UT_CAUSE_KERNEL:
		return "kernel";
	default:
		return NULL;
	}
}

/*
 * Why a thread exited, when that says more than its status: " (CAUSE
 * [in TID][ from PID uid UID| from kernel][ code=SI_CODE])".  Nothing for
 * its own exit or exit_group; compat knows exit_group and execve in
 * another thread, and "cause unknown".
 */
static void text_exit_cause(struct sbuf *sb, const struct ut_event *ev)
{
	int cause = ev->exit.cause, by = ev->exit.cause_pid;

	if (cause == UT_CAUSE_UNKNOWN) {
		sb_puts(sb, " (group exit, cause unknown)");
		return;
	}
	if (!cause_name(cause) || cause == UT_CAUSE_EXIT ||
	    (cause == UT_CAUSE_EXIT_GROUP && by == ev->pid))
		return;
	sb_printf(sb, " (%s", cause_name(cause));
	if (by > 0 && by != ev->pid)
		sb_printf(sb, " in %d", by);
	if (cause == UT_CAUSE_SIGNAL || cause == UT_CAUSE_RLIMIT) {
		if (ev->exit.sender_pid == 0)
			sb_puts(sb, " from kernel");
		else if (ev->exit.sender_pid > 0)
			sb_printf(sb, " from %d", ev->exit.sender_pid);
		if (ev->exit.sender_pid > 0 && ev->exit.sender_uid >= 0)
			sb_printf(sb, " uid %lld", ev->exit.sender_uid);
	}
	if (cause == UT_CAUSE_FAULT)
		sb_printf(sb, " code=%d", ev->exit.si_code);
	sb_putc(sb, ')');
}

/* strace -T: " <0.000123>", the time since the call's entry. */
static void text_duration(struct sbuf *sb, uint64_t ns)
{
	if (!ns)
		return;
	sb_putn(sb, " <", 2);
	sb_udec_pad(sb, ns / 1000000000, 0);
	sb_putc(sb, '.');
	sb_udec_pad(sb, (ns % 1000000000) / 1000, 6);
	sb_putc(sb, '>');
}

/* The path argument the kernel copied, for argfmt.c. */
static const struct ut_path_arg *path_arg(const struct ut_event *ev,
					  struct ut_path_arg *p)
{
	if (ev->sys_entry.path_state == UT_PATH_NONE)
		return NULL;
	p->arg = ev->sys_entry.path_arg;
	p->state = ev->sys_entry.path_state;
	p->str = ev->sys_entry.path;
	return p;
}

/* Decoded as strace would (argfmt.c), or six hex words. */
static void text_syscall_args(struct sbuf *sb, const struct ut_event *ev)
{
	struct ut_path_arg p;

	ut_args_text_path(sb, ev->sys_entry.arch, ev->sys_entry.nr,
			  ev->sys_entry.args, path_arg(ev, &p));
}

void ut_format_details(struct sbuf *sb, const struct ut_event *ev)
{
	ut_format_details_at(sb, ev, ev->pid);
}

/* "/bin/ls old_pid=N argv=[...]", or "failed: -2 ENOENT argv=[...]". */
static void text_exec(struct sbuf *sb, const struct ut_event *ev)
{
	if (ev->exec.err) {
		const char *e = ut_errno_name(ev->exec.err);

		sb_printf(sb, " failed: -%d %s", ev->exec.err, e ? e : "E?");
	} else {
		sb_putc(sb, ' ');
		sb_text_str(sb, ev->exec.filename ? ev->exec.filename : "?");
		if (ev->exec.old_pid != ev->exec.new_pid)
			sb_printf(sb, " old_pid=%d", ev->exec.old_pid);
	}
	if (ev->exec.argv) {
		sb_puts(sb, " argv=");
		ut_argv_text(sb, ev->exec.argv);
	}
}

/* "SIGCHLD CLD_EXITED to N from N -> handler (traced in N)". */
static void text_signal(struct sbuf *sb, const struct ut_event *ev,
			int shown_pid)
{
	char s1[32];

	sb_printf(sb, " %s", ut_signame(ev->signal.signo, s1, sizeof(s1)));
	if (ev->signal.signo == SIGCHLD && ev->signal.si_code > 0 &&
	    ev->signal.si_code <= 6)
		sb_printf(sb, " %s", cld_names[ev->signal.si_code]);
	if (ev->pid != shown_pid)
		sb_printf(sb, " to %d", ev->pid);
	if (ev->signal.sender_pid == 0)
		sb_puts(sb, " from kernel");
	else if (ev->signal.sender_pid > 0)
		sb_printf(sb, " from %d", ev->signal.sender_pid);
	if (ev->signal.addr_known && is_fault_signal(ev->signal.signo))
		sb_printf(sb, " addr=0x%" PRIx64, ev->signal.addr);
	sb_printf(sb, " -> %s", ut_disp_name(ev->signal.disposition));
	if (ev->signal.engine_disposition != UT_UNKNOWN &&
	    ev->signal.engine_disposition != ev->signal.disposition)
		sb_printf(sb, " (engine: %s)",
			  ut_disp_name(ev->signal.engine_disposition));
	/* Traced at send time, in the sender: the real sender. */
	if (ev->signal.ctx_pid != shown_pid)
		sb_printf(sb, " (traced in %d)", ev->signal.ctx_pid);
}

/*
 * A task that existed at start: "tgid=N ppid=N start=S uid=N cgroup=N
 * [source=proc] exe=PATH", the path last (it may hold spaces); "-" for
 * an unknown.  start is the process's, in boot-clock seconds.
 */
static void text_task(struct sbuf *sb, const struct ut_event *ev)
{
	sb_printf(sb, " tgid=%d ppid=%d start=", ev->task.tgid,
		  ev->task.ppid);
	if (ev->task.start_ns)
		sb_secs(sb, ev->task.start_ns);
	else
		sb_putc(sb, '-');
	if (ev->task.uid != UT_UNKNOWN)
		sb_printf(sb, " uid=%lld", ev->task.uid);
	if (ev->task.cgroup_id)
		sb_printf(sb, " cgroup=%" PRIu64, ev->task.cgroup_id);
	if (ev->task.from_proc)
		sb_puts(sb, " source=proc");
	sb_puts(sb, " exe=");
	sb_text_str(sb, ev->task.exe ? ev->task.exe : "-");
}

void ut_format_details_at(struct sbuf *sb, const struct ut_event *ev,
			  int shown_pid)
{
	char s1[32];

	switch (ev->kind) {
	case UT_CLONE:
		sb_printf(sb, " child=%d", ev->clone.child_pid);
		if (ev->clone.child_tgid != UT_UNKNOWN &&
		    ev->clone.child_tgid != ev->clone.child_pid)
			sb_printf(sb, " tgid=%d", ev->clone.child_tgid);
		if (ev->clone.flags_known) {
			sb_puts(sb, " flags=");
			ut_clone_flags_str(sb, ev->clone.flags);
		}
		if (ev->clone.exit_signal > 0)
			sb_printf(sb, " exit_signal=%s",
				  ut_signame(ev->clone.exit_signal, s1,
					     sizeof(s1)));
		break;
	case UT_VFORK_DONE:
		sb_printf(sb, " child=%d", ev->vfork_done.child_pid);
		break;
	case UT_EXEC:
		text_exec(sb, ev);
		break;
	case UT_EXIT:
		sb_puts(sb, " ");
		if (ev->exit.code_known)
			ut_wait_status_str(sb, ev->exit.code);
		else
			sb_puts(sb, "status=?");
		text_exit_cause(sb, ev);
		break;
	case UT_DEATH:
		sb_puts(sb, " ");
		ut_wait_status_str(sb, ev->death.exit_code);
		if (ev->death.exit_signal > 0)
			sb_printf(sb, " exit_signal=%s",
				  ut_signame(ev->death.exit_signal, s1,
					     sizeof(s1)));
		else
			sb_printf(sb, " exit_signal=%d", ev->death.exit_signal);
		if (ev->death.group_dead)
			sb_puts(sb, " group_dead");
		break;
	case UT_REAP:
		sb_printf(sb, " pid=%d", ev->reap.pid);
		if (ev->reap.tgid != UT_UNKNOWN && ev->reap.tgid != ev->reap.pid)
			sb_printf(sb, " tgid=%d", ev->reap.tgid);
		if (ev->reap.reaper_pid != UT_UNKNOWN)
			sb_printf(sb, " by=%d", ev->reap.reaper_pid);
		break;
	case UT_SYSCALL_ENTRY:
		sb_putc(sb, ' ');
		text_syscall_name(sb, ev->sys_entry.arch, ev->sys_entry.nr);
		text_syscall_args(sb, ev);
		text_verdict(sb, ev->sys_entry.verdict);
		break;
	case UT_SYSCALL_EXIT:
		sb_putc(sb, ' ');
		text_syscall_name(sb, ev->sys_exit.arch, ev->sys_exit.nr);
		sb_putn(sb, " = ", 3);
		text_syscall_ret(sb, ev);
		text_exit_verdict(sb, ev);
		text_duration(sb, ev->sys_exit.dur_ns);
		break;
	case UT_SIGNAL:
		text_signal(sb, ev, shown_pid);
		break;
	case UT_JCTL:
		if (ev->jctl.type == UT_JCTL_STOP)
			sb_puts(sb, " stop");
		else if (ev->jctl.type == UT_JCTL_CONTINUE)
			sb_puts(sb, " continue");
		else
			sb_printf(sb, " type=%d", ev->jctl.type);
		sb_printf(sb, " %s", ut_signame(ev->jctl.signo, s1, sizeof(s1)));
		if (ev->jctl.notify)
			sb_puts(sb, " notify");
		break;
	case UT_TASK:
		text_task(sb, ev);
		break;
	default:
		break;
	}
}

/* The host column of several hosts' recordings (-i): "NAME ". */
static void text_host(struct sbuf *sb, const char *host)
{
	if (!host)
		return;
	sb_text_str(sb, host);
	sb_putc(sb, ' ');
}

void ut_format_call(struct sbuf *sb, const struct ut_event *entry,
		    const struct ut_event *exit)
{
	struct ut_event t1, t2;
	const char *host = ut_pid_host(exit->pid);

	entry = ut_event_local(entry, &t1);
	exit = ut_event_local(exit, &t2);
	ut_time_text(sb, entry->ts);
	sb_putc(sb, ' ');
	text_host(sb, host);
	sb_text_str(sb, exit->comm);
	sb_putc(sb, '[');
	sb_dec(sb, exit->pid);
	sb_putn(sb, "] syscall ", 10);
	text_syscall_name(sb, entry->sys_entry.arch, entry->sys_entry.nr);
	text_syscall_args(sb, entry);
	sb_putn(sb, " = ", 3);
	text_syscall_ret(sb, exit);
	text_exit_verdict(sb, exit);
	text_duration(sb, exit->sys_exit.dur_ns);
	sb_putc(sb, '\n');
}

void ut_format_text(struct sbuf *sb, const struct ut_event *ev)
{
	const char *host = ut_pid_host(ev->pid);
	struct ut_event tmp;

	ev = ut_event_local(ev, &tmp);
	if (ev->kind == UT_LOST) {
		if (ev->lost.count < 0)
			sb_printf(sb, "LOST unknown number of events on cpu %d",
				  ev->cpu);
		else
			sb_printf(sb, "LOST %lld events on cpu %d",
				  ev->lost.count, ev->cpu);
		if (host) {
			sb_puts(sb, " of ");
			sb_text_str(sb, host);
		}
		sb_puts(sb, ev->lost.sig ? " in the -sig instance\n" : "\n");
		return;
	}

	/* "%llu.%06llu %s[%d] %s", without printf: this is per event. */
	ut_time_text(sb, ev->ts);
	sb_putc(sb, ' ');
	text_host(sb, host);
	sb_text_str(sb, ev->comm);
	sb_putc(sb, '[');
	sb_dec(sb, ev->pid);
	sb_putn(sb, "] ", 2);
	sb_puts(sb, ut_kind_name(ev->kind));
	ut_format_details(sb, ev);
	sb_putc(sb, '\n');
}

/*
 * ,"key": -- keys are plain ASCII, so no escaping.  The helpers below
 * are always inlined, so that strlen() of a literal key folds into a
 * constant and the copy into a few moves.
 */
#define JSON_INLINE	static inline __attribute__((always_inline))

JSON_INLINE void json_key(struct sbuf *sb, const char *key)
{
	size_t n = strlen(key);
	char *p = sb_reserve(sb, n + 4);

	p[0] = ',';
	p[1] = '"';
	memcpy(p + 2, key, n);
	p[n + 2] = '"';
	p[n + 3] = ':';
	p[n + 4] = '\0';
	sb->len += n + 4;
}

JSON_INLINE void json_int(struct sbuf *sb, const char *key, long long v)
{
	json_key(sb, key);
	sb_dec(sb, v);
}

JSON_INLINE void json_bool(struct sbuf *sb, const char *key, bool v)
{
	json_key(sb, key);
	if (v)
		sb_lit(sb, "true");
	else
		sb_lit(sb, "false");
}

/* A known ASCII name (no escaping needed), quoted. */
JSON_INLINE void json_name(struct sbuf *sb, const char *key, const char *v)
{
	json_key(sb, key);
	sb_putc(sb, '"');
	sb_puts(sb, v);
	sb_putc(sb, '"');
}

JSON_INLINE void json_int_or_null(struct sbuf *sb, const char *key, bool known,
				  long long v)
{
	json_key(sb, key);
	if (known)
		sb_dec(sb, v);
	else
		sb_lit(sb, "null");
}

/*
 * argv: null when unknown; argv_truncated: more strings than recorded,
 * or one as long as the probe's limit (maybe cut).
 */
static void json_argv(struct sbuf *sb, const struct ut_argv *a,
		      ut_json_argv_fn fn, void *arg)
{
	bool cut = false;
	int i;

	sb_lit(sb, ",\"argv\":");
	if (!a) {
		sb_lit(sb, "null,\"argv_truncated\":null");
		return;
	}
	if (fn)
		fn(sb, a, arg);
	else
		ut_argv_json(sb, a);
	for (i = 0; i < a->n; i++)
		cut |= a->state[i] == UT_ARGV_CUT;
	if (a->more || cut)
		sb_lit(sb, ",\"argv_truncated\":true");
	else
		sb_lit(sb, ",\"argv_truncated\":false");
}

JSON_INLINE void json_str_or_null(struct sbuf *sb, const char *key,
				  const char *v)
{
	json_key(sb, key);
	if (v)
		sb_json_str(sb, v);
	else
		sb_lit(sb, "null");
}

/* A known ASCII name (json_name) or null. */
JSON_INLINE void json_name_or_null(struct sbuf *sb, const char *key,
				   const char *v)
{
	if (v) {
		json_name(sb, key, v);
	} else {
		json_key(sb, key);
		sb_lit(sb, "null");
	}
}

/* Nanoseconds as seconds, null for 0 (not measured). */
JSON_INLINE void json_secs_or_null(struct sbuf *sb, const char *key,
				   uint64_t ns)
{
	json_key(sb, key);
	if (ns)
		sb_secs(sb, ns);
	else
		sb_lit(sb, "null");
}

static void json_signame(struct sbuf *sb, const char *key, int sig)
{
	char buf[32];

	json_str_or_null(sb, key, sig > 0 ? ut_signame(sig, buf, sizeof(buf)) :
			 NULL);
}

/* "code", "status", "signal", "core_dumped" for a wait-status code. */
static void json_wait_status(struct sbuf *sb, bool known, int code)
{
	json_int_or_null(sb, "code", known, code);
	json_int_or_null(sb, "status", known && !(code & 0x7f),
			 (code >> 8) & 0xff);
	json_signame(sb, "signal", known ? code & 0x7f : 0);
	if (known)
		json_bool(sb, "core_dumped", code & 0x80);
	else
		sb_lit(sb, ",\"core_dumped\":null");
}

struct json_flags {
	struct sbuf *sb;
	int n;
};

static void json_flag_one(const char *name, void *arg)
{
	struct json_flags *j = arg;

	sb_printf(j->sb, "%s\"%s\"", j->n++ ? "," : "", name);
}

/* "arch": "x86_64", "i386", "0x..." for others, null when not recorded. */
static void json_arch(struct sbuf *sb, uint32_t arch)
{
	const char *name = ut_arch_name(arch);

	if (name)
		json_name(sb, "arch", name);
	else if (arch != UT_ARCH_UNKNOWN)
		sb_printf(sb, ",\"arch\":\"0x%x\"", arch);
	else
		sb_lit(sb, ",\"arch\":null");
}

static void json_verdict(struct sbuf *sb, int verdict)
{
	const char *v = ut_verdict_name(verdict);

	/* A number for a verdict this recorder has no name for. */
	if (!v && verdict != UT_UNKNOWN)
		json_int(sb, "verdict", verdict);
	else
		json_name_or_null(sb, "verdict", v);
}

static void json_call_fmt(struct sbuf *sb, enum ut_kind kind, uint32_t arch,
			  long nr)
{
	json_name(sb, "event", ut_kind_name(kind));
	json_int(sb, "nr", nr);
	json_arch(sb, arch);
	json_str_or_null(sb, "name", ut_syscall_name_arch(arch, nr));
}

/*
 * ,"event":E,"nr":N,"arch":A,"name":S -- the same for every entry (or
 * exit) of one (arch, nr), so it is made once and copied afterwards.
 */
static void json_call(struct sbuf *sb, enum ut_kind kind, uint32_t arch,
		      long nr)
{
	static struct {
		char *s;
		size_t n;
	} cache[2][3][UT_CALL_CACHE];
	int a = arch == UT_ARCH_UNKNOWN ? 0 : arch == UT_ARCH_X86_64 ? 1 :
		arch == UT_ARCH_I386 ? 2 : -1;
	int k = kind == UT_SYSCALL_EXIT;
	struct sbuf tmp = { 0 };

	if (a < 0 || nr < 0 || nr >= UT_CALL_CACHE) {
		json_call_fmt(sb, kind, arch, nr);
		return;
	}
	if (!cache[k][a][nr].s) {
		json_call_fmt(&tmp, kind, arch, nr);
		cache[k][a][nr].s = tmp.buf;
		cache[k][a][nr].n = tmp.len;
	}
	sb_putn(sb, cache[k][a][nr].s, cache[k][a][nr].n);
}

/*
 * ,"pid":N,"comm":S -- the same for a run of one task's events: kept
 * for the last (pid, comm) and copied while they do not change.
 */
static void json_task(struct sbuf *sb, const struct ut_event *ev)
{
	static int pid = -1;
	static char comm[UT_COMM_LEN];
	static struct sbuf last;

	if (ev->pid != pid || strncmp(ev->comm, comm, UT_COMM_LEN)) {
		pid = ev->pid;
		memcpy(comm, ev->comm, UT_COMM_LEN);
		sb_reset(&last);
		json_int(&last, "pid", ev->pid);
		json_key(&last, "comm");
		sb_json_str(&last, ev->comm);
	}
	sb_putn(sb, last.buf, last.len);
}

static void json_clone(struct sbuf *sb, const struct ut_event *ev)
{
	struct json_flags jf = { .sb = sb };
	uint64_t rest;

	json_int(sb, "parent_pid", ev->clone.parent_pid);
	json_int(sb, "child_pid", ev->clone.child_pid);
	json_int_or_null(sb, "child_tgid", ev->clone.child_tgid != UT_UNKNOWN,
			 ev->clone.child_tgid);
	json_int_or_null(sb, "clone_flags", ev->clone.flags_known,
			 (long long)ev->clone.flags);
	if (ev->clone.flags_known) {
		sb_puts(sb, ",\"clone_flag_names\":[");
		rest = ut_clone_flags_each(ev->clone.flags, json_flag_one, &jf);
		if (rest)
			sb_printf(sb, "%s\"0x%llx\"", jf.n ? "," : "",
				  (unsigned long long)rest);
		sb_puts(sb, "]");
	} else {
		sb_puts(sb, ",\"clone_flag_names\":null");
	}
	json_int_or_null(sb, "exit_signal", ev->clone.exit_signal != UT_UNKNOWN,
			 ev->clone.exit_signal);
}

/* Native clone (the child's), exec, exit, death: "start_ns", "cgroup_id". */
static void json_identity(struct sbuf *sb, const struct ut_event *ev)
{
	json_int_or_null(sb, "start_ns", ev->start_ns, (long long)ev->start_ns);
	json_int_or_null(sb, "cgroup_id", ev->cgroup_id,
			 (long long)ev->cgroup_id);
}

/* Does an exit cause come with a signal (sender_pid, sender_uid, si_code)? */
static bool cause_has_signal(int cause)
{
	return cause == UT_CAUSE_SIGNAL || cause == UT_CAUSE_FAULT ||
	       cause == UT_CAUSE_SECCOMP || cause == UT_CAUSE_RLIMIT ||
	       cause == UT_CAUSE_OOM;
}

/* An exit's or death's signal sender: null unless the cause has one. */
static void json_exit_sender(struct sbuf *sb, int cause, int sender_pid,
			     long long sender_uid, int si_code)
{
	bool sig = cause_has_signal(cause);

	json_int_or_null(sb, "sender_pid", sig && sender_pid >= 0, sender_pid);
	json_int_or_null(sb, "sender_uid", sig && sender_uid >= 0, sender_uid);
	json_int_or_null(sb, "si_code", sig, si_code);
}

/*
 * The path argument the kernel copied (native): "path" (null for a bad
 * pointer), "path_arg" its index, "path_state" ok, cut or fault.
 */
static void json_sys_entry_path(struct sbuf *sb, const struct ut_event *ev)
{
	static const char *const states[] = { "none", "ok", "cut", "fault" };
	int st = ev->sys_entry.path_state;

	if (st <= UT_PATH_NONE || st > UT_PATH_FAULT)
		return;
	json_str_or_null(sb, "path", st == UT_PATH_FAULT ? NULL :
			 ev->sys_entry.path);
	json_int(sb, "path_arg", ev->sys_entry.path_arg);
	json_name(sb, "path_state", states[st]);
}

static void json_sys_entry(struct sbuf *sb, const struct ut_event *ev)
{
	struct ut_path_arg p;
	int i;

	json_call(sb, ev->kind, ev->sys_entry.arch, ev->sys_entry.nr);
	sb_lit(sb, ",\"args\":[");
	for (i = 0; i < 6; i++) {
		if (i)
			sb_putc(sb, ',');
		sb_udec(sb, ev->sys_entry.args[i]);
	}
	sb_putc(sb, ']');
	/* The same as the text shows them; null for calls not decoded. */
	json_key(sb, "decoded_args");
	if (!ut_args_json_path(sb, ev->sys_entry.arch, ev->sys_entry.nr,
			       ev->sys_entry.args, path_arg(ev, &p)))
		sb_lit(sb, "null");
	json_sys_entry_path(sb, ev);
	json_verdict(sb, ev->sys_entry.verdict);
}

static void json_sys_exit(struct sbuf *sb, const struct ut_event *ev)
{
	long ret = syscall_ret(ev);
	const char *name = NULL;

	json_call(sb, ev->kind, ev->sys_exit.arch, ev->sys_exit.nr);
	json_int(sb, "ret", ret);
	if (ret < 0 && ret >= -4095)
		name = ut_errno_name((int)-ret);
	json_name_or_null(sb, "errno", name);
	json_verdict(sb, ev->sys_exit.verdict);
	if (ev->sys_exit.rule)
		json_int(sb, "rule", ev->sys_exit.rule);
	json_secs_or_null(sb, "duration", ev->sys_exit.dur_ns);
}

static void json_signal(struct sbuf *sb, const struct ut_event *ev)
{
	json_int(sb, "signo", ev->signal.signo);
	json_signame(sb, "signal", ev->signal.signo);
	json_int(sb, "si_code", ev->signal.si_code);
	json_int_or_null(sb, "sender_pid", ev->signal.sender_pid >= 0,
			 ev->signal.sender_pid);
	json_int(sb, "context_pid", ev->signal.ctx_pid);
	if (ev->signal.addr_known)
		sb_printf(sb, ",\"addr\":%" PRIu64, ev->signal.addr);
	else
		sb_puts(sb, ",\"addr\":null");
	sb_printf(sb, ",\"disposition\":\"%s\"",
		  ut_disp_name(ev->signal.disposition));
	sb_printf(sb, ",\"disposition_inferred\":%s",
		  ev->signal.disp_inferred ? "true" : "false");
	json_str_or_null(sb, "engine_disposition",
			 ev->signal.engine_disposition == UT_UNKNOWN ? NULL :
			 ut_disp_name(ev->signal.engine_disposition));
}

/* A task that existed at start; null for what is not known. */
static void json_task_record(struct sbuf *sb, const struct ut_event *ev)
{
	json_int(sb, "tgid", ev->task.tgid);
	json_int(sb, "ppid", ev->task.ppid);
	json_secs_or_null(sb, "start", ev->task.start_ns);
	json_str_or_null(sb, "exe", ev->task.exe);
	json_int_or_null(sb, "cgroup_id", ev->task.cgroup_id != 0,
			 (long long)ev->task.cgroup_id);
	json_int_or_null(sb, "uid", ev->task.uid != UT_UNKNOWN, ev->task.uid);
	json_name(sb, "source", ev->task.from_proc ? "proc" : "statedump");
}

void ut_format_json_fields(struct sbuf *sb, const struct ut_event *ev,
			   ut_json_argv_fn argv_fn, void *argv_arg)
{
	struct ut_event tmp;
	int64_t unix_ns;

	/* Several hosts (-i): each its own pids; "host.name" is the caller's. */
	ev = ut_event_local(ev, &tmp);
	/* "time":S.NNNNNNNNN,"cpu":N -- no printf: this is per event. */
	sb_lit(sb, "\"time\":");
	sb_secs(sb, ev->ts);
	if (ut_time_unix_ns(ev->ts, &unix_ns)) {
		sb_lit(sb, ",\"time_unix_ns\":");
		sb_dec(sb, unix_ns);
	}
	json_int(sb, "cpu", ev->cpu);
	if (ev->kind == UT_LOST) {
		sb_lit(sb, ",\"pid\":null,\"comm\":null,\"event\":\"lost\"");
		json_int_or_null(sb, "count", ev->lost.count >= 0,
				 ev->lost.count);
		if (ev->lost.sig)
			sb_lit(sb, ",\"instance\":\"sig\"");
		return;
	}
	json_task(sb, ev);
	if (ev->kind != UT_SYSCALL_ENTRY && ev->kind != UT_SYSCALL_EXIT)
		json_name(sb, "event", ut_kind_name(ev->kind));

	switch (ev->kind) {
	case UT_CLONE:
		json_clone(sb, ev);
		json_identity(sb, ev);
		break;
	case UT_VFORK_DONE:
		sb_printf(sb, ",\"child_pid\":%d", ev->vfork_done.child_pid);
		break;
	case UT_EXEC:
		json_str_or_null(sb, "filename", ev->exec.filename);
		sb_printf(sb, ",\"old_pid\":%d", ev->exec.old_pid);
		json_str_or_null(sb, "errno", ev->exec.err ?
				 ut_errno_name(ev->exec.err) : NULL);
		json_int_or_null(sb, "ppid", ev->exec.ppid > 0, ev->exec.ppid);
		json_argv(sb, ev->exec.argv, argv_fn, argv_arg);
		json_identity(sb, ev);
		break;
	case UT_EXIT:
		json_wait_status(sb, ev->exit.code_known, ev->exit.code);
		/* No released kernel has orig_code: the key stays for readers. */
		sb_lit(sb, ",\"orig_code\":null");
		json_str_or_null(sb, "cause", cause_name(ev->exit.cause));
		json_int_or_null(sb, "cause_pid",
				 cause_name(ev->exit.cause) &&
				 ev->exit.cause_pid > 0, ev->exit.cause_pid);
		json_int_or_null(sb, "ppid", ev->exit.ppid > 0, ev->exit.ppid);
		json_secs_or_null(sb, "age", ev->exit.age_ns);
		json_exit_sender(sb, ev->exit.cause, ev->exit.sender_pid,
				 ev->exit.sender_uid, ev->exit.si_code);
		json_identity(sb, ev);
		break;
	case UT_DEATH:
		json_wait_status(sb, true, ev->death.exit_code);
		sb_printf(sb, ",\"exit_signal\":%d,\"group_dead\":%s",
			  ev->death.exit_signal,
			  ev->death.group_dead ? "true" : "false");
		json_str_or_null(sb, "cause", cause_name(ev->death.cause));
		json_int_or_null(sb, "cause_pid",
				 cause_name(ev->death.cause) &&
				 ev->death.cause_pid > 0, ev->death.cause_pid);
		json_exit_sender(sb, ev->death.cause, ev->death.sender_pid,
				 ev->death.sender_uid, ev->death.si_code);
		json_identity(sb, ev);
		break;
	case UT_REAP:
		json_int(sb, "reaped_pid", ev->reap.pid);
		json_int_or_null(sb, "tgid", ev->reap.tgid != UT_UNKNOWN,
				 ev->reap.tgid);
		json_int_or_null(sb, "reaper_pid",
				 ev->reap.reaper_pid != UT_UNKNOWN,
				 ev->reap.reaper_pid);
		break;
	case UT_SYSCALL_ENTRY:
		json_sys_entry(sb, ev);
		break;
	case UT_SYSCALL_EXIT:
		json_sys_exit(sb, ev);
		break;
	case UT_SIGNAL:
		json_signal(sb, ev);
		break;
	case UT_JCTL:
		if (ev->jctl.type == UT_JCTL_STOP)
			sb_puts(sb, ",\"type\":\"stop\"");
		else if (ev->jctl.type == UT_JCTL_CONTINUE)
			sb_puts(sb, ",\"type\":\"continue\"");
		else
			sb_printf(sb, ",\"type\":%d", ev->jctl.type);
		sb_printf(sb, ",\"signo\":%d", ev->jctl.signo);
		json_signame(sb, "signal", ev->jctl.signo);
		sb_printf(sb, ",\"notify\":%s", ev->jctl.notify ? "true" : "false");
		break;
	case UT_TASK:
		json_task_record(sb, ev);
		break;
	default:
		break;
	}
}

void ut_format_json(struct sbuf *sb, const struct ut_event *ev)
{
	const char *host = ut_pid_host(ev->pid);

	sb_putc(sb, '{');
	if (host) {
		sb_lit(sb, "\"host.name\":");
		sb_json_str(sb, host);
		sb_putc(sb, ',');
	}
	ut_format_json_fields(sb, ev, NULL, NULL);
	sb_lit(sb, "}\n");
}
