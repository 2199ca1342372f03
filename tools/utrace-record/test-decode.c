// SPDX-License-Identifier: GPL-2.0
/*
 * test-decode.c - the recorder's decoder on records built from event
 * formats: the current ones and those of an older utrace kernel.
 *
 *   test-decode FIXTURES-DIR OLD-FIXTURES-DIR
 *
 * Each record is decoded (ut_decode_event), named through the comm
 * table (ut_procs_apply) and printed as a text line and a JSON line,
 * which must match exactly.  Prints TAP; exit status 1 if any failed.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "format.h"
#include "procs.h"
#include "test-rec.h"

static int nr, failed;
static struct ut_procs procs;

static void check_str(const char *name, const char *got, const char *want)
{
	nr++;
	if (!strcmp(got, want)) {
		printf("ok %d - %s\n", nr, name);
		return;
	}
	failed++;
	printf("not ok %d - %s\n#   want: %s#   got:  %s", nr, name, want, got);
}

/* Decode r and compare its text line and its JSON line. */
static void check(struct trec *r, const char *name, const char *text,
		  const char *json)
{
	struct tep_record *rec = trec_done(r);
	struct sbuf sb = { 0 };
	struct ut_event ev;
	char what[160];

	if (!rec || !ut_decode_event(r->ev, rec, &ev)) {
		nr++;
		failed++;
		printf("not ok %d - %s\n#   cannot build or decode: %s\n", nr,
		       name, r->err ? r->err : "?");
		return;
	}
	ut_procs_apply(&procs, &ev);
	ut_format_text(&sb, &ev);
	snprintf(what, sizeof(what), "%s (text)", name);
	check_str(what, sb_str(&sb), text);
	sb_reset(&sb);
	ut_format_json(&sb, &ev);
	snprintf(what, sizeof(what), "%s (json)", name);
	check_str(what, sb_str(&sb), json);
	sb_free(&sb);
	ut_event_clear(&ev);
}

#define J "{\"time\":12.345678901,\"cpu\":1,"
#define X86_64 0xc000003e
#define I386 0x40000003

static void signal_cases(struct tep_handle *tep)
{
	struct trec r;

	/* SIGKILL: traced in the sender (kill[1200]), about victim[4243]. */
	trec_start(tep, "signal", &r, 1200);
	trec_num(&r, "pid", 4243);
	trec_num(&r, "signo", 9);
	trec_num(&r, "sender_pid", 1200);
	trec_num(&r, "disposition", 3);
	trec_num(&r, "engine_disposition", 3);
	check(&r, "signal traced in the sender is the receiver's",
	      "12.345678 victim[4243] signal SIGKILL from 1200 -> terminate (traced in 1200)\n",
	      J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"signal\",\"signo\":9,\"signal\":\"SIGKILL\",\"si_code\":0,\"sender_pid\":1200,\"context_pid\":1200,\"addr\":0,\"disposition\":\"terminate\",\"disposition_inferred\":false,\"engine_disposition\":\"terminate\"}\n");

	/* A handled signal, traced in the receiver. */
	trec_start(tep, "signal", &r, 4243);
	trec_num(&r, "pid", 4243);
	trec_num(&r, "signo", 10);
	trec_num(&r, "si_code", -1);
	trec_num(&r, "sender_pid", 1200);
	check(&r, "signal traced in the receiver",
	      "12.345678 victim[4243] signal SIGUSR1 from 1200 -> handler\n",
	      J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"signal\",\"signo\":10,\"signal\":\"SIGUSR1\",\"si_code\":-1,\"sender_pid\":1200,\"context_pid\":4243,\"addr\":0,\"disposition\":\"handler\",\"disposition_inferred\":false,\"engine_disposition\":\"handler\"}\n");
}

static void exit_syscall_cases(struct tep_handle *tep)
{
	struct trec r;

	trec_start(tep, "exit", &r, 4243);
	trec_num(&r, "code", 9);
	check(&r, "exit without orig_code: null",
	      "12.345678 victim[4243] exit signal=SIGKILL\n",
	      J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"exit\",\"code\":9,\"status\":null,\"signal\":\"SIGKILL\",\"core_dumped\":false,\"orig_code\":null,\"cause\":null,\"cause_pid\":null,\"ppid\":null,\"age\":null}\n");

	trec_start(tep, "syscall_entry", &r, 4243);
	trec_num(&r, "nr", 5);
	trec_num(&r, "arch", I386);
	check(&r, "syscall_entry i386",
	      "12.345678 victim[4243] syscall_entry [i386] open(0x0, 0x0, 0x0, 0x0, 0x0, 0x0)\n",
	      J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"syscall_entry\",\"nr\":5,\"arch\":\"i386\",\"name\":\"open\",\"args\":[0,0,0,0,0,0],\"verdict\":\"ran\"}\n");

	trec_start(tep, "syscall_exit", &r, 4243);
	trec_num(&r, "nr", 192);
	trec_num(&r, "arch", I386);
	trec_num(&r, "ret", 0xf7f00000);
	check(&r, "syscall_exit i386 mmap2: a 32-bit address",
	      "12.345678 victim[4243] syscall_exit [i386] mmap2 = 0xf7f00000\n",
	      J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"syscall_exit\",\"nr\":192,\"arch\":\"i386\",\"name\":\"mmap2\",\"ret\":-135266304,\"errno\":null,\"verdict\":\"ran\",\"duration\":null}\n");

	trec_start(tep, "syscall_exit", &r, 4243);
	trec_num(&r, "nr", 2);
	trec_num(&r, "arch", X86_64);
	trec_num(&r, "ret", -1ULL);
	trec_num(&r, "verdict", 3);
	check(&r, "syscall_exit x86_64 denied by seccomp",
	      "12.345678 victim[4243] syscall_exit open = -1 EPERM [denied by seccomp]\n",
	      J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"syscall_exit\",\"nr\":2,\"arch\":\"x86_64\",\"name\":\"open\",\"ret\":-1,\"errno\":\"EPERM\",\"verdict\":\"seccomp\",\"duration\":null}\n");

	trec_start(tep, "syscall_exit", &r, 4243);
	trec_num(&r, "nr", 257);
	trec_num(&r, "arch", X86_64);
	trec_num(&r, "ret", -2ULL);
	trec_num(&r, "verdict", 2);
	trec_num(&r, "rule", 3);
	check(&r, "syscall_exit injected by fault rule 3",
	      "12.345678 victim[4243] syscall_exit openat = -2 ENOENT [injected by rule 3]\n",
	      J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"syscall_exit\",\"nr\":257,\"arch\":\"x86_64\",\"name\":\"openat\",\"ret\":-2,\"errno\":\"ENOENT\",\"verdict\":\"injected\",\"rule\":3,\"duration\":null}\n");

	trec_start(tep, "syscall_exit", &r, 4243);
	trec_num(&r, "nr", 39);
	trec_num(&r, "arch", X86_64);
	trec_num(&r, "ret", 4243);
	trec_num(&r, "rule", 4000000000U);
	check(&r, "syscall_exit: a rule acted (signal, delay), the call ran",
	      "12.345678 victim[4243] syscall_exit getpid = 4243 [rule 4000000000]\n",
	      J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"syscall_exit\",\"nr\":39,\"arch\":\"x86_64\",\"name\":\"getpid\",\"ret\":4243,\"errno\":null,\"verdict\":\"ran\",\"rule\":4000000000,\"duration\":null}\n");

	trec_start(tep, "syscall_entry", &r, 4243);
	trec_num(&r, "nr", 5);
	trec_num(&r, "arch", 0xc00000b7);	/* AUDIT_ARCH_AARCH64 */
	check(&r, "syscall_entry of another arch: number only",
	      "12.345678 victim[4243] syscall_entry [arch=0xc00000b7] syscall_5(0x0, 0x0, 0x0, 0x0, 0x0, 0x0)\n",
	      J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"syscall_entry\",\"nr\":5,\"arch\":\"0xc00000b7\",\"name\":null,\"args\":[0,0,0,0,0,0],\"verdict\":\"ran\"}\n");
}

static void old_cases(struct tep_handle *tep)
{
	struct trec r;

	trec_start(tep, "exit", &r, 4243);
	trec_num(&r, "orig_code", 0);
	trec_num(&r, "code", 9);
	check(&r, "old kernel: exit with orig_code",
	      "12.345678 victim[4243] exit signal=SIGKILL requested status=0\n",
	      J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"exit\",\"code\":9,\"status\":null,\"signal\":\"SIGKILL\",\"core_dumped\":false,\"orig_code\":0,\"cause\":null,\"cause_pid\":null,\"ppid\":null,\"age\":null}\n");

	trec_start(tep, "signal", &r, 4243);
	trec_num(&r, "signo", 15);
	trec_num(&r, "sender_pid", 1200);
	trec_num(&r, "disposition", 3);
	trec_num(&r, "engine_disposition", 3);
	check(&r, "old kernel: signal without pid is common_pid's",
	      "12.345678 victim[4243] signal SIGTERM from 1200 -> terminate\n",
	      J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"signal\",\"signo\":15,\"signal\":\"SIGTERM\",\"si_code\":0,\"sender_pid\":1200,\"context_pid\":4243,\"addr\":0,\"disposition\":\"terminate\",\"disposition_inferred\":false,\"engine_disposition\":\"terminate\"}\n");

	trec_start(tep, "syscall_exit", &r, 4243);
	trec_num(&r, "nr", 257);
	trec_num(&r, "ret", -2ULL);
	check(&r, "old kernel: syscall without arch",
	      "12.345678 victim[4243] syscall_exit openat = -2 ENOENT\n",
	      J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"syscall_exit\",\"nr\":257,\"arch\":null,\"name\":\"openat\",\"ret\":-2,\"errno\":\"ENOENT\",\"verdict\":\"ran\",\"duration\":null}\n");
}

int main(int argc, char **argv)
{
	struct tep_handle *tep;

	if (argc != 3) {
		fprintf(stderr, "usage: %s FIXTURES-DIR OLD-FIXTURES-DIR\n",
			argv[0]);
		return 2;
	}
	ut_procs_init(&procs, false);
	ut_procs_set_comm(&procs, 1200, "kill");
	ut_procs_set_comm(&procs, 4243, "victim");

	tep = trec_tep(1);
	if (trec_load_formats(tep, argv[1]) != 10)
		printf("# %s: not all 10 formats parsed\n", argv[1]);
	signal_cases(tep);
	exit_syscall_cases(tep);
	tep_free(tep);

	tep = trec_tep(1);
	if (trec_load_formats(tep, argv[2]) != 10)
		printf("# %s: not all 10 formats parsed\n", argv[2]);
	old_cases(tep);
	tep_free(tep);

	ut_procs_free(&procs);
	printf("1..%d\n", nr);
	return failed ? 1 : 0;
}
