// SPDX-License-Identifier: GPL-2.0
/* commesc.c - decode the kernel's escaped comm in the held file. */
#include "commesc.h"

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

const char *comm_unescape(const char *s, size_t len, char *out, size_t size)
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
