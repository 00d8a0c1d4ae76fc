/*
 * Test driver for 4.1, waking every worker at shutdown.
 *
 *   driver wake-idle | wake-submitters | drain | workload
 *
 * "wake-idle" shuts down a pool whose three workers all wait for work:
 * each of them must wake, see that the pool is stopping, and end, or the
 * join in workpool_shutdown waits for ever. "wake-submitters" does the
 * same for two submitters waiting for room in a full queue; its one
 * worker is kept busy until both have returned, because workpool_shutdown
 * frees the pool once the workers are joined, and a submitter still inside
 * workpool_submit would then use freed memory. "drain" checks that a
 * draining shutdown runs what was queued.
 *
 * "workload" is for Memcheck and Helgrind: two workers, a queue that fills
 * up, then a draining shutdown. At that shutdown both workers are busy (in
 * a task that waits for a gate), so a pool that wakes only one waiter does
 * not hang there: these two checks judge memory and locking only.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>

#include "workpool-test.h"

enum { IDLE_WORKERS = 3 };

static void wake_idle(void)
{
	struct workpool *pool = create_or_fail(IDLE_WORKERS, 4);
	harness_await(IDLE_WORKERS, 1);  /* every worker waits for work */
	size_t dropped = workpool_shutdown(pool, WORKPOOL_DRAIN);  /* hangs if a worker sleeps on */
	expect(dropped == 0, "workpool_shutdown dropped %zu tasks from a pool that was never given one", dropped);
}

struct submitter {
	struct workpool *pool;
	atomic_int *runs;
	struct gate *returned;   /* opened once by each submitter, on its way out */
	int err;
};

static void *submit_one(void *data)
{
	struct submitter *s = data;
	s->err = workpool_submit(s->pool, count_run, s->runs);
	gate_open(s->returned);
	return NULL;
}

static void wake_submitters(void)
{
	atomic_int runs = 0;
	struct gate returned;
	gate_init(&returned, 2);
	struct workpool *pool = create_or_fail(1, 1);
	harness_await(1, 1);             /* the worker waits for work */
	submit_or_fail(pool, wait_at_gate, &returned);
	harness_await(1, 1);             /* the worker runs it, and waits at the gate */
	submit_or_fail(pool, count_run, &runs);  /* the queue is full */

	struct submitter s[2];
	pthread_t t[2];
	for (int i = 0; i < 2; i++) {
		s[i] = (struct submitter){ .pool = pool, .runs = &runs, .returned = &returned };
		t[i] = spawn(submit_one, &s[i]);
		harness_await(2 + i, 1);     /* ... and submitter i waits for room */
	}

	/* The worker's task ends once both submitters have returned. */
	size_t dropped = workpool_shutdown(pool, WORKPOOL_DISCARD);
	for (int i = 0; i < 2; i++) {
		join(t[i]);
		expect(s[i].err == ESHUTDOWN,
		       "a submitter waiting for room when the pool shut down got %d (%s) from workpool_submit, not ESHUTDOWN",
		       s[i].err, strerror(s[i].err));
	}
	expect(dropped == 1, "workpool_shutdown(WORKPOOL_DISCARD) said it dropped %zu tasks; one was queued", dropped);
	expect(atomic_load(&runs) == 0, "a task ran after a discarding shutdown, or after workpool_submit said ESHUTDOWN");
	gate_destroy(&returned);
}

enum { DRAIN_WORKERS = 3, DRAIN_TASKS = 4 };

static void drain(void)
{
	atomic_int runs = 0;
	struct gate gate;
	gate_init(&gate, 1);
	struct workpool *pool = create_or_fail(DRAIN_WORKERS, DRAIN_TASKS);
	for (int i = 0; i < DRAIN_WORKERS; i++)
		submit_or_fail(pool, wait_at_gate, &gate);
	harness_await(DRAIN_WORKERS, 1); /* every worker is busy at the gate */
	for (int i = 0; i < DRAIN_TASKS; i++)
		submit_or_fail(pool, count_run, &runs);

	/* Open the gate once shutdown has begun, right after it unlocks. */
	harness_after_next_unlock(gate_open, &gate);
	size_t dropped = workpool_shutdown(pool, WORKPOOL_DRAIN);
	expect(dropped == 0, "workpool_shutdown(WORKPOOL_DRAIN) said it dropped %zu tasks; it must run them all", dropped);
	int ran = atomic_load(&runs);
	expect(ran == DRAIN_TASKS,
	       "%d tasks were queued when workpool_shutdown(WORKPOOL_DRAIN) was called, and %d of them ran: a draining shutdown runs them all before the workers end",
	       DRAIN_TASKS, ran);
	gate_destroy(&gate);
}

enum { WORK_WORKERS = 2, FIRST_TASKS = 6, LAST_TASKS = 2 };

static void workload(void)
{
	atomic_int runs = 0;
	struct gate gate;
	gate_init(&gate, 1);
	struct workpool *pool = create_or_fail(WORK_WORKERS, 2);
	for (int i = 0; i < FIRST_TASKS; i++)    /* the queue fills up: submit waits */
		submit_or_fail(pool, count_run, &runs);
	for (int i = 0; i < WORK_WORKERS; i++)   /* each worker ends up at the gate */
		submit_or_fail(pool, wait_at_gate, &gate);
	for (int i = 0; i < LAST_TASKS; i++)
		submit_or_fail(pool, count_run, &runs);
	harness_await(WORK_WORKERS, 1);
	harness_after_next_unlock(gate_open, &gate);
	size_t dropped = workpool_shutdown(pool, WORKPOOL_DRAIN);
	expect(dropped == 0, "workpool_shutdown(WORKPOOL_DRAIN) said it dropped %zu tasks", dropped);
	expect(atomic_load(&runs) == FIRST_TASKS + LAST_TASKS, "%d of %d tasks ran",
	       atomic_load(&runs), FIRST_TASKS + LAST_TASKS);
	gate_destroy(&gate);
}

static const struct scenario scenarios[] = {
	{ "wake-idle", wake_idle },
	{ "wake-submitters", wake_submitters },
	{ "drain", drain },
	{ "workload", workload },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return run_scenario(argc, argv, scenarios);
}
