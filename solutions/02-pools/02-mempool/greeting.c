/*
 * greeting.c - greetings formatted in scratch buffers from a pool
 * (reference solution, step 2.2).
 *
 * A buffer returned to the pool belongs to the pool: another thread may
 * have it the next instant. So it goes back only after its last use.
 */
#include "greeting.h"

#include <stdio.h>

int greet(struct pool *scratch, const char *name, char *out, size_t size)
{
	char *buffer = pool_get(scratch);
	if (buffer == NULL)
		return -1;
	snprintf(buffer, GREETING_MAX, "Hello, %s!", name);
	int length = snprintf(out, size, "%s", buffer);
	pool_put(scratch, buffer);
	return length;
}
