// SPDX-License-Identifier: GPL-2.0
/* held.c - parse a line of the kernel's utrace/crash/held file. */
#include <limits.h>
#include <string.h>

#include "held.h"

/* Bytes the kernel must escape. */
static int must_escape(unsigned char c)
{
	return c < 0x21 || c >= 0x7f || c == '\\' || c == '=';
}

static int lower_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Decode an escaped comm (s, len bytes) into out (size bytes, NUL
 * terminated).  The kernel writes every byte < 0x21, >= 0x7f, '\\' and
 * '=' as \xHH (lowercase hex) and every other byte literally; only that
 * exact form is accepted.  Returns NULL, or why it was rejected.
 */
static const char *comm_unescape(const char *s, size_t len, char *out,
				 size_t size)
{
	size_t i = 0, n = 0;
	unsigned char c;
	int hi, lo;

	while (i < len) {
		c = s[i];
		if (c == '\\') {
			if (len - i < 4 || s[i + 1] != 'x')
				return "bad escape in comm";
			hi = lower_hex(s[i + 2]);
			lo = lower_hex(s[i + 3]);
			if (hi < 0 || lo < 0)
				return "bad escape in comm";
			c = hi << 4 | lo;
			/* A NUL ends a comm; a harmless byte is never escaped. */
			if (!c || !must_escape(c))
				return "bad escape in comm";
			i += 4;
		} else if (must_escape(c)) {
			return "unescaped byte in comm";
		} else {
			i++;
		}
		if (n + 1 >= size)
			return "comm too long";
		out[n++] = c;
	}
	out[n] = '\0';
	return NULL;
}

const char *const reg_names[NR_HREGS] = {
	"rip", "rsp", "rbp", "rax", "rbx", "rcx", "rdx", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "eflags",
};

/* Decimal digits only, no sign, no blanks; at most UINT64_MAX. */
static int parse_dec(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (!len || len > 20)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (v > (UINT64_MAX - (s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* An int, optionally negative. */
static int parse_int(const char *s, size_t len, int *out)
{
	int neg = len && *s == '-';
	uint64_t v;

	if (parse_dec(s + neg, len - neg, &v) ||
	    v > (neg ? (uint64_t)INT_MAX + 1 : INT_MAX))
		return -1;
	*out = neg ? (int)(-(int64_t)v) : (int)v;
	return 0;
}

/* "0x" and 1 to 16 hex digits. */
static int parse_hex(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;
	int d;

	if (len < 3 || len > 18 || s[0] != '0' || s[1] != 'x')
		return -1;
	for (i = 2; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else if (s[i] >= 'A' && s[i] <= 'F')
			d = s[i] - 'A' + 10;
		else
			return -1;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

/* Known keys; bit i of the seen mask is key i. */
enum { K_ID, K_PID, K_TGID, K_COMM, K_SIG, K_CODE, K_ADDR, K_HELD_MS,
       K_REG0, NR_KEYS = K_REG0 + NR_HREGS };

static const char *const key_names[K_REG0] = {
	"id", "pid", "tgid", "comm", "sig", "code", "addr", "held_ms",
};

static int key_index(const char *key, size_t klen)
{
	int i;

	for (i = 0; i < NR_KEYS; i++) {
		const char *n = i < K_REG0 ? key_names[i] : reg_names[i - K_REG0];

		if (strlen(n) == klen && !memcmp(key, n, klen))
			return i;
	}
	return -1;
}

static const char *parse_field(int k, const char *val, size_t vlen,
			       struct held_task *t)
{
	uint64_t u = 0;
	int bad;

	switch (k) {
	case K_ID:
		bad = parse_dec(val, vlen, &t->id);
		break;
	case K_PID:
		bad = parse_int(val, vlen, &t->pid) || t->pid <= 0;
		break;
	case K_TGID:
		bad = parse_int(val, vlen, &t->tgid) || t->tgid <= 0;
		break;
	case K_COMM:
		return comm_unescape(val, vlen, t->comm, sizeof(t->comm));
	case K_SIG:
		bad = parse_int(val, vlen, &t->sig) || t->sig <= 0;
		break;
	case K_CODE:
		bad = parse_int(val, vlen, &t->code);
		break;
	case K_ADDR:
		bad = parse_hex(val, vlen, &t->addr);
		break;
	case K_HELD_MS:
		bad = parse_dec(val, vlen, &u) || u > ULONG_MAX;
		t->held_ms = u;
		break;
	default:
		bad = parse_hex(val, vlen, &t->regs[k - K_REG0]);
		break;
	}
	return bad ? "bad number" : NULL;
}

static int valid_key(const char *key, size_t klen)
{
	size_t i;

	for (i = 0; i < klen; i++)
		if (!((key[i] >= 'a' && key[i] <= 'z') ||
		      (key[i] >= '0' && key[i] <= '9') || key[i] == '_'))
			return 0;
	return klen > 0;
}

const char *held_parse(const char *line, size_t len, struct held_task *t)
{
	const char *p = line, *end = line + len, *tok, *eq, *why;
	uint64_t seen = 0;
	size_t i;
	int k;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < len; i++)
		if (line[i] != ' ' &&
		    ((unsigned char)line[i] < 0x21 ||
		     (unsigned char)line[i] >= 0x7f))
			return "control or non-ASCII byte";
	while (p < end) {
		if (*p == ' ') {
			p++;
			continue;
		}
		tok = p;
		while (p < end && *p != ' ')
			p++;
		eq = memchr(tok, '=', p - tok);
		if (!eq || !valid_key(tok, eq - tok))
			return "not KEY=VALUE";
		if (memchr(eq + 1, '=', p - eq - 1))
			return "'=' in a value";
		k = key_index(tok, eq - tok);
		if (k < 0)
			continue;	/* a key added by a newer kernel */
		if (seen & 1ULL << k)
			return "repeated key";
		seen |= 1ULL << k;
		why = parse_field(k, eq + 1, p - eq - 1, t);
		if (why)
			return why;
	}
	if (!(seen & 1ULL << K_ID))
		return seen & 1ULL << K_PID ?
		       "no id= (kernel older than this utrace-crash?)" :
		       "no id=";
	if (!(seen & 1ULL << K_PID))
		return "no pid=";
	if (!(seen & 1ULL << K_SIG))
		return "no sig=";
	if (!(seen & 1ULL << K_TGID))
		t->tgid = t->pid;
	return NULL;
}
