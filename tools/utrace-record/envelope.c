// SPDX-License-Identifier: GPL-2.0
/*
 * envelope.c - the host, boot, seq and process identity of every
 * machine-readable record (envelope.h).  A process's identity is looked
 * up once, at its first record, and kept on its leader's entry of the
 * process table.
 *
 * The entity id is FNV-1a 128 of "BOOT_ID/TGID/TICKS" (and "/N" for the
 * N-th later process of that pid in the same tick), as 32 hex digits:
 * TICKS is the process start in boot-clock ticks, /proc/PID/stat's field
 * 22, so that an id made from /proc, from a kernel event's boot-clock
 * nanoseconds (divided down to ticks, as the kernel does for /proc) or by
 * another recorder on the same boot is the same.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "argv.h"
#include "cgroupid.h"
#include "envelope.h"
#include "format.h"
#include "hostpid.h"
#include "timefmt.h"

#define NS_PER_SEC	1000000000ULL
#define RECENT_SLOTS	8192	/* pids whose last id is remembered */
#define CLONE_SLACK_TICKS 100	/* a fork's start to its clone record */

/* The last process of a pid given an id: same-tick reuse told apart. */
struct ut_env_recent {
	int pid;
	unsigned int n;
	uint64_t ticks;
};

static uint64_t tick_ns = 10000000;	/* NS_PER_SEC / USER_HZ */

static void read_line(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "re");

	buf[0] = '\0';
	if (!f)
		return;
	if (!fgets(buf, n, f))
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

static int64_t clock_ns(clockid_t id)
{
	struct timespec t;

	clock_gettime(id, &t);
	return (int64_t)t.tv_sec * NS_PER_SEC + t.tv_nsec;
}

static void json_str_key(struct sbuf *sb, const char *key, const char *v)
{
	sb_lit(sb, ",\"");
	sb_puts(sb, key);
	sb_lit(sb, "\":");
	if (v && v[0])
		sb_json_str(sb, v);
	else
		sb_lit(sb, "null");
}

bool ut_env_init(struct ut_envelope *env, bool live, const char *redact,
		 bool fleet_args)
{
	struct sbuf sb = { 0 };
	long hz = sysconf(_SC_CLK_TCK);
	int err;

	memset(env, 0, sizeof(*env));
	if (hz > 0)
		tick_ns = NS_PER_SEC / hz;
	env->live = live;
	env->fleet_args = fleet_args;
	if (gethostname(env->host_name, sizeof(env->host_name) - 1))
		env->host_name[0] = '\0';
	read_line("/etc/machine-id", env->host_id, sizeof(env->host_id));
	read_line("/proc/sys/kernel/random/uuid", env->run_id,
		  sizeof(env->run_id));
	if (live)
		read_line("/proc/sys/kernel/random/boot_id", env->boot_id,
			  sizeof(env->boot_id));
	/* The trace clock is CLOCK_MONOTONIC; start times are boot clock. */
	env->boot_minus_mono = clock_ns(CLOCK_BOOTTIME) -
			       clock_ns(CLOCK_MONOTONIC);
	if (redact) {
		err = regcomp(&env->redact_re, redact, REG_EXTENDED);
		if (err) {
			char msg[256];

			regerror(err, &env->redact_re, msg, sizeof(msg));
			fprintf(stderr, "utrace-record: --redact-args '%s': %s\n",
				redact, msg);
			return false;
		}
		env->redact = true;
	}
	env->recent = calloc(RECENT_SLOTS, sizeof(*env->recent));
	json_str_key(&sb, "service.instance.id", env->run_id);
	json_str_key(&sb, "host.name", env->host_name);
	json_str_key(&sb, "host.id", env->host_id);
	json_str_key(&sb, "boot_id", env->boot_id);
	env->host_json = sb.buf ? sb.buf : strdup("");
	return env->recent && env->host_json;
}

void ut_env_free(struct ut_envelope *env)
{
	if (env->redact)
		regfree(&env->redact_re);
	free(env->host_json);
	free(env->recent);
	env->host_json = NULL;
	env->recent = NULL;
	env->redact = false;
}

/* FNV-1a, 128 bits, of s: 32 lower-case hex digits into out. */
void ut_env_hash(const char *s, char out[UT_ENTITY_LEN + 1])
{
	const unsigned __int128 prime =
		((unsigned __int128)1 << 88) + (1 << 8) + 0x3b;
	unsigned __int128 h = ((unsigned __int128)0x6c62272e07bb0142ULL << 64) |
			      0x62b821756295c58dULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= prime;
	}
	snprintf(out, UT_ENTITY_LEN + 1, "%016llx%016llx",
		 (unsigned long long)(h >> 64), (unsigned long long)h);
}

void ut_env_entity(const char *boot_id, int tgid, uint64_t ticks,
		   unsigned int n, char out[UT_ENTITY_LEN + 1])
{
	char in[128];

	if (n)
		snprintf(in, sizeof(in), "%s/%d/%llu/%u", boot_id, tgid,
			 (unsigned long long)ticks, n);
	else
		snprintf(in, sizeof(in), "%s/%d/%llu", boot_id, tgid,
			 (unsigned long long)ticks);
	ut_env_hash(in, out);
}

static uint64_t mono_to_ticks(const struct ut_envelope *env, uint64_t ts)
{
	return (uint64_t)((int64_t)ts + env->boot_minus_mono) / tick_ns;
}

/*
 * /proc/PID/stat is of the process l is (not of a later one that got
 * its pid): its start agrees with what the records said, or, for a
 * process already running, was before the record at ts.
 */
static bool stat_is_ours(const struct ut_envelope *env,
			 const struct ut_proc *l, uint64_t ticks, uint64_t ts)
{
	uint64_t est;

	if (l->kstart_ns)
		return ticks == l->kstart_ns / tick_ns;
	if (l->ticks_known)		/* seen running at the start */
		return ticks == l->start_ticks;
	/*
	 * Cloned: its start is before the clone record, by little unless
	 * the fork was preempted; a later process of the pid started after
	 * this one's clone, so never before est: none is taken for it
	 * (only one in the very tick of est could be).
	 */
	if (l->cloned) {
		est = mono_to_ticks(env, l->start_ts);
		return ticks <= est && ticks + CLONE_SLACK_TICKS >= est;
	}
	return ticks <= mono_to_ticks(env, ts) + 1;
}

/* The thread-group leader's entry of t (t's own when unknown). */
static struct ut_proc *leader(struct ut_procs *procs, struct ut_proc *t)
{
	struct ut_proc *l;

	if (!t || t->tgid <= 0 || t->tgid == t->pid)
		return t;
	l = ut_procs_find(procs, t->tgid);
	return l ? l : t;
}

/* The id of the process (tgid, ticks): one more when its pid's last in
 * that tick was another process. */
static void make_entity(struct ut_envelope *env, struct ut_proc *l)
{
	struct ut_env_recent *r = &env->recent[l->pid % RECENT_SLOTS];

	l->id_n = 0;
	if (r->pid == l->pid && r->ticks == l->start_ticks)
		l->id_n = l->cloned ? r->n + 1 : r->n;
	r->pid = l->pid;
	r->ticks = l->start_ticks;
	r->n = l->id_n;
	ut_env_entity(env->boot_id, l->pid, l->start_ticks, l->id_n,
		      l->entity);
}

static void identify(struct ut_envelope *env, struct ut_procs *procs,
		     struct ut_proc *l, uint64_t ts);

/* The parent of l: the process that cloned it, else /proc's ppid. */
static void identify_parent(struct ut_envelope *env, struct ut_procs *procs,
			    struct ut_proc *l, int stat_ppid, uint64_t ts)
{
	struct ut_proc *pl = NULL;
	uint64_t ticks;
	int pp;

	if (l->ppid > 0)
		pl = leader(procs, ut_procs_find(procs, l->ppid));
	else if (stat_ppid > 0)
		pl = leader(procs, ut_procs_find(procs, stat_ppid));
	if (pl) {
		identify(env, procs, pl, ts);
		l->parent_tgid = pl->tgid > 0 ? pl->tgid : pl->pid;
		memcpy(l->parent_entity, pl->entity, sizeof(l->parent_entity));
		if (!l->cgroup && pl->cgroup)
			l->cgroup = strdup(pl->cgroup);	/* inherited at fork */
		return;
	}
	l->parent_tgid = l->ppid > 0 ? l->ppid : stat_ppid;
	if (stat_ppid > 0 && env->boot_id[0] &&
	    ut_proc_stat(stat_ppid, &pp, &ticks))
		ut_env_entity(env->boot_id, stat_ppid, ticks, 0,
			      l->parent_entity);
}

/*
 * Once per process: its start tick (kernel event, else /proc when that
 * is still the same process, else the clone record's time), its parent
 * and cgroup.  A process gone before the lookup has its parent's cgroup,
 * the one it had at fork.
 */
static void identify(struct ut_envelope *env, struct ut_procs *procs,
		     struct ut_proc *l, uint64_t ts)
{
	bool have_stat = false;
	uint64_t ticks = 0;
	int ppid = 0;
	char id[128];

	if (l->id_done)
		return;
	l->id_done = true;
	if (env->live && ut_proc_stat(l->pid, &ppid, &ticks))
		have_stat = stat_is_ours(env, l, ticks, ts);
	if (l->kstart_ns) {
		l->start_ticks = l->kstart_ns / tick_ns;
		l->ticks_known = true;
	} else if (l->ticks_known) {
		;			/* seen running at the start */
	} else if (have_stat) {
		l->start_ticks = ticks;
		l->ticks_known = true;
	} else if (l->cloned) {
		l->start_ticks = mono_to_ticks(env, l->start_ts);
		l->ticks_known = true;
	}
	if (have_stat)
		l->cgroup = ut_cgroup_path(l->pid);
	identify_parent(env, procs, l, have_stat ? ppid : l->parent_tgid, ts);
	if (l->cgroup && ut_container_id(l->cgroup, id, sizeof(id)))
		l->container = strdup(id);
	if (l->ticks_known && env->boot_id[0])
		make_entity(env, l);
}

/*
 * Native clone (the child's process), exec, exit and death records carry
 * the process's start: exact, it goes before /proc's.
 */
static void note_kernel_start(struct ut_procs *procs,
			      const struct ut_event *ev)
{
	struct ut_proc *e;

	if (!ev->start_ns)
		return;
	switch (ev->kind) {
	case UT_CLONE:
		if (ev->clone.child_tgid == ev->clone.child_pid)
			e = ut_procs_find(procs, ev->clone.child_pid);
		else
			e = leader(procs, ut_procs_find(procs, ev->pid));
		break;
	case UT_EXEC:
	case UT_EXIT:
	case UT_DEATH:
		e = leader(procs, ut_procs_find(procs, ev->pid));
		break;
	default:
		return;
	}
	if (e && !e->id_done)
		e->kstart_ns = ev->start_ns;
}

static void fill_identity(struct ut_envelope *env, struct ut_procs *procs,
			  struct ut_proc *t, uint64_t ts,
			  struct ut_identity *id)
{
	struct ut_proc *l = leader(procs, t);

	identify(env, procs, l, ts);
	id->tgid = l->tgid > 0 ? l->tgid : l->pid;
	id->host = ut_pid_host(id->tgid);
	id->parent_tgid = l->parent_tgid;
	id->entity = l->entity;
	id->parent_entity = l->parent_entity;
	id->exe = l->exec_file;
	id->cgroup = l->cgroup;
	id->container = l->container;
}

void ut_env_record(struct ut_envelope *env, struct ut_procs *procs,
		   const struct ut_event *ev, struct ut_record *rec)
{
	struct ut_proc *t, *c;

	memset(rec, 0, sizeof(*rec));
	rec->env = env;
	rec->ev = ev;
	rec->seq = ++env->seq;
	if (ev->cpu >= 0 && ev->cpu < UT_ENV_MAX_CPUS) {
		if (ev->kind == UT_LOST)
			rec->lost_from = env->cpu_last[ev->cpu];
		else if (ev->ts > env->cpu_last[ev->cpu])
			env->cpu_last[ev->cpu] = ev->ts;
	}
	if (ev->kind >= UT_NR_KINDS)
		return;
	note_kernel_start(procs, ev);
	t = ut_procs_find(procs, ev->pid);
	if (t)
		fill_identity(env, procs, t, ev->ts, &rec->id);
	if (ev->kind == UT_CLONE && ev->clone.child_tgid != ev->pid) {
		c = ut_procs_find(procs, ev->clone.child_pid);
		if (c && (c->tgid <= 0 || c->tgid == c->pid)) {
			identify(env, procs, c, ev->ts);
			rec->child_entity = c->entity;
		}
	}
}

void ut_env_record_other(struct ut_envelope *env, struct ut_procs *procs,
			 int tgid, uint64_t ts, const char *name,
			 const char *json, struct ut_record *rec)
{
	struct ut_proc *t = ut_procs_find(procs, tgid);
	size_t n = strlen(json);

	memset(rec, 0, sizeof(*rec));
	rec->env = env;
	rec->seq = ++env->seq;
	rec->name = name;
	rec->ts = ts;
	/* The members: without '{' and "}\n" (one brace: objects nest). */
	if (n && json[n - 1] == '\n')
		n--;
	if (n && json[n - 1] == '}')
		n--;
	rec->fields = json + (json[0] == '{');
	rec->nfields = n - (json[0] == '{');
	if (t)
		fill_identity(env, procs, t, ts, &rec->id);
}

/*
 * Append s with every match of the redaction regex replaced by "***"
 * (only its first group when it has one: "--password=(.*)" keeps the
 * option's name).
 */
static void redacted(struct sbuf *out, const regex_t *re, const char *s)
{
	regmatch_t m[2];
	regoff_t b, e, end;
	int flags = 0;

	while (!regexec(re, s, 2, m, flags)) {
		end = m[0].rm_eo;
		if (m[0].rm_so == end) {	/* empty: nothing to hide here */
			if (!s[end])
				break;
			sb_putn(out, s, end + 1);
			s += end + 1;
			flags = REG_NOTBOL;
			continue;
		}
		b = m[1].rm_so >= 0 ? m[1].rm_so : m[0].rm_so;
		e = m[1].rm_so >= 0 ? m[1].rm_eo : end;
		sb_putn(out, s, b);
		sb_lit(out, "***");
		sb_putn(out, s + e, end - e);
		s += end;
		flags = REG_NOTBOL;
	}
	sb_puts(out, s);
}

void ut_env_argv_json(struct sbuf *sb, const struct ut_envelope *env,
		      const struct ut_argv *a)
{
	struct sbuf tmp = { 0 };
	int i;

	if (!env->redact) {
		ut_argv_json(sb, a);
		return;
	}
	sb_putc(sb, '[');
	for (i = 0; i < a->n; i++) {
		if (i)
			sb_putc(sb, ',');
		if (!a->s[i]) {
			sb_lit(sb, "null");
			continue;
		}
		sb_reset(&tmp);
		redacted(&tmp, &env->redact_re, a->s[i]);
		sb_json_str(sb, sb_str(&tmp));
	}
	sb_putc(sb, ']');
	sb_free(&tmp);
}

static void argv_redacted(struct sbuf *sb, const struct ut_argv *a, void *arg)
{
	ut_env_argv_json(sb, arg, a);
}

static void argv_withheld(struct sbuf *sb, const struct ut_argv *a, void *arg)
{
	(void)a;
	(void)arg;
	sb_lit(sb, "null");
}

bool ut_env_argv_shown(const struct ut_envelope *env, unsigned int flags)
{
	return !(flags & UT_ENV_FLEET) || env->fleet_args;
}

static void json_identity(struct sbuf *sb, const struct ut_record *rec)
{
	const struct ut_identity *id = &rec->id;

	if (!id->tgid) {
		sb_lit(sb, ",\"process.pid\":null,\"process.parent_pid\":null,"
		       "\"process.entity_id\":null,"
		       "\"process.parent_entity_id\":null,"
		       "\"process.executable.path\":null,"
		       "\"process.linux.cgroup\":null,\"container.id\":null");
		return;
	}
	sb_lit(sb, ",\"process.pid\":");
	sb_dec(sb, ut_pid_local(id->tgid));
	sb_lit(sb, ",\"process.parent_pid\":");
	if (id->parent_tgid > 0)
		sb_dec(sb, ut_pid_local(id->parent_tgid));
	else
		sb_lit(sb, "null");
	json_str_key(sb, "process.entity_id", id->entity);
	json_str_key(sb, "process.parent_entity_id", id->parent_entity);
	json_str_key(sb, "process.executable.path", id->exe);
	json_str_key(sb, "process.linux.cgroup", id->cgroup);
	json_str_key(sb, "container.id", id->container);
}

static void json_host(struct sbuf *sb, const struct ut_record *rec)
{
	const struct ut_envelope *env = rec->env;

	if (rec->id.host) {
		/* -i of several hosts: the record's, the rest unknown. */
		json_str_key(sb, "service.instance.id", env->run_id);
		json_str_key(sb, "host.name", rec->id.host);
		sb_lit(sb, ",\"host.id\":null,\"boot_id\":null");
	} else {
		sb_puts(sb, env->host_json);
	}
}

/* The envelope after another renderer's members. */
static void json_tail(struct sbuf *sb, const struct ut_record *rec)
{
	json_host(sb, rec);
	json_identity(sb, rec);
	sb_lit(sb, "}\n");
}

void ut_env_json(struct sbuf *sb, const struct ut_record *rec,
		 unsigned int flags)
{
	const struct ut_envelope *env = rec->env;
	const struct ut_event *ev = rec->ev;
	bool shown = ut_env_argv_shown(env, flags);

	sb_lit(sb, "{\"schema\":\"" UT_SCHEMA "\",\"seq\":");
	sb_udec(sb, rec->seq);
	sb_putc(sb, ',');
	if (!ev) {
		sb_putn(sb, rec->fields, rec->nfields);
		json_tail(sb, rec);
		return;
	}
	ut_format_json_fields(sb, ev, shown ? (env->redact ? argv_redacted :
					       NULL) : argv_withheld,
			      (void *)env);
	if (ev->kind == UT_EXEC && !shown && ev->exec.argv)
		sb_lit(sb, ",\"argv_withheld\":true");
	json_host(sb, rec);
	json_identity(sb, rec);
	if (ev->kind == UT_CLONE)
		json_str_key(sb, "child_entity_id", rec->child_entity);
	if (ev->kind == UT_LOST) {
		int64_t ns;

		sb_lit(sb, ",\"lost_from\":");
		if (rec->lost_from)
			sb_secs(sb, rec->lost_from);
		else
			sb_lit(sb, "null");
		sb_lit(sb, ",\"lost_from_unix_ns\":");
		if (rec->lost_from && ut_time_unix_ns(rec->lost_from, &ns))
			sb_dec(sb, ns);
		else
			sb_lit(sb, "null");
	}
	sb_lit(sb, "}\n");
}

const char *ut_env_key(struct ut_record *rec)
{
	if (rec->id.entity && rec->id.entity[0])
		return rec->id.entity;
	/* Unknown (-i): the pid keeps a process's records in order too. */
	if (rec->id.tgid > 0) {
		snprintf(rec->key, sizeof(rec->key), "%d", rec->id.tgid);
		return rec->key;
	}
	return "";
}
