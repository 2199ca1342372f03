/* SPDX-License-Identifier: GPL-2.0 */
/* sbuf.h - a small growable string buffer used by the formatters. */
#ifndef UT_SBUF_H
#define UT_SBUF_H

#include <stddef.h>

struct sbuf {
	char *buf;
	size_t len;
	size_t cap;
};

void sb_reset(struct sbuf *sb);
void sb_free(struct sbuf *sb);
void sb_puts(struct sbuf *sb, const char *s);
void sb_printf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Fast appends for the per-event hot path (no printf parsing). */
void sb_putc(struct sbuf *sb, char c);
void sb_putn(struct sbuf *sb, const char *s, size_t n);
void sb_dec(struct sbuf *sb, long long v);			/* %lld */
void sb_udec_pad(struct sbuf *sb, unsigned long long v, int width); /* %0*llu */
void sb_hex(struct sbuf *sb, unsigned long long v);		/* 0x%llx */
/* Append s as a JSON string literal, quotes included (escape.c). */
void sb_json_str(struct sbuf *sb, const char *s);
/* The contents, always NUL-terminated (empty string when nothing added). */
const char *sb_str(struct sbuf *sb);

#endif
