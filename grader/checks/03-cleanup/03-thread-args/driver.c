/*
 * Test driver for 3.3, threads that own their arguments.
 *
 *   driver own-index | three-workers | unordered
 *
 * Each scenario runs three workers whose work function only notes, under
 * the driver's own lock, the index it was given.
 *
 * "own-index" holds every thread run_workers starts at its first
 * instruction until all three exist (harness_gate_new_threads): a worker
 * then reads its argument only once the loop has started them all. Code
 * that hands every worker the same variable shows it every time: no worker
 * sees the value the loop meant for it, only what the loop wrote last.
 *
 * "three-workers" is the same run, the indexes unchecked, for Memcheck.
 *
 * "unordered" starts the workers without the gate, so that they read their
 * arguments while the loop goes on (Helgrind's workload), and it is the
 * fault-injection workload: the grader runs it once to list the calls that
 * can fail (malloc, calloc, pthread_create), then once per call with that
 * call failing. run_workers must then return an error, having joined every
 * worker it started and freed everything it allocated.
 */
#include <string.h>

#include "harness.h"
#include "workers.h"

enum { WORKERS = 3 };

/* What the workers did. Static, not on a scenario's stack: a worker that
 * outlives run_workers must not write into a dead frame. */
static struct {
	pthread_mutex_t lock;
	int calls;             /* work calls in all */
	int given[WORKERS];    /* how many workers were given each index */
	int outside;           /* calls with an index outside 0 .. WORKERS-1 */
	int outside_index;     /* the first such index */
	int wrong_data;        /* calls whose data was not the record */
} record = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void note_index(int index, void *data)
{
	pthread_mutex_lock(&record.lock);
	record.calls++;
	if (data != &record)
		record.wrong_data++;
	if (index >= 0 && index < WORKERS)
		record.given[index]++;
	else if (record.outside++ == 0)
		record.outside_index = index;
	pthread_mutex_unlock(&record.lock);
}

/* run_workers(WORKERS, ...), the gate on or off; returns its result. */
static int run_three(bool gated)
{
	harness_gate_new_threads(gated ? WORKERS : 0);
	int err = run_workers(WORKERS, note_index, &record);
	harness_gate_new_threads(0);
	return err;
}

/* After a run in which nothing failed: every share ran, with our data. */
static void expect_all_ran(int err)
{
	expect(err == 0, "run_workers(%d, ...) failed (%s) although nothing inside it failed", WORKERS, strerror(err));
	pthread_mutex_lock(&record.lock);
	int calls = record.calls, wrong_data = record.wrong_data;
	pthread_mutex_unlock(&record.lock);
	expect(calls == WORKERS, "run_workers(%d, ...) returned 0, yet the work function was called %d times, not %d",
	       WORKERS, calls, WORKERS);
	expect(wrong_data == 0, "the work function was not given the data pointer passed to run_workers");
}

static void own_index(void)
{
	int err = run_three(true);
	expect_all_ran(err);
	pthread_mutex_lock(&record.lock);
	expect(record.outside == 0,
	       "run_workers(%d, ...) gave a worker the index %d; the indexes are 0 to %d. "
	       "Did a worker read its index after it had changed?", WORKERS, record.outside_index, WORKERS - 1);
	for (int index = 0; index < WORKERS; index++) {
		if (record.given[index] == 1)
			continue;
		int most = 0;
		for (int other = 1; other < WORKERS; other++)
			if (record.given[other] > record.given[most])
				most = other;
		fail("run_workers(%d, ...) started %d workers, each to be given its own index, 0 to %d, "
		     "but no worker was given %d and %d workers were given %d. A worker that starts late "
		     "reads its index after the loop has moved on, unless nothing changes it.",
		     WORKERS, WORKERS, WORKERS - 1, index, record.given[most], most);
	}
	pthread_mutex_unlock(&record.lock);
}

static void three_workers(void)
{
	expect_all_ran(run_three(true));
}

static void unordered(void)
{
	bool failed_before = harness_fault_injected();
	int err = run_three(false);
	if (!failed_before && harness_fault_injected()) {
		expect(err != 0, "run_workers returned 0 although %s failed inside it, so not every worker "
		       "could have been started", harness_failed_call());
	} else {
		expect_all_ran(err);
	}
}

int main(int argc, char **argv)
{
	static const struct scenario scenarios[] = {
		{ "own-index", own_index },
		{ "three-workers", three_workers },
		{ "unordered", unordered },
		{ NULL, NULL },
	};
	return run_scenario(argc, argv, scenarios);
}
