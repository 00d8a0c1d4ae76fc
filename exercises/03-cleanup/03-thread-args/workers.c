/*
 * workers.c - one job split across several threads (see workers.h).
 *
 * Goal: each worker does its own share, and nothing is left allocated or
 * running, whatever fails. Read lessons/03-cleanup/03-thread-args.md, then
 * run `make grade EX=3.3`.
 */
#include "workers.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

/* What a worker thread needs to know to do its share. */
struct share {
	work_fn *work;
	void *data;
	int index;
};

static void *run_share(void *arg)
{
	const struct share *share = arg;
	share->work(share->index, share->data);
	return NULL;
}

int run_workers(int count, work_fn *work, void *data)
{
	if (count < 1)
		return EINVAL;
	pthread_t *threads = malloc((size_t)count * sizeof *threads);
	if (threads == NULL)
		return ENOMEM;

	struct share share = { .work = work, .data = data };
	int started, err = 0;
	for (started = 0; started < count; started++) {
		share.index = started;
		err = pthread_create(&threads[started], NULL, run_share, &share);
		if (err != 0)
			break;
	}

	/* Even when one could not start, the others are running: wait for
	 * them before giving up. */
	for (int i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	return err;
}
