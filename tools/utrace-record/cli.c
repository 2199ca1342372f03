// SPDX-License-Identifier: GPL-2.0
/* cli.c - utrace-record's options: --help, parsing, the checks between them. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "decode.h"
#include "kafka.h"
#include "lossless.h"
#include "names.h"
#include "rotate.h"
#include "timefmt.h"

const char *ut_prog = "utrace-record";

static void usage(FILE *f)
{
	fputs(
"Usage: utrace-record [OPTIONS] [-- COMMAND [ARGS...]]\n"
"Record process events through tracefs and print one line each: of\n"
"COMMAND and its descendants, of -p PID, or of the whole system.\n"
"\n"
"  -e, --events LIST        events to print; trace=SET, inject=SPEC, fault=SPEC\n"
"                           (inject=, fault=: strace's, counted as strace does;\n"
"                           the few differences: utrace-record(1))\n"
"  -Z, --failed             only syscalls that fail\n"
"  -x, --failed-exits       only exits that failed\n"
"  -p, --pid PID            record only PID, until it ends\n"
"      --follow             with -p, also PID's later descendants\n"
"      --lossless[=SECS]    COMMAND's or -p's tasks wait for the reader instead\n"
"                           of losing events (each wait at most SECS, 10)\n"
"      --comm NAME          print only events of tasks named NAME\n"
"  -d, --duration SECS      stop after SECS seconds; COMMAND's process group\n"
"                           gets SIGTERM then, as from timeout(1) (exit 124)\n"
"      --signal SIG         with -d and COMMAND: send SIG instead of SIGTERM\n"
"  -k, --kill-after SECS    then SIGKILL after SECS more (default 5; 0: never)\n"
"  -b, --buffer KB          ring buffer per CPU in KiB (default 4096)\n"
"  -o, --output FILE        write the lines to FILE (default: stderr with\n"
"                           COMMAND or -p, as strace; else stdout)\n"
"      --json               one JSON object per line\n"
"      --dat FILE.dat       also write a trace.dat (trace-cmd, KernelShark)\n"
"      --perfetto FILE.json also write trace-event JSON (Perfetto UI)\n"
"      --otlp-file FILE     also write OTLP/JSON logs (one request a line)\n"
"      --fleet-args         give the fleet sinks (Kafka, OTLP) exec's argv too\n"
"      --redact-args REGEX  argv strings: matches (or their first group) as ***\n"
"      --kafka BROKERS/TOPIC  also produce each record to Kafka (host:port,...)\n"
"      --kafka-format FORM  json (default) or otlp\n"
"      --kafka-conf KEY=VALUE  a librdkafka setting (again: more)\n"
"      --kafka-spill FILE   records Kafka did not take (default: FILE.kafka-spill\n"
"                           beside -o FILE, else in the state directory)\n"
"      --kafka-spill-max SIZE  its limit, beyond it records are dropped (256M)\n"
"      --kafka-timeout SECS wait for the brokers at the start and for delivery\n"
"                           at the end (default 5)\n"
"      --rotate-size SIZE   with -o FILE: FILE.1 when FILE would pass SIZE\n"
"                           bytes (k, M, G: KiB, MiB, GiB)\n"
"      --rotate-keep N      keep FILE.1 .. FILE.N (default 5)\n"
"      --rotate-compress    rotated files compressed: FILE.N.zst\n"
"      --summary-interval SECS  per-process syscall summaries every SECS\n"
"                           seconds and at exit (0: at exit only)\n"
"      --per-call           fleet sinks get each syscall, not only summaries\n"
"  -t, --wall-clock         time column of text: time of day\n"
"  -r, --relative           time column of text: seconds since the start\n"
"  -q, --quiet              print no event lines\n"
"      --no-argv            exec lines without argv (it may hold secrets)\n"
"      --summary            at the end, processes and event counts\n"
"      --tree               at the end, the process tree\n"
"      --mode MODE          native or compat (default: native when available)\n"
"  -i, --input [HOST=]FILE.dat  print a recording instead of tracing;\n"
"                           again: several hosts' recordings, merged\n"
"      --from-boot          print the utrace records of the top-level buffer\n"
"                           (trace_event=utrace:* at boot); consumes them\n"
"      --reset              remove instances of recorders that are gone, exit\n"
"      --config FILE        options from FILE, a 'key = value' line each (key:\n"
"                           a long option); the command line's win\n"
"  -h, --help               this text\n"
"\n"
"Exit status: COMMAND's (128+N when killed by signal N; 124 when -d\n"
"ended it; 127 or 126 when it is not found or cannot run), else 0; 1 on\n"
"runtime errors; 2 on usage errors.  See utrace-record(1).\n", f);
}

/*
 * --config's lines, for the messages: the file's argument being parsed
 * (its line is named), or -1; cfg_both: the checks between options,
 * which may come from the file and the command line.
 */
static struct ut_config cfg;
static int cfg_arg = -1;
static bool cfg_both;

static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", ut_prog);
	if (cfg_arg >= 0)
		fprintf(stderr, "%s:%d: ", cfg.path, cfg.lines[cfg_arg]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cfg_both)
		fprintf(stderr, " (options of %s and the command line)",
			cfg.path);
	fprintf(stderr, "\nTry '%s --help'.\n", ut_prog);
	exit(EXIT_USAGE);
}

void fatal(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", ut_prog);
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

enum { OPT_FOLLOW = 256, OPT_COMM, OPT_JSON, OPT_SUMMARY, OPT_MODE,
       OPT_DAT, OPT_PERFETTO, OPT_RESET, OPT_TREE, OPT_INJECT_DRY_RUN,
       OPT_SIGNAL, OPT_NO_ARGV, OPT_CONFIG };

/* The outputs' options (rotation, syscall summaries). */
enum { OPT_ROTATE_SIZE = 320, OPT_ROTATE_KEEP, OPT_ROTATE_COMPRESS,
       OPT_SUMMARY_INTERVAL, OPT_PER_CALL };

/* --kafka and its settings (kafka.h). */
enum { OPT_KAFKA = 512, OPT_KAFKA_FORMAT, OPT_KAFKA_CONF, OPT_KAFKA_SPILL,
       OPT_KAFKA_SPILL_MAX, OPT_KAFKA_TIMEOUT };

/* --lossless (lossless.h). */
enum { OPT_LOSSLESS = 768 };

/* --from-boot (fromboot.h). */
enum { OPT_FROM_BOOT = 896 };

/* The record envelope's options (envelope.h, otlp.h). */
enum { OPT_OTLP_FILE = 640, OPT_FLEET_ARGS, OPT_REDACT_ARGS };

static const struct option lopts[] = {
	{ "events",	required_argument, NULL, 'e' },
	{ "pid",	required_argument, NULL, 'p' },
	{ "follow",	no_argument,	   NULL, OPT_FOLLOW },
	{ "lossless",	optional_argument, NULL, OPT_LOSSLESS },
	{ "comm",	required_argument, NULL, OPT_COMM },
	{ "duration",	required_argument, NULL, 'd' },
	{ "signal",	required_argument, NULL, OPT_SIGNAL },
	{ "kill-after",	required_argument, NULL, 'k' },
	{ "buffer",	required_argument, NULL, 'b' },
	{ "output",	required_argument, NULL, 'o' },
	{ "dat",	required_argument, NULL, OPT_DAT },
	{ "perfetto",	required_argument, NULL, OPT_PERFETTO },
	{ "otlp-file",	required_argument, NULL, OPT_OTLP_FILE },
	{ "fleet-args",	no_argument,	   NULL, OPT_FLEET_ARGS },
	{ "redact-args", required_argument, NULL, OPT_REDACT_ARGS },
	{ "kafka",	required_argument, NULL, OPT_KAFKA },
	{ "kafka-format", required_argument, NULL, OPT_KAFKA_FORMAT },
	{ "kafka-conf",	required_argument, NULL, OPT_KAFKA_CONF },
	{ "kafka-spill", required_argument, NULL, OPT_KAFKA_SPILL },
	{ "kafka-spill-max", required_argument, NULL, OPT_KAFKA_SPILL_MAX },
	{ "kafka-timeout", required_argument, NULL, OPT_KAFKA_TIMEOUT },
	{ "rotate-size", required_argument, NULL, OPT_ROTATE_SIZE },
	{ "rotate-keep", required_argument, NULL, OPT_ROTATE_KEEP },
	{ "rotate-compress", no_argument,   NULL, OPT_ROTATE_COMPRESS },
	{ "summary-interval", required_argument, NULL, OPT_SUMMARY_INTERVAL },
	{ "per-call",	no_argument,	   NULL, OPT_PER_CALL },
	{ "json",	no_argument,	   NULL, OPT_JSON },
	{ "summary",	no_argument,	   NULL, OPT_SUMMARY },
	{ "tree",	no_argument,	   NULL, OPT_TREE },
	{ "mode",	required_argument, NULL, OPT_MODE },
	{ "quiet",	no_argument,	   NULL, 'q' },
	{ "no-argv",	no_argument,	   NULL, OPT_NO_ARGV },
	{ "reset",	no_argument,	   NULL, OPT_RESET },
	{ "wall-clock",	no_argument,	   NULL, 't' },
	{ "failed",	no_argument,	   NULL, 'Z' },
	{ "failed-exits", no_argument,	   NULL, 'x' },
	{ "input",	required_argument, NULL, 'i' },
	{ "from-boot",	no_argument,	   NULL, OPT_FROM_BOOT },
	{ "relative",	no_argument,	   NULL, 'r' },
	{ "help",	no_argument,	   NULL, 'h' },
	{ "config",	required_argument, NULL, OPT_CONFIG },
	/* Hidden, for tests: print the fault rules and exit. */
	{ "inject-dry-run", no_argument,   NULL, OPT_INJECT_DRY_RUN },
	{ NULL, 0, NULL, 0 },
};

/* The comma-separated list names syscall_entry itself (not "all"). */
static bool names_entry(const char *list)
{
	size_t n = strlen("syscall_entry");
	const char *p;

	for (p = list; (p = strstr(p, "syscall_entry")); p += n)
		if ((p == list || p[-1] == ',') && (!p[n] || p[n] == ','))
			return true;
	return false;
}

/* -e: inject=SPEC, fault=SPEC, trace=SET or a list of events. */
static void parse_events(const char *arg, struct opts *o,
			 struct ut_inject *inj)
{
	const char *bad;

	if (!strncmp(arg, "inject=", 7) || !strncmp(arg, "fault=", 6)) {
		bool fault = arg[0] == 'f';
		char err[256];

		if (ut_inject_parse(inj, arg + (fault ? 6 : 7), fault, err,
				    sizeof(err)))
			usage_error("-e %s: %s", arg, err);
		return;
	}
	if (!strncmp(arg, "trace=", 6)) {
		if (ut_sysset_parse(arg + 6, &o->sysset, &bad))
			usage_error("unknown syscall or class '%s' in -e %s",
				    bad, arg);
		return;
	}
	if (ut_parse_event_list(arg, &o->shown_kinds, &bad))
		usage_error("unknown event '%s' in -e %s", bad, arg);
	o->events_given = true;
	if (names_entry(arg))
		o->entry_named = true;
}

/* The options that take a number or a word. */
static void parse_value(int c, const char *arg, struct opts *o)
{
	char *end;
	long v;

	switch (c) {
	case 'p':
		if (!parse_long(arg, 1, INT_MAX, &v))
			usage_error("-p needs a process id, not '%s'", arg);
		o->pid = v;
		break;
	case OPT_COMM:
		if (!arg[0])
			usage_error("--comm needs a name");
		/* TASK_COMM_LEN: longer names are cut by the kernel. */
		if (strlen(arg) > 15)
			usage_error("--comm: task names are at most 15 bytes (the kernel cuts longer ones): use '%.15s'",
				    arg);
		o->comm = arg;
		break;
	case 'd':
		errno = 0;
		o->duration = strtod(arg, &end);
		if (errno || end == arg || *end || !(o->duration > 0) ||
		    o->duration > 1e9)
			usage_error("-d needs a positive number of seconds, not '%s'",
				    arg);
		break;
	case 'k':
		errno = 0;
		o->kill_after = strtod(arg, &end);
		if (errno || end == arg || *end || !(o->kill_after >= 0) ||
		    o->kill_after > 1e9)
			usage_error("-k needs a number of seconds (0: never), not '%s'",
				    arg);
		o->kill_set = true;
		break;
	case OPT_SIGNAL:
		o->timeout_sig = ut_signal_parse(arg);
		if (o->timeout_sig <= 0)
			usage_error("--signal needs a signal name (TERM, SIGINT) or number, not '%s'",
				    arg);
		break;
	case 'b':
		if (!parse_long(arg, 4, 16L * 1024 * 1024, &v))
			usage_error("-b needs a size in KiB (4 or more), not '%s'",
				    arg);
		o->buf_kb = v;
		break;
	case OPT_MODE:
		if (!strcmp(arg, "native"))
			o->mode = UT_MODE_NATIVE;
		else if (!strcmp(arg, "compat"))
			o->mode = UT_MODE_COMPAT;
		else
			usage_error("--mode is native or compat, not '%s'", arg);
		break;
	}
}

/* --rotate-*, --summary-interval, --per-call. */
static void parse_output_opt(int c, const char *arg, struct opts *o)
{
	char *end;
	long v;

	switch (c) {
	case OPT_ROTATE_SIZE:
		if (!ut_parse_size(arg, &o->rotate.size) ||
		    o->rotate.size < UT_ROTATE_SIZE_MIN)
			usage_error("--rotate-size needs a size of %llu bytes or more (a number, k, M or G after it: 10M), not '%s'",
				    UT_ROTATE_SIZE_MIN, arg);
		break;
	case OPT_ROTATE_KEEP:
		if (!parse_long(arg, 1, UT_ROTATE_KEEP_MAX, &v))
			usage_error("--rotate-keep needs a number of files from 1 to %d, not '%s'",
				    UT_ROTATE_KEEP_MAX, arg);
		o->rotate.keep = v;
		o->rotate_keep_set = true;
		break;
	case OPT_ROTATE_COMPRESS:
		o->rotate.compress = true;
		break;
	case OPT_SUMMARY_INTERVAL:
		errno = 0;
		o->summary_interval = strtod(arg, &end);
		if (errno || end == arg || *end ||
		    !(o->summary_interval >= 0) || o->summary_interval > 1e6)
			usage_error("--summary-interval needs a number of seconds (0: at exit only), not '%s'",
				    arg);
		break;
	case OPT_PER_CALL:
		o->per_call = true;
		break;
	}
}

/* What the outputs' options need. */
static void check_output_args(struct opts *o)
{
	if ((o->rotate_keep_set || o->rotate.compress) && !o->rotate.size)
		usage_error("--rotate-keep and --rotate-compress need --rotate-size");
	if (o->rotate.size && !o->out)
		usage_error("--rotate-size needs -o FILE");
	if (!o->rotate.keep)
		o->rotate.keep = UT_ROTATE_KEEP_DEFAULT;
	if (o->summary_interval >= 0 && !(o->shown_kinds & UT_KINDS_SYSCALLS))
		usage_error("--summary-interval: no syscalls are recorded (-e syscall_exit, -e trace=SET)");
	if (o->per_call && !o->kafka && !o->otlp_file)
		usage_error("--per-call is for the fleet sinks: --kafka or --otlp-file (-o gets what -e selects)");
}

/* An option of --kafka's settings was given (they need --kafka). */
static bool kafka_settings;

/* --kafka and its settings. */
static void parse_kafka(int c, const char *arg, struct opts *o)
{
	char err[512], *end;
	const char **v;

	kafka_settings |= c != OPT_KAFKA;
	switch (c) {
	case OPT_KAFKA:
		if (!ut_kafka_parse_spec(arg, NULL, NULL, err, sizeof(err)))
			usage_error("--kafka: %s", err);
		o->kafka = arg;
		break;
	case OPT_KAFKA_FORMAT:
		if (strcmp(arg, "json") && strcmp(arg, "otlp"))
			usage_error("--kafka-format is json or otlp, not '%s'", arg);
		o->kafka_otlp = !strcmp(arg, "otlp");
		break;
	case OPT_KAFKA_CONF:
		if (!strchr(arg, '=') || arg[0] == '=')
			usage_error("--kafka-conf needs KEY=VALUE, not '%s'", arg);
		v = realloc(o->kafka_conf, (o->nkafka_conf + 1) * sizeof(*v));
		if (!v)
			fatal("out of memory");
		v[o->nkafka_conf++] = arg;
		o->kafka_conf = v;
		break;
	case OPT_KAFKA_SPILL:
		if (!arg[0])
			usage_error("--kafka-spill needs a file name");
		o->kafka_spill = arg;
		break;
	case OPT_KAFKA_SPILL_MAX:
		if (!ut_parse_size(arg, &o->kafka_spill_max) ||
		    o->kafka_spill_max < 4096)
			usage_error("--kafka-spill-max needs a size of 4096 bytes or more (SIZE[k|M|G]), not '%s'",
				    arg);
		break;
	case OPT_KAFKA_TIMEOUT:
		errno = 0;
		o->kafka_timeout = strtod(arg, &end);
		if (errno || end == arg || *end || !(o->kafka_timeout >= 0.1) ||
		    o->kafka_timeout > 3600)
			usage_error("--kafka-timeout needs seconds (0.1 to 3600), not '%s'",
				    arg);
		break;
	}
}

/* --otlp-file, --fleet-args, --redact-args. */
static void parse_envelope_opt(int c, const char *arg, struct opts *o)
{
	char msg[256];
	regex_t re;
	int err;

	switch (c) {
	case OPT_OTLP_FILE:
		if (!arg[0])
			usage_error("--otlp-file needs a file name");
		o->otlp_file = arg;
		break;
	case OPT_FLEET_ARGS:
		o->fleet_args = true;
		break;
	case OPT_REDACT_ARGS:
		err = regcomp(&re, arg, REG_EXTENDED | REG_NOSUB);
		if (err) {
			regerror(err, &re, msg, sizeof(msg));
			usage_error("--redact-args '%s': %s", arg, msg);
		}
		regfree(&re);
		o->redact_args = arg;
		break;
	}
}

/* One option from getopt_long; argv for the messages. */
static void parse_option(int c, char **argv, struct opts *o,
			 struct ut_inject *inj)
{
	switch (c) {
	case 'e':
		parse_events(optarg, o, inj);
		break;
	case 'p': case OPT_COMM: case 'd': case 'b': case OPT_MODE:
	case 'k': case OPT_SIGNAL:
		parse_value(c, optarg, o);
		break;
	case 'i':
		if (o->ninputs == UT_MAX_INPUTS)
			usage_error("-i: at most %d recordings", UT_MAX_INPUTS);
		if (!o->input)
			o->input = optarg;
		o->inputs[o->ninputs++] = optarg;
		break;
	case 'o':
		o->out = optarg;
		break;
	case OPT_DAT:
		o->dat = optarg;
		break;
	case OPT_ROTATE_SIZE: case OPT_ROTATE_KEEP: case OPT_ROTATE_COMPRESS:
	case OPT_SUMMARY_INTERVAL: case OPT_PER_CALL:
		parse_output_opt(c, optarg, o);
		break;
	case OPT_PERFETTO:
		o->perfetto = optarg;
		break;
	case OPT_KAFKA: case OPT_KAFKA_FORMAT: case OPT_KAFKA_CONF:
	case OPT_KAFKA_SPILL: case OPT_KAFKA_SPILL_MAX: case OPT_KAFKA_TIMEOUT:
		parse_kafka(c, optarg, o);
		break;
	case OPT_OTLP_FILE: case OPT_FLEET_ARGS: case OPT_REDACT_ARGS:
		parse_envelope_opt(c, optarg, o);
		break;
	case 'Z':
		o->failed_calls = true;
		break;
	case 'x':
		o->failed_exits = true;
		break;
	case OPT_FOLLOW:
		o->follow = true;
		break;
	case OPT_LOSSLESS:
		if (ut_lossless_parse(optarg, &o->lossless) < 0)
			usage_error("--lossless=SECS needs seconds (0.001 to %g), not '%s'",
				    UT_LOSSLESS_TIMEOUT_MAX, optarg);
		break;
	case 'q':
		o->quiet = true;
		break;
	case OPT_NO_ARGV:
		o->no_argv = true;
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
	case OPT_FROM_BOOT:
		o->from_boot = true;
		break;
	case OPT_CONFIG:
		break;		/* read before the other options */
	case 'h':
		usage(stdout);
		exit(EXIT_SUCCESS);
	case ':':
		usage_error("option '%s' needs an argument", argv[optind - 1]);
	default:
		usage_error("unknown option '%s'", argv[optind - 1]);
	}
}

/* What the options mean together: conflicts, and what one implies. */
static void check_args(int argc, struct opts *o,
		       const struct ut_inject *inj)
{
	if (o->cmd && o->pid)
		usage_error("-p and COMMAND cannot be combined");
	if (o->inject_dry_run && !inj->nrules)
		usage_error("--inject-dry-run needs -e inject=SPEC");
	if (inj->nrules && !o->inject_dry_run) {
		if (o->input)
			usage_error("-i reads a recording: -e inject= does not apply");
		if (!o->cmd)
			usage_error("-e inject= and -e fault= need a COMMAND (the rules are for its process tree)");
	}
	/* The calls shown: the injected ones, unless -e trace= says. */
	if (inj->nrules && !o->sysset.any)
		o->sysset = inj->all;
	if (o->follow && !o->pid)
		usage_error(o->cmd ? "--follow needs -p PID (COMMAND's descendants are always recorded)" :
			    "--follow needs -p PID");
	if (o->lossless && ((!o->cmd && !o->pid) || o->input ||
			    o->mode == UT_MODE_COMPAT))
		usage_error("--lossless needs a COMMAND or -p PID (the tasks that wait) and the utrace events (not -i, not --mode compat)");
	if (o->entry_named && o->failed_calls)
		usage_error("-Z shows failed calls at their exit: -e syscall_entry does not apply");
	if (o->from_boot && (o->cmd || o->pid || o->input || o->dat ||
			     o->time_mode == UT_TIME_WALL))
		usage_error("--from-boot prints the top-level buffer's records: no COMMAND, -p, -i, --dat or -t");
	if (o->json && o->time_mode)
		usage_error("-t and -r are for text lines: JSON has \"time\" (the trace clock) and \"time_unix_ns\"");
	if (!strcmp(ut_prog, "utrace-inject") && !inj->nrules)
		usage_error("needs -e inject=SPEC or -e fault=SPEC (to record only, run utrace-record)");
	if ((o->timeout_sig || o->kill_set) && !(o->cmd && o->duration > 0))
		usage_error("--signal and -k need -d and a COMMAND (they say how -d ends it)");
	if (!o->timeout_sig)
		o->timeout_sig = SIGTERM;
	if (!o->kill_set)
		o->kill_after = 5;
	if (o->input && (o->cmd || o->pid || o->duration > 0 || o->dat ||
			 o->sysset.any || o->failed_calls || o->reset ||
			 o->mode >= 0 || o->follow ||
			 o->time_mode == UT_TIME_WALL))
		usage_error("-i reads a recording: COMMAND, -p, --follow, -d, --dat, -e trace=, -Z, -t, --mode and --reset do not apply");
	if (o->ninputs > 1 && o->perfetto)
		usage_error("--perfetto reads one -i recording");
	/*
	 * A syscall set records syscalls even when -e names none; -Z shows
	 * exits (an entry does not know how the call ends).
	 */
	if ((o->sysset.any || o->failed_calls) &&
	    !(o->shown_kinds & UT_KINDS_SYSCALLS))
		o->shown_kinds |= o->failed_calls ?
				  UT_KIND_BIT(UT_SYSCALL_EXIT) :
				  UT_KINDS_SYSCALLS;
	if (o->failed_calls)
		o->shown_kinds = (o->shown_kinds &
				  ~UT_KIND_BIT(UT_SYSCALL_ENTRY)) |
				 UT_KIND_BIT(UT_SYSCALL_EXIT);
	if (o->out && o->dat && !strcmp(o->out, o->dat))
		usage_error("-o and --dat cannot be the same file (%s)", o->out);
	if (o->perfetto && ((o->out && !strcmp(o->out, o->perfetto)) ||
			    (o->dat && !strcmp(o->dat, o->perfetto))))
		usage_error("--perfetto cannot share its file (%s) with -o or --dat",
			    o->perfetto);
	if (!o->kafka && kafka_settings)
		usage_error("--kafka-format, --kafka-conf, --kafka-spill, --kafka-spill-max and --kafka-timeout need --kafka");
	if (o->kafka_spill &&
	    ((o->out && !strcmp(o->out, o->kafka_spill)) ||
	     (o->dat && !strcmp(o->dat, o->kafka_spill)) ||
	     (o->perfetto && !strcmp(o->perfetto, o->kafka_spill))))
		usage_error("--kafka-spill cannot share its file (%s) with -o, --dat or --perfetto",
			    o->kafka_spill);
	if (o->reset && (optind != 2 || argc != 2))
		usage_error("--reset takes no other options or COMMAND");
	check_output_args(o);
}

#define OPTSTRING	"+:e:p:d:k:b:o:qhtrZxi:"

/* --config FILE on the command line, or NULL; reported once given twice. */
static const char *find_config(int argc, char **argv)
{
	const char *path = NULL;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, OPTSTRING, lopts, NULL)) != -1) {
		if (c != OPT_CONFIG)
			continue;
		if (path)
			usage_error("--config given twice");
		path = optarg;
	}
	optind = 0;
	return path;
}

/*
 * The file's "--key=value" arguments, parsed as options before the
 * command line's, which then win; a message names the line.
 */
static void parse_config(const char *path, char *argv0, struct opts *o,
			 struct ut_inject *inj)
{
	static const char *const refused[] = {
		"config", "help", "input", "reset", "inject-dry-run", NULL
	};
	char **v;
	int c;

	ut_config_read(&cfg, path, lopts, refused);
	v = calloc(cfg.n + 2, sizeof(*v));
	if (!v)
		fatal("out of memory");
	v[0] = argv0;
	memcpy(v + 1, cfg.args, cfg.n * sizeof(*v));
	optind = 0;
	while ((c = getopt_long(cfg.n + 1, v, OPTSTRING, lopts, NULL)) != -1) {
		cfg_arg = optind - 2;	/* each is one argument */
		parse_option(c, v, o, inj);
	}
	cfg_arg = -1;
	optind = 0;
	free(v);
}

void parse_args(int argc, char **argv, struct opts *o, struct ut_inject *inj)
{
	const char *name;
	int c;

	memset(o, 0, sizeof(*o));
	ut_inject_init(inj);
	name = strrchr(argv[0], '/');
	if (!strcmp(name ? name + 1 : argv[0], "utrace-inject"))
		ut_prog = "utrace-inject";
	o->shown_kinds = UT_KINDS_DEFAULT;
	o->buf_kb = 4096;
	o->mode = -1;
	o->kafka_timeout = UT_KAFKA_TIMEOUT;
	o->kafka_spill_max = UT_KAFKA_SPILL_MAX;
	o->summary_interval = -1;
	opterr = 0;
	o->config = find_config(argc, argv);
	if (o->config)
		parse_config(o->config, argv[0], o, inj);
	while ((c = getopt_long(argc, argv, OPTSTRING, lopts, NULL)) != -1)
		parse_option(c, argv, o, inj);
	if (optind < argc)
		o->cmd = &argv[optind];
	else if (optind > 1 && !strcmp(argv[optind - 1], "--"))
		usage_error("no COMMAND after '--'");
	cfg_both = o->config != NULL;
	check_args(argc, o, inj);
	cfg_both = false;
}
