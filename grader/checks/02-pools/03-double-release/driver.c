/*
 * Test driver for 2.3, a double release.
 *
 *   driver format | failed-then-two-gets | workload
 *
 * "failed-then-two-gets" makes message_format fail (the text is too long),
 * then takes two objects from the pool: a buffer released twice sits in the
 * pool twice, and both takes return it, as two threads would.
 * "workload" runs both paths under Memcheck, whose mempool-aware pool
 * reports a second release as an invalid free.
 */
#include <stdio.h>

#include "message.h"
#include "pool-test.h"

static const char *const TOO_LONG = "a text much longer than any message may be";

static void format(void)
{
	struct pool *p = create_or_fail(MESSAGE_MAX, 2);
	char out[MESSAGE_MAX] = "";
	int length = message_format(p, "info", "ready", out, sizeof out);
	expect(length == 12 && strcmp(out, "[info] ready") == 0,
	       "message_format returned %d and \"%s\"; expected 12 and \"[info] ready\"", length, out);
	expect(pool_available(p) == 2, "pool_available is %zu after message_format: its buffer was not returned", pool_available(p));
	strcpy(out, "unchanged");
	length = message_format(p, "info", TOO_LONG, out, sizeof out);
	expect(length == -1 && strcmp(out, "unchanged") == 0,
	       "message_format with a too-long text returned %d and wrote \"%s\"; expected -1 and no change", length, out);
	pool_destroy(p);
}

static void failed_then_two_gets(void)
{
	struct pool *p = create_or_fail(MESSAGE_MAX, 4);
	void *held[2] = { pool_get(p), pool_get(p) };
	char out[MESSAGE_MAX];
	expect(message_format(p, "warn", TOO_LONG, out, sizeof out) == -1,
	       "message_format accepted a text too long for a message");
	void *first = pool_get(p), *second = pool_get(p);
	expect(first != second,
	       "after a message_format that failed (the text was too long), two pool_get calls "
	       "returned the same buffer: the failed call gave its buffer back to the pool twice, "
	       "so two owners now share it.");
	expect(pool_available(p) == 0, "pool_available is %zu with all four buffers taken", pool_available(p));
	pool_put(p, first);
	pool_put(p, second);
	pool_put(p, held[0]);
	pool_put(p, held[1]);
	pool_destroy(p);
}

/* One buffer stays out during the failing call, so that even a double
 * release cannot push more buffers into the pool than it has room for. */
static void workload(void)
{
	struct pool *p = create_or_fail(MESSAGE_MAX, 4);
	char out[MESSAGE_MAX];
	expect(message_format(p, "info", "one", out, sizeof out) == 10, "message_format failed on a short text");
	void *held = pool_get(p);
	expect(message_format(p, "warn", TOO_LONG, out, sizeof out) == -1, "message_format accepted a too-long text");
	(void)held;   /* goes with the pool: destroying it releases every object */
	pool_destroy(p);
}

static const struct scenario scenarios[] = {
	{ "format", format },
	{ "failed-then-two-gets", failed_then_two_gets },
	{ "workload", workload },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return run_scenario(argc, argv, scenarios);
}
