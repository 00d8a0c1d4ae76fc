/*
 * queue.c - consumers wait for items with a condition variable.
 *
 * Goal: queue_pop must never return unless it took a real item, however
 * many consumers there are and whenever they wake up. Read
 * lessons/01-queue/02-blocking-pop.md, then run `make grade EX=1.2`.
 */
#include "queue.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

struct queue {
	pthread_mutex_t lock;        /* guards every field below */
	pthread_cond_t not_empty;    /* signalled when an item arrives */
	void **slots;                /* ring buffer of `capacity` slots */
	size_t capacity;
	size_t head;                 /* slot of the oldest item */
	size_t count;                /* number of items in the queue */
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
	err = pthread_cond_init(&q->not_empty, NULL);
	if (err != 0)
		goto err_destroy_lock;
	q->capacity = capacity;
	return q;

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
	pthread_mutex_destroy(&q->lock);
	free(q->slots);
	free(q);
}

bool queue_push(struct queue *q, void *item)
{
	pthread_mutex_lock(&q->lock);
	bool pushed = q->count < q->capacity;
	if (pushed) {
		q->slots[(q->head + q->count) % q->capacity] = item;
		q->count++;
		pthread_cond_signal(&q->not_empty);
	}
	pthread_mutex_unlock(&q->lock);
	return pushed;
}

void *queue_pop(struct queue *q)
{
	pthread_mutex_lock(&q->lock);
	/* Nothing to take yet: sleep until queue_push signals an arrival. */
	if (q->count == 0)
		pthread_cond_wait(&q->not_empty, &q->lock);
	void *item = q->slots[q->head];
	q->head = (q->head + 1) % q->capacity;
	q->count--;
	pthread_mutex_unlock(&q->lock);
	return item;
}
