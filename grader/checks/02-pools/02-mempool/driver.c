/*
 * Test driver for 2.2, teaching Memcheck about the pool.
 *
 *   driver greet | released-use | workload
 *
 * "released-use" uses an object after returning it, on purpose: the check
 * that runs it under Memcheck passes only if Memcheck reports it, which it
 * can only do once the pool describes its objects with client requests.
 * "workload" greets a few names under Memcheck: with a pool that does,
 * a greeting that uses its buffer after releasing it is caught.
 */
#include <stdio.h>

#include "greeting.h"
#include "pool-test.h"

static void greet_or_fail(struct pool *p, const char *name, const char *want)
{
	char out[GREETING_MAX];
	int length = greet(p, name, out, sizeof out);
	expect(length == (int)strlen(want), "greet(\"%s\") returned %d; \"%s\" has %zu characters",
	       name, length, want, strlen(want));
	expect(strcmp(out, want) == 0, "greet(\"%s\") wrote \"%s\" instead of \"%s\"", name, out, want);
}

static void greet_names(void)
{
	struct pool *p = create_or_fail(GREETING_MAX, 2);
	greet_or_fail(p, "Ada", "Hello, Ada!");
	greet_or_fail(p, "Grace", "Hello, Grace!");
	char out[8];
	int length = greet(p, "Barbara", out, sizeof out);
	expect(length == 15 && strcmp(out, "Hello, ") == 0,
	       "greet into 8 bytes returned %d and \"%s\"; it should return 15 and write \"Hello, \"", length, out);
	expect(pool_available(p) == 2, "pool_available is %zu after the greetings: a buffer was not returned", pool_available(p));
	void *a = pool_get(p), *b = pool_get(p);
	expect(greet(p, "Ada", out, sizeof out) == -1, "greet returned something other than -1 with the pool empty");
	pool_put(p, a);
	pool_put(p, b);
	pool_destroy(p);
}

static void released_use(void)
{
	struct pool *p = create_or_fail(GREETING_MAX, 1);
	char *object = pool_get(p);
	expect(object != NULL, "pool_get returned NULL from a new pool");
	object[0] = 'x';
	pool_put(p, object);
	volatile char after = object[0];   /* deliberately: a use after release */
	(void)after;
	pool_destroy(p);
}

static void workload(void)
{
	struct pool *p = create_or_fail(GREETING_MAX, 2);
	static const char *const names[] = { "Ada", "Grace", "Barbara", "Frances" };
	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
			char want[GREETING_MAX];
			snprintf(want, sizeof want, "Hello, %s!", names[i]);
			greet_or_fail(p, names[i], want);
		}
	}
	pool_destroy(p);
}

static const struct scenario scenarios[] = {
	{ "greet", greet_names },
	{ "released-use", released_use },
	{ "workload", workload },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return run_scenario(argc, argv, scenarios);
}
