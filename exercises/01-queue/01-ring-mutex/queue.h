/*
 * queue.h - a fixed-capacity FIFO queue of pointers that several threads
 * may use at once. Lesson 1, step 1.
 *
 * The queue stores pointers; it never owns, copies or frees what they point
 * to. The caller owns `struct queue` itself and every item.
 */
#ifndef QUEUE_H
#define QUEUE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

struct queue {
	pthread_mutex_t lock;   /* guards every field below */
	void **slots;           /* ring buffer of `capacity` slots */
	size_t capacity;
	size_t head;            /* slot of the oldest item */
	size_t count;           /* number of items in the queue */
};

/* Prepares an empty queue that holds up to `capacity` items (at least 1).
 * Returns 0, or an errno value (nothing to clean up then). */
int queue_init(struct queue *q, size_t capacity);

/* Releases what queue_init allocated. No thread may use q afterwards. */
void queue_destroy(struct queue *q);

/* Appends item at the back. Returns false, and changes nothing, when full. */
bool queue_try_push(struct queue *q, void *item);

/* Removes the front item into *item. Returns false when empty. */
bool queue_try_pop(struct queue *q, void **item);

/* The number of items right now (may change as soon as it returns). */
size_t queue_length(struct queue *q);

#endif
