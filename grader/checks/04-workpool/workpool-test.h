/*
 * workpool-test.h - what every Lesson 4 test driver needs besides the
 * harness: pools that are created or the test fails, and tasks that count.
 */
#ifndef WORKPOOL_TEST_H
#define WORKPOOL_TEST_H

#include <errno.h>
#include <string.h>

#include "harness.h"
#include "workpool.h"

static inline struct workpool *create_or_fail(int workers, size_t capacity)
{
	struct workpool *pool = workpool_create(workers, capacity);
	expect(pool != NULL, "workpool_create(%d, %zu) returned NULL (%s)", workers, capacity, strerror(errno));
	return pool;
}

static inline void submit_or_fail(struct workpool *pool, void (*run)(void *), void *arg)
{
	int err = workpool_submit(pool, run, arg);
	expect(err == 0, "workpool_submit failed (%s) on a running pool", strerror(err));
}

/* A task that counts its runs. The counter is atomic: tasks run on
 * several workers at once, and the test must not add a race of its own. */
static inline void count_run(void *counter)
{
	atomic_fetch_add((atomic_int *)counter, 1);
}

#endif
