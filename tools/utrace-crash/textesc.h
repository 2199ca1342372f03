/* SPDX-License-Identifier: GPL-2.0 */
/* textesc.h - untrusted strings made safe for text output. */
#ifndef UC_TEXTESC_H
#define UC_TEXTESC_H

#include <stdio.h>

/*
 * Write s strace-style: backslash as \\, tab, newline, CR, VT and FF as
 * \t \n \r \v \f, every other byte outside printable ASCII as \xHH.
 * With quote, s is written inside double quotes and '"' becomes \".
 */
void fput_escaped(FILE *f, const char *s, int quote);
/* The same into a malloc'ed string. */
char *text_escape(const char *s, int quote);

#endif
