/*
 * Test driver for 2.4, destroying a pool that lends overflow objects.
 *
 *   driver overflow | burst-and-destroy | destroy-reports | two-threads
 *
 * "overflow" takes more objects than the pool has, returns them all and
 * checks the books: nothing may be left outstanding. "burst-and-destroy"
 * does the same under Memcheck, whose leak check requires every overflow
 * object to have been freed by the time the pool is destroyed.
 */
#include <stdio.h>

#include "pool-test.h"

enum { SIZE = 16 };

static void overflow(void)
{
	struct pool *p = create_or_fail(SIZE, 3);
	void *objects[5];
	for (int i = 0; i < 5; i++) {
		objects[i] = pool_get(p);
		expect(objects[i] != NULL, "pool_get returned NULL for object %d although malloc had memory", i + 1);
		memset(objects[i], i, SIZE);
		for (int j = 0; j < i; j++)
			expect(objects[i] != objects[j], "pool_get returned the same object twice");
	}
	expect(pool_outstanding(p) == 5, "pool_outstanding is %zu with five objects out", pool_outstanding(p));
	for (int i = 0; i < 5; i++)
		pool_put(p, objects[i]);
	expect(pool_outstanding(p) == 0,
	       "all five objects (three from the pool, two overflow ones) were returned, yet "
	       "pool_outstanding is %zu: the pool lost track of the ones it lent from malloc.",
	       pool_outstanding(p));
	expect(pool_available(p) == 3, "pool_available is %zu; the pool's three objects are all back", pool_available(p));
	size_t still_out = pool_destroy(p);
	expect(still_out == 0, "pool_destroy said %zu objects were still out after all were returned", still_out);
}

/* The Memcheck workload: a burst past the pool's size, everything returned,
 * the pool destroyed. No assertions on the books here: Memcheck's leak
 * check is the verdict. */
static void burst_and_destroy(void)
{
	struct pool *p = create_or_fail(SIZE, 3);
	void *objects[5];
	for (int i = 0; i < 5; i++) {
		objects[i] = pool_get(p);
		expect(objects[i] != NULL, "pool_get returned NULL although malloc had memory");
	}
	for (int i = 0; i < 5; i++)
		pool_put(p, objects[i]);
	(void)pool_destroy(p);
}

static void destroy_reports(void)
{
	struct pool *p = create_or_fail(SIZE, 2);
	void *kept = pool_get(p);
	expect(kept != NULL, "pool_get returned NULL from a new pool");
	size_t still_out = pool_destroy(p);
	expect(still_out == 1, "pool_destroy said %zu objects were out; one was never returned", still_out);
}

enum { ROUNDS = 10, TAKE = 3 };

static void *burst(void *arg)
{
	struct pool *p = arg;
	for (int round = 0; round < ROUNDS; round++) {
		void *objects[TAKE];
		for (int i = 0; i < TAKE; i++) {
			objects[i] = pool_get(p);
			expect(objects[i] != NULL, "pool_get returned NULL in a burst");
			memset(objects[i], round, SIZE);
		}
		for (int i = 0; i < TAKE; i++)
			pool_put(p, objects[i]);
	}
	return NULL;
}

static void two_threads(void)
{
	struct pool *p = create_or_fail(SIZE, 4);
	pthread_t a = spawn(burst, p), b = spawn(burst, p);
	join(a);
	join(b);
	size_t still_out = pool_destroy(p);
	expect(still_out == 0, "pool_destroy said %zu objects were still out after both threads returned all", still_out);
}

static const struct scenario scenarios[] = {
	{ "overflow", overflow },
	{ "burst-and-destroy", burst_and_destroy },
	{ "destroy-reports", destroy_reports },
	{ "two-threads", two_threads },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return run_scenario(argc, argv, scenarios);
}
