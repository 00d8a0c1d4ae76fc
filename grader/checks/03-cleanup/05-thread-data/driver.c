/*
 * Test driver for 3.5, a scratch buffer per thread in thread-specific data.
 *
 *   driver sizes | separate | threads | main | faults
 *
 * "threads" is the workload for Memcheck: two worker threads grow their
 * buffers twice and end by returning, so the key's destructor frees the
 * last buffer of each; the buffers they outgrew must have been freed when
 * they were replaced. "main" has the main thread use a buffer and give it
 * back with scratch_release, as scratch.h asks of it: no destructor ever
 * runs for the main thread. "faults" is the fault-injection workload:
 * scratch_create, a worker thread's first buffer and its growth fail in
 * turn; a failed growth must leave the thread its old buffer.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "harness.h"
#include "scratch.h"

static struct scratch *create_or_fail(void)
{
	struct scratch *s = scratch_create();
	expect(s != NULL, "scratch_create returned NULL (%s)", strerror(errno));
	return s;
}

/* scratch_get, which must succeed; the whole buffer is written, so that
 * Memcheck reports a buffer smaller than asked for. */
static unsigned char *get_and_fill(struct scratch *s, size_t size, int fill)
{
	errno = 0;
	unsigned char *buffer = scratch_get(s, size);
	expect(buffer != NULL, "scratch_get(%zu) returned NULL (%s)", size, strerror(errno));
	expect((uintptr_t)buffer % _Alignof(max_align_t) == 0,
	       "scratch_get(%zu) returned %p, not aligned for any type", size, (void *)buffer);
	memset(buffer, fill, size);
	return buffer;
}

static void expect_filled(const unsigned char *buffer, size_t size, int fill, const char *what)
{
	for (size_t i = 0; i < size; i++)
		expect(buffer[i] == (unsigned char)fill,
		       "%s: byte %zu of the buffer is %d, not the %d written there", what, i, buffer[i], fill);
}

/* One thread: the same buffer while it fits, a larger one when asked. */
static void sizes(void)
{
	struct scratch *s = create_or_fail();
	unsigned char *first = get_and_fill(s, 64, 1);
	unsigned char *again = scratch_get(s, 16);
	expect(again == first,
	       "scratch_get(16) after scratch_get(64) returned a different buffer: a buffer that is big "
	       "enough must be given back as it is");
	expect_filled(again, 64, 1, "scratch_get(16) after scratch_get(64)");
	unsigned char *larger = get_and_fill(s, 1000, 2);
	expect(scratch_get(s, 1000) == larger,
	       "scratch_get(1000) twice in a row returned two different buffers");
	scratch_release(s);
	get_and_fill(s, 8, 3);      /* a new buffer after the release */
	scratch_release(s);
	scratch_destroy(s);
}

/* Two threads that hold their buffers at the same time. */
struct worker {
	struct scratch *s;
	pthread_barrier_t *both_filled;
	int fill;
	unsigned char *buffer;
};

static void *fill_and_wait(void *arg)
{
	struct worker *w = arg;
	w->buffer = get_and_fill(w->s, 32, w->fill);
	pthread_barrier_wait(w->both_filled);
	expect_filled(w->buffer, 32, w->fill, "after the other thread filled its own buffer");
	expect(scratch_get(w->s, 32) == w->buffer,
	       "a thread asked for 32 bytes twice and got two different buffers");
	return NULL;
}

static void separate(void)
{
	struct scratch *s = create_or_fail();
	unsigned char *mine = get_and_fill(s, 32, 9);
	pthread_barrier_t both_filled;
	pthread_barrier_init(&both_filled, NULL, 2);
	struct worker a = { s, &both_filled, 1, NULL }, b = { s, &both_filled, 2, NULL };
	pthread_t ta = spawn(fill_and_wait, &a), tb = spawn(fill_and_wait, &b);
	join(ta);
	join(tb);
	pthread_barrier_destroy(&both_filled);
	expect(a.buffer != b.buffer, "two threads got the same buffer from scratch_get");
	expect(a.buffer != mine && b.buffer != mine,
	       "a new thread got the main thread's buffer from scratch_get");
	expect_filled(mine, 32, 9, "the main thread's buffer, after two other threads used theirs");
	scratch_release(s);
	scratch_destroy(s);
}

/* Grows its buffer twice, then ends by returning. */
static void *grow(void *arg)
{
	struct scratch *s = arg;
	unsigned char *small = get_and_fill(s, 16, 1);
	unsigned char *medium = get_and_fill(s, 64, 2);
	unsigned char *large = get_and_fill(s, 256, 3);
	(void)small;
	(void)medium;
	expect(scratch_get(s, 100) == large,
	       "scratch_get(100) after scratch_get(256) returned a different buffer");
	return NULL;
}

static void threads(void)
{
	struct scratch *s = create_or_fail();
	pthread_t one = spawn(grow, s), two = spawn(grow, s);
	join(one);
	join(two);
	scratch_destroy(s);
}

/* The main thread uses a buffer and gives it back, as scratch.h says;
 * then once more, since a release must leave the thread as if it had never
 * had a buffer. */
static void main_thread(void)
{
	struct scratch *s = create_or_fail();
	unsigned char *buffer = get_and_fill(s, 32, 1);
	expect(scratch_get(s, 16) == buffer, "scratch_get(16) after scratch_get(32) returned a different buffer");
	scratch_release(s);
	get_and_fill(s, 8, 2);      /* after a release, a new buffer */
	scratch_release(s);
	scratch_destroy(s);
}

/* scratch_get, checked: NULL exactly when a call inside it was made to
 * fail, with errno set. */
static unsigned char *get_checked(struct scratch *s, size_t size)
{
	bool failed_before = harness_fault_injected();
	errno = 0;
	unsigned char *buffer = scratch_get(s, size);
	int err = errno;
	if (!failed_before && harness_fault_injected()) {
		expect(buffer == NULL, "scratch_get(%zu) returned a buffer although %s failed inside it",
		       size, harness_failed_call());
		expect(err != 0, "scratch_get(%zu) returned NULL but left errno 0: say why it failed", size);
	} else {
		expect(buffer != NULL, "scratch_get(%zu) failed (%s) although nothing inside it failed",
		       size, strerror(err));
		memset(buffer, 7, size);
	}
	return buffer;
}

static void *get_then_grow(void *arg)
{
	struct scratch *s = arg;
	unsigned char *small = get_checked(s, 16);
	if (small == NULL)
		return NULL;
	memset(small, 5, 16);
	unsigned char *large = get_checked(s, 256);
	if (large == NULL) {
		/* The failed growth must have left the thread its buffer. */
		expect(scratch_get(s, 16) == small,
		       "after scratch_get(256) failed, scratch_get(16) did not return the thread's "
		       "16-byte buffer: a failed growth must leave the old buffer in place");
		expect_filled(small, 16, 5, "the old buffer, after a failed growth");
	}
	return NULL;
}

/* scratch_create, then a worker thread's first buffer and its growth; the
 * worker ends by returning, so its last buffer is the destructor's. A run
 * whose failed call is in scratch_create ends with a second, working
 * scratch_create: going on to a growth that succeeds would only test the
 * replacement again, which the "threads" check already does. */
static void faults(void)
{
	bool failed_before = harness_fault_injected();
	errno = 0;
	struct scratch *s = scratch_create();
	int err = errno;
	if (!failed_before && harness_fault_injected()) {
		expect(s == NULL, "scratch_create returned a scratch although %s failed inside it",
		       harness_failed_call());
		expect(err != 0, "scratch_create returned NULL but left errno 0: say why it failed");
		/* Nothing was left half made: a second try works. */
		scratch_destroy(create_or_fail());
		return;
	}
	expect(s != NULL, "scratch_create failed (%s) although nothing inside it failed", strerror(err));
	join(spawn(get_then_grow, s));
	scratch_destroy(s);
}

int main(int argc, char **argv)
{
	static const struct scenario scenarios[] = {
		{ "sizes", sizes },
		{ "separate", separate },
		{ "threads", threads },
		{ "main", main_thread },
		{ "faults", faults },
		{ NULL, NULL },
	};
	return run_scenario(argc, argv, scenarios);
}
