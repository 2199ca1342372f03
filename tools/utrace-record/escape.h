/* SPDX-License-Identifier: GPL-2.0 */
/*
 * escape.h - names from the traced system (comm, file names) are bytes
 * anybody can choose: a newline in a file name must not forge an output
 * line, and a name that is not UTF-8 must not break a JSON reader.
 */
#ifndef UT_ESCAPE_H
#define UT_ESCAPE_H

#include <stddef.h>

#include "sbuf.h"

/*
 * Length of the valid UTF-8 sequence at p (1 to 4), 0 when the byte at
 * p does not start one (stray continuation byte, overlong form, UTF-16
 * surrogate, beyond U+10FFFF, or cut short).
 */
size_t ut_utf8_len(const unsigned char *p);

/*
 * Text lines (strace's way): \n \t \r \v \f, \\ for a backslash, \xHH
 * for other control bytes (below 0x20, 0x7f, the C1 controls U+0080 to
 * U+009F) and for each byte that is not part of valid UTF-8.  Printable
 * ASCII and valid UTF-8 pass through.
 */
void sb_text_str(struct sbuf *sb, const char *s);

/*
 * sb_json_str (sbuf.h): valid UTF-8 passes through; " \ and control
 * characters are escaped as JSON requires; each byte that is not part
 * of valid UTF-8 becomes \udcHH, a lone low surrogate (the PEP 383
 * "surrogateescape" convention), so the bytes can be recovered, e.g. in
 * Python: s.encode("utf-8", "surrogateescape").
 */

#endif
