// SPDX-License-Identifier: GPL-2.0
/*
 * inject_test.c - -e inject=SPEC and -e fault=SPEC: the SPEC parser, the
 * kernel rule lines it turns into, its refusals, and what is taken from
 * a read of the session file (ids, counts) and reported at the end.  No
 * kernel is needed.  Prints TAP; exit status 1 if any failed.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inject.h"
#include "tap.h"

/* The rule lines of the SPECs (fault: "F" before one), for pid 4242. */
static void lines(const char *name, const char *const *specs,
		  const char *want)
{
	struct ut_inject inj;
	struct sbuf sb = { 0 };
	char err[256] = "";

	ut_inject_init(&inj);
	for (; *specs; specs++) {
		bool fault = (*specs)[0] == 'F';

		if (ut_inject_parse(&inj, *specs + fault, fault, err,
				    sizeof(err))) {
			sb_printf(&sb, "refused: %s\n", err);
			break;
		}
	}
	if (!sb.len)
		ut_inject_lines(&inj, 4242, &sb);
	check_str(name, sb_str(&sb), want);
	sb_free(&sb);
}

#define L(name, want, ...) \
	lines(name, (const char *const[]){ __VA_ARGS__, NULL }, want)

/* A refused SPEC: its message. */
static void refused(const char *spec, bool fault, const char *want)
{
	struct ut_inject inj;
	char err[256] = "", name[300];

	ut_inject_init(&inj);
	snprintf(name, sizeof(name), "refused: %s=%s", fault ? "fault" :
		 "inject", spec);
	if (!ut_inject_parse(&inj, spec, fault, err, sizeof(err)))
		snprintf(err, sizeof(err), "(accepted)");
	check_str(name, err, want);
}

static void test_lines(void)
{
	char rt[128];

	L("error name, when=N", "syscalls=257,i386:295 pid=4242 follow=1 count=thread from_exec=1 error=2 when=2\n",
	  "openat:error=ENOENT:when=2");
	L("error number, when=N+",
	  "syscalls=257,i386:295 pid=4242 follow=1 count=thread from_exec=1 error=13 when=3+1\n",
	  "openat:error=13:when=3+");
	L("retval, when=N+M",
	  "syscalls=110,i386:64 pid=4242 follow=1 count=thread from_exec=1 retval=4242 when=1+2\n",
	  "getppid:retval=4242:when=1+2");
	L("retval as strace reads it: -1, hex, 2^64-1",
	  "syscalls=39,i386:20 pid=4242 follow=1 count=thread from_exec=1 retval=-1\n"
	  "syscalls=110,i386:64 pid=4242 follow=1 count=thread from_exec=1 retval=16\n"
	  "syscalls=186,i386:224 pid=4242 follow=1 count=thread from_exec=1 retval=-1\n",
	  "getpid:retval=-1", "getppid:retval=0x10",
	  "gettid:retval=18446744073709551615");
	L("signal alone: SIGUSR1, USR1, usr2, 15",
	  "syscalls=0,i386:3 pid=4242 follow=1 count=thread from_exec=1 signal=10\n"
	  "syscalls=1,i386:4 pid=4242 follow=1 count=thread from_exec=1 signal=10\n"
	  "syscalls=3,i386:6 pid=4242 follow=1 count=thread from_exec=1 signal=12\n"
	  "syscalls=39,i386:20 pid=4242 follow=1 count=thread from_exec=1 signal=15\n",
	  "read:signal=SIGUSR1", "write:signal=USR1", "close:signal=usr2",
	  "getpid:signal=15");
	snprintf(rt, sizeof(rt),
		 "syscalls=39,i386:20 pid=4242 follow=1 count=thread from_exec=1 signal=%d\n", SIGRTMIN + 2);
	L("signal SIGRTMIN+2 (the C library's numbering)", rt,
	  "getpid:signal=SIGRTMIN+2");
	L("delays: us default, units s ms us ns, fractions (rounded up)",
	  "syscalls=0,i386:3 pid=4242 follow=1 count=thread from_exec=1 delay_enter=5\n"
	  "syscalls=1,i386:4 pid=4242 follow=1 count=thread from_exec=1 delay_exit=7\n"
	  "syscalls=3,i386:6 pid=4242 follow=1 count=thread from_exec=1 delay_enter=3000 delay_exit=2000000\n"
	  "syscalls=39,i386:20 pid=4242 follow=1 count=thread from_exec=1 delay_enter=2 delay_exit=60000000\n"
	  "syscalls=110,i386:64 pid=4242 follow=1 count=thread from_exec=1 delay_enter=1500 delay_exit=250000\n",
	  "read:delay_enter=5", "write:delay_exit=7us",
	  "close:delay_exit=2s:delay_enter=3ms",
	  "getpid:delay_enter=1500ns:delay_exit=60s",
	  "getppid:delay_enter=1.5ms:delay_exit=0.25s");
	L("every action, in the kernel's order",
	  "syscalls=257,i386:295 pid=4242 follow=1 count=thread from_exec=1 error=5 signal=10 delay_enter=1 delay_exit=2 when=2+3\n",
	  "openat:when=2+3:delay_exit=2:delay_enter=1:signal=10:error=EIO");
	L("a SET: one rule, both ABIs by number",
	  "syscalls=0,257,i386:3,i386:295 pid=4242 follow=1 count=thread from_exec=1 error=5 when=2\n",
	  "openat,read:error=EIO:when=2");
	L("strace's names, not the kernel's: uname, stat, fstat, lstat, oldstat, stat64",
	  "syscalls=4,5,6,63,i386:18,i386:28,i386:84,i386:106,i386:107,i386:108,i386:122,i386:195,i386:197"
	  " pid=4242 follow=1 count=thread from_exec=1 error=1\n",
	  "uname,stat,fstat,lstat,oldstat,oldfstat,oldlstat,stat64,fstat64:error=EPERM");
	L("a class: %ipc", "syscalls=29,30,31,64,65,66,67,68,69,70,71,220,"
	  "i386:117,i386:393,i386:394,i386:395,i386:396,i386:397,i386:398,"
	  "i386:399,i386:400,i386:401,i386:402,i386:420 pid=4242 follow=1 count=thread from_exec=1 error=1\n",
	  "%ipc:error=EPERM");
	L("legacy and any-case class names: ipc, %IPC",
	  "syscalls=29,30,31,64,65,66,67,68,69,70,71,220,"
	  "i386:117,i386:393,i386:394,i386:395,i386:396,i386:397,i386:398,"
	  "i386:399,i386:400,i386:401,i386:402,i386:420 pid=4242 follow=1 count=thread from_exec=1 error=1\n",
	  "ipc,%IPC:error=EPERM");
	L("%%statfs (ustat too), %fstatfs taking its calls",
	  "syscalls=136,137,i386:62,i386:99,i386:268 pid=4242 follow=1 count=thread from_exec=1 error=1\n"
	  "syscalls=138,i386:100,i386:269 pid=4242 follow=1 count=thread from_exec=1 error=2\n",
	  "%%statfs:error=EPERM", "%fstatfs:error=ENOENT");
	L("a number: every ABI that has it (x86_64 mkdir? no: 83; 39 is getpid and i386 mkdir)",
	  "syscalls=39,i386:39 pid=4242 follow=1 count=thread from_exec=1 error=1\n", "39:error=EPERM");
	L("@64 and @32", "syscalls=39 pid=4242 follow=1 count=thread from_exec=1 error=1\n"
	  "syscalls=i386:20 pid=4242 follow=1 count=thread from_exec=1 error=2\n",
	  "getpid@64:error=EPERM", "getpid@32:error=ENOENT");
	L("a regex", "syscalls=39,110,186,i386:20,i386:64,i386:224 pid=4242 follow=1 count=thread from_exec=1 error=1\n",
	  "/^get(p|pp|t)id$:error=EPERM");
	L("?: nothing found is no error", "syscalls=39,i386:20 pid=4242 follow=1 count=thread from_exec=1 error=1\n",
	  "?nosuchcall,getpid:error=EPERM");
	L("fault=: ENOSYS by default",
	  "syscalls=110,i386:64 pid=4242 follow=1 count=thread from_exec=1 error=38\n", "Fgetppid");
	L("fault=: error= and when=",
	  "syscalls=110,i386:64 pid=4242 follow=1 count=thread from_exec=1 error=1 when=2+1\n",
	  "Fgetppid:error=EPERM:when=2+");
	L("when= ranges: F..L, F..L+, F..L+S",
	  "syscalls=110,i386:64 pid=4242 follow=1 count=thread from_exec=1 error=1 when=2..4+1\n"
	  "syscalls=39,i386:20 pid=4242 follow=1 count=thread from_exec=1 error=1 when=3..3+1\n"
	  "syscalls=186,i386:224 pid=4242 follow=1 count=thread from_exec=1 error=1 when=1..65534+3\n",
	  "getppid:error=EPERM:when=2..4", "getpid:error=EPERM:when=3..3+",
	  "gettid:error=EPERM:when=1..65534+3");
	L("poke_enter=, poke_exit= (hex kept in lower case)",
	  "syscalls=1,i386:4 pid=4242 follow=1 count=thread from_exec=1 poke_enter=@arg2=41424344\n"
	  "syscalls=0,i386:3 pid=4242 follow=1 count=thread from_exec=1 error=5 poke_enter=@arg3=00,@arg2=0aff poke_exit=@arg1=ab\n",
	  "write:poke_enter=@arg2=41424344",
	  "read:error=EIO:poke_enter=@arg3=00,@arg2=0AFF:poke_exit=@arg1=AB");
	L("syscall=PURE: checked, then dropped (error= replaces its result)",
	  "syscalls=39,i386:20 pid=4242 follow=1 count=thread from_exec=1 error=1\n",
	  "getpid:syscall=getuid:error=EPERM");
	L("when= twice: the last counts (strace)",
	  "syscalls=110,i386:64 pid=4242 follow=1 count=thread from_exec=1 error=1 when=3\n",
	  "getppid:error=EPERM:when=2:when=3");
	L("several SPECs; a later one takes its calls from the earlier",
	  "syscalls=257,i386:295 pid=4242 follow=1 count=thread from_exec=1 error=2\n"
	  "syscalls=110,i386:64 pid=4242 follow=1 count=thread from_exec=1 retval=7\n"
	  "syscalls=0,i386:3 pid=4242 follow=1 count=thread from_exec=1 error=38\n",
	  "openat,read:error=ENOENT", "getppid:retval=7", "Fread");
	L("a SPEC left with no call has no rule",
	  "syscalls=257,i386:295 pid=4242 follow=1 count=thread from_exec=1 error=5\n",
	  "openat:error=ENOENT", "openat:error=EIO");
	L("none: no rule", "", "none:error=EIO");
}

/* A negated set: every number of strace's table and the kernel's but one. */
static void test_negated(void)
{
	struct ut_inject inj;
	char err[256] = "";
	int n;

	ut_inject_init(&inj);
	n = ut_inject_parse(&inj, "!write:error=EIO", false, err, sizeof(err));
	check_int("!write: accepted", n, 0);
	check_int("!write: x86_64 0..450 but 1", ut_scset_count(&inj.specs[0].set, UT_ABI_X86_64), 450);
	check_int("!write: i386 0..462 but 4", ut_scset_count(&inj.specs[0].set, UT_ABI_I386), 462);
	check_int("!write: x86_64 write left out", inj.specs[0].set.nr[UT_ABI_X86_64][1], 0);
	check_int("!write: i386 write left out", inj.specs[0].set.nr[UT_ABI_I386][4], 0);
	ut_inject_init(&inj);
	ut_inject_parse(&inj, "all:error=EIO", false, err, sizeof(err));
	check_int("all: both tables", ut_scset_count(&inj.specs[0].set, -1), 451 + 463);
	ut_inject_init(&inj);
	ut_inject_parse(&inj, "!!getpid:error=EIO", false, err, sizeof(err));
	check_int("!!getpid: getpid", ut_scset_count(&inj.specs[0].set, -1), 2);
}

static void test_refused(void)
{
	refused("read,/^open(:error=EIO", false, "'/^open(': Unmatched ( or \\(");
	refused("opnat:error=EIO", false, "invalid system call 'opnat'");
	refused("%nope:error=EIO", false, "invalid system call '%nope'");
	refused("getpid@16:error=EIO", false, "incorrect personality designator '16' in 'getpid@16' (@64, @32 or @x32)");
	refused("999:error=EIO", false, "invalid system call '999'");
	refused(":error=EIO", false, "invalid system call ''");
	refused("openat", false, "no action: give error=, retval=, signal=, delay_enter=, delay_exit=, poke_enter= or poke_exit=");
	refused("openat:when=2", false, "no action: give error=, retval=, signal=, delay_enter=, delay_exit=, poke_enter= or poke_exit=");
	refused("openat:error=ENOPE", false, "error=ENOPE: an errno name (ENOENT) or a number from 1 to 4095");
	refused("openat:error=0", false, "error=0: an errno name (ENOENT) or a number from 1 to 4095");
	refused("openat:error=4096", false, "error=4096: an errno name (ENOENT) or a number from 1 to 4095");
	refused("openat:error=-2", false, "error=-2: an errno name (ENOENT) or a number from 1 to 4095");
	refused("openat:error=513", false, "error=513: 512..516 (ERESTART*) would make the kernel restart the call: the rules refuse them");
	refused("openat:error=EIO:retval=0", false, "error= and retval= cannot be combined");
	refused("openat:retval=x", false, "retval=x: a number (decimal, 0x hex or 0 octal)");
	refused("openat:retval=18446744073709551616", false, "retval=18446744073709551616: a number (decimal, 0x hex or 0 octal)");
	refused("openat:signal=SIGNOPE", false, "signal=SIGNOPE: a signal name (SIGUSR1, USR1) or a number from 1 to 64");
	refused("openat:signal=0", false, "signal=0: a signal name (SIGUSR1, USR1) or a number from 1 to 64");
	refused("openat:signal=65", false, "signal=65: a signal name (SIGUSR1, USR1) or a number from 1 to 64");
	refused("openat:delay_enter=60000001", false, "delay_enter=60000001: a number of microseconds, or with the unit s, ms, us or ns, at most 60 s");
	refused("openat:delay_exit=1m", false, "delay_exit=1m: a number of microseconds, or with the unit s, ms, us or ns, at most 60 s");
	refused("openat:delay_exit=-1", false, "delay_exit=-1: a number of microseconds, or with the unit s, ms, us or ns, at most 60 s");
	refused("openat:error=EIO:when=0", false, "when=0: F, F+, F+S, F..L or F..L+S, numbers from 1 to 65535");
	refused("openat:error=EIO:when=65536", false, "when=65536: F, F+, F+S, F..L or F..L+S, numbers from 1 to 65535");
	refused("openat:error=EIO:when=+2", false, "when=+2: F, F+, F+S, F..L or F..L+S, numbers from 1 to 65535");
	refused("openat:error=EIO:when=2+0", false, "when=2+0: F, F+, F+S, F..L or F..L+S, numbers from 1 to 65535");
	refused("openat:error=EIO:when=2+3+", false, "when=2+3+: F, F+, F+S, F..L or F..L+S, numbers from 1 to 65535");
	refused("openat:error=EIO:when=2..65535", false, "when=2..65535: F, F+, F+S, F..L or F..L+S, numbers from 1 to 65535");
	refused("openat:error=EIO:when=2.3", false, "when=2.3: F, F+, F+S, F..L or F..L+S, numbers from 1 to 65535");
	refused("openat:error=EIO:when=4..2", false, "when=4..2: F, F+, F+S, F..L or F..L+S, numbers from 1 to 65535");
	refused("openat:syscall=write:error=EIO", false, "syscall=write: a call without side effects (strace's %pure: getpid, getuid, ...)");
	refused("openat:syscall=getpid", false, "no action: give error=, retval=, signal=, delay_enter=, delay_exit=, poke_enter= or poke_exit=");
	refused("getpid:poke_enter=@arg1=00", false, "poke_enter=@arg1: getpid (x86_64) has 0 arguments (strace would not poke it): name calls that have it");
	refused("!getpid:poke_exit=@arg1=00", false, "poke_exit=@arg1: rt_sigreturn (x86_64) has 0 arguments (strace would not poke it): name calls that have it");
	refused("/^(read|close)$:poke_enter=@arg1=00:when=3..5", false, "(accepted)");
	refused("!/.:poke_enter=@arg1=00", false,
		"poke_enter=@arg1: x86_64 call 335 has no name, so no known arguments: name the calls to poke");
	refused("close:poke_enter=@arg2=00", false, "poke_enter=@arg2: close (x86_64) has 1 argument (strace would not poke it): name calls that have it");
	refused("openat:poke_enter=@arg7=00", false, "poke_enter=@arg7=00: @arg7: x86 system calls have 6 arguments");
	refused("openat:poke_enter=@arg1=0", false, "poke_enter=@arg1=0: an even number of hex digits, at most 2048 (1024 bytes), after @arg1=");
	refused("openat:poke_enter=@arg1=0g", false, "poke_enter=@arg1=0g: an even number of hex digits, at most 2048 (1024 bytes), after @arg1=");
	refused("openat:poke_enter=arg1=00", false, "poke_enter=arg1=00: @argN=HEX, N from 1 to 6, separated by commas");
	refused("openat:poke_enter=@arg1=00,@arg1=11", false, "poke_enter=@arg1=00,@arg1=11: @arg1 is given twice");
	refused("openat:poke_enter=@arg1=00:poke_enter=@arg2=00", false, "poke_enter= is given twice");
	refused("openat:error=EIO:error=EIO", false, "error= is given twice");
	refused("openat:colour=red", false, "unknown key 'colour' (error=, retval=, signal=, delay_enter=, delay_exit=, when=)");
	refused("openat:error", false, "'error' is not KEY=VALUE");
	refused("openat:retval=1", true, "fault= takes only error= and when=, not retval= (use inject=)");
	refused("openat:signal=USR1", true, "fault= takes only error= and when=, not signal= (use inject=)");
}

/* What a read of the session gives back: the ids and the counts. */
static void test_read(void)
{
	struct ut_inject inj;
	struct sbuf sb = { 0 };
	char err[256], *text;
	FILE *f;
	char *out = NULL;
	size_t outlen = 0;

	ut_inject_init(&inj);
	ut_inject_parse(&inj, "openat,read:error=ENOENT:when=2", false, err,
			sizeof(err));
	ut_inject_parse(&inj, "getppid:retval=7", false, err, sizeof(err));
	text = strdup("id=12 syscalls=0,257,i386:3,i386:295 pid=4242 follow=1 error=2 when=2 new=1 matched=0 fired=0\n"
		      "id=14 syscalls=110,i386:64 pid=4242 follow=1 retval=7 matched=0 fired=0\n");
	sb_printf(&sb, "%d", ut_inject_note_read(&inj, text, true));
	free(text);
	sb_printf(&sb, " %ld %ld", inj.specs[0].id, inj.specs[1].id);
	check_str("read back: ids in the order written", sb_str(&sb), "2 12 14");

	/* Another order, an unknown key, a comment: by id, then counts. */
	text = strdup("# rules\n"
		      "id=14 syscalls=110,i386:64 pid=4242 follow=1 retval=7 future=x matched=1 fired=1\n"
		      "id=12 syscalls=0,257,i386:3,i386:295 pid=4242 follow=1 error=2 when=2 matched=5 fired=1\n");
	sb_reset(&sb);
	sb_printf(&sb, "%d", ut_inject_note_read(&inj, text, false));
	free(text);
	check_str("read back: counts by id", sb_str(&sb), "2");

	f = open_memstream(&out, &outlen);
	ut_inject_report(&inj, f);
	fclose(f);
	check_str("the report at the end", out,
		  "utrace-record: inject rule 12 (openat,read:error=ENOENT:when=2 for 4 calls): fired 1 of 5 matching calls\n"
		  "utrace-record: inject rule 14 (getppid:retval=7 for getppid): fired 1 of 1 matching calls\n");
	free(out);

	/* The kernel shows other numbers than written: not the rule. */
	ut_inject_init(&inj);
	ut_inject_parse(&inj, "uname:signal=SIGSEGV", false, err, sizeof(err));
	text = strdup("id=7 syscalls=63 pid=1 follow=1 signal=11 matched=0 fired=0\n");
	sb_reset(&sb);
	sb_printf(&sb, "%d", ut_inject_note_read(&inj, text, true));
	free(text);
	check_str("read back: compared by number (i386:122 missing)", sb_str(&sb), "0");
	text = strdup("id=7 syscalls=63,i386:122 pid=1 follow=1 signal=11 matched=0 fired=0\n");
	sb_reset(&sb);
	sb_printf(&sb, "%d", ut_inject_note_read(&inj, text, true));
	sb_printf(&sb, " %ld", inj.specs[0].id);
	free(text);
	check_str("read back: uname by number (newuname in the kernel)", sb_str(&sb), "1 7");

	/* A rule missing from the read: fewer found. */
	ut_inject_init(&inj);
	ut_inject_parse(&inj, "openat:error=EIO", false, err, sizeof(err));
	ut_inject_parse(&inj, "read:error=EIO", false, err, sizeof(err));
	text = strdup("id=7 syscalls=257,i386:295 pid=1 follow=1 error=5 matched=0 fired=0\n");
	sb_reset(&sb);
	sb_printf(&sb, "%d", ut_inject_note_read(&inj, text, true));
	free(text);
	check_str("read back: a rule missing", sb_str(&sb), "1");
	sb_free(&sb);
}

int main(void)
{
	test_lines();
	test_negated();
	test_refused();
	test_read();
	return tap_done();
}
