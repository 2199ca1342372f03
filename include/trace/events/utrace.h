/* SPDX-License-Identifier: GPL-2.0 */
/*
 * utrace global events: one trace event per utrace report.  Enabling one
 * (tracefs, perf or BPF) sets its bits in utrace_global_flags through the
 * reg/unreg functions; see kernel/trace/utrace_global_events.c.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM utrace

#if !defined(_TRACE_UTRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_UTRACE_H

#include <linux/tracepoint.h>
#include <linux/sched.h>
#include <linux/binfmts.h>
#include <linux/utrace.h>
#include <asm/syscall.h>
#include <uapi/linux/audit.h>

#ifndef _TRACE_UTRACE_DEF
#define _TRACE_UTRACE_DEF

/* What the signal's delivery does, as reported in utrace:utrace_signal. */
enum utrace_disposition {
	UTRACE_DISP_HANDLER,
	UTRACE_DISP_IGN,
	UTRACE_DISP_STOP,
	UTRACE_DISP_TERM,
	UTRACE_DISP_CORE,
	UTRACE_DISP_HELD,	/* held by the crash catcher */
};

/*
 * Who decided a syscall does not run (utrace:utrace_syscall_entry/exit).
 * UNKNOWN: an exit whose entry was not reported with the syscall events
 * in their current state (they were switched off and on in between).
 */
enum utrace_syscall_verdict {
	UTRACE_SYSCALL_RAN,
	UTRACE_SYSCALL_PTRACE_ABORT,
	UTRACE_SYSCALL_ENGINE_ABORT,
	UTRACE_SYSCALL_SECCOMP_ABORT,
	UTRACE_SYSCALL_UNKNOWN,
};

/* reg/unreg of each event, in kernel/trace/utrace_global_events.c */
int utrace_tp_clone_reg(void);
void utrace_tp_clone_unreg(void);
int utrace_tp_vfork_done_reg(void);
void utrace_tp_vfork_done_unreg(void);
int utrace_tp_exec_reg(void);
void utrace_tp_exec_unreg(void);
int utrace_tp_exit_reg(void);
void utrace_tp_exit_unreg(void);
int utrace_tp_death_reg(void);
void utrace_tp_death_unreg(void);
int utrace_tp_reap_reg(void);
void utrace_tp_reap_unreg(void);
int utrace_tp_syscall_entry_reg(void);
void utrace_tp_syscall_entry_unreg(void);
int utrace_tp_syscall_exit_reg(void);
void utrace_tp_syscall_exit_unreg(void);
int utrace_tp_signal_reg(void);
void utrace_tp_signal_unreg(void);
int utrace_tp_jctl_reg(void);
void utrace_tp_jctl_unreg(void);

/*
 * Who may open a utrace event through perf_event_open(): whoever may read
 * raw tracepoint data (perfmon_capable() unless perf_event_paranoid is
 * -1, and the LSM's say), even for counting without PERF_SAMPLE_RAW.
 * Opening one switches every task onto the hook paths (the static key,
 * the syscall work bit on every thread), a cost no unprivileged user may
 * impose on the whole machine.  An inherited event was checked when its
 * parent was opened; the task forking it may not be the opener.
 * Expanded only by TRACE_EVENT_PERF_PERM() where the events are created.
 */
#define UTRACE_PERF_PERM						\
	(p_event->parent ? 0 : perf_allow_tracepoint())

#endif /* _TRACE_UTRACE_DEF */

TRACE_DEFINE_ENUM(UTRACE_DISP_HANDLER);
TRACE_DEFINE_ENUM(UTRACE_DISP_IGN);
TRACE_DEFINE_ENUM(UTRACE_DISP_STOP);
TRACE_DEFINE_ENUM(UTRACE_DISP_TERM);
TRACE_DEFINE_ENUM(UTRACE_DISP_CORE);
TRACE_DEFINE_ENUM(UTRACE_DISP_HELD);
TRACE_DEFINE_ENUM(UTRACE_SYSCALL_PTRACE_ABORT);
TRACE_DEFINE_ENUM(UTRACE_SYSCALL_ENGINE_ABORT);
TRACE_DEFINE_ENUM(UTRACE_SYSCALL_SECCOMP_ABORT);
TRACE_DEFINE_ENUM(UTRACE_SYSCALL_UNKNOWN);

#define show_utrace_disposition(d)					\
	__print_symbolic(d,						\
		{ UTRACE_DISP_HANDLER,	"handler" },			\
		{ UTRACE_DISP_IGN,	"ignore" },			\
		{ UTRACE_DISP_STOP,	"stop" },			\
		{ UTRACE_DISP_TERM,	"terminate" },			\
		{ UTRACE_DISP_CORE,	"core" },			\
		{ UTRACE_DISP_HELD,	"held" })

/*
 * The verdict of the syscall event being printed, as a suffix.  Each ?:
 * is nested in parentheses: libtraceevent (trace-cmd, perf) evaluates an
 * unparenthesized chain wrongly and would print no suffix.  Not
 * __print_symbolic(): it prints an empty name as the number.
 */
#define show_utrace_syscall_verdict					\
	(__entry->verdict == UTRACE_SYSCALL_ENGINE_ABORT ? " (injected)" : \
	 (__entry->verdict == UTRACE_SYSCALL_PTRACE_ABORT ?		\
	  " (aborted by ptrace)" :					\
	  (__entry->verdict == UTRACE_SYSCALL_SECCOMP_ABORT ?		\
	   " (denied by seccomp)" :					\
	   (__entry->verdict == UTRACE_SYSCALL_UNKNOWN ?		\
	    " (verdict unknown)" : ""))))

/* The system call's ABI, as syscall_get_arch() and audit name it. */
#define show_utrace_syscall_arch(a)					\
	__print_symbolic(a,						\
		{ AUDIT_ARCH_X86_64,	"x86_64" },			\
		{ AUDIT_ARCH_I386,	"i386" })

#define show_clone_flags(f)						\
	__print_flags(f, "|",						\
		{ CLONE_VM,		"VM" },				\
		{ CLONE_FS,		"FS" },				\
		{ CLONE_FILES,		"FILES" },			\
		{ CLONE_SIGHAND,	"SIGHAND" },			\
		{ CLONE_PIDFD,		"PIDFD" },			\
		{ CLONE_PTRACE,		"PTRACE" },			\
		{ CLONE_VFORK,		"VFORK" },			\
		{ CLONE_PARENT,		"PARENT" },			\
		{ CLONE_THREAD,		"THREAD" },			\
		{ CLONE_NEWNS,		"NEWNS" },			\
		{ CLONE_SYSVSEM,	"SYSVSEM" },			\
		{ CLONE_SETTLS,		"SETTLS" },			\
		{ CLONE_PARENT_SETTID,	"PARENT_SETTID" },		\
		{ CLONE_CHILD_CLEARTID,	"CHILD_CLEARTID" },		\
		{ CLONE_UNTRACED,	"UNTRACED" },			\
		{ CLONE_CHILD_SETTID,	"CHILD_SETTID" },		\
		{ CLONE_NEWCGROUP,	"NEWCGROUP" },			\
		{ CLONE_NEWUTS,		"NEWUTS" },			\
		{ CLONE_NEWIPC,		"NEWIPC" },			\
		{ CLONE_NEWUSER,	"NEWUSER" },			\
		{ CLONE_NEWPID,		"NEWPID" },			\
		{ CLONE_NEWNET,		"NEWNET" },			\
		{ CLONE_IO,		"IO" })

TRACE_EVENT_FN(utrace_clone,
	       TP_PROTO(struct task_struct *child, u64 clone_flags),
	       TP_ARGS(child, clone_flags),
	       TP_STRUCT__entry(__field(pid_t,	parent_pid)
				__field(pid_t,	child_pid)
				__field(pid_t,	child_tgid)
				__field(u64,	clone_flags)
				__field(int,	exit_signal)),
	       TP_fast_assign(__entry->parent_pid	= current->pid;
			      __entry->child_pid	= child->pid;
			      __entry->child_tgid	= child->tgid;
			      __entry->clone_flags	= clone_flags;
			      __entry->exit_signal	= child->exit_signal;),
	       TP_printk("parent=%d child=%d tgid=%d flags=%s exit_signal=%d",
			 __entry->parent_pid, __entry->child_pid, __entry->child_tgid,
			 show_clone_flags(__entry->clone_flags & ~CSIGNAL),
			 __entry->exit_signal),
	       utrace_tp_clone_reg, utrace_tp_clone_unreg);
TRACE_EVENT_PERF_PERM(utrace_clone, UTRACE_PERF_PERM);

TRACE_EVENT_FN(utrace_vfork_done,
	       TP_PROTO(pid_t child_pid),
	       TP_ARGS(child_pid),
	       TP_STRUCT__entry(__field(pid_t,	child_pid)),
	       TP_fast_assign(__entry->child_pid = child_pid;),
	       TP_printk("child=%d", __entry->child_pid),
	       utrace_tp_vfork_done_reg, utrace_tp_vfork_done_unreg);
TRACE_EVENT_PERF_PERM(utrace_vfork_done, UTRACE_PERF_PERM);

TRACE_EVENT_FN(utrace_exec,
	       TP_PROTO(const struct linux_binprm *bprm, pid_t old_pid),
	       TP_ARGS(bprm, old_pid),
	       TP_STRUCT__entry(__string(filename,	bprm->filename)
				__field(pid_t,		old_pid)
				__field(pid_t,		pid)),
	       TP_fast_assign(__assign_str(filename);
			      __entry->old_pid	= old_pid;
			      __entry->pid		= current->pid;),
	       TP_printk("filename=%s old_pid=%d pid=%d",
			 __get_str(filename), __entry->old_pid, __entry->pid),
	       utrace_tp_exec_reg, utrace_tp_exec_unreg);
TRACE_EVENT_PERF_PERM(utrace_exec, UTRACE_PERF_PERM);

TRACE_EVENT_FN(utrace_exit,
	       TP_PROTO(long code),
	       TP_ARGS(code),
	       TP_STRUCT__entry(__field(int,	code)),
	       TP_fast_assign(__entry->code	= code;),
	       TP_printk("code=0x%x status=%d signal=%d%s",
			 __entry->code, (__entry->code >> 8) & 0xff,
			 __entry->code & 0x7f,
			 __entry->code & 0x80 ? " core" : ""),
	       utrace_tp_exit_reg, utrace_tp_exit_unreg);
TRACE_EVENT_PERF_PERM(utrace_exit, UTRACE_PERF_PERM);

TRACE_EVENT_FN(utrace_death,
	       TP_PROTO(struct task_struct *task, bool group_dead),
	       TP_ARGS(task, group_dead),
	       TP_STRUCT__entry(__field(int,	exit_code)
				__field(int,	exit_signal)
				__field(u8,	group_dead)),
	       TP_fast_assign(__entry->exit_code	= task->exit_code;
			      __entry->exit_signal	= task->exit_signal;
			      __entry->group_dead	= group_dead;),
	       TP_printk("exit_code=0x%x group_dead=%d exit_signal=%d",
			 __entry->exit_code, __entry->group_dead,
			 __entry->exit_signal),
	       utrace_tp_death_reg, utrace_tp_death_unreg);
TRACE_EVENT_PERF_PERM(utrace_death, UTRACE_PERF_PERM);

TRACE_EVENT_FN(utrace_reap,
	       TP_PROTO(struct task_struct *task),
	       TP_ARGS(task),
	       TP_STRUCT__entry(__field(pid_t,	pid)
				__field(pid_t,	tgid)
				__field(pid_t,	reaper_pid)),
	       TP_fast_assign(__entry->pid		= task->pid;
			      __entry->tgid		= task->tgid;
			      __entry->reaper_pid	= current->pid;),
	       TP_printk("pid=%d tgid=%d reaper=%d",
			 __entry->pid, __entry->tgid, __entry->reaper_pid),
	       utrace_tp_reap_reg, utrace_tp_reap_unreg);
TRACE_EVENT_PERF_PERM(utrace_reap, UTRACE_PERF_PERM);

TRACE_EVENT_FN(utrace_syscall_entry,
	       TP_PROTO(struct pt_regs *regs, int verdict),
	       TP_ARGS(regs, verdict),
	       TP_STRUCT__entry(__field(long,		nr)
				__field(u32,		arch)
				__array(unsigned long,	args,	6)
				__field(u8,		verdict)),
	       TP_fast_assign(__entry->nr		= syscall_get_nr(current, regs);
			      __entry->arch	= syscall_get_arch(current);
			      __entry->verdict	= verdict;
			      syscall_get_arguments(current, regs, __entry->args);),
	       TP_printk("nr=%ld arch=%s args=(0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx)%s",
			 __entry->nr, show_utrace_syscall_arch(__entry->arch),
			 __entry->args[0], __entry->args[1], __entry->args[2],
			 __entry->args[3], __entry->args[4], __entry->args[5],
			 show_utrace_syscall_verdict),
	       utrace_tp_syscall_entry_reg, utrace_tp_syscall_entry_unreg);
TRACE_EVENT_PERF_PERM(utrace_syscall_entry, UTRACE_PERF_PERM);

/* @rule: the id of the global engine rule that acted on the call, or 0. */
TRACE_EVENT_FN(utrace_syscall_exit,
	       TP_PROTO(struct pt_regs *regs, int verdict, u32 rule),
	       TP_ARGS(regs, verdict, rule),
	       TP_STRUCT__entry(__field(long,	nr)
				__field(u32,	arch)
				__field(long,	ret)
				__field(u8,	verdict)
				__field(u32,	rule)),
	       TP_fast_assign(__entry->nr		= syscall_get_nr(current, regs);
			      __entry->arch	= syscall_get_arch(current);
			      __entry->ret		= syscall_get_return_value(current, regs);
			      __entry->verdict	= verdict;
			      __entry->rule	= rule;),
	       /*
		* " rule=0xN" only when a rule acted: __print_flags() prints
		* nothing for 0 and the hex value of bits it has no name for.
		*/
	       TP_printk("nr=%ld arch=%s ret=%ld%s%s%s", __entry->nr,
			 show_utrace_syscall_arch(__entry->arch), __entry->ret,
			 show_utrace_syscall_verdict,
			 __entry->rule ? " rule=" : "",
			 __print_flags(__entry->rule, "", { 0, "" })),
	       utrace_tp_syscall_exit_reg, utrace_tp_syscall_exit_unreg);
TRACE_EVENT_PERF_PERM(utrace_syscall_exit, UTRACE_PERF_PERM);

/*
 * @pid is the thread the signal is acted on for.  It is current, except
 * for a fatal signal that starts its group exit at once (SIGKILL, and
 * others without a core dump): that is reported in the sender.
 * @sender_pid is the siginfo's si_pid as @pid's pid namespace sees it (0
 * for the kernel, -1 when the siginfo has none); SI_QUEUE can forge it.
 */
TRACE_EVENT_FN(utrace_signal,
	       TP_PROTO(pid_t pid, int signo, int si_code, pid_t sender_pid,
			u64 addr, int disposition, int engine_disposition),
	       TP_ARGS(pid, signo, si_code, sender_pid, addr, disposition,
		       engine_disposition),
	       TP_STRUCT__entry(__field(pid_t,	pid)
				__field(int,	signo)
				__field(int,	si_code)
				__field(pid_t,	sender_pid)
				__field(u64,	addr)
				__field(u8,	disposition)
				__field(u8,	engine_disposition)),
	       TP_fast_assign(__entry->pid			= pid;
			      __entry->signo			= signo;
			      __entry->si_code		= si_code;
			      __entry->sender_pid		= sender_pid;
			      __entry->addr			= addr;
			      __entry->disposition		= disposition;
			      __entry->engine_disposition	= engine_disposition;),
	       TP_printk("pid=%d sig=%d code=%d sender=%d addr=0x%llx disposition=%s engine=%s",
			 __entry->pid, __entry->signo, __entry->si_code,
			 __entry->sender_pid, __entry->addr,
			 show_utrace_disposition(__entry->disposition),
			 show_utrace_disposition(__entry->engine_disposition)),
	       utrace_tp_signal_reg, utrace_tp_signal_unreg);
TRACE_EVENT_PERF_PERM(utrace_signal, UTRACE_PERF_PERM);

TRACE_EVENT_FN(utrace_jctl,
	       TP_PROTO(int type, int signo, int notify),
	       TP_ARGS(type, signo, notify),
	       TP_STRUCT__entry(__field(int,	type)
				__field(int,	signo)
				__field(int,	notify)),
	       TP_fast_assign(__entry->type	= type;
			      __entry->signo	= signo;
			      __entry->notify	= !!notify;),
	       TP_printk("%s sig=%d notify=%d",
			 __entry->type == CLD_CONTINUED ? "continue" : "stop",
			 __entry->signo, __entry->notify),
	       utrace_tp_jctl_reg, utrace_tp_jctl_unreg);
TRACE_EVENT_PERF_PERM(utrace_jctl, UTRACE_PERF_PERM);

#endif /* _TRACE_UTRACE_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
