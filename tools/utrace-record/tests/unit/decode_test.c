// SPDX-License-Identifier: GPL-2.0
/*
 * decode_test.c - the recorder's decoder on records built from the event
 * formats in tests/fixtures/events.  Each record is decoded
 * (ut_decode_event), named through the comm table (ut_procs_apply) and
 * printed as a text line and a JSON line, which must match exactly.
 * Then the process model (ut_procs_apply) on events built by hand: pid
 * reuse, twin records of the -sig instance, a thread's fault, SIGCONT,
 * renames.  Prints TAP; exit status 1 if any failed.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decode.h"
#include "format.h"
#include "procs.h"
#include "tap.h"
#include "trec.h"

#define J "{\"time\":12.345678901,\"cpu\":1,"
#define X86_64 0xc000003e
#define I386 0x40000003

/* A record to build: utrace:EVENT written in common_pid, fields set. */
struct dcase {
	const char *name, *event;
	int common_pid;
	struct {
		const char *name;
		unsigned long long v;
	} set[6];		/* up to the first without a name */
	const char *text, *json;
};

static const struct dcase cases[] = {
	{ "signal traced in the sender is the receiver's", "signal", 1200,
	  { { "pid", 4243 }, { "signo", 9 }, { "sender_pid", 1200 },
	    { "disposition", 3 }, { "engine_disposition", 3 } },
	  "12.345678 victim[4243] signal SIGKILL from 1200 -> terminate (traced in 1200)\n",
	  J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"signal\",\"signo\":9,\"signal\":\"SIGKILL\",\"si_code\":0,\"sender_pid\":1200,\"context_pid\":1200,\"addr\":0,\"disposition\":\"terminate\",\"disposition_inferred\":false,\"engine_disposition\":\"terminate\"}\n" },
	{ "signal traced in the receiver", "signal", 4243,
	  { { "pid", 4243 }, { "signo", 10 }, { "si_code", -1 },
	    { "sender_pid", 1200 } },
	  "12.345678 victim[4243] signal SIGUSR1 from 1200 -> handler\n",
	  J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"signal\",\"signo\":10,\"signal\":\"SIGUSR1\",\"si_code\":-1,\"sender_pid\":1200,\"context_pid\":4243,\"addr\":0,\"disposition\":\"handler\",\"disposition_inferred\":false,\"engine_disposition\":\"handler\"}\n" },
	{ "exit without orig_code: null", "exit", 4243,
	  { { "code", 9 }, { "cause", 2 }, { "cause_pid", 4243 },
	    { "sender_pid", -1 }, { "sender_uid", 0xffffffff } },
	  "12.345678 victim[4243] exit signal=SIGKILL\n",
	  J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"exit\",\"code\":9,\"status\":null,\"signal\":\"SIGKILL\",\"core_dumped\":false,\"orig_code\":null,\"cause\":\"exit_group\",\"cause_pid\":4243,\"ppid\":null,\"age\":null,\"sender_pid\":null,\"sender_uid\":null,\"si_code\":null,\"start_ns\":null,\"cgroup_id\":null}\n" },
	{ "syscall_entry i386", "syscall_entry", 4243,
	  { { "nr", 5 }, { "arch", I386 } },
	  "12.345678 victim[4243] syscall_entry [i386] open(NULL, O_RDONLY)\n",
	  J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"syscall_entry\",\"nr\":5,\"arch\":\"i386\",\"name\":\"open\",\"args\":[0,0,0,0,0,0],\"decoded_args\":[\"NULL\",\"O_RDONLY\"],\"verdict\":\"ran\"}\n" },
	{ "syscall_exit i386 mmap2: a 32-bit address", "syscall_exit", 4243,
	  { { "nr", 192 }, { "arch", I386 }, { "ret", 0xf7f00000 } },
	  "12.345678 victim[4243] syscall_exit [i386] mmap2 = 0xf7f00000\n",
	  J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"syscall_exit\",\"nr\":192,\"arch\":\"i386\",\"name\":\"mmap2\",\"ret\":-135266304,\"errno\":null,\"verdict\":\"ran\",\"duration\":null}\n" },
	{ "syscall_exit x86_64 denied by seccomp", "syscall_exit", 4243,
	  { { "nr", 2 }, { "arch", X86_64 }, { "ret", -1ULL },
	    { "verdict", 3 } },
	  "12.345678 victim[4243] syscall_exit open = -1 EPERM [denied by seccomp]\n",
	  J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"syscall_exit\",\"nr\":2,\"arch\":\"x86_64\",\"name\":\"open\",\"ret\":-1,\"errno\":\"EPERM\",\"verdict\":\"seccomp\",\"duration\":null}\n" },
	{ "syscall_exit injected by fault rule 3", "syscall_exit", 4243,
	  { { "nr", 257 }, { "arch", X86_64 }, { "ret", -2ULL },
	    { "verdict", 2 }, { "rule", 3 } },
	  "12.345678 victim[4243] syscall_exit openat = -2 ENOENT [injected by rule 3]\n",
	  J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"syscall_exit\",\"nr\":257,\"arch\":\"x86_64\",\"name\":\"openat\",\"ret\":-2,\"errno\":\"ENOENT\",\"verdict\":\"injected\",\"rule\":3,\"duration\":null}\n" },
	{ "syscall_exit: a rule acted (signal, delay), the call ran",
	  "syscall_exit", 4243,
	  { { "nr", 39 }, { "arch", X86_64 }, { "ret", 4243 },
	    { "rule", 4000000000U } },
	  "12.345678 victim[4243] syscall_exit getpid = 4243 [rule 4000000000]\n",
	  J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"syscall_exit\",\"nr\":39,\"arch\":\"x86_64\",\"name\":\"getpid\",\"ret\":4243,\"errno\":null,\"verdict\":\"ran\",\"rule\":4000000000,\"duration\":null}\n" },
	{ "syscall_entry of another arch: number only", "syscall_entry", 4243,
	  { { "nr", 5 }, { "arch", 0xc00000b7 /* AUDIT_ARCH_AARCH64 */ } },
	  "12.345678 victim[4243] syscall_entry [arch=0xc00000b7] syscall_5(0x0, 0x0, 0x0, 0x0, 0x0, 0x0)\n",
	  J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"syscall_entry\",\"nr\":5,\"arch\":\"0xc00000b7\",\"name\":null,\"args\":[0,0,0,0,0,0],\"decoded_args\":null,\"verdict\":\"ran\"}\n" },
};

static struct ut_procs procs;

/* Build c's record, decode it, compare its text line and its JSON line. */
static void check(struct tep_handle *tep, const struct dcase *c)
{
	struct tep_record *rec;
	struct sbuf sb = { 0 };
	struct ut_event ev;
	struct trec r;
	char what[160];
	int i;

	trec_start(tep, c->event, &r, c->common_pid);
	for (i = 0; i < 6 && c->set[i].name; i++)
		trec_num(&r, c->set[i].name, c->set[i].v);
	rec = trec_done(&r);
	if (!rec || !ut_decode_event(r.ev, rec, &ev)) {
		if (!ok(0, c->name))
			diag("cannot build or decode: %s", r.err ? r.err : "?");
		return;
	}
	ut_procs_apply(&procs, &ev);
	ut_format_text(&sb, &ev);
	snprintf(what, sizeof(what), "%s (text)", c->name);
	check_str(what, sb_str(&sb), c->text);
	sb_reset(&sb);
	ut_format_json(&sb, &ev);
	snprintf(what, sizeof(what), "%s (json)", c->name);
	check_str(what, sb_str(&sb), c->json);
	sb_free(&sb);
	ut_event_clear(&ev);
}

/* --- the process model, on events built by hand --------------------- */

static struct ut_procs pm;
static int readded;

static void on_reused(void *arg, int pid)
{
	(void)arg;
	readded = pid;
}

static struct ut_event mk(enum ut_kind kind, int pid, uint64_t ts)
{
	struct ut_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.pid = pid;
	ev.ts = ts;
	return ev;
}

/* Apply ev; its text line, or "" when nothing is shown. */
static const char *line(struct ut_event *ev)
{
	static struct sbuf sb;

	sb_reset(&sb);
	ut_procs_apply(&pm, ev);
	if (ev->kind < UT_NR_KINDS)
		ut_format_text(&sb, ev);
	return sb_str(&sb);
}

static const char *clone_ev(int parent, int child, int tgid, uint64_t ts)
{
	struct ut_event ev = mk(UT_CLONE, parent, ts);

	ev.clone.parent_pid = parent;
	ev.clone.child_pid = child;
	ev.clone.child_tgid = tgid;
	ev.clone.flags_known = true;
	return line(&ev);
}

static const char *exit_ev(int pid, uint64_t ts, int code, bool sig)
{
	struct ut_event ev = mk(UT_EXIT, pid, ts);

	ev.from_sig = sig;
	ev.exit.code_known = code >= 0;
	ev.exit.code = code;
	ev.exit.group_dead = 1;
	return line(&ev);
}

static const char *free_ev(int pid, uint64_t ts)
{
	struct ut_event ev = mk(UT_REAP, pid, ts);

	ev.from_sig = true;
	ev.reap.pid = pid;
	ev.reap.tgid = UT_UNKNOWN;
	ev.reap.reaper_pid = UT_UNKNOWN;
	return line(&ev);
}

static const char *deliver(int pid, uint64_t ts, int sig, int disp)
{
	struct ut_event ev = mk(UT_SIGNAL, pid, ts);

	ev.signal.signo = sig;
	ev.signal.ctx_pid = pid;
	ev.signal.sender_pid = -1;
	ev.signal.disposition = disp;
	ev.signal.disp_inferred = true;
	ev.signal.engine_disposition = UT_UNKNOWN;
	return line(&ev);
}

/* check_str against a formatted want. */
static __attribute__((format(printf, 3, 4)))
void expect(const char *name, const char *got, const char *fmt, ...)
{
	char want[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(want, sizeof(want), fmt, ap);
	va_end(ap);
	check_str(name, got, want);
}

#define MS 1000000ULL

/*
 * Pid reuse: this process's pid P, cloned twice by its real parent (so
 * that /proc shows the second task as still there).  The first task's
 * free comes after the second was cloned.
 */
static void test_pid_reuse(void)
{
	int par = getppid(), P = getpid();
	struct ut_proc **v;
	size_t n, i;
	int rows = 0;

	ut_procs_init(&pm, false);
	pm.keep_old = true;
	pm.pid_reused = on_reused;
	ut_procs_set_root(&pm, par, true);
	ut_procs_set_comm(&pm, par, "parent");
	clone_ev(par, P, P, 1 * MS);
	ut_procs_find(&pm, P)->seen = true;
	ut_procs_set_comm(&pm, P, "task-a");
	expect("reuse: A exits 1", exit_ev(P, 2 * MS, 1 << 8, false),
	       "0.002000 task-a[%d] exit status=1\n", P);
	expect("reuse: its twin from the -sig instance is dropped",
	       exit_ev(P, 2 * MS + 1000, 1 << 8, true), "%s", "");
	clone_ev(par, P, P, 3 * MS);
	ut_procs_find(&pm, P)->seen = true;
	ut_procs_set_comm(&pm, P, "task-b");
	ok(ut_procs_find(&pm, P)->at_risk,
	   "reuse: B, cloned before A's free, is at risk");
	readded = 0;
	expect("reuse: A's free while B lives: the reap line is A's",
	       free_ev(P, 4 * MS), "0.004000 task-a[%d] reap pid=%d\n", P, P);
	check_int("reuse: the pid goes back into set_event_pid", readded, P);
	expect("reuse: B's exit from the -sig copy (the pid was lost)",
	       exit_ev(P, 5 * MS, 0, true),
	       "0.005000 task-b[%d] exit status=0\n", P);
	expect("reuse: B's own free is B's",
	       free_ev(P, 6 * MS), "0.006000 task-b[%d] reap pid=%d\n", P, P);
	v = ut_procs_seen(&pm, &n);
	for (i = 0; v && i < n; i++)
		if (v[i]->pid == P)
			rows++;
	check_int("reuse: two tasks of pid P in the tables", rows, 2);
	free(v);
	/* A task that got a still listed pid, with no clone of ours. */
	expect("reuse: an outsider's exit on an exited task's pid is dropped",
	       exit_ev(P, 8 * MS, 0, false), "%s", "");
	ut_procs_free(&pm);
}

/* A thread's fault ends its group with that signal. */
static void test_thread_fault(void)
{
	ut_procs_init(&pm, false);
	ut_procs_set_comm(&pm, 300, "mt");
	clone_ev(300, 301, 300, 1 * MS);
	ut_procs_find(&pm, 300)->tgid = 300;
	expect("fault: the thread's SIGSEGV",
	       deliver(301, 2 * MS, SIGSEGV, UT_DISP_CORE),
	       "0.002000 mt[301] signal SIGSEGV -> core\n");
	expect("fault: the leader's group-kill SIGKILL is not shown",
	       deliver(300, 2 * MS + 10, SIGKILL, UT_DISP_TERMINATE), "%s", "");
	expect("fault: the leader dies of SIGSEGV, cause known",
	       exit_ev(300, 3 * MS, -1, false),
	       "0.003000 mt[300] exit signal=SIGSEGV\n");
	ut_procs_free(&pm);
}

/* SIGCONT continues a stopped task; renames name the task. */
static void test_cont_rename(void)
{
	struct ut_event ev;

	ut_procs_init(&pm, false);
	ut_procs_set_comm(&pm, 400, "sleep");
	expect("SIGCONT to a running task: ignore",
	       deliver(400, 1 * MS, SIGCONT, UT_DISP_IGNORE),
	       "0.001000 sleep[400] signal SIGCONT -> ignore\n");
	deliver(400, 2 * MS, SIGSTOP, UT_DISP_STOP);
	expect("SIGCONT to a stopped task: continue",
	       deliver(400, 3 * MS, SIGCONT, UT_DISP_IGNORE),
	       "0.003000 sleep[400] signal SIGCONT -> continue\n");
	ev = mk(UT_X_RENAME, 400, 4 * MS);
	ev.rename.pid = 400;
	strcpy(ev.rename.comm, "worker-1");
	line(&ev);
	expect("rename: the exit line has the new name",
	       exit_ev(400, 5 * MS, 0, false),
	       "0.005000 worker-1[400] exit status=0\n");
	ut_procs_free(&pm);
}

/*
 * Without the tables, a task's entry goes after its free: the table
 * keeps the live tasks only, and every other pid is still found.
 */
static void test_gone(void)
{
	struct ut_event ev;
	int pid, bad = 0;

	ut_procs_init(&pm, false);
	ut_procs_set_comm(&pm, 1, "init");
	for (pid = 1000; pid < 6000; pid++)
		clone_ev(1, pid, pid, pid * 1000ULL);
	for (pid = 1000; pid < 6000; pid++)
		exit_ev(pid, 10 * MS + pid * 1000ULL, 0, false);
	for (pid = 1001; pid < 6000; pid += 2)
		free_ev(pid, 20 * MS + pid * 1000ULL);
	ev = mk(UT_SIGNAL, 1, 30 * MS);	/* the last free's entry goes */
	line(&ev);
	for (pid = 1000; pid < 6000; pid++) {
		struct ut_proc *e = ut_procs_find(&pm, pid);

		if ((pid & 1) ? e != NULL : (!e || e->pid != pid))
			bad++;
	}
	check_int("freed tasks leave the table, the others stay found", bad, 0);
	check_int("table count: init and the 2500 not freed", pm.count, 2501);
	ut_procs_free(&pm);
}

int main(void)
{
	struct tep_handle *tep = trec_tep(1);
	size_t i;

	ut_procs_init(&procs, false);
	ut_procs_set_comm(&procs, 1200, "kill");
	ut_procs_set_comm(&procs, 4243, "victim");
	if (trec_load_formats(tep, UT_FIXTURES "/events") != 10)
		printf("# %s/events: not all 10 formats parsed\n", UT_FIXTURES);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check(tep, &cases[i]);
	tep_free(tep);
	ut_procs_free(&procs);
	test_pid_reuse();
	test_thread_fault();
	test_cont_rename();
	test_gone();
	return tap_done();
}
