/*
 * message.c - messages built in buffers from a pool.
 *
 * Goal: every buffer taken from the pool goes back exactly once, on every
 * path. Read lessons/02-pools/03-double-release.md, then run
 * `make grade EX=2.3`.
 */
#include "message.h"

#include <stdio.h>
#include <string.h>

int message_format(struct pool *buffers, const char *tag, const char *text,
		   char *out, size_t size)
{
	int length = -1;
	char *buffer = pool_get(buffers);
	if (buffer == NULL)
		return -1;

	int needed = snprintf(buffer, MESSAGE_MAX, "[%s] %s", tag, text);
	if (needed < 0 || needed >= MESSAGE_MAX) {
		/* Too long: the buffer is of no use, give it back straight away. */
		pool_put(buffers, buffer);
		goto out_release;
	}
	snprintf(out, size, "%s", buffer);
	length = needed;

out_release:
	pool_put(buffers, buffer);
	return length;
}
