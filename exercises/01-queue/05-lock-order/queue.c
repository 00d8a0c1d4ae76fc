/*
 * queue.c - a closable bounded queue, and moving items between queues.
 *
 * Goal: queue_move must be safe whatever other threads do, including a
 * thread moving items the other way at the same time. Read
 * lessons/01-queue/05-lock-order.md, then run `make grade EX=1.5`.
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
	pthread_mutex_lock(&q->lock);
	q->closed = true;
	pthread_cond_broadcast(&q->not_empty);
	pthread_cond_broadcast(&q->not_full);
	pthread_mutex_unlock(&q->lock);
}

/* Moves one item between two locked queues (or within one). */
static bool move_locked(struct queue *from, struct queue *to)
{
	bool room = from == to || (to->count < to->capacity && !to->closed);
	if (from->count == 0 || !room)
		return false;
	void *item = from->slots[from->head];
	from->head = (from->head + 1) % from->capacity;
	from->count--;
	to->slots[(to->head + to->count) % to->capacity] = item;
	to->count++;
	if (from != to) {
		pthread_cond_signal(&from->not_full);
		pthread_cond_signal(&to->not_empty);
	}
	return true;
}

/* Both queues stay locked for the whole move, so nobody sees the item in
 * both or in neither. */
bool queue_move(struct queue *from, struct queue *to)
{
	if (from == to) {
		pthread_mutex_lock(&from->lock);
		bool moved = move_locked(from, from);
		pthread_mutex_unlock(&from->lock);
		return moved;
	}
	pthread_mutex_lock(&from->lock);
	pthread_mutex_lock(&to->lock);
	bool moved = move_locked(from, to);
	pthread_mutex_unlock(&to->lock);
	pthread_mutex_unlock(&from->lock);
	return moved;
}
