/* SPDX-License-Identifier: GPL-2.0 */
/*
 * instances.h - find and remove tracefs instances that recorders killed
 * without a chance to clean up (SIGKILL, OOM, power loss of the shell)
 * left behind, still tracing and slowing the machine down.
 */
#ifndef UT_INSTANCES_H
#define UT_INSTANCES_H

#include <stdbool.h>

/*
 * Parse "utrace-record-PID" or "utrace-record-PID-SUFFIX"; the PID of
 * the recorder that made it, or 0 when name is not one of ours.
 */
int ut_instance_owner(const char *name);

/*
 * Remove every instance of ours whose recorder is not running (its pid
 * is gone, or now belongs to a process that is not utrace-record), one
 * stderr line each.  Instances of running recorders are kept; with
 * verbose, each of those is named on stderr too.  Returns the number of
 * instances that should have gone but could not be removed.
 */
int ut_instances_cleanup(bool verbose);

#endif
