/*
 * workpool-bench.c - how many tiny tasks a second does the reference pool
 * of step 4.6 run? The tasks do a few hundred nanoseconds of arithmetic,
 * so the time measured is the pool's own cost per task: the lock, the
 * queue, the wakeups, a future's allocation.
 *
 *   workpool-bench MODE WORKERS TASKS [WORK]
 *   MODE     inline   no pool: main runs every task itself (the baseline)
 *            plain    workpool_submit, no result
 *            future   workpool_submit_future, every future waited for
 *   WORKERS  threads in the pool (inline: ignored, reported as 1)
 *   TASKS    tasks submitted, by one thread (main)
 *   WORK     rounds of arithmetic per task (default 256)
 *
 * Prints: MODE WORKERS TASKS_PER_SECOND NS_PER_TASK
 * The clock runs from the first submit to the return of a draining
 * workpool_shutdown (futures: to the last future_wait), so every task has
 * run. Built with -O2 by lessons/04-workpool/bench/run.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "workpool.h"

static int rounds = 256;
static atomic_long ran;

/* A few hundred nanoseconds of work the compiler cannot remove. */
static uint64_t churn(uint64_t x)
{
	for (int i = 0; i < rounds; i++)
		x = x * 6364136223846793005u + 1442695040888963407u;
	return x;
}

static void plain_task(void *arg)
{
	uint64_t x = churn((uint64_t)(uintptr_t)arg);
	__asm__ volatile("" : : "r"(x));
	atomic_fetch_add_explicit(&ran, 1, memory_order_relaxed);
}

static void *future_task(void *arg)
{
	atomic_fetch_add_explicit(&ran, 1, memory_order_relaxed);
	return (void *)(uintptr_t)churn((uint64_t)(uintptr_t)arg);
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void report(const char *mode, int threads, long tasks, double elapsed)
{
	printf("%s %d %.0f %.1f\n", mode, threads, (double)tasks / elapsed, elapsed * 1e9 / (double)tasks);
}

/* Futures are waited for in batches, so the submitter never holds more
 * than this many at once (the queue is this deep too). */
enum { BATCH = 256 };

int main(int argc, char **argv)
{
	if (argc < 4 || argc > 5 || (strcmp(argv[1], "inline") != 0 && strcmp(argv[1], "plain") != 0
				     && strcmp(argv[1], "future") != 0)) {
		fputs("usage: workpool-bench inline|plain|future WORKERS TASKS [WORK]\n", stderr);
		return 2;
	}
	int inline_only = strcmp(argv[1], "inline") == 0;
	int futures = strcmp(argv[1], "future") == 0;
	int workers = atoi(argv[2]);
	long tasks = atol(argv[3]);
	if (argc == 5)
		rounds = atoi(argv[4]);
	if (workers < 1 || tasks < 1 || rounds < 0) {
		fputs("workpool-bench: WORKERS >= 1, TASKS >= 1, WORK >= 0\n", stderr);
		return 2;
	}
	if (inline_only) {
		double began = seconds();
		for (long i = 0; i < tasks; i++)
			plain_task((void *)(uintptr_t)i);
		report(argv[1], 1, tasks, seconds() - began);
		return 0;
	}
	struct workpool *pool = workpool_create(workers, BATCH);
	if (pool == NULL) {
		perror("workpool-bench: workpool_create");
		return 1;
	}
	struct future *pending[BATCH];
	uint64_t check = 0;
	double began = seconds();
	for (long done = 0; done < tasks;) {
		int batch = tasks - done < BATCH ? (int)(tasks - done) : BATCH;
		for (int i = 0; i < batch; i++) {
			void *arg = (void *)(uintptr_t)(done + i);
			if (futures) {
				pending[i] = workpool_submit_future(pool, future_task, arg);
				if (pending[i] == NULL) {
					perror("workpool-bench: workpool_submit_future");
					return 1;
				}
			} else if (workpool_submit(pool, plain_task, arg) != 0) {
				fputs("workpool-bench: workpool_submit failed\n", stderr);
				return 1;
			}
		}
		if (futures)
			for (int i = 0; i < batch; i++)
				check ^= (uint64_t)(uintptr_t)future_wait(pending[i]);
		done += batch;
	}
	workpool_shutdown(pool, WORKPOOL_DRAIN);
	double elapsed = seconds() - began;
	if (atomic_load(&ran) != tasks) {
		fprintf(stderr, "workpool-bench: %ld tasks submitted, %ld ran\n", tasks, atomic_load(&ran));
		return 1;
	}
	__asm__ volatile("" : : "r"(check));
	report(argv[1], workers, tasks, elapsed);
	return 0;
}
