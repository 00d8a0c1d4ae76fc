/*
 * workpool.h - a fixed set of worker threads that run submitted tasks.
 *
 * Tasks wait in a bounded FIFO queue (Lesson 1): submitting to a full queue
 * blocks until a worker takes a task. Task records are recycled through a
 * free list (Lesson 2), so a busy pool stops calling malloc once it has as
 * many records as it ever had tasks queued at once. Shutting down stops
 * intake, deals with what is still queued, wakes every worker, joins them
 * all and frees everything (Lesson 3).
 */
#ifndef WORKPOOL_H
#define WORKPOOL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

struct task {
	void (*run)(void *arg);
	void *arg;
	struct task *next;
};

struct workpool {
	pthread_mutex_t lock;        /* guards everything below */
	pthread_cond_t work_ready;   /* a task was queued, or the pool is stopping */
	pthread_cond_t space_free;   /* the queue has room again, or the pool is stopping */
	struct task *head, *tail;    /* queued tasks, oldest first */
	size_t queued, capacity;
	struct task *spare;          /* records of finished tasks, for reuse */
	bool stopping;               /* shutdown has begun: no new tasks */
	int workers;
	pthread_t threads[];         /* one per worker */
};

/* What shutdown does with tasks still queued. */
enum workpool_stop {
	WORKPOOL_DRAIN,    /* run them all first */
	WORKPOOL_DISCARD,  /* drop them unrun */
};

/* Starts `workers` threads with room for `capacity` queued tasks. NULL,
 * with errno set, on failure: then no thread is left running and nothing
 * is left allocated. */
struct workpool *workpool_create(int workers, size_t capacity);

/* Queues run(arg) for a worker, blocking while the queue is full. 0, or
 * ESHUTDOWN once shutdown has begun, or ENOMEM. */
int workpool_submit(struct workpool *pool, void (*run)(void *arg), void *arg);

/* Stops the pool and frees it: no new tasks are accepted, queued ones are
 * run or dropped as `how` says, every worker is woken and joined. Returns
 * the number of tasks dropped. */
size_t workpool_shutdown(struct workpool *pool, enum workpool_stop how);

#endif
