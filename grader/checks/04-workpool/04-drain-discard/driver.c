/*
 * Test driver for 4.4, what a shutdown does with the tasks still queued.
 *
 *   driver drain | discard | late-submit
 *
 * Every scenario builds the same busy pool: each worker runs a task of the
 * test's that waits at a gate, and QUEUED more tasks wait in the queue
 * behind them. Then the pool is shut down, and the gate opens right after
 * workpool_shutdown's first unlock: by then the shutdown has begun and has
 * dealt with the queue, so every queued task is still queued at that
 * moment, every run.
 *
 * "drain" shuts down with WORKPOOL_DRAIN: every queued task must run, and
 * none is dropped. "discard" shuts down with WORKPOOL_DISCARD: none of the
 * queued tasks may run, the count of dropped ones must be QUEUED, and
 * (under Memcheck) their records must be freed. "late-submit" submits one
 * more task right after the shutdown has begun, on the main thread inside
 * workpool_shutdown (the pool is not freed yet then): the answer must be
 * ESHUTDOWN and the task must never run.
 */
#define _POSIX_C_SOURCE 200809L
#include "workpool-test.h"

enum { WORKERS = 2, QUEUED = 3 };

struct busy_pool {
	struct workpool *pool;
	struct gate gate;
	atomic_int runs;       /* queued tasks that ran */
	bool submit_late;      /* submit one more once shutdown has begun */
	atomic_int late_runs;  /* that task's runs */
	int late_err;          /* what workpool_submit said to it */
};

/* Every worker busy at the gate, QUEUED tasks waiting behind them. */
static void fill(struct busy_pool *b)
{
	gate_init(&b->gate, 1);
	atomic_init(&b->runs, 0);
	atomic_init(&b->late_runs, 0);
	b->pool = create_or_fail(WORKERS, QUEUED);
	for (int i = 0; i < WORKERS; i++)
		submit_or_fail(b->pool, wait_at_gate, &b->gate);
	harness_await(WORKERS, 1);  /* every worker waits at the gate */
	for (int i = 0; i < QUEUED; i++)
		submit_or_fail(b->pool, count_run, &b->runs);
}

/* Runs on the main thread right after workpool_shutdown's first unlock:
 * shutdown has begun, and the pool is not freed before the workers end,
 * which they cannot do before the gate opens. */
static void shutdown_has_begun(void *data)
{
	struct busy_pool *b = data;
	if (b->submit_late)
		b->late_err = workpool_submit(b->pool, count_run, &b->late_runs);
	gate_open(&b->gate);
}

static size_t shut_down(struct busy_pool *b, enum workpool_stop how)
{
	harness_after_next_unlock(shutdown_has_begun, b);
	size_t dropped = workpool_shutdown(b->pool, how);
	gate_destroy(&b->gate);
	return dropped;
}

static void drain(void)
{
	struct busy_pool b = { .submit_late = false };
	fill(&b);
	size_t dropped = shut_down(&b, WORKPOOL_DRAIN);
	int ran = atomic_load(&b.runs);
	expect(ran == QUEUED,
	       "%d tasks were queued when workpool_shutdown(WORKPOOL_DRAIN) was called, and %d of them ran: a draining shutdown runs every queued task before the workers end",
	       QUEUED, ran);
	expect(dropped == 0,
	       "workpool_shutdown(WORKPOOL_DRAIN) said it dropped %zu tasks: a draining shutdown drops none", dropped);
}

static void discard(void)
{
	struct busy_pool b = { .submit_late = false };
	fill(&b);
	size_t dropped = shut_down(&b, WORKPOOL_DISCARD);
	int ran = atomic_load(&b.runs);
	expect(ran == 0,
	       "%d tasks were queued, every worker busy, when workpool_shutdown(WORKPOOL_DISCARD) was called, and %d of them ran anyway: a discarding shutdown drops what is queued, unrun",
	       QUEUED, ran);
	expect(dropped == QUEUED,
	       "%d tasks were queued when workpool_shutdown(WORKPOOL_DISCARD) was called, none of them ran, and it said it dropped %zu: it must return how many it dropped",
	       QUEUED, dropped);
}

static void late_submit(void)
{
	struct busy_pool b = { .submit_late = true, .late_err = -1 };
	fill(&b);
	shut_down(&b, WORKPOOL_DRAIN);
	expect(b.late_err == ESHUTDOWN,
	       "workpool_submit, called after workpool_shutdown had begun, returned %d (%s), not ESHUTDOWN",
	       b.late_err, strerror(b.late_err));
	expect(atomic_load(&b.late_runs) == 0,
	       "a task submitted after workpool_shutdown had begun ran anyway: once shutdown begins, the pool takes no new tasks");
	int ran = atomic_load(&b.runs);
	expect(ran == QUEUED,
	       "%d tasks were queued before workpool_shutdown(WORKPOOL_DRAIN), and %d of them ran", QUEUED, ran);
}

static const struct scenario scenarios[] = {
	{ "drain", drain },
	{ "discard", discard },
	{ "late-submit", late_submit },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return run_scenario(argc, argv, scenarios);
}
