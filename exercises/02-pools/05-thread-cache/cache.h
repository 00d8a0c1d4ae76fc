/*
 * cache.h - a per-thread cache in front of a shared pool. Lesson 2, step 5.
 *
 * Each thread keeps up to CACHE_SIZE free objects of its own: most gets and
 * puts then touch no lock at all. An object taken with cached_get must be
 * returned with cached_put (by any thread).
 */
#ifndef CACHE_H
#define CACHE_H

#include "pool.h"

enum { CACHE_SIZE = 4 };

struct cached_pool;

/* Puts a per-thread cache in front of `shared`, which must outlive it.
 * Returns NULL with errno set on failure. */
struct cached_pool *cached_pool_create(struct pool *shared);

/* Frees the cache. Every thread that used it must have exited (their
 * caches went back to the shared pool then). */
void cached_pool_destroy(struct cached_pool *c);

/* Takes an object: from this thread's cache, or from the shared pool when
 * the cache is empty. NULL when both are empty. */
void *cached_get(struct cached_pool *c);

/* Returns an object: into this thread's cache, or to the shared pool when
 * the cache is full. */
void cached_put(struct cached_pool *c, void *object);

#endif
