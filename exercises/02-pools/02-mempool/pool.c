/*
 * pool.c - a fixed-size object pool, about to be taught to Memcheck.
 *
 * Goal: Memcheck must see an object used after it went back to the pool,
 * exactly as it sees memory used after free(). Then fix what it finds in
 * greeting.c. Read lessons/02-pools/02-mempool.md, then run
 * `make grade EX=2.2`.
 */
#include "pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/*
 * The free objects are kept in a stack of pointers beside the block, not
 * threaded through the objects: the pool itself never touches an object
 * that is not in use.
 */
struct pool {
	pthread_mutex_t lock;       /* guards free and available */
	unsigned char *block;       /* all objects, one after another */
	size_t size;                /* what the caller asked for, per object */
	void **free;                /* free[0 .. available-1]: the free objects */
	size_t available;
};

/* Each object's size, rounded up so that every object is aligned for any
 * type. */
static size_t stride_for(size_t size)
{
	size_t align = alignof(max_align_t);
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
	p->free = calloc(count, sizeof *p->free);
	if (p->free == NULL)
		goto err_free_block;
	int err = pthread_mutex_init(&p->lock, NULL);
	if (err != 0) {
		errno = err;
		goto err_free_stack;
	}
	for (size_t i = 0; i < count; i++)
		p->free[i] = p->block + (count - 1 - i) * stride;
	p->size = size;
	p->available = count;
	return p;

err_free_stack:
	free(p->free);
err_free_block:
	free(p->block);
err_free_pool:
	free(p);
	return NULL;
}

void pool_destroy(struct pool *p)
{
	pthread_mutex_destroy(&p->lock);
	free(p->free);
	free(p->block);
	free(p);
}

void *pool_get(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	void *object = p->available > 0 ? p->free[--p->available] : NULL;
	pthread_mutex_unlock(&p->lock);
	return object;
}

void pool_put(struct pool *p, void *object)
{
	pthread_mutex_lock(&p->lock);
	p->free[p->available++] = object;
	pthread_mutex_unlock(&p->lock);
}

size_t pool_available(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	size_t available = p->available;
	pthread_mutex_unlock(&p->lock);
	return available;
}
