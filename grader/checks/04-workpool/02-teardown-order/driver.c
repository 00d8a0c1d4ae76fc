/*
 * Test driver for 4.2, tearing the pool down in the right order.
 *
 *   driver idle | drain | one-worker
 *
 * In every scenario the workers still have work to do inside the pool when
 * workpool_shutdown is called, and the driver decides when they do it:
 * right when workpool_shutdown first calls pthread_join
 * (harness_before_next_join), never earlier. Left to the scheduler, the
 * workers might finish before the shutdown frees anything (Valgrind runs
 * one thread at a time, and often would), and a teardown in the wrong
 * order would go unseen.
 *
 * "idle": three workers wait for work. The harness holds every thread it
 * wakes (harness_hold_wakeups), so the shutdown's broadcast wakes them and
 * none of them runs yet. Once let go, each takes the pool's lock again (in
 * pthread_cond_wait), sees `stopping` and returns.
 *
 * "drain": two workers are busy, each in a task that waits for a flag,
 * with three tasks queued behind them. Once the flag is raised, each
 * worker takes the lock, puts its record on the spare list and goes on
 * with the queued tasks: all three must run.
 *
 * "one-worker" is for Helgrind: one worker runs a few tasks, waits for
 * more, and is shut down as in "idle". With one worker the report names
 * the same thread every run.
 *
 * What a worker of a pool that frees first does then is undefined. Under
 * Memcheck freed memory is not handed out again and keeps what it held,
 * so the worker reads what was freed, and Memcheck names each access.
 * Natively, glibc's free writes its own bookkeeping over the first bytes
 * of each freed block: in "drain" a queued task record freed by the
 * shutdown no longer holds its function pointer, and the worker that runs
 * it crashes, every time. In "idle" nothing it reads was overwritten, and
 * the test passes: only Memcheck and Helgrind see that bug.
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>

#include "workpool-test.h"

/* A harness_before_next_join hook: the workers woken by the shutdown run
 * from here on. */
static void let_wakeups_go(void *unused)
{
	(void)unused;
	harness_hold_wakeups(false);
}

/* Shuts down a pool whose workers all wait for work, letting them run
 * only once workpool_shutdown starts joining. */
static void shut_down_idle(struct workpool *pool, int workers)
{
	harness_await(workers, 0);       /* every worker waits for work */
	harness_hold_wakeups(true);
	harness_before_next_join(let_wakeups_go, NULL);
	size_t dropped = workpool_shutdown(pool, WORKPOOL_DRAIN);
	harness_hold_wakeups(false);     /* in case nothing was joined */
	expect(dropped == 0, "workpool_shutdown dropped %zu tasks from a pool whose workers had nothing left to do", dropped);
}

enum { IDLE_WORKERS = 3 };

static void idle(void)
{
	shut_down_idle(create_or_fail(IDLE_WORKERS, 4), IDLE_WORKERS);
}

enum { FIRST_TASKS = 3 };

/* For Helgrind: one worker (so that the report names the same thread
 * every run) runs a few tasks, waits for more, and is shut down. */
static void one_worker(void)
{
	atomic_int runs = 0;
	struct workpool *pool = create_or_fail(1, 2);
	for (int i = 0; i < FIRST_TASKS; i++)
		submit_or_fail(pool, count_run, &runs);
	shut_down_idle(pool, 1);
	expect(atomic_load(&runs) == FIRST_TASKS, "%d of %d tasks ran", atomic_load(&runs), FIRST_TASKS);
}

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

enum { BUSY_WORKERS = 2, QUEUED = 3 };

static void drain(void)
{
	struct unordered_flag flag;
	unordered_flag_init(&flag);
	atomic_int runs = 0;
	struct workpool *pool = create_or_fail(BUSY_WORKERS, QUEUED);
	for (int i = 0; i < BUSY_WORKERS; i++)
		submit_or_fail(pool, wait_for_flag, &flag);
	harness_await(INT_MAX, BUSY_WORKERS);  /* both tasks have started */
	for (int i = 0; i < QUEUED; i++)
		submit_or_fail(pool, count_run, &runs);
	harness_before_next_join(raise_flag, &flag);
	size_t dropped = workpool_shutdown(pool, WORKPOOL_DRAIN);
	unordered_flag_raise(&flag);     /* in case nothing was joined */
	expect(dropped == 0, "workpool_shutdown(WORKPOOL_DRAIN) said it dropped %zu tasks; it must run them all", dropped);
	int ran = atomic_load(&runs);
	expect(ran == QUEUED,
	       "%d tasks were queued behind two busy workers when workpool_shutdown(WORKPOOL_DRAIN) was called, and %d of them ran",
	       QUEUED, ran);
}

static const struct scenario scenarios[] = {
	{ "idle", idle },
	{ "drain", drain },
	{ "one-worker", one_worker },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return run_scenario(argc, argv, scenarios);
}
