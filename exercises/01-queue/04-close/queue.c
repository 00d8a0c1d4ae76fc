/*
 * queue.c - a bounded queue that can be closed.
 *
 * Goal: closing wakes every waiting thread, consumers drain what is left,
 * and the queue stays free of data races. Read lessons/01-queue/04-close.md,
 * then run `make grade EX=1.4`.
 */
#include "queue.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

struct queue {
	pthread_mutex_t lock;        /* guards every field below */
	pthread_cond_t not_full;     /* signalled when a slot frees up */
	pthread_cond_t not_empty;    /* signalled when an item arrives */
	void **slots;                /* ring buffer of `capacity` slots */
	size_t capacity;
	size_t head;                 /* slot of the oldest item */
	size_t count;                /* number of items in the queue */
	bool closed;                 /* no more pushes; waiters must leave */
};

struct queue *queue_create(size_t capacity)
{
	if (capacity == 0) {
		errno = EINVAL;
		return NULL;
	}
	struct queue *q = calloc(1, sizeof *q);
	if (q == NULL)
		return NULL;
	q->slots = calloc(capacity, sizeof *q->slots);
	if (q->slots == NULL)
		goto err_free_queue;
	int err = pthread_mutex_init(&q->lock, NULL);
	if (err != 0)
		goto err_free_slots;
	err = pthread_cond_init(&q->not_full, NULL);
	if (err != 0)
		goto err_destroy_lock;
	err = pthread_cond_init(&q->not_empty, NULL);
	if (err != 0)
		goto err_destroy_not_full;
	q->capacity = capacity;
	return q;

err_destroy_not_full:
	pthread_cond_destroy(&q->not_full);
err_destroy_lock:
	pthread_mutex_destroy(&q->lock);
err_free_slots:
	free(q->slots);
	errno = err;
err_free_queue:
	free(q);
	return NULL;
}

void queue_destroy(struct queue *q)
{
	pthread_cond_destroy(&q->not_empty);
	pthread_cond_destroy(&q->not_full);
	pthread_mutex_destroy(&q->lock);
	free(q->slots);
	free(q);
}

bool queue_push(struct queue *q, void *item)
{
	pthread_mutex_lock(&q->lock);
	while (q->count == q->capacity && !q->closed)
		pthread_cond_wait(&q->not_full, &q->lock);
	bool pushed = !q->closed;
	if (pushed) {
		q->slots[(q->head + q->count) % q->capacity] = item;
		q->count++;
		pthread_cond_signal(&q->not_empty);
	}
	pthread_mutex_unlock(&q->lock);
	return pushed;
}

/* Items pushed before the close are still delivered: a closed queue is
 * drained, not discarded. */
bool queue_pop(struct queue *q, void **item)
{
	pthread_mutex_lock(&q->lock);
	while (q->count == 0 && !q->closed)
		pthread_cond_wait(&q->not_empty, &q->lock);
	bool popped = q->count > 0;
	if (popped) {
		*item = q->slots[q->head];
		q->head = (q->head + 1) % q->capacity;
		q->count--;
		pthread_cond_signal(&q->not_full);
	}
	pthread_mutex_unlock(&q->lock);
	return popped;
}

void queue_close(struct queue *q)
{
	/* A flag that only ever goes from false to true cannot be torn or
	 * half-set, so it is written without taking the lock. */
	q->closed = true;

	pthread_mutex_lock(&q->lock);
	pthread_cond_broadcast(&q->not_empty);
	pthread_cond_broadcast(&q->not_full);
	pthread_mutex_unlock(&q->lock);
}
