/* SPDX-License-Identifier: GPL-2.0 */
/* crashdir.h - the kernel's utrace/crash directory in tracefs. */
#ifndef UC_CRASHDIR_H
#define UC_CRASHDIR_H

#include <stddef.h>
#include <stdint.h>

#define CRASHDIR_DEFAULT "/sys/kernel/tracing/utrace/crash"

struct crashdir {
	const char *dir;
	char *enable;
	char *timeout_ms;
	char *held;
	char *release;
};

/*
 * Check the directory and its files without changing anything.
 * need_timeout: timeout_ms must be writable too.  0, or -1 after a
 * message on stderr.
 */
int crashdir_open(struct crashdir *k, const char *dir, int need_timeout);
void crashdir_close(struct crashdir *k);
/* 0 or 1; -1 after a message on stderr. */
int crashdir_enabled(const struct crashdir *k);
/* Write "0"/"1", or a number to timeout_ms.  0, or -1 after a message. */
int crashdir_set_enable(const struct crashdir *k, int on);
int crashdir_read_timeout(const struct crashdir *k, unsigned long *ms);
int crashdir_set_timeout(const struct crashdir *k, unsigned long ms);
/*
 * The held file's contents (malloc'ed, NUL added, *len bytes); NULL
 * after a message.
 */
char *crashdir_read_held(const struct crashdir *k, size_t *len);
/*
 * Write "ID ACTION" to release (ID: the hold id of the held line).
 * 0, or -errno (ESRCH: that hold has ended).
 */
int crashdir_release(const struct crashdir *k, uint64_t id, const char *action);

#endif
