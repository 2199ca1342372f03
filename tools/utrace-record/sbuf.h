/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sbuf.h - a small growable string buffer used by the formatters.  The
 * appends used once or more per event are inline: a bounds test and a
 * copy, with the growth itself out of line.
 */
#ifndef UT_SBUF_H
#define UT_SBUF_H

#include <stddef.h>
#include <string.h>

struct sbuf {
	char *buf;
	size_t len;
	size_t cap;
};

/* Make room for need more bytes and a NUL (allocation failure aborts). */
void sb_grow_slow(struct sbuf *sb, size_t need);

static inline char *sb_reserve(struct sbuf *sb, size_t need)
{
	if (__builtin_expect(sb->len + need + 1 > sb->cap, 0))
		sb_grow_slow(sb, need);
	return sb->buf + sb->len;
}

static inline void sb_putn(struct sbuf *sb, const char *s, size_t n)
{
	char *p = sb_reserve(sb, n);

	memcpy(p, s, n);
	sb->len += n;
	p[n] = '\0';
}

static inline void sb_putc(struct sbuf *sb, char c)
{
	char *p = sb_reserve(sb, 1);

	p[0] = c;
	p[1] = '\0';
	sb->len++;
}

static inline void sb_puts(struct sbuf *sb, const char *s)
{
	sb_putn(sb, s, strlen(s));
}

/* A string literal: its length is known at compile time. */
#define sb_lit(sb, s)	sb_putn((sb), "" s, sizeof(s) - 1)

void sb_reset(struct sbuf *sb);
void sb_free(struct sbuf *sb);
void sb_printf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Fast appends for the per-event hot path (no printf parsing). */
void sb_dec(struct sbuf *sb, long long v);			/* %lld */
void sb_udec(struct sbuf *sb, unsigned long long v);		/* %llu */
void sb_udec_pad(struct sbuf *sb, unsigned long long v, int width); /* %0*llu */
void sb_hex(struct sbuf *sb, unsigned long long v);		/* 0x%llx */
/* Nanoseconds as seconds with nine decimals: "S.NNNNNNNNN" (JSON times). */
void sb_secs(struct sbuf *sb, unsigned long long ns);
/* Append s as a JSON string literal, quotes included (escape.c). */
void sb_json_str(struct sbuf *sb, const char *s);
/* The contents, always NUL-terminated (empty string when nothing added). */
const char *sb_str(struct sbuf *sb);

#endif
