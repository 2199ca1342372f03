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

/* The rules of %ipc:error=EPERM, in number order. */
#define IPC_EPERM \
	"syscalls=shmget pid=4242 follow=1 error=1\n" \
	"syscalls=shmat pid=4242 follow=1 error=1\n" \
	"syscalls=shmctl pid=4242 follow=1 error=1\n" \
	"syscalls=semget pid=4242 follow=1 error=1\n" \
	"syscalls=semop pid=4242 follow=1 error=1\n" \
	"syscalls=semctl pid=4242 follow=1 error=1\n" \
	"syscalls=shmdt pid=4242 follow=1 error=1\n" \
	"syscalls=msgget pid=4242 follow=1 error=1\n" \
	"syscalls=msgsnd pid=4242 follow=1 error=1\n" \
	"syscalls=msgrcv pid=4242 follow=1 error=1\n" \
	"syscalls=msgctl pid=4242 follow=1 error=1\n" \
	"syscalls=semtimedop pid=4242 follow=1 error=1\n"

static void test_lines(void)
{
	char rt[64];

	L("error name, when=N", "syscalls=openat pid=4242 follow=1 error=2 when=2\n",
	  "openat:error=ENOENT:when=2");
	L("error number, when=N+",
	  "syscalls=openat pid=4242 follow=1 error=13 when=3+\n",
	  "openat:error=13:when=3+");
	L("retval, when=N+M",
	  "syscalls=getppid pid=4242 follow=1 retval=4242 when=1+2\n",
	  "getppid:retval=4242:when=1+2");
	L("negative and largest retval",
	  "syscalls=getpid pid=4242 follow=1 retval=-1\n"
	  "syscalls=getppid pid=4242 follow=1 retval=9223372036854775807\n",
	  "getpid:retval=-1", "getppid:retval=9223372036854775807");
	L("signal alone: SIGUSR1, USR1, usr2, 15",
	  "syscalls=read pid=4242 follow=1 signal=10\n"
	  "syscalls=write pid=4242 follow=1 signal=10\n"
	  "syscalls=close pid=4242 follow=1 signal=12\n"
	  "syscalls=getpid pid=4242 follow=1 signal=15\n",
	  "read:signal=SIGUSR1", "write:signal=USR1", "close:signal=usr2",
	  "getpid:signal=15");
	snprintf(rt, sizeof(rt),
		 "syscalls=getpid pid=4242 follow=1 signal=%d\n", SIGRTMIN + 2);
	L("signal SIGRTMIN+2 (the C library's numbering)", rt,
	  "getpid:signal=SIGRTMIN+2");
	L("delays: us default, units s ms us ns (rounded up)",
	  "syscalls=read pid=4242 follow=1 delay_enter=5\n"
	  "syscalls=write pid=4242 follow=1 delay_exit=7\n"
	  "syscalls=close pid=4242 follow=1 delay_enter=3000 delay_exit=2000000\n"
	  "syscalls=getpid pid=4242 follow=1 delay_enter=2 delay_exit=60000000\n",
	  "read:delay_enter=5", "write:delay_exit=7us",
	  "close:delay_exit=2s:delay_enter=3ms",
	  "getpid:delay_enter=1500ns:delay_exit=60s");
	L("every action, in the kernel's order",
	  "syscalls=openat pid=4242 follow=1 error=5 signal=10 delay_enter=1 delay_exit=2 when=2+3\n",
	  "openat:when=2+3:delay_exit=2:delay_enter=1:signal=10:error=EIO");
	L("a SET: one rule per call, in number order",
	  "syscalls=read pid=4242 follow=1 error=5 when=2\n"
	  "syscalls=openat pid=4242 follow=1 error=5 when=2\n",
	  "openat,read:error=EIO:when=2");
	L("a class", IPC_EPERM, "%ipc:error=EPERM");
	L("fault=: ENOSYS by default",
	  "syscalls=getppid pid=4242 follow=1 error=38\n", "Fgetppid");
	L("fault=: error= and when=",
	  "syscalls=getppid pid=4242 follow=1 error=1 when=2+\n",
	  "Fgetppid:error=EPERM:when=2+");
	L("several SPECs",
	  "syscalls=openat pid=4242 follow=1 error=2\n"
	  "syscalls=getppid pid=4242 follow=1 retval=7\n"
	  "syscalls=kill pid=4242 follow=1 error=38\n",
	  "openat:error=ENOENT", "getppid:retval=7", "Fkill");
	L("32 calls in all",
	  "syscalls=read pid=4242 follow=1 error=5\n"
	  IPC_EPERM
	  "syscalls=clone pid=4242 follow=1 signal=10\n"
	  "syscalls=fork pid=4242 follow=1 signal=10\n"
	  "syscalls=vfork pid=4242 follow=1 signal=10\n"
	  "syscalls=execve pid=4242 follow=1 signal=10\n"
	  "syscalls=exit pid=4242 follow=1 signal=10\n"
	  "syscalls=wait4 pid=4242 follow=1 signal=10\n"
	  "syscalls=kill pid=4242 follow=1 signal=10\n"
	  "syscalls=rt_sigqueueinfo pid=4242 follow=1 signal=10\n"
	  "syscalls=tkill pid=4242 follow=1 signal=10\n"
	  "syscalls=exit_group pid=4242 follow=1 signal=10\n"
	  "syscalls=tgkill pid=4242 follow=1 signal=10\n"
	  "syscalls=waitid pid=4242 follow=1 signal=10\n"
	  "syscalls=rt_tgsigqueueinfo pid=4242 follow=1 signal=10\n"
	  "syscalls=execveat pid=4242 follow=1 signal=10\n"
	  "syscalls=pidfd_send_signal pid=4242 follow=1 signal=10\n"
	  "syscalls=pidfd_open pid=4242 follow=1 signal=10\n"
	  "syscalls=clone3 pid=4242 follow=1 signal=10\n"
	  "syscalls=write pid=4242 follow=1 error=5\n"
	  "syscalls=close pid=4242 follow=1 error=5\n",
	  "read:error=EIO", "%ipc:error=EPERM", "%process:signal=USR1",
	  "write,close:error=EIO");
	L("33 calls in all: refused",
	  "refused: 33 system calls in all: at most 32 can have faults injected (one kernel rule each)\n",
	  "read:error=EIO", "%ipc:error=EPERM", "%process:signal=USR1",
	  "write,close,getpid:error=EIO");
	L("a call in two SPECs: refused",
	  "refused: openat is already in another inject= or fault= SPEC\n",
	  "openat:error=ENOENT", "read,openat:retval=0");
}

static void test_refused(void)
{
	refused("!openat:error=EIO", false, "'!openat': negated sets (!) are not supported");
	refused("read,/^open:error=EIO", false, "'/^open': regular expressions are not supported");
	refused("?openat:error=EIO", false, "'?openat': the ? prefix is not supported");
	refused("all:error=EIO", false, "'all' is not supported: name the calls or classes");
	refused("opnat:error=EIO", false, "unknown syscall or class 'opnat'");
	refused("%nope:error=EIO", false, "unknown syscall or class '%nope'");
	refused(":error=EIO", false, "no system call before the first ':'");
	refused("openat", false, "no action: give error=, retval=, signal=, delay_enter= or delay_exit=");
	refused("openat:when=2", false, "no action: give error=, retval=, signal=, delay_enter= or delay_exit=");
	refused("openat:error=ENOPE", false, "error=ENOPE: an errno name (ENOENT) or a number from 1 to 4095");
	refused("openat:error=0", false, "error=0: an errno name (ENOENT) or a number from 1 to 4095");
	refused("openat:error=4096", false, "error=4096: an errno name (ENOENT) or a number from 1 to 4095");
	refused("openat:error=-2", false, "error=-2: an errno name (ENOENT) or a number from 1 to 4095");
	refused("openat:error=513", false, "error=513: 512..516 (ERESTART*) cannot be injected");
	refused("openat:error=EIO:retval=0", false, "error= and retval= cannot be combined");
	refused("openat:retval=0x10", false, "retval=0x10: a decimal integer");
	refused("openat:retval=9223372036854775808", false, "retval=9223372036854775808: a decimal integer");
	refused("openat:signal=SIGNOPE", false, "signal=SIGNOPE: a signal name (SIGUSR1, USR1) or a number from 1 to 64");
	refused("openat:signal=0", false, "signal=0: a signal name (SIGUSR1, USR1) or a number from 1 to 64");
	refused("openat:signal=65", false, "signal=65: a signal name (SIGUSR1, USR1) or a number from 1 to 64");
	refused("openat:delay_enter=60000001", false, "delay_enter=60000001: a number of microseconds, or with the unit s, ms, us or ns, at most 60 s");
	refused("openat:delay_exit=1m", false, "delay_exit=1m: a number of microseconds, or with the unit s, ms, us or ns, at most 60 s");
	refused("openat:delay_exit=-1", false, "delay_exit=-1: a number of microseconds, or with the unit s, ms, us or ns, at most 60 s");
	refused("openat:error=EIO:when=2..4", false, "when=2..4: ranges (N..M) are not supported; use N, N+ or N+M");
	refused("openat:error=EIO:when=0", false, "when=0: N must be a number from 1 to 65535 (forms: N, N+, N+M)");
	refused("openat:error=EIO:when=65536", false, "when=65536: N must be a number from 1 to 65535 (forms: N, N+, N+M)");
	refused("openat:error=EIO:when=+2", false, "when=+2: N must be a number from 1 to 65535 (forms: N, N+, N+M)");
	refused("openat:error=EIO:when=2+0", false, "when=2+0: M must be a number from 1 to 65535 (forms: N, N+, N+M)");
	refused("openat:error=EIO:when=2+65536", false, "when=2+65536: M must be a number from 1 to 65535 (forms: N, N+, N+M)");
	refused("openat:error=EIO:when=2+3+", false, "when=2+3+: M must be a number from 1 to 65535 (forms: N, N+, N+M)");
	refused("openat:syscall=getpid:error=EIO", false, "syscall= (injecting another call) is not supported");
	refused("openat:poke_enter=@arg1=0", false, "poke_enter= is not supported");
	refused("openat:error=EIO:error=EIO", false, "error= is given twice");
	refused("openat:when=2:when=3:error=EIO", false, "when= is given twice");
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
	/* Written: read (0), openat (257), getppid (110). */
	text = strdup("id=12 syscalls=0,i386:3 pid=4242 follow=1 error=2 when=2 matched=0 fired=0\n"
		      "id=13 syscalls=257,i386:295 pid=4242 follow=1 error=2 when=2 new=1 matched=0 fired=0\n"
		      "id=14 syscalls=110,i386:64 pid=4242 follow=1 retval=7 matched=0 fired=0\n");
	sb_printf(&sb, "%d", ut_inject_note_read(&inj, text, true));
	free(text);
	sb_printf(&sb, " %ld %ld %ld", inj.rules[0].id, inj.rules[1].id,
		  inj.rules[2].id);
	check_str("read back: ids in the order written", sb_str(&sb),
		  "3 12 13 14");

	/* Another order, an unknown key, a comment: by id, then counts. */
	text = strdup("# rules\n"
		      "id=14 syscalls=110,i386:64 pid=4242 follow=1 retval=7 future=x matched=1 fired=1\n"
		      "id=12 syscalls=0,i386:3 pid=4242 follow=1 error=2 when=2 matched=5 fired=1\n"
		      "id=13 syscalls=257,i386:295 pid=4242 follow=1 error=2 when=2 matched=3 fired=1\n");
	sb_reset(&sb);
	sb_printf(&sb, "%d", ut_inject_note_read(&inj, text, false));
	free(text);
	check_str("read back: counts by id", sb_str(&sb), "3");

	f = open_memstream(&out, &outlen);
	ut_inject_report(&inj, f);
	fclose(f);
	check_str("the report at the end", out,
		  "utrace-record: inject rule 12 (openat,read:error=ENOENT:when=2 for read): fired 1 of 5 matching calls\n"
		  "utrace-record: inject rule 13 (openat,read:error=ENOENT:when=2 for openat): fired 1 of 3 matching calls\n"
		  "utrace-record: inject rule 14 (getppid:retval=7 for getppid): fired 1 of 1 matching calls\n");
	free(out);

	/* Ids given in another order than written: by syscall number. */
	ut_inject_init(&inj);
	ut_inject_parse(&inj, "openat,read:error=EIO", false, err, sizeof(err));
	text = strdup("id=8 syscalls=257,i386:295 pid=1 follow=1 error=5 matched=0 fired=0\n"
		      "id=7 syscalls=0,i386:3 pid=1 follow=1 error=5 matched=0 fired=0\n");
	sb_reset(&sb);
	sb_printf(&sb, "%d", ut_inject_note_read(&inj, text, true));
	sb_printf(&sb, " %ld %ld", inj.rules[0].id, inj.rules[1].id);
	free(text);
	check_str("read back: ids by syscall when the order differs",
		  sb_str(&sb), "2 7 8");

	/* A rule missing from the read: fewer found. */
	ut_inject_init(&inj);
	ut_inject_parse(&inj, "openat,read:error=EIO", false, err, sizeof(err));
	text = strdup("id=7 syscalls=0,i386:3 pid=1 follow=1 error=5 matched=0 fired=0\n");
	sb_reset(&sb);
	sb_printf(&sb, "%d", ut_inject_note_read(&inj, text, true));
	free(text);
	check_str("read back: a rule missing", sb_str(&sb), "1");
	sb_free(&sb);
}

int main(void)
{
	test_lines();
	test_refused();
	test_read();
	return tap_done();
}
