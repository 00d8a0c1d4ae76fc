/*
 * workpool.c - a fixed set of worker threads that run submitted tasks
 * (see workpool.h).
 */
#include "workpool.h"

#include <errno.h>
#include <stdlib.h>

/* Takes the oldest queued task. Needs pool->lock and a non-empty queue. */
static struct task *dequeue(struct workpool *pool)
{
	struct task *task = pool->head;
	pool->head = task->next;
	if (pool->head == NULL)
		pool->tail = NULL;
	pool->queued--;
	return task;
}

static void *worker(void *data)
{
	struct workpool *pool = data;
	pthread_mutex_lock(&pool->lock);
	for (;;) {
		while (pool->head == NULL && !pool->stopping)
			pthread_cond_wait(&pool->work_ready, &pool->lock);
		if (pool->head == NULL)
			break;  /* stopping, and nothing left to run */
		struct task *task = dequeue(pool);
		pthread_cond_signal(&pool->space_free);

		/* Run the task without the lock: other workers take tasks
		 * and submitters queue new ones meanwhile. */
		pthread_mutex_unlock(&pool->lock);
		task->run(task->arg);
		pthread_mutex_lock(&pool->lock);

		task->next = pool->spare;
		pool->spare = task;
	}
	pthread_mutex_unlock(&pool->lock);
	return NULL;
}

static void free_list(struct task *task)
{
	while (task != NULL) {
		struct task *next = task->next;
		free(task);
		task = next;
	}
}

/* Stops intake and wakes every worker (and every blocked submitter) to
 * see it. Needs pool->lock. */
static void begin_stop(struct workpool *pool)
{
	pool->stopping = true;
	pthread_cond_broadcast(&pool->work_ready);
	pthread_cond_broadcast(&pool->space_free);
}

/* Joins the first `started` workers. Needs the lock NOT held: each worker
 * must take it once more to see that it should end.
 *
 * A join is the only way to know that a thread has ended: once
 * pthread_join returns, the worker has returned from worker(), will never
 * touch the pool again, and its stack and thread-local storage are given
 * back. That is why the workers are never detached: a detached thread
 * ends whenever it ends, and nobody can wait for it. */
static void join_workers(struct workpool *pool, int started)
{
	for (int i = 0; i < started; i++)
		pthread_join(pool->threads[i], NULL);
}

static void destroy(struct workpool *pool)
{
	free_list(pool->head);
	free_list(pool->spare);
	pthread_cond_destroy(&pool->space_free);
	pthread_cond_destroy(&pool->work_ready);
	pthread_mutex_destroy(&pool->lock);
	free(pool);
}

struct workpool *workpool_create(int workers, size_t capacity)
{
	if (workers <= 0 || capacity == 0) {
		errno = EINVAL;
		return NULL;
	}
	struct workpool *pool = calloc(1, sizeof *pool + (size_t)workers * sizeof pool->threads[0]);
	if (pool == NULL)
		return NULL;
	pool->capacity = capacity;
	pool->workers = workers;
	int err = pthread_mutex_init(&pool->lock, NULL);
	if (err != 0)
		goto free_pool;
	err = pthread_cond_init(&pool->work_ready, NULL);
	if (err != 0)
		goto destroy_lock;
	err = pthread_cond_init(&pool->space_free, NULL);
	if (err != 0)
		goto destroy_work_ready;
	for (int i = 0; i < workers; i++) {
		err = pthread_create(&pool->threads[i], NULL, worker, pool);
		if (err != 0) {
			pthread_mutex_lock(&pool->lock);
			begin_stop(pool);
			pthread_mutex_unlock(&pool->lock);
			join_workers(pool, i);
			destroy(pool);
			errno = err;
			return NULL;
		}
	}
	return pool;

destroy_work_ready:
	pthread_cond_destroy(&pool->work_ready);
destroy_lock:
	pthread_mutex_destroy(&pool->lock);
free_pool:
	free(pool);
	errno = err;
	return NULL;
}

int workpool_submit(struct workpool *pool, void (*run)(void *arg), void *arg)
{
	pthread_mutex_lock(&pool->lock);
	while (pool->queued == pool->capacity && !pool->stopping)
		pthread_cond_wait(&pool->space_free, &pool->lock);
	if (pool->stopping) {
		pthread_mutex_unlock(&pool->lock);
		return ESHUTDOWN;
	}
	struct task *task = pool->spare;
	if (task != NULL) {
		pool->spare = task->next;
	} else {
		task = malloc(sizeof *task);
		if (task == NULL) {
			pthread_mutex_unlock(&pool->lock);
			return ENOMEM;
		}
	}
	*task = (struct task){ .run = run, .arg = arg, .next = NULL };
	if (pool->tail != NULL)
		pool->tail->next = task;
	else
		pool->head = task;
	pool->tail = task;
	pool->queued++;
	pthread_cond_signal(&pool->work_ready);
	pthread_mutex_unlock(&pool->lock);
	return 0;
}

size_t workpool_shutdown(struct workpool *pool, enum workpool_stop how)
{
	struct task *dropped = NULL;
	size_t count = 0;
	pthread_mutex_lock(&pool->lock);
	begin_stop(pool);
	if (how == WORKPOOL_DISCARD) {
		dropped = pool->head;
		count = pool->queued;
		pool->head = pool->tail = NULL;
		pool->queued = 0;
	}
	pthread_mutex_unlock(&pool->lock);

	free_list(dropped);
	/* Every worker has ended before the pool goes: a worker that is still
	 * running, or only still on its way out, uses pool->lock. */
	join_workers(pool, pool->workers);
	destroy(pool);
	return count;
}
