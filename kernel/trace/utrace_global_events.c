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

#define DEFINE_UTRACE_TP_REG(ev, bits)					\
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

DEFINE_UTRACE_TP_REG(clone, UTRACE_EVENT(CLONE))
DEFINE_UTRACE_TP_REG(vfork_done, UTRACE_EVENT(CLONE))
DEFINE_UTRACE_TP_REG(exec, UTRACE_EVENT(EXEC))
DEFINE_UTRACE_TP_REG(exit, UTRACE_EVENT(EXIT))
DEFINE_UTRACE_TP_REG(death, UTRACE_EVENT(DEATH))
DEFINE_UTRACE_TP_REG(reap, UTRACE_EVENT(REAP))
DEFINE_UTRACE_TP_REG(syscall_entry, UTRACE_EVENT(SYSCALL_ENTRY))
DEFINE_UTRACE_TP_REG(syscall_exit, UTRACE_EVENT(SYSCALL_EXIT))
DEFINE_UTRACE_TP_REG(signal, UTRACE_EVENT_SIGNAL_ALL)
DEFINE_UTRACE_TP_REG(jctl, UTRACE_EVENT(JCTL))
