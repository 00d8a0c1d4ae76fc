/*
 * scratch.c - a scratch buffer per thread, kept in thread-specific data
 * (reference solution, step 3.5).
 *
 * The key's destructor is not an owner that watches the value: it is
 * called once, at the exit of a thread that returns from its start routine
 * or calls pthread_exit, with whatever the value is at that moment. Every
 * other end of a buffer's life is this file's job:
 *   - pthread_setspecific only stores a pointer: when it replaces a buffer,
 *     the old one must be freed here;
 *   - the main thread never runs destructors (returning from main calls
 *     exit), and neither does any thread that calls exit: scratch_release
 *     frees the buffer itself;
 *   - pthread_key_delete calls no destructor either (see scratch.h).
 */
#include "scratch.h"

#include <errno.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>

struct scratch {
	pthread_key_t key;          /* each thread's struct buffer */
};

/* One thread's buffer: a header and the bytes handed out, in one block. */
struct buffer {
	size_t size;                /* bytes usable in data */
	alignas(max_align_t) unsigned char data[];
};

/* Runs as each thread that has a buffer exits through its start routine
 * or pthread_exit (never for the main thread). */
static void free_buffer(void *value)
{
	free(value);
}

struct scratch *scratch_create(void)
{
	struct scratch *s = malloc(sizeof *s);
	if (s == NULL)
		return NULL;
	int err = pthread_key_create(&s->key, free_buffer);
	if (err != 0) {
		free(s);
		errno = err;
		return NULL;
	}
	return s;
}

void scratch_destroy(struct scratch *s)
{
	pthread_key_delete(s->key);
	free(s);
}

void *scratch_get(struct scratch *s, size_t size)
{
	struct buffer *buffer = pthread_getspecific(s->key);
	if (buffer != NULL && buffer->size >= size)
		return buffer->data;

	/* Too small, or none yet. Scratch contents need not survive, so a
	 * fresh block does: no realloc, no copy. */
	if (size > SIZE_MAX - sizeof *buffer) {
		errno = ENOMEM;
		return NULL;
	}
	struct buffer *bigger = malloc(sizeof *bigger + size);
	if (bigger == NULL)
		return NULL;        /* the old buffer is still the thread's */
	bigger->size = size;
	int err = pthread_setspecific(s->key, bigger);
	if (err != 0) {
		free(bigger);
		errno = err;
		return NULL;
	}
	/* Only now, with the new buffer in place, is the old one no longer
	 * needed. The value was its only pointer, and setspecific just
	 * overwrote it without freeing anything: free it here or lose it.
	 * (Freeing it first would leave the thread a dangling value if malloc
	 * failed.) */
	free(buffer);
	return bigger->data;
}

void scratch_release(struct scratch *s)
{
	/* Setting the value to NULL frees nothing, and no destructor will
	 * ever see this buffer if the caller is the main thread: free it,
	 * then forget it, so that the thread's exit (if it is not main) finds
	 * NULL and does not free it a second time. */
	free(pthread_getspecific(s->key));
	pthread_setspecific(s->key, NULL);
}
