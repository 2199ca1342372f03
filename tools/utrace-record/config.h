/* SPDX-License-Identifier: GPL-2.0 */
/*
 * config.h - --config FILE: the options of a recorder run as a service,
 * one "key = value" line each, where key is a long option's name
 * (output = /var/log/utrace.json, json = yes).  The lines become
 * "--key=value" arguments that go before the command line's, so the
 * command line's win; each remembers its line for the messages.
 */
#ifndef UT_CONFIG_H
#define UT_CONFIG_H

#include <getopt.h>

struct ut_config {
	const char *path;
	char **args;		/* "--key=value" or "--key", n of them */
	int *lines;		/* the line each came from */
	int n;
};

/*
 * Read path into c.  opts: the long options a key may name; refused:
 * the names a file may not use (NULL-terminated).  On a missing file,
 * an unknown key, a flag's value other than yes/no/true/false, an
 * empty value: "PROG: FILE:LINE: ..." on stderr, exit EXIT_USAGE.
 */
void ut_config_read(struct ut_config *c, const char *path,
		    const struct option *opts, const char *const *refused);

#endif
