// SPDX-License-Identifier: GPL-2.0
/*
 * utrace-record - record process events system-wide through tracefs and
 * print them in utrace vocabulary.
 *
 * Exit status: COMMAND's status when a command is run (128+signal when
 * it was killed), else 0; 1 on runtime errors; 2 on usage errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <tracefs.h>

#include "datfile.h"
#include "format.h"
#include "names.h"
#include "perfetto.h"
#include "procs.h"
#include "recorder.h"
#include "summary.h"

#define EXIT_USAGE	2
#define POLL_MS		100		/* longest wait between read rounds */
#define EMIT_NS		20000000LL	/* sort and print at most this often */
/*
 * Events this recent wait a round: an idle CPU's partly filled
 * sub-buffer is read only every UT_PARTIAL_NS (plus the reader's poll
 * period), so its events can be that old when they arrive.
 */
#define HOLD_NS		(3 * UT_PARTIAL_NS)

struct opts {
	unsigned int mask;
	int pid;
	bool follow;
	const char *comm;
	double duration;
	size_t buf_kb;
	const char *out;	/* --output: text/JSON lines */
	const char *dat;	/* -o: trace.dat */
	const char *perfetto;	/* --perfetto: Chrome trace-event JSON */
	bool json;
	bool summary;
	bool quiet;		/* -q: no lines */
	int mode;		/* -1 auto */
	char **cmd;
};

static volatile sig_atomic_t stop_sig;
static struct ut_rec rec;
static pid_t child_pid;
static int child_go_fd = -1;
static const char *dat_pending;	/* -o file to delete if we fail */
static const char *pf_pending;	/* --perfetto file to delete if we fail */

static void on_signal(int sig)
{
	stop_sig = sig;
}

/* Safety net for every exit path: never leave the instance behind. */
static void cleanup(void)
{
	if (child_go_fd >= 0) {
		/* Setup failed: the blocked child sees EOF and exits. */
		close(child_go_fd);
		child_go_fd = -1;
		if (child_pid > 0)
			waitpid(child_pid, NULL, 0);
	}
	ut_rec_destroy(&rec);
	if (dat_pending) {
		unlink(dat_pending);
		dat_pending = NULL;
	}
	if (pf_pending) {
		unlink(pf_pending);
		pf_pending = NULL;
	}
}

static void usage(FILE *f)
{
	fputs(
"Usage: utrace-record [options] [-- COMMAND [ARGS...]]\n"
"\n"
"Record process events (clone, exec, exit, signals, syscalls, ...) through\n"
"tracefs and print them one per line.  With COMMAND, record it and its\n"
"descendants and exit with its exit status; otherwise record the whole\n"
"system (or -p PID) until -d SECONDS pass or Ctrl-C.\n"
"\n"
"Options:\n"
"  -e, --events LIST    comma-separated events to print: clone, vfork_done,\n"
"                       exec, exit, death, reap, syscall_entry, syscall_exit,\n"
"                       signal, jctl, or all.  Default: all but syscalls.\n"
"  -p, --pid PID        record only this pid (it must exist)\n"
"      --follow         with -p, also record its future descendants\n"
"      --comm NAME      print only events of tasks named NAME\n"
"  -d, --duration SECS  stop after SECS seconds (fractions allowed)\n"
"  -b, --buffer KB      ring buffer size per CPU in KiB (default 4096)\n"
"      --output FILE    write the lines to FILE instead of standard output\n"
"      --json           one JSON object per line (see utrace-record(1))\n"
"  -o, --dat FILE.dat   also write a trace.dat for trace-cmd report and\n"
"                       KernelShark (every record of the instance is kept)\n"
"      --perfetto FILE.json\n"
"                       also write Chrome trace-event JSON for the Perfetto\n"
"                       UI: a track per task, its lifetime as a slice, the\n"
"                       printed events as instants\n"
"  -q, --quiet          print no event lines; with --dat and neither --summary\n"
"                       nor --perfetto, nothing is decoded: sub-buffers\n"
"                       are only spliced to the file (like trace-cmd record)\n"
"      --summary        at the end, a table of processes and event counts\n"
"      --mode MODE      native (utrace events) or compat (mainline\n"
"                       tracepoints); default: native when the kernel has it\n"
"  -h, --help           this text\n"
"\n"
"Text lines read:  TIME comm[pid] event details\n"
"  12.345678 sh[1234] clone child=1235 flags=CLONE_VM|CLONE_VFORK\n"
"  12.345901 true[1235] exec /bin/true\n"
"  12.346120 true[1235] exit status=0\n"
"Lost ring-buffer records are reported inline (LOST N events on cpu C)\n"
"and summed up on standard error at the end.\n"
"\n"
"Exit status: COMMAND's (128+N if killed by signal N), else 0;\n"
"1 on runtime errors (including a file that cannot be written),\n"
"2 on usage errors.  Needs root (tracefs).  See utrace-record(1).\n", f);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("utrace-record: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'utrace-record --help'.\n", stderr);
	exit(EXIT_USAGE);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
fatal(const char *fmt, ...)
{
	va_list ap;

	fputs("utrace-record: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_FAILURE);
}

static bool parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	enum { OPT_FOLLOW = 256, OPT_COMM, OPT_JSON, OPT_SUMMARY, OPT_MODE,
	       OPT_OUTPUT, OPT_PERFETTO, OPT_DAT };
	static const struct option lopts[] = {
		{ "events",	required_argument, NULL, 'e' },
		{ "pid",	required_argument, NULL, 'p' },
		{ "follow",	no_argument,	   NULL, OPT_FOLLOW },
		{ "comm",	required_argument, NULL, OPT_COMM },
		{ "duration",	required_argument, NULL, 'd' },
		{ "buffer",	required_argument, NULL, 'b' },
		{ "output",	required_argument, NULL, OPT_OUTPUT },
		{ "perfetto",	required_argument, NULL, OPT_PERFETTO },
		{ "dat",	required_argument, NULL, OPT_DAT },
		{ "json",	no_argument,	   NULL, OPT_JSON },
		{ "summary",	no_argument,	   NULL, OPT_SUMMARY },
		{ "mode",	required_argument, NULL, OPT_MODE },
		{ "quiet",	no_argument,	   NULL, 'q' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *bad;
	char *end;
	long v;
	int c;

	memset(o, 0, sizeof(*o));
	o->mask = UT_KINDS_DEFAULT;
	o->buf_kb = 4096;
	o->mode = -1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:e:p:d:b:o:qh", lopts, NULL)) != -1) {
		switch (c) {
		case 'e':
			if (ut_parse_event_list(optarg, &o->mask, &bad))
				usage_error("unknown event '%s' in -e %s", bad,
					    optarg);
			break;
		case 'p':
			if (!parse_long(optarg, 1, INT_MAX, &v))
				usage_error("-p needs a process id, not '%s'",
					    optarg);
			o->pid = v;
			break;
		case OPT_FOLLOW:
			o->follow = true;
			break;
		case OPT_COMM:
			if (!optarg[0])
				usage_error("--comm needs a name");
			o->comm = optarg;
			break;
		case 'd':
			errno = 0;
			o->duration = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(o->duration > 0) ||
			    o->duration > 1e9)
				usage_error("-d needs a positive number of seconds, not '%s'",
					    optarg);
			break;
		case 'b':
			if (!parse_long(optarg, 4, 16L * 1024 * 1024, &v))
				usage_error("-b needs a size in KiB (4 or more), not '%s'",
					    optarg);
			o->buf_kb = v;
			break;
		case 'o':
		case OPT_DAT:
			o->dat = optarg;
			break;
		case OPT_OUTPUT:
			o->out = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case OPT_PERFETTO:
			o->perfetto = optarg;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_SUMMARY:
			o->summary = true;
			break;
		case OPT_MODE:
			if (!strcmp(optarg, "native"))
				o->mode = UT_MODE_NATIVE;
			else if (!strcmp(optarg, "compat"))
				o->mode = UT_MODE_COMPAT;
			else
				usage_error("--mode is native or compat, not '%s'",
					    optarg);
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_SUCCESS);
		case ':':
			usage_error("option '%s' needs an argument",
				    argv[optind - 1]);
		default:
			usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		o->cmd = &argv[optind];
	else if (optind > 1 && !strcmp(argv[optind - 1], "--"))
		usage_error("no COMMAND after '--'");
	if (o->cmd && o->pid)
		usage_error("-p and COMMAND cannot be combined");
	if (o->follow && !o->pid && !o->cmd)
		usage_error("--follow needs -p PID");
}

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void check_tracefs(void)
{
	const char *dir = NULL;
	char path[PATH_MAX];

	if (!tracefs_tracing_dir_is_mounted(true, &dir) || !dir)
		fatal("tracefs is not mounted and cannot be mounted (try: mount -t tracefs nodev /sys/kernel/tracing)");
	snprintf(path, sizeof(path), "%s/instances", dir);
	if (access(path, W_OK))
		fatal("cannot use %s: %s (root needed)", path, strerror(errno));
}

/* Fork COMMAND, stopped on a pipe until tracing is set up. */
static void start_command(char **cmd)
{
	int pfd[2];
	char c;

	if (pipe2(pfd, O_CLOEXEC))
		fatal("pipe: %s", strerror(errno));
	fflush(NULL);
	child_pid = fork();
	if (child_pid < 0)
		fatal("fork: %s", strerror(errno));
	if (!child_pid) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		close(pfd[1]);
		if (read(pfd[0], &c, 1) != 1)
			_exit(127);	/* the recorder gave up */
		execvp(cmd[0], cmd);
		fprintf(stderr, "utrace-record: cannot run %s: %s\n", cmd[0],
			strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(pfd[0]);
	child_go_fd = pfd[1];
}

static void release_command(void)
{
	if (write(child_go_fd, "g", 1) != 1)
		fatal("cannot start command: %s", strerror(errno));
	close(child_go_fd);
	child_go_fd = -1;
}

struct out_state {
	FILE *f;
	const struct opts *o;
	struct ut_procs procs;
	struct ut_counts counts;
	struct sbuf sb;
	bool child_reaped;
	int child_status;
	uint64_t last_ts;		/* newest event printed */
	int hot_pid;			/* apply(): the task of the last call */
	struct ut_proc *hot;		/* its entry (or of the last event) */
	bool write_failed;
	FILE *pf_file;			/* --perfetto, NULL without */
	struct ut_perfetto pf;
};

#define OUT_BATCH	65536

/* Write the lines collected in s->sb. */
static void out_flush(struct out_state *s)
{
	if (s->sb.len && !s->write_failed &&
	    fwrite(s->sb.buf, 1, s->sb.len, s->f) != s->sb.len)
		s->write_failed = true;
	sb_reset(&s->sb);
}

static bool wanted(struct out_state *s, const struct ut_event *ev)
{
	if (ev->kind == UT_LOST)
		return true;
	if (ev->kind >= UT_NR_KINDS || !(s->o->mask & UT_KIND_BIT(ev->kind)))
		return false;
	if (s->o->comm && strcmp(s->o->comm, ev->comm))
		return false;
	return true;
}

/*
 * ut_procs_apply, with a shortcut for a run of one task's system calls:
 * they only need its name, and the table changes only on other events
 * (or a new pid), so the entry found for the previous call still holds.
 */
static struct ut_proc *apply(struct out_state *s, struct ut_event *ev)
{
	bool call = ev->kind == UT_SYSCALL_ENTRY ||
		    ev->kind == UT_SYSCALL_EXIT;

	if (call && ev->pid > 0 && ev->pid == s->hot_pid) {
		memcpy(ev->comm, s->hot->comm, sizeof(ev->comm));
		return s->hot;
	}
	ut_procs_apply(&s->procs, ev);
	s->hot_pid = 0;
	s->hot = ut_procs_find(&s->procs, ev->pid);
	if (call && s->hot && s->hot->comm[0])
		s->hot_pid = ev->pid;
	return s->hot;
}

static void emit(struct out_state *s, struct ut_event *ev)
{
	struct ut_proc *p, *self;

	self = apply(s, ev);
	if (ev->ts > s->last_ts)
		s->last_ts = ev->ts;
	/*
	 * The exit of COMMAND: the wait status is exact, better than what
	 * compat mode can infer.  group_dead means it is about to be a
	 * zombie, so the wait is short.
	 */
	if (ev->kind == UT_EXIT && child_pid > 0 && ev->pid == child_pid &&
	    !s->child_reaped && ev->exit.group_dead == 1 &&
	    waitpid(child_pid, &s->child_status, 0) == child_pid) {
		s->child_reaped = true;
		ev->exit.code_known = true;
		ev->exit.code = s->child_status;
		p = ut_procs_find(&s->procs, ev->pid);
		if (p) {
			p->exit_known = true;
			p->exit_code = s->child_status;
		}
	}
	if (s->pf_file && (ev->kind < UT_NR_KINDS || ev->kind == UT_LOST))
		ut_perfetto_track(&s->pf, ev);
	if (!wanted(s, ev))
		return;
	if (s->pf_file)
		ut_perfetto_instant(&s->pf, ev);
	if (ev->kind < UT_NR_KINDS) {
		/* Only clone adds entries, and it is not a call: self holds. */
		p = ev->kind == UT_CLONE ? ut_procs_find(&s->procs, ev->pid) :
		    self;
		if (p)
			p->seen = true;
		if (ev->kind == UT_CLONE) {
			p = ut_procs_find(&s->procs, ev->clone.child_pid);
			if (p)
				p->seen = true;
		}
	}
	s->counts.n[ev->kind]++;
	if (s->o->quiet)
		return;
	/* Lines collect in s->sb and go out in large writes. */
	if (s->o->json)
		ut_format_json(&s->sb, ev);
	else
		ut_format_text(&s->sb, ev);
	if (s->sb.len >= OUT_BATCH)
		out_flush(s);
}

/*
 * Reading only queues raw sub-buffers (ut_rec_read); decoding, sorting
 * and printing happen here in steps, so that a backlog of formatting
 * never keeps the recorder from reading the ring buffers: the loop
 * reads, prints at most EMIT_CHUNK events, and reads again.  A cycle
 * decodes up to DECODE_PAGES queued sub-buffers, sorts them with the
 * held tail of the previous cycle once, and prints out[cur..cut): the
 * events older than both the limit and every still queued sub-buffer.
 */
struct emitter {
	struct ut_batch out;
	size_t cur, cut;
};

#define EMIT_CHUNK	4096
#define DECODE_PAGES	64

/*
 * Print up to max events (all when max is 0) older than limit (all when
 * limit < 0).  Returns true while there is work left (printable events
 * or queued sub-buffers).
 */
static bool emit_some(struct out_state *s, struct emitter *e, long long limit,
		      size_t max)
{
	struct ut_batch *b = &e->out;
	unsigned long long qts;
	size_t i, end;

	if (e->cur == e->cut) {
		size_t held, lo, hi;

		/*
		 * New cycle: the held events (sorted) + newly decoded ones,
		 * merged.  The printed front is dropped only once it is half
		 * the batch: moving the held events every cycle cost as
		 * much as printing them.
		 */
		if (e->cur && e->cur >= b->n / 2) {
			memmove(b->ev, b->ev + e->cur,
				(b->n - e->cur) * sizeof(*b->ev));
			b->n -= e->cur;
			e->cur = 0;
		}
		held = b->n;
		ut_rec_decode(&rec, b, max ? DECODE_PAGES : 0);
		ut_batch_merge(b, e->cur, held);
		if (ut_rec_queued_min_ts(&rec, &qts) &&
		    (limit < 0 || qts < (unsigned long long)limit))
			limit = qts;
		/* The first event at or after limit. */
		lo = e->cur;
		hi = b->n;
		while (limit >= 0 && lo < hi) {
			i = lo + (hi - lo) / 2;
			if ((long long)b->ev[i].ts < limit)
				lo = i + 1;
			else
				hi = i;
		}
		e->cut = limit >= 0 ? lo : b->n;
	}
	end = max && e->cut - e->cur > max ? e->cur + max : e->cut;
	for (i = e->cur; i < end && !s->write_failed; i++) {
		emit(s, &b->ev[i]);
		ut_event_clear(&b->ev[i]);
	}
	e->cur = end;
	out_flush(s);
	if (fflush(s->f) || ferror(s->f))
		s->write_failed = true;
	return e->cur < e->cut || ut_rec_queued(&rec) ||
	       (limit < 0 && e->cut < b->n);
}

static void emitter_free(struct emitter *e)
{
	size_t i;

	for (i = e->cur; i < e->out.n; i++)
		ut_event_clear(&e->out.ev[i]);
	free(e->out.ev);
	memset(e, 0, sizeof(*e));
}

static void write_summary(struct out_state *s)
{
	out_flush(s);
	if (s->o->json)
		ut_summary_json(&s->sb, &s->procs, &s->counts, s->o->mask);
	else
		ut_summary_text(&s->sb, &s->procs, &s->counts, s->o->mask);
	if (fwrite(sb_str(&s->sb), 1, s->sb.len, s->f) != s->sb.len ||
	    fflush(s->f))
		s->write_failed = true;
}

/*
 * The stream reports what sub-buffers said they missed; the kernel's
 * per-CPU stats also count losses no sub-buffer carried (an unknown
 * count, drops, a loss after the last read).  The difference is printed
 * as one more LOST line per CPU, so the lines add up to the kernel's.
 */
static void emit_kernel_loss(struct out_state *s)
{
	struct ut_event ev;
	long long k;
	int cpu;

	for (cpu = 0; cpu < rec.ncpus; cpu++) {
		k = ut_rec_cpu_lost(&rec, cpu) - rec.lost_cpu[cpu];
		if (k <= 0)
			continue;
		memset(&ev, 0, sizeof(ev));
		ev.kind = UT_LOST;
		ev.ts = s->last_ts;
		ev.cpu = cpu;
		ev.lost.count = k;
		rec.lost_cpu[cpu] += k;
		rec.lost_known += k;
		emit(s, &ev);
	}
	out_flush(s);
	if (fflush(s->f))
		s->write_failed = true;
}

static void report_loss(void)
{
	long long overrun, dropped;

	ut_rec_stats(&rec, &overrun, &dropped);
	if (!rec.lost_known && !rec.lost_unknown && !overrun && !dropped)
		return;
	if (rec.no_queue)
		fprintf(stderr, "utrace-record: lost events: %lld "
			"(kernel per-CPU stats: overrun %lld, dropped %lld; "
			"try a larger -b)\n", overrun + dropped, overrun,
			dropped);
	else
		fprintf(stderr, "utrace-record: lost events: %lld reported in "
			"the stream (kernel per-CPU stats: overrun %lld, "
			"dropped %lld; try a larger -b)\n", rec.lost_known,
			overrun, dropped);
}

static const char compat_note[] =
	"utrace-record: compat mode (no utrace events in this kernel): "
	"death, jctl and vfork_done are not available; exit codes come only "
	"from exit/exit_group syscalls and fatal signals; signal dispositions "
	"are inferred from the handler; clone flags and signal senders are "
	"unknown\n";

int main(int argc, char **argv)
{
	struct out_state s = { 0 };
	struct emitter em = { 0 };
	bool busy = false;
	struct sigaction sa;
	struct opts o;
	unsigned int kinds;
	long long start, now, last_emit;
	enum ut_mode mode;
	int status = EXIT_SUCCESS;
	bool pf_status_failed = false;
	char buf[32];

	parse_args(argc, argv, &o);
	s.o = &o;

	check_tracefs();
	if (o.mode == UT_MODE_NATIVE && !ut_native_available())
		fatal("native mode: this kernel has no utrace events (events/utrace)");
	mode = o.mode >= 0 ? (enum ut_mode)o.mode :
	       ut_native_available() ? UT_MODE_NATIVE : UT_MODE_COMPAT;
	if (o.pid && kill(o.pid, 0) && errno == ESRCH)
		fatal("no process with pid %d", o.pid);
	s.f = stdout;
	if (o.out) {
		s.f = fopen(o.out, "we");
		if (!s.f)
			fatal("cannot write %s: %s", o.out, strerror(errno));
	}
	if (o.dat) {
		int fd;

		/* Fail now, not after the recording, if it cannot be written. */
		fd = open(o.dat, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0)
			fatal("cannot write %s: %s", o.dat, strerror(errno));
		close(fd);
		dat_pending = o.dat;
	}
	if (o.perfetto) {
		s.pf_file = fopen(o.perfetto, "we");
		if (!s.pf_file)
			fatal("cannot write %s: %s", o.perfetto, strerror(errno));
		pf_pending = o.perfetto;
		ut_perfetto_init(&s.pf, s.pf_file);
	}
	if (mode == UT_MODE_COMPAT)
		fputs(compat_note, stderr);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	atexit(cleanup);

	if (ut_rec_load_events(&rec, mode) < 0)
		exit(EXIT_FAILURE);
	if (ut_rec_create(&rec, o.buf_kb) < 0)
		exit(EXIT_FAILURE);

	/* Names and compat exit codes need more than what is printed. */
	kinds = o.mask;
	if (o.summary || o.perfetto)
		kinds |= UT_KIND_BIT(UT_CLONE) | UT_KIND_BIT(UT_EXEC) |
			 UT_KIND_BIT(UT_EXIT);
	if (ut_rec_enable(&rec, mode, kinds) < 0)
		exit(EXIT_FAILURE);

	if (o.cmd) {
		start_command(o.cmd);
		o.pid = child_pid;
		o.follow = true;
	}
	if (o.pid) {
		snprintf(buf, sizeof(buf), "%d", o.pid);
		if (ut_rec_write(&rec, "set_event_pid", buf) < 0)
			fatal("cannot filter on pid %d: %s", o.pid,
			      strerror(errno));
		if (o.follow &&
		    tracefs_option_enable(rec.inst, TRACEFS_OPTION_EVENT_FORK) < 0)
			fatal("cannot enable option event-fork: %s",
			      strerror(errno));
	} else {
		/* System-wide: do not trace our own reads. */
		snprintf(buf, sizeof(buf), "%d", (int)getpid());
		ut_rec_write(&rec, "set_event_notrace_pid", buf);
	}
	if (ut_rec_open_cpus(&rec) < 0)
		exit(EXIT_FAILURE);
	if (o.dat && ut_rec_raw_open(&rec, o.dat) < 0)
		exit(EXIT_FAILURE);
	/* Raw only: nothing needs the events decoded. */
	rec.no_queue = o.quiet && o.dat && !o.summary && !o.perfetto;

	/*
	 * The reader runs (and has its priority) before any event: a thread
	 * started later may wait behind a busy CPU's tasks while the first
	 * events fill the buffer.
	 */
	if (ut_rec_reader_start(&rec) < 0)
		fatal("cannot start the reader thread: %s", strerror(errno));
	ut_procs_init(&s.procs, true);
	if (tracefs_trace_on(rec.inst) < 0)
		fatal("cannot start tracing: %s", strerror(errno));
	ut_procs_seed(&s.procs);
	if (o.cmd)
		release_command();

	start = last_emit = mono_ns();
	while (!stop_sig && !s.write_failed) {
		long long round;

		/*
		 * The reader thread wakes when a CPU buffer is 1% full
		 * (buffer_percent) and queues everything there is.  Sorting
		 * and printing wait for EMIT_NS to pass, so a busy producer
		 * does not make every short round re-sort the held events;
		 * with a backlog (busy), print the next chunk at once.
		 */
		if (!busy) {
			long long left = last_emit + EMIT_NS - mono_ns();

			if (!ut_rec_queued(&rec))
				ut_rec_wait_queued(&rec, POLL_MS);
			else if (left > 0)
				nanosleep(&(struct timespec){ 0, left }, NULL);
		}
		round = mono_ns();
		if (busy || round - last_emit >= EMIT_NS) {
			busy = emit_some(&s, &em, round - HOLD_NS, EMIT_CHUNK);
			last_emit = round;
		}
		if (o.cmd && !s.child_reaped &&
		    waitpid(child_pid, &s.child_status, WNOHANG) == child_pid)
			s.child_reaped = true;
		if (s.child_reaped)
			break;
		now = mono_ns();
		if (o.duration > 0 && now - start >= o.duration * 1e9)
			break;
	}

	/* Stop, then drain until no CPU has anything left. */
	tracefs_trace_off(rec.inst);
	ut_rec_reader_stop(&rec);
	if (rec.no_queue)
		ut_rec_flush_raw(&rec);
	while (!s.write_failed && emit_some(&s, &em, -1, EMIT_CHUNK))
		;
	if (!rec.no_queue && !s.write_failed)
		emit_kernel_loss(&s);
	emitter_free(&em);
	if (o.summary && !s.write_failed)
		write_summary(&s);
	report_loss();
	if (s.pf_file) {
		int err = ut_perfetto_finish(&s.pf) ? errno : 0;

		if (fclose(s.pf_file) && !err)
			err = errno ? errno : EIO;
		s.pf_file = NULL;
		ut_perfetto_free(&s.pf);
		if (err) {
			fprintf(stderr, "utrace-record: cannot write %s: %s\n",
				o.perfetto, strerror(err));
			pf_status_failed = true;
		} else {
			pf_pending = NULL;	/* keep it */
		}
	}

	if (s.write_failed && errno != EPIPE) {
		fprintf(stderr, "utrace-record: write error: %s\n",
			strerror(errno));
		status = EXIT_FAILURE;
	} else if (o.cmd) {
		if (!s.child_reaped &&
		    waitpid(child_pid, &s.child_status, WNOHANG) == child_pid)
			s.child_reaped = true;
		if (!s.child_reaped)
			status = 128 + (stop_sig ? stop_sig : SIGTERM);
		else if (WIFSIGNALED(s.child_status))
			status = 128 + WTERMSIG(s.child_status);
		else
			status = WEXITSTATUS(s.child_status);
	}
	if (s.f != stdout && fclose(s.f) && status == EXIT_SUCCESS)
		status = EXIT_FAILURE;
	if (pf_status_failed)
		status = EXIT_FAILURE;
	ut_procs_free(&s.procs);
	sb_free(&s.sb);

	if (o.dat) {
		struct ut_dat_src src = {
			.inst = rec.inst,
			.tps = mode == UT_MODE_NATIVE ? ut_native_tps :
			       ut_compat_tps,
			.ncpus = rec.ncpus,
			.cpu_fd = rec.raw_fd,
			.page_size = rec.page_size,
		};
		int err = rec.raw_errno;

		if (!err && ut_dat_write(o.dat, &src) < 0)
			err = errno;
		/* Incomplete data is dropped; else kept for a retry by hand. */
		ut_rec_raw_close(&rec, !err || rec.raw_errno);
		if (err) {
			fprintf(stderr, "utrace-record: cannot write %s: %s\n",
				o.dat, strerror(err));
			status = EXIT_FAILURE;
		} else {
			dat_pending = NULL;	/* keep it */
		}
	}
	ut_rec_destroy(&rec);
	return status;
}
