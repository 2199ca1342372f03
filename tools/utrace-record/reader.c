// SPDX-License-Identifier: GPL-2.0
/*
 * reader.c - the reader threads, one per CPU (as trace-cmd record has a
 * process per CPU).  Each sleeps in poll() until its CPU buffer is
 * buffer_percent full, then moves every sub-buffer out of the kernel
 * (into the inbox for the decoder, or spliced to FILE.cpuN in raw mode)
 * and sleeps again.  Mostly asleep, they are scheduled promptly on
 * wake-up even while the main thread is busy formatting, and a reader
 * waiting on its file does not hold up the other CPUs, so the kernel
 * does not have to overwrite events the recorder could have taken.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "recorder.h"

/*
 * buffer_percent wake-ups can come late or not at all (a writer that
 * crosses the mark while the waiter re-arms); at 100 MB/s a 4 MiB buffer
 * fills in 40 ms, so the reader also looks every 10 ms.
 */
#define READER_POLL_MS	10
#define READER_NICE	-10

struct ut_reader {
	pthread_t thread;
	struct ut_rec *r;
	int cpu;
	void *page;			/* this thread's read buffer */
};

static void *reader_main(void *arg)
{
	struct ut_reader *rd = arg;
	struct ut_rec *r = rd->r;
	struct pollfd pfd[2] = {
		{ .fd = r->cpu_fd[rd->cpu], .events = POLLIN },
		{ .fd = r->wake_fd, .events = POLLIN },
	};

	/*
	 * A higher priority (when allowed) for this thread only: it uses
	 * little CPU, but must run soon after each wake-up on a busy
	 * machine, or the kernel overwrites what it did not take.
	 */
	setpriority(PRIO_PROCESS, gettid(), READER_NICE);
	sem_post(&r->reader_ready);
	while (!r->reader_stop) {
		poll(pfd, 2, READER_POLL_MS);
		ut_rec_read_cpu(r, rd->cpu, &rd->page, false);
	}
	/* Tracing is off: take what is left. */
	while (ut_rec_read_cpu(r, rd->cpu, &rd->page, true) > 0)
		;
	pthread_mutex_lock(&r->lock);
	pthread_cond_broadcast(&r->queued);
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

int ut_rec_reader_start(struct ut_rec *r)
{
	int cpu, i;

	r->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	r->readers = calloc(r->ncpus, sizeof(*r->readers));
	if (r->wake_fd < 0 || !r->readers)
		return -1;
	r->reader_stop = false;
	sem_init(&r->reader_ready, 0, 0);
	for (cpu = 0; cpu < r->ncpus; cpu++) {
		struct ut_reader *rd = &r->readers[r->nreaders];

		if (r->cpu_fd[cpu] < 0)
			continue;
		rd->r = r;
		rd->cpu = cpu;
		rd->page = malloc(r->page_size);
		if (!rd->page ||
		    pthread_create(&rd->thread, NULL, reader_main, rd)) {
			free(rd->page);
			rd->page = NULL;
			ut_rec_reader_stop(r);
			return -1;
		}
		r->nreaders++;
	}
	/* Return once they are in their loops, with their priority. */
	for (i = 0; i < r->nreaders; i++)
		while (sem_wait(&r->reader_ready) && errno == EINTR)
			;
	return 0;
}

void ut_rec_reader_stop(struct ut_rec *r)
{
	uint64_t one = 1;
	int i;

	if (!r->readers)
		return;
	r->reader_stop = true;
	/* The eventfd stays readable: every reader's poll returns. */
	(void)!write(r->wake_fd, &one, sizeof(one));
	for (i = 0; i < r->nreaders; i++) {
		pthread_join(r->readers[i].thread, NULL);
		free(r->readers[i].page);
	}
	free(r->readers);
	r->readers = NULL;
	r->nreaders = 0;
	close(r->wake_fd);
	r->wake_fd = -1;
}

void ut_rec_wait_queued(struct ut_rec *r, int timeout_ms)
{
	struct timespec ts;

	if (ut_pageq_len(&r->pq))
		return;
	pthread_mutex_lock(&r->lock);
	if (!r->inbox.n && timeout_ms > 0) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += timeout_ms / 1000;
		ts.tv_nsec += (timeout_ms % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&r->queued, &r->lock, &ts);
	}
	pthread_mutex_unlock(&r->lock);
}
