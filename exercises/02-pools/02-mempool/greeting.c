/*
 * greeting.c - greetings formatted in scratch buffers from a pool.
 *
 * Memcheck has something to say about this file once the pool tells it
 * what a released object is (step 2.2).
 */
#include "greeting.h"

#include <stdio.h>

int greet(struct pool *scratch, const char *name, char *out, size_t size)
{
	char *buffer = pool_get(scratch);
	if (buffer == NULL)
		return -1;
	snprintf(buffer, GREETING_MAX, "Hello, %s!", name);
	/* The scratch buffer is only needed while formatting: give it back at
	 * once, so that other threads can have it sooner. */
	pool_put(scratch, buffer);
	return snprintf(out, size, "%s", buffer);
}
