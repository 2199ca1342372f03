// SPDX-License-Identifier: GPL-2.0
/*
 * utrace_statedump.c - placeholder until the statedump code lands (issue 24).
 */
#include <linux/utrace.h>
