// SPDX-License-Identifier: GPL-2.0
/*
 * sink_test.c - the file sink and its rotation (sink.c, rotate.c) and
 * the per-process syscall summaries (sysum.c): --rotate-size's values,
 * whole records per file in order, FILE.1..keep, a record bigger than
 * the limit alone in a file, zstd files that decompress to the records,
 * a reopen that appends; summaries at exit, per interval and at the end
 * with exact counts.  Prints TAP.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include "sink.h"
#include "sysum.h"
#include "tap.h"

static char dir[] = "/tmp/ut-sink-XXXXXX";

static char *path(const char *name)
{
	static char buf[4][256];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, name);
	return buf[i];
}

/* The whole file, NUL-terminated (zstd: decompressed); NULL if none. */
static char *slurp(const char *p)
{
	FILE *f = fopen(p, "re");
	char *buf, *out;
	long n;
	unsigned long long size;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, n + 1);
	if (fread(buf, 1, n, f) != (size_t)n)
		n = 0;
	fclose(f);
	if (strcmp(p + strlen(p) - 4, ".zst"))
		return buf;
	size = ZSTD_getFrameContentSize(buf, n);
	if (size == ZSTD_CONTENTSIZE_ERROR)
		size = 0;
	if (size == ZSTD_CONTENTSIZE_UNKNOWN)
		size = 1 << 20;
	out = calloc(1, size + 1);
	size = ZSTD_decompress(out, size, buf, n);
	free(buf);
	if (ZSTD_isError(size)) {
		free(out);
		return NULL;
	}
	out[size] = '\0';
	return out;
}

static int put(struct ut_sink *sk, const char *rec)
{
	return sk->ops->write(sk->priv, NULL, rec, strlen(rec));
}

static void test_sizes(void)
{
	static const struct {
		const char *s;
		bool ok;
		unsigned long long v;
	} t[] = {
		{ "4096", true, 4096 }, { "8k", true, 8192 },
		{ "8K", true, 8192 }, { "3M", true, 3 << 20 },
		{ "2G", true, 2ULL << 30 }, { "", false, 0 },
		{ "1.5M", false, 0 }, { "10MB", false, 0 }, { "-1", false, 0 },
		{ " 5", false, 0 }, { "M", false, 0 },
		{ "99999999999999999999", false, 0 },
		{ "18446744073709551615G", false, 0 },
	};
	unsigned long long v;
	size_t i;
	int good = 1;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		v = 0;
		if (ut_parse_size(t[i].s, &v) != t[i].ok ||
		    (t[i].ok && v != t[i].v)) {
			good = 0;
			diag("'%s': got %llu", t[i].s, v);
		}
	}
	ok(good, "ut_parse_size: numbers, k/K/M/G; malformed and overflowing refused");
}

/* Records "rec NN\n" padded to 20 bytes, n of them from first. */
static void records(struct ut_sink *sk, int first, int n)
{
	char rec[32];
	int i;

	for (i = first; i < first + n; i++) {
		snprintf(rec, sizeof(rec), "rec %03d ...........\n", i);
		put(sk, rec);
	}
}

static void test_rotation(void)
{
	struct ut_rotate rot = { .size = 100, .keep = 3 };
	struct ut_sink sk;
	char want[2048] = "", got[2048] = "", *s;
	struct stat st;
	int i, whole = 1, small = 1;

	ok(ut_sink_file_open(&sk, path("f"), &rot) == 0, "file sink opened");
	records(&sk, 0, 30);		/* 600 bytes: 6 files of 5 */
	ok(sk.ops->close(sk.priv, stderr) == 0, "closed");
	/* 20 records in f.3 .. f, whole, in order; older ones gone. */
	for (i = 10; i < 30; i++)
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
			 "rec %03d ...........\n", i);
	for (i = 3; i >= 0; i--) {
		s = slurp(i ? path(i == 3 ? "f.3" : i == 2 ? "f.2" : "f.1") :
			  path("f"));
		if (!s)
			continue;
		whole &= !*s || s[strlen(s) - 1] == '\n';
		small &= strlen(s) <= 100;
		strcat(got, s);
		free(s);
	}
	ok(stat(path("f.4"), &st) && whole && small,
	   "keep 3: no f.4; f.3..f hold whole records, 100 bytes at most each");
	if (!ok(!strcmp(want, got), "f.3, f.2, f.1, f: the newest 20 records in order"))
		diag("got:\n%s", got);

	/* A record larger than the limit: alone in a file of its own. */
	ok(ut_sink_file_open(&sk, path("g"), &rot) == 0, "second sink");
	put(&sk, "small\n");
	memset(want, 'x', 150);
	want[150] = '\n';
	want[151] = '\0';
	put(&sk, want);
	put(&sk, "after\n");
	sk.ops->close(sk.priv, stderr);
	s = slurp(path("g.1"));
	ok(s && !strcmp(s, want), "a 151-byte record alone in g.1");
	free(s);
	s = slurp(path("g"));
	ok(s && !strcmp(s, "after\n"), "the next record starts g");
	free(s);
	s = slurp(path("g.2"));
	ok(s && !strcmp(s, "small\n"), "the one before is in g.2");
	free(s);

	/* With rotation FILE is appended to; a reopen appends too. */
	ok(ut_sink_file_open(&sk, path("g"), &rot) == 0 &&
	   put(&sk, "again\n") == 0 && sk.ops->reopen(sk.priv) == 0 &&
	   put(&sk, "reopened\n") == 0 && sk.ops->close(sk.priv, stderr) == 0,
	   "reopen and append");
	s = slurp(path("g"));
	ok(s && !strcmp(s, "after\nagain\nreopened\n"),
	   "g appended to by a new sink and after the reopen");
	free(s);
}

static void test_compress(void)
{
	struct ut_rotate rot = { .size = 100, .keep = 50, .compress = true };
	struct ut_sink sk;
	char want[4096] = "", got[4096] = "", name[32], *s;
	int i, n = 0;

	ok(ut_sink_file_open(&sk, path("z"), &rot) == 0, "compressed sink");
	records(&sk, 0, 40);
	ok(sk.ops->close(sk.priv, stderr) == 0, "closed: compression done");
	for (i = 0; i < 40; i++)
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
			 "rec %03d ...........\n", i);
	for (i = 50; i >= 1; i--) {
		snprintf(name, sizeof(name), "z.%d.zst", i);
		s = slurp(path(name));
		if (!s)
			continue;
		n++;
		strcat(got, s);
		free(s);
	}
	s = slurp(path("z"));
	strcat(got, s ? s : "");
	free(s);
	if (!ok(n == 7 && !strcmp(want, got),
		"7 z.N.zst then z: all 40 records in order"))
		diag("%d files, got:\n%s", n, got);
	ok(access(path("z.pending-1"), F_OK) && access(path("z.1.zst.tmp"), F_OK),
	   "no pending or tmp file left");
}

/* The summaries emitted, one "tgid reason json" line each. */
static struct sbuf emitted;

static void emit(void *arg, const struct ut_sysum_rec *r)
{
	(void)arg;
	sb_printf(&emitted, "%d %s ", r->tgid, r->reason);
	ut_calls_table_json(&emitted, r->calls);
	sb_putc(&emitted, '\n');
}

static void call(struct ut_sysum *u, int tgid, long nr, long ret,
		 uint64_t ts)
{
	struct ut_event ev = { .ts = ts, .kind = UT_SYSCALL_EXIT };

	ev.sys_exit.nr = nr;
	ev.sys_exit.arch = UT_ARCH_X86_64;
	ev.sys_exit.ret = ret;
	ev.sys_exit.dur_ns = 1000;
	ut_sysum_tick(u, ts);
	ut_sysum_count(u, tgid, "t", &ev);
}

static void test_sysum(void)
{
	struct ut_event ev = { .kind = UT_SYSCALL_EXIT };
	struct ut_calls calls = { 0 };
	struct ut_sysum u;
	struct sbuf sb = { 0 };
	struct ut_sysum_rec r;
	int i, n;

	ut_sysum_init(&u, 0, false, emit, NULL);
	for (i = 0; i < 300; i++)		/* many processes: the hash grows */
		call(&u, 1000 + i, 1, 1, 10 + i);
	call(&u, 7, 1, 1, 1000);
	call(&u, 7, 1, -28, 1001);		/* ENOSPC */
	call(&u, 7, 257, -2, 1002);		/* openat ENOENT */
	ut_sysum_exit(&u, 7, 2000);
	ut_sysum_exit(&u, 8, 2000);		/* no calls: nothing */
	if (!ok(!strcmp(sb_str(&emitted), "7 exit \"syscalls\":["
		"{\"name\":\"write\",\"calls\":2,\"errors\":1,\"seconds\":0.000002000},"
		"{\"name\":\"openat\",\"calls\":1,\"errors\":1,\"seconds\":0.000001000}]\n"),
		"exit: one record of process 7, calls and errors per name"))
		diag("%s", sb_str(&emitted));
	sb_reset(&emitted);
	ut_sysum_end(&u, 3000);
	ok(u.count == 0 && strlen(sb_str(&emitted)) > 0 &&
	   !strncmp(sb_str(&emitted), "1", 1),
	   "end: the 300 others, and nothing kept");
	for (i = 0, n = 0; i < (int)emitted.len; i++)
		n += emitted.buf[i] == '\n';
	ok(n == 300, "end: 300 records");
	ut_sysum_free(&u);

	sb_reset(&emitted);
	ut_sysum_init(&u, 1000, false, emit, NULL);
	call(&u, 5, 1, 1, 100);			/* due at 1100 */
	call(&u, 5, 1, 1, 600);
	call(&u, 5, 1, 1, 1200);		/* after the interval */
	ut_sysum_exit(&u, 5, 1300);
	if (!ok(!strcmp(sb_str(&emitted),
			"5 interval \"syscalls\":[{\"name\":\"write\",\"calls\":2,\"errors\":0,\"seconds\":0.000002000}]\n"
			"5 exit \"syscalls\":[{\"name\":\"write\",\"calls\":1,\"errors\":0,\"seconds\":0.000001000}]\n"),
		"interval: the 2 calls before it, then the 1 after at exit"))
		diag("%s", sb_str(&emitted));
	ut_sysum_free(&u);

	ev.sys_exit.nr = 1;
	ev.sys_exit.arch = UT_ARCH_X86_64;
	ut_calls_count(&calls, &ev);
	r = (struct ut_sysum_rec){ .tgid = 5, .comm = "a\"b", .reason = "exit",
				   .since = 1500000000, .ts = 2500000000,
				   .calls = &calls };
	ut_sysum_json(&sb, &r);
	if (!ok(strstr(sb_str(&sb), "\"pid\":5,\"comm\":\"a\\\"b\",\"event\":\"syscall_summary\","
			"\"reason\":\"exit\",\"since\":1.500000000,\"syscalls\":[{\"name\":\"write\"") &&
		sb.buf[sb.len - 1] == '\n',
		"JSON: one line, the comm escaped"))
		diag("%s", sb_str(&sb));
	ut_calls_free(&calls);
	sb_free(&sb);
	sb_free(&emitted);
}

int main(void)
{
	char cmd[64];

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_sizes();
	test_rotation();
	test_compress();
	test_sysum();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		diag("cannot remove %s", dir);
	return tap_done();
}
