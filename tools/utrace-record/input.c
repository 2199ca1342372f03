// SPDX-License-Identifier: GPL-2.0
/* input.c - events from trace.dat files; see input.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hostpid.h"
#include "input.h"

#ifdef HAVE_TRACECMD
#include <trace-cmd.h>

/*
 * Exported by libtracecmd but declared only in its private header: the
 * uname and the trace clock the file was recorded with (NULL unknown).
 */
const char *tracecmd_get_uname(struct tracecmd_input *handle);
const char *tracecmd_get_trace_clock(struct tracecmd_input *handle);

/*
 * Time stamps past 2001-09-09 (1e18 ns) are wall-clock ones: libtracecmd
 * adds the offset to the time of day that trace-cmd record --date
 * stores; a boot-relative clock would need 31 years of uptime.
 */
#define WALL_NS		1000000000000000000ULL

struct in_file {
	const char *path;
	char *host;			/* its name in the output */
	bool named;			/* HOST=FILE */
	int index;			/* hostpid.h's host */
	struct tracecmd_input *h;
	/*
	 * The top-level buffer and every instance buffer (trace-cmd record
	 * -B), read together in time order; all share h's event formats.
	 */
	struct tracecmd_input **bufs;
	int nbufs;
	struct ut_decoder dec;
	enum ut_mode mode;
};

struct ut_input {
	struct in_file *f;
	int n;
	bool per_file;
	ut_input_fn fn;
	void *arg;
};

/* f's handles; the decoder with them. */
static void file_close(struct in_file *f)
{
	int i;

	if (f->h)
		ut_decoder_free(&f->dec);
	for (i = 1; i < f->nbufs; i++)
		tracecmd_close(f->bufs[i]);
	free(f->bufs);
	if (f->h)
		tracecmd_close(f->h);
	free(f->host);
	f->bufs = NULL;
	f->nbufs = 0;
	f->h = NULL;
	f->host = NULL;
}

static int one(struct tracecmd_input *h, struct tep_record *rec, int cpu,
	       void *data)
{
	struct ut_input *in = data;
	struct in_file *f = tracecmd_get_private(h);
	struct ut_event ev;
	const char *comm;

	(void)cpu;
	if (rec->missed_events) {
		/* As kbuffer reports it live: < 0 when the count is unknown. */
		memset(&ev, 0, sizeof(ev));
		ev.kind = UT_LOST;
		ev.ts = rec->ts;
		ev.cpu = rec->cpu;
		ev.lost.count = rec->missed_events > 0 ? rec->missed_events : -1;
		ut_event_qualify(&ev, f->index);
		in->fn(&ev, NULL, in->arg);
	}
	if (!ut_decode(&f->dec, rec, &ev))
		return 0;
	comm = tep_data_comm_from_pid(f->dec.tep, ev.pid);
	ut_event_qualify(&ev, f->index);
	in->fn(&ev, comm && strcmp(comm, "<...>") ? comm : NULL, in->arg);
	ut_event_clear(&ev);
	return 0;
}

/* f->bufs: the top-level buffer, then each instance buffer of the file. */
static int open_buffers(struct in_file *f)
{
	int n = tracecmd_buffer_instances(f->h), i;

	f->bufs = calloc(n > 0 ? n + 1 : 1, sizeof(*f->bufs));
	if (!f->bufs) {
		fprintf(stderr, "utrace-record: out of memory\n");
		return -1;
	}
	f->bufs[f->nbufs++] = f->h;
	tracecmd_set_private(f->h, f);
	for (i = 0; i < n; i++) {
		f->bufs[f->nbufs] = tracecmd_buffer_instance_handle(f->h, i);
		if (!f->bufs[f->nbufs]) {
			fprintf(stderr, "utrace-record: cannot read buffer '%s' of %s\n",
				tracecmd_buffer_instance_name(f->h, i), f->path);
			return -1;
		}
		tracecmd_set_private(f->bufs[f->nbufs++], f);
	}
	return 0;
}

/* f->h open and its decoder ready: native when it has utrace events. */
static int file_open(struct in_file *f)
{
	struct tep_handle *tep;

	/* No plugins: the events are read by name, not printed by tep. */
	errno = 0;
	f->h = tracecmd_open(f->path, TRACECMD_FL_LOAD_NO_PLUGINS);
	if (!f->h) {
		fprintf(stderr, "utrace-record: cannot read %s as a trace.dat file%s%s\n",
			f->path, errno ? ": " : "", errno ? strerror(errno) : "");
		return -1;
	}
	tep = tracecmd_get_tep(f->h);
	f->mode = UT_MODE_NATIVE;
	if (ut_decoder_init(&f->dec, tep, UT_MODE_NATIVE) <= 0) {
		ut_decoder_free(&f->dec);
		f->mode = UT_MODE_COMPAT;
		if (ut_decoder_init(&f->dec, tep, UT_MODE_COMPAT) <= 0) {
			fprintf(stderr, "utrace-record: %s has no utrace, sched or signal events\n",
				f->path);
			ut_decoder_free(&f->dec);
			tracecmd_close(f->h);
			f->h = NULL;
			return -1;
		}
	}
	return open_buffers(f);
}

/* The host name the file's uname option has ("Linux NODE ..."), or NULL. */
static char *uname_node(struct tracecmd_input *h)
{
	const char *u = tracecmd_get_uname(h), *s;
	size_t n;

	s = u ? strchr(u, ' ') : NULL;
	if (!s)
		return NULL;
	s++;
	n = strcspn(s, " ");
	return n ? strndup(s, n) : NULL;
}

/*
 * HOST=FILE, when what precedes '=' could be a host name and the whole
 * spec is not an existing file.
 */
static void parse_spec(struct in_file *f, const char *spec)
{
	const char *eq = strchr(spec, '=');
	struct stat st;
	size_t n = eq ? (size_t)(eq - spec) : 0;

	f->path = spec;
	if (!n || strspn(spec, "abcdefghijklmnopqrstuvwxyz"
			 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:") != n ||
	    !stat(spec, &st))
		return;
	f->host = strndup(spec, n);
	f->named = true;
	f->path = eq + 1;
}

/*
 * Each file's host name: HOST=, else its uname, else its path; a name
 * taken already by another file gets "#N" (N: its place on the command
 * line), so that two recordings of one host stay apart.
 */
static int name_hosts(struct ut_input *in)
{
	char **names = calloc(in->n, sizeof(*names));
	int i, j, ret = 0;

	for (i = 0; names && i < in->n; i++) {
		struct in_file *f = &in->f[i];

		if (!f->host)
			f->host = uname_node(f->h);
		if (!f->host)
			f->host = strdup(f->path);
		for (j = 0; f->host && j < i; j++) {
			char *tag;

			if (strcmp(in->f[j].host, f->host))
				continue;
			if (asprintf(&tag, "%s#%d", f->host, i + 1) < 0)
				tag = NULL;
			free(f->host);
			f->host = tag;
			break;
		}
		if (!f->host)
			break;
		names[i] = f->host;
	}
	if (!names || i < in->n || !ut_hosts_set(in->n, names)) {
		fprintf(stderr, "utrace-record: out of memory\n");
		ret = -1;
	}
	free(names);
	return ret;
}

static bool same_str(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/*
 * Whether the files' time stamps can be compared: one clock, and tai
 * (the time of day: hosts in sync) or one uname (one machine: assumed
 * one boot); or all of them shifted to the time of day (--date).
 */
static bool comparable(struct ut_input *in)
{
	const char *c0 = tracecmd_get_trace_clock(in->f[0].h);
	const char *u0 = tracecmd_get_uname(in->f[0].h);
	bool clock = true, uname = true, wall = true;
	int i;

	for (i = 0; i < in->n; i++) {
		struct tracecmd_input *h = in->f[i].h;

		clock = clock && same_str(c0, tracecmd_get_trace_clock(h));
		uname = uname && same_str(u0, tracecmd_get_uname(h));
		wall = wall && tracecmd_get_first_ts(h) >= WALL_NS;
	}
	return (clock && (uname || !strcmp(c0, "tai"))) || wall;
}

static struct ut_input *input_fail(struct ut_input *in)
{
	int i;

	for (i = 0; i < in->n; i++)
		file_close(&in->f[i]);
	free(in->f);
	free(in);
	return NULL;
}

/* The notice that the files are shown one after the other. */
static void warn_per_file(const struct ut_input *in)
{
	const char *c;
	int i;

	fprintf(stderr, "utrace-record: the recordings' clocks cannot be compared (");
	for (i = 0; i < in->n; i++) {
		c = tracecmd_get_trace_clock(in->f[i].h);
		fprintf(stderr, "%s%s: %s", i ? ", " : "", in->f[i].host,
			c ? c : "unknown");
	}
	fprintf(stderr, "): shown one file after the other, not merged by time "
		"(record with trace-cmd record -C tai, or --date, to merge)\n");
}

struct ut_input *ut_input_open(const char *const *specs, int n,
			       enum ut_mode *mode, uint64_t *first_ts)
{
	struct ut_input *in = calloc(1, sizeof(*in));
	bool named = false;
	uint64_t ts;
	int i;

	if (in)
		in->f = calloc(n, sizeof(*in->f));
	if (!in || !in->f) {
		fprintf(stderr, "utrace-record: out of memory\n");
		free(in);
		return NULL;
	}
	in->n = n;
	*mode = UT_MODE_COMPAT;
	*first_ts = UINT64_MAX;
	for (i = 0; i < n; i++) {
		parse_spec(&in->f[i], specs[i]);
		in->f[i].index = i;
		named = named || in->f[i].named;
		if (file_open(&in->f[i]) < 0)
			return input_fail(in);
		if (in->f[i].mode == UT_MODE_NATIVE)
			*mode = UT_MODE_NATIVE;
		ts = tracecmd_get_first_ts(in->f[i].h);
		if (ts < *first_ts)
			*first_ts = ts;
	}
	if ((n > 1 || named) && name_hosts(in) < 0)
		return input_fail(in);
	if (n > 1 && !comparable(in)) {
		in->per_file = true;
		warn_per_file(in);
	}
	return in;
}

bool ut_input_per_file(const struct ut_input *in)
{
	return in->per_file;
}

/* The buffers of files [from, to) in one array, read by time together. */
static void run_files(struct ut_input *in, int from, int to)
{
	struct tracecmd_input **all;
	int i, j, n = 0;

	for (i = from; i < to; i++)
		n += in->f[i].nbufs;
	if (n == 1) {
		tracecmd_iterate_events(in->f[from].h, NULL, 0, one, in);
		return;
	}
	all = calloc(n, sizeof(*all));
	if (!all) {
		fprintf(stderr, "utrace-record: out of memory\n");
		return;
	}
	for (n = 0, i = from; i < to; i++)
		for (j = 0; j < in->f[i].nbufs; j++)
			all[n++] = in->f[i].bufs[j];
	tracecmd_iterate_events_multi(all, n, one, in);
	free(all);
}

void ut_input_run(struct ut_input *in, ut_input_fn fn, void *arg)
{
	int i;

	in->fn = fn;
	in->arg = arg;
	if (in->per_file)
		for (i = 0; i < in->n; i++)
			run_files(in, i, i + 1);
	else
		run_files(in, 0, in->n);
	for (i = 0; i < in->n; i++)
		file_close(&in->f[i]);
	free(in->f);
	free(in);
}

#else

struct ut_input *ut_input_open(const char *const *specs, int n,
			       enum ut_mode *mode, uint64_t *first_ts)
{
	(void)n;
	(void)mode;
	(void)first_ts;
	fprintf(stderr, "utrace-record: cannot read %s: built without libtracecmd (install libtracecmd-dev and rebuild)\n",
		specs[0]);
	return NULL;
}

void ut_input_run(struct ut_input *in, ut_input_fn fn, void *arg)
{
	(void)in;
	(void)fn;
	(void)arg;
}

bool ut_input_per_file(const struct ut_input *in)
{
	(void)in;
	return false;
}

#endif
