/*
 * greeting.h - formats greetings in scratch buffers taken from a pool.
 * Lesson 2, step 2: a user of the pool.
 */
#ifndef GREETING_H
#define GREETING_H

#include <stddef.h>

#include "pool.h"

/* The size of the scratch buffers greet takes from its pool: the pool's
 * objects must be at least this big. */
enum { GREETING_MAX = 64 };

/* Writes "Hello, NAME!" into out (at most size bytes, always terminated),
 * formatting it first in a scratch buffer taken from `scratch`. Returns the
 * length of the whole greeting, as snprintf does, or -1 when the pool has
 * no buffer to spare. */
int greet(struct pool *scratch, const char *name, char *out, size_t size);

#endif
