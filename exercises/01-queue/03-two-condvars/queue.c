/*
 * queue.c - a bounded queue: producers wait for room, consumers for items.
 *
 * Goal: any number of producers and consumers, any capacity, and nobody
 * ever sleeps while there is work they could do. Read
 * lessons/01-queue/03-two-condvars.md, then run `make grade EX=1.3`.
 */
#include "queue.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

struct queue {
	pthread_mutex_t lock;        /* guards every field below */
	pthread_cond_t changed;      /* signalled whenever an item comes or goes */
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
	err = pthread_cond_init(&q->changed, NULL);
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
	pthread_cond_destroy(&q->changed);
	pthread_mutex_destroy(&q->lock);
	free(q->slots);
	free(q);
}

/* Producers and consumers share one condition, "the queue changed": each
 * change wakes one sleeper, who re-checks and goes back to sleep if the
 * change was not for it. */
void queue_push(struct queue *q, void *item)
{
	pthread_mutex_lock(&q->lock);
	while (q->count == q->capacity)
		pthread_cond_wait(&q->changed, &q->lock);
	q->slots[(q->head + q->count) % q->capacity] = item;
	q->count++;
	pthread_cond_signal(&q->changed);
	pthread_mutex_unlock(&q->lock);
}

void *queue_pop(struct queue *q)
{
	pthread_mutex_lock(&q->lock);
	while (q->count == 0)
		pthread_cond_wait(&q->changed, &q->lock);
	void *item = q->slots[q->head];
	q->head = (q->head + 1) % q->capacity;
	q->count--;
	pthread_cond_signal(&q->changed);
	pthread_mutex_unlock(&q->lock);
	return item;
}
