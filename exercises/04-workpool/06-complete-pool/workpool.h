/*
 * workpool.h - a fixed set of worker threads that run submitted tasks, and
 * futures: the result of a task, collected when the submitter needs it.
 *
 * Tasks wait in a bounded FIFO queue (Lesson 1): submitting to a full queue
 * blocks until a worker takes a task. Task records are recycled through a
 * free list (Lesson 2), so a busy pool stops calling malloc for them once
 * it has as many records as it ever had tasks queued at once. Shutting
 * down stops intake, deals with what is still queued, wakes every worker,
 * joins them all and frees everything (Lesson 3).
 *
 * A future belongs to its submitter, not to the pool: it has a lock of its
 * own, so it outlives the pool and can be waited for after shutdown.
 */
#ifndef WORKPOOL_H
#define WORKPOOL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

/* Where a future is in its life. It is settled exactly once. */
enum future_state {
	FUTURE_PENDING,    /* queued or running */
	FUTURE_DONE,       /* the task ran; `result` is what it returned */
	FUTURE_CANCELLED,  /* dropped unrun by a discarding shutdown */
};

struct future {
	pthread_mutex_t lock;      /* guards state and result */
	pthread_cond_t settled;    /* state left FUTURE_PENDING */
	void *(*run)(void *arg);
	void *arg;
	void *result;
	enum future_state state;
};

struct task {
	void (*run)(void *arg);    /* a plain task, or NULL for a future's */
	void *arg;
	struct future *future;     /* the future this task settles, or NULL */
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
	WORKPOOL_DISCARD,  /* drop them unrun; their futures are cancelled */
};

/* Starts `workers` threads with room for `capacity` queued tasks. NULL,
 * with errno set, on failure: then no thread is left running and nothing
 * is left allocated. */
struct workpool *workpool_create(int workers, size_t capacity);

/* Queues run(arg) for a worker, blocking while the queue is full. 0, or
 * ESHUTDOWN once shutdown has begun, or ENOMEM. */
int workpool_submit(struct workpool *pool, void (*run)(void *arg), void *arg);

/* Queues run(arg) like workpool_submit and returns a future for what run
 * returns. NULL, with errno set (ESHUTDOWN, ENOMEM, ...), on failure: then
 * nothing was queued. The caller owns the future and must pass it to
 * future_wait exactly once, before or after the pool shuts down. */
struct future *workpool_submit_future(struct workpool *pool, void *(*run)(void *arg), void *arg);

/* Blocks until the future's task has run, frees the future and returns
 * what the task returned. If a discarding shutdown dropped the task, it
 * never runs: then future_wait returns NULL at once with errno ECANCELED
 * (errno is left alone otherwise, so a task may return NULL too). Never
 * wait from inside a task of the same pool: with every worker waiting,
 * nobody would be left to run the tasks waited for. */
void *future_wait(struct future *future);

/* Stops the pool and frees it: no new tasks are accepted, queued ones are
 * run or dropped as `how` says (a dropped task's future is cancelled, and
 * still has to be waited for), every worker is woken and joined. Returns
 * the number of tasks dropped. */
size_t workpool_shutdown(struct workpool *pool, enum workpool_stop how);

#endif
