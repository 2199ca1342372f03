/* SPDX-License-Identifier: GPL-2.0 */
/*
 * argfmt.h - system call arguments as strace prints them:
 * "(AT_FDCWD, 0x7f95f58220b1, O_RDONLY|O_CLOEXEC)".  The records carry
 * registers, not the memory they point to: strings and structures are
 * shown as their addresses.
 */
#ifndef UT_ARGFMT_H
#define UT_ARGFMT_H

#include <stdbool.h>
#include <stdint.h>

#include "sbuf.h"

/*
 * "(a, b, c)" for call nr of arch (UT_ARCH_*): decoded when the call is
 * in argkinds.c, else the six registers in hex.
 */
void ut_args_text(struct sbuf *sb, uint32_t arch, long nr,
		  const unsigned long args[6]);
/*
 * The decoded arguments as a JSON array of strings, each as the text
 * shows it; false (nothing appended) when the call is not in the table.
 */
bool ut_args_json(struct sbuf *sb, uint32_t arch, long nr,
		  const unsigned long args[6]);
/*
 * The same, with the path argument the kernel copied (native mode:
 * struct ut_event's sys_entry): argument path_arg as strace shows a
 * string, "/etc/passwd", "/a/long/one"... when cut; a bad pointer stays
 * an address, as strace shows it.
 */
struct ut_path_arg {
	int arg;			/* which argument, -1: none */
	int state;			/* enum ut_path_state */
	const char *str;
};
void ut_args_text_path(struct sbuf *sb, uint32_t arch, long nr,
		       const unsigned long args[6],
		       const struct ut_path_arg *path);
bool ut_args_json_path(struct sbuf *sb, uint32_t arch, long nr,
		       const unsigned long args[6],
		       const struct ut_path_arg *path);

/*
 * Argument i of args as kind (enum ut_arg_kind) would print it; i386:
 * the registers hold 32-bit values.  Kinds that depend on another
 * argument read it from args.
 */
void ut_arg_one(struct sbuf *sb, int kind, const unsigned long args[6],
		int i, bool i386);

/* A mode in octal as strace prints it: 000, 022, 0644. */
void ut_arg_octal(struct sbuf *sb, uint64_t v);

#endif
