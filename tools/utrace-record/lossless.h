/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lossless.h - --lossless: COMMAND's tree (or -p PID's) registered as a
 * lossless scope of the recorder's instance, through the utrace-global
 * kernel's tracefs file utrace/lossless.  Its tasks wait for the
 * readers instead of losing events while the instance's buffer of
 * their CPU is half full, each wait bounded by the timeout.  The
 * registration belongs to the open file: it ends when the recorder
 * closes it, or exits, SIGKILL included.
 */
#ifndef UT_LOSSLESS_H
#define UT_LOSSLESS_H

#include <stdbool.h>

#define UT_LOSSLESS_FILE	"utrace/lossless"
#define UT_LOSSLESS_TIMEOUT	10.0	/* seconds, by default */
#define UT_LOSSLESS_TIMEOUT_MAX	600.0	/* the kernel's bound */

/*
 * --lossless[=SECS]: the timeout in seconds into *timeout.  Returns 0,
 * or -1 when SECS is not a number from 0.001 to UT_LOSSLESS_TIMEOUT_MAX.
 */
int ut_lossless_parse(const char *arg, double *timeout);

/*
 * The kernel has lossless scopes: 0, or -1 with the reason on stderr
 * (the recorder then exits 1 before setting anything up).
 */
int ut_lossless_check(void);

/*
 * Register pid's process (and its descendants if follow) as a lossless
 * scope of the instance named inst: 0, or -1 with the reason on stderr.
 */
int ut_lossless_start(const char *inst, int pid, bool follow,
		      double timeout);

/* End the registration (every waiting task goes on); idempotent. */
void ut_lossless_end(void);

#endif
