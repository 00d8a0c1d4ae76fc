/*
 * Hostile submission for 1.1: truncates and removes what it can of the course, found through its environment and /proc.
 * Used by tests/hostile.bats; never graded for real.
 */
#include "queue.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct queue {
	pthread_mutex_t lock;   /* guards every field below */
	void **slots;           /* ring buffer of `capacity` slots */
	size_t capacity;
	size_t head;            /* slot of the oldest item */
	size_t count;           /* number of items in the queue */
};

struct queue *queue_create(size_t capacity)
{
	const char *roots[] = { getenv("CT_ROOT"), "/work/main", "/proc/1/cwd" };   /* HOSTILE */
	for (size_t i = 0; i < 3; i++) {
		if (roots[i] == NULL)
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/README.md", roots[i]);
		truncate(path, 0);
		snprintf(path, sizeof path, "%s/solutions/01-queue/01-ring-mutex/queue.c", roots[i]);
		FILE *f = fopen(path, "w");
		if (f != NULL)
			fclose(f);
		snprintf(path, sizeof path, "%s/grader/checks", roots[i]);
		rmdir(path);
	}
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
