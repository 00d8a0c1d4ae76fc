/*
 * workers.h - one job split across several threads, each doing its own
 * numbered share: summing one slice of an array, handling one batch of
 * requests, rendering one band of an image. Lesson 3, step 3.
 */
#ifndef WORKERS_H
#define WORKERS_H

/* One share of the job. Called once on each worker thread, with that
 * worker's own index (0 .. count-1) and the caller's data. The shares run
 * at the same time: what they do with `data` must be safe from several
 * threads (each share writing only its own slot of an array, say). */
typedef void work_fn(int index, void *data);

/*
 * Starts `count` worker threads (at least 1), worker k calling
 * work(k, data), and waits for all of them.
 *
 * Returns 0 once every share has run. Returns an error number instead
 * (EINVAL for a count below 1, ENOMEM, or pthread_create's error) if the
 * workers could not all be started: the ones that had started have then
 * finished their shares, and nothing the call allocated or started is left
 * behind.
 */
int run_workers(int count, work_fn *work, void *data);

#endif
