// SPDX-License-Identifier: GPL-2.0
/*
 * utrace-crash - report on tasks the kernel holds before they dump core.
 *
 * Enables utrace/crash in tracefs, polls its held file, writes a text and
 * a JSON report for each held task, then releases it (core or kill).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crashdir.h"
#include "util.h"
#include "watch.h"

#define EXIT_USAGE 2

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = sig;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: %s [--once] [--action core|kill] [--out DIR] [--json]\n"
"                    [--timeout-ms N] [--dir-kernel PATH] [--proc PATH]\n"
"\n"
"Hold tasks about to dump core, write a report on each, then release it.\n"
"\n"
"  --once             handle one task, then exit\n"
"  --action ACTION    core: dump core as usual (default); kill: no core\n"
"  --out DIR          report directory (default /var/crash)\n"
"  --json             print each report as a JSON line instead of the\n"
"                     summary line (the .json file is always written)\n"
"  --timeout-ms N     set how long the kernel holds a task (restored on exit)\n"
"  --dir-kernel PATH  kernel directory (default %s)\n"
"  --proc PATH        proc file system (default /proc)\n"
"  --help             this text\n", prog, CRASHDIR_DEFAULT);
}

struct opts {
	struct watch_opts w;
	const char *kdir;
	long long timeout_ms;	/* -1: leave alone */
};

static int parse_ms(const char *s, long long *ms)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*ms = strtoll(s, &end, 10);
	return errno || *end || !*ms || *ms > 0xffffffffLL ? -1 : 0;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "once", no_argument, NULL, 'o' },
		{ "action", required_argument, NULL, 'a' },
		{ "out", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "timeout-ms", required_argument, NULL, 't' },
		{ "dir-kernel", required_argument, NULL, 'k' },
		{ "proc", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->w.action = "core";
	o->w.out = "/var/crash";
	o->w.proc = "/proc";
	o->kdir = CRASHDIR_DEFAULT;
	o->timeout_ms = -1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->w.once = 1;
			break;
		case 'a':
			if (strcmp(optarg, "core") && strcmp(optarg, "kill")) {
				fprintf(stderr, "%s: --action: expected core or kill, got '%s'\n",
					prog, optarg);
				return -1;
			}
			o->w.action = optarg;
			break;
		case 'd':
			o->w.out = optarg;
			break;
		case 'j':
			o->w.json = 1;
			break;
		case 't':
			if (parse_ms(optarg, &o->timeout_ms)) {
				fprintf(stderr, "%s: --timeout-ms: expected milliseconds > 0, got '%s'\n",
					prog, optarg);
				return -1;
			}
			break;
		case 'k':
			o->kdir = optarg;
			break;
		case 'p':
			o->w.proc = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case ':':
			fprintf(stderr, "%s: %s needs an argument (see --help)\n",
				prog, argv[optind - 1]);
			return -1;
		default:
			if (!strncmp(argv[optind - 1], "--", 2))
				fprintf(stderr, "%s: bad option %s (see --help)\n",
					prog, argv[optind - 1]);
			else
				fprintf(stderr, "%s: unknown option -%c (see --help)\n",
					prog, optopt);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s' (see --help)\n",
			prog, argv[optind]);
		return -1;
	}
	return 0;
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: wake the sleep */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Check the report directory (creating it) before touching the kernel. */
static int prepare_out(const char *dir)
{
	if (mkdir_p(dir, 0755) < 0 || access(dir, W_OK | X_OK) < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, dir, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long old_timeout = 0;
	int was_on, set_timeout = 0, ret;
	struct opts o;
	struct crashdir k;

	if (parse_args(argc, argv, &o))
		return EXIT_USAGE;
	catch_signals();
	if (crashdir_open(&k, o.kdir, o.timeout_ms >= 0))
		return 1;
	if (prepare_out(o.w.out) ||
	    (was_on = crashdir_enabled(&k)) < 0 ||
	    (o.timeout_ms >= 0 && crashdir_read_timeout(&k, &old_timeout))) {
		crashdir_close(&k);
		return 1;
	}
	if (o.timeout_ms >= 0) {
		if (crashdir_set_timeout(&k, o.timeout_ms)) {
			crashdir_close(&k);
			return 1;
		}
		set_timeout = 1;
	}
	if (!was_on && crashdir_set_enable(&k, 1)) {
		if (set_timeout)
			crashdir_set_timeout(&k, old_timeout);
		crashdir_close(&k);
		return 1;
	}
	ret = watch(&k, &o.w, &stop);
	/* Disabling releases whatever is still held, as if we were absent. */
	if (!was_on && crashdir_set_enable(&k, 0))
		ret = 1;
	if (set_timeout && crashdir_set_timeout(&k, old_timeout))
		ret = 1;
	crashdir_close(&k);
	return ret;
}
