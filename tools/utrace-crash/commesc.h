/* SPDX-License-Identifier: GPL-2.0 */
/* commesc.h - the kernel's escaped comm in the held file. */
#ifndef UC_COMMESC_H
#define UC_COMMESC_H

#include <stddef.h>

/*
 * Decode an escaped comm (s, len bytes) into out (size bytes, NUL
 * terminated).  The kernel writes every byte < 0x21, >= 0x7f, '\\' and
 * '=' as \xHH (lowercase hex) and every other byte literally; only that
 * exact form is accepted.  Returns NULL, or why it was rejected.
 */
const char *comm_unescape(const char *s, size_t len, char *out, size_t size);

#endif
