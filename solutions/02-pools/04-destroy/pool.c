/*
 * pool.c - a pool that lends overflow objects when it runs dry (reference
 * solution, step 2.4).
 *
 * Whoever allocates must make sure something frees: an overflow object is
 * malloc'd by pool_get, so pool_put, the one place every object comes back
 * to, frees it. The outstanding count covers both kinds, so pool_destroy
 * can tell a caller who still holds objects.
 */
#include "pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <valgrind/memcheck.h>

struct pool {
	pthread_mutex_t lock;       /* guards free, available and outstanding */
	unsigned char *block;       /* the pool's own objects, one after another */
	size_t size, stride, count;
	void **free;                /* free[0 .. available-1]: the free objects */
	size_t available;
	size_t outstanding;         /* taken and not returned, overflow included */
};

static size_t stride_for(size_t size)
{
	size_t align = alignof(max_align_t);
	return (size + align - 1) / align * align;
}

/* Whether an object is one of the block's, as opposed to an overflow one.
 * Addresses are compared as integers: < between pointers into different
 * objects is undefined in C. */
static bool from_block(const struct pool *p, const void *object)
{
	uintptr_t start = (uintptr_t)p->block, at = (uintptr_t)object;
	return at >= start && at < start + p->stride * p->count;
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
	p->stride = stride;
	p->count = count;
	p->available = count;
	VALGRIND_CREATE_MEMPOOL(p->block, 0, 0);
	VALGRIND_MAKE_MEM_NOACCESS(p->block, stride * count);
	return p;

err_free_stack:
	free(p->free);
err_free_block:
	free(p->block);
err_free_pool:
	free(p);
	return NULL;
}

size_t pool_destroy(struct pool *p)
{
	size_t still_out = p->outstanding;
	VALGRIND_DESTROY_MEMPOOL(p->block);
	pthread_mutex_destroy(&p->lock);
	free(p->free);
	free(p->block);
	free(p);
	return still_out;
}

void *pool_get(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	void *object = p->available > 0 ? p->free[--p->available] : NULL;
	p->outstanding++;
	pthread_mutex_unlock(&p->lock);
	if (object != NULL) {
		VALGRIND_MEMPOOL_ALLOC(p->block, object, p->size);
		return object;
	}
	/* Dry: lend an overflow object rather than fail. */
	object = malloc(p->stride);
	if (object == NULL) {
		pthread_mutex_lock(&p->lock);
		p->outstanding--;
		pthread_mutex_unlock(&p->lock);
	}
	return object;
}

void pool_put(struct pool *p, void *object)
{
	if (from_block(p, object)) {
		VALGRIND_MEMPOOL_FREE(p->block, object);
		pthread_mutex_lock(&p->lock);
		p->free[p->available++] = object;
	} else {
		/* An overflow object came from malloc: it goes back to malloc.
		 * Nothing else would ever free it. */
		free(object);
		pthread_mutex_lock(&p->lock);
	}
	p->outstanding--;
	pthread_mutex_unlock(&p->lock);
}

size_t pool_available(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	size_t available = p->available;
	pthread_mutex_unlock(&p->lock);
	return available;
}

size_t pool_outstanding(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	size_t outstanding = p->outstanding;
	pthread_mutex_unlock(&p->lock);
	return outstanding;
}
