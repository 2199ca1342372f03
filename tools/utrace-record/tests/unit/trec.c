// SPDX-License-Identifier: GPL-2.0
/* trec.c - event formats from a directory, records by field name. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trec.h"

struct tep_handle *trec_tep(int no_sys_plugins)
{
	struct tep_handle *tep = tep_alloc();

	if (!tep)
		abort();
	tep_set_long_size(tep, 8);
	tep_set_page_size(tep, 4096);
	tep_set_file_bigendian(tep, TEP_LITTLE_ENDIAN);
	tep_set_local_bigendian(tep, TEP_LITTLE_ENDIAN);
	if (no_sys_plugins)
		tep_set_flag(tep, TEP_DISABLE_SYS_PLUGINS);
	return tep;
}

static char *read_file(const char *path, int *size)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t cap = 0, len = 0, n;

	if (!f)
		return NULL;
	do {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n);
	fclose(f);
	buf[len] = '\0';
	*size = len;
	return buf;
}

int trec_load_formats(struct tep_handle *tep, const char *dir)
{
	struct dirent *sd, *ed;
	DIR *sys, *evs;
	char *path, *buf;
	int n = 0, size;

	sys = opendir(dir);
	if (!sys)
		return -1;
	while ((sd = readdir(sys))) {
		if (sd->d_name[0] == '.')
			continue;
		if (asprintf(&path, "%s/%s", dir, sd->d_name) < 0)
			abort();
		evs = opendir(path);
		free(path);
		if (!evs)
			continue;
		while ((ed = readdir(evs))) {
			if (ed->d_name[0] == '.')
				continue;
			if (asprintf(&path, "%s/%s/%s/format", dir, sd->d_name,
				     ed->d_name) < 0)
				abort();
			buf = read_file(path, &size);
			if (buf && tep_parse_event(tep, buf, size, sd->d_name) == 0)
				n++;
			else
				printf("# cannot parse %s\n", path);
			free(buf);
			free(path);
		}
		closedir(evs);
	}
	closedir(sys);
	return n;
}

struct tep_event *trec_start(struct tep_handle *tep, const char *event,
			     struct trec *r, int common_pid)
{
	struct tep_event *ev;
	struct tep_format_field *f;
	char name[64];
	int i;

	/* utrace_NAME, or NAME in fixtures from before the prefix. */
	snprintf(name, sizeof(name), "utrace_%s", event);
	ev = tep_find_event_by_name(tep, "utrace", name);
	if (!ev)
		ev = tep_find_event_by_name(tep, "utrace", event);

	memset(r, 0, sizeof(*r));
	r->ev = ev;
	if (!ev) {
		r->err = "(event not in fixtures)";
		return NULL;
	}
	for (i = 0; i < 2; i++)
		for (f = i ? ev->format.fields : ev->format.common_fields; f;
		     f = f->next)
			if (f->offset + f->size > r->size)
				r->size = f->offset + f->size;
	trec_num(r, "common_type", ev->id);
	trec_num(r, "common_pid", common_pid);
	return ev;
}

void trec_num(struct trec *r, const char *name, unsigned long long v)
{
	struct tep_format_field *f = r->ev ? tep_find_any_field(r->ev, name) :
				     NULL;
	uint8_t u8 = v;
	uint16_t u16 = v;
	uint32_t u32 = v;
	uint64_t u64 = v;
	void *p;

	if (!f) {
		if (!r->err)
			r->err = name;
		return;
	}
	switch (f->size) {
	case 1: p = &u8; break;
	case 2: p = &u16; break;
	case 4: p = &u32; break;
	case 8: p = &u64; break;
	default:
		if (!r->err)
			r->err = name;
		return;
	}
	memcpy(r->data + f->offset, p, f->size);
}

void trec_str(struct trec *r, const char *name, const char *s)
{
	struct tep_format_field *f = r->ev ? tep_find_field(r->ev, name) : NULL;
	int len = strlen(s) + 1;
	uint32_t loc;

	if (!f || r->size + len > (int)sizeof(r->data)) {
		if (!r->err)
			r->err = name;
		return;
	}
	if (f->flags & TEP_FIELD_IS_DYNAMIC) {
		loc = (uint32_t)len << 16 | (uint32_t)r->size;
		memcpy(r->data + f->offset, &loc, sizeof(loc));
		memcpy(r->data + r->size, s, len);
		r->size += len;
	} else {
		strncpy((char *)r->data + f->offset, s, f->size);
	}
}

struct tep_record *trec_done(struct trec *r)
{
	if (!r->ev || r->err)
		return NULL;
	memset(&r->rec, 0, sizeof(r->rec));
	r->rec.data = r->data;
	r->rec.size = r->size;
	r->rec.ts = 12345678901ULL;
	r->rec.cpu = 1;
	return &r->rec;
}
