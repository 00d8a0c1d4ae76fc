/*
 * Test driver for 1.1, a ring buffer behind a mutex.
 *
 *   driver order | full-empty | wrap | preempted-push | preempted-pop | two-threads
 *
 * Each scenario prints "FAIL: <what went wrong>" and exits 1 on the first
 * wrong answer. "two-threads" is the workload for Helgrind and Memcheck: two
 * threads push and pop at once, with nothing but the queue's own mutex
 * ordering them, so every unguarded access is a race Helgrind can see.
 */
#include <stdbool.h>
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

/*
 * A thread can be preempted at any instruction; right after it unlocks is
 * where another thread most easily gets in. The harness runs a second
 * operation at exactly that point, on the same queue, and then lets the
 * first one finish: if the first had work left to do after unlocking, the
 * two operations now overlap, every time.
 */
static void push_two(void *q)
{
	expect(queue_try_push(q, ITEM(2)), "the interrupting queue_try_push refused item 2 although the queue had room");
}

static void preempted_push(void)
{
	struct queue *q = create_or_fail(4);
	harness_after_next_unlock(push_two, q);
	expect(queue_try_push(q, ITEM(1)), "queue_try_push refused item 1 on an empty queue");
	void *first = NULL, *second = NULL;
	bool got_first = queue_try_pop(q, &first), got_second = queue_try_pop(q, &second);
	unsigned a = got_first ? VALUE(first) : 0, b = got_second ? VALUE(second) : 0;
	expect((a == 1 && b == 2) || (a == 2 && b == 1),
	       "queue_try_push(1) was interrupted right after it unlocked the queue, and another thread "
	       "pushed item 2 at that moment. Afterwards the queue gave back %u and %u instead of 1 and 2: "
	       "the first push still had work to do after unlocking, so the two pushes overlapped.", a, b);
	queue_destroy(q);
}

struct popped {
	struct queue *q;
	void *item;
	bool ok;
};

static void pop_other(void *arg)
{
	struct popped *other = arg;
	other->ok = queue_try_pop(other->q, &other->item);
}

static void preempted_pop(void)
{
	struct queue *q = create_or_fail(4);
	push_or_fail(q, 1);
	push_or_fail(q, 2);
	struct popped other = { .q = q };
	harness_after_next_unlock(pop_other, &other);
	void *mine = NULL;
	expect(queue_try_pop(q, &mine), "queue_try_pop found no item in a queue holding two");
	unsigned a = VALUE(mine), b = other.ok ? VALUE(other.item) : 0;
	expect((a == 1 && b == 2) || (a == 2 && b == 1),
	       "queue_try_pop was interrupted right after it unlocked the queue, and another thread "
	       "popped at that moment. The two pops got items %u and %u instead of 1 and 2: the first "
	       "pop still had work to do after unlocking, so both took the same slot.", a, b);
	expect(queue_length(q) == 0, "queue_length is %zu after both items were popped", queue_length(q));
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
	{ "preempted-push", preempted_push },
	{ "preempted-pop", preempted_pop },
	{ "two-threads", two_threads },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return run_scenario(argc, argv, scenarios);
}
