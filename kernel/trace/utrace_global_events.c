// SPDX-License-Identifier: GPL-2.0
/*
 * The utrace trace events.  Each event's reg function runs when its first
 * probe attaches (tracefs, perf and BPF alike, under tracepoints_mutex) and
 * turns on the utrace event bits the event reports; unreg runs when the
 * last probe leaves and turns them off again.  Several events may share a
 * bit (clone and vfork_done both need CLONE): bits are counted.
 */
#include <linux/utrace.h>

#define CREATE_TRACE_POINTS
#include <trace/events/utrace.h>

#define UTRACE_TP_BITS(ev, bits)					\
static const unsigned long utrace_tp_##ev##_bits = (bits);		\
int utrace_tp_##ev##_reg(void)						\
{									\
	utrace_global_events_get(utrace_tp_##ev##_bits);		\
	return 0;							\
}									\
void utrace_tp_##ev##_unreg(void)					\
{									\
	utrace_global_events_put(utrace_tp_##ev##_bits);		\
}

UTRACE_TP_BITS(clone, UTRACE_EVENT(CLONE))
UTRACE_TP_BITS(vfork_done, UTRACE_EVENT(CLONE))
UTRACE_TP_BITS(exec, UTRACE_EVENT(EXEC))
UTRACE_TP_BITS(exit, UTRACE_EVENT(EXIT))
UTRACE_TP_BITS(death, UTRACE_EVENT(DEATH))
UTRACE_TP_BITS(reap, UTRACE_EVENT(REAP))
UTRACE_TP_BITS(syscall_entry, UTRACE_EVENT(SYSCALL_ENTRY))
UTRACE_TP_BITS(syscall_exit, UTRACE_EVENT(SYSCALL_EXIT))
UTRACE_TP_BITS(signal, UTRACE_EVENT_SIGNAL_ALL)
UTRACE_TP_BITS(jctl, UTRACE_EVENT(JCTL))
