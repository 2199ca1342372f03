// SPDX-License-Identifier: GPL-2.0
/* recorder.c - tracefs instance, event selection, per-CPU reading. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <event-parse.h>
#include <kbuffer.h>
#include <tracefs.h>

#include "recorder.h"
#include "traceclock.h"

struct ut_event *ut_batch_slot(struct ut_batch *b)
{
	struct ut_event *p;

	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		p = realloc(b->ev, b->cap * sizeof(*p));
		if (!p) {
			fputs("utrace-record: out of memory\n", stderr);
			abort();
		}
		b->ev = p;
	}
	return &b->ev[b->n];
}

void ut_batch_push(struct ut_batch *b, const struct ut_event *ev)
{
	*ut_batch_slot(b) = *ev;
	b->n++;
}

static int cmp_ts(const void *a, const void *b)
{
	const struct ut_event *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	/* Same time: keep per-CPU order stable by CPU. */
	return x->cpu - y->cpu;
}

/* Sort n events, unless they already are in order (one busy CPU). */
static void sort_run(struct ut_event *v, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (cmp_ts(&v[i - 1], &v[i]) > 0)
			break;
	if (i < n)
		qsort(v, n, sizeof(*v), cmp_ts);
}

void ut_batch_merge(struct ut_batch *b, size_t from, size_t mid)
{
	struct ut_event *v = b->ev, *tmp;
	size_t n = b->n, lo, hi, p, i, j, k, len;

	if (mid >= n)
		return;
	sort_run(v + mid, n - mid);
	if (mid == from || cmp_ts(&v[mid - 1], &v[mid]) <= 0)
		return;		/* all new events come after the held ones */
	/* Only held events newer than the first new one take part. */
	lo = from;
	hi = mid;
	while (lo < hi) {
		p = lo + (hi - lo) / 2;
		if (cmp_ts(&v[p], &v[mid]) <= 0)
			lo = p + 1;
		else
			hi = p;
	}
	len = mid - lo;
	tmp = malloc(len * sizeof(*tmp));
	if (!tmp) {
		fputs("utrace-record: out of memory\n", stderr);
		abort();
	}
	memcpy(tmp, v + lo, len * sizeof(*tmp));
	/* k never passes j: k - j = i - len <= 0. */
	for (i = 0, j = mid, k = lo; i < len && j < n; k++)
		v[k] = cmp_ts(&tmp[i], &v[j]) <= 0 ? tmp[i++] : v[j++];
	while (i < len)
		v[k++] = tmp[i++];
	free(tmp);
}

void ut_batch_free(struct ut_batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		ut_event_clear(&b->ev[i]);
	free(b->ev);
	memset(b, 0, sizeof(*b));
}

int ut_rec_check_tracefs(void)
{
	const char *dir = NULL;
	char path[PATH_MAX];

	/*
	 * 1: mounted; 0: it was not, and libtracefs has just mounted it;
	 * < 0: it is not and cannot be.
	 */
	if (tracefs_tracing_dir_is_mounted(true, &dir) < 0 || !dir) {
		fputs("utrace-record: tracefs is not mounted and cannot be mounted (try: mount -t tracefs nodev /sys/kernel/tracing)\n",
		      stderr);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/instances", dir);
	if (access(path, W_OK)) {
		fprintf(stderr, "utrace-record: cannot use %s: %s (root needed)\n",
			path, strerror(errno));
		return -1;
	}
	return 0;
}

bool ut_rec_choose_clock(bool mono_only)
{
	char *text = tracefs_instance_file_read(NULL, "trace_clock", NULL);
	bool ok = ut_tclock_choose(text, mono_only) != NULL;

	free(text);
	return ok;
}

bool ut_native_available(void)
{
	char *dir = tracefs_get_tracing_file("events/utrace");
	struct stat st;
	bool ok;

	if (!dir)
		return false;
	ok = !stat(dir, &st) && S_ISDIR(st.st_mode);
	tracefs_put_tracing_file(dir);
	return ok;
}

/* Parse one event format straight from tracefs into tep. */
static void parse_one(struct tep_handle *tep, const char *sys, const char *ev)
{
	char *buf;
	int size;

	buf = tracefs_event_file_read(NULL, sys, ev, "format", &size);
	if (!buf)
		return;
	tep_parse_event(tep, buf, size, sys);
	free(buf);
}

/* events/header_page, so tep knows the sub-buffer layout; < 0 on failure. */
static int parse_header(struct tep_handle *tep)
{
	char *path, *buf = NULL;
	FILE *f;
	size_t len = 0, cap = 0, n;
	int ret = -1;

	path = tracefs_get_tracing_file("events/header_page");
	if (!path)
		return -1;
	f = fopen(path, "re");
	tracefs_put_tracing_file(path);
	if (!f)
		return -1;
	for (;;) {
		if (len + 4096 > cap) {
			char *p = realloc(buf, cap + 8192);

			if (!p)
				goto out;
			buf = p;
			cap += 8192;
		}
		n = fread(buf + len, 1, cap - len, f);
		if (!n)
			break;
		len += n;
	}
	if (len && !tep_parse_header_page(tep, buf, len, sizeof(long)))
		ret = 0;
out:
	free(buf);
	fclose(f);
	return ret;
}

/*
 * Only the formats of the tracepoints the mode may use are parsed: not
 * whole systems, and no kallsyms, printk formats or saved_cmdlines (no
 * recorded field is a kernel address, and names come from our own comm
 * table): start-up reads a handful of small files.
 */
int ut_rec_load_events(struct ut_rec *r, enum ut_mode mode)
{
	const struct ut_tp *tp = mode == UT_MODE_NATIVE ? ut_native_tps :
			       ut_compat_tps;

	r->tep = tep_alloc();
	if (r->tep) {
		enum tep_endian e = tep_is_bigendian() ? TEP_BIG_ENDIAN :
				    TEP_LITTLE_ENDIAN;

		tep_set_file_bigendian(r->tep, e);
		tep_set_local_bigendian(r->tep, e);
	}
	if (!r->tep || parse_header(r->tep) < 0) {
		fprintf(stderr, "utrace-record: cannot read event formats: %s\n",
			strerror(errno ? errno : EINVAL));
		return -1;
	}
	for (; tp->system; tp++)
		parse_one(r->tep, tp->system, tp->event);
	if (ut_decoder_init(&r->dec, r->tep, mode) <= 0) {
		fprintf(stderr, "utrace-record: no usable %s events\n",
			mode == UT_MODE_NATIVE ? "utrace" : "sched/signal");
		return -1;
	}
	return 0;
}

int ut_rec_create(struct ut_rec *r, size_t buf_kb)
{
	const char *clock;
	char *text;

	if (!r->name[0])
		snprintf(r->name, sizeof(r->name), "utrace-record-%d",
			 (int)getpid());
	r->inst = tracefs_instance_create(r->name);
	if (!r->inst) {
		fprintf(stderr, "utrace-record: cannot create tracefs instance %s: %s\n",
			r->name, strerror(errno));
		return -1;
	}
	if (!tracefs_instance_is_new(r->inst)) {
		/* Not ours: never destroy somebody else's instance. */
		fprintf(stderr, "utrace-record: instance %s already exists\n",
			r->name);
		tracefs_instance_free(r->inst);
		r->inst = NULL;
		return -1;
	}
	if (tracefs_trace_off(r->inst) < 0 ||
	    tracefs_instance_set_buffer_size(r->inst, buf_kb, -1) < 0) {
		fprintf(stderr, "utrace-record: cannot set up instance %s: %s\n",
			r->name, strerror(errno));
		return -1;
	}
	/*
	 * The readers poll every READER_POLL_MS anyway and take what is
	 * full then: a wake-up at half full (not the 1% of before, an
	 * irq_work in the traced task every 40 KiB) is only for a CPU
	 * that writes faster than half a buffer per poll period.  (0
	 * loses the tail of the buffer at the final flush on some
	 * kernels.)
	 */
	ut_rec_write(r, "buffer_percent", "50");
	/* A clock consistent across CPUs, and cheap: see traceclock.h. */
	text = tracefs_instance_file_read(r->inst, "trace_clock", NULL);
	clock = ut_tclock_choose(text, r->mono_only);
	free(text);
	if (!clock)
		return -1;
	if (ut_rec_write(r, "trace_clock", clock) < 0) {
		fprintf(stderr, "utrace-record: cannot set trace_clock %s: %s\n",
			clock, strerror(errno));
		return -1;
	}
	return 0;
}

int ut_rec_write(struct ut_rec *r, const char *file, const char *val)
{
	int ret = tracefs_instance_file_write(r->inst, file, val);

	return ret < 0 ? -1 : 0;
}

int ut_rec_enable(struct ut_rec *r, enum ut_mode mode, unsigned int kinds)
{
	const struct ut_tp *tp = mode == UT_MODE_NATIVE ? ut_native_tps :
			       ut_compat_tps;
	int enabled = 0;

	for (; tp->system; tp++) {
		if (!(tp->kinds & kinds))
			continue;
		if (!tracefs_event_file_exists(NULL, tp->system, tp->event,
					       "enable"))
			continue;
		if (tracefs_event_enable(r->inst, tp->system, tp->event) < 0) {
			fprintf(stderr, "utrace-record: cannot enable %s:%s: %s\n",
				tp->system, tp->event, strerror(errno));
			return -1;
		}
		enabled++;
	}
	if (!enabled) {
		fputs("utrace-record: none of the needed events exist\n", stderr);
		return -1;
	}
	return 0;
}

int ut_rec_enable_filtered(struct ut_rec *r, const char *sys,
			   const char *event, const char *filter)
{
	char file[128];

	snprintf(file, sizeof(file), "events/%s/%s/filter", sys, event);
	if (tracefs_event_enable(r->inst, sys, event) < 0 ||
	    ut_rec_write(r, file, filter) < 0)
		return -1;
	return 0;
}

void ut_rec_disable(struct ut_rec *r, const char *sys, const char *event)
{
	tracefs_event_disable(r->inst, sys, event);
}

int ut_rec_filter_pid(struct ut_rec *r, int pid, bool follow)
{
	char buf[32];

	if (!pid) {
		/*
		 * System-wide: do not trace our own reads, the main
		 * thread's here, the readers' once they run.
		 */
		snprintf(buf, sizeof(buf), "%d", (int)getpid());
		ut_rec_write(r, "set_event_notrace_pid", buf);
		r->notrace_self = true;
		/* Threads the recorder starts later are its own too. */
		tracefs_option_enable(r->inst, TRACEFS_OPTION_EVENT_FORK);
		return 0;
	}
	snprintf(buf, sizeof(buf), "%d", pid);
	if (ut_rec_write(r, "set_event_pid", buf) < 0) {
		fprintf(stderr, "utrace-record: cannot filter on pid %d: %s\n",
			pid, strerror(errno));
		return -1;
	}
	if (follow &&
	    tracefs_option_enable(r->inst, TRACEFS_OPTION_EVENT_FORK) < 0) {
		fprintf(stderr, "utrace-record: cannot enable option event-fork: %s\n",
			strerror(errno));
		return -1;
	}
	return 0;
}

int ut_rec_start(struct ut_rec *r)
{
	if (tracefs_trace_on(r->inst) < 0)
		return -1;
	ut_tclock_started();
	return 0;
}

void ut_rec_stop(struct ut_rec *r)
{
	if (r->inst)
		tracefs_trace_off(r->inst);
}

/* Size of a sub-buffer: buffer_subbuf_size_kb when the kernel has it. */
static int subbuf_size(struct ut_rec *r)
{
	char *text = tracefs_instance_file_read(r->inst, "buffer_subbuf_size_kb",
						NULL);
	long kb = text ? strtol(text, NULL, 10) : 0;

	free(text);
	return kb > 0 ? (int)kb * 1024 : getpagesize();
}

static void page_done(void *arg, void *page);
static void page_dropped(void *arg, const void *page, int cpu);
static long long now_ns(void);

/*
 * The per-CPU files are opened here, not by tracefs_cpu_open(), so that
 * the descriptors can be poll()ed: the kernel then wakes the reader as
 * soon as a buffer is buffer_percent (1%) full instead of at the next
 * timer tick, which a fast producer outruns.
 */
int ut_rec_open_cpus(struct ut_rec *r)
{
	int cpu, opened = 0, sbsize;
	const char *mem;
	char file[64], *path;

	r->ncpus = sysconf(_SC_NPROCESSORS_CONF);
	if (r->ncpus < 1)
		r->ncpus = 1;
	r->tcpu = calloc(r->ncpus, sizeof(*r->tcpu));
	r->cpu_fd = malloc(r->ncpus * sizeof(*r->cpu_fd));
	for (cpu = 0; r->cpu_fd && cpu < r->ncpus; cpu++)
		r->cpu_fd[cpu] = -1;
	r->kbuf = kbuffer_alloc(KBUFFER_LSIZE_SAME_AS_HOST,
				KBUFFER_ENDIAN_SAME_AS_HOST);
	if (!r->tcpu || !r->cpu_fd || !r->kbuf)
		return -1;
	sbsize = subbuf_size(r);
	for (cpu = 0; cpu < r->ncpus; cpu++) {
		snprintf(file, sizeof(file), "per_cpu/cpu%d/trace_pipe_raw", cpu);
		path = tracefs_instance_get_file(r->inst, file);
		if (!path)
			continue;
		r->cpu_fd[cpu] = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		tracefs_put_tracing_file(path);
		if (r->cpu_fd[cpu] < 0)
			continue;	/* offline CPU */
		r->tcpu[cpu] = tracefs_cpu_alloc_fd(r->cpu_fd[cpu], sbsize, true);
		if (!r->tcpu[cpu]) {
			close(r->cpu_fd[cpu]);
			r->cpu_fd[cpu] = -1;
			continue;
		}
		if (tracefs_cpu_read_size(r->tcpu[cpu]) > r->page_size)
			r->page_size = tracefs_cpu_read_size(r->tcpu[cpu]);
		opened++;
	}
	if (!opened) {
		fprintf(stderr, "utrace-record: cannot open per-CPU buffers: %s\n",
			strerror(errno));
		return -1;
	}
	r->lost_cpu = calloc(r->ncpus, sizeof(*r->lost_cpu));
	r->last_partial = calloc(r->ncpus, sizeof(*r->last_partial));
	r->read_mark = calloc(r->ncpus, sizeof(*r->read_mark));
	if (!r->lost_cpu || !r->last_partial || !r->read_mark)
		return -1;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->queued, NULL);
	pthread_cond_init(&r->room, NULL);
	r->drop_n = calloc(r->ncpus, sizeof(*r->drop_n));
	r->drop_ts = calloc(r->ncpus, sizeof(*r->drop_ts));
	r->drop_unknown = calloc(r->ncpus, sizeof(*r->drop_unknown));
	if (!r->drop_n || !r->drop_ts || !r->drop_unknown)
		return -1;
	mem = getenv("UTRACE_RECORD_MEM_PAGES");	/* tests: force spilling */
	ut_pageq_init(&r->pq, r->ncpus, r->page_size,
		      mem && atol(mem) > 0 ? (size_t)atol(mem) : UT_MEM_PAGES);
	mem = getenv("UTRACE_RECORD_SPILL_MB");
	r->pq.spill_max = (off_t)(mem && atol(mem) > 0 ? atol(mem) :
				  UT_SPILL_MB) << 20;
	r->pq.drop = page_dropped;
	r->done = calloc(UT_POOL_PAGES, sizeof(*r->done));
	r->pool = calloc(UT_POOL_PAGES, sizeof(*r->pool));
	if (!r->done || !r->pool)
		return -1;
	r->pq.release = page_done;
	r->pq.release_arg = r;
	r->page = ut_pageq_buffer(&r->pq);
	return 0;
}

static void raw_write(struct ut_rec *r, int cpu, const void *page);

static void parse_page(struct ut_rec *r, void *page, int cpu,
		       struct ut_batch *out)
{
	struct tep_record rec;
	struct ut_event ev;
	unsigned long long ts;
	void *data;
	bool first = true;
	int missed;

	if (kbuffer_load_subbuffer(r->kbuf, page) < 0)
		return;
	memset(&rec, 0, sizeof(rec));
	for (data = kbuffer_read_event(r->kbuf, &ts); data;
	     data = kbuffer_next_event(r->kbuf, &ts)) {
		ts = ut_tclock_ns(ts);
		if (first) {
			first = false;
			missed = kbuffer_missed_events(r->kbuf);
			if (missed) {
				memset(&ev, 0, sizeof(ev));
				ev.kind = UT_LOST;
				ev.ts = ts;
				ev.cpu = cpu;
				ev.lost.count = missed > 0 ? missed : -1;
				ev.lost.sig = r->sig_instance;
				if (missed > 0) {
					r->lost_known += missed;
					r->lost_cpu[cpu] += missed;
				} else
					r->lost_unknown++;
				ut_batch_push(out, &ev);
			}
		}
		rec.ts = ts;
		rec.cpu = cpu;
		rec.data = data;
		rec.size = kbuffer_event_size(r->kbuf);
		/* Decoded in place: no copy of the event per record. */
		if (ut_decode(&r->dec, &rec, ut_batch_slot(out)))
			out->n++;
	}
}

/*
 * The reader thread appends to r->inbox under r->lock and never blocks
 * on anything else; the decoder moves the inbox into r->pq (which may
 * write to the spill file) and decodes from there, without the lock.
 */
/* pq's release: keep the buffer for the reader (decoder side). */
static void page_done(void *arg, void *page)
{
	struct ut_rec *r = arg;

	if (r->ndone < UT_POOL_PAGES)
		r->done[r->ndone++] = page;
	else
		free(page);
}

/*
 * pq's drop: a sub-buffer the queue could not keep (decoder side).  Its
 * events are counted, with what the kernel said it missed before it, to
 * be reported in-band by the next ut_rec_decode.
 */
static void page_dropped(void *arg, const void *page, int cpu)
{
	struct ut_rec *r = arg;
	unsigned long long ts = 0, first = 0;
	long long n = 0;
	int missed = 0;
	void *data;

	if (page && kbuffer_load_subbuffer(r->kbuf, (void *)page) >= 0) {
		for (data = kbuffer_read_event(r->kbuf, &ts); data;
		     data = kbuffer_next_event(r->kbuf, &ts)) {
			if (!n++) {
				first = ut_tclock_ns(ts);
				missed = kbuffer_missed_events(r->kbuf);
			}
		}
	}
	r->dropped_events += n;
	if (missed > 0) {
		r->lost_known += missed;
		r->lost_cpu[cpu] += missed;
		n += missed;
	}
	if (!page || missed < 0) {
		r->lost_unknown++;
		r->drop_unknown[cpu] = true;
	}
	if (!r->drop_n[cpu] || (first && first < r->drop_ts[cpu]))
		r->drop_ts[cpu] = first;
	r->drop_n[cpu] += n;
}

/* The drops since the last call, as a LOST event per CPU. */
static void report_drops(struct ut_rec *r, struct ut_batch *out)
{
	struct ut_event ev;
	int cpu;

	for (cpu = 0; cpu < r->ncpus; cpu++) {
		if (!r->drop_n[cpu] && !r->drop_unknown[cpu])
			continue;
		memset(&ev, 0, sizeof(ev));
		ev.kind = UT_LOST;
		ev.ts = r->drop_ts[cpu];
		ev.cpu = cpu;
		ev.lost.count = r->drop_unknown[cpu] ? -1 : r->drop_n[cpu];
		ev.lost.sig = r->sig_instance;
		ut_batch_push(out, &ev);
		r->drop_n[cpu] = 0;
		r->drop_unknown[cpu] = false;
	}
}

static void collect(struct ut_rec *r)
{
	struct ut_inbox in;
	size_t i;

	pthread_mutex_lock(&r->lock);
	in = r->inbox;
	r->inbox = r->spare;
	while (r->ndone && r->npool < UT_POOL_PAGES)
		r->pool[r->npool++] = r->done[--r->ndone];
	r->last_collect = now_ns();
	if (r->waiting)
		pthread_cond_broadcast(&r->room);
	pthread_mutex_unlock(&r->lock);
	for (i = 0; i < in.n; i++)
		ut_pageq_push(&r->pq, in.e[i].data, in.e[i].cpu, in.e[i].ts);
	in.n = 0;
	r->spare = in;
}

/* Reader side: hand one page over; returns a buffer for the next one. */
static void *hand_over(struct ut_rec *r, void *page, int cpu,
		       unsigned long long ts)
{
	struct ut_inbox *in = &r->inbox;
	struct ut_qent *e;
	void *next = NULL;

	pthread_mutex_lock(&r->lock);
	if (in->n == in->cap) {
		size_t cap = in->cap ? in->cap * 2 : 256;

		e = realloc(in->e, cap * sizeof(*e));
		if (!e) {
			fputs("utrace-record: out of memory\n", stderr);
			abort();
		}
		in->e = e;
		in->cap = cap;
	}
	e = &in->e[in->n++];
	e->data = page;
	e->cpu = cpu;
	e->ts = ts;
	if (r->npool)
		next = r->pool[--r->npool];
	pthread_cond_signal(&r->queued);
	pthread_mutex_unlock(&r->lock);
	return next ? next : ut_pageq_buffer(&r->pq);
}

/*
 * Reader side: wait while the inbox is full or the decoder has not
 * taken it for UT_STALL_NS (it is stuck, e.g. on output nobody reads).
 * The rest stays in the kernel buffer, which overwrites its oldest
 * events (counted as lost) instead of the recorder growing, spinning,
 * or even polling.  False when the readers are told to stop.
 */
static bool wait_room(struct ut_rec *r)
{
	bool go;

	pthread_mutex_lock(&r->lock);
	while (!r->readers.stop && (r->inbox.n >= UT_INBOX_PAGES ||
				    now_ns() - r->last_collect > UT_STALL_NS)) {
		r->waiting++;
		pthread_cond_wait(&r->room, &r->lock);
		r->waiting--;
	}
	go = !r->readers.stop;
	pthread_mutex_unlock(&r->lock);
	return go;
}

size_t ut_rec_queued(struct ut_rec *r)
{
	collect(r);
	return ut_pageq_len(&r->pq);
}

bool ut_rec_queued_min_ts(struct ut_rec *r, unsigned long long *ts)
{
	collect(r);
	if (!ut_pageq_min_ts(&r->pq, ts))
		return false;
	*ts = ut_tclock_ns(*ts);
	return true;
}

void ut_rec_decode(struct ut_rec *r, struct ut_batch *out, size_t max_pages)
{
	size_t done = 0;
	void *page;
	int cpu;

	ut_tclock_tick();
	collect(r);
	while ((!max_pages || done < max_pages) &&
	       (page = ut_pageq_peek(&r->pq, &cpu))) {
		parse_page(r, page, cpu, out);
		ut_pageq_done(&r->pq);
		done++;
	}
	if (r->pq.dropped_total)
		report_drops(r, out);
}

static char *raw_name(const struct ut_rec *r, int cpu)
{
	char *name;

	if (asprintf(&name, "%s.cpu%d", r->raw_prefix, cpu) < 0)
		return NULL;
	return name;
}

int ut_rec_raw_open(struct ut_rec *r, const char *prefix)
{
	char *name;
	int cpu;

	r->raw_prefix = strdup(prefix);
	r->raw_fd = malloc(r->ncpus * sizeof(*r->raw_fd));
	if (!r->raw_prefix || !r->raw_fd)
		return -1;
	for (cpu = 0; cpu < r->ncpus; cpu++)
		r->raw_fd[cpu] = -1;
	for (cpu = 0; cpu < r->ncpus; cpu++) {
		name = raw_name(r, cpu);
		if (!name)
			return -1;
		/*
		 * The directory may be writable by others, who could plant
		 * FILE.dat.cpuN as a symlink or hard link to a file of
		 * ours: remove whatever has the name (a link, not its
		 * target) and create a new file, failing if one comes
		 * back in between.
		 */
		if (unlink(name) < 0 && errno != ENOENT) {
			fprintf(stderr, "utrace-record: cannot replace %s: %s\n",
				name, strerror(errno));
			free(name);
			return -1;
		}
		r->raw_fd[cpu] = open(name, O_RDWR | O_CREAT | O_EXCL |
				      O_NOFOLLOW | O_CLOEXEC, 0600);
		if (r->raw_fd[cpu] < 0) {
			fprintf(stderr, "utrace-record: cannot write %s: %s\n",
				name, strerror(errno));
			free(name);
			return -1;
		}
		free(name);
	}
	return 0;
}

void ut_rec_raw_close(struct ut_rec *r, bool unlink_them)
{
	char *name;
	int cpu;

	if (!r->raw_fd)
		return;
	for (cpu = 0; cpu < r->ncpus; cpu++) {
		if (r->raw_fd[cpu] < 0)
			continue;
		close(r->raw_fd[cpu]);
		r->raw_fd[cpu] = -1;
		if (unlink_them && (name = raw_name(r, cpu))) {
			unlink(name);
			free(name);
		}
	}
	free(r->raw_fd);
	r->raw_fd = NULL;
	free(r->raw_prefix);
	r->raw_prefix = NULL;
}

/* The page just read, whole (trace-cmd expects full pages), to FILE.cpuN. */
static void raw_write(struct ut_rec *r, int cpu, const void *page)
{
	const char *p = page;
	size_t left = r->page_size;
	ssize_t n;

	if (!r->raw_fd || r->raw_fd[cpu] < 0 || r->raw_errno)
		return;
	while (left) {
		n = write(r->raw_fd[cpu], p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r->raw_errno = n < 0 ? errno : ENOSPC;
			return;
		}
		p += n;
		left -= n;
	}
}

/*
 * Raw only: move whole sub-buffers from the kernel to FILE.cpuN with
 * splice, without copying them through the recorder.  The kernel hands
 * out full sub-buffers only, so nothing is padded until the final flush.
 * Returns the number of sub-buffers moved, 0 when none is full.
 */
static int raw_splice(struct ut_rec *r, int cpu)
{
	int n;

	if (r->raw_errno)
		return 0;
	n = tracefs_cpu_write(r->tcpu[cpu], r->raw_fd[cpu], true);
	if (n < 0 && errno != EAGAIN && errno != EINTR)
		r->raw_errno = errno;
	return n > 0 ? (n + r->page_size - 1) / r->page_size : 0;
}

void ut_rec_flush_raw(struct ut_rec *r)
{
	int cpu, n;

	for (cpu = 0; cpu < r->ncpus; cpu++) {
		if (!r->tcpu[cpu])
			continue;
		while (raw_splice(r, cpu) > 0)
			;
		/* What is left is a partly filled sub-buffer: read it. */
		while ((n = tracefs_cpu_read(r->tcpu[cpu], r->page, true)) > 0) {
			if (n < r->page_size)
				memset((char *)r->page + n, 0, r->page_size - n);
			raw_write(r, cpu, r->page);
		}
	}
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Now in trace clock units (TSC cycles with x86-tsc). */
static unsigned long long trace_now(void)
{
#if defined(__x86_64__) || defined(__i386__)
	if (ut_tclock_is_tsc())
		return __builtin_ia32_rdtsc();
#endif
	return now_ns();
}

/* UT_PARTIAL_NS in trace clock units: a TSC of up to 4 GHz. */
static unsigned long long trace_margin(void)
{
	return ut_tclock_is_tsc() ? 4 * UT_PARTIAL_NS : UT_PARTIAL_NS;
}

/* The CPU's reader alone writes its mark; it only grows. */
static void advance_mark(struct ut_rec *r, int cpu, unsigned long long v)
{
	if (v > __atomic_load_n(&r->read_mark[cpu], __ATOMIC_RELAXED))
		__atomic_store_n(&r->read_mark[cpu], v, __ATOMIC_RELEASE);
}

unsigned long long ut_rec_read_mark(struct ut_rec *r)
{
	unsigned long long m = ULLONG_MAX, v;
	int cpu;

	for (cpu = 0; cpu < r->ncpus; cpu++) {
		if (r->cpu_fd[cpu] < 0)
			continue;
		v = __atomic_load_n(&r->read_mark[cpu], __ATOMIC_ACQUIRE);
		if (v < m)
			m = v;
	}
	return m == ULLONG_MAX || !m ? m : ut_tclock_ns(m);
}

/*
 * One sub-buffer into r->page.  Full ones come through splice and a pipe
 * (tracefs_cpu_buffered_read), so reading never takes the page a writer
 * is filling; that one, partly filled, is read at most every
 * UT_PARTIAL_NS per CPU (events must not wait long to be printed), and
 * always while draining: a partial read hands out a short
 * sub-buffer, and many of them mean more work per event and a longer
 * queue.  Returns the bytes read, <= 0 when none.
 */
static int read_one(struct ut_rec *r, int cpu, void *page, bool drain)
{
	unsigned long long before;
	long long now;
	int n;

	n = tracefs_cpu_buffered_read(r->tcpu[cpu], page, true);
	if (n > 0)
		return n;
	if (!drain) {
		now = now_ns();
		if (now - r->last_partial[cpu] < UT_PARTIAL_NS)
			return 0;
		r->last_partial[cpu] = now;
	}
	before = trace_now();
	n = tracefs_cpu_read(r->tcpu[cpu], page, true);
	/*
	 * Empty: what the CPU wrote before is read.  Less a margin, for a
	 * writer that took its time stamp but has not committed yet.
	 */
	if (n == 0 || (n < 0 && errno == EAGAIN))
		advance_mark(r, cpu, before - trace_margin());
	return n;
}

/*
 * A reader thread's step for its CPU (a ut_read_fn): move every
 * sub-buffer there is now (only full ones, and a partial one at most
 * every UT_PARTIAL_NS, unless draining) to the inbox, and to FILE.cpuN;
 * raw_only, splice them to the file only.  *page is the thread's
 * buffer, replaced as pages are handed over.  Returns the number of
 * sub-buffers moved.
 */
static int read_cpu(void *arg, int cpu, void **page, bool drain)
{
	struct ut_rec *r = arg;
	unsigned long long ts;
	int n, pages = 0;

	for (;;) {
		if (r->raw_only) {
			n = raw_splice(r, cpu);
			if (n <= 0)
				break;
			pages += n;
			continue;
		}
		/*
		 * The decoder is stuck (output blocked): sleep until it
		 * takes the inbox.  (Not while draining: the decoder waits.)
		 */
		if (!drain && !wait_room(r))
			break;
		n = read_one(r, cpu, *page, drain);
		if (n <= 0)
			break;
		if (n < r->page_size)
			memset((char *)*page + n, 0, r->page_size - n);
		raw_write(r, cpu, *page);
		/* The sub-buffer's time stamp comes first. */
		memcpy(&ts, *page, sizeof(ts));
		*page = hand_over(r, *page, cpu, ts);
		advance_mark(r, cpu, ts);	/* after the hand-over */
		pages++;
	}
	return pages;
}

/*
 * The recorder's own threads, not traced: the main thread, the readers,
 * librdkafka's (--kafka); event-fork adds those they start later.
 */
static int notrace_readers(struct ut_rec *r)
{
	char *list = NULL, *p;
	struct dirent *d;
	DIR *dir;
	int ret;

	if (asprintf(&list, "%d", (int)getpid()) < 0)
		return -1;
	dir = opendir("/proc/self/task");
	while (dir && (d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		if (asprintf(&p, "%s %s", list, d->d_name) < 0) {
			free(list);
			closedir(dir);
			return -1;
		}
		free(list);
		list = p;
	}
	if (dir)
		closedir(dir);
	ret = ut_rec_write(r, "set_event_notrace_pid", list);
	free(list);
	return ret;
}

int ut_rec_reader_start(struct ut_rec *r)
{
	r->last_collect = now_ns();	/* no stall before the first take */
	if (ut_readers_start(&r->readers, r->cpu_fd, r->ncpus, r->page_size,
			     read_cpu, r) < 0)
		return -1;
	return r->notrace_self ? notrace_readers(r) : 0;
}

void ut_rec_reader_stop(struct ut_rec *r)
{
	if (!r->readers.threads)
		return;
	/* A reader waiting for room in the inbox stops waiting. */
	pthread_mutex_lock(&r->lock);
	r->readers.stop = true;
	pthread_cond_broadcast(&r->room);
	pthread_mutex_unlock(&r->lock);
	ut_readers_stop(&r->readers);
	/* Nothing more comes: wake whoever waits for it. */
	pthread_mutex_lock(&r->lock);
	pthread_cond_broadcast(&r->queued);
	pthread_mutex_unlock(&r->lock);
}

void ut_rec_wait_queued(struct ut_rec *r, int timeout_ms)
{
	struct timespec ts;

	if (ut_pageq_len(&r->pq))
		return;
	pthread_mutex_lock(&r->lock);
	if (!r->inbox.n && timeout_ms > 0) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += timeout_ms / 1000;
		ts.tv_nsec += (timeout_ms % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&r->queued, &r->lock, &ts);
	}
	pthread_mutex_unlock(&r->lock);
}

static long long stat_value(const char *text, const char *key)
{
	const char *p = text;
	size_t klen = strlen(key);

	while (p && *p) {
		if (!strncmp(p, key, klen) && p[klen] == ':')
			return strtoll(p + klen + 1, NULL, 10);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return 0;
}

long long ut_rec_cpu_lost(struct ut_rec *r, int cpu)
{
	char file[64], *text;
	long long n;

	snprintf(file, sizeof(file), "per_cpu/cpu%d/stats", cpu);
	text = tracefs_instance_file_read(r->inst, file, NULL);
	if (!text)
		return 0;
	n = stat_value(text, "overrun") + stat_value(text, "dropped events");
	free(text);
	return n;
}

void ut_rec_stats(struct ut_rec *r, long long *overrun, long long *dropped)
{
	char file[64], *text;
	int cpu;

	*overrun = *dropped = 0;
	for (cpu = 0; cpu < r->ncpus; cpu++) {
		snprintf(file, sizeof(file), "per_cpu/cpu%d/stats", cpu);
		text = tracefs_instance_file_read(r->inst, file, NULL);
		if (!text)
			continue;
		*overrun += stat_value(text, "overrun");
		*dropped += stat_value(text, "dropped events");
		free(text);
	}
}

void ut_rec_destroy(struct ut_rec *r)
{
	size_t i;
	int cpu;

	/* An error path: stop the writers before the reader drains. */
	if (r->inst)
		tracefs_trace_off(r->inst);
	ut_rec_reader_stop(r);
	/* Still open here only on an error path: the data is incomplete. */
	ut_rec_raw_close(r, true);

	if (r->tcpu) {
		for (cpu = 0; cpu < r->ncpus; cpu++) {
			if (r->tcpu[cpu])
				tracefs_cpu_free_fd(r->tcpu[cpu]);
			if (r->cpu_fd && r->cpu_fd[cpu] >= 0)
				close(r->cpu_fd[cpu]);
		}
		free(r->tcpu);
		r->tcpu = NULL;
	}
	free(r->cpu_fd);
	r->cpu_fd = NULL;
	if (r->kbuf) {
		kbuffer_free(r->kbuf);
		r->kbuf = NULL;
	}
	free(r->page);
	r->page = NULL;
	/* Read, never queued: freed, not pushed (that could spill). */
	for (i = 0; i < r->inbox.n; i++)
		free(r->inbox.e[i].data);
	r->inbox.n = 0;
	if (r->pq.cq)
		ut_pageq_free(&r->pq);
	while (r->ndone)
		free(r->done[--r->ndone]);
	while (r->npool)
		free(r->pool[--r->npool]);
	free(r->done);
	free(r->pool);
	r->done = r->pool = NULL;
	free(r->inbox.e);
	free(r->spare.e);
	memset(&r->inbox, 0, sizeof(r->inbox));
	memset(&r->spare, 0, sizeof(r->spare));
	free(r->lost_cpu);
	r->lost_cpu = NULL;
	free(r->last_partial);
	free(r->read_mark);
	r->last_partial = NULL;
	r->read_mark = NULL;
	free(r->drop_n);
	free(r->drop_ts);
	free(r->drop_unknown);
	r->drop_n = NULL;
	r->drop_ts = NULL;
	r->drop_unknown = NULL;
	if (r->inst) {
		tracefs_trace_off(r->inst);
		tracefs_instance_destroy(r->inst);
		tracefs_instance_free(r->inst);
		r->inst = NULL;
	}
	ut_decoder_free(&r->dec);
	if (r->tep) {
		tep_free(r->tep);
		r->tep = NULL;
	}
}
