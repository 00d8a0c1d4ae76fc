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

/*
 * A gate: tasks that wait at it (wait_at_gate) keep their worker busy until
 * the test opens it, with `needed` calls of gate_open (1 for most tests).
 * Its condition variable goes through the harness like the pool's, so a
 * worker waiting here counts for harness_await.
 */
struct gate {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	int opened;         /* gate_open calls so far */
	int needed;         /* gate_open calls that open the gate */
	atomic_int passed;  /* tasks that went through and returned */
};

static inline void gate_init(struct gate *gate, int needed)
{
	pthread_mutex_init(&gate->lock, NULL);
	pthread_cond_init(&gate->changed, NULL);
	gate->opened = 0;
	gate->needed = needed;
	atomic_init(&gate->passed, 0);
}

static inline void gate_destroy(struct gate *gate)
{
	pthread_cond_destroy(&gate->changed);
	pthread_mutex_destroy(&gate->lock);
}

/* One call towards opening the gate; calls past `needed` do no harm. Its
 * signature fits the harness's hooks (harness_after_next_unlock,
 * harness_before_next_join). */
static inline void gate_open(void *data)
{
	struct gate *gate = data;
	pthread_mutex_lock(&gate->lock);
	gate->opened++;
	pthread_cond_broadcast(&gate->changed);
	pthread_mutex_unlock(&gate->lock);
}

/* A task that keeps its worker until the gate opens. */
static inline void wait_at_gate(void *data)
{
	struct gate *gate = data;
	pthread_mutex_lock(&gate->lock);
	while (gate->opened < gate->needed)
		pthread_cond_wait(&gate->changed, &gate->lock);
	pthread_mutex_unlock(&gate->lock);
	atomic_fetch_add(&gate->passed, 1);
}

#endif
