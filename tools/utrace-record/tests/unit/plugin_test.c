// SPDX-License-Identifier: GPL-2.0
/*
 * plugin_test.c - unit test of plugin_utrace.so without a utrace kernel.
 *
 * tests/fixtures/events has the layout of tracefs' events/ directory:
 * SYSTEM/EVENT/format, one event format per file, in the text the kernel
 * prints.  Every such file is parsed into a tep handle; the plugin is
 * loaded from the tool's directory through $TRACEEVENT_PLUGIN_DIR (system
 * plugins disabled) as trace-cmd would, and hand-built records are
 * printed with tep_print_event().  Records are built by field name from
 * the parsed formats, so the fixtures can be replaced by formats captured
 * from a real kernel.  Prints TAP; exit status 1 if anything failed.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event-parse.h>
#include <trace-seq.h>

#include "tap.h"
#include "trec.h"

/* ok() with a diagnostic shown on failure. */
static void ok_msg(int cond, const char *name, const char *msg)
{
	if (!ok(cond, name) && msg)
		diag("%s", msg);
}

/* Print the record the way trace-cmd report prints the info column. */
static void check(struct tep_handle *tep, struct trec *r, const char *name,
		  const char *want)
{
	struct tep_record *rec = trec_done(r);
	struct trace_seq s;
	char msg[512];

	if (!rec) {
		snprintf(msg, sizeof(msg), "cannot build record: no field %s",
			 r->err ? r->err : "?");
		ok_msg(0, name, msg);
		return;
	}
	trace_seq_init(&s);
	tep_print_event(tep, &s, rec, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&s);
	snprintf(msg, sizeof(msg), "want: '%s'  got: '%s'", want, s.buffer);
	ok_msg(!strcmp(s.buffer, want), name, msg);
	trace_seq_destroy(&s);
}

/* exit of 4242 by its own exit_group (cause 2): no cause printed. */
static void exit_rec(struct tep_handle *tep, const char *name, int code,
		     const char *want)
{
	struct trec r;

	trec_start(tep, "exit", &r, 4242);
	trec_num(&r, "code", code);
	trec_num(&r, "cause", 2);
	trec_num(&r, "cause_pid", 4242);
	trec_num(&r, "sender_pid", -1);
	check(tep, &r, name, want);
}

/* signal written in task ctx about task pid. */
static void signal_rec(struct tep_handle *tep, const char *name, int ctx,
		       int pid, int signo, int si_code, int sender,
		       unsigned long long addr, int disp, int engine,
		       const char *want)
{
	struct trec r;

	trec_start(tep, "signal", &r, ctx);
	trec_num(&r, "pid", pid);
	trec_num(&r, "signo", signo);
	trec_num(&r, "si_code", si_code);
	trec_num(&r, "sender_pid", sender);
	trec_num(&r, "addr", addr);
	trec_num(&r, "disposition", disp);
	trec_num(&r, "engine_disposition", engine);
	check(tep, &r, name, want);
}

#define FIXTURES UT_FIXTURES "/events"
#define X86_64 0xc000003e
#define I386 0x40000003

/* syscall_entry (ret_or_a0: args[0]) or syscall_exit. */
static void sys_rec(struct tep_handle *tep, const char *name, int entry,
		    long nr_, unsigned int arch, unsigned long long ret_or_a0,
		    int verdict, const char *want)
{
	struct trec r;

	trec_start(tep, entry ? "syscall_entry" : "syscall_exit", &r, 4242);
	trec_num(&r, "nr", nr_);
	trec_num(&r, "arch", arch);
	if (entry) {
		struct tep_format_field *f = r.ev ?
			tep_find_field(r.ev, "args") : NULL;

		if (f)		/* args[0] */
			memcpy(r.data + f->offset, &ret_or_a0, 8);
	} else {
		trec_num(&r, "ret", ret_or_a0);
	}
	trec_num(&r, "verdict", verdict);
	check(tep, &r, name, want);
}

static void jctl_rec(struct tep_handle *tep, const char *name, int type,
		     int signo, int notify, const char *want)
{
	struct trec r;

	trec_start(tep, "jctl", &r, 4242);
	trec_num(&r, "type", type);
	trec_num(&r, "signo", signo);
	trec_num(&r, "notify", notify);
	check(tep, &r, name, want);
}

static void exec_rec(struct tep_handle *tep, const char *name,
		     const char *file, int old_pid, const char *want)
{
	struct trec r;

	trec_start(tep, "exec", &r, 4242);
	trec_str(&r, "filename", file);
	trec_num(&r, "old_pid", old_pid);
	trec_num(&r, "pid", 4242);
	check(tep, &r, name, want);
}

static char name_buf[160];
#define N(how, s) (snprintf(name_buf, sizeof(name_buf), "%s: %s", how, s), \
		   name_buf)

/* The current formats. */
static void run_cases(struct tep_handle *tep, const char *how)
{
	exit_rec(tep, N(how, "exit status=3"), 3 << 8, "status=3");
	exit_rec(tep, N(how, "exit killed, no orig_code"), 9,
		 "signal=SIGKILL");
	exit_rec(tep, N(how, "exit core dump"), 0x8b,
		 "signal=SIGSEGV (core dumped)");
	signal_rec(tep, N(how, "signal from a task"), 4242, 4242, 15, 0,
		   1234, 0, 3, 3, "SIGTERM from 1234 -> terminate");
	signal_rec(tep, N(how, "signal fault, engine holds it"), 4242, 4242,
		   11, 1, 0, 0x10, 4, 5,
		   "SIGSEGV from kernel addr=0x10 -> core (engine: held)");
	signal_rec(tep, N(how, "signal handled, negative sender unknown"),
		   4242, 4242, 10, -6, -1, 0, 0, 0, "SIGUSR1 -> handler");
	signal_rec(tep, N(how, "SIGKILL traced in the sender names the receiver"),
		   1200, 4243, 9, 0, 1200, 0, 3, 3,
		   "SIGKILL to 4243 from 1200 -> terminate");
	signal_rec(tep, N(how, "SIGTERM traced in the sender, si_pid forged"),
		   1200, 4243, 15, -1, 1, 0, 3, 3,
		   "SIGTERM to 4243 from 1 -> terminate");
	sys_rec(tep, N(how, "syscall_entry x86_64"), 1, 257, X86_64,
		0xffffff9c, 0,
		"openat(AT_FDCWD, NULL, O_RDONLY)");
	sys_rec(tep, N(how, "syscall_entry i386 uses the i386 table"), 1, 5,
		I386, 0x1, 0, "[i386] open(0x1, O_RDONLY)");
	sys_rec(tep, N(how, "syscall_exit i386, 32-bit error"), 0, 5, I386,
		0xfffffffeULL, 0, "[i386] open = -2 ENOENT");
	sys_rec(tep, N(how, "syscall_exit i386 exit_group is not ioprio_get"),
		0, 252, I386, 0, 0, "[i386] exit_group = 0");
	sys_rec(tep, N(how, "syscall_entry denied by seccomp"), 1, 257,
		X86_64, 0xffffff9c, 3,
		"openat(AT_FDCWD, NULL, O_RDONLY) [denied by seccomp]");
	sys_rec(tep, N(how, "syscall_exit denied by seccomp"), 0, 257, X86_64,
		-1ULL, 3, "openat = -1 EPERM [denied by seccomp]");
	exec_rec(tep, N(how, "exec __data_loc filename"), "/bin/true", 4242,
		 "/bin/true");
	exec_rec(tep, N(how, "exec by a non-leader thread"), "/usr/bin/env",
		 4243, "/usr/bin/env old_pid=4243");
}

static int count_plugins(struct tep_plugin_list *list, char *msg, int len)
{
	struct trace_seq s;
	int n = 0;
	char *p;

	trace_seq_init(&s);
	tep_print_plugins(&s, "", "\n", list);
	trace_seq_terminate(&s);
	for (p = s.buffer; (p = strstr(p, "plugin_utrace.so")); p++)
		n++;
	snprintf(msg, len, "loaded: %s", s.buffer);
	for (p = msg; *p; p++)
		if (*p == '\n')
			*p = ' ';
	trace_seq_destroy(&s);
	return n;
}

/* Without the plugin: the print fmt of the fixtures. */
static void print_fmts(const char *dir)
{
	struct tep_handle *tep = trec_tep(1);

	ok(trec_load_formats(tep, dir) == 10,
	   "the utrace formats parse (all 10 events)");
	exit_rec(tep, "without the plugin, the print fmt is used (exit)",
		 0x300, "code=0x300 status=3 signal=0 cause=exit_group cause_pid=4242 sender=-1 uid=0 si_code=0 start=0 cgroup=0");
	signal_rec(tep, "print fmt of signal", 1200, 4243, 9, 0, 1200, 0, 3, 3,
		   "pid=4243 sig=9 code=0 sender=1200 addr=0x0 disposition=terminate engine=terminate");
	sys_rec(tep, "print fmt of syscall_exit (arch)", 0, 5, I386, -1ULL, 0,
		"nr=5 arch=i386 ret=-1 verdict=ran rule=0");
	/* The verdict through __print_symbolic(), which libtraceevent reads. */
	sys_rec(tep, "print fmt of syscall_exit (verdict injected)", 0, 39,
		X86_64, -13ULL, 2,
		"nr=39 arch=x86_64 ret=-13 verdict=injected rule=0");
	sys_rec(tep, "print fmt of syscall_exit (verdict seccomp)", 0, 110,
		X86_64, -1ULL, 3,
		"nr=110 arch=x86_64 ret=-1 verdict=seccomp rule=0");
	sys_rec(tep, "print fmt of syscall_entry (verdict ptrace)", 1, 39,
		X86_64, 0, 1,
		"nr=39 arch=x86_64 args=(0x0, 0x0, 0x0, 0x0, 0x0, 0x0) verdict=ptrace");
	jctl_rec(tep, "print fmt of jctl (stop)", 5, 19, 1,
		 "type=stop sig=19 notify=1");
	jctl_rec(tep, "print fmt of jctl (continue)", 6, 18, 0,
		 "type=continue sig=18 notify=0");
	tep_free(tep);
}

int main(void)
{
	struct tep_plugin_list *plugins;
	struct tep_handle *tep;
	struct tep_record *rec;
	struct trace_seq s;
	struct trec r;
	char msg[512];

	setenv("TRACEEVENT_PLUGIN_DIR", UT_PLUGIN_DIR, 1);
	setenv("HOME", "/nonexistent", 1);	/* no ~/.local plugins */
	print_fmts(FIXTURES);

	/* As trace-cmd does it: plugins first, then the event formats. */
	tep = trec_tep(1);
	plugins = tep_load_plugins(tep);
	ok_msg(count_plugins(plugins, msg, sizeof(msg)) == 1,
	       "plugin_utrace.so loads from $TRACEEVENT_PLUGIN_DIR", msg);
	trec_load_formats(tep, FIXTURES);
	run_cases(tep, "plugin before formats");

	/* The event name column is unchanged. */
	trec_start(tep, "signal", &r, 4242);
	trec_num(&r, "signo", 2);
	rec = trec_done(&r);
	trace_seq_init(&s);
	if (rec)
		tep_print_event(tep, &s, rec, "%s", TEP_PRINT_NAME);
	trace_seq_terminate(&s);
	ok_msg(!strcmp(s.buffer, "utrace_signal"),
	       "TEP_PRINT_NAME is the event name", s.buffer);
	trace_seq_destroy(&s);
	tep_unload_plugins(plugins, tep);
	tep_free(tep);

	/* Formats first, then the plugin (handlers attach to parsed events). */
	tep = trec_tep(1);
	trec_load_formats(tep, FIXTURES);
	plugins = tep_load_plugins(tep);
	run_cases(tep, "plugin after formats");
	tep_unload_plugins(plugins, tep);
	tep_free(tep);
	return tap_done();
}
