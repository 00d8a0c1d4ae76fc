/*
 * collector.c - a thread that gathers an inbox's items into batches
 * (reference solution, step 3.4).
 *
 * collector_stop cancels the thread, and a cancelled thread does not
 * return: it unwinds from whichever cancellation point it was in, and the
 * only code that runs on the way out is its cleanup handlers. So whatever
 * the thread holds across a cancellation point is covered by a handler,
 * pushed right after it is taken and popped (and run) where it is given
 * back. pthread_cond_wait is such a point, and a thread cancelled there
 * holds the mutex again before its handlers run.
 */
#include "collector.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

int inbox_init(struct inbox *inbox)
{
	int err = pthread_mutex_init(&inbox->lock, NULL);
	if (err != 0)
		return err;
	err = pthread_cond_init(&inbox->changed, NULL);
	if (err != 0) {
		pthread_mutex_destroy(&inbox->lock);
		return err;
	}
	inbox->head = 0;
	inbox->count = 0;
	inbox->closed = false;
	return 0;
}

int inbox_post(struct inbox *inbox, int item)
{
	int result = -1;
	pthread_mutex_lock(&inbox->lock);
	if (!inbox->closed && inbox->count < INBOX_CAPACITY) {
		inbox->items[(inbox->head + inbox->count) % INBOX_CAPACITY] = item;
		inbox->count++;
		pthread_cond_signal(&inbox->changed);
		result = 0;
	}
	pthread_mutex_unlock(&inbox->lock);
	return result;
}

void inbox_close(struct inbox *inbox)
{
	pthread_mutex_lock(&inbox->lock);
	inbox->closed = true;
	pthread_cond_broadcast(&inbox->changed);
	pthread_mutex_unlock(&inbox->lock);
}

void inbox_destroy(struct inbox *inbox)
{
	pthread_cond_destroy(&inbox->changed);
	pthread_mutex_destroy(&inbox->lock);
}

/* Moves up to `room` items from the inbox into batch. Needs the lock. */
static size_t take(struct inbox *inbox, int *batch, size_t room)
{
	size_t n = 0;
	while (n < room && inbox->count > 0) {
		batch[n++] = inbox->items[inbox->head];
		inbox->head = (inbox->head + 1) % INBOX_CAPACITY;
		inbox->count--;
	}
	return n;
}

/* Cleanup handlers: they run when the thread is cancelled in between the
 * push and the pop, and at the pop, which passes 1. */
static void unlock_inbox(void *inbox)
{
	pthread_mutex_unlock(&((struct inbox *)inbox)->lock);
}

static void free_batch(void *batch)
{
	free(batch);
}

static void *collect(void *arg)
{
	struct collector *c = arg;
	struct inbox *inbox = c->inbox;
	int *batch = malloc(c->batch_size * sizeof *batch);
	if (batch == NULL)
		return (void *)(intptr_t)ENOMEM;

	/* The batch lives until the thread ends, however it ends. deliver
	 * may contain cancellation points too (printf, a write): this covers
	 * them as well. */
	pthread_cleanup_push(free_batch, batch);
	for (;;) {
		size_t n;  /* outside the push/pop pair, which is a block of its own */
		pthread_mutex_lock(&inbox->lock);
		/* Pushed only once the lock is held, popped where it is let go:
		 * cancelled anywhere else (in deliver), the thread does not
		 * hold the lock, and the handler must not unlock it. */
		pthread_cleanup_push(unlock_inbox, inbox);
		while (inbox->count == 0 && !inbox->closed)
			pthread_cond_wait(&inbox->changed, &inbox->lock);
		n = take(inbox, batch, c->batch_size);
		pthread_cleanup_pop(1);  /* unlocks */
		if (n == 0)
			break;  /* closed, and nothing left */
		c->deliver(batch, n, c->arg);
	}
	pthread_cleanup_pop(1);  /* frees the batch */
	return NULL;
}

int collector_start(struct collector *c)
{
	return pthread_create(&c->thread, NULL, collect, c);
}

int collector_finish(struct collector *c)
{
	inbox_close(c->inbox);
	void *result;
	pthread_join(c->thread, &result);
	return (int)(intptr_t)result;
}

void collector_stop(struct collector *c)
{
	pthread_cancel(c->thread);
	pthread_join(c->thread, NULL);
}
