/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tree.h - --tree: the recorded processes as a tree (who forked what,
 * what each ran, how and after how long it ended), from the process
 * table at the end of a recording.
 */
#ifndef UT_TREE_H
#define UT_TREE_H

#include "procs.h"
#include "sbuf.h"

void ut_tree_text(struct sbuf *sb, struct ut_procs *p);
/* {"event":"tree","tasks":[{pid,ppid,tgid,comm,exec,start,end,...}]} */
void ut_tree_json(struct sbuf *sb, struct ut_procs *p);

#endif
