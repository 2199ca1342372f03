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

/*
 * One thread, as utrace/statedump reports it (utrace:utrace_task).  Pids
 * in the init pid namespace; @exe is "" for a task without one (kernel
 * threads), cut to UTRACE_TASK_EXE_MAX - 1 bytes when @exe_cut.
 */
#define UTRACE_TASK_EXE_MAX	1024
struct utrace_task_info {
	pid_t	pid;
	pid_t	tgid;
	pid_t	ppid;
	u32	uid;
	u64	start_time;
	u64	cgroup_id;
	char	comm[TASK_COMM_LEN];
	const char *exe;
	bool	exe_cut;
};

/*
 * Identity in the clone, exec, exit and death events: a process's start
 * (its thread-group leader's start_boottime, boot clock ns, as
 * /proc/PID/stat counts it) and a task's cgroup v2 id (0 without cgroups).
 */
u64 utrace_process_start_time(struct task_struct *task);
u64 utrace_task_cgroup_id(struct task_struct *task);

/*
 * The first path argument of a system call that takes one, copied at its
 * entry for utrace:utrace_syscall_entry (utrace_trace_syscall_entry()).
 * @arg: which argument it is, UTRACE_PATH_NO_ARG when none was copied
 * (the call takes no path, or the pointer is NULL).
 */
#define UTRACE_PATH_MAX		256
#define UTRACE_PATH_NO_ARG	0xff
enum utrace_path_state {
	UTRACE_PATH_NONE,	/* no path copied */
	UTRACE_PATH_OK,		/* the whole string */
	UTRACE_PATH_CUT,	/* its first UTRACE_PATH_MAX - 1 bytes */
	UTRACE_PATH_FAULT,	/* the pointer is bad: -EFAULT, no string */
};

struct utrace_path {
	const char *str;	/* "" unless UTRACE_PATH_OK or _CUT */
	u8	state;
	u8	arg;
};

void utrace_trace_syscall_entry(struct pt_regs *regs, int verdict);

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
 * It matters most for the syscall events: opening one sets the syscall
 * work bit on every thread of the machine and walks them all under
 * tasklist_lock, on each open and each close.  The other events take the
 * same rule: each open flips the static key of every hook site, and
 * their records carry other users' data (exit causes and senders, file
 * names, uids).  An inherited event was checked when its parent was
 * opened; the task forking it may not be the opener.  (tracefs is
 * root's already.)  Expanded only by TRACE_EVENT_PERF_PERM() where the
 * events are created.
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
TRACE_DEFINE_ENUM(UTRACE_SYSCALL_RAN);
TRACE_DEFINE_ENUM(UTRACE_SYSCALL_PTRACE_ABORT);
TRACE_DEFINE_ENUM(UTRACE_SYSCALL_ENGINE_ABORT);
TRACE_DEFINE_ENUM(UTRACE_SYSCALL_SECCOMP_ABORT);
TRACE_DEFINE_ENUM(UTRACE_SYSCALL_UNKNOWN);
TRACE_DEFINE_ENUM(UTRACE_PATH_CUT);
TRACE_DEFINE_ENUM(UTRACE_PATH_FAULT);
TRACE_DEFINE_ENUM(UTRACE_EXIT_UNKNOWN);
TRACE_DEFINE_ENUM(UTRACE_EXIT_EXIT);
TRACE_DEFINE_ENUM(UTRACE_EXIT_GROUP);
TRACE_DEFINE_ENUM(UTRACE_EXIT_EXEC);
TRACE_DEFINE_ENUM(UTRACE_EXIT_SIGNAL);
TRACE_DEFINE_ENUM(UTRACE_EXIT_FAULT);
TRACE_DEFINE_ENUM(UTRACE_EXIT_SECCOMP);
TRACE_DEFINE_ENUM(UTRACE_EXIT_RLIMIT);
TRACE_DEFINE_ENUM(UTRACE_EXIT_OOM);
TRACE_DEFINE_ENUM(UTRACE_EXIT_KERNEL);

#define show_utrace_exit_cause(c)					\
	__print_symbolic(c,						\
		{ UTRACE_EXIT_UNKNOWN,	"unknown" },			\
		{ UTRACE_EXIT_EXIT,	"exit" },			\
		{ UTRACE_EXIT_GROUP,	"exit_group" },			\
		{ UTRACE_EXIT_EXEC,	"execve" },			\
		{ UTRACE_EXIT_SIGNAL,	"signal" },			\
		{ UTRACE_EXIT_FAULT,	"fault" },			\
		{ UTRACE_EXIT_SECCOMP,	"seccomp" },			\
		{ UTRACE_EXIT_RLIMIT,	"rlimit" },			\
		{ UTRACE_EXIT_OOM,	"oom" },			\
		{ UTRACE_EXIT_KERNEL,	"kernel" })

/* The cause and identity utrace_exit and utrace_death print. */
#define UTRACE_EXIT_CAUSE_FMT						\
	" cause=%s cause_pid=%d sender=%d uid=%d si_code=%d start=%llu cgroup=%llu"

#define show_utrace_disposition(d)					\
	__print_symbolic(d,						\
		{ UTRACE_DISP_HANDLER,	"handler" },			\
		{ UTRACE_DISP_IGN,	"ignore" },			\
		{ UTRACE_DISP_STOP,	"stop" },			\
		{ UTRACE_DISP_TERM,	"terminate" },			\
		{ UTRACE_DISP_CORE,	"core" },			\
		{ UTRACE_DISP_HELD,	"held" })

#define show_utrace_syscall_verdict(v)					\
	__print_symbolic(v,						\
		{ UTRACE_SYSCALL_RAN,		"ran" },		\
		{ UTRACE_SYSCALL_PTRACE_ABORT,	"ptrace" },		\
		{ UTRACE_SYSCALL_ENGINE_ABORT,	"injected" },		\
		{ UTRACE_SYSCALL_SECCOMP_ABORT,	"seccomp" },		\
		{ UTRACE_SYSCALL_UNKNOWN,	"unknown" })

/* The system call's ABI, as syscall_get_arch() and audit name it. */
#define show_utrace_syscall_arch(a)					\
	__print_symbolic(a,						\
		{ AUDIT_ARCH_X86_64,	"x86_64" },			\
		{ AUDIT_ARCH_I386,	"i386" })

#define show_utrace_jctl_type(t)					\
	__print_symbolic(t,						\
		{ CLD_STOPPED,		"stop" },			\
		{ CLD_CONTINUED,	"continue" })

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

/*
 * Laid out as signal.h and syscalls.h are, with what checkpatch --strict
 * asks on top: the sections aligned with the open parenthesis, the first
 * field and assignment on the TP_STRUCT__entry( and TP_fast_assign( lines,
 * no blanks inside __field().
 */

/**
 * utrace_clone - a new task was created by clone(), fork() or vfork()
 * @child: the new task, not yet running
 * @clone_flags: the clone flags it was created with
 *
 * Reported in the parent (current) after the child is visible and before
 * it first runs.  @start_time and @cgroup_id are the child's: its
 * process's start (boot clock ns) and its cgroup v2 id.  The printed
 * flags leave out CSIGNAL, which is @exit_signal.
 */
TRACE_EVENT_FN(utrace_clone,
	       TP_PROTO(struct task_struct *child, u64 clone_flags),

	       TP_ARGS(child, clone_flags),

	       TP_STRUCT__entry(__field(u64,	clone_flags)
				__field(u64,	start_time)
				__field(u64,	cgroup_id)
				__field(pid_t,	parent_pid)
				__field(pid_t,	child_pid)
				__field(pid_t,	child_tgid)
				__field(int,	exit_signal)
	       ),

	       TP_fast_assign(__entry->clone_flags	= clone_flags;
			      __entry->start_time	= utrace_process_start_time(child);
			      __entry->cgroup_id	= utrace_task_cgroup_id(child);
			      __entry->parent_pid	= current->pid;
			      __entry->child_pid	= child->pid;
			      __entry->child_tgid	= child->tgid;
			      __entry->exit_signal	= child->exit_signal;
	       ),

	       TP_printk("parent=%d child=%d tgid=%d flags=%s exit_signal=%d start=%llu cgroup=%llu",
			 __entry->parent_pid, __entry->child_pid, __entry->child_tgid,
			 show_clone_flags(__entry->clone_flags & ~CSIGNAL),
			 __entry->exit_signal, __entry->start_time,
			 __entry->cgroup_id),

	       utrace_tp_clone_reg, utrace_tp_clone_unreg
);

TRACE_EVENT_PERF_PERM(utrace_clone, UTRACE_PERF_PERM);

/**
 * utrace_vfork_done - a vfork() parent resumes
 * @child_pid: the child that released it (by exec or exit)
 */
TRACE_EVENT_FN(utrace_vfork_done,
	       TP_PROTO(pid_t child_pid),

	       TP_ARGS(child_pid),

	       TP_STRUCT__entry(__field(pid_t,	child_pid)
	       ),

	       TP_fast_assign(__entry->child_pid	= child_pid;
	       ),

	       TP_printk("child=%d", __entry->child_pid),

	       utrace_tp_vfork_done_reg, utrace_tp_vfork_done_unreg
);

TRACE_EVENT_PERF_PERM(utrace_vfork_done, UTRACE_PERF_PERM);

/**
 * utrace_exec - current executed a new program
 * @bprm: the program, after its image was loaded
 * @old_pid: the pid of the thread that called execve(), which differs
 *	from current's when another thread of the group did (de_thread())
 *
 * @start_time and @cgroup_id are current's process start and cgroup v2 id.
 */
TRACE_EVENT_FN(utrace_exec,
	       TP_PROTO(const struct linux_binprm *bprm, pid_t old_pid),

	       TP_ARGS(bprm, old_pid),

	       TP_STRUCT__entry(__field(u64,		start_time)
				__field(u64,		cgroup_id)
				__string(filename,	bprm->filename)
				__field(pid_t,		old_pid)
				__field(pid_t,		pid)
	       ),

	       TP_fast_assign(__entry->start_time	= utrace_process_start_time(current);
			      __entry->cgroup_id	= utrace_task_cgroup_id(current);
			      __assign_str(filename);
			      __entry->old_pid		= old_pid;
			      __entry->pid		= current->pid;
	       ),

	       TP_printk("filename=%s old_pid=%d pid=%d start=%llu cgroup=%llu",
			 __get_str(filename), __entry->old_pid, __entry->pid,
			 __entry->start_time, __entry->cgroup_id),

	       utrace_tp_exec_reg, utrace_tp_exec_unreg
);

TRACE_EVENT_PERF_PERM(utrace_exec, UTRACE_PERF_PERM);

/**
 * utrace_exit - current starts to exit
 * @code: the exit code, a wait status, as task->exit_code keeps it
 *	(do_exit() takes a long but stores an int)
 * @why: the cause, see struct utrace_exit_note
 *
 * Reported from do_exit() after ptrace's PTRACE_EVENT_EXIT, while the
 * task still has its mm and files.  Pids in the initial pid namespace.
 */
TRACE_EVENT_FN(utrace_exit,
	       TP_PROTO(int code, const struct utrace_exit_note *why),

	       TP_ARGS(code, why),

	       TP_STRUCT__entry(__field(u64,	start_time)
				__field(u64,	cgroup_id)
				__field(int,	code)
				__field(pid_t,	cause_pid)
				__field(pid_t,	sender_pid)
				__field(u32,	sender_uid)
				__field(int,	si_code)
				__field(u8,	cause)
	       ),

	       TP_fast_assign(__entry->start_time	= utrace_process_start_time(current);
			      __entry->cgroup_id	= utrace_task_cgroup_id(current);
			      __entry->code		= code;
			      __entry->cause_pid	= why->cause_pid;
			      __entry->sender_pid	= why->sender_pid;
			      __entry->sender_uid	= why->sender_uid;
			      __entry->si_code		= why->si_code;
			      __entry->cause		= why->cause;
	       ),

	       TP_printk("code=0x%x status=%d signal=%d%s" UTRACE_EXIT_CAUSE_FMT,
			 __entry->code, (__entry->code >> 8) & 0xff,
			 __entry->code & 0x7f,
			 __entry->code & 0x80 ? " core" : "",
			 show_utrace_exit_cause(__entry->cause),
			 __entry->cause_pid, __entry->sender_pid,
			 (int)__entry->sender_uid, __entry->si_code,
			 __entry->start_time, __entry->cgroup_id),

	       utrace_tp_exit_reg, utrace_tp_exit_unreg
);

TRACE_EVENT_PERF_PERM(utrace_exit, UTRACE_PERF_PERM);

/**
 * utrace_death - an exiting task is about to notify its parent
 * @task: the exiting task (current), just before exit_notify()
 * @group_dead: it is the last thread of its group
 * @why: the cause, as in utrace_exit
 *
 * The last moment @group_dead and @exit_signal are known and the parent
 * cannot have reaped the task yet; its mm and files are gone.
 */
TRACE_EVENT_FN(utrace_death,
	       TP_PROTO(struct task_struct *task, bool group_dead,
			const struct utrace_exit_note *why),

	       TP_ARGS(task, group_dead, why),

	       TP_STRUCT__entry(__field(u64,	start_time)
				__field(u64,	cgroup_id)
				__field(int,	exit_code)
				__field(int,	exit_signal)
				__field(pid_t,	cause_pid)
				__field(pid_t,	sender_pid)
				__field(u32,	sender_uid)
				__field(int,	si_code)
				__field(u8,	group_dead)
				__field(u8,	cause)
	       ),

	       TP_fast_assign(__entry->start_time	= utrace_process_start_time(task);
			      __entry->cgroup_id	= utrace_task_cgroup_id(task);
			      __entry->exit_code	= task->exit_code;
			      __entry->exit_signal	= task->exit_signal;
			      __entry->cause_pid	= why->cause_pid;
			      __entry->sender_pid	= why->sender_pid;
			      __entry->sender_uid	= why->sender_uid;
			      __entry->si_code		= why->si_code;
			      __entry->group_dead	= group_dead;
			      __entry->cause		= why->cause;
	       ),

	       TP_printk("exit_code=0x%x group_dead=%d exit_signal=%d" UTRACE_EXIT_CAUSE_FMT,
			 __entry->exit_code, __entry->group_dead,
			 __entry->exit_signal,
			 show_utrace_exit_cause(__entry->cause),
			 __entry->cause_pid, __entry->sender_pid,
			 (int)__entry->sender_uid, __entry->si_code,
			 __entry->start_time, __entry->cgroup_id),

	       utrace_tp_death_reg, utrace_tp_death_unreg
);

TRACE_EVENT_PERF_PERM(utrace_death, UTRACE_PERF_PERM);

/**
 * utrace_reap - a dead task is released
 * @task: the task being released
 *
 * Reported by the reaper (current): the parent's wait(), the task itself
 * on autoreap, or de_thread().
 */
TRACE_EVENT_FN(utrace_reap,
	       TP_PROTO(struct task_struct *task),

	       TP_ARGS(task),

	       TP_STRUCT__entry(__field(pid_t,	pid)
				__field(pid_t,	tgid)
				__field(pid_t,	reaper_pid)
	       ),

	       TP_fast_assign(__entry->pid		= task->pid;
			      __entry->tgid		= task->tgid;
			      __entry->reaper_pid	= current->pid;
	       ),

	       TP_printk("pid=%d tgid=%d reaper=%d",
			 __entry->pid, __entry->tgid, __entry->reaper_pid),

	       utrace_tp_reap_reg, utrace_tp_reap_unreg
);

TRACE_EVENT_PERF_PERM(utrace_reap, UTRACE_PERF_PERM);

/**
 * utrace_syscall_entry - current enters a system call
 * @regs: its user registers
 * @verdict: enum utrace_syscall_verdict: ran, or who aborted it (seccomp
 *	runs later: only utrace_syscall_exit shows its verdict)
 * @path: its first path argument, copied by utrace_trace_syscall_entry()
 *
 * @path_arg is the argument @path was copied from, @path_state an enum
 * utrace_path_state; " path=" is printed only when one was copied.
 * @nr is an int, as syscall_get_nr() returns it (raw_syscalls stores a
 * long): with @arch it fills the 8 bytes before @args.
 */
TRACE_EVENT_FN(utrace_syscall_entry,
	       TP_PROTO(struct pt_regs *regs, int verdict,
			const struct utrace_path *path),

	       TP_ARGS(regs, verdict, path),

	       TP_STRUCT__entry(__field(int,		nr)
				__field(u32,		arch)
				__array(unsigned long,	args,	6)
				__string(path,		path->str)
				__field(u8,		verdict)
				__field(u8,		path_state)
				__field(u8,		path_arg)
	       ),

	       TP_fast_assign(__entry->nr		= syscall_get_nr(current, regs);
			      __entry->arch		= syscall_get_arch(current);
			      syscall_get_arguments(current, regs, __entry->args);
			      __assign_str(path);
			      __entry->verdict		= verdict;
			      __entry->path_state	= path->state;
			      __entry->path_arg		= path->arg;
	       ),

	       TP_printk("nr=%d arch=%s args=(0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx) verdict=%s%s%s%s",
			 __entry->nr, show_utrace_syscall_arch(__entry->arch),
			 __entry->args[0], __entry->args[1], __entry->args[2],
			 __entry->args[3], __entry->args[4], __entry->args[5],
			 show_utrace_syscall_verdict(__entry->verdict),
			 __entry->path_state ? " path=" : "", __get_str(path),
			 (__entry->path_state == UTRACE_PATH_CUT ? " (cut)" :
			  (__entry->path_state == UTRACE_PATH_FAULT ? "(fault)" : ""))),

	       utrace_tp_syscall_entry_reg, utrace_tp_syscall_entry_unreg
);

TRACE_EVENT_PERF_PERM(utrace_syscall_entry, UTRACE_PERF_PERM);

/**
 * utrace_syscall_exit - current returns from a system call
 * @regs: its user registers
 * @verdict: enum utrace_syscall_verdict recorded at its entry; "unknown"
 *	when the syscall events were switched off and on since
 * @rule: the id of the global engine rule that acted on the call, or 0
 */
TRACE_EVENT_FN(utrace_syscall_exit,
	       TP_PROTO(struct pt_regs *regs, int verdict, u32 rule),

	       TP_ARGS(regs, verdict, rule),

	       TP_STRUCT__entry(__field(int,	nr)
				__field(u32,	arch)
				__field(long,	ret)
				__field(u32,	rule)
				__field(u8,	verdict)
	       ),

	       TP_fast_assign(__entry->nr	= syscall_get_nr(current, regs);
			      __entry->arch	= syscall_get_arch(current);
			      __entry->ret	= syscall_get_return_value(current, regs);
			      __entry->rule	= rule;
			      __entry->verdict	= verdict;
	       ),

	       TP_printk("nr=%d arch=%s ret=%ld verdict=%s rule=%u",
			 __entry->nr, show_utrace_syscall_arch(__entry->arch),
			 __entry->ret, show_utrace_syscall_verdict(__entry->verdict),
			 __entry->rule),

	       utrace_tp_syscall_exit_reg, utrace_tp_syscall_exit_unreg
);

TRACE_EVENT_PERF_PERM(utrace_syscall_exit, UTRACE_PERF_PERM);

/**
 * utrace_signal - a signal is acted on
 * @pid: the thread it is acted on for
 * @signo: the signal
 * @si_code: its siginfo's si_code
 * @sender_pid: the sender's tgid in the initial pid namespace
 * @addr: the fault address of SIGSEGV, SIGBUS, SIGILL, SIGFPE and
 *	SIGTRAP, else 0
 * @disposition: enum utrace_disposition, what the kernel does with it
 * @engine_disposition: the same, after the global engines
 *
 * @pid is current, except for a fatal signal that starts its group exit
 * at once (SIGKILL, and others without a core dump): that is reported
 * in the sender.  @sender_pid is the sending task when reported at send
 * time, else the siginfo's si_pid translated from @pid's namespace
 * (SI_QUEUE can forge that one); 0 for the kernel, -1 when the siginfo
 * has none or the sender is gone.
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
				__field(u8,	engine_disposition)
	       ),

	       TP_fast_assign(__entry->pid			= pid;
			      __entry->signo			= signo;
			      __entry->si_code			= si_code;
			      __entry->sender_pid		= sender_pid;
			      __entry->addr			= addr;
			      __entry->disposition		= disposition;
			      __entry->engine_disposition	= engine_disposition;
	       ),

	       TP_printk("pid=%d sig=%d code=%d sender=%d addr=0x%llx disposition=%s engine=%s",
			 __entry->pid, __entry->signo, __entry->si_code,
			 __entry->sender_pid, __entry->addr,
			 show_utrace_disposition(__entry->disposition),
			 show_utrace_disposition(__entry->engine_disposition)),

	       utrace_tp_signal_reg, utrace_tp_signal_unreg
);

TRACE_EVENT_PERF_PERM(utrace_signal, UTRACE_PERF_PERM);

/**
 * utrace_jctl - current stops for job control, or continues
 * @type: CLD_STOPPED or CLD_CONTINUED
 * @signo: the stop signal, or SIGCONT
 * @notify: the parent is notified (SIGCHLD, wait())
 */
TRACE_EVENT_FN(utrace_jctl,
	       TP_PROTO(int type, int signo, int notify),

	       TP_ARGS(type, signo, notify),

	       TP_STRUCT__entry(__field(int,	type)
				__field(int,	signo)
				__field(u8,	notify)
	       ),

	       TP_fast_assign(__entry->type	= type;
			      __entry->signo	= signo;
			      __entry->notify	= !!notify;
	       ),

	       TP_printk("type=%s sig=%d notify=%u",
			 show_utrace_jctl_type(__entry->type), __entry->signo,
			 __entry->notify),

	       utrace_tp_jctl_reg, utrace_tp_jctl_unreg
);

TRACE_EVENT_PERF_PERM(utrace_jctl, UTRACE_PERF_PERM);

/**
 * utrace_task - a thread that exists, for a state dump
 * @info: the thread, see struct utrace_task_info
 *
 * Written by a write to utrace/statedump (in a kernel worker) into each
 * instance where this event is enabled.  @start_time is its process's
 * start (the thread-group leader's, boot clock ns, as in utrace_clone);
 * @uid the real uid in the initial user namespace; @cgroup_id its cgroup
 * v2 id (0 without cgroups).
 */
TRACE_EVENT(utrace_task,
	    TP_PROTO(const struct utrace_task_info *info),

	    TP_ARGS(info),

	    TP_STRUCT__entry(__field(pid_t,	pid)
			     __field(pid_t,	tgid)
			     __field(pid_t,	ppid)
			     __field(u32,	uid)
			     __field(u64,	start_time)
			     __field(u64,	cgroup_id)
			     __array(char,	comm,	TASK_COMM_LEN)
			     __string(exe,	info->exe)
			     __field(u8,	exe_cut)
	    ),

	    TP_fast_assign(__entry->pid		= info->pid;
			   __entry->tgid	= info->tgid;
			   __entry->ppid	= info->ppid;
			   __entry->uid		= info->uid;
			   __entry->start_time	= info->start_time;
			   __entry->cgroup_id	= info->cgroup_id;
			   memcpy(__entry->comm, info->comm, TASK_COMM_LEN);
			   __assign_str(exe);
			   __entry->exe_cut	= info->exe_cut;
	    ),

	    TP_printk("pid=%d tgid=%d ppid=%d comm=%s uid=%u start=%llu cgroup=%llu exe=%s%s",
		      __entry->pid, __entry->tgid, __entry->ppid,
		      __entry->comm, __entry->uid, __entry->start_time,
		      __entry->cgroup_id, __get_str(exe),
		      __entry->exe_cut ? " (cut)" : "")
);

TRACE_EVENT_PERF_PERM(utrace_task, UTRACE_PERF_PERM);

#endif /* _TRACE_UTRACE_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
