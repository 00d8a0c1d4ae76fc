/*
 * queue.h - a fixed-capacity FIFO queue of pointers that several threads
 * may use at once. Lesson 1, step 1.
 *
 * The queue stores pointers; it never owns, copies or frees what they point
 * to: the caller owns every item. The queue's fields are private to
 * queue.c, so each step can change them without changing this interface.
 */
#ifndef QUEUE_H
#define QUEUE_H

#include <stdbool.h>
#include <stddef.h>

struct queue;

/* Returns a new, empty queue that holds up to `capacity` items (at least
 * 1), or NULL with errno set. The caller frees it with queue_destroy. */
struct queue *queue_create(size_t capacity);

/* Frees the queue. No thread may be using it, now or later. */
void queue_destroy(struct queue *q);

/* Appends item at the back. Returns false, and changes nothing, when full. */
bool queue_try_push(struct queue *q, void *item);

/* Removes the front item into *item. Returns false when empty. */
bool queue_try_pop(struct queue *q, void **item);

/* The number of items right now (may change as soon as it returns). */
size_t queue_length(struct queue *q);

#endif
