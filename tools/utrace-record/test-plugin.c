// SPDX-License-Identifier: GPL-2.0
/*
 * test-plugin.c - unit test of plugin_utrace.so without a utrace kernel.
 *
 *   test-plugin FIXTURES-DIR PLUGIN-DIR
 *
 * FIXTURES-DIR has the layout of tracefs' events/ directory:
 * SYSTEM/EVENT/format, one event format per file, in the text the kernel
 * prints.  Every such file is parsed into a tep handle; the plugin is
 * loaded from PLUGIN-DIR through $TRACEEVENT_PLUGIN_DIR (system plugins
 * disabled) as trace-cmd would, and hand-built records are printed with
 * tep_print_event().  Records are built by field name from the parsed
 * formats, so the fixtures can be replaced by formats captured from a
 * real kernel.  Prints TAP; exit status 1 if anything failed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event-parse.h>
#include <trace-seq.h>

static int nr, failed;

static void ok(int cond, const char *name, const char *diag)
{
	nr++;
	printf("%sok %d - %s\n", cond ? "" : "not ", nr, name);
	if (!cond) {
		failed++;
		if (diag)
			printf("#   %s\n", diag);
	}
}

static char *read_file(const char *path, int *size)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t cap = 0, len = 0, n;

	if (!f)
		return NULL;
	do {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n);
	fclose(f);
	buf[len] = '\0';
	*size = len;
	return buf;
}

/* Parse every DIR/SYSTEM/EVENT/format; returns how many were parsed. */
static int load_formats(struct tep_handle *tep, const char *dir)
{
	struct dirent *sd, *ed;
	DIR *sys, *evs;
	char *path, *buf;
	int n = 0, size;

	sys = opendir(dir);
	if (!sys)
		return -1;
	while ((sd = readdir(sys))) {
		if (sd->d_name[0] == '.')
			continue;
		if (asprintf(&path, "%s/%s", dir, sd->d_name) < 0)
			abort();
		evs = opendir(path);
		free(path);
		if (!evs)
			continue;
		while ((ed = readdir(evs))) {
			if (ed->d_name[0] == '.')
				continue;
			if (asprintf(&path, "%s/%s/%s/format", dir, sd->d_name,
				     ed->d_name) < 0)
				abort();
			buf = read_file(path, &size);
			if (buf && tep_parse_event(tep, buf, size, sd->d_name) == 0)
				n++;
			else
				printf("# cannot parse %s\n", path);
			free(buf);
			free(path);
		}
		closedir(evs);
	}
	closedir(sys);
	return n;
}

/* A record under construction, fields set by name. */
struct rec {
	unsigned char data[512];
	int size;		/* fixed part, then dynamic data appended */
	const char *err;
};

static void set_num(struct tep_event *ev, struct rec *r, const char *name,
		    unsigned long long v)
{
	struct tep_format_field *f = tep_find_any_field(ev, name);
	uint8_t u8 = v;
	uint16_t u16 = v;
	uint32_t u32 = v;
	uint64_t u64 = v;
	void *p;

	if (!f) {
		r->err = name;
		return;
	}
	switch (f->size) {
	case 1: p = &u8; break;
	case 2: p = &u16; break;
	case 4: p = &u32; break;
	case 8: p = &u64; break;
	default:
		r->err = name;
		return;
	}
	memcpy(r->data + f->offset, p, f->size);
}

/* A string: __data_loc (appended after the fixed part) or char[N]. */
static void set_str(struct tep_event *ev, struct rec *r, const char *name,
		    const char *s)
{
	struct tep_format_field *f = tep_find_field(ev, name);
	int len = strlen(s) + 1;
	uint32_t loc;

	if (!f) {
		r->err = name;
		return;
	}
	if (f->flags & TEP_FIELD_IS_DYNAMIC) {
		loc = (uint32_t)len << 16 | (uint32_t)r->size;
		memcpy(r->data + f->offset, &loc, sizeof(loc));
		memcpy(r->data + r->size, s, len);
		r->size += len;
	} else {
		strncpy((char *)r->data + f->offset, s, f->size);
	}
}

static struct tep_event *start(struct tep_handle *tep, const char *event,
			       struct rec *r)
{
	struct tep_event *ev = tep_find_event_by_name(tep, "utrace", event);
	int i;

	memset(r, 0, sizeof(*r));
	if (!ev) {
		r->err = "(event not in fixtures)";
		return NULL;
	}
	for (i = 0; i < 2; i++) {
		struct tep_format_field *f = i ? ev->format.fields :
					     ev->format.common_fields;

		for (; f; f = f->next)
			if (f->offset + f->size > r->size)
				r->size = f->offset + f->size;
	}
	set_num(ev, r, "common_type", ev->id);
	set_num(ev, r, "common_pid", 4242);
	return ev;
}

/* Print the record the way trace-cmd report prints the info column. */
static void check(struct tep_handle *tep, struct tep_event *ev, struct rec *r,
		  const char *name, const char *want)
{
	struct tep_record rec;
	struct trace_seq s;
	char diag[512];

	if (!ev || r->err) {
		snprintf(diag, sizeof(diag), "cannot build record: no field %s",
			 r->err ? r->err : "?");
		ok(0, name, diag);
		return;
	}
	memset(&rec, 0, sizeof(rec));
	rec.data = r->data;
	rec.size = r->size;
	rec.ts = 12345678901ULL;
	trace_seq_init(&s);
	tep_print_event(tep, &s, &rec, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&s);
	snprintf(diag, sizeof(diag), "want: '%s'  got: '%s'", want, s.buffer);
	ok(!strcmp(s.buffer, want), name, diag);
	trace_seq_destroy(&s);
}

static void exit_rec(struct tep_handle *tep, const char *name, int orig,
		     int code, const char *want)
{
	struct rec r;
	struct tep_event *ev = start(tep, "exit", &r);

	if (ev) {
		set_num(ev, &r, "orig_code", orig);
		set_num(ev, &r, "code", code);
	}
	check(tep, ev, &r, name, want);
}

static void signal_rec(struct tep_handle *tep, const char *name, int signo,
		       int si_code, int sender, unsigned long long addr,
		       int disp, int engine, const char *want)
{
	struct rec r;
	struct tep_event *ev = start(tep, "signal", &r);

	if (ev) {
		set_num(ev, &r, "signo", signo);
		set_num(ev, &r, "si_code", si_code);
		set_num(ev, &r, "sender_pid", sender);
		set_num(ev, &r, "addr", addr);
		set_num(ev, &r, "disposition", disp);
		set_num(ev, &r, "engine_disposition", engine);
	}
	check(tep, ev, &r, name, want);
}

static void exec_rec(struct tep_handle *tep, const char *name,
		     const char *file, int old_pid, const char *want)
{
	struct rec r;
	struct tep_event *ev = start(tep, "exec", &r);

	if (ev) {
		set_str(ev, &r, "filename", file);
		set_num(ev, &r, "old_pid", old_pid);
		set_num(ev, &r, "pid", 4242);
	}
	check(tep, ev, &r, name, want);
}

static void run_cases(struct tep_handle *tep, const char *how)
{
	char name[128];

#define N(s) (snprintf(name, sizeof(name), "%s: %s", how, s), name)
	exit_rec(tep, N("exit status=3"), 3 << 8, 3 << 8, "status=3");
	exit_rec(tep, N("exit killed, requested status"), 0, 9,
		 "signal=SIGKILL requested status=0");
	exit_rec(tep, N("exit core dump"), 0x8b, 0x8b,
		 "signal=SIGSEGV (core dumped)");
	signal_rec(tep, N("signal from a task"), 15, 0, 1234, 0, 3, 3,
		   "SIGTERM from 1234 -> terminate");
	signal_rec(tep, N("signal fault, engine holds it"), 11, 1, 0, 0x10, 4,
		   5, "SIGSEGV from kernel addr=0x10 -> core (engine: held)");
	signal_rec(tep, N("signal handled, negative sender unknown"), 10, -6,
		   -1, 0, 0, 0, "SIGUSR1 -> handler");
	exec_rec(tep, N("exec __data_loc filename"), "/bin/true", 4242,
		 "/bin/true");
	exec_rec(tep, N("exec by a non-leader thread"), "/usr/bin/env", 4243,
		 "/usr/bin/env old_pid=4243");
#undef N
}

static struct tep_handle *new_tep(void)
{
	struct tep_handle *tep = tep_alloc();

	if (!tep)
		abort();
	tep_set_long_size(tep, 8);
	tep_set_page_size(tep, 4096);
	tep_set_file_bigendian(tep, TEP_LITTLE_ENDIAN);
	tep_set_local_bigendian(tep, TEP_LITTLE_ENDIAN);
	/* Only PLUGIN-DIR (through the environment), not the system's. */
	tep_set_flag(tep, TEP_DISABLE_SYS_PLUGINS);
	return tep;
}

static int count_plugins(struct tep_plugin_list *list, char *diag, int len)
{
	struct trace_seq s;
	int n = 0;
	char *p;

	trace_seq_init(&s);
	tep_print_plugins(&s, "", "\n", list);
	trace_seq_terminate(&s);
	for (p = s.buffer; (p = strstr(p, "plugin_utrace.so")); p++)
		n++;
	snprintf(diag, len, "loaded: %s", s.buffer);
	for (p = diag; *p; p++)
		if (*p == '\n')
			*p = ' ';
	trace_seq_destroy(&s);
	return n;
}

int main(int argc, char **argv)
{
	struct tep_plugin_list *plugins;
	struct tep_handle *tep;
	struct rec r;
	struct tep_event *ev;
	struct trace_seq s;
	char diag[512];
	int n;

	if (argc != 3) {
		fprintf(stderr, "usage: %s FIXTURES-DIR PLUGIN-DIR\n", argv[0]);
		return 2;
	}
	setenv("TRACEEVENT_PLUGIN_DIR", argv[2], 1);
	setenv("HOME", "/nonexistent", 1);	/* no ~/.local plugins */

	/* Without the plugin: the print fmt of the fixture. */
	tep = new_tep();
	n = load_formats(tep, argv[1]);
	ok(n == 10, "the kernel's utrace formats parse (all 10 events)", NULL);
	ev = start(tep, "exit", &r);
	set_num(ev, &r, "orig_code", 0x300);
	set_num(ev, &r, "code", 0x300);
	check(tep, ev, &r, "without the plugin, the print fmt is used",
	      "orig_code=0x300 code=0x300 status=3 signal=0");
	tep_free(tep);

	/* As trace-cmd does it: plugins first, then the event formats. */
	tep = new_tep();
	plugins = tep_load_plugins(tep);
	ok(count_plugins(plugins, diag, sizeof(diag)) == 1,
	   "plugin_utrace.so loads from $TRACEEVENT_PLUGIN_DIR", diag);
	load_formats(tep, argv[1]);
	run_cases(tep, "plugin before formats");

	/* The event name column is unchanged. */
	ev = start(tep, "signal", &r);
	set_num(ev, &r, "signo", 2);
	trace_seq_init(&s);
	if (ev) {
		struct tep_record rec = { .data = r.data, .size = r.size };

		tep_print_event(tep, &s, &rec, "%s", TEP_PRINT_NAME);
	}
	trace_seq_terminate(&s);
	ok(!strcmp(s.buffer, "signal"), "TEP_PRINT_NAME is the event name",
	   s.buffer);
	trace_seq_destroy(&s);
	tep_unload_plugins(plugins, tep);
	tep_free(tep);

	/* Formats first, then the plugin (handlers attach to parsed events). */
	tep = new_tep();
	load_formats(tep, argv[1]);
	plugins = tep_load_plugins(tep);
	run_cases(tep, "plugin after formats");
	tep_unload_plugins(plugins, tep);
	tep_free(tep);

	printf("1..%d\n", nr);
	return failed ? 1 : 0;
}
