/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kafkaspill.h - the Kafka sink's spill file: the records librdkafka
 * could not deliver, one message value per line, up to a size cap.
 * Made at the start (a directory that cannot take it is an error then,
 * not when the broker goes away), removed at the end when it stayed
 * empty.
 */
#ifndef UT_KAFKASPILL_H
#define UT_KAFKASPILL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct ut_kspill {
	char *path;
	int fd;
	unsigned long long size;	/* bytes written */
	unsigned long long max;		/* the cap */
	unsigned long long lines;	/* lines written */
	dev_t dev;
	ino_t ino;
	int err;			/* the first write error, 0 none */
};

/*
 * The spill file when --kafka-spill does not name one: FILE.kafka-spill
 * beside -o FILE, else kafka-spill in $STATE_DIRECTORY (systemd's
 * StateDirectory=), else /var/lib/utrace-record/kafka-spill.  malloc'ed.
 */
char *ut_kspill_default(const char *out);

/*
 * Create path, 0600, never through a symlink, never over a file that
 * holds something: an existing empty regular file of ours (a run that
 * ended before it spilled) is taken over.  false with the reason in err.
 */
bool ut_kspill_open(struct ut_kspill *s, const char *path,
		    unsigned long long max, char *err, size_t errlen);

/*
 * Append p[0..len) and a newline, when it fits under the cap with keep
 * bytes still free (room for the last line, the loss notice).  false
 * when it does not fit or the write fails (s->err).
 */
bool ut_kspill_write(struct ut_kspill *s, const void *p, size_t len,
		     size_t keep);

/* Close; remove the file when nothing was written (and it is still ours). */
void ut_kspill_close(struct ut_kspill *s);

#endif
