/*
 * Test driver for 4.6, the complete pool: results, waiting and throughput.
 *
 *   driver results | submitters | shutdown | small | threads | bench
 *
 * "results", "submitters" and "shutdown" are the functional tests; "small"
 * is the Memcheck workload and "threads" the Helgrind one. "bench" is the
 * performance check's workload, run with --real-sync (the harness then
 * steps aside and the real pthread functions run): sixteen workers and 640
 * tasks that each wait a millisecond, as tasks that read a disk or ask a
 * server do. A pool whose workers overlap their waits needs about 40 ms
 * (each worker waits 40 times); one that runs a task at a time needs the
 * sum, 640 ms. It checks every result too: fast and wrong fails.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "workpool-test.h"

/* What a future's task works on: it squares `in` into `out` and returns
 * the job itself, so the waiter can tell whose result it got. Each job is
 * given to one task only, so `runs` needs no atomics: the future (or the
 * shutdown) orders the task's writes before the test's reads. */
struct job {
	int in, out, runs;
};

static void *square(void *arg)
{
	struct job *job = arg;
	job->out = job->in * job->in;
	job->runs++;
	return job;
}

static void *nothing(void *arg)
{
	(void)arg;
	return NULL;
}

static struct future *submit_future_or_fail(struct workpool *pool, void *(*run)(void *), void *arg)
{
	errno = 0;
	struct future *future = workpool_submit_future(pool, run, arg);
	expect(future != NULL, "workpool_submit_future returned NULL (%s) on a running pool", strerror(errno));
	return future;
}

/* Waits for a future of square(job) and checks what came back. */
static void expect_squared(struct future *future, struct job *job)
{
	void *result = future_wait(future);
	expect(result == job,
	       "future_wait returned %p, not what the task returned (the job it was given, %p)",
	       result, (void *)job);
	expect(job->runs == 1, "the task for job %d ran %d times; it was submitted once", job->in, job->runs);
	expect(job->out == job->in * job->in, "job %d's result is %d, not %d", job->in, job->out, job->in * job->in);
}

enum { RESULTS = 12 };

static void results(void)
{
	struct workpool *pool = create_or_fail(2, 4);
	struct job jobs[RESULTS];
	struct future *futures[RESULTS];
	for (int i = 0; i < RESULTS; i++) {
		jobs[i] = (struct job){ .in = i + 1 };
		futures[i] = submit_future_or_fail(pool, square, &jobs[i]);
	}
	/* Newest first: a future can be collected in any order. */
	for (int i = RESULTS - 1; i >= 0; i--)
		expect_squared(futures[i], &jobs[i]);

	struct future *empty = submit_future_or_fail(pool, nothing, NULL);
	errno = 0;
	void *result = future_wait(empty);
	expect(result == NULL, "future_wait returned %p for a task that returned NULL", result);
	expect(errno != ECANCELED, "future_wait set errno to ECANCELED for a task that ran (and returned NULL)");
	size_t dropped = workpool_shutdown(pool, WORKPOOL_DRAIN);
	expect(dropped == 0, "workpool_shutdown(DRAIN) said it dropped %zu tasks; the queue was empty", dropped);
}

/* Several threads submit at once into a small queue (so some of them
 * wait for room), half plain tasks, half futures, and collect their own
 * futures while the others are still submitting. */
enum { SUBMITTERS = 4, EACH = 24 };

struct submitter {
	struct workpool *pool;
	atomic_int *plain_runs;
	int pairs;                  /* a plain task and a future each */
	struct job jobs[EACH / 2];
};

static void *submit_many(void *arg)
{
	struct submitter *self = arg;
	struct future *futures[EACH / 2];
	for (int i = 0; i < self->pairs; i++) {
		submit_or_fail(self->pool, count_run, self->plain_runs);
		futures[i] = submit_future_or_fail(self->pool, square, &self->jobs[i]);
	}
	for (int i = 0; i < self->pairs; i++)
		expect_squared(futures[i], &self->jobs[i]);
	return NULL;
}

static void submitters(void)
{
	struct workpool *pool = create_or_fail(3, 2);
	atomic_int plain_runs = 0;
	static struct submitter subs[SUBMITTERS];
	pthread_t threads[SUBMITTERS];
	for (int t = 0; t < SUBMITTERS; t++) {
		subs[t] = (struct submitter){ .pool = pool, .plain_runs = &plain_runs, .pairs = EACH / 2 };
		for (int i = 0; i < EACH / 2; i++)
			subs[t].jobs[i].in = t * 100 + i;
		threads[t] = spawn(submit_many, &subs[t]);
	}
	for (int t = 0; t < SUBMITTERS; t++)
		join(threads[t]);
	size_t dropped = workpool_shutdown(pool, WORKPOOL_DRAIN);
	expect(dropped == 0, "workpool_shutdown(DRAIN) said it dropped %zu tasks", dropped);
	int expected = SUBMITTERS * EACH / 2;
	expect(atomic_load(&plain_runs) == expected,
	       "%d threads submitted %d plain tasks in all, and %d ran by the end of the shutdown",
	       SUBMITTERS, expected, atomic_load(&plain_runs));
}

/* A pool with one worker and four tasks queued that it has not taken
 * (three futures and a plain task): the worker's wakeups are held until
 * the caller's next unlock, the one with which workpool_shutdown lets go
 * of the queue, so the shutdown finds all four still queued. */
enum { QUEUED = 3 };

static void release_wakeups(void *unused)
{
	(void)unused;
	harness_hold_wakeups(false);
}

static struct workpool *pool_with_queued(struct job jobs[QUEUED], struct future *futures[QUEUED], atomic_int *plain_runs)
{
	struct workpool *pool = create_or_fail(1, 8);
	harness_await(1, 0);  /* the worker waits for work */
	harness_hold_wakeups(true);
	for (int i = 0; i < QUEUED; i++) {
		jobs[i] = (struct job){ .in = i + 7 };
		futures[i] = submit_future_or_fail(pool, square, &jobs[i]);
	}
	submit_or_fail(pool, count_run, plain_runs);
	harness_after_next_unlock(release_wakeups, NULL);
	return pool;
}

static void drain_then_wait(void)
{
	struct job jobs[QUEUED];
	struct future *futures[QUEUED];
	atomic_int plain_runs = 0;
	struct workpool *pool = pool_with_queued(jobs, futures, &plain_runs);
	size_t dropped = workpool_shutdown(pool, WORKPOOL_DRAIN);
	expect(dropped == 0, "workpool_shutdown(DRAIN) with %d tasks queued said it dropped %zu; draining runs them all",
	       QUEUED + 1, dropped);
	expect(atomic_load(&plain_runs) == 1, "a plain task queued before workpool_shutdown(DRAIN) ran %d times, not once",
	       atomic_load(&plain_runs));
	/* The pool is gone; the futures are the caller's and still work. */
	for (int i = 0; i < QUEUED; i++)
		expect_squared(futures[i], &jobs[i]);
}

static void discard_then_wait(void)
{
	struct job jobs[QUEUED];
	struct future *futures[QUEUED];
	atomic_int plain_runs = 0;
	struct workpool *pool = pool_with_queued(jobs, futures, &plain_runs);
	size_t dropped = workpool_shutdown(pool, WORKPOOL_DISCARD);
	expect(dropped == QUEUED + 1, "workpool_shutdown(DISCARD) with %d tasks queued said it dropped %zu",
	       QUEUED + 1, dropped);
	expect(atomic_load(&plain_runs) == 0, "a discarded plain task ran");
	for (int i = 0; i < QUEUED; i++) {
		errno = 0;
		void *result = future_wait(futures[i]);
		expect(result == NULL && errno == ECANCELED,
		       "future_wait on a future whose task was discarded returned %p with errno %d (%s); "
		       "it must return NULL with errno ECANCELED", result, errno, strerror(errno));
		expect(jobs[i].runs == 0, "a discarded future's task ran");
	}
}

static void shutdown_queued(void)
{
	drain_then_wait();
	discard_then_wait();
}

/* Memcheck: every record, future and pool freed, on both ways out. */
static void small(void)
{
	struct workpool *pool = create_or_fail(2, 2);
	atomic_int plain_runs = 0;
	struct job jobs[4];
	struct future *futures[4];
	for (int i = 0; i < 4; i++) {
		jobs[i] = (struct job){ .in = i };
		futures[i] = submit_future_or_fail(pool, square, &jobs[i]);
		submit_or_fail(pool, count_run, &plain_runs);
	}
	for (int i = 0; i < 4; i++)
		expect_squared(futures[i], &jobs[i]);
	workpool_shutdown(pool, WORKPOOL_DRAIN);
	discard_then_wait();
}

/* Helgrind: two threads submit and wait while two workers run tasks. */
enum { HELGRIND_PAIRS = 3 };

static void threads(void)
{
	struct workpool *pool = create_or_fail(2, 2);
	atomic_int plain_runs = 0;
	static struct submitter subs[2];
	pthread_t ids[2];
	for (int t = 0; t < 2; t++) {
		subs[t] = (struct submitter){ .pool = pool, .plain_runs = &plain_runs, .pairs = HELGRIND_PAIRS };
		for (int i = 0; i < HELGRIND_PAIRS; i++)
			subs[t].jobs[i].in = t * 10 + i;
		ids[t] = spawn(submit_many, &subs[t]);
	}
	for (int t = 0; t < 2; t++)
		join(ids[t]);
	workpool_shutdown(pool, WORKPOOL_DRAIN);
	expect(atomic_load(&plain_runs) == 2 * HELGRIND_PAIRS, "%d plain tasks ran of %d",
	       atomic_load(&plain_runs), 2 * HELGRIND_PAIRS);
}

/* The performance workload: tasks that mostly wait. */
enum { BENCH_WORKERS = 16, BENCH_SUBMITTERS = 2, BENCH_EACH = 320, BENCH_WAIT_NS = 1000000 };

struct bench_submitter {
	struct workpool *pool;
	atomic_int *plain_runs;
	struct job jobs[BENCH_EACH];
	struct future *futures[BENCH_EACH];
};

/* A task that waits, as one that reads a file or asks a server does. */
static void wait_a_little(void)
{
	struct timespec pause = { .tv_sec = 0, .tv_nsec = BENCH_WAIT_NS };
	while (nanosleep(&pause, &pause) != 0 && errno == EINTR)
		;
}

static void *slow_square(void *arg)
{
	wait_a_little();
	return square(arg);
}

static void slow_count(void *counter)
{
	wait_a_little();
	count_run(counter);
}

/* One in four is a plain task; the others have futures. */
static void *bench_submit(void *arg)
{
	struct bench_submitter *self = arg;
	for (int i = 0; i < BENCH_EACH; i++) {
		if (i % 4 == 3) {
			submit_or_fail(self->pool, slow_count, self->plain_runs);
			self->futures[i] = NULL;
		} else {
			self->futures[i] = submit_future_or_fail(self->pool, slow_square, &self->jobs[i]);
		}
	}
	for (int i = 0; i < BENCH_EACH; i++)
		if (self->futures[i] != NULL)
			expect_squared(self->futures[i], &self->jobs[i]);
	return NULL;
}

static void bench(void)
{
	struct workpool *pool = create_or_fail(BENCH_WORKERS, 32);
	atomic_int plain_runs = 0;
	static struct bench_submitter subs[BENCH_SUBMITTERS];
	pthread_t ids[BENCH_SUBMITTERS];
	for (int t = 0; t < BENCH_SUBMITTERS; t++) {
		subs[t].pool = pool;
		subs[t].plain_runs = &plain_runs;
		for (int i = 0; i < BENCH_EACH; i++)
			subs[t].jobs[i] = (struct job){ .in = t * BENCH_EACH + i };
		ids[t] = spawn(bench_submit, &subs[t]);
	}
	for (int t = 0; t < BENCH_SUBMITTERS; t++)
		join(ids[t]);
	size_t dropped = workpool_shutdown(pool, WORKPOOL_DRAIN);
	expect(dropped == 0, "workpool_shutdown(DRAIN) said it dropped %zu tasks", dropped);
	int expected = BENCH_SUBMITTERS * BENCH_EACH / 4;
	expect(atomic_load(&plain_runs) == expected, "%d plain tasks were submitted and %d ran",
	       expected, atomic_load(&plain_runs));
}

int main(int argc, char **argv)
{
	static const struct scenario scenarios[] = {
		{ "results", results },
		{ "submitters", submitters },
		{ "shutdown", shutdown_queued },
		{ "small", small },
		{ "threads", threads },
		{ "bench", bench },
		{ NULL, NULL },
	};
	return run_scenario(argc, argv, scenarios);
}
