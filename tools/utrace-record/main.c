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

#include "calls.h"
#include "child.h"
#include "datfile.h"
#include "format.h"
#include "inject.h"
#include "input.h"
#include "instances.h"
#include "names.h"
#include "perfetto.h"
#include "procs.h"
#include "recorder.h"
#include "sigtarget.h"
#include "sysset.h"
#include "timefmt.h"
#include "tree.h"
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
#define GRACE_NS	500000000LL	/* the tree's rest, after COMMAND ended */
#define CMD_GRACE_MS	2000		/* COMMAND's time to go after SIGTERM */

struct opts {
	unsigned int shown_kinds;
	int pid;
	bool follow;
	const char *comm;
	double duration;
	size_t buf_kb;
	const char *out;	/* -o, --output: text/JSON lines */
	const char *dat;	/* --dat: trace.dat */
	const char *perfetto;	/* --perfetto: Chrome trace-event JSON */
	bool json;
	bool summary;
	bool tree;		/* --tree */
	bool quiet;		/* -q: no lines */
	int mode;		/* -1 auto */
	bool reset;		/* --reset: remove stale instances, exit */
	int time_mode;		/* -t, -r: enum ut_time_mode */
	bool events_given;	/* -e with an event list */
	struct ut_sysset sysset;	/* -e trace=SET */
	bool failed_calls;	/* -Z: failed syscalls only */
	bool failed_exits;	/* -x: exits with a failure only */
	const char *input;	/* -i: read this trace.dat, do not trace */
	bool inject_dry_run;	/* --inject-dry-run: print the rules, exit */
	char **cmd;
};

/* One recording (or -i replay): what the signal handler and exit see. */
struct session {
	volatile sig_atomic_t stop_sig;
	volatile sig_atomic_t stop_from_tty;
	struct ut_rec rec;
	struct ut_rec sig_rec;	/* compat -p/COMMAND: signal_generate */
	struct ut_child child;
	struct ut_inject inj;	/* -e inject=, -e fault= */
	const char *dat_pending;	/* --dat file to delete if we fail */
	const char *pf_pending;	/* --perfetto file to delete if we fail */
};

static struct session sess = { .child = { .go_fd = -1 } };

/* The second instance (compat with a tree) is open and read. */
static bool sig_rec_on(void)
{
	return sess.sig_rec.inst && sess.sig_rec.tcpu;
}

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	sess.stop_sig = sig;
	/* The terminal signals the whole foreground group, COMMAND too. */
	sess.stop_from_tty = si && si->si_code == SI_KERNEL;
}

/* Safety net for every exit path: never leave the instance behind. */
static void cleanup(void)
{
	/* Setup failed: the held child sees EOF and exits. */
	ut_child_abort(&sess.child);
	ut_rec_destroy(&sess.sig_rec);
	ut_rec_destroy(&sess.rec);
	if (sess.dat_pending) {
		unlink(sess.dat_pending);
		sess.dat_pending = NULL;
	}
	if (sess.pf_pending) {
		unlink(sess.pf_pending);
		sess.pf_pending = NULL;
	}
}

static void usage(FILE *f)
{
	fputs(
"Usage: utrace-record [options] [-- COMMAND [ARGS...]]\n"
"\n"
"Record process events (clone, exec, exit, signals, syscalls, ...) through\n"
"tracefs and print them one per line.  With COMMAND, record it and all\n"
"its descendants until the whole tree has ended, and exit with its exit\n"
"status (signals to the recorder and -d are passed on to COMMAND);\n"
"otherwise record the whole system (or -p PID, until it ends) until\n"
"-d SECONDS pass or Ctrl-C.\n"
"\n"
"Options:\n"
"  -e, --events LIST    comma-separated events to print: clone, vfork_done,\n"
"                       exec, exit, death, reap, syscall_entry, syscall_exit,\n"
"                       signal, jctl, or all.  Default: all but syscalls.\n"
"                       -e trace=SET: only these syscalls, by name or class\n"
"                       (%file %process %network %signal %memory %ipc\n"
"                       %desc), filtered in the kernel; adds syscalls\n"
"                       -e inject=SPEC: inject faults into COMMAND's\n"
"                       calls (strace's syntax, see utrace-record(1)):\n"
"                       SET[:error=ERRNO|:retval=VALUE][:signal=SIG]\n"
"                       [:delay_enter=DELAY][:delay_exit=DELAY][:when=EXPR]\n"
"                       -e fault=SPEC: error= (default ENOSYS) and when=\n"
"                       only.  Both need a utrace-global kernel and show\n"
"                       the injected calls (unless -e trace= is given)\n"
"  -Z, --failed         only syscalls that fail (their exits)\n"
"  -x, --failed-exits   only exits that failed (status other than 0, or a\n"
"                       signal; an unknown status counts as failed)\n"
"  -p, --pid PID        record only this pid (it must exist), until it ends\n"
"      --follow         with -p, also record its future descendants\n"
"      --comm NAME      print only events of tasks named NAME\n"
"  -d, --duration SECS  stop after SECS seconds (fractions allowed)\n"
"  -b, --buffer KB      ring buffer size per CPU in KiB (default 4096)\n"
"  -o, --output FILE    write the lines to FILE instead of standard output\n"
"      --json           one JSON object per line (see utrace-record(1))\n"
"      --dat FILE.dat   also write a trace.dat for trace-cmd report and\n"
"                       KernelShark (every record of the instance is kept)\n"
"      --perfetto FILE.json\n"
"                       also write Chrome trace-event JSON for the Perfetto\n"
"                       UI: a track per task, its lifetime as a slice, the\n"
"                       printed events as instants\n"
"  -t, --wall-clock     time column: time of day (HH:MM:SS.uuuuuu)\n"
"  -r, --relative       time column: seconds since the recording started\n"
"  -q, --quiet          print no event lines; with --dat and neither --summary\n"
"                       nor --perfetto, nothing is decoded: sub-buffers\n"
"                       are only spliced to the file (like trace-cmd record)\n"
"      --summary        at the end, a table of processes and event counts\n"
"      --tree           at the end, the process tree: who forked what, what\n"
"                       each ran, how and after how long it ended\n"
"      --mode MODE      native (utrace events) or compat (mainline\n"
"                       tracepoints); default: native when the kernel has it\n"
"  -i, --input FILE.dat\n"
"                       read a recording (--dat, or trace-cmd record of the\n"
"                       same events) instead of tracing; with the output\n"
"                       options (-e, --comm, --json, -o, --summary, --tree,\n"
"                       --perfetto, -r, -x)\n"
"      --reset          remove the tracefs instances of recorders that are\n"
"                       no longer running, then exit (done at every start)\n"
"  -h, --help           this text\n"
"\n"
"Text lines read:  TIME comm[pid] event details\n"
"  12.345678 sh[1234] clone child=1235 flags=CLONE_VM|CLONE_VFORK\n"
"  12.345901 true[1235] exec /bin/true\n"
"  12.346120 true[1235] exit status=0\n"
"Lost ring-buffer records are reported inline (LOST N events on cpu C,\n"
"ending \"in the -sig instance\" for compat mode's second instance) and\n"
"summed up on standard error at the end.\n"
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
	       OPT_DAT, OPT_PERFETTO, OPT_RESET, OPT_TREE, OPT_INJECT_DRY_RUN };
	static const struct option lopts[] = {
		{ "events",	required_argument, NULL, 'e' },
		{ "pid",	required_argument, NULL, 'p' },
		{ "follow",	no_argument,	   NULL, OPT_FOLLOW },
		{ "comm",	required_argument, NULL, OPT_COMM },
		{ "duration",	required_argument, NULL, 'd' },
		{ "buffer",	required_argument, NULL, 'b' },
		{ "output",	required_argument, NULL, 'o' },
		{ "dat",	required_argument, NULL, OPT_DAT },
		{ "perfetto",	required_argument, NULL, OPT_PERFETTO },
		{ "json",	no_argument,	   NULL, OPT_JSON },
		{ "summary",	no_argument,	   NULL, OPT_SUMMARY },
		{ "tree",	no_argument,	   NULL, OPT_TREE },
		{ "mode",	required_argument, NULL, OPT_MODE },
		{ "quiet",	no_argument,	   NULL, 'q' },
		{ "reset",	no_argument,	   NULL, OPT_RESET },
		{ "wall-clock",	no_argument,	   NULL, 't' },
		{ "failed",	no_argument,	   NULL, 'Z' },
		{ "failed-exits", no_argument,	   NULL, 'x' },
		{ "input",	required_argument, NULL, 'i' },
		{ "relative",	no_argument,	   NULL, 'r' },
		{ "help",	no_argument,	   NULL, 'h' },
		/* Hidden, for tests: print the fault rules and exit. */
		{ "inject-dry-run", no_argument,   NULL, OPT_INJECT_DRY_RUN },
		{ NULL, 0, NULL, 0 },
	};
	const char *bad;
	char *end;
	long v;
	int c;

	memset(o, 0, sizeof(*o));
	ut_inject_init(&sess.inj);
	o->shown_kinds = UT_KINDS_DEFAULT;
	o->buf_kb = 4096;
	o->mode = -1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:e:p:d:b:o:qhtrZxi:", lopts, NULL)) != -1) {
		switch (c) {
		case 'e':
			if (!strncmp(optarg, "inject=", 7) ||
			    !strncmp(optarg, "fault=", 6)) {
				bool fault = optarg[0] == 'f';
				char err[256];

				if (ut_inject_parse(&sess.inj, optarg + (fault ? 6 : 7),
						    fault, err, sizeof(err)))
					usage_error("-e %s: %s", optarg, err);
				break;
			}
			if (!strncmp(optarg, "trace=", 6)) {
				if (ut_sysset_parse(optarg + 6, &o->sysset, &bad))
					usage_error("unknown syscall or class '%s' in -e %s",
						    bad, optarg);
				break;
			}
			if (ut_parse_event_list(optarg, &o->shown_kinds, &bad))
				usage_error("unknown event '%s' in -e %s", bad,
					    optarg);
			o->events_given = true;
			break;
		case 'Z':
			o->failed_calls = true;
			break;
		case 'x':
			o->failed_exits = true;
			break;
		case 'i':
			o->input = optarg;
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
			o->out = optarg;
			break;
		case OPT_DAT:
			o->dat = optarg;
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
		case OPT_TREE:
			o->tree = true;
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
		case 't':
		case 'r':
			if (o->time_mode)
				usage_error("-t and -r cannot be combined");
			o->time_mode = c == 't' ? UT_TIME_WALL : UT_TIME_REL;
			break;
		case OPT_RESET:
			o->reset = true;
			break;
		case OPT_INJECT_DRY_RUN:
			o->inject_dry_run = true;
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
	if (o->inject_dry_run && !sess.inj.nrules)
		usage_error("--inject-dry-run needs -e inject=SPEC");
	if (sess.inj.nrules && !o->inject_dry_run) {
		if (o->input)
			usage_error("-i reads a recording: -e inject= does not apply");
		if (!o->cmd)
			usage_error("-e inject= and -e fault= need a COMMAND (the rules are for its process tree)");
	}
	/* The calls shown: the injected ones, unless -e trace= says. */
	if (sess.inj.nrules && !o->sysset.any)
		o->sysset = sess.inj.all;
	if (o->follow && !o->pid && !o->cmd)
		usage_error("--follow needs -p PID");
	if (o->input && (o->cmd || o->pid || o->duration > 0 || o->dat ||
			 o->sysset.any || o->failed_calls || o->reset ||
			 o->mode >= 0 || o->follow ||
			 o->time_mode == UT_TIME_WALL))
		usage_error("-i reads a recording: COMMAND, -p, --follow, -d, --dat, -e trace=, -Z, -t, --mode and --reset do not apply");
	/*
	 * A syscall set records syscalls even when -e names none; -Z shows
	 * exits (an entry does not know how the call ends).
	 */
	if ((o->sysset.any || o->failed_calls) &&
	    !(o->shown_kinds & UT_KINDS_SYSCALLS))
		o->shown_kinds |= o->failed_calls ? UT_KIND_BIT(UT_SYSCALL_EXIT) :
			   UT_KINDS_SYSCALLS;
	if (o->failed_calls)
		o->shown_kinds = (o->shown_kinds & ~UT_KIND_BIT(UT_SYSCALL_ENTRY)) |
			  UT_KIND_BIT(UT_SYSCALL_EXIT);
	if (o->out && o->dat && !strcmp(o->out, o->dat))
		usage_error("-o and --dat cannot be the same file (%s)", o->out);
	if (o->perfetto && ((o->out && !strcmp(o->out, o->perfetto)) ||
			    (o->dat && !strcmp(o->dat, o->perfetto))))
		usage_error("--perfetto cannot share its file (%s) with -o or --dat",
			    o->perfetto);
	if (o->reset && (optind != 2 || argc != 2))
		usage_error("--reset takes no other options or COMMAND");
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

struct out_state {
	FILE *f;
	const struct opts *o;
	struct ut_procs procs;
	struct ut_counts counts;
	struct sbuf sb;
	uint64_t last_ts;		/* newest event printed */
	int last_call_pid;			/* track_proc(): the task of the last call */
	struct ut_proc *last_proc;		/* its entry (or of the last event) */
	bool write_failed;
	int write_errno;
	FILE *pf_file;			/* --perfetto, NULL without */
	struct ut_perfetto pf;
	struct ut_calls calls;		/* syscall pairing, -c table */
	bool join;			/* entry and exit both shown: pair */
};

static void write_failed(struct out_state *s)
{
	if (!s->write_failed)
		s->write_errno = errno ? errno : EIO;
	s->write_failed = true;
}

#define OUT_BATCH	65536

/* Write the lines collected in s->sb. */
static void out_flush(struct out_state *s)
{
	if (s->sb.len && !s->write_failed &&
	    fwrite(s->sb.buf, 1, s->sb.len, s->f) != s->sb.len)
		write_failed(s);
	sb_reset(&s->sb);
}

static bool wanted(struct out_state *s, const struct ut_event *ev)
{
	if (ev->kind == UT_LOST)
		return true;
	if (ev->kind >= UT_NR_KINDS || !(s->o->shown_kinds & UT_KIND_BIT(ev->kind)))
		return false;
	if (s->o->comm && strcmp(s->o->comm, ev->comm))
		return false;
	/* exitsnoop -x: failed exits only. */
	if (s->o->failed_exits && ev->kind == UT_EXIT && ev->exit.code_known &&
	    ev->exit.code == 0)
		return false;
	return true;
}

/*
 * ut_procs_apply, with a shortcut for a run of one task's system calls:
 * they only need its name, and the table changes only on other events
 * (or a new pid), so the entry found for the previous call still holds.
 */
static struct ut_proc *track_proc(struct out_state *s, struct ut_event *ev)
{
	bool call = ev->kind == UT_SYSCALL_ENTRY ||
		    ev->kind == UT_SYSCALL_EXIT;

	if (call && ev->pid > 0 && ev->pid == s->last_call_pid) {
		memcpy(ev->comm, s->last_proc->comm, sizeof(ev->comm));
		return s->last_proc;
	}
	ut_procs_apply(&s->procs, ev);
	s->last_call_pid = 0;
	s->last_proc = ut_procs_find(&s->procs, ev->pid);
	if (call && s->last_proc && s->last_proc->comm[0])
		s->last_call_pid = ev->pid;
	return s->last_proc;
}

/* Lines collect in s->sb and go out in large writes. */
static void flush_if_full(struct out_state *s)
{
	if (s->sb.len >= OUT_BATCH)
		out_flush(s);
}

static void put_line(struct out_state *s, const struct ut_event *ev)
{
	if (s->o->quiet)
		return;
	if (s->o->json)
		ut_format_json(&s->sb, ev);
	else
		ut_format_text(&s->sb, ev);
	flush_if_full(s);
}

/* A held entry whose exit did not follow: shown on its own after all. */
static void entry_alone(struct out_state *s, const struct ut_event *entry)
{
	if (s->pf_file)
		ut_perfetto_instant(&s->pf, entry);
	if (!s->o->json)
		put_line(s, entry);
}

/*
 * With both syscall kinds shown, an entry is held until its exit: text
 * gets one line per call ("syscall name(args) = ret <duration>"),
 * Perfetto a slice.  JSON lines stay one per event, printed at once.
 * Returns true when ev has been dealt with.
 */
static bool emit_call(struct out_state *s, struct ut_event *ev)
{
	struct ut_event held;

	if (ev->kind == UT_SYSCALL_ENTRY) {
		if (ut_calls_hold(&s->calls, ev, &held))
			entry_alone(s, &held);
		if (s->o->json)
			put_line(s, ev);
		return true;
	}
	if (!ut_calls_take(&s->calls, ev->pid, &held))
		return false;
	if (ev->kind != UT_SYSCALL_EXIT ||
	    held.sys_entry.nr != ev->sys_exit.nr) {
		/* Another event of the task first (exec, exit, ...). */
		entry_alone(s, &held);
		return false;
	}
	if (s->pf_file)
		ut_perfetto_slice(&s->pf, &held, ev);
	if (s->o->json) {
		put_line(s, ev);
	} else if (!s->o->quiet) {
		ut_format_call(&s->sb, &held, ev);
		flush_if_full(s);
	}
	return true;
}

/* Entries held longer than this are shown alone (a blocking call). */
#define HOLD_CALL_NS	1000000000ULL

/* Show held entries older than ts - HOLD_CALL_NS (all: ts 0). */
static void flush_calls(struct out_state *s, uint64_t ts)
{
	struct ut_event held;

	if (!s->join || (ts && ts <= HOLD_CALL_NS))
		return;
	while (ut_calls_take_old(&s->calls, ts ? ts - HOLD_CALL_NS : 0, &held))
		entry_alone(s, &held);
}

static void emit(struct out_state *s, struct ut_event *ev)
{
	struct ut_proc *p, *self;

	self = track_proc(s, ev);
	if (ev->ts > s->last_ts)
		s->last_ts = ev->ts;
	/*
	 * The exit of COMMAND: the wait status is exact, better than what
	 * compat mode can infer.  group_dead means it is about to be a
	 * zombie, so the wait is short.
	 */
	if (ev->kind == UT_EXIT && sess.child.pid > 0 && ev->pid == sess.child.pid &&
	    ev->exit.group_dead == 1 && ut_child_wait_cmd(&sess.child)) {
		ev->exit.code_known = true;
		ev->exit.code = sess.child.status;
		p = ut_procs_find(&s->procs, ev->pid);
		if (p) {
			p->exit_known = true;
			p->exit_code = sess.child.status;
		}
	}
	if (s->pf_file && (ev->kind < UT_NR_KINDS || ev->kind == UT_LOST))
		ut_perfetto_track(&s->pf, ev);
	if (ev->kind == UT_SYSCALL_ENTRY || ev->kind == UT_SYSCALL_EXIT)
		ut_calls_note(&s->calls, ev);
	if (!wanted(s, ev))
		return;
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
	if (ev->kind == UT_SYSCALL_ENTRY || ev->kind == UT_SYSCALL_EXIT)
		ut_calls_count(&s->calls, ev);
	if (s->join && emit_call(s, ev))
		return;
	if (s->pf_file)
		ut_perfetto_instant(&s->pf, ev);
	put_line(s, ev);
}

/*
 * The reader threads only queue raw sub-buffers (reader.c); decoding,
 * sorting and printing happen here in steps: the loop prints at most
 * EMIT_CHUNK events per round.  A cycle decodes up to DECODE_PAGES
 * queued sub-buffers (and what the compat signal instance queued),
 * merges them into the held tail of the previous cycle, and prints
 * out[cur..cut): the
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
		ut_rec_decode(&sess.rec, b, max ? DECODE_PAGES : 0);
		if (sig_rec_on())
			ut_rec_decode(&sess.sig_rec, b, 0);
		ut_batch_merge(b, e->cur, held);
		if (ut_rec_queued_min_ts(&sess.rec, &qts) &&
		    (limit < 0 || qts < (unsigned long long)limit))
			limit = qts;
		if (sig_rec_on() && ut_rec_queued_min_ts(&sess.sig_rec, &qts) &&
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
	if (end > e->cur)
		flush_calls(s, b->ev[end - 1].ts);
	e->cur = end;
	out_flush(s);
	if (fflush(s->f) || ferror(s->f))
		write_failed(s);
	return e->cur < e->cut || ut_rec_queued(&sess.rec) ||
	       (sig_rec_on() && ut_rec_queued(&sess.sig_rec)) ||
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
	bool calls = s->o->shown_kinds & UT_KINDS_SYSCALLS;

	out_flush(s);
	if (s->o->json) {
		ut_summary_json(&s->sb, &s->procs, &s->counts, s->o->shown_kinds);
		/* ..."lost_reports":n} + ,"syscalls":[...] */
		if (s->sb.len >= 2) {
			s->sb.len -= 2;
			s->sb.buf[s->sb.len] = '\0';
			sb_putc(&s->sb, ',');
			ut_calls_table_json(&s->sb, &s->calls);
			sb_puts(&s->sb, "}\n");
		}
	} else {
		ut_summary_text(&s->sb, &s->procs, &s->counts, s->o->shown_kinds);
		if (calls)
			ut_calls_table_text(&s->sb, &s->calls);
	}
	if (fwrite(sb_str(&s->sb), 1, s->sb.len, s->f) != s->sb.len ||
	    fflush(s->f))
		write_failed(s);
}

static void write_tree(struct out_state *s)
{
	out_flush(s);
	if (s->o->json)
		ut_tree_json(&s->sb, &s->procs);
	else
		ut_tree_text(&s->sb, &s->procs);
	if (fwrite(sb_str(&s->sb), 1, s->sb.len, s->f) != s->sb.len ||
	    fflush(s->f))
		write_failed(s);
}

/*
 * The stream reports what sub-buffers said they missed; the kernel's
 * per-CPU stats also count losses no sub-buffer carried (an unknown
 * count, drops, a loss after the last read).  The difference is printed
 * as one more LOST line per CPU, so the lines add up to the kernel's.
 * The same for the compat -sig instance (its LOST lines say so).
 */
static void emit_kernel_loss_of(struct out_state *s, struct ut_rec *r)
{
	struct ut_event ev;
	long long k;
	int cpu;

	for (cpu = 0; cpu < r->ncpus; cpu++) {
		k = ut_rec_cpu_lost(r, cpu) - r->lost_cpu[cpu];
		if (k <= 0)
			continue;
		memset(&ev, 0, sizeof(ev));
		ev.kind = UT_LOST;
		ev.ts = s->last_ts;
		ev.cpu = cpu;
		ev.lost.count = k;
		ev.lost.sig = r->sig_instance;
		r->lost_cpu[cpu] += k;
		r->lost_known += k;
		emit(s, &ev);
	}
}

static void emit_kernel_loss(struct out_state *s)
{
	emit_kernel_loss_of(s, &sess.rec);
	if (sig_rec_on())
		emit_kernel_loss_of(s, &sess.sig_rec);
	out_flush(s);
	if (fflush(s->f))
		write_failed(s);
}

/*
 * One stderr line: the total over both instances, and with a -sig
 * instance, its share.  N (in the stream, or the kernel's with -q
 * --dat) = overrun + dropped of every per-CPU stats file of both.
 */
static void report_loss(void)
{
	long long overrun, dropped, s_overrun = 0, s_dropped = 0, known;
	char share[64] = "", figures[96] = "";
	bool sig = sig_rec_on();

	ut_rec_stats(&sess.rec, &overrun, &dropped);
	known = sess.rec.lost_known;
	if (sig) {
		ut_rec_stats(&sess.sig_rec, &s_overrun, &s_dropped);
		overrun += s_overrun;
		dropped += s_dropped;
		known += sess.sig_rec.lost_known;
	}
	if (!known && !sess.rec.lost_unknown && !overrun && !dropped &&
	    !(sig && sess.sig_rec.lost_unknown))
		return;
	if (sig) {
		snprintf(share, sizeof(share), ", %lld of them in the -sig "
			 "instance",
			 sess.rec.raw_only ? s_overrun + s_dropped :
			 sess.sig_rec.lost_known);
		snprintf(figures, sizeof(figures), "; -sig instance: overrun "
			 "%lld, dropped %lld", s_overrun, s_dropped);
	}
	if (sess.rec.raw_only)
		fprintf(stderr, "utrace-record: lost events: %lld%s "
			"(kernel per-CPU stats: overrun %lld, dropped %lld%s; "
			"try a larger -b)\n", overrun + dropped, share,
			overrun, dropped, figures);
	else
		fprintf(stderr, "utrace-record: lost events: %lld reported in "
			"the stream%s (kernel per-CPU stats: overrun %lld, "
			"dropped %lld%s; try a larger -b)\n", known, share,
			overrun, dropped, figures);
}

static const char compat_note[] =
	"utrace-record: compat mode (no utrace events in this kernel): "
	"death, jctl and vfork_done are not available; exit codes come only "
	"from exit/exit_group syscalls and fatal signals, else are unknown; "
	"signal dispositions are inferred from the handler; signal senders "
	"and clone exit signals may be unknown\n";

static void input_event(struct ut_event *ev, const char *comm, void *arg)
{
	struct out_state *s = arg;
	struct ut_proc *p = ut_procs_find(&s->procs, ev->pid);
	static uint64_t flushed;

	/* Names the recording's saved_cmdlines knows, until exec says. */
	if (comm && (!p || !p->comm[0])) {
		ut_procs_set_comm(&s->procs, ev->pid, comm);
		s->last_call_pid = 0;		/* the table may have moved */
	}
	if (!s->write_failed)
		emit(s, ev);
	/* As a live recording does per round, not per event. */
	if (ev->ts - flushed >= 20000000) {
		flush_calls(s, ev->ts);
		flushed = ev->ts;
	}
}

/* -i FILE.dat: the output of a recording, from the file. */
static int run_input(struct out_state *s, struct opts *o)
{
	int status = EXIT_SUCCESS, err = 0;
	uint64_t first_ts = 0;
	struct ut_input *in;
	enum ut_mode mode;

	signal(SIGPIPE, SIG_IGN);
	s->f = stdout;
	if (o->out && !(s->f = fopen(o->out, "we")))
		fatal("cannot write %s: %s", o->out, strerror(errno));
	if (o->perfetto) {
		s->pf_file = fopen(o->perfetto, "we");
		if (!s->pf_file)
			fatal("cannot write %s: %s", o->perfetto, strerror(errno));
		sess.pf_pending = o->perfetto;
		atexit(cleanup);
		ut_perfetto_init(&s->pf, s->pf_file);
	}
	ut_procs_init(&s->procs, false);
	s->calls.entries = o->shown_kinds & UT_KIND_BIT(UT_SYSCALL_ENTRY);
	s->join = (o->shown_kinds & UT_KINDS_SYSCALLS) == UT_KINDS_SYSCALLS;
	in = ut_input_open(o->input, &mode, &first_ts);
	if (!in)
		exit(EXIT_FAILURE);
	if (o->time_mode == UT_TIME_REL)	/* from the first record */
		ut_time_set(UT_TIME_REL, first_ts);
	ut_input_run(in, input_event, s);
	flush_calls(s, 0);
	out_flush(s);
	if (fflush(s->f))
		write_failed(s);
	if (mode == UT_MODE_COMPAT)
		s->counts.na = UT_KIND_BIT(UT_DEATH) | UT_KIND_BIT(UT_JCTL) |
			       UT_KIND_BIT(UT_VFORK_DONE);
	if (o->summary && !s->write_failed)
		write_summary(s);
	if (o->tree && !s->write_failed)
		write_tree(s);
	if (s->pf_file) {
		err = ut_perfetto_finish(&s->pf) ? errno : 0;
		if (fclose(s->pf_file) && !err)
			err = errno ? errno : EIO;
		s->pf_file = NULL;
		ut_perfetto_free(&s->pf);
		if (err) {
			fprintf(stderr, "utrace-record: cannot write %s: %s\n",
				o->perfetto, strerror(err));
			status = EXIT_FAILURE;
		} else {
			sess.pf_pending = NULL;
		}
	}
	if (s->write_failed && s->write_errno != EPIPE) {
		fprintf(stderr, "utrace-record: write error: %s\n",
			strerror(s->write_errno));
		status = EXIT_FAILURE;
	}
	if (s->f != stdout && fclose(s->f))
		status = EXIT_FAILURE;
	ut_procs_free(&s->procs);
	ut_calls_free(&s->calls);
	sb_free(&s->sb);
	return status;
}

int main(int argc, char **argv)
{
	struct out_state s = { 0 };
	struct emitter em = { 0 };
	bool busy = false;
	struct sigaction sa;
	struct opts o;
	unsigned int recorded_kinds;
	long long start, last_emit, trace_start;
	enum ut_mode mode;
	int status = EXIT_SUCCESS;
	bool pf_status_failed = false;
	long long ending = 0, child_gone = 0;
	int signals = 0, gave_up = 0, pid_fd = -1;
	bool epipe;
	char buf[32];

	parse_args(argc, argv, &o);
	s.o = &o;
	if (o.inject_dry_run) {
		struct sbuf rules = { 0 };

		ut_inject_lines(&sess.inj, 0, &rules);	/* pid=PID */
		fputs(sb_str(&rules), stdout);
		sb_free(&rules);
		return fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
	}
	if (o.input)
		return run_input(&s, &o);
	/* Before anything is set up: a kernel that cannot inject, refused. */
	if (sess.inj.nrules) {
		int err = ut_inject_check();

		if (err)
			return err == 1 ? EXIT_FAILURE : EXIT_USAGE;
	}

	check_tracefs();
	if (o.reset)
		return ut_instances_cleanup(true) ? EXIT_FAILURE : EXIT_SUCCESS;
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
		sess.dat_pending = o.dat;
	}
	if (o.perfetto) {
		s.pf_file = fopen(o.perfetto, "we");
		if (!s.pf_file)
			fatal("cannot write %s: %s", o.perfetto, strerror(errno));
		sess.pf_pending = o.perfetto;
		ut_perfetto_init(&s.pf, s.pf_file);
	}
	if (mode == UT_MODE_COMPAT)
		fputs(compat_note, stderr);

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	atexit(cleanup);

	/* A recorder killed by SIGKILL left its instance tracing: remove it. */
	ut_instances_cleanup(false);
	if (ut_rec_load_events(&sess.rec, mode) < 0)
		exit(EXIT_FAILURE);
	if (ut_rec_create(&sess.rec, o.buf_kb) < 0)
		exit(EXIT_FAILURE);

	/* Names and compat exit codes need more than what is printed. */
	recorded_kinds = o.shown_kinds;
	if (o.summary || o.perfetto || o.tree)
		recorded_kinds |= UT_KIND_BIT(UT_CLONE) | UT_KIND_BIT(UT_EXEC) |
			 UT_KIND_BIT(UT_EXIT);
	/* The -c table of --summary times calls: entries and exits. */
	if (o.summary && (recorded_kinds & UT_KINDS_SYSCALLS))
		recorded_kinds |= UT_KINDS_SYSCALLS;
	s.calls.entries = o.shown_kinds & UT_KIND_BIT(UT_SYSCALL_ENTRY);
	s.join = (o.shown_kinds & UT_KINDS_SYSCALLS) == UT_KINDS_SYSCALLS;
	if (o.failed_calls)
		recorded_kinds &= ~UT_KIND_BIT(UT_SYSCALL_ENTRY);
	if (ut_rec_enable(&sess.rec, mode, recorded_kinds) < 0 ||
	    ut_sysset_apply(&sess.rec, mode, &o.sysset, o.failed_calls) < 0)
		exit(EXIT_FAILURE);

	if (o.cmd) {
		ut_child_start(&sess.child, o.cmd);
		o.pid = sess.child.pid;
		o.follow = true;
		/*
		 * The fault rules, for COMMAND's tree, once it waits in
		 * the read before its exec: its exec is the first call
		 * they see.  A refused rule: COMMAND is not run.
		 */
		if (sess.inj.nrules) {
			int err;

			ut_child_wait_held(&sess.child, 2000);
			err = ut_inject_install(&sess.inj, sess.child.pid);
			if (err)
				exit(err == 1 ? EXIT_FAILURE : EXIT_USAGE);
		}
	} else if (o.pid) {
		pid_fd = ut_pid_watch(o.pid);
	}
	if (o.pid) {
		snprintf(buf, sizeof(buf), "%d", o.pid);
		if (ut_rec_write(&sess.rec, "set_event_pid", buf) < 0)
			fatal("cannot filter on pid %d: %s", o.pid,
			      strerror(errno));
		if (o.follow &&
		    tracefs_option_enable(sess.rec.inst, TRACEFS_OPTION_EVENT_FORK) < 0)
			fatal("cannot enable option event-fork: %s",
			      strerror(errno));
	} else {
		/* System-wide: do not trace our own reads. */
		snprintf(buf, sizeof(buf), "%d", (int)getpid());
		ut_rec_write(&sess.rec, "set_event_notrace_pid", buf);
	}
	/*
	 * Compat with a tree: signal_generate by target, in a second
	 * instance (see sigtarget.h), not by sender in this one.
	 */
	if (mode == UT_MODE_COMPAT && o.pid) {
		bool sigs = recorded_kinds & (UT_KIND_BIT(UT_SIGNAL) |
				     UT_KIND_BIT(UT_EXIT));
		bool reaps = recorded_kinds & UT_KIND_BIT(UT_REAP);

		if (sigs)
			tracefs_event_disable(sess.rec.inst, "signal",
					      "signal_generate");
		if (reaps)
			tracefs_event_disable(sess.rec.inst, "sched",
					      "sched_process_free");
		if ((sigs || reaps) &&
		    ut_sigtarget_open(&sess.sig_rec, o.pid, o.follow,
				      o.buf_kb < 1024 ? o.buf_kb : 1024,
				      sigs, reaps) < 0)
			exit(EXIT_FAILURE);
	}
	if (ut_rec_open_cpus(&sess.rec) < 0)
		exit(EXIT_FAILURE);
	if (o.dat && ut_rec_raw_open(&sess.rec, o.dat) < 0)
		exit(EXIT_FAILURE);
	/* Raw only: nothing needs the events decoded. */
	sess.rec.raw_only = o.quiet && o.dat && !o.summary && !o.perfetto &&
		       !o.tree;

	/*
	 * The reader runs (and has its priority) before any event: a thread
	 * started later may wait behind a busy CPU's tasks while the first
	 * events fill the buffer.
	 */
	if (ut_rec_reader_start(&sess.rec) < 0 ||
	    (sig_rec_on() && ut_rec_reader_start(&sess.sig_rec) < 0))
		fatal("cannot start the reader threads: %s", strerror(errno));
	ut_procs_init(&s.procs, true);
	if (mode == UT_MODE_COMPAT)
		s.counts.na = UT_KIND_BIT(UT_DEATH) | UT_KIND_BIT(UT_JCTL) |
			      UT_KIND_BIT(UT_VFORK_DONE);
	if (o.pid)
		ut_procs_set_root(&s.procs, o.pid, o.follow);
	if (tracefs_trace_on(sess.rec.inst) < 0)
		fatal("cannot start tracing: %s", strerror(errno));
	/* -r counts from here: nothing recorded is older. */
	trace_start = mono_ns();
	ut_procs_seed(&s.procs);
	if (o.cmd) {
		ut_procs_set_comm(&s.procs, sess.child.pid, ut_child_name(o.cmd));
		s.procs.cmd_pid = sess.child.pid;
	}
	if (o.cmd && ut_child_release(&sess.child) < 0)
		fatal("cannot start command: %s", strerror(errno));

	start = last_emit = mono_ns();
	if (o.time_mode == UT_TIME_WALL) {
		struct timespec rt;

		clock_gettime(CLOCK_REALTIME, &rt);
		ut_time_set(UT_TIME_WALL, rt.tv_sec * 1000000000LL +
			    rt.tv_nsec - mono_ns());
	} else if (o.time_mode == UT_TIME_REL) {
		ut_time_set(UT_TIME_REL, trace_start);
	}
	for (;;) {
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

			if (!ut_rec_queued(&sess.rec))
				ut_rec_wait_queued(&sess.rec, POLL_MS);
			else if (left > 0)
				nanosleep(&(struct timespec){ 0, left }, NULL);
		}
		round = mono_ns();
		if (busy || round - last_emit >= EMIT_NS) {
			busy = emit_some(&s, &em, round - HOLD_NS, EMIT_CHUNK);
			last_emit = round;
		}
		if (s.write_failed)
			break;		/* EPIPE included: see below */
		if (!o.cmd) {
			if (sess.stop_sig)
				break;
			if (o.pid && ut_pid_ended(pid_fd, o.pid))
				break;
			if (o.duration > 0 && round - start >= o.duration * 1e9)
				break;
			continue;
		}
		/*
		 * COMMAND: record until it and every orphan of its tree
		 * (we are their subreaper) have ended.  A signal to us is
		 * passed on to COMMAND, and -d sends it SIGTERM as
		 * timeout(1) does; then only COMMAND itself is waited for,
		 * with a short grace for the rest of the tree.
		 */
		ut_child_reap(&sess.child);
		if (sess.child.tree_gone)
			break;
		if (sess.stop_sig) {
			int sig = sess.stop_sig;

			sess.stop_sig = 0;
			if (sess.child.reaped)
				break;
			if (++signals >= 3) {
				fprintf(stderr, "utrace-record: %s (pid %d) still runs after %d signals; stopping without it\n",
					o.cmd[0], sess.child.pid, signals);
				gave_up = sig;
				break;
			}
			if (!sess.stop_from_tty)
				ut_child_kill(&sess.child, sig);
			ending = ending ? ending : round;
		}
		if (!ending && o.duration > 0 &&
		    round - start >= o.duration * 1e9) {
			if (sess.child.reaped)
				break;
			ut_child_kill(&sess.child, SIGTERM);
			ending = round;
		}
		if (sess.child.reaped && !child_gone)
			child_gone = round;
		if (ending && sess.child.reaped && round - child_gone >= GRACE_NS)
			break;
	}

	/* Stop, then drain until no CPU has anything left. */
	tracefs_trace_off(sess.rec.inst);
	if (sig_rec_on())
		tracefs_trace_off(sess.sig_rec.inst);
	ut_rec_reader_stop(&sess.rec);
	ut_rec_reader_stop(&sess.sig_rec);
	if (sess.rec.raw_only)
		ut_rec_flush_raw(&sess.rec);
	while (!s.write_failed && emit_some(&s, &em, -1, EMIT_CHUNK))
		;
	emitter_free(&em);
	flush_calls(&s, 0);
	if (!sess.rec.raw_only && !s.write_failed)
		emit_kernel_loss(&s);
	out_flush(&s);
	if (fflush(s.f))
		write_failed(&s);
	if (o.summary && !s.write_failed)
		write_summary(&s);
	if (o.tree && !s.write_failed)
		write_tree(&s);
	report_loss();
	/* The rules' counts, then the session's end: no rule is left. */
	ut_inject_finish(&sess.inj);
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
			sess.pf_pending = NULL;	/* keep it */
		}
	}

	/*
	 * The reader of our output has gone (EPIPE, "| head"): stop
	 * quietly, and end COMMAND too instead of leaving it behind.
	 */
	epipe = s.write_failed && s.write_errno == EPIPE;
	if (s.write_failed && !epipe) {
		fprintf(stderr, "utrace-record: write error: %s\n",
			strerror(s.write_errno));
		status = EXIT_FAILURE;
	}
	/* Nothing more can be written: do not leave COMMAND running. */
	if (s.write_failed)
		ut_child_kill(&sess.child, SIGTERM);
	if (s.f != stdout && fclose(s.f) && status == EXIT_SUCCESS)
		status = EXIT_FAILURE;
	if (pf_status_failed)
		status = EXIT_FAILURE;
	ut_procs_free(&s.procs);
	ut_calls_free(&s.calls);
	sb_free(&s.sb);

	if (o.dat) {
		struct ut_dat_src src = {
			.inst = sess.rec.inst,
			.tps = mode == UT_MODE_NATIVE ? ut_native_tps :
			       ut_compat_tps,
			.ncpus = sess.rec.ncpus,
			.cpu_fd = sess.rec.raw_fd,
			.page_size = sess.rec.page_size,
		};
		int err = sess.rec.raw_errno;

		if (!err && ut_dat_write(o.dat, &src) < 0)
			err = errno;
		/* Incomplete data is dropped; else kept for a retry by hand. */
		ut_rec_raw_close(&sess.rec, !err || sess.rec.raw_errno);
		if (err) {
			fprintf(stderr, "utrace-record: cannot write %s: %s\n",
				o.dat, strerror(err));
			status = EXIT_FAILURE;
		} else {
			sess.dat_pending = NULL;	/* keep it */
		}
	}
	ut_rec_destroy(&sess.sig_rec);
	ut_rec_destroy(&sess.rec);
	/* COMMAND's real status; after a give-up, ours by its signal. */
	if (o.cmd && !gave_up) {
		int cmd_status;

		if (!sess.child.reaped)
			ut_child_reap(&sess.child);
		if (!sess.child.reaped && s.write_failed &&
		    !ut_child_wait_cmd_for(&sess.child, CMD_GRACE_MS))
			fprintf(stderr, "utrace-record: %s (pid %d) still runs after SIGTERM; not waiting for it\n",
				o.cmd[0], sess.child.pid);
		if (!sess.child.reaped)
			cmd_status = EXIT_FAILURE;
		else if (WIFSIGNALED(sess.child.status))
			cmd_status = 128 + WTERMSIG(sess.child.status);
		else
			cmd_status = WEXITSTATUS(sess.child.status);
		/* A runtime error (1) wins over the command's status. */
		if (status == EXIT_SUCCESS)
			status = cmd_status;
	} else if (gave_up) {
		status = 128 + gave_up;
	}
	return status;
}
