/*
 * Test driver for 2.5, a per-thread cache with thread-specific data.
 *
 *   driver cache-hit | thread-exit | threads
 *
 * "thread-exit" lets worker threads fill their caches and end: everything
 * they cached must be back in the shared pool once they are joined.
 * "threads" is the workload for Memcheck (a cache left behind by an ended
 * thread is a leak) and Helgrind.
 */
#include <stdio.h>

#include "cache.h"
#include "pool-test.h"

enum { SIZE = 32, OBJECTS = 16 };

static struct cached_pool *cached_or_fail(struct pool *shared)
{
	struct cached_pool *c = cached_pool_create(shared);
	expect(c != NULL, "cached_pool_create returned NULL (%s)", strerror(errno));
	return c;
}

struct worker {
	struct cached_pool *cache;
	struct pool *shared;
	size_t shared_after_puts;   /* the shared pool's count, seen by the worker */
};

/* Takes three objects and returns them: all three fit in this thread's
 * cache, so the shared pool does not see them come back. */
static void *take_three(void *arg)
{
	struct worker *w = arg;
	void *objects[3];
	for (int i = 0; i < 3; i++) {
		objects[i] = cached_get(w->cache);
		expect(objects[i] != NULL, "cached_get returned NULL with a pool of %d objects", OBJECTS);
		memset(objects[i], i, SIZE);
	}
	for (int i = 0; i < 3; i++)
		cached_put(w->cache, objects[i]);
	w->shared_after_puts = pool_available(w->shared);
	void *again = cached_get(w->cache);
	expect(again == objects[2], "cached_get did not take the object this thread had just cached");
	cached_put(w->cache, again);
	return NULL;
}

static void cache_hit(void)
{
	struct pool *shared = create_or_fail(SIZE, OBJECTS);
	struct cached_pool *c = cached_or_fail(shared);
	struct worker w = { .cache = c, .shared = shared };
	join(spawn(take_three, &w));
	expect(w.shared_after_puts == OBJECTS - 3,
	       "the shared pool had %zu free objects after the thread's puts; with the three in the "
	       "thread's cache it should have had %d", w.shared_after_puts, OBJECTS - 3);
	cached_pool_destroy(c);
	pool_destroy(shared);
}

static void thread_exit(void)
{
	struct pool *shared = create_or_fail(SIZE, OBJECTS);
	struct cached_pool *c = cached_or_fail(shared);
	struct worker a = { .cache = c, .shared = shared }, b = a;
	pthread_t ta = spawn(take_three, &a), tb = spawn(take_three, &b);
	join(ta);
	join(tb);
	expect(pool_available(shared) == OBJECTS,
	       "both threads ended with three objects in their caches, and afterwards the shared pool "
	       "had %zu of its %d objects: what a thread cached was lost when it exited.",
	       pool_available(shared), OBJECTS);
	cached_pool_destroy(c);
	pool_destroy(shared);
}

/* The workload for Memcheck and Helgrind: the same, checked only by the
 * tools (a lost cache is a leak to Memcheck). */
static void threads(void)
{
	struct pool *shared = create_or_fail(SIZE, OBJECTS);
	struct cached_pool *c = cached_or_fail(shared);
	struct worker a = { .cache = c, .shared = shared }, b = a;
	pthread_t ta = spawn(take_three, &a), tb = spawn(take_three, &b);
	join(ta);
	join(tb);
	cached_pool_destroy(c);
	pool_destroy(shared);
}

static const struct scenario scenarios[] = {
	{ "cache-hit", cache_hit },
	{ "thread-exit", thread_exit },
	{ "threads", threads },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return run_scenario(argc, argv, scenarios);
}
