/*
 * queue.h - a bounded FIFO queue of pointers that can be closed, so that
 * consumers know when the work has ended. Lesson 1, step 4.
 *
 * The queue stores pointers; it never owns, copies or frees what they point
 * to: the caller owns every item.
 */
#ifndef QUEUE_H
#define QUEUE_H

#include <stdbool.h>
#include <stddef.h>

struct queue;

/* Returns a new, empty, open queue that holds up to `capacity` items (at
 * least 1), or NULL with errno set. The caller frees it with queue_destroy. */
struct queue *queue_create(size_t capacity);

/* Frees the queue. No thread may be using it, now or later. */
void queue_destroy(struct queue *q);

/* Appends item at the back, waiting for room while the queue is full.
 * Returns false, without adding it, once the queue is closed. */
bool queue_push(struct queue *q, void *item);

/* Removes the front item into *item, waiting while the queue is empty.
 * Returns false when the queue is closed and has no items left. */
bool queue_pop(struct queue *q, void **item);

/* Closes the queue: later pushes fail, items already in it can still be
 * popped, and every thread waiting in queue_push or queue_pop wakes up. */
void queue_close(struct queue *q);

#endif
