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
/* The kernel's when= takes a last call (F..L+S). */
#define UT_INJECT_WHEN_LAST	1

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

/*
 * A delay as strace's parse_ts() reads it: a number, with a fraction or
 * exponent too, and the unit s, ms, us or ns (us when none): into
 * microseconds, rounded up (the kernel's unit), at most 60 s.
 */
static int parse_delay(const char *s, long long *us)
{
	static const struct { const char *sfx; double ns; } u[] = {
		{ "", 1e3 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
		{ "ns", 1 },
	};
	size_t flen = strspn(s, "eE.-+0123456789");
	size_t ilen = strspn(s, "+0123456789");
	char *end;
	double v;
	size_t i;

	if (!isdigit((unsigned char)*s) && *s != '.' && *s != '+')
		return -1;
	errno = 0;
	v = flen > ilen ? strtod(s, &end) : (double)strtoull(s, &end, 10);
	if (errno || end == s || v < 0)
		return -1;
	for (i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
		if (strcmp(end, u[i].sfx))
			continue;
		v = v * u[i].ns / 1e3;
		if (v > DELAY_MAX_US)
			return -1;
		*us = (long long)v;
		if ((double)*us < v)
			(*us)++;
		return 0;
	}
	return -1;
}

/* A number of when=, up to the first of stops; false when none. */
static bool when_num(const char **s, const char *stops, long long *out)
{
	char *end;

	if (!isdigit((unsigned char)**s))
		return false;
	errno = 0;
	*out = strtoll(*s, &end, 10);
	if (errno || *out < 1 || *out > WHEN_MAX || (*end && !strchr(stops, *end)))
		return false;
	*s = end;
	return true;
}

/*
 * strace's when=: F, F+, F+S, F..L, F..L+, F..L+S (all 1..65535, L at
 * least F and below 65535): the Fth call, then every Sth up to the
 * Lth.  Into the kernel's form.
 */
static int parse_when(const char *s, char *out, size_t len, char *err,
		      size_t errlen)
{
	const char *p = s;
	long long f, l = 0, st = 0;

	if (!when_num(&p, "+.", &f))
		goto bad;
	if (*p == '.') {
		if (p[1] != '.')
			goto bad;
		p += 2;
		if (!when_num(&p, "+", &l) || l < f || l == WHEN_MAX)
			goto bad;
		st = 1;
	}
	if (*p == '+') {
		p++;
		st = 1;
		if (*p && (!when_num(&p, "", &st) || *p))
			goto bad;
	}
	if (l && !UT_INJECT_WHEN_LAST)
		return bad(err, errlen, "when=%s: the kernel's rules have no last call (..L): use N, N+ or N+M", s);
	if (!st)
		snprintf(out, len, "%lld", f);
	else if (l)
		snprintf(out, len, "%lld..%lld+%lld", f, l, st);
	else
		snprintf(out, len, "%lld+%lld", f, st);
	return 0;
bad:
	return bad(err, errlen, "when=%s: F, F+, F+S, F..L or F..L+S, numbers from 1 to %d",
		   s, WHEN_MAX);
}

/* The actions of one SPEC, as its KEY=VALUE tokens give them. */
struct inject_actions {
	long long error, retval, delay_enter, delay_exit;	/* -1: none */
	bool has_error, has_retval;
	int signal;			/* 0: none */
	char when[48];			/* "" when not given */
	char *poke[2];			/* poke_enter=, poke_exit= (malloc) */
	int poke_args[2];		/* the highest @argN of each */
};

/* strace: a number up to 4095 or an errno name; 0 and below refused. */
static int key_error(struct inject_actions *a, const char *key,
		     const char *val, char *err, size_t errlen)
{
	(void)key;
	if (parse_errno(val, &a->error) || a->error < 1 || a->error > 4095)
		return bad(err, errlen, "error=%s: an errno name (ENOENT) or a number from 1 to 4095", val);
	if (a->error >= 512 && a->error <= 516)
		return bad(err, errlen, "error=%s: 512..516 (ERESTART*) would make the kernel restart the call: the rules refuse them",
			   val);
	a->has_error = true;
	return 0;
}

/* strace: an unsigned 64-bit number, in any base strtoull takes. */
static int key_retval(struct inject_actions *a, const char *key,
		      const char *val, char *err, size_t errlen)
{
	unsigned long long v;
	char *end;

	(void)key;
	errno = 0;
	v = strtoull(val, &end, 0);
	if (end == val || *end || errno)
		return bad(err, errlen, "retval=%s: a number (decimal, 0x hex or 0 octal)", val);
	a->retval = (long long)v;
	if (a->retval >= -516 && a->retval <= -512)
		return bad(err, errlen, "retval=%s: -512..-516 (ERESTART*) would make the kernel restart the call: the rules refuse them",
			   val);
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

/*
 * syscall=NAME: strace runs NAME, a pure call (TRACE_PURE in every
 * ABI), instead of the call, and only with error= or retval=, whose
 * value then replaces NAME's result: the same as not running the call.
 * Checked as strace checks it, then dropped.
 */
static int key_syscall(struct inject_actions *a, const char *key,
		       const char *val, char *err, size_t errlen)
{
	(void)a;
	(void)key;
	if (!ut_scset_pure(val))
		return bad(err, errlen, "syscall=%s: a call without side effects (strace's %%pure: getpid, getuid, ...)",
			   val);
	return 0;
}

/*
 * poke_enter=@argN=HEX[,@argM=HEX...] (poke_exit= the same): write the
 * bytes where argument N points, at entry or exit.  As strace takes
 * it: N 1..7 (the kernel's calls have 6), an even number of hex digits,
 * at most 1024 bytes; here each argument once (the kernel's rule).
 * Kept for the rule in lower case.
 */
static int key_poke(struct inject_actions *a, const char *key,
		    const char *val, char *err, size_t errlen)
{
	int exit = !strcmp(key, "poke_exit"), n;
	unsigned int seen = 0;
	const char *p = val;
	char *out;
	size_t len, i;

	out = malloc(strlen(val) + 1);
	if (!out)
		return bad(err, errlen, "out of memory");
	a->poke[exit] = out;
	do {
		if (strncmp(p, "@arg", 4) || p[4] < '1' || p[4] > '7' ||
		    p[5] != '=')
			return bad(err, errlen, "%s=%s: @argN=HEX, N from 1 to 6, separated by commas", key, val);
		n = p[4] - '0';
		if (n > 6)
			return bad(err, errlen, "%s=%s: @arg%d: x86 system calls have 6 arguments", key, val, n);
		if (seen & 1u << n)
			return bad(err, errlen, "%s=%s: @arg%d is given twice", key, val, n);
		seen |= 1u << n;
		if (n > a->poke_args[exit])
			a->poke_args[exit] = n;
		p += 6;
		len = strcspn(p, ",");
		for (i = 0; i < len && isxdigit((unsigned char)p[i]); i++)
			;
		if (!len || len % 2 || len > 2048 || i < len)
			return bad(err, errlen, "%s=%s: an even number of hex digits, at most 2048 (1024 bytes), after @arg%d=",
				   key, val, n);
		out += sprintf(out, "%s@arg%d=", out == a->poke[exit] ? "" : ",", n);
		for (i = 0; i < len; i++)
			*out++ = tolower((unsigned char)p[i]);
		*out = '\0';
		p += len;
	} while (*p++ == ',');
	return 0;
}

/*
 * strace pokes an argument only of calls that have it (at run time, an
 * error for the others); the kernel does not know how many a call has:
 * refuse a poke of an argument that a call of the set lacks.
 */
static int check_pokes(const struct inject_actions *a,
		       const struct ut_scset *set, char *err, size_t errlen)
{
	static const char *const keys[2] = { "poke_enter", "poke_exit" };
	static const char *const abis[UT_ABIS] = { "x86_64", "i386" };
	int k, abi, nr, n;

	for (k = 0; k < 2; k++)
		for (abi = 0; abi < UT_ABIS && a->poke[k]; abi++)
			for (nr = 0; nr < UT_SCSET_MAX; nr++) {
				if (!set->nr[abi][nr])
					continue;
				n = ut_scset_nargs(abi, nr);
				if (n >= a->poke_args[k])
					continue;
				if (n < 0)
					return bad(err, errlen, "%s=@arg%d: %s call %d has no name, so no known arguments: name the calls to poke",
						   keys[k], a->poke_args[k], abis[abi], nr);
				return bad(err, errlen, "%s=@arg%d: %s (%s) has %d argument%s (strace would not poke it): name calls that have it",
					   keys[k], a->poke_args[k], ut_scset_name(abi, nr), abis[abi],
					   n, n == 1 ? "" : "s");
			}
	return 0;
}

static const struct inject_key {
	const char *name;
	int (*parse)(struct inject_actions *a, const char *key,
		     const char *val, char *err, size_t errlen);
	bool fault;		/* fault= takes it too */
	bool again;		/* strace takes it twice (the last counts) */
} inject_keys[] = {
	{ "error",	 key_error,	  true,  false },
	{ "retval",	 key_retval,	  false, false },
	{ "signal",	 key_signal,	  false, false },
	{ "delay_enter", key_delay,	  false, false },
	{ "delay_exit",	 key_delay,	  false, false },
	{ "when",	 key_when,	  true,  true },
	{ "syscall",	 key_syscall,	  false, false },
	{ "poke_enter",	 key_poke,	  false, false },
	{ "poke_exit",	 key_poke,	  false, false },
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
	if ((*seen & 1u << (k - inject_keys)) && !k->again)
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
	    a->delay_enter < 0 && a->delay_exit < 0 && !a->poke[0] &&
	    !a->poke[1])
		return bad(err, errlen, "no action: give error=, retval=, signal=, delay_enter=, delay_exit=, poke_enter= or poke_exit=");
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
	if (a->poke[0])
		sb_printf(sb, " poke_enter=%s", a->poke[0]);
	if (a->poke[1])
		sb_printf(sb, " poke_exit=%s", a->poke[1]);
	if (a->when[0])
		sb_printf(sb, " when=%s", a->when);
}

/*
 * Record the SPEC.  strace keeps one SPEC per call and ABI, the last
 * given: the calls of set leave the earlier SPECs' sets.
 */
static void add_spec(struct ut_inject *inj, const char *spec,
		     const char *actions, const struct ut_scset *set)
{
	struct ut_inject_spec *sp = &inj->specs[inj->nspecs];
	int i, abi, nr;

	for (i = 0; i < inj->nspecs; i++)
		for (abi = 0; abi < UT_ABIS; abi++)
			for (nr = 0; nr < UT_SCSET_MAX; nr++)
				if (set->nr[abi][nr])
					inj->specs[i].set.nr[abi][nr] = false;
	memset(sp, 0, sizeof(*sp));
	sp->text = spec;
	sp->actions = strdup(actions);
	sp->set = *set;
	inj->nrules = ++inj->nspecs;
	/* Shown: the x86_64 calls; all calls when there are none. */
	memset(&inj->all, 0, sizeof(inj->all));
	for (i = 0; i < inj->nspecs; i++)
		for (nr = 0; nr < UT_SCSET_MAX && nr < UT_SYSSET_MAX; nr++)
			if (inj->specs[i].set.nr[UT_ABI_X86_64][nr])
				inj->all.nr[nr] = inj->all.any = true;
}

int ut_inject_parse(struct ut_inject *inj, const char *spec, bool fault,
		    char *err, size_t errlen)
{
	char *copy, *tokens;
	struct inject_actions a;
	struct ut_scset *set;
	struct sbuf text = { 0 };
	int ret = -1;

	if (inj->nspecs >= UT_INJECT_MAX)
		return bad(err, errlen, "at most %d inject= and fault= SPECs (one kernel rule each)",
			   UT_INJECT_MAX);
	copy = strdup(spec);
	set = malloc(sizeof(*set));
	if (!copy || !set) {
		bad(err, errlen, "out of memory");
		goto out;
	}
	tokens = strchr(copy, ':');
	if (tokens)
		*tokens++ = '\0';
	memset(&a, 0, sizeof(a));
	if (ut_scset_parse(copy, set, err, errlen) ||
	    parse_actions(tokens, fault, &a, err, errlen) ||
	    check_pokes(&a, set, err, errlen))
		goto out;
	actions_text(&a, &text);
	add_spec(inj, spec, sb_str(&text), set);
	ret = !inj->specs[inj->nspecs - 1].actions ?
	      bad(err, errlen, "out of memory") : 0;
out:
	free(a.poke[0]);
	free(a.poke[1]);
	sb_free(&text);
	free(set);
	free(copy);
	return ret;
}

/* "257,i386:295": the numbers of set, x86_64 then i386. */
static void set_text(const struct ut_scset *set, struct sbuf *sb)
{
	static const char *const prefix[UT_ABIS] = { "", "i386:" };
	const char *sep = "";
	int abi, nr;

	for (abi = 0; abi < UT_ABIS; abi++)
		for (nr = 0; nr < UT_SCSET_MAX; nr++) {
			if (!set->nr[abi][nr])
				continue;
			sb_printf(sb, "%s%s%d", sep, prefix[abi], nr);
			sep = ",";
		}
}

/* A SPEC whose calls later SPECs all took (or "none") has no rule. */
static bool spec_empty(const struct ut_inject_spec *sp)
{
	return !ut_scset_count(&sp->set, -1);
}

/*
 * The keys that make the kernel count as strace does: when= per thread,
 * ABI and call (each traced thread has its own copy of the counters in
 * strace), not per rule; and nothing of COMMAND counted or injected up
 * to its first exec, the exec included (strace does not see them).
 */
static void count_keys(struct sbuf *sb)
{
	sb_puts(sb, " count=thread from_exec=1");
}

static void rule_line(const struct ut_inject *inj, int i, int pid,
		      struct sbuf *sb)
{
	const struct ut_inject_spec *sp = &inj->specs[i];

	sb_puts(sb, "syscalls=");
	set_text(&sp->set, sb);
	if (pid > 0)
		sb_printf(sb, " pid=%d", pid);
	else
		sb_puts(sb, " pid=PID");
	sb_puts(sb, " follow=1");
	count_keys(sb);
	sb_printf(sb, "%s\n", sp->actions);
}

void ut_inject_lines(const struct ut_inject *inj, int pid, struct sbuf *sb)
{
	int i;

	for (i = 0; i < inj->nspecs; i++)
		if (!spec_empty(&inj->specs[i]))
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

/* The syscalls= of a read line, by number; false when malformed. */
static bool read_set(const char *line, struct ut_scset *set)
{
	const char *p = key(line, "syscalls");
	unsigned long nr;
	char *end;
	int abi;

	memset(set, 0, sizeof(*set));
	while (p && *p && *p != ' ') {
		abi = strncmp(p, "i386:", 5) ? UT_ABI_X86_64 : UT_ABI_I386;
		if (abi == UT_ABI_I386)
			p += 5;
		if (!isdigit((unsigned char)*p))
			return false;
		nr = strtoul(p, &end, 10);
		if (nr >= UT_SCSET_MAX || (*end && *end != ',' && *end != ' '))
			return false;
		set->nr[abi][nr] = true;
		p = *end == ',' ? end + 1 : end;
	}
	return p != NULL;
}

static unsigned long long num_of(const char *line, const char *k)
{
	const char *v = key(line, k);

	return v ? strtoull(v, NULL, 10) : 0;
}

int ut_inject_note_read(struct ut_inject *inj, char *text, bool first)
{
	char *line, *save = NULL;
	struct ut_scset *got = malloc(sizeof(*got));
	int i = 0, found = 0;

	if (!got)
		return 0;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		long id = key(line, "id") ? (long)num_of(line, "id") : 0;
		struct ut_inject_spec *sp = NULL;
		int j;

		if (id <= 0)
			continue;
		if (first) {
			/*
			 * In the order written (a SPEC left empty has no
			 * line), and the same calls by number.
			 */
			while (i < inj->nspecs && spec_empty(&inj->specs[i]))
				i++;
			if (i < inj->nspecs && read_set(line, got) &&
			    !memcmp(got, &inj->specs[i].set, sizeof(*got)))
				sp = &inj->specs[i];
			i++;
			if (sp)
				sp->id = id;
		} else {
			for (j = 0; !sp && j < inj->nspecs; j++)
				if (inj->specs[j].id == id)
					sp = &inj->specs[j];
		}
		if (!sp)
			continue;
		sp->matched = num_of(line, "matched");
		sp->fired = num_of(line, "fired");
		sp->overflow = num_of(line, "overflow");
		found++;
	}
	free(got);
	return found;
}

/* Rules that are written: SPECs with calls left. */
static int rules_written(const struct ut_inject *inj)
{
	int i, n = 0;

	for (i = 0; i < inj->nspecs; i++)
		n += !spec_empty(&inj->specs[i]);
	return n;
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

	for (i = 0; i < inj->nspecs; i++) {
		if (spec_empty(&inj->specs[i]))
			continue;
		sb_reset(&sb);
		rule_line(inj, i, pid, &sb);
		if (write(inj->fd, sb_str(&sb), sb.len) >= 0)
			continue;
		fprintf(stderr, "%s: the kernel refuses the fault rule for -e inject=%s: %s  %s", ut_prog,
			inj->specs[i].text, strerror(errno), sb_str(&sb));
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
	if (sb.len >= UT_INJECT_WRITE_MAX) {
		fprintf(stderr, "%s: the fault rules take %zu bytes, the kernel takes less than %d in one write (large negated sets: give fewer SPECs)\n",
			ut_prog, sb.len, UT_INJECT_WRITE_MAX);
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
	if (got != rules_written(inj)) {
		fprintf(stderr, "%s: %s shows %d of the %d fault rules written (with the same system call numbers)\n",
			ut_prog, UT_INJECT_SESSION, got, rules_written(inj));
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

/* " for openat" when the SPEC has one call (in either ABI). */
static void spec_calls(const struct ut_inject_spec *sp, char *buf,
		       size_t len)
{
	const char *name = NULL;
	int abi, nr;

	for (abi = 0; abi < UT_ABIS; abi++)
		for (nr = 0; nr < UT_SCSET_MAX; nr++) {
			const char *n = ut_scset_name(abi, nr);

			if (!sp->set.nr[abi][nr])
				continue;
			if (!n || (name && strcmp(name, n))) {
				snprintf(buf, len, " for %d calls",
					 ut_scset_count(&sp->set, -1));
				return;
			}
			name = n;
		}
	snprintf(buf, len, " for %s", name ? name : "no call");
}

void ut_inject_report(const struct ut_inject *inj, FILE *f)
{
	char calls[64];
	int i;

	for (i = 0; i < inj->nspecs; i++) {
		if (spec_empty(&inj->specs[i]))
			continue;
		spec_calls(&inj->specs[i], calls, sizeof(calls));
		fprintf(f, "%s: inject rule %ld (%s%s): fired %llu of %llu matching calls\n", ut_prog,
			inj->specs[i].id, inj->specs[i].text, calls,
			inj->specs[i].fired, inj->specs[i].matched);
		if (inj->specs[i].overflow)
			fprintf(f, "%s: warning: inject rule %ld: %llu calls were neither counted nor acted on (the kernel's per-thread counters were full)\n",
				ut_prog, inj->specs[i].id, inj->specs[i].overflow);
	}
}
