/*
 * collector.c - a thread that gathers an inbox's items into batches (see
 * collector.h).
 *
 * Goal: a collector stopped at any moment gives back everything it held,
 * the inbox's lock included. Read lessons/03-cleanup/04-cancel.md, then
 * run `make grade EX=3.4`.
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

static void *collect(void *arg)
{
	struct collector *c = arg;
	struct inbox *inbox = c->inbox;
	int *batch = malloc(c->batch_size * sizeof *batch);
	if (batch == NULL)
		return (void *)(intptr_t)ENOMEM;

	for (;;) {
		pthread_mutex_lock(&inbox->lock);
		while (inbox->count == 0 && !inbox->closed)
			pthread_cond_wait(&inbox->changed, &inbox->lock);
		size_t n = take(inbox, batch, c->batch_size);
		pthread_mutex_unlock(&inbox->lock);
		if (n == 0)
			break;  /* closed, and nothing left */
		c->deliver(batch, n, c->arg);
	}
	free(batch);
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
