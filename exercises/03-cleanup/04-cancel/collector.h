/*
 * collector.h - a thread that gathers the numbers posted to an inbox into
 * batches, and hands each batch to a callback. Lesson 3, step 4.
 *
 * Producers post to the inbox; one collector thread takes what has
 * arrived, up to a batch at a time, and delivers it outside the lock, so
 * that a slow consumer never holds the producers up.
 */
#ifndef COLLECTOR_H
#define COLLECTOR_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

enum { INBOX_CAPACITY = 16 };

struct inbox {
	pthread_mutex_t lock;     /* guards everything below */
	pthread_cond_t changed;   /* an item arrived, or the inbox closed */
	int items[INBOX_CAPACITY];
	size_t head, count;       /* items[head], ... (wrapping): oldest first */
	bool closed;              /* no more posts; the collector drains and ends */
};

/* 0, or an error number from pthread_mutex_init / pthread_cond_init. */
int inbox_init(struct inbox *inbox);

/* Adds an item. 0, or -1 if the inbox is full or closed. */
int inbox_post(struct inbox *inbox, int item);

/* No more posts: the collector delivers what is left, then ends. */
void inbox_close(struct inbox *inbox);

/* Only once no collector uses the inbox any more. */
void inbox_destroy(struct inbox *inbox);

/* Called on the collector thread with 1 to batch_size items, oldest first.
 * The items belong to the collector: copy what you want to keep. */
typedef void deliver_fn(const int *items, size_t count, void *arg);

struct collector {
	struct inbox *inbox;
	size_t batch_size;        /* at least 1 */
	deliver_fn *deliver;
	void *arg;                /* passed to deliver */
	pthread_t thread;
};

/* Starts the collector thread; fill in the fields above first. 0, or an
 * error number from pthread_create. */
int collector_start(struct collector *c);

/* Closes the inbox and waits for the collector to deliver everything in
 * it and end. 0, or ENOMEM if it could not allocate its batch (then it
 * delivered nothing). */
int collector_finish(struct collector *c);

/* Stops the collector now, wherever it is, and waits until it has ended:
 * items still in the inbox stay there. Afterwards the inbox can be used
 * as before, by a new collector for instance, or destroyed. */
void collector_stop(struct collector *c);

#endif
