// SPDX-License-Identifier: GPL-2.0
/* textesc.c - untrusted strings made safe for text output. */
#include <stdlib.h>

#include "textesc.h"
#include "util.h"

static void put_byte(FILE *f, unsigned char c, int quote)
{
	static const char named[] = "\t\n\r\v\f";
	static const char letter[] = "tnrvf";
	int i;

	for (i = 0; named[i]; i++)
		if (c == (unsigned char)named[i]) {
			fputc('\\', f);
			fputc(letter[i], f);
			return;
		}
	if (c == '\\' || (quote && c == '"')) {
		fputc('\\', f);
		fputc(c, f);
	} else if (c < 0x20 || c >= 0x7f) {
		fprintf(f, "\\x%02x", c);
	} else {
		fputc(c, f);
	}
}

void fput_escaped(FILE *f, const char *s, int quote)
{
	if (quote)
		fputc('"', f);
	for (; *s; s++)
		put_byte(f, *s, quote);
	if (quote)
		fputc('"', f);
}

char *text_escape(const char *s, int quote)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return xstrdup("?");
	fput_escaped(f, s, quote);
	if (fclose(f))
		return xstrdup("?");
	return buf;
}
