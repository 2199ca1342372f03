/* SPDX-License-Identifier: GPL-2.0 */
/* names.h - names of event kinds, signals, errnos, syscalls, clone flags. */
#ifndef UT_NAMES_H
#define UT_NAMES_H

#include <stdint.h>

#include "event.h"
#include "sbuf.h"

const char *ut_kind_name(enum ut_kind kind);
/* Returns the kind for a vocabulary name, or -1. */
int ut_kind_parse(const char *name);
/*
 * Parse a comma-separated list of vocabulary names ("all" = every kind,
 * syscalls included) into a kind mask.  On error returns -1 and points
 * *bad at a static copy of the offending name.
 */
int ut_parse_event_list(const char *list, unsigned int *mask, const char **bad);

/* "SIGTERM", "SIGRTMIN+3", or "SIG42" for unknown numbers. */
const char *ut_signame(int sig, char *buf, int len);
/* "ENOENT", "ERESTARTNOHAND" (kernel-internal), or NULL when unnamed. */
const char *ut_errno_name(int err);
/* Native syscall name, or NULL when unknown. Cached. */
const char *ut_syscall_name(long nr);
/*
 * Syscall name in the table of arch (UT_ARCH_X86_64 or UT_ARCH_I386;
 * UT_ARCH_UNKNOWN: native), or NULL when unknown or another arch.
 */
const char *ut_syscall_name_arch(uint32_t arch, long nr);
/* "x86_64", "i386", or NULL for UT_ARCH_UNKNOWN and other values. */
const char *ut_arch_name(uint32_t arch);
/* "handler", "ignore", "stop", "terminate", "core", "held", "?" */
const char *ut_disp_name(int disp);
/* "ran", "aborted", "injected", "seccomp", or NULL for unknown values. */
const char *ut_verdict_name(int verdict);

/* Default action of a signal per signal(7), as enum ut_disp. */
int ut_default_disp(int sig);
/* Disposition of a delivery from the handler address (compat mode). */
int ut_infer_disp(int sig, unsigned long handler);

/* Append "CLONE_VM|CLONE_VFORK", "0" when empty, leftover bits as hex. */
void ut_clone_flags_str(struct sbuf *sb, uint64_t flags);
/* Call fn for each named flag set; returns leftover unnamed bits. */
uint64_t ut_clone_flags_each(uint64_t flags, void (*fn)(const char *, void *),
			     void *arg);

/* Append "status=3", "signal=SIGTERM", "signal=SIGSEGV (core dumped)". */
void ut_wait_status_str(struct sbuf *sb, int code);

#endif
