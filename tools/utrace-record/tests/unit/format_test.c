// SPDX-License-Identifier: GPL-2.0
/*
 * format_test.c - unit tests of the recorder's formatting and state, on
 * fixed struct ut_event inputs.  Prints TAP; exit status 1 if any failed.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "calls.h"
#include "escape.h"
#include "format.h"
#include "names.h"
#include "perfetto.h"
#include "procs.h"
#include "summary.h"
#include "tap.h"

static struct ut_event base(enum ut_kind kind)
{
	struct ut_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.ts = 12345678901ULL;		/* 12.345678901 s */
	ev.cpu = 1;
	ev.pid = 1234;
	strcpy(ev.comm, "sh");
	ev.kind = kind;
	if (kind == UT_SIGNAL)
		ev.signal.ctx_pid = ev.pid;	/* traced in the receiver */
	return ev;
}

static struct sbuf sb;

static const char *text(const struct ut_event *ev)
{
	sb_reset(&sb);
	ut_format_text(&sb, ev);
	return sb_str(&sb);
}

static const char *json(const struct ut_event *ev)
{
	sb_reset(&sb);
	ut_format_json(&sb, ev);
	return sb_str(&sb);
}

static void test_clone(void)
{
	struct ut_event ev = base(UT_CLONE);

	ev.clone.parent_pid = 1234;
	ev.clone.child_pid = 1235;
	ev.clone.child_tgid = 1235;
	ev.clone.flags_known = true;
	ev.clone.flags = 0x4100;	/* CLONE_VM | CLONE_VFORK */
	ev.clone.exit_signal = SIGCHLD;
	check_str("text clone native",
		  text(&ev),
		  "12.345678 sh[1234] clone child=1235 flags=CLONE_VM|CLONE_VFORK exit_signal=SIGCHLD\n");
	check_str("json clone native", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"sh\",\"event\":\"clone\",\"parent_pid\":1234,\"child_pid\":1235,\"child_tgid\":1235,\"clone_flags\":16640,\"clone_flag_names\":[\"CLONE_VM\",\"CLONE_VFORK\"],\"exit_signal\":17,\"start_ns\":null,\"cgroup_id\":null}\n");

	/* A thread: tgid differs, no exit signal. */
	ev.clone.child_tgid = 1234;
	ev.clone.flags = 0x3d0f00;
	ev.clone.exit_signal = 0;
	check_str("text clone thread",
		  text(&ev),
		  "12.345678 sh[1234] clone child=1235 tgid=1234 flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID\n");

	/* Compat: flags, tgid and exit signal unknown. */
	ev.clone.child_tgid = UT_UNKNOWN;
	ev.clone.flags_known = false;
	ev.clone.exit_signal = UT_UNKNOWN;
	check_str("text clone compat", text(&ev),
		  "12.345678 sh[1234] clone child=1235\n");
	check_str("json clone compat", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"sh\",\"event\":\"clone\",\"parent_pid\":1234,\"child_pid\":1235,\"child_tgid\":null,\"clone_flags\":null,\"clone_flag_names\":null,\"exit_signal\":null,\"start_ns\":null,\"cgroup_id\":null}\n");
}

static void test_clone_flags(void)
{
	static const struct {
		const char *name;
		unsigned long long flags;
		const char *want;
	} c[] = {
		{ "clone flags: none", 0, "0" },
		{ "clone flags: unknown bits as hex", 0x100 | 0x11ULL << 40,
		  "CLONE_VM|0x110000000000" },
		{ "clone flags: high flags", 0x300000000ULL | 0x20000000,
		  "CLONE_NEWPID|CLONE_CLEAR_SIGHAND|CLONE_INTO_CGROUP" },
		{ "clone flags: exit-signal byte left as hex", 0x11, "0x11" },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		sb_reset(&sb);
		ut_clone_flags_str(&sb, c[i].flags);
		check_str(c[i].name, sb_str(&sb), c[i].want);
	}
}

static void test_exec(void)
{
	struct ut_event ev = base(UT_EXEC);
	char file[] = "/bin/true";

	strcpy(ev.comm, "true");
	ev.exec.filename = file;
	ev.exec.old_pid = 1234;
	ev.exec.new_pid = 1234;
	check_str("text exec", text(&ev),
		  "12.345678 true[1234] exec /bin/true\n");
	ev.exec.old_pid = 1240;
	check_str("text exec from a thread", text(&ev),
		  "12.345678 true[1234] exec /bin/true old_pid=1240\n");
	check_str("json exec", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"true\",\"event\":\"exec\",\"filename\":\"/bin/true\",\"old_pid\":1240,\"errno\":null,\"ppid\":null,\"argv\":null,\"argv_truncated\":null,\"start_ns\":null,\"cgroup_id\":null}\n");
}

/* argv: escaped, quotes as \", unreadable, cut and more marked. */
static void test_exec_argv(void)
{
	struct ut_event ev = base(UT_EXEC);
	struct ut_argv a = { 0 };
	char file[] = "/bin/echo";
	char s0[] = "echo", s1[] = "a \"b\"\n\x1b", s2[] = "", s4[] = "cut";

	strcpy(ev.comm, "echo");
	ev.exec.filename = file;
	ev.exec.old_pid = ev.exec.new_pid = 1234;
	ev.exec.argv = &a;
	a.n = 3;
	a.s[0] = s0;
	a.s[1] = s1;
	a.s[2] = s2;
	check_str("text exec argv", text(&ev),
		  "12.345678 echo[1234] exec /bin/echo argv=[\"echo\",\"a \\\"b\\\"\\n\\x1b\",\"\"]\n");
	check_str("json exec argv", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"echo\",\"event\":\"exec\",\"filename\":\"/bin/echo\",\"old_pid\":1234,\"errno\":null,\"ppid\":null,\"argv\":[\"echo\",\"a \\\"b\\\"\\n\\u001b\",\"\"],\"argv_truncated\":false,\"start_ns\":null,\"cgroup_id\":null}\n");
	a.n = 5;
	a.s[3] = NULL;
	a.state[3] = UT_ARGV_UNREADABLE;
	a.s[4] = s4;
	a.state[4] = UT_ARGV_CUT;
	a.more = true;
	check_str("text exec argv: unreadable ?, cut ..., more ,...", text(&ev),
		  "12.345678 echo[1234] exec /bin/echo argv=[\"echo\",\"a \\\"b\\\"\\n\\x1b\",\"\",?,\"cut\"...,...]\n");
	check_str("json exec argv: unreadable null, truncated", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"echo\",\"event\":\"exec\",\"filename\":\"/bin/echo\",\"old_pid\":1234,\"errno\":null,\"ppid\":null,\"argv\":[\"echo\",\"a \\\"b\\\"\\n\\u001b\",\"\",null,\"cut\"],\"argv_truncated\":true,\"start_ns\":null,\"cgroup_id\":null}\n");
	ev.exec.argv = NULL;
}

static void test_json_escape(void)
{
	struct ut_event ev = base(UT_EXEC);
	char file[] = "/tmp/a \"b\"\\c\n\x01\xc3\xa9";

	strcpy(ev.comm, "x\"y");
	ev.exec.filename = file;
	ev.exec.old_pid = ev.exec.new_pid = 1234;
	check_str("json escapes quotes, backslash, control bytes; UTF-8 as is",
		  json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"x\\\"y\",\"event\":\"exec\",\"filename\":\"/tmp/a \\\"b\\\"\\\\c\\n\\u0001\xc3\xa9\",\"old_pid\":1234,\"errno\":null,\"ppid\":null,\"argv\":null,\"argv_truncated\":null,\"start_ns\":null,\"cgroup_id\":null}\n");
}

/* Bytes that are not UTF-8 in JSON (\udcHH), and text lines. */
static void test_escape(void)
{
	/* stray continuation, overlong '/', surrogate, cut short, > U+10FFFF */
	static const struct { const char *in, *json, *text; } c[] = {
		{ "a\x80" "b", "\"a\\udc80b\"", "a\\x80b" },
		{ "\xc0\xaf", "\"\\udcc0\\udcaf\"", "\\xc0\\xaf" },
		{ "\xed\xa0\x80", "\"\\udced\\udca0\\udc80\"", "\\xed\\xa0\\x80" },
		{ "\xe2\x82", "\"\\udce2\\udc82\"", "\\xe2\\x82" },
		{ "\xf4\x90\x80\x80", "\"\\udcf4\\udc90\\udc80\\udc80\"",
		  "\\xf4\\x90\\x80\\x80" },
		{ "\xe2\x82\xac \xf0\x9f\x98\x80", "\"\xe2\x82\xac \xf0\x9f\x98\x80\"",
		  "\xe2\x82\xac \xf0\x9f\x98\x80" },
		{ "x\ny\tz\x1b[2J\x7f\\", "\"x\\ny\\tz\\u001b[2J\\u007f\\\\\"",
		  "x\\ny\\tz\\x1b[2J\\x7f\\\\" },
		{ "\xc2\x9b" "1m", "\"\xc2\x9b" "1m\"", "\\xc2\\x9b1m" },
	};
	struct ut_event ev = base(UT_EXEC);
	char file[] = "/tmp/x\n0.000000 fake[1] exit status=0";
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		sb_reset(&sb);
		sb_json_str(&sb, c[i].in);
		check_str("escape: json", sb_str(&sb), c[i].json);
		sb_reset(&sb);
		sb_text_str(&sb, c[i].in);
		check_str("escape: text", sb_str(&sb), c[i].text);
	}
	strcpy(ev.comm, "a\nb");
	ev.exec.filename = file;
	ev.exec.old_pid = ev.exec.new_pid = 1234;
	sb_reset(&sb);
	ut_format_text(&sb, &ev);
	check_str("escape: a newline in comm and file name forges no line",
		  sb_str(&sb),
		  "12.345678 a\\nb[1234] exec /tmp/x\\n0.000000 fake[1] exit status=0\n");
}

static void test_exit(void)
{
	struct ut_event ev = base(UT_EXIT);

	ev.exit.code_known = true;
	ev.exit.code = 3 << 8;
	check_str("text exit status", text(&ev),
		  "12.345678 sh[1234] exit status=3\n");
	check_str("json exit status", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"sh\",\"event\":\"exit\",\"code\":768,\"status\":3,\"signal\":null,\"core_dumped\":false,\"orig_code\":null,\"cause\":null,\"cause_pid\":null,\"ppid\":null,\"age\":null,\"sender_pid\":null,\"sender_uid\":null,\"si_code\":null,\"start_ns\":null,\"cgroup_id\":null}\n");
	ev.exit.code = SIGTERM;
	check_str("text exit signal", text(&ev),
		  "12.345678 sh[1234] exit signal=SIGTERM\n");
	ev.exit.code = SIGSEGV | 0x80;
	check_str("text exit core", text(&ev),
		  "12.345678 sh[1234] exit signal=SIGSEGV (core dumped)\n");
	check_str("json exit core", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"sh\",\"event\":\"exit\",\"code\":139,\"status\":null,\"signal\":\"SIGSEGV\",\"core_dumped\":true,\"orig_code\":null,\"cause\":null,\"cause_pid\":null,\"ppid\":null,\"age\":null,\"sender_pid\":null,\"sender_uid\":null,\"si_code\":null,\"start_ns\":null,\"cgroup_id\":null}\n");
	ev.exit.code = SIGKILL;
	ev.exit.code_known = false;
	check_str("text exit unknown", text(&ev),
		  "12.345678 sh[1234] exit status=?\n");
	check_str("json exit unknown", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"sh\",\"event\":\"exit\",\"code\":null,\"status\":null,\"signal\":null,\"core_dumped\":null,\"orig_code\":null,\"cause\":null,\"cause_pid\":null,\"ppid\":null,\"age\":null,\"sender_pid\":null,\"sender_uid\":null,\"si_code\":null,\"start_ns\":null,\"cgroup_id\":null}\n");
	check_str("wait status 255", (sb_reset(&sb),
		  ut_wait_status_str(&sb, 0xff00), sb_str(&sb)), "status=255");
	check_str("wait status rt signal", (sb_reset(&sb),
		  ut_wait_status_str(&sb, SIGRTMIN + 2), sb_str(&sb)),
		  "signal=SIGRTMIN+2");
}

static void test_other_kinds(void)
{
	struct ut_event ev;

	ev = base(UT_DEATH);
	ev.death.exit_code = 1 << 8;
	ev.death.exit_signal = SIGCHLD;
	ev.death.group_dead = 1;
	check_str("text death", text(&ev),
		  "12.345678 sh[1234] death status=1 exit_signal=SIGCHLD group_dead\n");
	check_str("json death", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"sh\",\"event\":\"death\",\"code\":256,\"status\":1,\"signal\":null,\"core_dumped\":false,\"exit_signal\":17,\"group_dead\":true,\"cause\":null,\"cause_pid\":null,\"sender_pid\":null,\"sender_uid\":null,\"si_code\":null,\"start_ns\":null,\"cgroup_id\":null}\n");

	ev = base(UT_VFORK_DONE);
	ev.vfork_done.child_pid = 1300;
	check_str("text vfork_done", text(&ev),
		  "12.345678 sh[1234] vfork_done child=1300\n");

	ev = base(UT_REAP);
	ev.reap.pid = 1300;
	ev.reap.tgid = 1300;
	ev.reap.reaper_pid = 1234;
	check_str("text reap", text(&ev),
		  "12.345678 sh[1234] reap pid=1300 by=1234\n");
	ev.reap.tgid = ev.reap.reaper_pid = UT_UNKNOWN;
	check_str("json reap compat", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"sh\",\"event\":\"reap\",\"reaped_pid\":1300,\"tgid\":null,\"reaper_pid\":null}\n");

	ev = base(UT_JCTL);
	ev.jctl.type = UT_JCTL_STOP;
	ev.jctl.signo = SIGTSTP;
	ev.jctl.notify = 1;
	check_str("text jctl stop", text(&ev),
		  "12.345678 sh[1234] jctl stop SIGTSTP notify\n");
	ev.jctl.type = UT_JCTL_CONTINUE;
	ev.jctl.signo = SIGCONT;
	ev.jctl.notify = 0;
	check_str("json jctl continue", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"sh\",\"event\":\"jctl\",\"type\":\"continue\",\"signo\":18,\"signal\":\"SIGCONT\",\"notify\":false}\n");

	ev = base(UT_LOST);
	ev.cpu = 1;
	ev.lost.count = 42;
	check_str("text lost", text(&ev), "LOST 42 events on cpu 1\n");
	ev.lost.count = -1;
	check_str("text lost unknown", text(&ev),
		  "LOST unknown number of events on cpu 1\n");
	check_str("json lost unknown", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":null,\"comm\":null,\"event\":\"lost\",\"count\":null}\n");
	/* Losses of the compat -sig instance say so. */
	ev.lost.sig = true;
	check_str("text lost unknown, -sig instance", text(&ev),
		  "LOST unknown number of events on cpu 1 in the -sig instance\n");
	ev.lost.count = 42;
	check_str("text lost, -sig instance", text(&ev),
		  "LOST 42 events on cpu 1 in the -sig instance\n");
	check_str("json lost, -sig instance", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":null,\"comm\":null,\"event\":\"lost\",\"count\":42,\"instance\":\"sig\"}\n");
}

static void test_syscalls(void)
{
	struct ut_event ev = base(UT_SYSCALL_EXIT);

	check_str("syscall name 257", ut_syscall_name(257), "openat");
	check_str("syscall name 231", ut_syscall_name(231), "exit_group");
	check_int("syscall name unknown is NULL",
		  ut_syscall_name(100000) == NULL, 1);
	check_str("errno name 2", ut_errno_name(2), "ENOENT");
	check_str("errno name 13", ut_errno_name(13), "EACCES");
	/* Kernel-internal codes, as strace names them. */
	check_str("errno name 512", ut_errno_name(512), "ERESTARTSYS");
	check_str("errno name 513", ut_errno_name(513), "ERESTARTNOINTR");
	check_str("errno name 514", ut_errno_name(514), "ERESTARTNOHAND");
	check_str("errno name 515", ut_errno_name(515), "ENOIOCTLCMD");
	check_str("errno name 516", ut_errno_name(516),
		  "ERESTART_RESTARTBLOCK");
	check_str("errno name 517", ut_errno_name(517), "EPROBE_DEFER");
	check_str("errno name 530", ut_errno_name(530), "ERECALLCONFLICT");
	check_int("errno 519 (no name in strace) is NULL",
		  ut_errno_name(519) == NULL, 1);
	check_int("errno 531 is NULL", ut_errno_name(531) == NULL, 1);
	check_int("errno 4095 is NULL", ut_errno_name(4095) == NULL, 1);

	ev.sys_exit.nr = 257;
	ev.sys_exit.ret = -2;
	ev.sys_exit.verdict = UT_VERDICT_RAN;
	check_str("text syscall_exit errno", text(&ev),
		  "12.345678 sh[1234] syscall_exit openat = -2 ENOENT\n");
	check_str("json syscall_exit errno", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"sh\",\"event\":\"syscall_exit\",\"nr\":257,\"arch\":null,\"name\":\"openat\",\"ret\":-2,\"errno\":\"ENOENT\",\"verdict\":\"ran\",\"duration\":null}\n");
	/* rt_sigsuspend interrupted by a handled signal. */
	ev.sys_exit.nr = 130;
	ev.sys_exit.ret = -514;
	check_str("text syscall_exit -514", text(&ev),
		  "12.345678 sh[1234] syscall_exit rt_sigsuspend = -514 ERESTARTNOHAND\n");
	check_str("json syscall_exit -514", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"sh\",\"event\":\"syscall_exit\",\"nr\":130,\"arch\":null,\"name\":\"rt_sigsuspend\",\"ret\":-514,\"errno\":\"ERESTARTNOHAND\",\"verdict\":\"ran\",\"duration\":null}\n");
	ev.sys_exit.nr = 257;
	ev.sys_exit.ret = 3;
	ev.sys_exit.verdict = UT_VERDICT_INJECTED;
	check_str("text syscall_exit injected", text(&ev),
		  "12.345678 sh[1234] syscall_exit openat = 3 [injected]\n");
	ev.sys_exit.ret = -2;
	ev.sys_exit.rule = 3;
	check_str("text syscall_exit injected by rule", text(&ev),
		  "12.345678 sh[1234] syscall_exit openat = -2 ENOENT [injected by rule 3]\n");
	check_str("json syscall_exit injected by rule", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"sh\",\"event\":\"syscall_exit\",\"nr\":257,\"arch\":null,\"name\":\"openat\",\"ret\":-2,\"errno\":\"ENOENT\",\"verdict\":\"injected\",\"rule\":3,\"duration\":null}\n");
	ev.sys_exit.ret = 3;
	ev.sys_exit.verdict = UT_VERDICT_RAN;
	ev.sys_exit.rule = 7;
	check_str("text syscall_exit a rule acted, the call ran", text(&ev),
		  "12.345678 sh[1234] syscall_exit openat = 3 [rule 7]\n");
	check_str("json syscall_exit a rule acted, the call ran", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"sh\",\"event\":\"syscall_exit\",\"nr\":257,\"arch\":null,\"name\":\"openat\",\"ret\":3,\"errno\":null,\"verdict\":\"ran\",\"rule\":7,\"duration\":null}\n");
	/* A measured duration, and a verdict this recorder has no name for. */
	ev.sys_exit.rule = 0;
	ev.sys_exit.verdict = 77;
	ev.sys_exit.dur_ns = 1000000000ULL * 3 + 45;
	check_str("json syscall_exit duration and unnamed verdict", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"sh\",\"event\":\"syscall_exit\",\"nr\":257,\"arch\":null,\"name\":\"openat\",\"ret\":3,\"errno\":null,\"verdict\":77,\"duration\":3.000000045}\n");
	ev.sys_exit.verdict = UT_UNKNOWN;
	ev.sys_exit.dur_ns = 999999999;
	check_str("json syscall_exit sub-second duration, verdict unknown", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"sh\",\"event\":\"syscall_exit\",\"nr\":257,\"arch\":null,\"name\":\"openat\",\"ret\":3,\"errno\":null,\"verdict\":null,\"duration\":0.999999999}\n");
	ev.sys_exit.verdict = UT_VERDICT_RAN;
	ev.sys_exit.dur_ns = 0;
	ev.sys_exit.rule = 0;
	ev.sys_exit.nr = 9;
	ev.sys_exit.ret = 0x7f0000001000;
	ev.sys_exit.verdict = UT_UNKNOWN;
	check_str("text syscall_exit mmap hex", text(&ev),
		  "12.345678 sh[1234] syscall_exit mmap = 0x7f0000001000\n");

	ev = base(UT_SYSCALL_ENTRY);
	ev.sys_entry.nr = 231;
	ev.sys_entry.args[0] = 3;
	ev.sys_entry.args[5] = 0xffffffffffffffffUL;
	ev.sys_entry.verdict = UT_VERDICT_ABORTED;
	check_str("text syscall_entry aborted", text(&ev),
		  "12.345678 sh[1234] syscall_entry exit_group(3) [aborted]\n");
	ev.sys_entry.verdict = UT_UNKNOWN;
	check_str("json syscall_entry compat", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"sh\",\"event\":\"syscall_entry\",\"nr\":231,\"arch\":null,\"name\":\"exit_group\",\"args\":[3,0,0,0,0,18446744073709551615],\"decoded_args\":[\"3\"],\"verdict\":null}\n");
	ev.sys_entry.nr = 100000;
	ev.sys_entry.args[5] = 0;
	check_str("text syscall_entry unknown nr", text(&ev),
		  "12.345678 sh[1234] syscall_entry syscall_100000(0x3, 0x0, 0x0, 0x0, 0x0, 0x0)\n");
}

static void test_signals(void)
{
	/* The disposition of a signal from its handler (compat mode). */
	const struct {
		const char *name;
		int signo;
		unsigned long handler;
		const char *want;
	} disp[] = {
		{ "disp SIG_DFL SIGTERM", SIGTERM, 0, "terminate" },
		{ "disp SIG_DFL SIGSEGV", SIGSEGV, 0, "core" },
		{ "disp SIG_DFL SIGQUIT", SIGQUIT, 0, "core" },
		{ "disp SIG_DFL SIGTSTP", SIGTSTP, 0, "stop" },
		{ "disp SIG_DFL SIGCHLD", SIGCHLD, 0, "ignore" },
		{ "disp SIG_DFL SIGWINCH", SIGWINCH, 0, "ignore" },
		{ "disp SIG_DFL SIGRTMIN", SIGRTMIN, 0, "terminate" },
		{ "disp SIG_IGN SIGTERM", SIGTERM, 1, "ignore" },
		{ "disp handler SIGSEGV", SIGSEGV, 0x401000, "handler" },
	};
	struct ut_event ev = base(UT_SIGNAL);
	char buf[32];
	size_t i;

	check_str("signame 15", ut_signame(15, buf, sizeof(buf)), "SIGTERM");
	check_str("signame 64", ut_signame(64, buf, sizeof(buf)), "SIGRTMIN+30");
	check_str("signame 0", ut_signame(0, buf, sizeof(buf)), "SIG0");

	for (i = 0; i < sizeof(disp) / sizeof(disp[0]); i++)
		check_str(disp[i].name, ut_disp_name(ut_infer_disp(disp[i].signo,
			  disp[i].handler)), disp[i].want);

	ev.signal.signo = SIGTERM;
	ev.signal.sender_pid = 1200;
	ev.signal.disposition = UT_DISP_TERMINATE;
	ev.signal.engine_disposition = UT_DISP_TERMINATE;
	ev.signal.addr_known = true;
	check_str("text signal from pid", text(&ev),
		  "12.345678 sh[1234] signal SIGTERM from 1200 -> terminate\n");
	ev.signal.signo = SIGSEGV;
	ev.signal.si_code = 1;
	ev.signal.sender_pid = 0;
	ev.signal.addr = 0x10;
	ev.signal.disposition = UT_DISP_CORE;
	ev.signal.engine_disposition = UT_DISP_HELD;
	check_str("text signal fault from kernel", text(&ev),
		  "12.345678 sh[1234] signal SIGSEGV from kernel addr=0x10 -> core (engine: held)\n");
	check_str("json signal native", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"sh\",\"event\":\"signal\",\"signo\":11,\"signal\":\"SIGSEGV\",\"si_code\":1,\"sender_pid\":0,\"context_pid\":1234,\"addr\":16,\"disposition\":\"core\",\"disposition_inferred\":false,\"engine_disposition\":\"held\"}\n");
	ev.signal.signo = SIGUSR1;
	ev.signal.si_code = 0;
	ev.signal.sender_pid = -1;
	ev.signal.addr_known = false;
	ev.signal.disposition = UT_DISP_HANDLER;
	ev.signal.disp_inferred = true;
	ev.signal.engine_disposition = UT_UNKNOWN;
	check_str("text signal compat", text(&ev),
		  "12.345678 sh[1234] signal SIGUSR1 -> handler\n");
	check_str("json signal compat", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"sh\",\"event\":\"signal\",\"signo\":10,\"signal\":\"SIGUSR1\",\"si_code\":0,\"sender_pid\":null,\"context_pid\":1234,\"addr\":null,\"disposition\":\"handler\",\"disposition_inferred\":true,\"engine_disposition\":null}\n");
}

/* utrace:syscall_* arch: i386 calls by their own table, marked. */
static void test_syscall_arch(void)
{
	struct ut_event ev = base(UT_SYSCALL_ENTRY);

	check_str("i386 syscall 5 is open", ut_syscall_name_arch(UT_ARCH_I386, 5),
		  "open");
	check_str("x86_64 syscall 5 is fstat",
		  ut_syscall_name_arch(UT_ARCH_X86_64, 5), "fstat");
	check_int("other arch: no name",
		  ut_syscall_name_arch(0xc00000b7, 5) == NULL, 1);
	ev.sys_entry.nr = 1;
	ev.sys_entry.arch = UT_ARCH_I386;
	ev.sys_entry.verdict = UT_VERDICT_RAN;
	check_str("text syscall_entry i386", text(&ev),
		  "12.345678 sh[1234] syscall_entry [i386] exit(0)\n");
	ev.sys_entry.arch = UT_ARCH_X86_64;
	check_str("text syscall_entry x86_64: no marker", text(&ev),
		  "12.345678 sh[1234] syscall_entry write(0, NULL, 0)\n");

	ev = base(UT_SYSCALL_EXIT);
	ev.sys_exit.nr = 5;
	ev.sys_exit.arch = UT_ARCH_I386;
	ev.sys_exit.ret = 0xfffffff3;		/* -EACCES in 32 bits */
	ev.sys_exit.verdict = UT_VERDICT_RAN;
	check_str("text syscall_exit i386 32-bit errno", text(&ev),
		  "12.345678 sh[1234] syscall_exit [i386] open = -13 EACCES\n");
	check_str("json syscall_exit i386", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"sh\",\"event\":\"syscall_exit\",\"nr\":5,\"arch\":\"i386\",\"name\":\"open\",\"ret\":-13,\"errno\":\"EACCES\",\"verdict\":\"ran\",\"duration\":null}\n");
	ev.sys_exit.arch = UT_ARCH_X86_64;
	ev.sys_exit.nr = 257;
	ev.sys_exit.ret = -1;
	ev.sys_exit.verdict = UT_VERDICT_SECCOMP;
	check_str("text syscall_exit denied by seccomp", text(&ev),
		  "12.345678 sh[1234] syscall_exit openat = -1 EPERM [denied by seccomp]\n");
	check_str("json syscall_exit verdict seccomp", json(&ev),
		  "{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"sh\",\"event\":\"syscall_exit\",\"nr\":257,\"arch\":\"x86_64\",\"name\":\"openat\",\"ret\":-1,\"errno\":\"EPERM\",\"verdict\":\"seccomp\",\"duration\":null}\n");
	ev.sys_exit.verdict = UT_VERDICT_UNKNOWN;
	check_str("text syscall_exit verdict unknown (toggled mid-call)",
		  text(&ev),
		  "12.345678 sh[1234] syscall_exit openat = -1 EPERM [verdict unknown]\n");
}

/* utrace:signal traced in the sender: the line is the receiver's. */
static void test_signal_context(void)
{
	struct ut_event ev = base(UT_SIGNAL);

	ev.signal.signo = SIGKILL;
	ev.signal.sender_pid = 1200;
	ev.signal.ctx_pid = 1200;
	ev.signal.disposition = UT_DISP_TERMINATE;
	ev.signal.engine_disposition = UT_DISP_TERMINATE;
	check_str("text signal traced in the sender", text(&ev),
		  "12.345678 sh[1234] signal SIGKILL from 1200 -> terminate (traced in 1200)\n");
	sb_reset(&sb);
	ut_format_details_at(&sb, &ev, 1200);
	check_str("details shown under the sender name the receiver",
		  sb_str(&sb), " SIGKILL to 1234 from 1200 -> terminate");
}

static void test_event_list(void)
{
	unsigned int mask = 0;
	const char *bad = NULL;

	check_int("event list: clone,exit", ut_parse_event_list("clone,exit",
		  &mask, &bad), 0);
	check_int("event list: clone,exit mask", mask,
		  UT_KIND_BIT(UT_CLONE) | UT_KIND_BIT(UT_EXIT));
	check_int("event list: all", (ut_parse_event_list("all", &mask, &bad),
		  mask), UT_KINDS_ALL);
	check_int("event list: unknown rejected",
		  ut_parse_event_list("clone,fork", &mask, &bad), -1);
	check_str("event list: unknown name reported", bad, "fork");
	check_int("event list: empty rejected",
		  ut_parse_event_list(",", &mask, &bad), -1);
	check_int("default mask excludes syscalls",
		  UT_KINDS_DEFAULT & UT_KINDS_SYSCALLS, 0);
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

static void test_comm_table(void)
{
	struct ut_procs p;
	struct ut_event ev;
	char file[] = "/usr/bin/a-very-long-program-name";
	char file2[] = "/bin/sleep";
	int i;

	ut_procs_init(&p, false);
	check_str("comm: unknown pid", ut_procs_comm(&p, 4242), "<...>");
	check_str("comm: pid 0", ut_procs_comm(&p, 0), "<idle>");
	ut_procs_set_comm(&p, 100, "bash");
	ut_procs_clone(&p, 100, 101, NULL);
	check_str("comm: child inherits parent", ut_procs_comm(&p, 101), "bash");
	ut_procs_clone(&p, 100, 102, "worker");
	check_str("comm: clone with child comm", ut_procs_comm(&p, 102),
		  "worker");
	ut_procs_exec(&p, 101, file);
	check_str("comm: exec basename cut to 15", ut_procs_comm(&p, 101),
		  "a-very-long-pro");

	/* Many pids force the table to grow; names survive. */
	for (i = 1000; i < 3000; i++)
		ut_procs_clone(&p, 100, i, NULL);
	check_str("comm: after growth", ut_procs_comm(&p, 101),
		  "a-very-long-pro");
	check_str("comm: after growth, new pid", ut_procs_comm(&p, 2999),
		  "bash");

	/* Events applied in order fill ev.comm and the summary data. */
	ev = mk(UT_CLONE, 100, 10);
	ev.clone.parent_pid = 100;
	ev.clone.child_pid = 200;
	ut_procs_apply(&p, &ev);
	check_str("apply: clone line has parent's name", ev.comm, "bash");
	ev = mk(UT_EXEC, 200, 20);
	ev.exec.filename = file2;
	ev.exec.old_pid = ev.exec.new_pid = 200;
	ut_procs_apply(&p, &ev);
	check_str("apply: exec line has new name", ev.comm, "sleep");

	/* Compat: exit code from exit_group, then from a fatal signal. */
	ev = mk(UT_X_EXITCALL, 200, 30);
	ev.exitcall.code = 5 << 8;
	ut_procs_apply(&p, &ev);
	ev = mk(UT_EXIT, 200, 40);
	ut_procs_apply(&p, &ev);
	check_int("apply: exit code from exit_group",
		  ev.exit.code_known ? ev.exit.code : -1, 5 << 8);
	check_int("apply: summary duration data",
		  (long long)(ut_procs_find(&p, 200)->exit_ts -
			      ut_procs_find(&p, 200)->start_ts), 30);
	check_int("apply: children counted",
		  ut_procs_find(&p, 100)->children, 1);

	ev = mk(UT_SIGNAL, 101, 50);
	ev.signal.signo = SIGTERM;
	ev.signal.disposition = UT_DISP_TERMINATE;
	ev.signal.disp_inferred = true;
	ev.signal.sender_pid = -1;
	ut_procs_apply(&p, &ev);
	ev = mk(UT_EXIT, 101, 60);
	ut_procs_apply(&p, &ev);
	check_int("apply: exit code from fatal signal",
		  ev.exit.code_known ? ev.exit.code : -1, SIGTERM);

	/* Compat: SIGKILL from a group exit is shown as the real signal. */
	ev = mk(UT_X_SIGGEN, 100, 70);
	ev.siggen.signo = SIGINT;
	ev.siggen.target = 102;
	ut_procs_apply(&p, &ev);
	ev = mk(UT_SIGNAL, 102, 80);
	ev.signal.signo = SIGKILL;
	ev.signal.disposition = UT_DISP_TERMINATE;
	ev.signal.disp_inferred = true;
	ev.signal.sender_pid = -1;
	ut_procs_apply(&p, &ev);
	check_int("apply: group-exit SIGKILL shown as SIGINT",
		  ev.signal.signo, SIGINT);
	check_int("apply: sender from signal_generate", ev.signal.sender_pid,
		  100);

	/*
	 * Compat: a SIGKILL nobody was seen sending is the kernel's group
	 * exit; it is not shown, and the exit's cause is unknown.
	 */
	ev = mk(UT_SIGNAL, 103, 82);
	ev.signal.signo = SIGKILL;
	ev.signal.disposition = UT_DISP_TERMINATE;
	ev.signal.disp_inferred = true;
	ev.signal.sender_pid = -1;
	ut_procs_apply(&p, &ev);
	check_int("apply: unsent SIGKILL is dropped", ev.kind, UT_X_DROPPED);
	ev = mk(UT_EXIT, 103, 84);
	ut_procs_apply(&p, &ev);
	check_int("apply: its exit code stays unknown", ev.exit.code_known, 0);
	check_int("apply: its cause is unknown", ev.exit.cause,
		  UT_CAUSE_UNKNOWN);
	sb_reset(&sb);
	ut_format_text(&sb, &ev);
	check_str("apply: exit line says so", sb_str(&sb),
		  "0.000000 <...>[103] exit status=? (group exit, cause unknown)\n");

	/* Unknown code stays unknown. */
	ev = mk(UT_EXIT, 300, 90);
	ut_procs_apply(&p, &ev);
	check_int("apply: exit code unknown", ev.exit.code_known, 0);
	ut_procs_free(&p);
}

static void test_summary(void)
{
	struct ut_counts c = { { 0 } };
	struct ut_procs p;
	struct ut_event ev;
	char file[] = "/bin/true";

	ut_procs_init(&p, false);
	ut_procs_set_comm(&p, 10, "sh");
	ev = mk(UT_CLONE, 10, 1000000000);
	ev.clone.child_pid = 11;
	ut_procs_apply(&p, &ev);
	ev = mk(UT_EXEC, 11, 1500000000);
	ev.exec.filename = file;
	ev.exec.old_pid = ev.exec.new_pid = 11;
	ut_procs_apply(&p, &ev);
	ev = mk(UT_EXIT, 11, 3250000000ULL);
	ev.exit.code_known = true;
	ev.exit.code = 2 << 8;
	ut_procs_apply(&p, &ev);
	ut_procs_find(&p, 10)->seen = true;
	ut_procs_find(&p, 11)->seen = true;
	c.n[UT_CLONE] = 1;
	c.n[UT_EXEC] = 1;
	c.n[UT_EXIT] = 1;
	sb_reset(&sb);
	ut_summary_text(&sb, &p, &c, UT_KIND_BIT(UT_CLONE) |
			UT_KIND_BIT(UT_EXEC) | UT_KIND_BIT(UT_EXIT));
	check_str("summary text", sb_str(&sb),
		  "\n=== summary: processes ===\n"
		  "PID      COMM             START              EXIT                   DURATION   CHILDREN EXEC\n"
		  "10       sh               -                  running                -          1        -\n"
		  "11       true             1.000000           status=2               2.250000   0        /bin/true\n"
		  "=== summary: events ===\n"
		  "clone          1\n"
		  "exec           1\n"
		  "exit           1\n");
	sb_reset(&sb);
	ut_summary_json(&sb, &p, &c, UT_KIND_BIT(UT_EXIT));
	check_str("summary json", sb_str(&sb),
		  "{\"event\":\"summary\",\"processes\":[{\"pid\":10,\"comm\":\"sh\",\"start\":null,\"exec\":null,\"exited\":false,\"exit_code\":null,\"exit_status\":null,\"exit_signal\":null,\"superseded_by\":null,\"duration\":null,\"children\":1},{\"pid\":11,\"comm\":\"true\",\"start\":1.000000000,\"exec\":\"/bin/true\",\"exited\":true,\"exit_code\":512,\"exit_status\":2,\"exit_signal\":null,\"superseded_by\":null,\"duration\":2.250000000,\"children\":0}],\"counts\":{\"exit\":1},\"lost_reports\":0}\n");

	/* Kinds the mode cannot produce are n/a (null), not 0. */
	c.na = UT_KIND_BIT(UT_DEATH);
	sb_reset(&sb);
	ut_summary_text(&sb, &p, &c, UT_KIND_BIT(UT_EXIT) |
			UT_KIND_BIT(UT_DEATH));
	check_int("summary text: death n/a",
		  strstr(sb_str(&sb), "\nexit           1\ndeath          n/a\n") != NULL, 1);
	sb_reset(&sb);
	ut_summary_json(&sb, &p, &c, UT_KIND_BIT(UT_EXIT) |
			UT_KIND_BIT(UT_DEATH));
	check_int("summary json: death null",
		  strstr(sb_str(&sb), "\"counts\":{\"exit\":1,\"death\":null}") != NULL, 1);
	ut_procs_free(&p);
}

/* Syscall pairing, the joined line and the strace -c table. */
static void test_calls(void)
{
	struct ut_calls c = { .entries = true };
	struct ut_event en = mk(UT_SYSCALL_ENTRY, 7, 1000000000ULL);
	struct ut_event ex = mk(UT_SYSCALL_EXIT, 7, 1000250000ULL);
	struct ut_event held, e2;

	en.sys_entry.nr = 257;			/* openat */
	en.sys_entry.arch = UT_ARCH_X86_64;
	en.sys_entry.args[0] = 0xffffff9c;
	ex.sys_exit.nr = 257;
	ex.sys_exit.arch = UT_ARCH_X86_64;
	ex.sys_exit.ret = -2;
	strcpy(en.comm, "cat");
	strcpy(ex.comm, "cat");
	ut_calls_note(&c, &en);
	check_int("calls: entry held", ut_calls_hold(&c, &en, &held), 0);
	ut_calls_count(&c, &en);
	ut_calls_note(&c, &ex);
	check_int("calls: exit gets the duration", (long long)ex.sys_exit.dur_ns,
		  250000);
	ut_calls_count(&c, &ex);
	check_int("calls: the held entry is taken", ut_calls_take(&c, 7, &held), 1);
	sb_reset(&sb);
	ut_format_call(&sb, &held, &ex);
	check_str("calls: joined line", sb_str(&sb),
		  "1.000000 cat[7] syscall openat(AT_FDCWD, NULL, O_RDONLY) = -2 ENOENT <0.000250>\n");
	ex.sys_exit.verdict = UT_VERDICT_INJECTED;
	ex.sys_exit.rule = 12;
	sb_reset(&sb);
	ut_format_call(&sb, &held, &ex);
	check_str("calls: joined line of an injected call", sb_str(&sb),
		  "1.000000 cat[7] syscall openat(AT_FDCWD, NULL, O_RDONLY) = -2 ENOENT [injected by rule 12] <0.000250>\n");
	ex.sys_exit.verdict = UT_VERDICT_RAN;
	ex.sys_exit.rule = 0;
	/* A second call that does not return (exit_group). */
	e2 = mk(UT_SYSCALL_ENTRY, 7, 2000000000ULL);
	e2.sys_entry.nr = 231;
	e2.sys_entry.arch = UT_ARCH_X86_64;
	ut_calls_note(&c, &e2);
	ut_calls_hold(&c, &e2, &held);
	ut_calls_count(&c, &e2);
	check_int("calls: an old held entry is flushed",
		  ut_calls_take_old(&c, 0, &held) && held.sys_entry.nr == 231, 1);
	sb_reset(&sb);
	ut_calls_table_text(&sb, &c);
	check_str("calls: strace -c table", sb_str(&sb),
		  "=== summary: syscalls ===\n"
		  "% time     seconds  usecs/call     calls    errors syscall\n"
		  "100.00    0.000250         250         1         1 openat\n"
		  "  0.00    0.000000           0         1           exit_group\n"
		  "100.00    0.000250                     2         1 total\n");
	sb_reset(&sb);
	ut_calls_table_json(&sb, &c);
	check_str("calls: json table", sb_str(&sb),
		  "\"syscalls\":[{\"name\":\"openat\",\"calls\":1,\"errors\":1,\"seconds\":0.000250000},{\"name\":\"exit_group\",\"calls\":1,\"errors\":0,\"seconds\":0.000000000}]");
	ut_calls_free(&c);
}

/* --perfetto: exact document for a small, fixed event sequence. */
static void test_perfetto(void)
{
	struct ut_perfetto pf;
	struct ut_event ev[5];
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);

	ev[0] = base(UT_EXEC);			/* sh[1234] exec, 12.345678901 */
	ev[0].exec.filename = "/bin/sh";
	ev[0].exec.old_pid = ev[0].exec.new_pid = 1234;
	ev[1] = base(UT_CLONE);			/* clone of a thread, +1 us */
	ev[1].ts += 1000;
	ev[1].clone.parent_pid = 1234;
	ev[1].clone.child_pid = 1240;
	ev[1].clone.child_tgid = 1234;
	ev[1].clone.exit_signal = UT_UNKNOWN;
	ev[2] = base(UT_SIGNAL);		/* in the thread, +2.5 us */
	ev[2].ts += 2500;
	ev[2].pid = 1240;
	ev[2].signal.ctx_pid = 1240;
	ev[2].signal.signo = SIGTERM;
	ev[2].signal.sender_pid = 0;
	ev[2].signal.disposition = UT_DISP_TERMINATE;
	ev[2].signal.engine_disposition = UT_UNKNOWN;
	ev[3] = base(UT_LOST);
	ev[3].ts += 3000;
	ev[3].lost.count = 7;
	ev[4] = base(UT_EXIT);			/* sh exits, +10 us */
	ev[4].ts += 10000;
	ev[4].exit.code_known = true;
	ev[4].exit.code = 3 << 8;
	ev[4].exit.group_dead = 1;

	ut_perfetto_init(&pf, f);
	for (i = 0; i < 5; i++) {
		ut_perfetto_track(&pf, &ev[i]);
		if (i != 1)			/* clone is not printed (-e) */
			ut_perfetto_instant(&pf, &ev[i]);
	}
	check_int("perfetto finish", ut_perfetto_finish(&pf), 0);
	ut_perfetto_free(&pf);
	fclose(f);
	check_str("perfetto document", buf,
"{\"traceEvents\":[\n"
"{\"name\":\"exec\",\"cat\":\"utrace\",\"ph\":\"i\",\"ts\":12345678.901,\"s\":\"t\",\"pid\":1234,\"tid\":1234,\"args\":{\"time\":12.345678901,\"cpu\":1,\"pid\":1234,\"comm\":\"sh\",\"event\":\"exec\",\"filename\":\"/bin/sh\",\"old_pid\":1234,\"errno\":null,\"ppid\":null,\"argv\":null,\"argv_truncated\":null,\"start_ns\":null,\"cgroup_id\":null}},\n"
"{\"name\":\"signal SIGTERM\",\"cat\":\"utrace\",\"ph\":\"i\",\"ts\":12345681.401,\"s\":\"t\",\"pid\":1234,\"tid\":1240,\"args\":{\"time\":12.345681401,\"cpu\":1,\"pid\":1240,\"comm\":\"sh\",\"event\":\"signal\",\"signo\":15,\"signal\":\"SIGTERM\",\"si_code\":0,\"sender_pid\":0,\"context_pid\":1240,\"addr\":null,\"disposition\":\"terminate\",\"disposition_inferred\":false,\"engine_disposition\":null}},\n"
"{\"name\":\"LOST\",\"cat\":\"utrace\",\"ph\":\"i\",\"ts\":12345681.901,\"s\":\"g\",\"pid\":0,\"tid\":0,\"args\":{\"time\":12.345681901,\"cpu\":1,\"pid\":null,\"comm\":null,\"event\":\"lost\",\"count\":7}},\n"
"{\"name\":\"exit\",\"cat\":\"utrace\",\"ph\":\"i\",\"ts\":12345688.901,\"s\":\"t\",\"pid\":1234,\"tid\":1234,\"args\":{\"time\":12.345688901,\"cpu\":1,\"pid\":1234,\"comm\":\"sh\",\"event\":\"exit\",\"code\":768,\"status\":3,\"signal\":null,\"core_dumped\":false,\"orig_code\":null,\"cause\":null,\"cause_pid\":null,\"ppid\":null,\"age\":null,\"sender_pid\":null,\"sender_uid\":null,\"si_code\":null,\"start_ns\":null,\"cgroup_id\":null}},\n"
"{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1234,\"tid\":1234,\"args\":{\"name\":\"sh\"}},\n"
"{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1234,\"tid\":1234,\"args\":{\"name\":\"sh\"}},\n"
"{\"name\":\"sh\",\"cat\":\"lifetime\",\"ph\":\"X\",\"ts\":12345678.901,\"dur\":10.000,\"pid\":1234,\"tid\":1234,\"args\":{\"start\":\"exec\",\"end\":\"status=3\",\"exec\":\"/bin/sh\"}},\n"
"{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1234,\"tid\":1240,\"args\":{\"name\":\"sh\"}},\n"
"{\"name\":\"sh\",\"cat\":\"lifetime\",\"ph\":\"X\",\"ts\":12345679.901,\"dur\":9.000,\"pid\":1234,\"tid\":1240,\"args\":{\"start\":\"clone\",\"end\":\"still running\",\"exec\":null}}"
"\n],\"displayTimeUnit\":\"ns\",\"otherData\":{\"recorder\":\"utrace-record\",\"clock\":\"mono\"}}\n");
	free(buf);
}

int main(void)
{
	test_clone();
	test_clone_flags();
	test_exec();
	test_exec_argv();
	test_json_escape();
	test_escape();
	test_exit();
	test_other_kinds();
	test_syscalls();
	test_signals();
	test_syscall_arch();
	test_signal_context();
	test_event_list();
	test_comm_table();
	test_summary();
	test_perfetto();
	test_calls();
	sb_free(&sb);
	return tap_done();
}
