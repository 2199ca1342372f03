/* SPDX-License-Identifier: GPL-2.0 */
/*
 * recorder.h - the tracefs side: a private instance, the events of a
 * mode, per-CPU non-blocking readers (driven by the reader threads,
 * reader.c), the queue between reading and decoding, and sub-buffer
 * parsing with kbuffer.
 */
#ifndef UT_RECORDER_H
#define UT_RECORDER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include <tracefs.h>

#include "decode.h"
#include "event.h"
#include "pageq.h"
#include "reader.h"

/* Sub-buffers queued in memory before the rest spill to disk. */
#define UT_MEM_PAGES	8192
/*
 * Sub-buffers read but not taken by the decoder yet, at most (it only
 * fills when the decoder is blocked, e.g. on output nobody reads).
 */
#define UT_INBOX_PAGES	8192
/*
 * The spill file's limit, MiB (UTRACE_RECORD_SPILL_MB overrides): beyond
 * it sub-buffers are dropped and counted as lost.
 */
#define UT_SPILL_MB	1024
/* Page buffers kept for reuse, at most. */
#define UT_POOL_PAGES	1024
/*
 * The decoder has not taken the inbox for this long: it is blocked (on
 * output nobody reads), and the readers sleep until it does, whatever
 * the inbox holds.  It takes it at least every 100 ms otherwise.
 */
#define UT_STALL_NS	1000000000LL
/* A partly filled sub-buffer is read at most this often per CPU. */
#define UT_PARTIAL_NS	10000000LL

struct ut_batch {
	struct ut_event *ev;
	size_t n;
	size_t cap;
};

void ut_batch_push(struct ut_batch *b, const struct ut_event *ev);
/* The next free event of b (not counted until the caller does b->n++). */
struct ut_event *ut_batch_slot(struct ut_batch *b);
/*
 * b->ev[from..mid) is in time order: put b->ev[from..n) in time order,
 * touching only the held events newer than the first new one.
 */
void ut_batch_merge(struct ut_batch *b, size_t from, size_t mid);
void ut_batch_free(struct ut_batch *b);

struct kbuffer;

struct ut_inbox {
	struct ut_qent *e;
	size_t n, cap;
};

struct ut_rec {
	struct tracefs_instance *inst;
	char name[64];
	struct tep_handle *tep;
	struct ut_decoder dec;
	int ncpus;
	struct tracefs_cpu **tcpu;
	int *cpu_fd;			/* per_cpu/cpuN/trace_pipe_raw, -1 */
	struct kbuffer *kbuf;
	void *page;
	int page_size;
	long long lost_known;		/* sum of counted losses */
	int lost_unknown;		/* sub-buffers with an unknown loss */
	/* --dat FILE.dat: raw sub-buffers go to FILE.dat.cpuN */
	int *raw_fd;			/* per CPU, -1 when not open */
	char *raw_prefix;		/* "FILE.dat" */
	int raw_errno;			/* first write error, 0 if none */
	/* Sub-buffers read but not decoded yet. */
	struct ut_pageq pq;		/* the decoder's */
	struct ut_inbox inbox;		/* read, not yet in pq (r->lock) */
	struct ut_inbox spare;		/* swapped with inbox by the decoder */
	pthread_mutex_t lock;		/* inbox, between reader and decoder */
	/*
	 * Page buffers go round: decoded ones collect in done (decoder
	 * only), move to pool in collect(), and the reader takes them from
	 * there (under lock) instead of calling malloc for every page.
	 */
	void **done, **pool;
	size_t ndone, npool;
	pthread_cond_t queued;		/* signalled on every hand-over */
	/*
	 * Broadcast when the decoder empties the inbox (and at stop): a
	 * reader that found it full sleeps here, not in a poll() of a
	 * readable buffer it would not read.
	 */
	pthread_cond_t room;
	int waiting;			/* readers waiting on room */
	long long last_collect;		/* mono ns of the decoder's last take */
	/* A thread per CPU reads (read_cpu()) while the main thread decodes. */
	struct ut_readers readers;
	long long *lost_cpu;		/* per CPU: counted losses */
	/*
	 * Sub-buffers the queue dropped (spill file full or failing):
	 * their events, and per CPU what is still to be reported in a
	 * LOST event (drop_ts: the first one's time, drop_unknown: a
	 * count is unknown).
	 */
	long long dropped_events;
	long long *drop_n;
	unsigned long long *drop_ts;
	bool *drop_unknown;
	long long *last_partial;	/* per CPU: last partial read, ns */
	/*
	 * Per CPU, in trace clock units: every event of the CPU older than
	 * this has been handed over (the first time stamp of the newest
	 * sub-buffer read, or a little before a read that found the
	 * buffer empty).  Written by the CPU's reader, read by the merge.
	 */
	unsigned long long *read_mark;
	bool raw_only;			/* raw only (-q --dat): spliced */
	bool notrace_self;		/* system-wide: not our own tasks */
	bool mono_only;			/* --dat: trace_clock mono only */
	bool sig_instance;		/* the compat -sig instance */
};

/*
 * tracefs is mounted (or can be) and instances can be made there; else
 * -1 with a message.
 */
int ut_rec_check_tracefs(void);
/* True when this kernel has the native utrace event system. */
bool ut_native_available(void);

/*
 * Choose the trace clock of every instance (traceclock.h) from the
 * clocks this kernel offers; mono_only with --dat.  False with a message
 * when UTRACE_RECORD_CLOCK asks for one that cannot be used.
 */
bool ut_rec_choose_clock(bool mono_only);
/* Build the event parser for a mode; < 0 with a message on failure. */
int ut_rec_load_events(struct ut_rec *r, enum ut_mode mode);
/*
 * Create instance r->name (utrace-record-PID when empty), tracing off;
 * < 0 on failure.
 */
int ut_rec_create(struct ut_rec *r, size_t buf_kb);
/* Write a file of the instance; < 0 on failure. */
int ut_rec_write(struct ut_rec *r, const char *file, const char *val);
/* Enable the tracepoints of mode needed for kind mask; < 0 on failure. */
int ut_rec_enable(struct ut_rec *r, enum ut_mode mode, unsigned int kinds);
/* Enable one event with a filter; < 0 (errno set) on failure. */
int ut_rec_enable_filtered(struct ut_rec *r, const char *sys,
			   const char *event, const char *filter);
void ut_rec_disable(struct ut_rec *r, const char *sys, const char *event);
/*
 * Record only pid's events (with follow, its descendants' too, as they
 * are forked), or with pid 0 everyone's but the recorder's own.  < 0
 * with a message on failure.
 */
int ut_rec_filter_pid(struct ut_rec *r, int pid, bool follow);
/* Tracing on, < 0 (errno set) on failure; off. */
int ut_rec_start(struct ut_rec *r);
void ut_rec_stop(struct ut_rec *r);
int ut_rec_open_cpus(struct ut_rec *r);
/*
 * Copy every sub-buffer read from now on to PREFIX.cpuN (one file per
 * possible CPU, empty for offline ones), whole pages, for the trace.dat
 * writer (datfile.c).  Call after ut_rec_open_cpus; < 0 on failure.
 */
int ut_rec_raw_open(struct ut_rec *r, const char *prefix);
/* Close the per-CPU files; with unlink_them, also delete them. */
void ut_rec_raw_close(struct ut_rec *r, bool unlink_them);
/*
 * Raw only (raw_only), after tracing is off: move what is left, the
 * partly filled sub-buffers too (padded), to the FILE.cpuN files.
 */
void ut_rec_flush_raw(struct ut_rec *r);
/* Number of queued, not yet decoded sub-buffers. */
size_t ut_rec_queued(struct ut_rec *r);
/*
 * The earliest time stamp of a queued sub-buffer: no event still to be
 * decoded is older.  False when nothing is queued.
 */
bool ut_rec_queued_min_ts(struct ut_rec *r, unsigned long long *ts);
/*
 * The time (ns, as event times) before which every CPU's events have
 * been read: a reader late to read a CPU holds back the others' newer
 * events, so the merged order is the time order.  0 until each reader
 * has looked once.  Take it before decoding what is queued.
 */
unsigned long long ut_rec_read_mark(struct ut_rec *r);
/* Decode up to max_pages queued sub-buffers (0: all) into out. */
void ut_rec_decode(struct ut_rec *r, struct ut_batch *out, size_t max_pages);
/* overrun + dropped events of one CPU, from its stats file. */
long long ut_rec_cpu_lost(struct ut_rec *r, int cpu);
/*
 * Start a reader thread per CPU: from now on they alone read (or splice)
 * the CPU buffers, waking at buffer_percent, so that decoding and
 * printing never delay reading.  System-wide (ut_rec_filter_pid with
 * pid 0), their thread ids join set_event_notrace_pid: call it before
 * tracing is on.  < 0 if they cannot be started.
 */
int ut_rec_reader_start(struct ut_rec *r);
/*
 * Tracing must be off: the readers read everything left and exit.
 * Safe to call when they were never started.
 */
void ut_rec_reader_stop(struct ut_rec *r);
/* Wait until something is queued, at most timeout_ms. */
void ut_rec_wait_queued(struct ut_rec *r, int timeout_ms);
/* Sum of overrun and dropped events over the per-CPU stats files. */
void ut_rec_stats(struct ut_rec *r, long long *overrun, long long *dropped);
/* Close readers, destroy the instance. Safe to call more than once. */
void ut_rec_destroy(struct ut_rec *r);

#endif
