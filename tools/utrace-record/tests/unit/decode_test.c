// SPDX-License-Identifier: GPL-2.0
/*
 * decode_test.c - the recorder's decoder on records built from the event
 * formats in tests/fixtures/events.  Each record is decoded
 * (ut_decode_event), named through the comm table (ut_procs_apply) and
 * printed as a text line and a JSON line, which must match exactly.
 * Prints TAP; exit status 1 if any failed.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

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
	  { { "code", 9 } },
	  "12.345678 victim[4243] exit signal=SIGKILL\n",
	  J "\"pid\":4243,\"comm\":\"victim\",\"event\":\"exit\",\"code\":9,\"status\":null,\"signal\":\"SIGKILL\",\"core_dumped\":false,\"orig_code\":null,\"cause\":null,\"cause_pid\":null,\"ppid\":null,\"age\":null}\n" },
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
	return tap_done();
}
