/*
 * pool.c - a fixed-size object pool with a free list behind a mutex
 * (reference solution, step 2.1).
 *
 * Looking at the top of the free list and taking it are one decision, so
 * they happen in one critical section: a pointer read before the lock may
 * already belong to another thread by the time the lock is ours.
 */
#include "pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* A free object holds the link to the next free one: the free list costs
 * no memory beyond the objects themselves. */
struct free_object {
	struct free_object *next;
};

struct pool {
	pthread_mutex_t lock;             /* guards free_list and available */
	struct free_object *free_list;    /* the free objects, newest first */
	size_t available;
	unsigned char *block;             /* all objects, one after another */
};

/* Each object's size, rounded up so that every object is aligned for any
 * type and can hold the free-list link. */
static size_t stride_for(size_t size)
{
	size_t align = alignof(max_align_t);
	if (size < sizeof(struct free_object))
		size = sizeof(struct free_object);
	return (size + align - 1) / align * align;
}

struct pool *pool_create(size_t size, size_t count)
{
	if (size == 0 || count == 0) {
		errno = EINVAL;
		return NULL;
	}
	size_t stride = stride_for(size);
	if (count > SIZE_MAX / stride) {
		errno = ENOMEM;
		return NULL;
	}
	struct pool *p = calloc(1, sizeof *p);
	if (p == NULL)
		return NULL;
	p->block = malloc(stride * count);
	if (p->block == NULL)
		goto err_free_pool;
	int err = pthread_mutex_init(&p->lock, NULL);
	if (err != 0) {
		errno = err;
		goto err_free_block;
	}
	/* Thread the free list through the objects, first object on top. */
	for (size_t i = count; i-- > 0;) {
		struct free_object *object = (struct free_object *)(p->block + i * stride);
		object->next = p->free_list;
		p->free_list = object;
	}
	p->available = count;
	return p;

err_free_block:
	free(p->block);
err_free_pool:
	free(p);
	return NULL;
}

void pool_destroy(struct pool *p)
{
	pthread_mutex_destroy(&p->lock);
	free(p->block);
	free(p);
}

void *pool_get(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	struct free_object *object = p->free_list;
	if (object != NULL) {
		p->free_list = object->next;
		p->available--;
	}
	pthread_mutex_unlock(&p->lock);
	return object;
}

void pool_put(struct pool *p, void *object)
{
	struct free_object *freed = object;
	pthread_mutex_lock(&p->lock);
	freed->next = p->free_list;
	p->free_list = freed;
	p->available++;
	pthread_mutex_unlock(&p->lock);
}

size_t pool_available(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	size_t available = p->available;
	pthread_mutex_unlock(&p->lock);
	return available;
}
