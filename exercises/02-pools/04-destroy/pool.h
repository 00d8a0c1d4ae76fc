/*
 * pool.h - a fixed-size object pool that never runs dry: when its own
 * objects are all taken, it lends new ones from malloc. Lesson 2, step 4.
 *
 * The caller must return every object it took, pool or overflow alike,
 * before destroying the pool.
 */
#ifndef POOL_H
#define POOL_H

#include <stddef.h>

struct pool;

/* Returns a pool of `count` objects of `size` bytes each (both at least 1),
 * suitably aligned for any type, or NULL with errno set. */
struct pool *pool_create(size_t size, size_t count);

/* Frees the pool and its objects. Returns how many objects were still out
 * (taken and not returned); 0 for a caller that kept the rules. Objects
 * still out are not freed: the pool cannot know whether they are in use. */
size_t pool_destroy(struct pool *p);

/* Takes a free object; when the pool has none left, a new "overflow" object
 * from malloc, so that a burst of demand never fails. Returns NULL only
 * when malloc fails. Its contents are unspecified. */
void *pool_get(struct pool *p);

/* Returns an object taken from this pool, from its block or an overflow
 * one. Using it afterwards is a bug. */
void pool_put(struct pool *p, void *object);

/* How many objects are free in the pool right now. */
size_t pool_available(struct pool *p);

/* How many objects are out: taken and not yet returned, overflow ones
 * included. */
size_t pool_outstanding(struct pool *p);

#endif
