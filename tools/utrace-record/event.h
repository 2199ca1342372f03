/* SPDX-License-Identifier: GPL-2.0 */
/*
 * event.h - the recorder's internal event, independent of where it came
 * from (native utrace tracepoints or mainline tracepoints in compat mode).
 * Decoders produce struct ut_event, formatters consume it.
 */
#ifndef UT_EVENT_H
#define UT_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#define UT_COMM_LEN	16

enum ut_kind {
	UT_CLONE,
	UT_VFORK_DONE,
	UT_EXEC,
	UT_EXIT,
	UT_DEATH,
	UT_REAP,
	UT_SYSCALL_ENTRY,
	UT_SYSCALL_EXIT,
	UT_SIGNAL,
	UT_JCTL,
	UT_TASK,		/* a task that existed at start: statedump, /proc */
	UT_NR_KINDS,
	UT_LOST = UT_NR_KINDS,	/* pseudo event: ring buffer lost records */
	UT_X_EXITCALL,		/* internal (compat): exit/exit_group entry */
	UT_X_SIGGEN,		/* internal (compat): signal generated */
	UT_X_NEWTASK,		/* internal (compat): task_newtask, flags */
	UT_X_EXECCALL,		/* internal (compat): execve entry */
	UT_X_DROPPED,		/* internal: a record not to be shown */
	UT_X_RENAME,		/* internal: task_rename, a new comm */
	UT_X_FREE,		/* internal (native): sched_process_free */
	UT_X_ARGV,		/* internal: execve's argv (argv.h) */
};

/* Why a task exited, when compat mode knows more than its code. */
enum ut_cause {
	UT_CAUSE_NONE,		/* its own exit, or a signal shown */
	UT_CAUSE_EXIT_GROUP,	/* another thread called exit_group */
	UT_CAUSE_EXEC,		/* another thread called execve */
	UT_CAUSE_UNKNOWN,	/* killed with its group, cause not seen */
	/* Native only: the kernel's exit cause (utrace:utrace_exit cause). */
	UT_CAUSE_EXIT,		/* exit(2) by the thread itself */
	UT_CAUSE_SIGNAL,	/* a fatal signal; sender_pid/uid say whose */
	UT_CAUSE_FAULT,		/* a fault's signal, raised in cause_pid */
	UT_CAUSE_SECCOMP,	/* a seccomp kill, in cause_pid */
	UT_CAUSE_RLIMIT,	/* SIGXCPU or SIGXFSZ of a resource limit */
	UT_CAUSE_OOM,		/* the OOM killer's SIGKILL */
	UT_CAUSE_KERNEL,	/* do_exit() by the kernel (oops, kthread) */
};


#define UT_KIND_BIT(k)		(1u << (k))
#define UT_KINDS_ALL		((1u << UT_NR_KINDS) - 1)
#define UT_KINDS_SYSCALLS	(UT_KIND_BIT(UT_SYSCALL_ENTRY) | \
				 UT_KIND_BIT(UT_SYSCALL_EXIT))
/* Task lines (one per existing thread at start) are shown on request. */
#define UT_KINDS_DEFAULT	(UT_KINDS_ALL & ~UT_KINDS_SYSCALLS & \
				 ~UT_KIND_BIT(UT_TASK))

/* Values of "unknown" for fields compat mode cannot provide. */
#define UT_UNKNOWN		(-1)

/* Signal dispositions (utrace:signal disposition / engine_disposition). */
enum ut_disp {
	UT_DISP_HANDLER,
	UT_DISP_IGNORE,
	UT_DISP_STOP,
	UT_DISP_TERMINATE,
	UT_DISP_CORE,
	UT_DISP_HELD,
	UT_DISP_CONTINUE,	/* SIGCONT to a stopped task (recorder's own) */
	UT_NR_DISP,
};

/* Syscall verdicts (utrace:syscall_* verdict). */
enum ut_verdict {
	UT_VERDICT_RAN,
	UT_VERDICT_ABORTED,	/* by ptrace */
	UT_VERDICT_INJECTED,	/* by an engine */
	UT_VERDICT_SECCOMP,	/* denied by seccomp */
	UT_VERDICT_UNKNOWN,	/* entry not seen in this generation */
};

/* Syscall ABIs (utrace:syscall_* arch, AUDIT_ARCH_*); 0: not recorded. */
#define UT_ARCH_UNKNOWN		0u
#define UT_ARCH_X86_64		0xc000003eu
#define UT_ARCH_I386		0x40000003u

/*
 * A syscall's first path argument as utrace:syscall_entry copied it at
 * the entry (native only): its state, as enum utrace_path_state.
 */
#define UT_PATH_MAX		256	/* the kernel's bound, NUL included */
enum ut_path_state {
	UT_PATH_NONE,		/* not copied: no path argument, or NULL */
	UT_PATH_OK,
	UT_PATH_CUT,		/* its first UT_PATH_MAX - 1 bytes */
	UT_PATH_FAULT,		/* a bad pointer: EFAULT, no string */
};

/* jctl type values, as CLD_STOPPED / CLD_CONTINUED. */
#define UT_JCTL_STOP		5
#define UT_JCTL_CONTINUE	6

struct ut_argv;

struct ut_event {
	uint64_t ts;			/* ns, trace clock */
	int cpu;
	bool from_sig;			/* from the -sig instance (sigtarget.h) */
	int pid;			/* task the event is about */
	char comm[UT_COMM_LEN];
	enum ut_kind kind;
	/*
	 * Native clone (the child's), exec, exit, death: the process's start
	 * (boot clock ns, its thread-group leader's start_boottime) and the
	 * task's cgroup v2 id; 0: unknown.
	 */
	uint64_t start_ns;
	uint64_t cgroup_id;
	union {
		struct {
			int parent_pid;
			int child_pid;
			int child_tgid;		/* UT_UNKNOWN in compat */
			bool flags_known;
			uint64_t flags;
			int exit_signal;	/* UT_UNKNOWN in compat */
			char child_comm[UT_COMM_LEN]; /* "" when unknown */
		} clone;
		struct {
			int child_pid;
		} vfork_done;
		struct {
			char *filename;		/* owned, freed by ut_event_clear */
			int old_pid;
			int new_pid;
			int err;		/* compat: errno of a failed execve */
			int ppid;		/* who cloned it, 0: unknown */
			struct ut_argv *argv;	/* owned; NULL: unknown */
		} exec;
		struct {
			struct ut_argv *a;	/* owned */
		} argv;
		struct {
			bool code_known;
			int code;		/* wait status encoding */
			int group_dead;		/* UT_UNKNOWN when absent */
			int cause;		/* enum ut_cause */
			int cause_pid;		/* the thread that caused it, 0: none */
			int ppid;		/* who cloned it, 0: unknown */
			uint64_t age_ns;	/* since its clone/exec, 0: unknown */
			/* Native: the signal's sender, when cause says one */
			int sender_pid;		/* 0 kernel, -1 none */
			long long sender_uid;	/* UT_UNKNOWN: none */
			int si_code;
		} exit;
		struct {
			int exit_code;
			int exit_signal;
			int group_dead;
			/* Native: as in exit; UT_CAUSE_NONE without them */
			int cause;
			int cause_pid;
			int sender_pid;
			long long sender_uid;
			int si_code;
		} death;
		struct {
			int pid;
			int tgid;		/* UT_UNKNOWN in compat */
			int reaper_pid;		/* UT_UNKNOWN in compat */
		} reap;
		struct {
			long nr;
			uint32_t arch;		/* UT_ARCH_*, 0 when unknown */
			unsigned long args[6];
			int verdict;		/* UT_UNKNOWN in compat */
			int path_arg;		/* which argument path is */
			int path_state;		/* enum ut_path_state */
			char path[UT_PATH_MAX];	/* valid with OK and CUT */
		} sys_entry;
		struct {
			long nr;
			uint32_t arch;
			long ret;		/* as the kernel stored it */
			int verdict;		/* UT_UNKNOWN in compat */
			uint64_t dur_ns;	/* since its entry, 0: unknown */
			uint32_t rule;		/* fault rule that fired, 0: none */
		} sys_exit;
		struct {
			/*
			 * ev->pid is the receiver; ctx_pid is the task the
			 * record was written in (common_pid): the sender when
			 * a fatal signal was traced at send time.
			 */
			int ctx_pid;
			int signo;
			int si_code;
			int sender_pid;		/* -1 unknown, 0 kernel */
			bool addr_known;
			uint64_t addr;
			int disposition;	/* enum ut_disp */
			bool disp_inferred;	/* compat: from sa_handler */
			int engine_disposition;	/* UT_UNKNOWN in compat */
		} signal;
		struct {
			int type;
			int signo;
			int notify;
		} jctl;
		struct {
			/* ev->pid and ev->comm are the task's own */
			int tgid;
			int ppid;		/* 0: none (pid 1, kthreadd) */
			uint64_t start_ns;	/* boot clock ns, 0: unknown */
			char *exe;		/* owned; NULL: none or unknown */
			uint64_t cgroup_id;	/* cgroup v2 id, 0: unknown */
			long long uid;		/* real uid, UT_UNKNOWN: unknown */
			bool from_proc;		/* /proc scan, not the statedump */
		} task;
		struct {
			long long count;	/* < 0: unknown */
			bool sig;		/* in the compat -sig instance */
		} lost;
		struct {
			int code;		/* wait status encoding */
			bool group;		/* exit_group, not exit */
		} exitcall;
		struct {
			int signo;
			int si_code;
			int target;
			bool group;		/* sent to the thread group */
			int result;		/* TRACE_SIGNAL_*: 1 ignored */
		} siggen;
		struct {
			int child;
			uint64_t flags;
		} newtask;
		struct {
			int pid;
			char comm[UT_COMM_LEN];
		} rename;
		struct {
			int pid;
		} free;
	};
};

void ut_event_clear(struct ut_event *ev);

#endif
