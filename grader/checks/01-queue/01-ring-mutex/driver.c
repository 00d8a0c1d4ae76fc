/*
 * Test driver for 1.1, a ring buffer behind a mutex.
 *
 *   driver order | full-empty | wrap | two-threads
 *
 * Each scenario prints "FAIL: <what went wrong>" and exits 1 on the first
 * wrong answer. "two-threads" is the workload for Helgrind and Memcheck: two
 * threads push and pop at once, with nothing but the queue's own mutex
 * ordering them, so every unguarded access is a race Helgrind can see.
 */
#include <stdio.h>

#include "queue-test.h"

static void push_or_fail(struct queue *q, unsigned n)
{
	expect(queue_try_push(q, ITEM(n)), "queue_try_push refused item %u although the queue had room", n);
}

static void pop_expect(struct queue *q, unsigned want)
{
	void *item = NULL;
	expect(queue_try_pop(q, &item), "queue_try_pop found the queue empty; item %u should have been next", want);
	expect(VALUE(item) == want, "queue_try_pop returned item %u; item %u went in first and should come out first", VALUE(item), want);
}

static void order(void)
{
	struct queue *q = create_or_fail(8);
	
	for (unsigned n = 1; n <= 5; n++)
		push_or_fail(q, n);
	expect(queue_length(q) == 5, "queue_length is %zu after 5 pushes", queue_length(q));
	for (unsigned n = 1; n <= 5; n++)
		pop_expect(q, n);
	expect(queue_length(q) == 0, "queue_length is %zu after popping everything", queue_length(q));
	queue_destroy(q);
}

static void full_empty(void)
{
	struct queue *q = create_or_fail(3);
	void *item;
	
	expect(!queue_try_pop(q, &item), "queue_try_pop returned an item from a new, empty queue");
	for (unsigned n = 1; n <= 3; n++)
		push_or_fail(q, n);
	expect(!queue_try_push(q, ITEM(4)), "queue_try_push accepted a 4th item into a queue of capacity 3");
	expect(queue_length(q) == 3, "queue_length is %zu for a full queue of capacity 3", queue_length(q));
	for (unsigned n = 1; n <= 3; n++)
		pop_expect(q, n);
	expect(!queue_try_pop(q, &item), "queue_try_pop returned an item after everything was popped");
	queue_destroy(q);
}

static void wrap(void)
{
	struct queue *q = create_or_fail(3);
	
	unsigned next_in = 1, next_out = 1;
	for (int round = 0; round < 10; round++) {
		push_or_fail(q, next_in++);
		push_or_fail(q, next_in++);
		pop_expect(q, next_out++);
		pop_expect(q, next_out++);
	}
	queue_destroy(q);
}

enum { PAIRS = 40 };

struct worker {
	struct queue *q;
	unsigned first;              /* items first .. first+PAIRS-1 */
	unsigned popped[PAIRS];
};

/* Push one, pop one: the queue never runs empty for this thread, so nothing
 * here spins, yet both threads use head, count and slots at the same time. */
static void *push_pop(void *arg)
{
	struct worker *w = arg;
	for (unsigned i = 0; i < PAIRS; i++) {
		void *item = NULL;
		expect(queue_try_push(w->q, ITEM(w->first + i)), "queue_try_push failed with room to spare");
		expect(queue_try_pop(w->q, &item), "queue_try_pop found the queue empty right after a push");
		w->popped[i] = VALUE(item);
	}
	return NULL;
}

static void two_threads(void)
{
	struct queue *q = create_or_fail(2 * PAIRS);
	
	struct worker a = { .q = q, .first = 1 }, b = { .q = q, .first = 1001 };
	pthread_t ta = spawn(push_pop, &a), tb = spawn(push_pop, &b);
	join(ta);
	join(tb);

	/* Every item pushed must come out exactly once. */
	static unsigned seen[2000];
	for (unsigned i = 0; i < PAIRS; i++) {
		seen[a.popped[i]]++;
		seen[b.popped[i]]++;
	}
	for (unsigned i = 0; i < PAIRS; i++) {
		expect(seen[a.first + i] == 1, "item %u came out %u times", a.first + i, seen[a.first + i]);
		expect(seen[b.first + i] == 1, "item %u came out %u times", b.first + i, seen[b.first + i]);
	}
	expect(queue_length(q) == 0, "queue_length is %zu after every item was popped", queue_length(q));
	queue_destroy(q);
}

static const struct scenario scenarios[] = {
	{ "order", order },
	{ "full-empty", full_empty },
	{ "wrap", wrap },
	{ "two-threads", two_threads },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return run_scenario(argc, argv, scenarios);
}
