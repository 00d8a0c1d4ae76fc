/*
 * Test driver for 1.5, moving items between two queues.
 *
 *   driver move | refused | self | both-ways
 *
 * "both-ways" is the workload for Helgrind: one thread moves items from A
 * to B, then (after it has finished) another moves them from B to A. The
 * threads never overlap, so the run cannot deadlock; Helgrind still sees
 * the two lock orders and reports the deadlock that timing could cause.
 */
#include <stdio.h>

#include "queue-test.h"

static void push_or_fail(struct queue *q, unsigned n)
{
	expect(queue_push(q, ITEM(n)), "queue_push refused item %u on an open queue", n);
}

static void pop_expect(struct queue *q, const char *name, unsigned want)
{
	void *item = NULL;
	expect(queue_pop(q, &item), "queue %s had no item; item %u should be there", name, want);
	expect(VALUE(item) == want, "queue %s gave item %u; item %u should be next", name, VALUE(item), want);
}

static void move(void)
{
	struct queue *a = create_or_fail(4), *b = create_or_fail(4);
	push_or_fail(a, 1);
	push_or_fail(a, 2);
	push_or_fail(b, 10);
	expect(queue_move(a, b), "queue_move(a, b) returned false although a had items and b had room");
	pop_expect(a, "a", 2);
	pop_expect(b, "b", 10);
	pop_expect(b, "b", 1);
	queue_destroy(a);
	queue_destroy(b);
}

static void refused(void)
{
	struct queue *a = create_or_fail(4), *b = create_or_fail(1);
	expect(!queue_move(a, b), "queue_move returned true although the source queue was empty");
	push_or_fail(a, 1);
	push_or_fail(b, 2);
	expect(!queue_move(a, b), "queue_move returned true although the destination queue was full");
	pop_expect(b, "b", 2);
	queue_close(b);
	expect(!queue_move(a, b), "queue_move returned true although the destination queue was closed");
	pop_expect(a, "a", 1);
	queue_destroy(a);
	queue_destroy(b);
}

static void self(void)
{
	struct queue *a = create_or_fail(2);
	push_or_fail(a, 1);
	push_or_fail(a, 2);
	expect(queue_move(a, a), "queue_move(a, a) returned false with items in a");
	pop_expect(a, "a", 2);
	pop_expect(a, "a", 1);
	queue_destroy(a);
}

struct mover {
	struct queue *from, *to;
};

static void *move_three(void *arg)
{
	struct mover *m = arg;
	for (int i = 0; i < 3; i++)
		expect(queue_move(m->from, m->to), "queue_move failed with items to move and room for them");
	return NULL;
}

static void both_ways(void)
{
	struct queue *a = create_or_fail(4), *b = create_or_fail(4);
	for (unsigned n = 1; n <= 3; n++)
		push_or_fail(a, n);
	struct mover there = { .from = a, .to = b }, back = { .from = b, .to = a };
	join(spawn(move_three, &there));
	join(spawn(move_three, &back));
	for (unsigned n = 1; n <= 3; n++)
		pop_expect(a, "a", n);
	queue_destroy(a);
	queue_destroy(b);
}

static const struct scenario scenarios[] = {
	{ "move", move },
	{ "refused", refused },
	{ "self", self },
	{ "both-ways", both_ways },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return run_scenario(argc, argv, scenarios);
}
