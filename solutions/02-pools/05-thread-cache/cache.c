/*
 * cache.c - a per-thread cache of pool objects, kept in thread-specific data
 * (reference solution, step 2.5).
 *
 * A thread can end at any moment, holding objects in its cache: the key's
 * destructor, which runs as each thread exits, hands them back to the
 * shared pool and frees the cache.
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

/* Runs at the exit of every thread that has a cache (not for the main
 * thread: destructors never run for it). */
static void return_cache(void *value)
{
	struct thread_cache *cache = value;
	for (size_t i = 0; i < cache->count; i++)
		pool_put(cache->owner->shared, cache->objects[i]);
	free(cache);
}

struct cached_pool *cached_pool_create(struct pool *shared)
{
	struct cached_pool *c = malloc(sizeof *c);
	if (c == NULL)
		return NULL;
	c->shared = shared;
	int err = pthread_key_create(&c->key, return_cache);
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
