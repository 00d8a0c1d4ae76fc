/*
 * cache.c - a per-thread cache of pool objects, kept in thread-specific data.
 *
 * Goal: when a thread ends, nothing it cached may be lost: not its objects,
 * not the cache itself. Read lessons/02-pools/05-thread-cache.md, then run
 * `make grade EX=2.5`.
 */
#include "cache.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

struct cached_pool {
	struct pool *shared;
	pthread_key_t key;          /* each thread's struct thread_cache */
};

/* One thread's cache: only that thread touches it, so it needs no lock. */
struct thread_cache {
	struct cached_pool *owner;
	void *objects[CACHE_SIZE];
	size_t count;
};

struct cached_pool *cached_pool_create(struct pool *shared)
{
	struct cached_pool *c = malloc(sizeof *c);
	if (c == NULL)
		return NULL;
	c->shared = shared;
	/* A thread's cache lives exactly as long as the thread. */
	int err = pthread_key_create(&c->key, NULL);
	if (err != 0) {
		free(c);
		errno = err;
		return NULL;
	}
	return c;
}

void cached_pool_destroy(struct cached_pool *c)
{
	pthread_key_delete(c->key);
	free(c);
}

/* This thread's cache, made on its first use; NULL if malloc fails. */
static struct thread_cache *my_cache(struct cached_pool *c)
{
	struct thread_cache *cache = pthread_getspecific(c->key);
	if (cache == NULL) {
		cache = calloc(1, sizeof *cache);
		if (cache == NULL)
			return NULL;
		cache->owner = c;
		if (pthread_setspecific(c->key, cache) != 0) {
			free(cache);
			return NULL;
		}
	}
	return cache;
}

void *cached_get(struct cached_pool *c)
{
	struct thread_cache *cache = my_cache(c);
	if (cache != NULL && cache->count > 0)
		return cache->objects[--cache->count];
	return pool_get(c->shared);
}

void cached_put(struct cached_pool *c, void *object)
{
	struct thread_cache *cache = my_cache(c);
	if (cache != NULL && cache->count < CACHE_SIZE)
		cache->objects[cache->count++] = object;
	else
		pool_put(c->shared, object);
}
