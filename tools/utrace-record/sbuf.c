// SPDX-License-Identifier: GPL-2.0
/* sbuf.c - growable string buffer. Allocation failure is fatal. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbuf.h"

void sb_grow_slow(struct sbuf *sb, size_t need)
{
	size_t cap = sb->cap ? sb->cap : 256;
	char *p;

	if (sb->len + need + 1 <= sb->cap)
		return;
	while (cap < sb->len + need + 1)
		cap *= 2;
	p = realloc(sb->buf, cap);
	if (!p) {
		fputs("utrace-record: out of memory\n", stderr);
		abort();
	}
	sb->buf = p;
	sb->cap = cap;
}

void sb_reset(struct sbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void sb_free(struct sbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	int n;

	/* One pass when it fits in what is already allocated. */
	sb_reserve(sb, 64);
	room = sb->cap - sb->len;
	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->len, room, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->buf[sb->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		sb_reserve(sb, n);
		va_start(ap, fmt);
		vsnprintf(sb->buf + sb->len, n + 1, fmt, ap);
		va_end(ap);
	}
	sb->len += n;
}

static const char digit_pairs[] =
	"00010203040506070809101112131415161718192021222324"
	"25262728293031323334353637383940414243444546474849"
	"50515253545556575859606162636465666768697071727374"
	"75767778798081828384858687888990919293949596979899";

/*
 * Digits of v written backwards ending at end; returns the first.  Two
 * digits per step, in 32-bit arithmetic below 10^8 (cheaper divisions):
 * syscall arguments in JSON are often 15-digit numbers.
 */
static inline char *udec_back(char *end, unsigned long long v)
{
	uint32_t w;
	int i;

	while (v >= 100000000) {
		unsigned long long q = v / 100000000;

		w = v - q * 100000000;
		v = q;
		for (i = 0; i < 4; i++) {
			end -= 2;
			memcpy(end, digit_pairs + 2 * (w % 100), 2);
			w /= 100;
		}
	}
	w = v;
	while (w >= 100) {
		end -= 2;
		memcpy(end, digit_pairs + 2 * (w % 100), 2);
		w /= 100;
	}
	if (w >= 10) {
		end -= 2;
		memcpy(end, digit_pairs + 2 * w, 2);
	} else {
		*--end = '0' + w;
	}
	return end;
}

/* Number of decimal digits of v, from its bit length. */
static inline int udec_len(unsigned long long v)
{
	static const unsigned long long p10[20] = {
		1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
		10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
		100000000000ULL, 1000000000000ULL, 10000000000000ULL,
		100000000000000ULL, 1000000000000000ULL,
		10000000000000000ULL, 100000000000000000ULL,
		1000000000000000000ULL, 10000000000000000000ULL,
	};
	int t = ((64 - __builtin_clzll(v | 1)) * 1233) >> 12;
	int n = t + (v >= p10[t]);

	return n ? n : 1;
}

/* The digits go straight into the buffer: no copy, no memcpy call. */
static inline void udec_put(struct sbuf *sb, unsigned long long v, int len,
			    int width, bool neg)
{
	int total = (len > width ? len : width) + neg;
	char *p = sb_reserve(sb, total), *q = p + total;

	*q = '\0';
	q = udec_back(q, v);
	while (q > p + neg)
		*--q = '0';
	if (neg)
		*p = '-';
	sb->len += total;
}

void sb_udec(struct sbuf *sb, unsigned long long v)
{
	if (v < 10) {		/* zeros and small numbers: common */
		sb_putc(sb, '0' + v);
		return;
	}
	udec_put(sb, v, udec_len(v), 0, false);
}

void sb_udec_pad(struct sbuf *sb, unsigned long long v, int width)
{
	static const uint32_t p10[10] = {
		1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
		100000000, 1000000000,
	};

	if (width > 0 && width <= 9 && v < p10[width]) {
		/* Fractions of a second: fixed width, 32-bit steps. */
		uint32_t w = v;
		char *p = sb_reserve(sb, width), *q = p + width;

		*q = '\0';
		while (q - p >= 2) {
			q -= 2;
			memcpy(q, digit_pairs + 2 * (w % 100), 2);
			w /= 100;
		}
		if (q > p)
			*p = '0' + w;
		sb->len += width;
		return;
	}
	udec_put(sb, v, udec_len(v), width, false);
}

void sb_dec(struct sbuf *sb, long long v)
{
	unsigned long long u = v < 0 ? -(unsigned long long)v :
				       (unsigned long long)v;

	udec_put(sb, u, udec_len(u), 0, v < 0);
}

void sb_hex(struct sbuf *sb, unsigned long long v)
{
	static const char hex[] = "0123456789abcdef";
	int n = v ? (67 - __builtin_clzll(v)) / 4 : 1;	/* hex digits */
	char *p = sb_reserve(sb, n + 2), *q = p + n + 2;
	char pair[2];

	p[0] = '0';
	p[1] = 'x';
	*q = '\0';
	/* A byte (two digits) per step. */
	while (q - p > 3) {
		pair[0] = hex[(v >> 4) & 15];
		pair[1] = hex[v & 15];
		q -= 2;
		memcpy(q, pair, 2);
		v >>= 8;
	}
	if (q - p == 3)
		q[-1] = hex[v & 15];
	sb->len += n + 2;
}

void sb_secs(struct sbuf *sb, unsigned long long ns)
{
	sb_udec(sb, ns / 1000000000);
	sb_putc(sb, '.');
	sb_udec_pad(sb, ns % 1000000000, 9);
}

/* sb_json_str is in escape.c. */

const char *sb_str(struct sbuf *sb)
{
	if (!sb->buf)
		return "";
	return sb->buf;
}
