// SPDX-License-Identifier: GPL-2.0
/*
 * reader.c - the reader thread.  It sleeps in poll() until a CPU buffer
 * is buffer_percent full, then moves every sub-buffer out of the kernel
 * (into the page queue, or spliced to FILE.cpuN in raw mode) and sleeps
 * again.  Mostly asleep, it is scheduled promptly on wake-up even while
 * the main thread is busy formatting, so the kernel never has to
 * overwrite events the recorder could have taken.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdint.h>
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

static void *reader_main(void *arg)
{
	struct ut_rec *r = arg;
	struct pollfd pfd[r->ncpus + 1];
	int cpu, n = 0;

	for (cpu = 0; cpu < r->ncpus; cpu++) {
		if (r->cpu_fd[cpu] < 0)
			continue;
		pfd[n].fd = r->cpu_fd[cpu];
		pfd[n].events = POLLIN;
		n++;
	}
	pfd[n].fd = r->wake_fd;
	pfd[n].events = POLLIN;
	/*
	 * A higher priority (when allowed) for this thread only: it uses
	 * little CPU, but must run soon after each wake-up on a busy
	 * machine, or the kernel overwrites what it did not take.
	 */
	setpriority(PRIO_PROCESS, gettid(), READER_NICE);
	sem_post(&r->reader_ready);
	while (!r->reader_stop) {
		poll(pfd, n + 1, READER_POLL_MS);
		ut_rec_read(r, 0);
	}
	/* Tracing is off: take what is left. */
	r->draining = true;
	while (ut_rec_read(r, 0) > 0)
		;
	pthread_mutex_lock(&r->lock);
	pthread_cond_broadcast(&r->queued);
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

int ut_rec_reader_start(struct ut_rec *r)
{
	r->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (r->wake_fd < 0)
		return -1;
	r->reader_stop = false;
	sem_init(&r->reader_ready, 0, 0);
	if (pthread_create(&r->reader, NULL, reader_main, r)) {
		close(r->wake_fd);
		return -1;
	}
	r->reader_on = true;
	/* Return once it is in its loop, with its priority. */
	while (sem_wait(&r->reader_ready) && errno == EINTR)
		;
	return 0;
}

void ut_rec_reader_stop(struct ut_rec *r)
{
	uint64_t one = 1;

	if (!r->reader_on)
		return;
	r->reader_stop = true;
	/* On failure the poll times out anyway. */
	(void)!write(r->wake_fd, &one, sizeof(one));
	pthread_join(r->reader, NULL);
	close(r->wake_fd);
	r->reader_on = false;
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
