// SPDX-License-Identifier: GPL-2.0
/* inject.c - strace's -e inject= as utrace-global fault rules; see inject.h. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "cli.h"
#include "event.h"
#include "inject.h"
#include "names.h"

#define DEBUGFS_MAGIC_NR	0x64626720
#define WHEN_MAX		65535		/* strace's limit */
#define DELAY_MAX_US		60000000LL	/* the kernel's limit */

void ut_inject_init(struct ut_inject *inj)
{
	memset(inj, 0, sizeof(*inj));
	inj->fd = -1;
}

static int __attribute__((format(printf, 3, 4)))
bad(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* A decimal number, all of s; false when not one or out of range. */
static bool dec(const char *s, long long min, long long max, long long *out)
{
	char *end;
	long long v;

	if (!isdigit((unsigned char)*s) && !(*s == '-' && isdigit((unsigned char)s[1])))
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static int parse_errno(const char *s, long long *out)
{
	const char *name;
	int e;

	if (dec(s, LLONG_MIN, LLONG_MAX, out))
		return 0;
	for (e = 1; e < 4096; e++) {
		name = ut_errno_name(e);
		if (name && !strcmp(name, s)) {
			*out = e;
			return 0;
		}
	}
	return -1;
}

int ut_signal_parse(const char *s)
{
	long long v;
	const char *a;
	int sig;

	if (dec(s, 1, 64, &v))
		return v;
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (sig = 1; sig < SIGRTMIN; sig++) {
		a = sigabbrev_np(sig);
		if (a && !strcasecmp(a, s))
			return sig;
	}
	if (!strncasecmp(s, "RTMIN", 5)) {
		if (!s[5])
			return SIGRTMIN;
		if (s[5] == '+' && dec(s + 6, 1, SIGRTMAX - SIGRTMIN, &v))
			return SIGRTMIN + v;
	}
	if (!strcasecmp(s, "RTMAX"))
		return SIGRTMAX;
	return -1;
}

/* 100, 100us, 5ms, 1s, 1500ns (rounded up to 2 us): microseconds. */
static int parse_delay(const char *s, long long *us)
{
	static const struct { const char *sfx; long long mul, div; } u[] = {
		{ "", 1, 1 }, { "us", 1, 1 }, { "ms", 1000, 1 },
		{ "s", 1000000, 1 }, { "ns", 1, 1000 },
	};
	char *end;
	long long v;
	size_t i;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno)
		return -1;
	for (i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
		if (strcmp(end, u[i].sfx))
			continue;
		if (v > DELAY_MAX_US * u[i].div / u[i].mul)
			return -1;
		*us = (v * u[i].mul + u[i].div - 1) / u[i].div;
		return 0;
	}
	return -1;
}

/* N, N+ or N+M into the kernel's form (the same text, canonical). */
static int parse_when(const char *s, char *out, size_t len, char *err,
		      size_t errlen)
{
	char first[24];
	const char *plus = strchr(s, '+');
	size_t flen = plus ? (size_t)(plus - s) : strlen(s);
	long long n, m;

	if (strstr(s, ".."))
		return bad(err, errlen, "when=%s: ranges (N..M) are not supported; use N, N+ or N+M", s);
	if (flen >= sizeof(first))
		flen = sizeof(first) - 1;	/* too long anyway: fails */
	memcpy(first, s, flen);
	first[flen] = '\0';
	if (!dec(first, 1, WHEN_MAX, &n) || (plus ? plus - s : (long)strlen(s)) != (long)flen)
		return bad(err, errlen, "when=%s: N must be a number from 1 to %d (forms: N, N+, N+M)",
			   s, WHEN_MAX);
	if (!plus)
		snprintf(out, len, "%lld", n);
	else if (!plus[1])
		snprintf(out, len, "%lld+", n);
	else if (dec(plus + 1, 1, WHEN_MAX, &m))
		snprintf(out, len, "%lld+%lld", n, m);
	else
		return bad(err, errlen, "when=%s: M must be a number from 1 to %d (forms: N, N+, N+M)",
			   s, WHEN_MAX);
	return 0;
}

/* The SET of a SPEC: names and %classes as -e trace= takes them. */
static int parse_set(char *set, struct ut_sysset *s, char *err, size_t errlen)
{
	char *item, *save = NULL;
	const char *badname;

	memset(s, 0, sizeof(*s));
	if (!*set)
		return bad(err, errlen, "no system call before the first ':'");
	for (item = strtok_r(set, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		if (item[0] == '!')
			return bad(err, errlen, "'%s': negated sets (!) are not supported", item);
		if (item[0] == '/')
			return bad(err, errlen, "'%s': regular expressions are not supported", item);
		if (item[0] == '?')
			return bad(err, errlen, "'%s': the ? prefix is not supported", item);
		if (!strcmp(item, "all") || !strcmp(item, "none"))
			return bad(err, errlen, "'%s' is not supported: name the calls or classes", item);
		if (ut_sysset_parse(item, s, &badname))
			return bad(err, errlen, "unknown syscall or class '%s'", badname);
	}
	if (!s->any)
		return bad(err, errlen, "no system call before the first ':'");
	return 0;
}

/* The actions of one SPEC, as its KEY=VALUE tokens give them. */
struct inject_actions {
	long long error, retval, delay_enter, delay_exit;	/* -1: none */
	bool has_error, has_retval;
	int signal;			/* 0: none */
	char when[48];			/* "" when not given */
};

static int key_error(struct inject_actions *a, const char *key,
		     const char *val, char *err, size_t errlen)
{
	(void)key;
	if (parse_errno(val, &a->error) || a->error < 1 || a->error > 4095)
		return bad(err, errlen, "error=%s: an errno name (ENOENT) or a number from 1 to 4095", val);
	if (a->error >= 512 && a->error <= 516)
		return bad(err, errlen, "error=%s: 512..516 (ERESTART*) cannot be injected", val);
	a->has_error = true;
	return 0;
}

static int key_retval(struct inject_actions *a, const char *key,
		      const char *val, char *err, size_t errlen)
{
	(void)key;
	if (!dec(val, LONG_MIN, LONG_MAX, &a->retval))
		return bad(err, errlen, "retval=%s: a decimal integer", val);
	a->has_retval = true;
	return 0;
}

static int key_signal(struct inject_actions *a, const char *key,
		      const char *val, char *err, size_t errlen)
{
	(void)key;
	a->signal = ut_signal_parse(val);
	if (a->signal < 1)
		return bad(err, errlen, "signal=%s: a signal name (SIGUSR1, USR1) or a number from 1 to 64", val);
	return 0;
}

static int key_delay(struct inject_actions *a, const char *key,
		     const char *val, char *err, size_t errlen)
{
	long long *d = !strcmp(key, "delay_enter") ? &a->delay_enter :
			&a->delay_exit;

	if (parse_delay(val, d))
		return bad(err, errlen, "%s=%s: a number of microseconds, or with the unit s, ms, us or ns, at most 60 s",
			   key, val);
	return 0;
}

static int key_when(struct inject_actions *a, const char *key,
		    const char *val, char *err, size_t errlen)
{
	(void)key;
	return parse_when(val, a->when, sizeof(a->when), err, errlen);
}

/* strace's keys that have no utrace-global rule. */
static int key_unsupported(struct inject_actions *a, const char *key,
			   const char *val, char *err, size_t errlen)
{
	(void)a;
	(void)val;
	if (!strcmp(key, "syscall"))
		return bad(err, errlen, "syscall= (injecting another call) is not supported");
	return bad(err, errlen, "%s= is not supported", key);
}

static const struct inject_key {
	const char *name;
	int (*parse)(struct inject_actions *a, const char *key,
		     const char *val, char *err, size_t errlen);
	bool fault;		/* fault= takes it too */
} inject_keys[] = {
	{ "error",	 key_error,	  true },
	{ "retval",	 key_retval,	  false },
	{ "signal",	 key_signal,	  false },
	{ "delay_enter", key_delay,	  false },
	{ "delay_exit",	 key_delay,	  false },
	{ "when",	 key_when,	  true },
	{ "syscall",	 key_unsupported, false },
	{ "poke_enter",	 key_unsupported, false },
	{ "poke_exit",	 key_unsupported, false },
};

/*
 * One KEY=VALUE token (tok is modified); seen has a bit per key of
 * inject_keys already given.
 */
static int parse_inject_token(char *tok, bool fault, unsigned int *seen,
			      struct inject_actions *a, char *err,
			      size_t errlen)
{
	const struct inject_key *k = NULL;
	char *val = strchr(tok, '=');
	size_t i;

	if (!val)
		return bad(err, errlen, "'%s' is not KEY=VALUE", tok);
	*val++ = '\0';
	for (i = 0; i < sizeof(inject_keys) / sizeof(inject_keys[0]); i++)
		if (!strcmp(tok, inject_keys[i].name))
			k = &inject_keys[i];
	if (fault && !(k && k->fault))
		return bad(err, errlen, "fault= takes only error= and when=, not %s= (use inject=)", tok);
	if (!k)
		return bad(err, errlen, "unknown key '%s' (error=, retval=, signal=, delay_enter=, delay_exit=, when=)",
			   tok);
	if (*seen & 1u << (k - inject_keys))
		return bad(err, errlen, "%s= is given twice", tok);
	*seen |= 1u << (k - inject_keys);
	return k->parse(a, tok, val, err, errlen);
}

/* The tokens after the SET (NULL: none), then what they must add up to. */
static int parse_actions(char *tokens, bool fault, struct inject_actions *a,
			 char *err, size_t errlen)
{
	unsigned int seen = 0;
	char *tok, *save = NULL;

	memset(a, 0, sizeof(*a));
	a->delay_enter = a->delay_exit = -1;
	for (tok = tokens ? strtok_r(tokens, ":", &save) : NULL; tok;
	     tok = strtok_r(NULL, ":", &save))
		if (parse_inject_token(tok, fault, &seen, a, err, errlen))
			return -1;
	if (a->has_error && a->has_retval)
		return bad(err, errlen, "error= and retval= cannot be combined");
	if (fault && !a->has_error) {
		a->error = ENOSYS;
		a->has_error = true;
	}
	if (!a->has_error && !a->has_retval && !a->signal &&
	    a->delay_enter < 0 && a->delay_exit < 0)
		return bad(err, errlen, "no action: give error=, retval=, signal=, delay_enter= or delay_exit=");
	return 0;
}

/* The calls of set get a rule each: none may have one yet, 32 at most. */
static int check_room(const struct ut_inject *inj,
		      const struct ut_sysset *set, char *err, size_t errlen)
{
	int nr, n = 0;

	for (nr = 0; nr < UT_SYSSET_MAX; nr++) {
		if (!set->nr[nr])
			continue;
		if (inj->all.nr[nr])
			return bad(err, errlen, "%s is already in another inject= or fault= SPEC",
				   ut_syscall_name_arch(UT_ARCH_X86_64, nr));
		n++;
	}
	if (inj->nrules + n > UT_INJECT_MAX)
		return bad(err, errlen, "%d system calls in all: at most %d can have faults injected (one kernel rule each)",
			   inj->nrules + n, UT_INJECT_MAX);
	return 0;
}

/* The action keys of a rule line, in the kernel's order. */
static void actions_text(const struct inject_actions *a, struct sbuf *sb)
{
	if (a->has_error)
		sb_printf(sb, " error=%lld", a->error);
	if (a->has_retval)
		sb_printf(sb, " retval=%lld", a->retval);
	if (a->signal)
		sb_printf(sb, " signal=%d", a->signal);
	if (a->delay_enter >= 0)
		sb_printf(sb, " delay_enter=%lld", a->delay_enter);
	if (a->delay_exit >= 0)
		sb_printf(sb, " delay_exit=%lld", a->delay_exit);
	if (a->when[0])
		sb_printf(sb, " when=%s", a->when);
}

/* Record the SPEC and one rule per call of its set. */
static void add_rules(struct ut_inject *inj, const char *spec,
		      const char *actions, const struct ut_sysset *set)
{
	struct ut_inject_spec *sp = &inj->specs[inj->nspecs];
	int nr;

	sp->text = spec;
	strcpy(sp->actions, actions);
	for (nr = 0; nr < UT_SYSSET_MAX; nr++) {
		struct ut_inject_rule *r;

		if (!set->nr[nr])
			continue;
		r = &inj->rules[inj->nrules++];
		memset(r, 0, sizeof(*r));
		r->nr = nr;
		r->name = ut_syscall_name_arch(UT_ARCH_X86_64, nr);
		r->spec = inj->nspecs;
		inj->all.nr[nr] = true;
	}
	inj->all.any = true;
	inj->nspecs++;
}

int ut_inject_parse(struct ut_inject *inj, const char *spec, bool fault,
		    char *err, size_t errlen)
{
	char *copy = strdup(spec), *tokens;
	struct inject_actions a;
	struct ut_sysset set;
	struct sbuf text = { 0 };
	int ret = -1;

	if (!copy)
		return bad(err, errlen, "out of memory");
	tokens = strchr(copy, ':');
	if (tokens)
		*tokens++ = '\0';
	if (parse_set(copy, &set, err, errlen) ||
	    parse_actions(tokens, fault, &a, err, errlen) ||
	    check_room(inj, &set, err, errlen))
		goto out;
	actions_text(&a, &text);
	if (text.len >= sizeof(inj->specs[0].actions)) {
		bad(err, errlen, "too long");
		goto out;
	}
	add_rules(inj, spec, sb_str(&text), &set);
	ret = 0;
out:
	sb_free(&text);
	free(copy);
	return ret;
}

static void rule_line(const struct ut_inject *inj, int i, int pid,
		      struct sbuf *sb)
{
	const struct ut_inject_rule *r = &inj->rules[i];

	sb_printf(sb, "syscalls=%s", r->name);
	if (pid > 0)
		sb_printf(sb, " pid=%d", pid);
	else
		sb_puts(sb, " pid=PID");
	sb_printf(sb, " follow=1%s\n", inj->specs[r->spec].actions);
}

void ut_inject_lines(const struct ut_inject *inj, int pid, struct sbuf *sb)
{
	int i;

	for (i = 0; i < inj->nrules; i++)
		rule_line(inj, i, pid, sb);
}

int ut_inject_check(void)
{
	struct statfs st;

	if (statfs(UT_INJECT_DEBUGFS, &st) ||
	    (unsigned long)st.f_type != DEBUGFS_MAGIC_NR) {
		if (mount("debugfs", UT_INJECT_DEBUGFS, "debugfs", 0, NULL) &&
		    errno != EBUSY) {
			fprintf(stderr, "%s: fault injection needs debugfs, and it cannot be mounted at %s: %s\n", ut_prog,
				UT_INJECT_DEBUGFS, strerror(errno));
			return 1;
		}
	}
	if (access(UT_INJECT_SESSION, F_OK)) {
		if (errno == ENOENT) {
			fprintf(stderr, "%s: fault injection needs a kernel with utrace-global (no %s)\n", ut_prog,
				UT_INJECT_SESSION);
			return 1;	/* the kernel's lack, not the user's */
		}
		fprintf(stderr, "%s: cannot use %s: %s\n", ut_prog,
			UT_INJECT_SESSION, strerror(errno));
		return 1;
	}
	return 0;
}

/*
 * The fault_attr knobs apply to rules too: say so when they would make
 * a rule act on fewer calls than it picks (another user changed them).
 */
static void knob_note(const char *name, const char *want)
{
	char path[256], val[64] = "";
	FILE *f;

	snprintf(path, sizeof(path), UT_INJECT_DEBUGFS "/fail_utrace_syscall/%s", name);
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(val, sizeof(val), f))
		val[strcspn(val, "\n")] = '\0';
	fclose(f);
	if (strcmp(val, want))
		fprintf(stderr, "%s: note: %s is %s, not %s: the rules act on fewer of the calls they pick\n", ut_prog,
			path, val, want);
}

/* The whole text of the session's rules (read from offset 0). */
static char *read_rules(int fd)
{
	size_t len = 0, size = 16384;
	char *buf = malloc(size), *nb;
	ssize_t n;

	while (buf) {
		if (len + 1 >= size) {
			nb = realloc(buf, size * 2);
			if (!nb)
				break;
			buf = nb;
			size *= 2;
		}
		n = pread(fd, buf + len, size - len - 1, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		if (n == 0) {
			buf[len] = '\0';
			return buf;
		}
		len += n;
	}
	free(buf);
	return NULL;
}

/* The value of " KEY=" in line (a line of the read format), or NULL. */
static const char *key(const char *line, const char *k)
{
	size_t kl = strlen(k);
	const char *p = line;

	while (p && *p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, k, kl) && p[kl] == '=')
			return p + kl + 1;
		p = strchr(p, ' ');
	}
	return NULL;
}

/* syscalls=257,i386:295 has the x86_64 number nr. */
static bool has_nr(const char *line, int nr)
{
	const char *p = key(line, "syscalls");
	char *end;

	while (p && *p && *p != ' ') {
		if (isdigit((unsigned char)*p) && strtol(p, &end, 10) == nr &&
		    (*end == ',' || *end == ' ' || !*end))
			return true;
		p = strpbrk(p, ", ");
		if (!p || *p == ' ')
			break;
		p++;
	}
	return false;
}

static unsigned long long num_of(const char *line, const char *k)
{
	const char *v = key(line, k);

	return v ? strtoull(v, NULL, 10) : 0;
}

int ut_inject_note_read(struct ut_inject *inj, char *text, bool first)
{
	char *line, *save = NULL;
	int i = 0, found = 0;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		long id = key(line, "id") ? (long)num_of(line, "id") : 0;
		struct ut_inject_rule *r = NULL;
		int j;

		if (id <= 0)
			continue;
		if (first) {
			/* In the order written; else whichever has the call. */
			if (i < inj->nrules && !inj->rules[i].id &&
			    has_nr(line, inj->rules[i].nr))
				r = &inj->rules[i];
			for (j = 0; !r && j < inj->nrules; j++)
				if (!inj->rules[j].id &&
				    has_nr(line, inj->rules[j].nr))
					r = &inj->rules[j];
			i++;
			if (r)
				r->id = id;
		} else {
			for (j = 0; !r && j < inj->nrules; j++)
				if (inj->rules[j].id == id)
					r = &inj->rules[j];
		}
		if (!r)
			continue;
		r->matched = num_of(line, "matched");
		r->fired = num_of(line, "fired");
		found++;
	}
	return found;
}

static void close_session(struct ut_inject *inj)
{
	if (inj->fd >= 0)
		close(inj->fd);
	inj->fd = -1;
}

/*
 * The kernel refused the set (EINVAL): try the rules one at a time to
 * name the ones it refuses.  A write replaces the set, and the session
 * is closed right after, so nothing stays installed.
 */
static void name_refused(struct ut_inject *inj, int pid)
{
	struct sbuf sb = { 0 };
	int i, shown = 0;

	for (i = 0; i < inj->nrules; i++) {
		sb_reset(&sb);
		rule_line(inj, i, pid, &sb);
		if (write(inj->fd, sb_str(&sb), sb.len) >= 0)
			continue;
		fprintf(stderr, "%s: the kernel refuses the fault rule for -e inject=%s (%s): %s  %s", ut_prog,
			inj->specs[inj->rules[i].spec].text, inj->rules[i].name,
			strerror(errno), sb_str(&sb));
		shown++;
	}
	if (!shown) {
		sb_reset(&sb);
		ut_inject_lines(inj, pid, &sb);
		fprintf(stderr, "%s: the kernel refuses the fault rules together:\n%s", ut_prog,
			sb_str(&sb));
	}
	sb_free(&sb);
}

int ut_inject_install(struct ut_inject *inj, int pid)
{
	struct sbuf sb = { 0 };
	char *text;
	ssize_t n;
	int ret = 1, got;

	ut_inject_lines(inj, pid, &sb);
	if (sb.len > UT_INJECT_WRITE_MAX) {
		fprintf(stderr, "%s: the fault rules take %zu bytes, more than the kernel's %d\n", ut_prog,
			sb.len, UT_INJECT_WRITE_MAX);
		goto out;
	}
	inj->fd = open(UT_INJECT_SESSION, O_RDWR | O_CLOEXEC);
	if (inj->fd < 0) {
		fprintf(stderr, "%s: cannot open %s: %s\n", ut_prog,
			UT_INJECT_SESSION, strerror(errno));
		goto out;
	}
	n = write(inj->fd, sb_str(&sb), sb.len);
	if (n < 0 && errno == EINVAL) {
		name_refused(inj, pid);
		ret = 2;
		goto out;
	}
	if (n != (ssize_t)sb.len) {
		fprintf(stderr, "%s: cannot write the fault rules to %s: %s\n", ut_prog,
			UT_INJECT_SESSION, n < 0 ? strerror(errno) : "short write");
		goto out;
	}
	text = read_rules(inj->fd);
	if (!text) {
		fprintf(stderr, "%s: cannot read back %s: %s\n", ut_prog,
			UT_INJECT_SESSION, strerror(errno));
		goto out;
	}
	got = ut_inject_note_read(inj, text, true);
	free(text);
	if (got != inj->nrules) {
		fprintf(stderr, "%s: %s shows %d of the %d fault rules written\n", ut_prog,
			UT_INJECT_SESSION, got, inj->nrules);
		goto out;
	}
	knob_note("probability", "100");
	knob_note("times", "-1");
	knob_note("task-filter", "N");
	ret = 0;
out:
	if (ret)
		close_session(inj);
	sb_free(&sb);
	return ret;
}

void ut_inject_finish(struct ut_inject *inj)
{
	char *text;
	bool counted;

	if (inj->fd < 0)
		return;
	text = read_rules(inj->fd);
	counted = text != NULL;
	if (text)
		ut_inject_note_read(inj, text, false);
	else
		fprintf(stderr, "%s: cannot read the fault rules' counts: %s\n", ut_prog,
			strerror(errno));
	free(text);
	close_session(inj);
	if (counted)
		ut_inject_report(inj, stderr);
}

void ut_inject_report(const struct ut_inject *inj, FILE *f)
{
	int i;

	for (i = 0; i < inj->nrules; i++)
		fprintf(f, "%s: inject rule %ld (%s for %s): fired %llu of %llu matching calls\n", ut_prog,
			inj->rules[i].id, inj->specs[inj->rules[i].spec].text,
			inj->rules[i].name, inj->rules[i].fired,
			inj->rules[i].matched);
}
