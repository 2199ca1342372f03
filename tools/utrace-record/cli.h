/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cli.h - utrace-record's command line: the options, parsed and checked
 * once, then read by the session, the output and the -i replay.
 */
#ifndef UT_CLI_H
#define UT_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "inject.h"
#include "rotate.h"
#include "sysset.h"

#define EXIT_USAGE	2
#define UT_MAX_INPUTS	64	/* -i recordings read at once */

/* The name messages start with: utrace-inject when run by that name. */
extern const char *ut_prog;

struct opts {
	unsigned int shown_kinds;	/* -e: the kinds printed */
	int pid;
	bool follow;
	double lossless;	/* --lossless: each wait's bound in s, 0 off */
	const char *comm;
	double duration;
	int timeout_sig;	/* --signal: sent to COMMAND's group at -d */
	double kill_after;	/* -k: then SIGKILL this much later, 0 never */
	bool kill_set;		/* -k given */
	size_t buf_kb;
	const char *out;	/* -o, --output: text/JSON lines */
	const char *dat;	/* --dat: trace.dat */
	const char *perfetto;	/* --perfetto: Chrome trace-event JSON */
	const char *otlp_file;	/* --otlp-file FILE */
	bool fleet_args;	/* --fleet-args: argv to the fleet sinks too */
	const char *redact_args;	/* --redact-args REGEX (envelope.h) */
	const char *kafka;	/* --kafka BROKERS/TOPIC */
	bool kafka_otlp;	/* --kafka-format otlp */
	const char **kafka_conf;	/* --kafka-conf KEY=VALUE, n of them */
	int nkafka_conf;
	const char *kafka_spill;	/* --kafka-spill FILE */
	unsigned long long kafka_spill_max;	/* --kafka-spill-max, bytes */
	double kafka_timeout;	/* --kafka-timeout, seconds */
	struct ut_rotate rotate;	/* --rotate-size, -keep, -compress */
	bool rotate_keep_set;
	double summary_interval;	/* --summary-interval s, -1: not given */
	bool per_call;		/* --per-call: fleet sinks get each syscall */
	bool json;
	bool summary;
	bool tree;		/* --tree */
	bool quiet;		/* -q: no lines */
	bool no_argv;		/* --no-argv: exec lines without argv */
	int mode;		/* -1 auto */
	bool reset;		/* --reset: remove stale instances, exit */
	int time_mode;		/* -t, -r: enum ut_time_mode */
	bool events_given;	/* -e with an event list */
	struct ut_sysset sysset;	/* -e trace=SET */
	bool failed_calls;	/* -Z: failed syscalls only */
	bool entry_named;	/* -e names syscall_entry itself */
	bool failed_exits;	/* -x: exits with a failure only */
	const char *input;	/* -i: read this trace.dat, do not trace */
	const char *inputs[UT_MAX_INPUTS];	/* -i given more than once */
	int ninputs;
	bool inject_dry_run;	/* --inject-dry-run: print the rules, exit */
	bool from_boot;		/* --from-boot: the top-level buffer's records */
	const char *config;	/* --config: options from this file */
	char **cmd;
};

/*
 * Fill o and the fault rules of -e inject=/fault= from argv; prints
 * --help and exits 0, or exits EXIT_USAGE with a message on a usage
 * error.
 */
void parse_args(int argc, char **argv, struct opts *o, struct ut_inject *inj);

/* "utrace-record: MESSAGE" (ut_prog) on stderr, exit 1. */
void __attribute__((noreturn, format(printf, 1, 2)))
fatal(const char *fmt, ...);

#endif
