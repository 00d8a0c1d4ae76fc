/*
 * Test driver for 1.2, blocking pop with a condition variable.
 *
 *   driver handoff | spurious | stolen | workload
 *
 * The harness's condition variables (harness.h) let each scenario set up
 * the exact moment a bug needs: a consumer woken with no signal, or a
 * consumer that is woken but loses the item to another consumer before it
 * runs again. Both are things POSIX allows and real schedulers do.
 */
#include <stdio.h>

#include "queue-test.h"

struct consumer {
	struct queue *q;
	bool report;        /* call harness_event() when queue_pop returns */
	void *got;
};

static void *consume_one(void *arg)
{
	struct consumer *c = arg;
	c->got = queue_pop(c->q);
	if (c->report)
		harness_event();
	return NULL;
}

static void push_or_fail(struct queue *q, unsigned n)
{
	expect(queue_push(q, ITEM(n)), "queue_push refused item %u although the queue had room", n);
}

/* A consumer that arrives first waits, and gets the item pushed later. */
static void handoff(void)
{
	struct queue *q = create_or_fail(4);
	struct consumer c = { .q = q };
	pthread_t t = spawn(consume_one, &c);
	harness_await(1, 1);
	push_or_fail(q, 7);
	join(t);
	expect(VALUE(c.got) == 7, "queue_pop returned item %u; the only item pushed was 7", VALUE(c.got));
	queue_destroy(q);
}

/* The waiting consumer wakes with no signal and nothing in the queue. */
static void spurious(void)
{
	struct queue *q = create_or_fail(4);
	struct consumer c = { .q = q, .report = true };
	pthread_t t = spawn(consume_one, &c);
	harness_await(1, 1);
	harness_spurious_wakeup();
	if (harness_await(1, 1) > 0)
		fail("queue_pop returned (item %u) while the queue was empty. Its thread had "
		     "woken up without any signal, which POSIX allows (a spurious wakeup), "
		     "and went on without checking that an item had arrived.", VALUE(c.got));
	push_or_fail(q, 7);
	join(t);
	expect(VALUE(c.got) == 7, "queue_pop returned item %u; the only item pushed was 7", VALUE(c.got));
	queue_destroy(q);
}

/* A is woken for the only item, but B takes it before A runs again. */
static void stolen(void)
{
	struct queue *q = create_or_fail(4);
	struct consumer a = { .q = q, .report = true }, b = { .q = q };
	pthread_t ta = spawn(consume_one, &a);
	harness_await(1, 1);

	harness_hold_wakeups(true);         /* A is woken but may not run yet */
	push_or_fail(q, 1);
	pthread_t tb = spawn(consume_one, &b);
	join(tb);
	expect(VALUE(b.got) == 1, "consumer B's queue_pop returned item %u; item 1 was waiting for it", VALUE(b.got));

	harness_hold_wakeups(false);        /* now A runs, to an empty queue */
	if (harness_await(1, 1) > 0)
		fail("consumer A's queue_pop returned (item %u) although consumer B had "
		     "already taken the only item. A was woken for that item, but B got the "
		     "lock first: a woken thread must check the condition again.", VALUE(a.got));
	push_or_fail(q, 2);
	join(ta);
	expect(VALUE(a.got) == 2, "consumer A's queue_pop returned item %u; item 2 was the only one left", VALUE(a.got));
	queue_destroy(q);
}

enum { ITEMS = 10, CONSUMERS = 2 };

struct drainer {
	struct queue *q;
	unsigned got[ITEMS + 1];
	unsigned count;
};

static void *consume_until_zero(void *arg)
{
	struct drainer *d = arg;
	unsigned value;
	while ((value = VALUE(queue_pop(d->q))) != 0)
		d->got[d->count++] = value;
	return NULL;
}

/* Workload for Helgrind and Memcheck: each item is pushed only when both
 * consumers are waiting, so every run takes the same path. */
static void workload(void)
{
	struct queue *q = create_or_fail(4);
	struct drainer d[CONSUMERS] = { { .q = q }, { .q = q } };
	pthread_t t[CONSUMERS];
	for (int i = 0; i < CONSUMERS; i++)
		t[i] = spawn(consume_until_zero, &d[i]);
	for (unsigned n = 1; n <= ITEMS; n++) {
		harness_await(CONSUMERS, 1 << 30);
		push_or_fail(q, n);
	}
	harness_await(CONSUMERS, 1 << 30);
	for (int i = 0; i < CONSUMERS; i++)
		push_or_fail(q, 0);         /* 0 tells one consumer to stop */
	for (int i = 0; i < CONSUMERS; i++)
		join(t[i]);

	unsigned seen[ITEMS + 1] = { 0 };
	for (int i = 0; i < CONSUMERS; i++)
		for (unsigned k = 0; k < d[i].count; k++)
			if (d[i].got[k] <= ITEMS)
				seen[d[i].got[k]]++;
	for (unsigned n = 1; n <= ITEMS; n++)
		expect(seen[n] == 1, "item %u was received %u times instead of once", n, seen[n]);
	queue_destroy(q);
}

static const struct scenario scenarios[] = {
	{ "handoff", handoff },
	{ "spurious", spurious },
	{ "stolen", stolen },
	{ "workload", workload },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return run_scenario(argc, argv, scenarios);
}
