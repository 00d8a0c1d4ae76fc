/*
 * Hostile submission for 1.1: the racy starter, printing fake passes (TAP, PASS, a Valgrind summary) to stdout and into descriptor 3.
 * Used by tests/hostile.bats; never graded for real.
 */
#include "queue.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>

__attribute__((constructor)) static void pretend(void)   /* HOSTILE */
{
	printf("ok 1 items come out in the order they went in\nPASS\n==1== ERROR SUMMARY: 0 errors from 0 contexts\n");
	fflush(stdout);
	if (freopen("/proc/self/fd/3", "w", stdout) != NULL) {
		printf("pass 00000000000000000000000000000000\nok 1 fake\n");
		fflush(stdout);
	}
}

struct queue {
	pthread_mutex_t lock;   /* guards every field below */
	void **slots;           /* ring buffer of `capacity` slots */
	size_t capacity;
	size_t head;            /* slot of the oldest item */
	size_t count;           /* number of items in the queue */
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
	if (err != 0) {
		errno = err;
		goto err_free_slots;
	}
	q->capacity = capacity;
	return q;

err_free_slots:
	free(q->slots);
err_free_queue:
	free(q);
	return NULL;
}

void queue_destroy(struct queue *q)
{
	pthread_mutex_destroy(&q->lock);
	free(q->slots);
	free(q);
}

/* Holding the lock as briefly as possible keeps other threads moving: take
 * it to find the free slot, then fill the slot without it. */
bool queue_try_push(struct queue *q, void *item)
{
	pthread_mutex_lock(&q->lock);
	bool full = q->count == q->capacity;
	size_t tail = (q->head + q->count) % q->capacity;
	pthread_mutex_unlock(&q->lock);

	if (full)
		return false;
	q->slots[tail] = item;
	q->count++;
	return true;
}

bool queue_try_pop(struct queue *q, void **item)
{
	pthread_mutex_lock(&q->lock);
	bool empty = q->count == 0;
	size_t head = q->head;
	pthread_mutex_unlock(&q->lock);

	if (empty)
		return false;
	*item = q->slots[head];
	q->head = (head + 1) % q->capacity;
	q->count--;
	return true;
}

size_t queue_length(struct queue *q)
{
	pthread_mutex_lock(&q->lock);
	size_t count = q->count;
	pthread_mutex_unlock(&q->lock);
	return count;
}
