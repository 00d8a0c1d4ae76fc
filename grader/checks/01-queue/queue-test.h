/*
 * queue-test.h - what every Lesson 1 test driver needs besides the harness:
 * small numbers as items, and a queue that is created or the test fails.
 */
#ifndef QUEUE_TEST_H
#define QUEUE_TEST_H

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "harness.h"
#include "queue.h"

/* Items are small numbers dressed as pointers: easy to check, nothing to free. */
#define ITEM(n) ((void *)(uintptr_t)(n))
#define VALUE(p) ((unsigned)(uintptr_t)(p))

static inline struct queue *create_or_fail(size_t capacity)
{
	struct queue *q = queue_create(capacity);
	expect(q != NULL, "queue_create(%zu) returned NULL (%s)", capacity, strerror(errno));
	return q;
}

#endif
