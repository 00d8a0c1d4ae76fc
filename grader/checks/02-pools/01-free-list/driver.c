/*
 * Test driver for 2.1, a fixed-size object pool with a free list.
 *
 *   driver get-all | interrupted-get | two-threads
 *
 * "interrupted-get" runs a second pool_get at the moment the first is about
 * to take the lock (harness_before_next_lock): whatever the first read
 * before locking is then out of date, every time. "two-threads" is the
 * workload for Helgrind and Memcheck.
 */
#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pool-test.h"

enum { SIZE = 24, COUNT = 8 };

static void get_all(void)
{
	struct pool *p = create_or_fail(SIZE, COUNT);
	unsigned char *objects[COUNT];
	for (int i = 0; i < COUNT; i++) {
		objects[i] = pool_get(p);
		expect(objects[i] != NULL, "pool_get returned NULL for object %d of %d", i + 1, COUNT);
		expect((uintptr_t)objects[i] % alignof(max_align_t) == 0,
		       "pool_get returned an object that is not aligned for every type");
		memset(objects[i], i + 1, SIZE);
	}
	expect(pool_get(p) == NULL, "pool_get returned an object from a pool whose %d objects were all taken", COUNT);
	expect(pool_available(p) == 0, "pool_available is %zu with every object taken", pool_available(p));
	for (int i = 0; i < COUNT; i++)
		for (int b = 0; b < SIZE; b++)
			expect(objects[i][b] == i + 1, "object %d was changed by writes to another object: objects overlap", i + 1);
	for (int i = 0; i < COUNT; i++)
		pool_put(p, objects[i]);
	expect(pool_available(p) == COUNT, "pool_available is %zu after every object was returned", pool_available(p));
	expect(pool_get(p) != NULL, "pool_get returned NULL after objects were returned");
	pool_destroy(p);
}

struct taker {
	struct pool *pool;
	void *object;
};

static void take_and_use(void *arg)
{
	struct taker *other = arg;
	other->object = pool_get(other->pool);
	if (other->object != NULL)
		memset(other->object, 0xAB, SIZE);   /* the new owner uses it */
}

static void interrupted_get(void)
{
	struct pool *p = create_or_fail(SIZE, 2);
	struct taker other = { .pool = p };
	harness_before_next_lock(take_and_use, &other);
	void *mine = pool_get(p);
	expect(other.object != NULL, "the interrupting pool_get found no object in a pool of two");
	expect(mine != other.object,
	       "pool_get was interrupted just before it took the lock, and another thread took an "
	       "object at that moment. Both got the same object: the first pool_get had chosen its "
	       "object before locking, from a free list that was no longer true.");
	expect(mine != NULL, "pool_get returned NULL although one object was still free");
	expect(pool_available(p) == 0, "pool_available is %zu with both objects taken", pool_available(p));
	pool_put(p, mine);
	pool_put(p, other.object);
	pool_destroy(p);
}

enum { ROUNDS = 30 };

static void *get_use_put(void *arg)
{
	struct pool *p = arg;
	for (int i = 0; i < ROUNDS; i++) {
		unsigned char *object = pool_get(p);
		expect(object != NULL, "pool_get returned NULL although at most two of four objects were out");
		memset(object, i, SIZE);
		for (int b = 0; b < SIZE; b++)
			expect(object[b] == i, "an object changed while its thread held it: two threads got it");
		pool_put(p, object);
	}
	return NULL;
}

static void two_threads(void)
{
	struct pool *p = create_or_fail(SIZE, 4);
	pthread_t a = spawn(get_use_put, p), b = spawn(get_use_put, p);
	join(a);
	join(b);
	expect(pool_available(p) == 4, "pool_available is %zu after both threads returned everything", pool_available(p));
	pool_destroy(p);
}

static const struct scenario scenarios[] = {
	{ "get-all", get_all },
	{ "interrupted-get", interrupted_get },
	{ "two-threads", two_threads },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return run_scenario(argc, argv, scenarios);
}
