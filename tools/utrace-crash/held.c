// SPDX-License-Identifier: GPL-2.0
/* held.c - parse a line of the kernel's utrace/crash/held file. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "held.h"

const char *const reg_names[NR_HREGS] = {
	"rip", "rsp", "rbp", "rax", "rbx", "rcx", "rdx", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "eflags",
};

static int parse_int(const char *s, size_t len, int *out)
{
	char buf[32], *end;
	long v;

	if (!len || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno || *end || v < INT_MIN || v > INT_MAX)
		return -1;
	*out = v;
	return 0;
}

static int parse_u64(const char *s, size_t len, uint64_t *out, int base)
{
	char buf[32], *end;
	unsigned long long v;

	if (!len || len >= sizeof(buf) || *s == '-')
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	v = strtoull(buf, &end, base);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static int is_key(const char *key, size_t klen, const char *name)
{
	return strlen(name) == klen && !memcmp(key, name, klen);
}

static int parse_field(const char *key, size_t klen, const char *val,
		       size_t vlen, struct held_task *t, unsigned int *seen)
{
	uint64_t u;
	int i;

	if (is_key(key, klen, "pid")) {
		*seen |= 1;
		return parse_int(val, vlen, &t->pid);
	}
	if (is_key(key, klen, "sig")) {
		*seen |= 2;
		return parse_int(val, vlen, &t->sig);
	}
	if (is_key(key, klen, "tgid"))
		return parse_int(val, vlen, &t->tgid);
	if (is_key(key, klen, "code"))
		return parse_int(val, vlen, &t->code);
	if (is_key(key, klen, "comm")) {
		if (vlen >= sizeof(t->comm))
			vlen = sizeof(t->comm) - 1;
		memcpy(t->comm, val, vlen);
		t->comm[vlen] = '\0';
		return 0;
	}
	if (is_key(key, klen, "addr"))
		return parse_u64(val, vlen, &t->addr, 16);
	if (is_key(key, klen, "held_ms")) {
		if (parse_u64(val, vlen, &u, 10))
			return -1;
		t->held_ms = u;
		return 0;
	}
	for (i = 0; i < NR_HREGS; i++)
		if (is_key(key, klen, reg_names[i]))
			return parse_u64(val, vlen, &t->regs[i], 16);
	return 0;	/* a key added by a newer kernel */
}

int held_parse(const char *line, struct held_task *t)
{
	const char *p = line, *tok, *eq;
	unsigned int seen = 0;
	size_t len;

	memset(t, 0, sizeof(*t));
	t->tgid = -1;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '\n')
			break;
		tok = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		len = p - tok;
		eq = memchr(tok, '=', len);
		if (!eq || eq == tok)
			return -1;
		if (parse_field(tok, eq - tok, eq + 1, tok + len - eq - 1,
				t, &seen))
			return -1;
	}
	if (seen != 3 || t->pid <= 0)
		return -1;
	if (t->tgid < 0)
		t->tgid = t->pid;
	return 0;
}
