/* SPDX-License-Identifier: GPL-2.0 */
/* report.h - crash reports: text, JSON, and the summary line. */
#ifndef UC_REPORT_H
#define UC_REPORT_H

#include <stdio.h>

#include "crash.h"

/*
 * Write s strace-style: backslash as \\, tab, newline, CR, VT and FF as
 * \t \n \r \v \f, every other byte outside printable ASCII as \xHH.
 * With quote, s is written inside double quotes and '"' becomes \".
 */
void fput_escaped(FILE *f, const char *s, int quote);
/* The same into a malloc'ed string. */
char *text_escape(const char *s, int quote);

void report_text(FILE *f, const struct crash *c);
void report_json(FILE *f, const struct crash *c);
/* The same object on one line (for --json on stdout). */
void report_json_line(FILE *f, const struct crash *c);
/* "crash: id=7 pid=42 comm=\"a.out\" ... -> core\n" (comm escaped) */
void report_summary(FILE *f, const struct crash *c);
/* The function of frame 0, or "??". */
const char *report_function(const struct crash *c);
/*
 * Write DIR/crash-PID.txt and DIR/crash-PID.json (mode 0600, through a
 * temporary file and rename).  0, or -1 after a message on stderr.
 */
int report_write(const struct crash *c, const char *dir);

#endif
