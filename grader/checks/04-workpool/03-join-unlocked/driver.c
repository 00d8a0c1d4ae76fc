/*
 * Test driver for 4.3, joining the workers without holding the pool's lock.
 *
 *   driver idle | busy | workload
 *
 * "idle" shuts down a pool whose three workers all wait for work. The
 * shutdown wakes them, and each must take the pool's lock once more, inside
 * pthread_cond_wait, to see `stopping` and return: a shutdown that joins
 * while it holds that lock waits for ever.
 *
 * "busy" shuts down (draining) a pool whose two workers are each running a
 * task, with two more tasks queued. The running tasks end at the moment
 * workpool_shutdown starts joining (harness_before_next_join); each worker
 * then takes the lock to put its task's record back and take the next
 * task. The queued tasks must all run.
 *
 * "workload" is for Memcheck and Helgrind: tasks through the pool, then a
 * discarding shutdown while both workers are busy. The busy tasks wait at
 * an unordered_flag, which Helgrind does not see as synchronisation: the
 * only order between the shutdown and the workers is the pool's own
 * locking, so a shutdown that touches the pool without its lock shows as
 * a race.
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdio.h>

#include "workpool-test.h"

/* A task that says it has started, then keeps its worker until the flag
 * is raised. */
static void wait_for_flag(void *flag)
{
	harness_event();
	unordered_flag_wait(flag);
}

/* A harness_before_next_join hook. */
static void raise_flag(void *flag)
{
	unordered_flag_raise(flag);
}

/* Waits until `tasks` wait_for_flag tasks have started. No number of
 * condition variable waiters ends this wait: only the tasks' events do. */
static void await_started(int tasks)
{
	harness_await(INT_MAX, tasks);
}

enum { IDLE_WORKERS = 3 };

static void idle(void)
{
	struct workpool *pool = create_or_fail(IDLE_WORKERS, 4);
	harness_await(IDLE_WORKERS, 0);  /* every worker waits for work */
	size_t dropped = workpool_shutdown(pool, WORKPOOL_DRAIN);
	expect(dropped == 0, "workpool_shutdown dropped %zu tasks from a pool that was never given one", dropped);
}

enum { BUSY_WORKERS = 2, QUEUED = 2 };

/* Two workers busy in wait_for_flag tasks, QUEUED count_run tasks behind
 * them; the flag is raised when workpool_shutdown starts joining. */
static struct workpool *busy_pool(struct unordered_flag *flag, atomic_int *runs)
{
	unordered_flag_init(flag);
	struct workpool *pool = create_or_fail(BUSY_WORKERS, QUEUED);
	for (int i = 0; i < BUSY_WORKERS; i++)
		submit_or_fail(pool, wait_for_flag, flag);
	await_started(BUSY_WORKERS);
	for (int i = 0; i < QUEUED; i++)
		submit_or_fail(pool, count_run, runs);
	harness_before_next_join(raise_flag, flag);
	return pool;
}

static void busy(void)
{
	struct unordered_flag flag;
	atomic_int runs = 0;
	struct workpool *pool = busy_pool(&flag, &runs);
	size_t dropped = workpool_shutdown(pool, WORKPOOL_DRAIN);
	expect(dropped == 0, "workpool_shutdown(WORKPOOL_DRAIN) said it dropped %zu tasks; it must run them all", dropped);
	int ran = atomic_load(&runs);
	expect(ran == QUEUED,
	       "%d tasks were queued behind two busy workers when workpool_shutdown(WORKPOOL_DRAIN) was called, and %d of them ran",
	       QUEUED, ran);
}

enum { FIRST_TASKS = 4 };

static void workload(void)
{
	atomic_int first = 0;
	struct workpool *pool = create_or_fail(BUSY_WORKERS, QUEUED);
	for (int i = 0; i < FIRST_TASKS; i++)
		submit_or_fail(pool, count_run, &first);
	harness_await(BUSY_WORKERS, 0);  /* all ran: both workers wait for more */

	struct unordered_flag flag;
	unordered_flag_init(&flag);
	atomic_int runs = 0;
	for (int i = 0; i < BUSY_WORKERS; i++)
		submit_or_fail(pool, wait_for_flag, &flag);
	await_started(BUSY_WORKERS);
	for (int i = 0; i < QUEUED; i++)
		submit_or_fail(pool, count_run, &runs);
	harness_before_next_join(raise_flag, &flag);
	size_t dropped = workpool_shutdown(pool, WORKPOOL_DISCARD);
	expect(atomic_load(&first) == FIRST_TASKS, "%d of %d tasks ran", atomic_load(&first), FIRST_TASKS);
	expect(dropped == QUEUED, "workpool_shutdown(WORKPOOL_DISCARD) said it dropped %zu tasks; %d were queued", dropped, QUEUED);
	expect(atomic_load(&runs) == 0, "a task ran after a discarding shutdown dropped it");
}

static const struct scenario scenarios[] = {
	{ "idle", idle },
	{ "busy", busy },
	{ "workload", workload },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return run_scenario(argc, argv, scenarios);
}
