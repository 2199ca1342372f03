// SPDX-License-Identifier: GPL-2.0
/*
 * config.c - --config FILE, read into "--key=value" arguments.  The
 * values themselves are checked where the command line's are (cli.c),
 * which names the line; here only what the file's form can get wrong.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"

static void __attribute__((noreturn, format(printf, 3, 4)))
config_error(const struct ut_config *c, int line, const char *fmt, ...)
{
	va_list ap;

	if (line)
		fprintf(stderr, "%s: %s:%d: ", ut_prog, c->path, line);
	else
		fprintf(stderr, "%s: --config %s: ", ut_prog, c->path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_USAGE);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fprintf(stderr, "%s: out of memory\n", ut_prog);
		exit(EXIT_FAILURE);
	}
	return p;
}

/* s without the white space around it (s is changed). */
static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static const struct option *find_key(const struct option *opts,
				     const char *key)
{
	for (; opts->name; opts++)
		if (!strcmp(opts->name, key))
			return opts;
	return NULL;
}

static bool refused_key(const char *const *refused, const char *key)
{
	for (; *refused; refused++)
		if (!strcmp(*refused, key))
			return true;
	return false;
}

static void add_arg(struct ut_config *c, int line, const char *key,
		    const char *value)
{
	char *arg;

	if (asprintf(&arg, value ? "--%s=%s" : "--%s", key, value) < 0) {
		fprintf(stderr, "%s: out of memory\n", ut_prog);
		exit(EXIT_FAILURE);
	}
	c->args = xrealloc(c->args, (c->n + 1) * sizeof(*c->args));
	c->lines = xrealloc(c->lines, (c->n + 1) * sizeof(*c->lines));
	c->args[c->n] = arg;
	c->lines[c->n] = line;
	c->n++;
}

/* A flag's value: 1 yes, 0 no, -1 neither. */
static int flag_value(const char *v)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true"))
		return 1;
	if (!strcmp(v, "no") || !strcmp(v, "false"))
		return 0;
	return -1;
}

/* One line, not blank and not a comment. */
static void parse_line(struct ut_config *c, int line, char *text,
		       const struct option *opts, const char *const *refused)
{
	const struct option *opt;
	char *eq = strchr(text, '='), *key, *value;
	int flag;

	if (!eq)
		config_error(c, line, "expected 'key = value', not '%s'", text);
	*eq = '\0';
	key = trim(text);
	value = trim(eq + 1);
	if (!*key)
		config_error(c, line, "no key before '='");
	opt = find_key(opts, key);
	if (!opt)
		config_error(c, line, "unknown key '%s' (keys are the long options of utrace-record(1), without '--')",
			     key);
	if (refused_key(refused, key))
		config_error(c, line, "'%s' is for the command line, not a config file",
			     key);
	if (opt->has_arg == no_argument) {
		flag = flag_value(value);
		if (flag < 0)
			config_error(c, line, "%s is yes or no, not '%s'", key,
				     value);
		if (flag)
			add_arg(c, line, key, NULL);
		return;
	}
	if (!*value)
		config_error(c, line, "%s needs a value", key);
	add_arg(c, line, key, value);
}

void ut_config_read(struct ut_config *c, const char *path,
		    const struct option *opts, const char *const *refused)
{
	char *buf = NULL, *text;
	size_t cap = 0;
	ssize_t len;
	int line = 0;
	FILE *f;

	c->path = path;
	f = fopen(path, "re");
	if (!f)
		config_error(c, 0, "%s", strerror(errno));
	while ((len = getline(&buf, &cap, f)) >= 0) {
		line++;
		if (memchr(buf, '\0', len))
			config_error(c, line, "a NUL byte in the line");
		text = trim(buf);
		if (*text && *text != '#')
			parse_line(c, line, text, opts, refused);
	}
	if (ferror(f))
		config_error(c, 0, "%s", strerror(errno));
	free(buf);
	fclose(f);
}
