/* SPDX-License-Identifier: GPL-2.0 */
/* json.h - a tiny streaming JSON writer (indented, escaped). */
#ifndef UC_JSON_H
#define UC_JSON_H

#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *f;
	int depth;
	int pretty;	/* indent; else everything on one line */
	int count[JSON_MAX_DEPTH];
};

void json_init(struct json *j, FILE *f, int pretty);
/*
 * key is the member name inside an object, NULL inside an array or at
 * the top level.  Strings that are not valid UTF-8 get U+FFFD for each
 * bad byte, so the output always parses.  A NULL string writes null.
 */
void json_open(struct json *j, const char *key, char bracket);	/* { or [ */
void json_close(struct json *j, char bracket);			/* } or ] */
void json_str(struct json *j, const char *key, const char *val);
void json_int(struct json *j, const char *key, long long val);
void json_u64(struct json *j, const char *key, unsigned long long val);

#endif
