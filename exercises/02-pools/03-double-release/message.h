/*
 * message.h - formats messages in buffers taken from a pool.
 * Lesson 2, step 3: a user of the pool with an error path.
 */
#ifndef MESSAGE_H
#define MESSAGE_H

#include <stddef.h>

#include "pool.h"

/* The size of the buffers message_format takes from its pool: the pool's
 * objects must be at least this big. A message must be shorter. */
enum { MESSAGE_MAX = 32 };

/* Copies "[TAG] TEXT" into out (size bytes, always terminated), building it
 * in a buffer from `buffers`. Returns the message's length, or -1 when the
 * pool is empty or the message would not fit in MESSAGE_MAX - 1 bytes (then
 * out is left as it was). Every buffer taken goes back to the pool. */
int message_format(struct pool *buffers, const char *tag, const char *text,
		   char *out, size_t size);

#endif
