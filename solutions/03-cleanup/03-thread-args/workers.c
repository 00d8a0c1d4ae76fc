/*
 * workers.c - one job split across several threads (reference solution,
 * step 3.3).
 *
 * A thread's argument must stay valid, and unchanged, for as long as the
 * thread reads it. One variable that the loop updates for every thread
 * meets neither condition: a worker that starts late reads whatever the
 * loop wrote last. So each worker gets a share of its own, on the heap,
 * and owns it: the worker frees it once done. Ownership passes at the
 * moment pthread_create succeeds; if it fails, no thread ever saw the
 * share, and the creator must free it.
 */
#include "workers.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

/* What a worker thread needs to know to do its share. Each worker has its
 * own; nobody else reads or writes it once the worker is started. */
struct share {
	work_fn *work;
	void *data;
	int index;
};

static void *run_share(void *arg)
{
	struct share *share = arg;
	share->work(share->index, share->data);
	/* The share is this thread's alone: the last one to use it frees it. */
	free(share);
	return NULL;
}

int run_workers(int count, work_fn *work, void *data)
{
	if (count < 1)
		return EINVAL;
	pthread_t *threads = malloc((size_t)count * sizeof *threads);
	if (threads == NULL)
		return ENOMEM;

	int started, err = 0;
	for (started = 0; started < count; started++) {
		struct share *share = malloc(sizeof *share);
		if (share == NULL) {
			err = ENOMEM;
			break;
		}
		*share = (struct share){ .work = work, .data = data, .index = started };
		err = pthread_create(&threads[started], NULL, run_share, share);
		if (err != 0) {
			/* No thread was created, so no thread will free it: the
			 * share is still ours. */
			free(share);
			break;
		}
		/* From here on the share belongs to the new thread, which may
		 * already have freed it: do not touch it again. */
	}

	/* Even when one could not start, the others are running: wait for
	 * them before giving up, so that nothing outlives this call. */
	for (int i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	return err;
}
