// SPDX-License-Identifier: GPL-2.0
/* reader.c - a poll()ing reader thread per CPU buffer. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <unistd.h>

#include "reader.h"

/*
 * buffer_percent wake-ups can come late or not at all (a writer that
 * crosses the mark while the waiter re-arms); at 100 MB/s a 4 MiB buffer
 * fills in 40 ms, so the reader also looks every 10 ms.
 */
#define READER_POLL_MS	10
#define READER_NICE	-10

struct ut_reader {
	pthread_t thread;
	struct ut_readers *rs;
	int cpu;
	int fd;				/* the CPU's buffer file */
	int tid;			/* set before it reports ready */
	void *page;			/* this thread's read buffer */
};

static void *reader_main(void *arg)
{
	struct ut_reader *rd = arg;
	struct ut_readers *rs = rd->rs;
	struct pollfd pfd[2] = {
		{ .fd = rd->fd, .events = POLLIN },
		{ .fd = rs->wake_fd, .events = POLLIN },
	};

	/*
	 * A higher priority (when allowed) for this thread only: it uses
	 * little CPU, but must run soon after each wake-up on a busy
	 * machine, or the kernel overwrites what it did not take.
	 */
	rd->tid = gettid();
	setpriority(PRIO_PROCESS, rd->tid, READER_NICE);
	sem_post(&rs->ready);
	while (!rs->stop) {
		poll(pfd, 2, READER_POLL_MS);
		rs->read(rs->arg, rd->cpu, &rd->page, false);
	}
	/* Tracing is off: take what is left. */
	while (rs->read(rs->arg, rd->cpu, &rd->page, true) > 0)
		;
	return NULL;
}

int ut_readers_start(struct ut_readers *rs, const int *cpu_fd, int ncpus,
		     size_t page_size, ut_read_fn read, void *arg)
{
	int cpu, i;

	rs->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	rs->threads = calloc(ncpus, sizeof(*rs->threads));
	if (rs->wake_fd < 0 || !rs->threads)
		return -1;
	rs->n = 0;
	rs->stop = false;
	rs->read = read;
	rs->arg = arg;
	sem_init(&rs->ready, 0, 0);
	for (cpu = 0; cpu < ncpus; cpu++) {
		struct ut_reader *rd = &rs->threads[rs->n];

		if (cpu_fd[cpu] < 0)
			continue;
		rd->rs = rs;
		rd->cpu = cpu;
		rd->fd = cpu_fd[cpu];
		rd->page = malloc(page_size);
		if (!rd->page ||
		    pthread_create(&rd->thread, NULL, reader_main, rd)) {
			free(rd->page);
			rd->page = NULL;
			ut_readers_stop(rs);
			return -1;
		}
		rs->n++;
	}
	/* Return once they are in their loops, with their priority. */
	for (i = 0; i < rs->n; i++)
		while (sem_wait(&rs->ready) && errno == EINTR)
			;
	return 0;
}

int ut_reader_tid(const struct ut_readers *rs, int i)
{
	return rs->threads[i].tid;
}

void ut_readers_stop(struct ut_readers *rs)
{
	uint64_t one = 1;
	int i;

	if (!rs->threads)
		return;
	rs->stop = true;
	/* The eventfd stays readable: every reader's poll returns. */
	(void)!write(rs->wake_fd, &one, sizeof(one));
	for (i = 0; i < rs->n; i++) {
		pthread_join(rs->threads[i].thread, NULL);
		free(rs->threads[i].page);
	}
	free(rs->threads);
	rs->threads = NULL;
	rs->n = 0;
	close(rs->wake_fd);
	rs->wake_fd = -1;
}
