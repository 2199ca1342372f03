// SPDX-License-Identifier: GPL-2.0
/* argvprobe.c - the dynamic event that records execve's argv. */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tracefs.h>

#include "argv.h"

#define GROUP_PREFIX	"utrace_argv_"

static char group[64];			/* "" when there is no probe */
static const char *names[2];		/* its events */
static int nr_names;
static struct tracefs_instance *enabled_in;
static pid_t owner;			/* a forked child removes nothing */

/*
 * The fetch arguments: p0..pK the pointers of argv[0..K] (pK only says
 * whether there are more), a0..aK-1 the strings.  A NULL pointer ends
 * argv; a string that cannot be read is told apart from it.
 */
static void fetch_args(char *buf, size_t size, const char *base, bool u)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i <= UT_ARGV_MAX && len < size; i++)
		len += snprintf(buf + len, size - len, " p%d=+%s%d(%s):x64", i,
				u ? "u" : "", i * 8, base);
	for (i = 0; i < UT_ARGV_MAX && len < size; i++)
		len += snprintf(buf + len, size - len,
				" a%d=+0(+%s%d(%s)):ustring", i, u ? "u" : "",
				i * 8, base);
}

static bool write_def(const char *file, const char *def)
{
	char *path = tracefs_get_tracing_file(file);
	size_t len = strlen(def);
	bool ok;
	int fd;

	if (!path)
		return false;
	/* One write of one line; O_TRUNC would remove every probe. */
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	tracefs_put_tracing_file(path);
	if (fd < 0)
		return false;
	ok = write(fd, def, len) == (ssize_t)len;
	if (!ok && !errno)
		errno = EIO;
	if (close(fd) && ok)
		ok = false;
	return ok;
}

/* Event probes on the syscall entries: every execve and execveat. */
static bool create_eprobes(void)
{
	static const char *const ev[2] = { "execve", "execveat" };
	char args[1024], def[1400];
	int i;

	fetch_args(args, sizeof(args), "$argv", true);
	for (i = 0; i < 2; i++) {
		snprintf(def, sizeof(def), "e:%s/%s syscalls.sys_enter_%s%s",
			 group, ev[i], ev[i], args);
		if (!write_def("dynamic_events", def))
			break;
		names[nr_names++] = ev[i];
	}
	return nr_names > 0;
}

/* The file offset of a C library function, for a uprobe on it. */
struct lookup {
	const void *addr;
	const char *file;
	unsigned long off;
	bool found;
};

static int find_seg(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct lookup *l = arg;
	unsigned long a = (unsigned long)l->addr - info->dlpi_addr;
	int i;

	(void)size;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type != PT_LOAD || a < ph->p_vaddr ||
		    a >= ph->p_vaddr + ph->p_memsz)
			continue;
		if (!info->dlpi_name || info->dlpi_name[0] != '/')
			return 0;
		l->file = info->dlpi_name;
		l->off = a - ph->p_vaddr + ph->p_offset;
		l->found = true;
		return 1;
	}
	return 0;
}

/* A uprobe on the C library's execve (and execveat): calls through it. */
static bool create_uprobes(void)
{
	static const char *const fn[2] = { "execve", "execveat" };
	static const char *const reg[2] = { "%si", "%dx" };
	char args[1024], def[1800];
	int i;

	for (i = 0; i < 2; i++) {
		struct lookup l = { dlsym(RTLD_DEFAULT, fn[i]), NULL, 0, false };

		if (!l.addr)
			continue;
		dl_iterate_phdr(find_seg, &l);
		if (!l.found || strpbrk(l.file, " \t\n"))
			continue;
		fetch_args(args, sizeof(args), reg[i], false);
		snprintf(def, sizeof(def), "p:%s/%s %s:0x%lx%s", group, fn[i],
			 l.file, l.off, args);
		if (!write_def("uprobe_events", def))
			continue;
		names[nr_names++] = fn[i];
	}
	return nr_names > 0;
}

static void parse_format(struct tep_handle *tep, const char *ev)
{
	char *buf;
	int size;
	struct tep_event *e;

	buf = tracefs_event_file_read(NULL, group, ev, "format", &size);
	if (!buf)
		return;
	tep_parse_event(tep, buf, size, group);
	free(buf);
	e = tep_find_event_by_name(tep, group, ev);
	if (e)
		ut_argv_ids[ev == names[0] ? 0 : 1] = e->id;
}

bool ut_argv_create(void)
{
	bool eprobe;

	/* The uprobe's limit (calls through the C library) is documented. */
	owner = getpid();
	snprintf(group, sizeof(group), GROUP_PREFIX "%d", (int)owner);
	eprobe = create_eprobes();
	if (!eprobe && !create_uprobes()) {
		fputs("utrace-record: exec lines have no argv: cannot create an event probe or uprobe (dynamic_events, uprobe_events)\n",
		      stderr);
		group[0] = '\0';
		return false;
	}
	return true;
}

void ut_argv_load(struct tep_handle *tep)
{
	int i;

	for (i = 0; group[0] && tep && i < nr_names; i++)
		parse_format(tep, names[i]);
}

void ut_argv_enable(struct tracefs_instance *inst)
{
	int i;

	for (i = 0; group[0] && i < nr_names; i++)
		if (tracefs_event_enable(inst, group, names[i]) == 0)
			enabled_in = inst;
}

static bool remove_def(const char *name, const char *ev)
{
	char def[600];

	snprintf(def, sizeof(def), "-:%s/%s", name, ev);
	return write_def("dynamic_events", def);
}

void ut_argv_remove(void)
{
	int i, tries;

	if (!group[0] || getpid() != owner)
		return;
	for (i = 0; i < nr_names; i++) {
		if (enabled_in)
			tracefs_event_disable(enabled_in, group, names[i]);
		/* A reader of the instance may hold it for a moment. */
		for (tries = 0; !remove_def(group, names[i]) && errno == EBUSY &&
				tries < 20; tries++)
			usleep(50000);
	}
	group[0] = '\0';
	enabled_in = NULL;
}

int ut_argv_cleanup(bool (*is_live)(int pid), bool verbose)
{
	char *path = tracefs_get_tracing_file("events");
	DIR *d = path ? opendir(path) : NULL;
	struct dirent *de;
	int failed = 0;

	tracefs_put_tracing_file(path);
	while (d && (de = readdir(d))) {
		size_t n = sizeof(GROUP_PREFIX) - 1;
		char *end;
		long pid;
		DIR *g;
		struct dirent *e;
		char sub[600];

		if (strncmp(de->d_name, GROUP_PREFIX, n))
			continue;
		pid = strtol(de->d_name + n, &end, 10);
		if (pid <= 0 || *end || is_live((int)pid))
			continue;
		path = tracefs_get_tracing_file("events");
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		tracefs_put_tracing_file(path);
		g = opendir(sub);
		while (g && (e = readdir(g))) {
			if (e->d_type != DT_DIR || e->d_name[0] == '.')
				continue;
			if (!remove_def(de->d_name, e->d_name)) {
				failed++;
				fprintf(stderr, "utrace-record: cannot remove probe %s/%s left by recorder %ld: %s\n",
					de->d_name, e->d_name, pid,
					strerror(errno));
			} else if (verbose) {
				fprintf(stderr, "utrace-record: removed probe %s/%s left by recorder %ld, which is no longer running\n",
					de->d_name, e->d_name, pid);
			}
		}
		if (g)
			closedir(g);
	}
	if (d)
		closedir(d);
	return failed;
}

