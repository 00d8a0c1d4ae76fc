/*
 * Test driver for 4.5, joining every worker.
 *
 *   driver threads-end | drain | workload
 *
 * In every scenario the workers are busy when the shutdown begins: each
 * one runs a task of the test's that waits at a gate. The gate opens only
 * once workpool_shutdown starts to wait: at its first pthread_join
 * (harness_before_next_join), or, for a shutdown that first waits on one
 * of the pool's condition variables, as soon as it waits there (an opener
 * thread watches for that). A shutdown that does not wait at all returns
 * while every worker is still inside its task, on every run, natively and
 * under Valgrind alike. In "threads-end" and "workload", the task also
 * holds its worker right after the worker's last unlock, until the
 * shutdown calls pthread_join: a shutdown that waits for a count of
 * running workers instead returns while they are all still alive.
 *
 * "threads-end": each worker's task stores a thread-specific value whose
 * destructor runs when that worker's thread ends; when workpool_shutdown
 * returns, every destructor must have run. "drain": tasks queued behind
 * the busy ones; when a draining shutdown returns, the busy tasks must have
 * finished and the queued ones must have run.
 *
 * "workload" is for Memcheck and Helgrind: two workers, a queue that fills
 * up, then a draining shutdown of the busy pool. A worker thread still
 * alive at exit shows as the memory pthread_create gave it, "possibly
 * lost", at the line of workpool_create that started it.
 *
 * What a worker may still touch after a shutdown that did not wait (its
 * gate, the counters) is static, so it stays valid until the process ends.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>

#include "workpool-test.h"

/*
 * `joined` opens when workpool_shutdown first calls pthread_join. A task
 * that is the last its worker runs arms hold_until_joined for the worker's
 * next unlock, which is then its last one: on its way out of worker(). A
 * worker held there has let go of the pool but has not ended, so a
 * shutdown that waits for anything but a join (a count of running workers,
 * say) sees every worker done and returns while they are all still alive.
 */
static struct gate joined = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 1, 0 };

static void hold_until_joined(void *unused)
{
	(void)unused;
	wait_at_gate(&joined);
}

/* A task that waits at the gate, then holds its worker as above. */
static void wait_at_gate_then_hold(void *gate)
{
	wait_at_gate(gate);
	harness_after_next_unlock(hold_until_joined, NULL);
}

/* The harness_before_next_join hook: the shutdown has started to join. */
static void shutdown_joins(void *gate)
{
	gate_open(gate);
	gate_open(&joined);
}

/*
 * The opener: a thread that opens the gate if the shutdown waits on a
 * condition variable, which makes one waiter more than the tasks at the
 * gate. The event sent once workpool_shutdown has returned ends its wait
 * otherwise.
 */
struct opener {
	struct gate *gate;
	int at_gate;        /* threads waiting at the gate when shutdown begins */
};

static void *open_if_shutdown_waits(void *data)
{
	struct opener *opener = data;
	if (harness_await(opener->at_gate + 1, 1) == 0)
		gate_open(opener->gate);
	return NULL;
}

/* Shuts the pool down while `at_gate` workers wait at `gate`, which opens
 * as soon as workpool_shutdown waits for something. */
static size_t shut_down_busy(struct workpool *pool, enum workpool_stop how, struct gate *gate, int at_gate)
{
	struct opener opener = { .gate = gate, .at_gate = at_gate };
	pthread_t thread = spawn(open_if_shutdown_waits, &opener);
	harness_before_next_join(shutdown_joins, gate);
	size_t dropped = workpool_shutdown(pool, how);
	harness_before_next_join(NULL, NULL);
	harness_event();
	join(thread);
	return dropped;
}

/* threads-end: every worker's thread has ended when shutdown returns. */

enum { END_WORKERS = 3 };

static pthread_key_t end_key;
static atomic_int threads_ended;

/* The key's destructor: runs in a worker's thread as that thread ends. */
static void note_thread_end(void *value)
{
	(void)value;
	atomic_fetch_add(&threads_ended, 1);
}

/* A task that marks its worker's thread, then waits at the gate, and
 * holds its worker on its way out. */
static void mark_thread_and_wait(void *gate)
{
	pthread_setspecific(end_key, gate);
	wait_at_gate_then_hold(gate);
}

static void threads_end(void)
{
	static struct gate gate;
	gate_init(&gate, 1);
	int err = pthread_key_create(&end_key, note_thread_end);
	expect(err == 0, "the test could not create a thread-specific data key: %s", strerror(err));
	struct workpool *pool = create_or_fail(END_WORKERS, END_WORKERS);
	for (int i = 0; i < END_WORKERS; i++)
		submit_or_fail(pool, mark_thread_and_wait, &gate);
	harness_await(END_WORKERS, 0);   /* each worker runs one, at the gate */

	shut_down_busy(pool, WORKPOOL_DRAIN, &gate, END_WORKERS);
	int ended = atomic_load(&threads_ended);
	expect(ended == END_WORKERS,
	       "workpool_shutdown returned while %d of the pool's %d worker threads had not ended yet. "
	       "A shutdown must wait until every worker thread has ended before it frees the pool and returns: a thread still alive can still use it.",
	       END_WORKERS - ended, END_WORKERS);
	pthread_key_delete(end_key);
}

/* drain: a draining shutdown returns once every task has finished. */

enum { DRAIN_WORKERS = 2, DRAIN_QUEUED = 3 };

static void drain(void)
{
	static struct gate gate;
	static atomic_int runs;
	gate_init(&gate, 1);
	struct workpool *pool = create_or_fail(DRAIN_WORKERS, DRAIN_QUEUED);
	for (int i = 0; i < DRAIN_WORKERS; i++)
		submit_or_fail(pool, wait_at_gate, &gate);
	harness_await(DRAIN_WORKERS, 0); /* every worker is busy at the gate */
	for (int i = 0; i < DRAIN_QUEUED; i++)
		submit_or_fail(pool, count_run, &runs);

	size_t dropped = shut_down_busy(pool, WORKPOOL_DRAIN, &gate, DRAIN_WORKERS);
	expect(dropped == 0, "workpool_shutdown(WORKPOOL_DRAIN) said it dropped %zu tasks; it must run them all", dropped);
	int finished = atomic_load(&gate.passed), ran = atomic_load(&runs);
	expect(finished == DRAIN_WORKERS && ran == DRAIN_QUEUED,
	       "workpool_shutdown(WORKPOOL_DRAIN) returned while %d of the %d tasks being run had not finished, and %d of the %d queued tasks had not run. "
	       "A draining shutdown returns only when every task has run to its end: until then the tasks' callers cannot know their work is done.",
	       DRAIN_WORKERS - finished, DRAIN_WORKERS, DRAIN_QUEUED - ran, DRAIN_QUEUED);
}

/* workload: for Memcheck and Helgrind. */

enum { WORK_WORKERS = 2, WORK_TASKS = 6 };

static void workload(void)
{
	static struct gate gate;
	static atomic_int runs;
	gate_init(&gate, 1);
	struct workpool *pool = create_or_fail(WORK_WORKERS, 2);
	for (int i = 0; i < WORK_TASKS; i++)     /* the queue fills up: submit waits */
		submit_or_fail(pool, count_run, &runs);
	for (int i = 0; i < WORK_WORKERS; i++)   /* each worker ends up at the gate */
		submit_or_fail(pool, wait_at_gate_then_hold, &gate);
	harness_await(WORK_WORKERS, 0);
	expect(atomic_load(&runs) == WORK_TASKS, "%d of %d tasks ran", atomic_load(&runs), WORK_TASKS);

	size_t dropped = shut_down_busy(pool, WORKPOOL_DRAIN, &gate, WORK_WORKERS);
	expect(dropped == 0, "workpool_shutdown(WORKPOOL_DRAIN) said it dropped %zu tasks", dropped);
}

static const struct scenario scenarios[] = {
	{ "threads-end", threads_end },
	{ "drain", drain },
	{ "workload", workload },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return run_scenario(argc, argv, scenarios);
}
