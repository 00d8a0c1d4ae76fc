/*
 * queue.c - a ring buffer behind a mutex (reference solution, step 1.1).
 *
 * Every read and write of the ring buffer happens with q->lock held: the
 * check ("is there room?") and the action ("fill the slot, count it") form
 * one critical section, so no other thread can act between them.
 */
#include "queue.h"

#include <errno.h>
#include <stdlib.h>

int queue_init(struct queue *q, size_t capacity)
{
	if (capacity == 0)
		return EINVAL;
	q->slots = calloc(capacity, sizeof *q->slots);
	if (q->slots == NULL)
		return ENOMEM;
	int err = pthread_mutex_init(&q->lock, NULL);
	if (err != 0) {
		free(q->slots);
		return err;
	}
	q->capacity = capacity;
	q->head = 0;
	q->count = 0;
	return 0;
}

void queue_destroy(struct queue *q)
{
	pthread_mutex_destroy(&q->lock);
	free(q->slots);
	q->slots = NULL;
}

bool queue_try_push(struct queue *q, void *item)
{
	pthread_mutex_lock(&q->lock);
	bool pushed = q->count < q->capacity;
	if (pushed) {
		q->slots[(q->head + q->count) % q->capacity] = item;
		q->count++;
	}
	pthread_mutex_unlock(&q->lock);
	return pushed;
}

bool queue_try_pop(struct queue *q, void **item)
{
	pthread_mutex_lock(&q->lock);
	bool popped = q->count > 0;
	if (popped) {
		*item = q->slots[q->head];
		q->head = (q->head + 1) % q->capacity;
		q->count--;
	}
	pthread_mutex_unlock(&q->lock);
	return popped;
}

size_t queue_length(struct queue *q)
{
	pthread_mutex_lock(&q->lock);
	size_t count = q->count;
	pthread_mutex_unlock(&q->lock);
	return count;
}
