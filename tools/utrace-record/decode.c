// SPDX-License-Identifier: GPL-2.0
/* decode.c - native (utrace:*) and compat (mainline) record decoders. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "decode.h"
#include "names.h"

enum ut_src {
	/* native */
	SRC_N_CLONE, SRC_N_VFORK_DONE, SRC_N_EXEC, SRC_N_EXIT, SRC_N_DEATH,
	SRC_N_REAP, SRC_N_SYS_ENTRY, SRC_N_SYS_EXIT, SRC_N_SIGNAL, SRC_N_JCTL,
	SRC_N_TASK,
	/* compat */
	SRC_C_FORK, SRC_C_EXEC, SRC_C_EXIT, SRC_C_FREE, SRC_C_DELIVER,
	SRC_C_SYS_ENTER, SRC_C_SYS_EXIT, SRC_C_EXIT_GROUP, SRC_C_EXIT_CALL,
	SRC_C_GENERATE, SRC_C_NEWTASK, SRC_C_EXECVE, SRC_C_EXECVE_EXIT,
	/* both modes */
	SRC_S_RENAME,
};

#define K(x) UT_KIND_BIT(UT_##x)

/*
 * Every tracepoint a mode may enable, with the output kinds that need it.
 * The comm table always needs clone and exec; compat exit codes need the
 * exit syscalls and signal deliveries.
 */
const struct ut_tp ut_native_tps[] = {
	{ "utrace", "utrace_clone",		UT_KINDS_ALL },
	{ "utrace", "utrace_vfork_done",	K(VFORK_DONE) },
	{ "utrace", "utrace_exec",		UT_KINDS_ALL },
	{ "utrace", "utrace_exit",		K(EXIT) },
	{ "utrace", "utrace_death",		K(DEATH) },
	{ "utrace", "utrace_reap",		K(REAP) },
	{ "utrace", "utrace_syscall_entry",	K(SYSCALL_ENTRY) },
	{ "utrace", "utrace_syscall_exit",	K(SYSCALL_EXIT) },
	{ "utrace", "utrace_signal",		K(SIGNAL) },
	{ "utrace", "utrace_jctl",		K(JCTL) },
	/* The statedump's records: the table needs them whatever is shown. */
	{ "utrace", "utrace_task",		UT_KINDS_ALL },
	/* Mainline events native mode uses too: renames, and frees (in
	 * the -sig instance only: the old task's free of a reused pid). */
	{ "task", "task_rename",		UT_KINDS_ALL },
	{ "sched", "sched_process_free",	0 },
	{ NULL, NULL, 0 },
};

const struct ut_tp ut_compat_tps[] = {
	{ "sched", "sched_process_fork",	UT_KINDS_ALL },
	{ "sched", "sched_process_exec",	UT_KINDS_ALL },
	{ "sched", "sched_process_exit",	K(EXIT) },
	{ "sched", "sched_process_free",	K(REAP) },
	{ "signal", "signal_deliver",		K(SIGNAL) | K(EXIT) },
	{ "signal", "signal_generate",		K(SIGNAL) | K(EXIT) },
	{ "raw_syscalls", "sys_enter",		K(SYSCALL_ENTRY) },
	{ "raw_syscalls", "sys_exit",		K(SYSCALL_EXIT) },
	{ "syscalls", "sys_enter_exit_group",	K(EXIT) },
	{ "syscalls", "sys_enter_exit",		K(EXIT) },
	{ "task", "task_newtask",		UT_KINDS_ALL },
	{ "syscalls", "sys_enter_execve",	K(EXIT) },
	{ "syscalls", "sys_enter_execveat",	K(EXIT) },
	{ "syscalls", "sys_exit_execve",	K(EXEC) },
	{ "syscalls", "sys_exit_execveat",	K(EXEC) },
	{ "task", "task_rename",		UT_KINDS_ALL },
	{ NULL, NULL, 0 },
};

#define UT_MAX_FIELDS 12

struct ut_dec_event {
	int id;
	enum ut_src src;
	struct tep_event *event;
	struct tep_format_field *f[UT_MAX_FIELDS];
	struct tep_format_field *pid;	/* common_pid */
	bool host_order;		/* data in host byte order: read directly */
	bool native;			/* a mainline event in native mode */
	bool from_sig;			/* of the -sig instance */
};

/* Field names per source, in the order decoders use them. */
static const char *const src_fields[][UT_MAX_FIELDS] = {
	[SRC_N_CLONE]	= { "parent_pid", "child_pid", "child_tgid",
			    "clone_flags", "exit_signal", "start_time",
			    "cgroup_id" },
	[SRC_N_VFORK_DONE] = { "child_pid" },
	[SRC_N_EXEC]	= { "filename", "old_pid", "pid", "start_time",
			    "cgroup_id" },
	[SRC_N_EXIT]	= { "code", "start_time", "cgroup_id", "cause",
			    "cause_pid", "sender_pid", "sender_uid", "si_code" },
	[SRC_N_DEATH]	= { "exit_code", "exit_signal", "group_dead",
			    "start_time", "cgroup_id", "cause", "cause_pid",
			    "sender_pid", "sender_uid", "si_code" },
	[SRC_N_REAP]	= { "pid", "tgid", "reaper_pid" },
	[SRC_N_SYS_ENTRY] = { "nr", "args", "verdict", "arch", "path_state",
			      "path_arg", "path" },
	[SRC_N_SYS_EXIT] = { "nr", "ret", "verdict", "arch", "rule" },
	[SRC_N_SIGNAL]	= { "signo", "si_code", "sender_pid", "addr",
			    "disposition", "engine_disposition", "pid" },
	[SRC_N_JCTL]	= { "type", "signo", "notify" },
	[SRC_N_TASK]	= { "pid", "tgid", "ppid", "comm", "start_time", "exe",
			    "cgroup_id", "uid" },
	[SRC_C_FORK]	= { "parent_pid", "child_pid", "child_comm" },
	[SRC_C_EXEC]	= { "filename", "old_pid", "pid" },
	[SRC_C_EXIT]	= { "pid", "group_dead", "comm" },
	[SRC_C_FREE]	= { "pid" },
	[SRC_C_DELIVER]	= { "sig", "code", "sa_handler" },
	[SRC_C_SYS_ENTER] = { "id", "args" },
	[SRC_C_SYS_EXIT] = { "id", "ret" },
	[SRC_C_EXIT_GROUP] = { "error_code" },
	[SRC_C_EXIT_CALL] = { "error_code" },
	[SRC_C_GENERATE] = { "sig", "code", "pid", "result", "group" },
	[SRC_C_NEWTASK] = { "pid", "clone_flags" },
	[SRC_C_EXECVE] = { NULL },
	[SRC_C_EXECVE_EXIT] = { "ret" },
	[SRC_S_RENAME] = { "pid", "newcomm" },
};

static const struct {
	const char *system, *name;
	enum ut_src src;
} src_events[] = {
	{ "utrace", "utrace_clone", SRC_N_CLONE },
	{ "utrace", "utrace_vfork_done", SRC_N_VFORK_DONE },
	{ "utrace", "utrace_exec", SRC_N_EXEC },
	{ "utrace", "utrace_exit", SRC_N_EXIT },
	{ "utrace", "utrace_death", SRC_N_DEATH },
	{ "utrace", "utrace_reap", SRC_N_REAP },
	{ "utrace", "utrace_syscall_entry", SRC_N_SYS_ENTRY },
	{ "utrace", "utrace_syscall_exit", SRC_N_SYS_EXIT },
	{ "utrace", "utrace_signal", SRC_N_SIGNAL },
	{ "utrace", "utrace_jctl", SRC_N_JCTL },
	{ "utrace", "utrace_task", SRC_N_TASK },
	{ "sched", "sched_process_fork", SRC_C_FORK },
	{ "sched", "sched_process_exec", SRC_C_EXEC },
	{ "sched", "sched_process_exit", SRC_C_EXIT },
	{ "sched", "sched_process_free", SRC_C_FREE },
	{ "signal", "signal_deliver", SRC_C_DELIVER },
	{ "raw_syscalls", "sys_enter", SRC_C_SYS_ENTER },
	{ "raw_syscalls", "sys_exit", SRC_C_SYS_EXIT },
	{ "syscalls", "sys_enter_exit_group", SRC_C_EXIT_GROUP },
	{ "syscalls", "sys_enter_exit", SRC_C_EXIT_CALL },
	{ "signal", "signal_generate", SRC_C_GENERATE },
	{ "task", "task_newtask", SRC_C_NEWTASK },
	{ "syscalls", "sys_enter_execve", SRC_C_EXECVE },
	{ "syscalls", "sys_enter_execveat", SRC_C_EXECVE },
	{ "syscalls", "sys_exit_execve", SRC_C_EXECVE_EXIT },
	{ "syscalls", "sys_exit_execveat", SRC_C_EXECVE_EXIT },
	{ "task", "task_rename", SRC_S_RENAME },
};

/* Direct reads when the records are in this machine's byte order. */
static void set_fast(struct ut_dec_event *de)
{
	struct tep_handle *tep = de->event->tep;

	de->pid = tep_find_common_field(de->event, "common_pid");
	de->host_order = tep && tep_is_file_bigendian(tep) ==
			 tep_is_local_bigendian(tep);
}

int ut_decoder_init(struct ut_decoder *d, struct tep_handle *tep,
		    enum ut_mode mode)
{
	const char *want = mode == UT_MODE_NATIVE ? "utrace" : NULL;
	size_t i;
	int j, own = 0;

	memset(d, 0, sizeof(*d));
	d->tep = tep;
	d->mode = mode;
	d->events = calloc(sizeof(src_events) / sizeof(src_events[0]),
			   sizeof(*d->events));
	if (!d->events)
		return -1;
	for (i = 0; i < sizeof(src_events) / sizeof(src_events[0]); i++) {
		struct ut_dec_event *de = &d->events[d->nr_events];
		bool native = !strcmp(src_events[i].system, "utrace");
		/* Mainline events that native mode uses as well. */
		bool shared = src_events[i].src == SRC_S_RENAME ||
			      src_events[i].src == SRC_C_FREE;

		if ((want && !native && !shared) || (!want && native))
			continue;
		de->event = tep_find_event_by_name(tep, src_events[i].system,
						   src_events[i].name);
		if (!de->event)
			continue;
		de->id = de->event->id;
		de->src = src_events[i].src;
		de->native = want && !native;
		own += !shared || !want;
		set_fast(de);
		for (j = 0; j < UT_MAX_FIELDS; j++) {
			const char *f = src_fields[de->src][j];

			if (f)
				de->f[j] = tep_find_field(de->event, f);
		}
		d->nr_events++;
	}
	if (d->nr_events) {
		struct tep_format_field *t =
			tep_find_common_field(d->events[0].event, "common_type");

		if (t && t->offset == 0 && d->events[0].host_order)
			d->type_size = t->size;
	}
	/* The mode's own events: a file of the other mode has none. */
	return own;
}

void ut_decoder_from_sig(struct ut_decoder *d)
{
	int i;

	for (i = 0; i < d->nr_events; i++)
		d->events[i].from_sig = true;
}

void ut_decoder_free(struct ut_decoder *d)
{
	free(d->events);
	d->events = NULL;
	d->nr_events = 0;
}

/*
 * An unsigned number of size bytes at p, in host order.  Fields were
 * looked up once (ut_decoder_init); this is the per-event read.
 */
static inline unsigned long long raw_num(const void *p, int size)
{
	union { uint8_t b; uint16_t h; uint32_t w; uint64_t d; } u;

	switch (size) {
	case 1: memcpy(&u.b, p, 1); return u.b;
	case 2: memcpy(&u.h, p, 2); return u.h;
	case 4: memcpy(&u.w, p, 4); return u.w;
	case 8: memcpy(&u.d, p, 8); return u.d;
	}
	return 0;
}

static inline bool read_field(struct ut_dec_event *de,
			      struct tep_format_field *f, void *data,
			      unsigned long long *v)
{
	if (de->host_order) {
		if (f->size != 1 && f->size != 2 && f->size != 4 &&
		    f->size != 8)
			return false;
		*v = raw_num((char *)data + f->offset, f->size);
		return true;
	}
	return !tep_read_number_field(f, data, v);
}

/* Numeric field; def when the field does not exist in this kernel. */
static long long num(struct ut_dec_event *de, int i, void *data, long long def)
{
	struct tep_format_field *f = de->f[i];
	unsigned long long v;

	if (!f || !read_field(de, f, data, &v))
		return def;
	/* Sign-extend signed fields narrower than 64 bits. */
	if ((f->flags & TEP_FIELD_IS_SIGNED) && f->size < 8) {
		int shift = 64 - 8 * f->size;

		return (long long)(v << shift) >> shift;
	}
	return (long long)v;
}

static bool has(struct ut_dec_event *de, int i)
{
	return de->f[i] != NULL;
}

/* Element n of an array field (syscall args). */
static unsigned long elem(struct tep_handle *tep, struct ut_dec_event *de,
			  int i, void *data, int n)
{
	struct tep_format_field *f = de->f[i];
	int esz;

	if (!f || !f->arraylen)
		return 0;
	esz = f->size / f->arraylen;
	if ((unsigned int)n >= f->arraylen || esz <= 0)
		return 0;
	if (de->host_order)
		return raw_num((char *)data + f->offset + n * esz, esz);
	return tep_read_number(tep, (char *)data + f->offset + n * esz, esz);
}

/* String field, static array or __data_loc; copied into a new string. */
static char *str_dup(struct ut_dec_event *de, int i, struct tep_record *rec)
{
	struct tep_format_field *f = de->f[i];
	char *p;
	int len;

	if (!f)
		return NULL;
	p = tep_get_field_raw(NULL, de->event, f->name, rec, &len, 0);
	if (!p || len < 0)
		return NULL;
	return strndup(p, len);
}

static void str_copy(struct ut_dec_event *de, int i, struct tep_record *rec,
		     char *dst, size_t size)
{
	char *s = str_dup(de, i, rec);

	dst[0] = '\0';
	if (s) {
		strncpy(dst, s, size - 1);
		dst[size - 1] = '\0';
		free(s);
	}
}

/*
 * A __data_loc string (the syscall's path) into dst, without the name
 * lookup and the copy of str_copy() when the record is in host order.
 */
static void loc_copy(struct ut_dec_event *de, int i, struct tep_record *rec,
		     char *dst, size_t size)
{
	struct tep_format_field *f = de->f[i];
	unsigned int loc, off, len;

	if (!f || !de->host_order || !(f->flags & TEP_FIELD_IS_DYNAMIC) ||
	    f->size != 4) {
		str_copy(de, i, rec, dst, size);
		return;
	}
	memcpy(&loc, (char *)rec->data + f->offset, 4);
	off = loc & 0xffff;
	len = loc >> 16;
	if (off + len > (unsigned int)rec->size)
		len = 0;
	if (len >= size)
		len = size - 1;
	memcpy(dst, (char *)rec->data + off, len);
	dst[len] = '\0';
}

static struct ut_dec_event *lookup(struct ut_decoder *d, int id)
{
	int i;

	for (i = 0; i < d->nr_events; i++)
		if (d->events[i].id == id)
			return &d->events[i];
	return NULL;
}

/*
 * Sources that native and compat mode share the decoding of.  The
 * decoders are inline: this is the per-record path.
 */
static inline void decode_exec(struct ut_dec_event *de,
			       struct tep_record *rec, struct ut_event *ev)
{
	ev->kind = UT_EXEC;
	ev->exec.filename = str_dup(de, 0, rec);
	ev->exec.old_pid = num(de, 1, rec->data, ev->pid);
	ev->exec.new_pid = num(de, 2, rec->data, ev->pid);
	ev->start_ns = num(de, 3, rec->data, 0);
	ev->cgroup_id = num(de, 4, rec->data, 0);
}

/* The kernel's enum utrace_exit_cause, in the recorder's terms. */
static const int native_causes[] = {
	UT_CAUSE_UNKNOWN, UT_CAUSE_EXIT, UT_CAUSE_EXIT_GROUP, UT_CAUSE_EXEC,
	UT_CAUSE_SIGNAL, UT_CAUSE_FAULT, UT_CAUSE_SECCOMP, UT_CAUSE_RLIMIT,
	UT_CAUSE_OOM, UT_CAUSE_KERNEL,
};

/*
 * An exit or death's identity and cause fields, from field i on: start,
 * cgroup, cause, cause_pid, sender_pid, sender_uid, si_code.  Without
 * them (an older kernel) the cause stays UT_CAUSE_NONE.
 */
static inline void decode_why(struct ut_dec_event *de, int i, void *data,
			      struct ut_event *ev, int *cause, int *cause_pid,
			      int *sender_pid, long long *sender_uid,
			      int *si_code)
{
	long long c = num(de, i + 2, data, -1), uid;

	ev->start_ns = num(de, i, data, 0);
	ev->cgroup_id = num(de, i + 1, data, 0);
	if (c < 0)
		return;
	*cause = c < (long long)(sizeof(native_causes) / sizeof(int)) ?
		 native_causes[c] : UT_CAUSE_UNKNOWN;
	*cause_pid = num(de, i + 3, data, 0);
	*sender_pid = num(de, i + 4, data, -1);
	uid = num(de, i + 5, data, -1);
	*sender_uid = uid == 0xffffffffLL ? UT_UNKNOWN : uid;
	*si_code = num(de, i + 6, data, 0);
}

static inline void decode_sys_entry(struct tep_handle *tep,
				    struct ut_dec_event *de,
				    struct tep_record *rec, struct ut_event *ev)
{
	void *data = rec->data;
	int i;

	ev->kind = UT_SYSCALL_ENTRY;
	ev->sys_entry.nr = num(de, 0, data, -1);
	for (i = 0; i < 6; i++)
		ev->sys_entry.args[i] = elem(tep, de, 1, data, i);
	ev->sys_entry.verdict = num(de, 2, data, UT_UNKNOWN);
	ev->sys_entry.arch = num(de, 3, data, UT_ARCH_UNKNOWN);
	/* The path argument the kernel copied (native): a string field. */
	ev->sys_entry.path_state = num(de, 4, data, UT_PATH_NONE);
	ev->sys_entry.path_arg = num(de, 5, data, -1);
	if (ev->sys_entry.path_state == UT_PATH_OK ||
	    ev->sys_entry.path_state == UT_PATH_CUT)
		loc_copy(de, 6, rec, ev->sys_entry.path,
			 sizeof(ev->sys_entry.path));
	else if (ev->sys_entry.path_state != UT_PATH_FAULT)
		ev->sys_entry.path_state = UT_PATH_NONE;
}

static inline void decode_sys_exit(struct ut_dec_event *de, void *data,
				   struct ut_event *ev)
{
	ev->kind = UT_SYSCALL_EXIT;
	ev->sys_exit.nr = num(de, 0, data, -1);
	ev->sys_exit.ret = num(de, 1, data, 0);
	ev->sys_exit.verdict = num(de, 2, data, UT_UNKNOWN);
	ev->sys_exit.arch = num(de, 3, data, UT_ARCH_UNKNOWN);
	ev->sys_exit.dur_ns = 0;	/* set by the pairing (calls.c) */
	/* The fault rule that acted on the call, or 0. */
	ev->sys_exit.rule = num(de, 4, data, 0);
}

/* The utrace:* events. */
static inline int decode_native(struct tep_handle *tep,
				struct ut_dec_event *de,
				struct tep_record *rec, struct ut_event *ev)
{
	void *data = rec->data;

	switch (de->src) {
	case SRC_N_CLONE:
		ev->kind = UT_CLONE;
		ev->clone.parent_pid = num(de, 0, data, ev->pid);
		ev->clone.child_pid = num(de, 1, data, 0);
		ev->clone.child_tgid = num(de, 2, data, UT_UNKNOWN);
		ev->clone.flags_known = has(de, 3);
		ev->clone.flags = num(de, 3, data, 0);
		ev->clone.exit_signal = num(de, 4, data, UT_UNKNOWN);
		ev->start_ns = num(de, 5, data, 0);
		ev->cgroup_id = num(de, 6, data, 0);
		break;
	case SRC_N_VFORK_DONE:
		ev->kind = UT_VFORK_DONE;
		ev->vfork_done.child_pid = num(de, 0, data, 0);
		break;
	case SRC_N_EXEC:
		decode_exec(de, rec, ev);
		break;
	case SRC_N_EXIT:
		ev->kind = UT_EXIT;
		ev->exit.code_known = has(de, 0);
		ev->exit.code = num(de, 0, data, 0);
		ev->exit.group_dead = UT_UNKNOWN;
		ev->exit.sender_pid = -1;
		ev->exit.sender_uid = UT_UNKNOWN;
		decode_why(de, 1, data, ev, &ev->exit.cause,
			   &ev->exit.cause_pid, &ev->exit.sender_pid,
			   &ev->exit.sender_uid, &ev->exit.si_code);
		break;
	case SRC_N_DEATH:
		ev->kind = UT_DEATH;
		ev->death.exit_code = num(de, 0, data, 0);
		ev->death.exit_signal = num(de, 1, data, 0);
		ev->death.group_dead = num(de, 2, data, 0);
		ev->death.sender_pid = -1;
		ev->death.sender_uid = UT_UNKNOWN;
		decode_why(de, 3, data, ev, &ev->death.cause,
			   &ev->death.cause_pid, &ev->death.sender_pid,
			   &ev->death.sender_uid, &ev->death.si_code);
		break;
	case SRC_N_REAP:
		ev->kind = UT_REAP;
		ev->reap.pid = num(de, 0, data, 0);
		ev->reap.tgid = num(de, 1, data, UT_UNKNOWN);
		ev->reap.reaper_pid = num(de, 2, data, UT_UNKNOWN);
		break;
	case SRC_N_SYS_ENTRY:
		decode_sys_entry(tep, de, rec, ev);
		break;
	case SRC_N_SYS_EXIT:
		decode_sys_exit(de, data, ev);
		break;
	case SRC_N_SIGNAL:
		ev->kind = UT_SIGNAL;
		/*
		 * The receiver: a fatal signal that makes the group exit
		 * at send time is traced in the sender.
		 */
		ev->signal.ctx_pid = ev->pid;
		ev->pid = num(de, 6, data, ev->pid);
		ev->signal.signo = num(de, 0, data, 0);
		ev->signal.si_code = num(de, 1, data, 0);
		ev->signal.sender_pid = num(de, 2, data, -1);
		ev->signal.addr_known = has(de, 3);
		ev->signal.addr = num(de, 3, data, 0);
		ev->signal.disposition = num(de, 4, data, UT_DISP_HANDLER);
		ev->signal.engine_disposition = num(de, 5, data, UT_UNKNOWN);
		break;
	case SRC_N_JCTL:
		ev->kind = UT_JCTL;
		ev->jctl.type = num(de, 0, data, 0);
		ev->jctl.signo = num(de, 1, data, 0);
		ev->jctl.notify = num(de, 2, data, 0);
		break;
	case SRC_N_TASK:
		/* Written by the statedump's writer: the task is a field. */
		ev->kind = UT_TASK;
		ev->pid = num(de, 0, data, 0);
		ev->task.tgid = num(de, 1, data, ev->pid);
		ev->task.ppid = num(de, 2, data, 0);
		str_copy(de, 3, rec, ev->comm, sizeof(ev->comm));
		ev->task.start_ns = num(de, 4, data, 0);
		ev->task.exe = str_dup(de, 5, rec);
		if (ev->task.exe && !ev->task.exe[0]) {
			free(ev->task.exe);
			ev->task.exe = NULL;
		}
		ev->task.cgroup_id = num(de, 6, data, 0);
		ev->task.uid = has(de, 7) ? (long long)(uint32_t)num(de, 7, data, 0) :
			       UT_UNKNOWN;
		break;
	default:
		break;
	}
	return 1;
}

/* The mainline tracepoints of compat mode; 0 for records not shown. */
static inline int decode_compat(struct tep_handle *tep,
				struct ut_dec_event *de,
				struct tep_record *rec, struct ut_event *ev)
{
	void *data = rec->data;
	int i;

	switch (de->src) {
	case SRC_C_FORK:
		ev->kind = UT_CLONE;
		ev->clone.parent_pid = num(de, 0, data, ev->pid);
		ev->clone.child_pid = num(de, 1, data, 0);
		ev->clone.child_tgid = UT_UNKNOWN;
		ev->clone.exit_signal = UT_UNKNOWN;
		str_copy(de, 2, rec, ev->clone.child_comm,
			 sizeof(ev->clone.child_comm));
		break;
	case SRC_C_EXEC:
		decode_exec(de, rec, ev);
		break;
	case SRC_C_EXIT:
		ev->kind = UT_EXIT;
		ev->pid = num(de, 0, data, ev->pid);
		ev->exit.group_dead = num(de, 1, data, UT_UNKNOWN);
		/* The task's comm now, renames included (the table's wins
		 * only when the record has none). */
		str_copy(de, 2, rec, ev->comm, sizeof(ev->comm));
		break;
	case SRC_C_FREE:
		if (de->native) {
			/* Only for pid reuse: utrace_reap is the reap line. */
			ev->kind = UT_X_FREE;
			ev->free.pid = num(de, 0, data, 0);
			break;
		}
		/*
		 * Written by whatever task ran the RCU callback: the line
		 * is the freed task's own.
		 */
		ev->kind = UT_REAP;
		ev->reap.pid = num(de, 0, data, 0);
		ev->pid = ev->reap.pid;
		ev->reap.tgid = UT_UNKNOWN;
		ev->reap.reaper_pid = UT_UNKNOWN;
		break;
	case SRC_C_DELIVER:
		ev->kind = UT_SIGNAL;
		ev->signal.signo = num(de, 0, data, 0);
		ev->signal.si_code = num(de, 1, data, 0);
		ev->signal.ctx_pid = ev->pid;
		ev->signal.sender_pid = -1;
		ev->signal.disposition =
			ut_infer_disp(ev->signal.signo,
				      (unsigned long)num(de, 2, data, 0));
		ev->signal.disp_inferred = true;
		ev->signal.engine_disposition = UT_UNKNOWN;
		break;
	case SRC_C_SYS_ENTER:
		decode_sys_entry(tep, de, rec, ev);
		break;
	case SRC_C_SYS_EXIT:
		decode_sys_exit(de, data, ev);
		break;
	case SRC_C_EXIT_GROUP:
	case SRC_C_EXIT_CALL:
		ev->kind = UT_X_EXITCALL;
		ev->exitcall.code = (num(de, 0, data, 0) & 0xff) << 8;
		ev->exitcall.group = de->src == SRC_C_EXIT_GROUP;
		break;
	case SRC_C_GENERATE:
		/*
		 * Generations that queued the signal (0), lost its info (4)
		 * or found it ignored (1, never delivered).
		 */
		i = num(de, 3, data, 0);
		if (i != 0 && i != 1 && i != 4)
			return 0;
		ev->kind = UT_X_SIGGEN;
		ev->siggen.signo = num(de, 0, data, 0);
		ev->siggen.si_code = num(de, 1, data, 0);
		ev->siggen.target = num(de, 2, data, 0);
		ev->siggen.group = num(de, 4, data, 0) != 0;
		ev->siggen.result = i;
		break;
	case SRC_C_NEWTASK:
		/* Written in the parent, before sched_process_fork. */
		ev->kind = UT_X_NEWTASK;
		ev->newtask.child = num(de, 0, data, 0);
		ev->newtask.flags = num(de, 1, data, 0);
		break;
	case SRC_C_EXECVE:
		ev->kind = UT_X_EXECCALL;
		break;
	case SRC_S_RENAME:
		/*
		 * prctl(PR_SET_NAME), a write to /proc/PID/comm (as in
		 * pthread_setname_np), or exec: pid is the renamed task.
		 */
		ev->kind = UT_X_RENAME;
		ev->rename.pid = num(de, 0, data, ev->pid);
		str_copy(de, 1, rec, ev->rename.comm, sizeof(ev->rename.comm));
		break;
	case SRC_C_EXECVE_EXIT:
		/* A failed execve; a successful one is sched_process_exec. */
		i = num(de, 0, data, 0);
		if (i >= 0)
			return 0;
		ev->kind = UT_EXEC;
		ev->exec.old_pid = ev->exec.new_pid = ev->pid;
		ev->exec.err = -i;
		break;
	default:
		break;
	}
	return 1;
}

static int decode_src(struct tep_handle *tep, struct ut_dec_event *de,
		      struct tep_record *rec, struct ut_event *ev)
{
	void *data = rec->data;

	/*
	 * Syscall records, most of a busy trace, set every field of theirs
	 * below: only the other kinds are cleared first.
	 */
	if (de->src == SRC_N_SYS_ENTRY || de->src == SRC_C_SYS_ENTER ||
	    de->src == SRC_N_SYS_EXIT || de->src == SRC_C_SYS_EXIT)
		ev->comm[0] = '\0';
	else
		memset(ev, 0, sizeof(*ev));
	ev->ts = rec->ts;
	ev->cpu = rec->cpu;
	ev->from_sig = de->from_sig;
	if (de->pid && de->host_order && de->pid->size == 4)
		ev->pid = (int)raw_num((char *)data + de->pid->offset, 4);
	else
		ev->pid = tep_data_pid(tep, rec);

	if (de->src <= SRC_N_TASK)
		return decode_native(tep, de, rec, ev);
	return decode_compat(tep, de, rec, ev);
}

int ut_decode(struct ut_decoder *d, struct tep_record *rec,
	      struct ut_event *ev)
{
	struct ut_dec_event *de;
	int type;

	if (d->type_size == 2)
		type = (int)raw_num(rec->data, 2);	/* common_type, first */
	else
		type = tep_data_type(d->tep, rec);
	de = lookup(d, type);

	if (!de)
		return ut_argv_decode(d->tep, type, rec, ev);
	return decode_src(d->tep, de, rec, ev);
}

int ut_decode_event(struct tep_event *event, struct tep_record *rec,
		    struct ut_event *ev)
{
	struct ut_dec_event de;
	size_t i;
	int j;

	if (!event || !event->system || !event->name)
		return 0;
	for (i = 0; i < sizeof(src_events) / sizeof(src_events[0]); i++)
		if (!strcmp(src_events[i].system, event->system) &&
		    !strcmp(src_events[i].name, event->name))
			break;
	if (i == sizeof(src_events) / sizeof(src_events[0]))
		return 0;
	memset(&de, 0, sizeof(de));
	de.id = event->id;
	de.src = src_events[i].src;
	de.event = event;
	set_fast(&de);
	for (j = 0; j < UT_MAX_FIELDS; j++)
		if (src_fields[de.src][j])
			de.f[j] = tep_find_field(event, src_fields[de.src][j]);
	return decode_src(event->tep, &de, rec, ev);
}
