/*
 * scratch.h - a scratch buffer per thread. Lesson 3, step 5.
 *
 * Code that formats a message, decodes a packet or sorts a few keys often
 * needs a temporary buffer whose size it learns only at run time. Asking
 * malloc every time is slow; one static buffer is wrong as soon as two
 * threads use it. Here each thread gets a buffer of its own, kept between
 * calls and grown when a request needs more room.
 */
#ifndef SCRATCH_H
#define SCRATCH_H

#include <stddef.h>

struct scratch;

/* Returns a new set of per-thread buffers (none allocated yet), or NULL
 * with errno set. */
struct scratch *scratch_create(void);

/* Frees s. Every thread that used it must have ended or called
 * scratch_release first: deleting s frees no thread's buffer. */
void scratch_destroy(struct scratch *s);

/*
 * Returns the calling thread's buffer, at least `size` bytes and aligned
 * for any type. As long as it is big enough, the thread gets the same
 * buffer back; a larger request replaces it with a larger one, whose
 * contents are unspecified. Only the calling thread may use it, until its
 * next scratch_get or scratch_release.
 * Returns NULL with errno set if a larger buffer cannot be had: the thread
 * then keeps the buffer it had, contents included.
 */
void *scratch_get(struct scratch *s, size_t size);

/*
 * Frees the calling thread's buffer now (a later scratch_get makes a new
 * one). A thread that ends by returning from its start routine or by
 * calling pthread_exit has its buffer freed then, without this call. Any
 * other thread must call it before it ends: above all the main thread,
 * before it returns from main or calls exit.
 */
void scratch_release(struct scratch *s);

#endif
