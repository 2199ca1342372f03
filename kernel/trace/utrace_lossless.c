// SPDX-License-Identifier: GPL-2.0
/*
 * utrace_lossless.c - placeholder until the lossless code lands (issue 24).
 */
#include <linux/utrace.h>
