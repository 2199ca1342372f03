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
	return tap_done();
}
