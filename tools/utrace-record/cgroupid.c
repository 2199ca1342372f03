// SPDX-License-Identifier: GPL-2.0
/*
 * cgroupid.c - cgroup v2 paths and the container ids they name.  Read
 * once per process (envelope.c), never per event.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroupid.h"

#define ID_HEX	64	/* docker, containerd, cri-o and podman ids */

static bool is_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static bool has_prefix(const char *s, size_t n, const char *pre)
{
	size_t k = strlen(pre);

	return n >= k && !memcmp(s, pre, k);
}

/* systemd's unit name escaping: "\x2d" is '-'. */
static bool unescape(const char *s, size_t n, char *out, size_t size)
{
	size_t i, o = 0;
	unsigned int c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '\\' && i + 3 < n && s[i + 1] == 'x' &&
		    sscanf(s + i + 2, "%2x", &c) == 1) {
			i += 3;
		}
		if (o + 1 >= size)
			return false;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return o > 0;
}

/* One component (s, n): a container's id or machine name into out. */
static bool component_id(const char *s, size_t n, char *out, size_t size)
{
	static const char *const pre[] = {
		"docker-", "cri-containerd-", "crio-", "libpod-",
	};
	size_t i, k;

	if (n > 6 && !memcmp(s + n - 6, ".scope", 6)) {
		for (i = 0; i < sizeof(pre) / sizeof(pre[0]); i++) {
			k = strlen(pre[i]);
			if (n - 6 - k == ID_HEX && has_prefix(s, n, pre[i]) &&
			    is_hex(s + k, ID_HEX))
				goto hex;
		}
		if (has_prefix(s, n, "machine-"))
			return unescape(s + 8, n - 14, out, size);
		return false;
	}
	if (n == ID_HEX && is_hex(s, n)) {
		k = 0;
		goto hex;
	}
	if (has_prefix(s, n, "systemd-nspawn@") && n > 23 &&
	    !memcmp(s + n - 8, ".service", 8))
		return unescape(s + 15, n - 23, out, size);
	return false;
hex:
	if (size <= ID_HEX)
		return false;
	memcpy(out, s + k, ID_HEX);
	out[ID_HEX] = '\0';
	return true;
}

bool ut_container_id(const char *path, char *out, size_t size)
{
	const char *end, *start;

	if (!path)
		return false;
	end = path + strlen(path);
	while (end > path) {
		start = end;
		while (start > path && start[-1] != '/')
			start--;
		if (end > start && component_id(start, end - start, out, size))
			return true;
		end = start > path ? start - 1 : path;
	}
	return false;
}

char *ut_cgroup_path(int pid)
{
	char name[64], *line = NULL, *path = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *f;

	snprintf(name, sizeof(name), "/proc/%d/cgroup", pid);
	f = fopen(name, "re");
	if (!f)
		return NULL;
	while ((len = getline(&line, &cap, f)) > 0) {
		if (strncmp(line, "0::", 3))
			continue;
		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		path = strdup(line + 3);
		break;
	}
	free(line);
	fclose(f);
	return path;
}

/* /proc/PID/stat: ppid (field 4) and start time in ticks (field 22). */
bool ut_proc_stat(int pid, int *ppid, uint64_t *ticks)
{
	char path[64], buf[1024], *p;
	unsigned long long st;
	bool ok = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (fgets(buf, sizeof(buf), f)) {
		p = strrchr(buf, ')');	/* comm may hold anything */
		ok = p && sscanf(p + 2, "%*c %d %*d %*d %*d %*d %*u %*u %*u "
				 "%*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
				 ppid, &st) == 2;
		*ticks = st;
	}
	fclose(f);
	return ok;
}
