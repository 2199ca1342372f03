/* SPDX-License-Identifier: GPL-2.0 */
/*
 * envelope.h - what every machine-readable record carries besides the
 * event (schema utrace-record/2): the host, the boot, a per-recorder
 * sequence number, and the identity of the record's process (an entity
 * id that survives pid reuse, reboots and hosts, its parent's, the
 * cgroup and container).  One record is made once (ut_env_record: its
 * seq is given there) and rendered by every sink alike: --json lines
 * (ut_env_json), OTLP (otlp.h), Kafka (key: ut_env_key).
 *
 * Field by field: tools/Documentation/utrace-record-json.rst; JSON
 * Schema: tools/utrace-record/schema/record-v2.schema.json.
 */
#ifndef UT_ENVELOPE_H
#define UT_ENVELOPE_H

#include <regex.h>
#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "procs.h"
#include "sbuf.h"

struct ut_argv;

#define UT_SCHEMA		"utrace-record/2"
#define UT_ENTITY_LEN		32	/* hex digits of an entity id */
#define UT_ENV_MAX_CPUS		1024	/* lost records: per-CPU last times */

/* Flags of a rendering. */
#define UT_ENV_FLEET	0x1u	/* a fleet sink: argv only with fleet_args */

/* The recorder's side: set up once by ut_env_init. */
struct ut_envelope {
	char host_name[256];
	char host_id[64];		/* /etc/machine-id, "" unknown */
	char boot_id[64];		/* boot_id, "" unknown (-i) */
	char run_id[64];		/* service.instance.id: this run's */
	bool live;			/* /proc describes the recorded tasks */
	int64_t boot_minus_mono;	/* CLOCK_BOOTTIME - CLOCK_MONOTONIC */
	uint64_t seq;			/* the last seq given */
	bool fleet_args;		/* --fleet-args: argv to fleet sinks */
	bool redact;			/* --redact-args REGEX */
	regex_t redact_re;
	char *host_json;		/* ,"host.name":..,"boot_id":.. cached */
	struct ut_env_recent *recent;	/* same-tick pid reuse (envelope.c) */
	uint64_t cpu_last[UT_ENV_MAX_CPUS];	/* newest record per CPU */
};

/* The identity of a record's process (all "" / 0 when unknown). */
struct ut_identity {
	int tgid;			/* process.pid */
	int parent_tgid;		/* process.parent_pid */
	const char *entity;		/* process.entity_id, 32 hex or "" */
	const char *parent_entity;	/* process.parent_entity_id */
	const char *exe;		/* process.executable.path, or NULL */
	const char *cgroup;		/* process.linux.cgroup, or NULL */
	const char *container;		/* container.id, or NULL */
	const char *host;		/* -i of several hosts: its, else NULL */
};

/* One record: an event with its seq and identity, rendered by sinks. */
struct ut_record {
	const struct ut_envelope *env;
	const struct ut_event *ev;
	uint64_t seq;
	struct ut_identity id;
	uint64_t lost_from;		/* UT_LOST: the CPU's newest before, 0 */
	const char *child_entity;	/* UT_CLONE of a process: the child's */
	/* A record of another renderer (ut_env_record_other), ev NULL: */
	const char *fields;		/* its JSON object's members */
	size_t nfields;
	const char *name;		/* its "event" (OTLP body) */
	uint64_t ts;			/* its time, trace clock */
	char key[16];			/* ut_env_key's, when it is the pid */
};

/*
 * live: a recording on this machine (else -i: the host's fields are
 * the reader's, boot_id and entity ids unknown).  Returns false with a
 * message on stderr when redact (a POSIX extended regex, or NULL) does
 * not compile.
 */
bool ut_env_init(struct ut_envelope *env, bool live, const char *redact,
		 bool fleet_args);
void ut_env_free(struct ut_envelope *env);

/*
 * Make the record of ev (shown, in time order): the next seq, the
 * identity of its process, looked up (procs.c) once per process.
 */
void ut_env_record(struct ut_envelope *env, struct ut_procs *procs,
		   const struct ut_event *ev, struct ut_record *rec);

/*
 * The same for a record rendered elsewhere (a syscall summary): json is
 * its one-line JSON object ("{...}\n", kept by the caller until the
 * record is rendered), of the process tgid, named name, at ts.
 */
void ut_env_record_other(struct ut_envelope *env, struct ut_procs *procs,
			 int tgid, uint64_t ts, const char *name,
			 const char *json, struct ut_record *rec);

/* One JSON line, newline included: the event's fields + the envelope. */
void ut_env_json(struct sbuf *sb, const struct ut_record *rec,
		 unsigned int flags);

/*
 * argv goes to a sink rendered with flags: not to fleet sinks
 * (UT_ENV_FLEET) unless --fleet-args.
 */
bool ut_env_argv_shown(const struct ut_envelope *env, unsigned int flags);

/* The entity id of (boot_id, tgid, start ticks, n) (unit tests). */
void ut_env_entity(const char *boot_id, int tgid, uint64_t ticks,
		   unsigned int n, char out[UT_ENTITY_LEN + 1]);
void ut_env_hash(const char *s, char out[UT_ENTITY_LEN + 1]);

/*
 * The Kafka key: the process entity id, its pid where that is not known
 * (-i), "" for a record of no process.
 */
const char *ut_env_key(struct ut_record *rec);

/*
 * argv of an exec as a JSON array, --redact-args applied; whether it
 * goes to a sink at all is the caller's (UT_ENV_FLEET, fleet_args).
 */
void ut_env_argv_json(struct sbuf *sb, const struct ut_envelope *env,
		      const struct ut_argv *a);

#endif
