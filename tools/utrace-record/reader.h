/* SPDX-License-Identifier: GPL-2.0 */
/*
 * reader.h - the reader threads, one per CPU (as trace-cmd record has a
 * process per CPU).  Each sleeps in poll() until its CPU's buffer file
 * is readable (buffer_percent full), then calls the owner's read
 * function, which moves every sub-buffer out of the kernel, and sleeps
 * again.  Mostly asleep, they are scheduled promptly on wake-up even
 * while the main thread is busy formatting, and a reader waiting on its
 * file does not hold up the other CPUs, so the kernel does not have to
 * overwrite events the recorder could have taken.
 */
#ifndef UT_READER_H
#define UT_READER_H

#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Move what cpu's buffer has now (everything when drain: tracing is
 * off).  *page is the calling thread's page buffer, which the function
 * may replace.  Returns the number of sub-buffers moved.
 */
typedef int (*ut_read_fn)(void *arg, int cpu, void **page, bool drain);

struct ut_reader;

struct ut_readers {
	struct ut_reader *threads;	/* NULL when not started */
	int n;
	sem_t ready;
	volatile bool stop;		/* drain what is left, then exit */
	int wake_fd;			/* eventfd: wakes every reader's poll */
	ut_read_fn read;
	void *arg;
};

/*
 * A thread for each CPU whose cpu_fd[] is open, with a page_size buffer,
 * calling read(arg, cpu, ...); returns once they all run.  < 0 if they
 * cannot be started (none is left running).
 */
int ut_readers_start(struct ut_readers *rs, const int *cpu_fd, int ncpus,
		     size_t page_size, ut_read_fn read, void *arg);
/* The thread id of reader i (0 <= i < rs->n). */
int ut_reader_tid(const struct ut_readers *rs, int i);
/*
 * Tracing must be off: each thread reads what is left and exits.  Safe
 * to call when they were never started.
 */
void ut_readers_stop(struct ut_readers *rs);

#endif
