// SPDX-License-Identifier: GPL-2.0
/* The host test program, for the guest's 50-recorder.t (see there). */
#include "../../host/progs/ut-pidreuse.c"
