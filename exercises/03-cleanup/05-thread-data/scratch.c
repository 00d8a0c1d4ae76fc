/*
 * scratch.c - a scratch buffer per thread, kept in thread-specific data.
 *
 * Goal: every buffer this file allocates is freed exactly once, whichever
 * thread used it and however that thread ends. Read
 * lessons/03-cleanup/05-thread-data.md, then run `make grade EX=3.5`.
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

/* Runs as each thread that has a buffer exits. */
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
		return NULL;
	bigger->size = size;
	int err = pthread_setspecific(s->key, bigger);
	if (err != 0) {
		free(bigger);
		errno = err;
		return NULL;
	}
	return bigger->data;
}

void scratch_release(struct scratch *s)
{
	/* The thread's value goes back to NULL: its buffer is the key's to
	 * free. */
	pthread_setspecific(s->key, NULL);
}
