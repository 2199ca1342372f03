// SPDX-License-Identifier: GPL-2.0
/*
 * datfile.c - trace.dat version 7 writer (layout: trace-cmd.dat.v7(5)).
 *
 * File: header, metadata sections (headers, ftrace and event formats,
 * saved command lines), one flyrecord section with the CPU data in
 * zstd-compressed chunks of ten sub-buffers, the options section that
 * points at all of them, and the strings section naming the sections.
 * Numbers are in host order, which the header declares.  The metadata
 * is small and stored uncompressed (each section says so in its flags).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <zstd.h>

#include "datfile.h"

enum {				/* section and option ids */
	OPT_DONE = 0,
	OPT_CPUSTAT = 2,
	OPT_BUFFER = 3,
	OPT_TRACECLOCK = 4,
	OPT_UNAME = 5,
	OPT_CPUCOUNT = 8,
	SEC_STRINGS = 15,
	OPT_HEADER_INFO = 16,
	OPT_FTRACE_EVENTS = 17,
	OPT_EVENT_FORMATS = 18,
	OPT_CMDLINES = 21,
	SEC_OPTIONS = 0,
	SEC_FLYRECORD = 3,
};
#define SEC_FL_COMPRESS	1
#define CHUNK_PAGES	10	/* as trace-cmd */
#define ZSTD_LEVEL	1	/* the data is repetitive: level 1 is enough */

struct out {
	FILE *f;
	/* the strings section, built as sections are named */
	char strings[256];
	size_t strings_len;
};

static void put(struct out *o, const void *p, size_t n)
{
	fwrite(p, 1, n, o->f);
}

static void put16(struct out *o, uint16_t v) { put(o, &v, 2); }
static void put32(struct out *o, uint32_t v) { put(o, &v, 4); }
static void put64(struct out *o, uint64_t v) { put(o, &v, 8); }
static void putstr(struct out *o, const char *s) { put(o, s, strlen(s) + 1); }

static uint64_t pos(struct out *o)
{
	return (uint64_t)ftello(o->f);
}

static void patch64(struct out *o, uint64_t at, uint64_t v)
{
	uint64_t here = pos(o);

	fseeko(o->f, at, SEEK_SET);
	put64(o, v);
	fseeko(o->f, here, SEEK_SET);
}

static void pad_to(struct out *o, uint64_t align)
{
	static const char zero[4096];
	uint64_t n = (align - pos(o) % align) % align;

	while (n) {
		size_t k = n < sizeof(zero) ? n : sizeof(zero);

		put(o, zero, k);
		n -= k;
	}
}

/* Offset of name in the strings section (added once). */
static uint32_t string_id(struct out *o, const char *name)
{
	size_t i = 0, n = strlen(name) + 1;

	while (i < o->strings_len) {
		if (!strcmp(o->strings + i, name))
			return i;
		i += strlen(o->strings + i) + 1;
	}
	if (o->strings_len + n > sizeof(o->strings))
		return 0;
	memcpy(o->strings + o->strings_len, name, n);
	o->strings_len += n;
	return i;
}

/* Section header; returns where its size goes (patched by sec_end). */
static uint64_t sec_begin(struct out *o, int id, int flags, const char *name)
{
	uint64_t at;

	put16(o, id);
	put16(o, flags);
	put32(o, string_id(o, name));
	at = pos(o);
	put64(o, 0);
	return at;
}

static void sec_end(struct out *o, uint64_t size_at)
{
	patch64(o, size_at, pos(o) - size_at - 8);
}

/* A tracefs file of the top level (read only), or "" when missing. */
static char *top_file(const char *name, int *size)
{
	char *text = tracefs_instance_file_read(NULL, name, size);

	if (!text) {
		*size = 0;
		text = strdup("");
	}
	return text;
}

static void put_sized64(struct out *o, const char *text, int size)
{
	put64(o, size);
	put(o, text, size);
}

static uint64_t write_headers(struct out *o)
{
	uint64_t at = pos(o), s = sec_begin(o, OPT_HEADER_INFO, 0, "headers");
	char *page, *event;
	int psize, esize;

	page = top_file("events/header_page", &psize);
	event = top_file("events/header_event", &esize);
	putstr(o, "header_page");
	put_sized64(o, page, psize);
	putstr(o, "header_event");
	put_sized64(o, event, esize);
	free(page);
	free(event);
	sec_end(o, s);
	return at;
}

static uint64_t write_ftrace_events(struct out *o)
{
	uint64_t at = pos(o), s = sec_begin(o, OPT_FTRACE_EVENTS, 0,
					    "ftrace events");

	put32(o, 0);	/* no function-tracer events are recorded */
	sec_end(o, s);
	return at;
}

/* The formats of every tracepoint the mode may enable, by system. */
static uint64_t write_event_formats(struct out *o, const struct ut_tp *tps)
{
	uint64_t at = pos(o), s = sec_begin(o, OPT_EVENT_FORMATS, 0,
					    "events format");
	const struct ut_tp *tp, *q;
	uint32_t nsys = 0, n;
	char *fmt;
	int size;

	for (tp = tps; tp->system; tp++) {
		for (q = tps; q < tp && strcmp(q->system, tp->system); q++)
			;
		if (q == tp)
			nsys++;
	}
	put32(o, nsys);
	for (tp = tps; tp->system; tp++) {
		for (q = tps; q < tp && strcmp(q->system, tp->system); q++)
			;
		if (q != tp)
			continue;	/* system written already */
		putstr(o, tp->system);
		for (n = 0, q = tp; q->system; q++)
			if (!strcmp(q->system, tp->system) &&
			    tracefs_event_file_exists(NULL, q->system, q->event,
						      "format"))
				n++;
		put32(o, n);
		for (q = tp; q->system; q++) {
			if (strcmp(q->system, tp->system) ||
			    !tracefs_event_file_exists(NULL, q->system, q->event,
						       "format"))
				continue;
			fmt = tracefs_event_file_read(NULL, q->system, q->event,
						      "format", &size);
			put_sized64(o, fmt ? fmt : "", fmt ? size : 0);
			free(fmt);
		}
	}
	sec_end(o, s);
	return at;
}

static uint64_t write_cmdlines(struct out *o)
{
	uint64_t at = pos(o), s = sec_begin(o, OPT_CMDLINES, 0, "command lines");
	char *text;
	int size;

	text = top_file("saved_cmdlines", &size);
	put_sized64(o, text, size);
	free(text);
	sec_end(o, s);
	return at;
}

struct cpu_data {
	uint64_t offset, size;	/* in the file; size after the chunk count */
};

/* One CPU's sub-buffers as zstd chunks; < 0 on failure. */
static int write_cpu(struct out *o, ZSTD_CCtx *z, int fd, int page_size,
		     struct cpu_data *cd)
{
	size_t chunk = (size_t)page_size * CHUNK_PAGES, bound, len, off, n, raw;
	unsigned char *src, *dst;
	struct stat st;
	ssize_t got;
	int ret = -1;

	if (fstat(fd, &st) < 0)
		return -1;
	len = st.st_size;
	cd->offset = pos(o);
	put32(o, (len + chunk - 1) / chunk);
	bound = ZSTD_compressBound(chunk);
	/* Read a chunk at a time (not mmap): memory stays small. */
	src = malloc(chunk);
	dst = malloc(bound);
	if (!src || !dst)
		goto out;
	for (off = 0; off < len; off += n) {
		size_t c;

		n = len - off < chunk ? len - off : chunk;
		got = pread(fd, src, n, off);
		if (got != (ssize_t)n) {
			errno = got < 0 ? errno : EIO;
			goto out;
		}
		/* A chunk is whole sub-buffers: pad a short tail. */
		raw = (n + page_size - 1) / page_size * page_size;
		memset(src + n, 0, raw - n);
		c = ZSTD_compressCCtx(z, dst, bound, src, raw, ZSTD_LEVEL);
		if (ZSTD_isError(c)) {
			errno = EIO;
			goto out;
		}
		put32(o, c);
		put32(o, raw);
		put(o, dst, c);
	}
	cd->size = pos(o) - cd->offset - 4;
	ret = 0;
out:
	free(src);
	free(dst);
	return ret;
}

static void put_option(struct out *o, int id, const void *data, uint32_t size)
{
	put16(o, id);
	put32(o, size);
	put(o, data, size);
}

static void put_option64(struct out *o, int id, uint64_t v)
{
	put_option(o, id, &v, 8);
}

static void put_option_str(struct out *o, int id, const char *s)
{
	put_option(o, id, s, strlen(s) + 1);
}

/* The clock in use: the bracketed name in trace_clock. */
static void clock_name(const char *text, char *name, size_t size)
{
	const char *b = text ? strchr(text, '[') : NULL;
	const char *e = b ? strchr(b, ']') : NULL;
	size_t n = b && e ? (size_t)(e - b - 1) : 0;

	if (!n || n >= size) {
		snprintf(name, size, "local");
		return;
	}
	memcpy(name, b + 1, n);
	name[n] = '\0';
}

/* Where the metadata sections start, for the options that point at them. */
struct meta_at {
	uint64_t headers, ftrace, formats, cmdlines, flyrecord;
};

/*
 * The initial format: magic, version, endianness, long and page size, the
 * compression; returns where the first options section's offset goes.
 */
static uint64_t write_file_header(struct out *o, int page_size)
{
	uint64_t at;

	put(o, "\027\010\104tracing", 10);
	putstr(o, "7");
	put(o, &(char){ 0 }, 1);		/* little endian (x86) */
	put(o, &(char){ sizeof(long) }, 1);
	put32(o, page_size);
	putstr(o, "zstd");
	putstr(o, ZSTD_versionString());
	at = pos(o);
	put64(o, 0);
	return at;
}

/*
 * Flyrecord: each CPU's data starts on a page boundary.  Returns how
 * many CPUs have data, or -1.
 */
static int write_flyrecord(struct out *o, ZSTD_CCtx *z,
			   const struct ut_dat_src *src, struct cpu_data *cd)
{
	uint64_t s = sec_begin(o, SEC_FLYRECORD, SEC_FL_COMPRESS,
			       "buffer flyrecord ");
	int cpu, ncd = 0;

	for (cpu = 0; cpu < src->ncpus; cpu++) {
		struct stat st;

		if (src->cpu_fd[cpu] < 0 || fstat(src->cpu_fd[cpu], &st) ||
		    !st.st_size)
			continue;
		pad_to(o, src->page_size);
		if (write_cpu(o, z, src->cpu_fd[cpu], src->page_size,
			      &cd[cpu]) < 0)
			return -1;
		ncd++;
	}
	sec_end(o, s);
	return ncd;
}

/* Each CPU's ring-buffer statistics, as trace-cmd record saves them. */
static void put_cpu_stats(struct out *o, const struct ut_dat_src *src)
{
	char file[64], *text, *p;
	int cpu;

	for (cpu = 0; cpu < src->ncpus; cpu++) {
		snprintf(file, sizeof(file), "per_cpu/cpu%d/stats", cpu);
		text = tracefs_instance_file_read(src->inst, file, NULL);
		if (!text)
			continue;
		if (asprintf(&p, "CPU: %d\n%s", cpu, text) > 0) {
			put_option_str(o, OPT_CPUSTAT, p);
			free(p);
		}
		free(text);
	}
}

/* The main buffer: its flyrecord, clock, page size and each CPU's data. */
static void put_buffer_option(struct out *o, const struct ut_dat_src *src,
			      uint64_t fly_at, const char *clock,
			      const struct cpu_data *cd, int ncd)
{
	/* offset, name "" (the main buffer), clock, page size, CPUs */
	size_t size = 8 + 1 + strlen(clock) + 1 + 4 + 4 + ncd * 20;
	int cpu;

	put16(o, OPT_BUFFER);
	put32(o, size);
	put64(o, fly_at);
	putstr(o, "");
	putstr(o, clock);
	put32(o, src->page_size);
	put32(o, ncd);
	for (cpu = 0; cpu < src->ncpus; cpu++) {
		if (!cd[cpu].offset)
			continue;
		put32(o, cpu);
		put64(o, cd[cpu].offset);
		put64(o, cd[cpu].size);
	}
}

/* The options: where everything is, and how it was recorded. */
static void write_options(struct out *o, const struct ut_dat_src *src,
			  const struct meta_at *at, const struct cpu_data *cd,
			  int ncd)
{
	struct utsname un;
	char clock[32], *text;
	uint64_t s = sec_begin(o, SEC_OPTIONS, 0, "options");

	put_option64(o, OPT_HEADER_INFO, at->headers);
	put_option64(o, OPT_FTRACE_EVENTS, at->ftrace);
	put_option64(o, OPT_EVENT_FORMATS, at->formats);
	put_option64(o, OPT_CMDLINES, at->cmdlines);
	text = tracefs_instance_file_read(src->inst, "trace_clock", NULL);
	clock_name(text, clock, sizeof(clock));
	if (text)
		put_option_str(o, OPT_TRACECLOCK, text);
	free(text);
	if (!uname(&un)) {
		char line[4 * sizeof(un.release)];

		snprintf(line, sizeof(line), "%s %s %s %s", un.sysname,
			 un.nodename, un.release, un.machine);
		put_option_str(o, OPT_UNAME, line);
	}
	put_cpu_stats(o, src);
	put_option(o, OPT_CPUCOUNT, &(uint32_t){ src->ncpus }, 4);
	put_buffer_option(o, src, at->flyrecord, clock, cd, ncd);
	put_option64(o, OPT_DONE, 0);
	sec_end(o, s);
}

/*
 * A new file beside path, to be renamed over it once complete: path is
 * never opened again after the start (something planted there in the
 * meantime, a symlink, is replaced, not followed), and a reader never
 * sees half a file.  NULL with errno set.
 */
static FILE *open_new(const char *path, char **tmp)
{
	mode_t mask = umask(0);
	FILE *f;
	int fd;

	umask(mask);
	if (asprintf(tmp, "%s.XXXXXX", path) < 0) {
		*tmp = NULL;
		return NULL;
	}
	fd = mkostemp(*tmp, O_CLOEXEC);
	if (fd < 0) {
		free(*tmp);
		*tmp = NULL;
		return NULL;
	}
	/* As output.c's O_CREAT 0644 of path would have made it. */
	(void)!fchmod(fd, 0644 & ~mask);
	f = fdopen(fd, "w");
	if (!f)
		close(fd);
	return f;
}

int ut_dat_write(const char *path, const struct ut_dat_src *src)
{
	struct out o = { 0 };
	struct cpu_data *cd;
	struct meta_at at;
	uint64_t opt_first_at, s;
	ZSTD_CCtx *z;
	char *tmp = NULL;
	int ncd, saved;

	cd = calloc(src->ncpus, sizeof(*cd));
	z = ZSTD_createCCtx();
	o.f = open_new(path, &tmp);
	if (!cd || !z || !o.f)
		goto fail;

	opt_first_at = write_file_header(&o, src->page_size);
	at.headers = write_headers(&o);
	at.ftrace = write_ftrace_events(&o);
	at.formats = write_event_formats(&o, src->tps);
	at.cmdlines = write_cmdlines(&o);
	at.flyrecord = pos(&o);
	ncd = write_flyrecord(&o, z, src, cd);
	if (ncd < 0)
		goto fail;
	patch64(&o, opt_first_at, pos(&o));
	write_options(&o, src, &at, cd, ncd);

	/* Names of the sections, last (this one names itself first). */
	string_id(&o, "strings");
	s = sec_begin(&o, SEC_STRINGS, 0, "strings");
	put(&o, o.strings, o.strings_len);
	sec_end(&o, s);

	if (ferror(o.f)) {
		errno = errno ? errno : EIO;
		goto fail;
	}
	ZSTD_freeCCtx(z);
	free(cd);
	z = NULL;
	cd = NULL;
	if (fclose(o.f)) {
		o.f = NULL;
		goto fail;
	}
	o.f = NULL;
	if (rename(tmp, path) < 0)
		goto fail;
	free(tmp);
	return 0;
fail:
	saved = errno ? errno : EIO;
	if (o.f)
		fclose(o.f);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	ZSTD_freeCCtx(z);
	free(cd);
	errno = saved;
	return -1;
}
