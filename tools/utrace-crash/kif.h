/* SPDX-License-Identifier: GPL-2.0 */
/* kif.h - the kernel's utrace/crash directory in tracefs. */
#ifndef UC_KIF_H
#define UC_KIF_H

#include <stddef.h>
#include <stdint.h>

#define KIF_DEFAULT_DIR "/sys/kernel/tracing/utrace/crash"

struct kif {
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
int kif_open(struct kif *k, const char *dir, int need_timeout);
void kif_close(struct kif *k);
/* 0 or 1; -1 after a message on stderr. */
int kif_enabled(const struct kif *k);
/* Write "0"/"1", or a number to timeout_ms.  0, or -1 after a message. */
int kif_set_enable(const struct kif *k, int on);
int kif_read_timeout(const struct kif *k, unsigned long *ms);
int kif_set_timeout(const struct kif *k, unsigned long ms);
/*
 * The held file's contents (malloc'ed, NUL added, *len bytes); NULL
 * after a message.
 */
char *kif_read_held(const struct kif *k, size_t *len);
/*
 * Write "ID ACTION" to release (ID: the hold id of the held line).
 * 0, or -errno (ESRCH: that hold has ended).
 */
int kif_release(const struct kif *k, uint64_t id, const char *action);

#endif
