/*
 * Test driver for 1.3, a bounded queue with producers and consumers.
 *
 *   driver producer-waits | two-consumers | workload
 *
 * "two-consumers" is the classic lost-wakeup deadlock: one producer, two
 * consumers, capacity 1. With one condition variable for both "not full"
 * and "not empty", a consumer's signal can wake the other consumer instead
 * of the producer, and then everybody sleeps. The harness wakes waiters in
 * the order they started waiting, and holds the first consumer back until
 * the producer waits too, so the unlucky order happens on every run.
 */
#include <stdio.h>

#include "queue-test.h"

struct consumer {
	struct queue *q;
	void *got;
};

static void *consume_one(void *arg)
{
	struct consumer *c = arg;
	c->got = queue_pop(c->q);
	return NULL;
}

struct producer {
	struct queue *q;
	unsigned first, count;
};

static void *produce(void *arg)
{
	struct producer *p = arg;
	for (unsigned i = 0; i < p->count; i++)
		queue_push(p->q, ITEM(p->first + i));
	return NULL;
}

/* A producer facing a full queue waits, and goes on once an item is taken. */
static void producer_waits(void)
{
	struct queue *q = create_or_fail(1);
	queue_push(q, ITEM(1));
	struct producer p = { .q = q, .first = 2, .count = 1 };
	pthread_t t = spawn(produce, &p);
	harness_await(1, 1);             /* the producer waits for room */
	unsigned got = VALUE(queue_pop(q));
	expect(got == 1, "queue_pop returned item %u; item 1 was pushed first", got);
	join(t);
	got = VALUE(queue_pop(q));
	expect(got == 2, "queue_pop returned item %u; the waiting producer's item 2 was next", got);
	queue_destroy(q);
}

static void two_consumers(void)
{
	struct queue *q = create_or_fail(1);
	struct consumer c1 = { .q = q }, c2 = { .q = q };
	pthread_t t1 = spawn(consume_one, &c1);
	harness_await(1, 1);             /* c1 waits for an item */
	pthread_t t2 = spawn(consume_one, &c2);
	harness_await(2, 1);             /* c2 waits behind it */

	harness_hold_wakeups(true);
	struct producer p = { .q = q, .first = 1, .count = 2 };
	pthread_t tp = spawn(produce, &p);
	harness_await_wait_calls(3);     /* item 1 woke c1; the producer waits for room */
	harness_hold_wakeups(false);     /* c1 takes item 1 and should wake the producer */

	join(tp);
	join(t1);
	join(t2);
	expect(VALUE(c1.got) == 1, "the first consumer got item %u instead of item 1", VALUE(c1.got));
	expect(VALUE(c2.got) == 2, "the second consumer got item %u instead of item 2", VALUE(c2.got));
	queue_destroy(q);
}

enum { ITEMS = 20 };

/* Workload for Helgrind and Memcheck: a producer and a consumer through a
 * queue of capacity 2, so both of them wait at times. */
static void workload(void)
{
	struct queue *q = create_or_fail(2);
	struct producer p = { .q = q, .first = 1, .count = ITEMS };
	pthread_t t = spawn(produce, &p);
	for (unsigned n = 1; n <= ITEMS; n++) {
		unsigned got = VALUE(queue_pop(q));
		expect(got == n, "queue_pop returned item %u; item %u was next", got, n);
	}
	join(t);
	queue_destroy(q);
}

static const struct scenario scenarios[] = {
	{ "producer-waits", producer_waits },
	{ "two-consumers", two_consumers },
	{ "workload", workload },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return run_scenario(argc, argv, scenarios);
}
