/*
 * Test driver for 1.4, closing a queue.
 *
 *   driver drain | refuse | wake-consumers | wake-producer | close-race
 *
 * "close-race" is the workload for Helgrind: consumers drain the queue and
 * wait; then a closer thread, released through an unordered_flag (which
 * Helgrind cannot see), closes the queue. Nothing but the queue's own
 * locking orders the close against the consumers, which is exactly what
 * Helgrind should judge.
 */
#include <stdio.h>

#include "queue-test.h"

static void push_or_fail(struct queue *q, unsigned n)
{
	expect(queue_push(q, ITEM(n)), "queue_push refused item %u on an open queue", n);
}

struct consumer {
	struct queue *q;
	unsigned got;       /* items received before queue_pop returned false */
};

static void *consume_all(void *arg)
{
	struct consumer *c = arg;
	void *item;
	while (queue_pop(c->q, &item))
		c->got++;
	return NULL;
}

static void drain(void)
{
	struct queue *q = create_or_fail(4);
	push_or_fail(q, 1);
	push_or_fail(q, 2);
	queue_close(q);
	void *item = NULL;
	for (unsigned n = 1; n <= 2; n++) {
		expect(queue_pop(q, &item), "queue_pop returned false with item %u still in the closed queue", n);
		expect(VALUE(item) == n, "queue_pop returned item %u; item %u was next", VALUE(item), n);
	}
	expect(!queue_pop(q, &item), "queue_pop returned true on a closed, empty queue");
	queue_destroy(q);
}

static void refuse(void)
{
	struct queue *q = create_or_fail(4);
	queue_close(q);
	expect(!queue_push(q, ITEM(1)), "queue_push accepted an item after queue_close");
	void *item;
	expect(!queue_pop(q, &item), "queue_pop returned true on a closed queue that was never given an item");
	queue_destroy(q);
}

enum { WAITERS = 3 };

static void wake_consumers(void)
{
	struct queue *q = create_or_fail(4);
	struct consumer c[WAITERS];
	pthread_t t[WAITERS];
	for (int i = 0; i < WAITERS; i++) {
		c[i] = (struct consumer){ .q = q };
		t[i] = spawn(consume_all, &c[i]);
	}
	harness_await(WAITERS, 1);       /* all of them wait for items */
	queue_close(q);
	for (int i = 0; i < WAITERS; i++)
		join(t[i]);                  /* a consumer left asleep hangs here */
	queue_destroy(q);
}

struct producer {
	struct queue *q;
	bool pushed;
};

static void *produce_one(void *arg)
{
	struct producer *p = arg;
	p->pushed = queue_push(p->q, ITEM(2));
	return NULL;
}

static void wake_producer(void)
{
	struct queue *q = create_or_fail(1);
	push_or_fail(q, 1);
	struct producer p = { .q = q };
	pthread_t t = spawn(produce_one, &p);
	harness_await(1, 1);             /* the producer waits for room */
	queue_close(q);
	join(t);
	expect(!p.pushed, "queue_push returned true for a producer woken by queue_close; the item was never added");
	queue_destroy(q);
}

struct closer {
	struct queue *q;
	struct unordered_flag go;
};

static void *close_when_told(void *arg)
{
	struct closer *c = arg;
	unordered_flag_wait(&c->go);
	queue_close(c->q);
	return NULL;
}

static void close_race(void)
{
	struct queue *q = create_or_fail(4);
	struct closer closer = { .q = q };
	unordered_flag_init(&closer.go);
	pthread_t tc = spawn(close_when_told, &closer);

	struct consumer c[2] = { { .q = q }, { .q = q } };
	pthread_t t[2] = { spawn(consume_all, &c[0]), spawn(consume_all, &c[1]) };
	for (unsigned n = 1; n <= 3; n++)
		push_or_fail(q, n);
	harness_await(2, 1);             /* both drained the queue and wait */
	unordered_flag_raise(&closer.go);
	join(tc);
	join(t[0]);
	join(t[1]);
	expect(c[0].got + c[1].got == 3, "the consumers received %u items; 3 were pushed", c[0].got + c[1].got);
	queue_destroy(q);
}

static const struct scenario scenarios[] = {
	{ "drain", drain },
	{ "refuse", refuse },
	{ "wake-consumers", wake_consumers },
	{ "wake-producer", wake_producer },
	{ "close-race", close_race },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return run_scenario(argc, argv, scenarios);
}
