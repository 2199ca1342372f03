// SPDX-License-Identifier: GPL-2.0
/* escape.c - text and JSON escaping of names; see escape.h. */
#include <stdbool.h>
#include <string.h>

#include "escape.h"

size_t ut_utf8_len(const unsigned char *p)
{
	unsigned int c = p[0], cp;
	size_t n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)	/* also stops at the NUL */
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

/* Nothing to escape in either format: printable ASCII but " and \. */
static bool plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

static void put_hex_byte(struct sbuf *sb, const char *prefix, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";

	sb_puts(sb, prefix);
	sb_putc(sb, hex[c >> 4]);
	sb_putc(sb, hex[c & 15]);
}

/* The C1 controls U+0080..U+009F: 0xc2 0x80..0x9f. */
static bool is_c1(const unsigned char *p, size_t len)
{
	return len == 2 && p[0] == 0xc2 && p[1] < 0xa0;
}

void sb_text_str(struct sbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;
	size_t len, i;

	for (;;) {
		if (*p && (plain(*p) || *p == '"')) {
			p++;
			continue;
		}
		sb_putn(sb, (const char *)run, p - run);
		if (!*p)
			return;
		len = ut_utf8_len(p);
		switch (*p) {
		case '\n': sb_puts(sb, "\\n"); break;
		case '\t': sb_puts(sb, "\\t"); break;
		case '\r': sb_puts(sb, "\\r"); break;
		case '\v': sb_puts(sb, "\\v"); break;
		case '\f': sb_puts(sb, "\\f"); break;
		case '\\': sb_puts(sb, "\\\\"); break;
		default:
			if (len > 1 && !is_c1(p, len)) {
				sb_putn(sb, (const char *)p, len);
				p += len;
				run = p;
				continue;
			}
			for (i = 0; i < (len ? len : 1); i++)
				put_hex_byte(sb, "\\x", p[i]);
			p += len ? len : 1;
			run = p;
			continue;
		}
		run = ++p;
	}
}

void sb_json_str(struct sbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;
	size_t len;

	sb_putc(sb, '"');
	for (;;) {
		if (*p && plain(*p)) {
			p++;
			continue;
		}
		sb_putn(sb, (const char *)run, p - run);
		if (!*p)
			break;
		len = ut_utf8_len(p);
		switch (*p) {
		case '"': sb_puts(sb, "\\\""); break;
		case '\\': sb_puts(sb, "\\\\"); break;
		case '\n': sb_puts(sb, "\\n"); break;
		case '\t': sb_puts(sb, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				put_hex_byte(sb, "\\u00", *p);
			} else if (len > 1) {
				sb_putn(sb, (const char *)p, len);
				p += len;
				run = p;
				continue;
			} else {
				/* Not UTF-8: U+DC00 + byte (surrogateescape). */
				put_hex_byte(sb, "\\udc", *p);
			}
		}
		run = ++p;
	}
	sb_putc(sb, '"');
}
