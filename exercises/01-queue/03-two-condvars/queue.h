/*
 * queue.h - a bounded FIFO queue of pointers: consumers wait while it is
 * empty, producers wait while it is full. Lesson 1, step 3.
 *
 * The queue stores pointers; it never owns, copies or frees what they point
 * to: the caller owns every item.
 */
#ifndef QUEUE_H
#define QUEUE_H

#include <stddef.h>

struct queue;

/* Returns a new, empty queue that holds up to `capacity` items (at least
 * 1), or NULL with errno set. The caller frees it with queue_destroy. */
struct queue *queue_create(size_t capacity);

/* Frees the queue. No thread may be using it, now or later. */
void queue_destroy(struct queue *q);

/* Appends item at the back, waiting for room while the queue is full. */
void queue_push(struct queue *q, void *item);

/* Removes and returns the front item, waiting while the queue is empty. */
void *queue_pop(struct queue *q);

#endif
