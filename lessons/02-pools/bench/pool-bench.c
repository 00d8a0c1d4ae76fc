/*
 * pool-bench.c - does object reuse pay? Time per allocate+free pair of
 * 64-byte objects, for the allocator this program is linked with ("malloc"),
 * the reference mutex pool of step 2.1 ("pool") and the reference
 * per-thread cache of step 2.5 ("cache").
 *
 *   pool-bench MODE PATTERN THREADS OPS
 *   MODE    malloc | pool | cache
 *   PATTERN local   each thread allocates 4 objects, touches them, frees them
 *           handoff threads in pairs: one allocates batches, the other frees
 *                   them (memory changes threads, as in a producer-consumer)
 *
 * Prints: MODE PATTERN THREADS NS_PER_PAIR MAX_RSS_KB
 * Built with -O2 by lessons/02-pools/bench/run (make bench-pool).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cache.h"
#include "pool.h"

enum { SIZE = 64, WINDOW = 4, BATCH = 64 };

/* Keeps the compiler from proving a malloc/free pair useless and deleting
 * it (gcc does, at -O2): the pointer escapes into an empty asm. */
static inline void escape(void *p)
{
	__asm__ volatile("" : : "g"(p) : "memory");
}


static const char *mode;
static struct pool *shared;
static struct cached_pool *cached;
static pthread_barrier_t start;

static void *get(void)
{
	if (mode[0] == 'm')
		return malloc(SIZE);
	if (mode[0] == 'p')
		return pool_get(shared);
	return cached_get(cached);
}

static void put(void *object)
{
	if (mode[0] == 'm')
		free(object);
	else if (mode[0] == 'p')
		pool_put(shared, object);
	else
		cached_put(cached, object);
}

static long ops_per_thread;

static void *local(void *arg)
{
	(void)arg;
	void *window[WINDOW];
	pthread_barrier_wait(&start);
	for (long done = 0; done < ops_per_thread; done += WINDOW) {
		for (int i = 0; i < WINDOW; i++) {
			window[i] = get();
			if (window[i] == NULL)
				abort();
			*(volatile char *)window[i] = (char)i;
			escape(window[i]);
		}
		for (int i = 0; i < WINDOW; i++)
			put(window[i]);
	}
	return NULL;
}

/* A one-slot mailbox of batches between a producer and its consumer. */
struct mailbox {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	void *batch[BATCH];
	int full;
};

static void *producer(void *arg)
{
	struct mailbox *box = arg;
	pthread_barrier_wait(&start);
	for (long done = 0; done < ops_per_thread; done += BATCH) {
		void *batch[BATCH];
		for (int i = 0; i < BATCH; i++) {
			batch[i] = get();
			if (batch[i] == NULL)
				abort();
			*(volatile char *)batch[i] = (char)i;
			escape(batch[i]);
		}
		pthread_mutex_lock(&box->lock);
		while (box->full)
			pthread_cond_wait(&box->changed, &box->lock);
		memcpy(box->batch, batch, sizeof batch);
		box->full = 1;
		pthread_cond_broadcast(&box->changed);
		pthread_mutex_unlock(&box->lock);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	struct mailbox *box = arg;
	pthread_barrier_wait(&start);
	for (long done = 0; done < ops_per_thread; done += BATCH) {
		void *batch[BATCH];
		pthread_mutex_lock(&box->lock);
		while (!box->full)
			pthread_cond_wait(&box->changed, &box->lock);
		memcpy(batch, box->batch, sizeof batch);
		box->full = 0;
		pthread_cond_broadcast(&box->changed);
		pthread_mutex_unlock(&box->lock);
		for (int i = 0; i < BATCH; i++)
			put(batch[i]);
	}
	return NULL;
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fputs("usage: pool-bench malloc|pool|cache local|handoff THREADS OPS\n", stderr);
		return 2;
	}
	mode = argv[1];
	int handoff = strcmp(argv[2], "handoff") == 0;
	int threads = atoi(argv[3]);
	ops_per_thread = atol(argv[4]);
	if (threads < 1 || ops_per_thread < BATCH || (handoff && threads % 2 != 0)) {
		fputs("pool-bench: THREADS >= 1 (even for handoff), OPS >= 64\n", stderr);
		return 2;
	}
	/* Room for every object that can be out at once, caches included. */
	size_t objects = (size_t)threads * (BATCH * 3 + CACHE_SIZE) + 64;
	shared = pool_create(SIZE, objects);
	cached = shared != NULL ? cached_pool_create(shared) : NULL;
	if (cached == NULL) {
		perror("pool-bench");
		return 1;
	}
	pthread_barrier_init(&start, NULL, (unsigned)threads + 1);
	pthread_t *ids = calloc((size_t)threads, sizeof *ids);
	struct mailbox *boxes = calloc((size_t)threads / 2 + 1, sizeof *boxes);
	for (int i = 0; i < threads; i++) {
		if (handoff) {
			struct mailbox *box = &boxes[i / 2];
			if (i % 2 == 0) {
				pthread_mutex_init(&box->lock, NULL);
				pthread_cond_init(&box->changed, NULL);
			}
			pthread_create(&ids[i], NULL, i % 2 == 0 ? producer : consumer, box);
		} else {
			pthread_create(&ids[i], NULL, local, NULL);
		}
	}
	pthread_barrier_wait(&start);
	double began = seconds();
	for (int i = 0; i < threads; i++)
		pthread_join(ids[i], NULL);
	double elapsed = seconds() - began;
	/* A pair is one allocation and one free; in a handoff, a pair of
	 * threads moves ops_per_thread objects. */
	double pairs = handoff ? (double)ops_per_thread * threads / 2 : (double)ops_per_thread * threads;
	struct rusage usage;
	getrusage(RUSAGE_SELF, &usage);
	printf("%s %s %d %.1f %ld\n", argv[1], argv[2], threads, elapsed * 1e9 / pairs, usage.ru_maxrss);
	return 0;
}
