/*
 * pool.h - a fixed-size object pool: many threads take objects from it and
 * give them back, and no object is ever allocated twice. Lesson 2, step 5.
 *
 * All objects come from one allocation made by pool_create; taking and
 * returning them costs no trip to malloc. The caller must return every
 * object it took before destroying the pool.
 */
#ifndef POOL_H
#define POOL_H

#include <stddef.h>

struct pool;

/* Returns a pool of `count` objects of `size` bytes each (both at least 1),
 * suitably aligned for any type, or NULL with errno set. */
struct pool *pool_create(size_t size, size_t count);

/* Frees the pool and every object in it. No thread may use it afterwards. */
void pool_destroy(struct pool *p);

/* Takes a free object out of the pool, or returns NULL when none is left.
 * Its contents are unspecified. */
void *pool_get(struct pool *p);

/* Returns an object taken from this pool. Using it afterwards is a bug. */
void pool_put(struct pool *p, void *object);

/* How many objects are free right now (may change as soon as it returns). */
size_t pool_available(struct pool *p);

#endif
