/*
 * Test driver for 3.4, cancelling a thread that holds a lock and memory.
 *
 *   driver batches | stop-waiting | stop
 *
 * "stop-waiting" starts a collector on an empty inbox, waits until it is
 * blocked in pthread_cond_wait (harness_await: no sleeping, no guessing),
 * stops it with collector_stop, which cancels it there, and then checks
 * that the inbox's lock is free and that a new collector can use the
 * inbox. "stop" is the same stop under Memcheck: the collector's batch
 * must have been freed although the thread never returned.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "collector.h"
#include "harness.h"

enum { MAX_DELIVERED = 32, BATCH = 3 };

/* What the collector delivered; read only after it has been joined. */
struct delivered {
	int items[MAX_DELIVERED];
	size_t count;
	size_t batches;
};

static void record(const int *items, size_t count, void *arg)
{
	struct delivered *d = arg;
	expect(count >= 1 && count <= BATCH,
	       "the collector delivered a batch of %zu items; batches have 1 to %d", count, BATCH);
	expect(d->count + count <= MAX_DELIVERED, "the collector delivered more items than were posted");
	memcpy(d->items + d->count, items, count * sizeof *items);
	d->count += count;
	d->batches++;
}

static void init_or_fail(struct inbox *inbox)
{
	int err = inbox_init(inbox);
	expect(err == 0, "inbox_init failed: %s", strerror(err));
}

static void start_or_fail(struct collector *c, struct inbox *inbox, struct delivered *d)
{
	memset(d, 0, sizeof *d);
	*c = (struct collector){ .inbox = inbox, .batch_size = BATCH, .deliver = record, .arg = d };
	int err = collector_start(c);
	expect(err == 0, "collector_start failed: %s", strerror(err));
}

static void post_or_fail(struct inbox *inbox, int item)
{
	expect(inbox_post(inbox, item) == 0, "inbox_post(%d) failed on an open inbox with room", item);
}

/* Finishes the collector and checks that it delivered exactly the items
 * first..last, in order. */
static void expect_delivered(struct collector *c, const struct delivered *d, int first, int last)
{
	int err = collector_finish(c);
	expect(err == 0, "collector_finish returned %d (%s)", err, strerror(err));
	size_t posted = (size_t)(last - first + 1);
	expect(d->count == posted, "%zu items were posted (%d to %d) and the collector delivered %zu",
	       posted, first, last, d->count);
	for (size_t i = 0; i < posted; i++)
		expect(d->items[i] == first + (int)i, "item %zu delivered was %d; expected %d (items come oldest first)",
		       i + 1, d->items[i], first + (int)i);
}

/* The normal way to end: close the inbox, let the collector drain it. */
static void batches(void)
{
	struct inbox inbox;
	init_or_fail(&inbox);
	for (int i = 1; i <= 7; i++)
		post_or_fail(&inbox, i);
	struct collector c;
	struct delivered d;
	start_or_fail(&c, &inbox, &d);
	/* The seven waiting items go out as 3 + 3 + 1; then the collector
	 * waits, and two more arrive while it does. */
	harness_await(1, 0);
	post_or_fail(&inbox, 8);
	post_or_fail(&inbox, 9);
	expect_delivered(&c, &d, 1, 9);
	inbox_destroy(&inbox);
}

/* Starts a collector on an empty inbox and stops it while it waits. */
static void stop_while_waiting(struct inbox *inbox)
{
	struct collector c;
	struct delivered d;
	start_or_fail(&c, inbox, &d);
	harness_await(1, 0);
	collector_stop(&c);
	expect(d.count == 0, "the collector delivered %zu items from an empty inbox", d.count);
}

static void stop_waiting(void)
{
	struct inbox inbox;
	init_or_fail(&inbox);
	stop_while_waiting(&inbox);
	int err = pthread_mutex_trylock(&inbox.lock);
	expect(err == 0,
	       "the collector was cancelled while waiting in pthread_cond_wait (collector_stop) and left the "
	       "inbox's mutex locked: pthread_mutex_trylock afterwards said \"%s\". A thread cancelled there "
	       "holds the mutex again as it goes, and nothing but a cleanup handler can release it: every "
	       "inbox_post would now block for ever.", strerror(err));
	pthread_mutex_unlock(&inbox.lock);

	/* collector.h: after a stop, the inbox works as before. */
	struct collector c;
	struct delivered d;
	start_or_fail(&c, &inbox, &d);
	for (int i = 1; i <= 4; i++)
		post_or_fail(&inbox, i);
	expect_delivered(&c, &d, 1, 4);
	inbox_destroy(&inbox);
}

/* The Memcheck workload: no assertion on the lock here; the leak check at
 * exit says whether the cancelled collector freed its batch. */
static void stop(void)
{
	struct inbox inbox;
	init_or_fail(&inbox);
	stop_while_waiting(&inbox);
	inbox_destroy(&inbox);
}

int main(int argc, char **argv)
{
	static const struct scenario scenarios[] = {
		{ "batches", batches },
		{ "stop-waiting", stop_waiting },
		{ "stop", stop },
		{ NULL, NULL },
	};
	return run_scenario(argc, argv, scenarios);
}
