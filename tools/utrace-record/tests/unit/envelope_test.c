// SPDX-License-Identifier: GPL-2.0
/*
 * envelope_test.c - the record envelope's pure parts: FNV-1a 128 (the
 * published vectors), the entity id's input, container ids from cgroup
 * v2 paths of each runtime (and paths that name none), and
 * --redact-args.  Prints TAP.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "cgroupid.h"
#include "envelope.h"
#include "otlp.h"
#include "procs.h"
#include "tap.h"

#define ID64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void check_container(const char *path, const char *want)
{
	char got[128], name[512];
	bool found = ut_container_id(path, got, sizeof(got));

	snprintf(name, sizeof(name), "container id of %s", path);
	if (!want) {
		if (!ok(!found, name))
			diag("found %s", got);
		return;
	}
	check_str(name, found ? got : "(none)", want);
}

static void check_redact(const char *re, const char *arg, const char *want)
{
	struct ut_envelope env;
	struct ut_argv a = { .n = 1 };
	struct sbuf sb = { 0 };
	char name[256];

	a.s[0] = (char *)arg;
	snprintf(name, sizeof(name), "--redact-args '%s' on %s", re, arg);
	if (!ok(ut_env_init(&env, false, re, false), name)) {
		diag("regex refused");
		return;
	}
	ut_env_argv_json(&sb, &env, &a);
	check_str(name, sb_str(&sb), want);
	sb_free(&sb);
	ut_env_free(&env);
}

/* s holds sub: a named check, s shown when it fails. */
static void check_has(const char *name, const char *s, const char *sub)
{
	if (!ok(s && strstr(s, sub) != NULL, name)) {
		tap_show("want in it:", sub);
		tap_show("got:", s ? s : "(null)");
	}
}

/*
 * Records of a table without /proc (as -i): an exec with quotes and a
 * backslash in argv, in JSON (full, fleet) and OTLP; another renderer's
 * object in the envelope; seq across them.
 */
static void check_render(void)
{
	struct ut_envelope env;
	struct ut_procs procs;
	struct ut_event ev;
	struct ut_record rec;
	struct ut_argv a = { .n = 3 };
	struct sbuf sb = { 0 };
	struct ut_proc *p;

	ut_env_init(&env, false, NULL, false);
	ut_procs_init(&procs, false);
	p = ut_procs_get(&procs, 4242);
	p->tgid = 4242;
	p->exec_file = strdup("/bin/x");
	a.s[0] = "x";
	a.s[1] = "say \"hi\"";
	a.s[2] = "back\\slash";
	memset(&ev, 0, sizeof(ev));
	ev.kind = UT_EXEC;
	ev.pid = 4242;
	strcpy(ev.comm, "x");
	ev.exec.filename = "/bin/x";
	ev.exec.old_pid = 4242;
	ev.exec.new_pid = 4242;
	ev.exec.argv = &a;
	ut_env_record(&env, &procs, &ev, &rec);
	check_int("the first record's seq", rec.seq, 1);
	ut_env_json(&sb, &rec, 0);
	check_has("JSON: schema and seq first", sb_str(&sb),
		  "{\"schema\":\"utrace-record/2\",\"seq\":1,\"time\":");
	check_has("JSON: argv escaped", sb_str(&sb),
		  "\"argv\":[\"x\",\"say \\\"hi\\\"\",\"back\\\\slash\"]");
	check_has("JSON: process.pid and executable", sb_str(&sb),
		  "\"process.pid\":4242,\"process.parent_pid\":null,"
		  "\"process.entity_id\":null");
	check_has("JSON: boot_id null with -i", sb_str(&sb), "\"boot_id\":null");
	sb_reset(&sb);
	ut_env_json(&sb, &rec, UT_ENV_FLEET);
	check_has("fleet JSON: argv withheld", sb_str(&sb),
		  "\"argv\":null,\"argv_truncated\":false");
	check_has("fleet JSON: says so", sb_str(&sb), "\"argv_withheld\":true");
	sb_reset(&sb);
	env.fleet_args = true;
	ut_otlp_one(&sb, &rec, UT_ENV_FLEET);
	check_has("OTLP: argv as process.command_args, strings kept escaped",
		  sb_str(&sb), "{\"key\":\"process.command_args\",\"value\":"
		  "{\"arrayValue\":{\"values\":[{\"stringValue\":\"x\"},"
		  "{\"stringValue\":\"say \\\"hi\\\"\"},"
		  "{\"stringValue\":\"back\\\\slash\"}]}}}");
	check_has("OTLP: pid as thread.id, intValue a string", sb_str(&sb),
		  "{\"key\":\"thread.id\",\"value\":{\"intValue\":\"4242\"}}");
	check_has("OTLP: no time (-i), body the event", sb_str(&sb),
		  "\"timeUnixNano\":\"0\"");
	check_has("OTLP: body", sb_str(&sb), "\"body\":{\"stringValue\":\"exec\"}");
	check_has("OTLP: a bool", sb_str(&sb),
		  "{\"key\":\"utrace.argv_truncated\",\"value\":{\"boolValue\":false}}");
	ok(!strstr(sb_str(&sb), "\"utrace.errno\""), "OTLP: null keys left out");
	sb_reset(&sb);
	ut_env_record_other(&env, &procs, 4242, 0, "thing",
			    "{\"event\":\"thing\",\"o\":{\"a\":[1,{\"b\":2}]}}\n",
			    &rec);
	check_int("another renderer's record: the next seq", rec.seq, 2);
	ut_env_json(&sb, &rec, 0);
	check_has("its object kept whole, the envelope after it", sb_str(&sb),
		  "\"seq\":2,\"event\":\"thing\",\"o\":{\"a\":[1,{\"b\":2}]},"
		  "\"service.instance.id\":");
	sb_reset(&sb);
	ut_otlp_one(&sb, &rec, 0);
	check_has("OTLP: objects as kvlistValue, arrays as arrayValue", sb_str(&sb),
		  "{\"key\":\"utrace.o\",\"value\":{\"kvlistValue\":{\"values\":"
		  "[{\"key\":\"a\",\"value\":{\"arrayValue\":{\"values\":"
		  "[{\"intValue\":\"1\"},{\"kvlistValue\":{\"values\":"
		  "[{\"key\":\"b\",\"value\":{\"intValue\":\"2\"}}]}}]}}}]}}}");
	check_str("ut_env_key: the pid where the entity id is unknown",
		  ut_env_key(&rec), "4242");
	sb_free(&sb);
	ut_procs_free(&procs);
	ut_env_free(&env);
}

int main(void)
{
	char id[UT_ENTITY_LEN + 1];
	struct ut_envelope env;

	ut_env_hash("", id);
	check_str("fnv1a128 of \"\"", id, "6c62272e07bb014262b821756295c58d");
	ut_env_hash("a", id);
	check_str("fnv1a128 of a", id, "d228cb696f1a8caf78912b704e4a8964");
	ut_env_hash("foobar", id);
	check_str("fnv1a128 of foobar", id, "343e1662793c64bf6f0d3597ba446f18");
	ut_env_entity("0123-boot", 42, 12345, 0, id);
	check_str("entity of BOOT/42/12345", id,
		  "0dec36b2f715628ccfea9deeeba03383");
	ut_env_entity("0123-boot", 42, 12345, 1, id);
	check_str("entity of the next process in that tick: /1", id,
		  "60b97ba438c2c477eff891fe00dbd357");

	check_container("/system.slice/docker-" ID64 ".scope", ID64);
	check_container("/docker/" ID64, ID64);
	check_container("/kubepods.slice/kubepods-burstable.slice/"
			"kubepods-burstable-pod1234.slice/cri-containerd-"
			ID64 ".scope", ID64);
	check_container("/kubepods/besteffort/pod1234/" ID64, ID64);
	check_container("/machine.slice/crio-" ID64 ".scope", ID64);
	check_container("/machine.slice/libpod-" ID64 ".scope/container", ID64);
	check_container("/machine.slice/libpod-conmon-" ID64 ".scope", NULL);
	check_container("/machine.slice/crio-conmon-" ID64 ".scope", NULL);
	check_container("/machine.slice/machine-web\\x2d1.scope/payload",
			"web-1");
	check_container("/machine.slice/systemd-nspawn@deb.service/payload",
			"deb");
	check_container("/user.slice/user-1000.slice/session-2.scope", NULL);
	check_container("/", NULL);
	check_container("", NULL);
	check_container("/system.slice/docker-" ID64 "0.scope", NULL);
	check_container("/system.slice/docker-" "0123.scope", NULL);
	check_container("/docker/" ID64 "/inner/docker-"
			"fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
			".scope",
			"fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210");

	check_redact("--password=(.*)", "--password=hunter2",
		     "[\"--password=***\"]");
	check_redact("token", "a-token-b-token", "[\"a-***-b-***\"]");
	check_redact("x*", "abc", "[\"abc\"]");
	check_redact("^secret$", "secret", "[\"***\"]");
	check_redact("^secret$", "nosecret", "[\"nosecret\"]");
	ok(!ut_env_init(&env, false, "(unclosed", false),
	   "a regex that does not compile is refused");
	check_render();
	return tap_done();
}
