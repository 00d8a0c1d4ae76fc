/*
 * pool-test.h - what every Lesson 2 test driver needs besides the harness:
 * a pool that is created or the test fails.
 */
#ifndef POOL_TEST_H
#define POOL_TEST_H

#include <errno.h>
#include <string.h>

#include "harness.h"
#include "pool.h"

static inline struct pool *create_or_fail(size_t size, size_t count)
{
	struct pool *p = pool_create(size, count);
	expect(p != NULL, "pool_create(%zu, %zu) returned NULL (%s)", size, count, strerror(errno));
	return p;
}

#endif
