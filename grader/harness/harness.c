/*
 * harness.c - deterministic condition variables and driver utilities.
 * See harness.h for what each function promises and why.
 *
 * All waiters of all condition variables sit in one FIFO list, guarded by
 * `lock`. A waiter joins the list while still holding its own mutex, so a
 * thread that signals after taking that mutex always finds it there: the
 * atomic "release the mutex and wait" that POSIX requires.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <valgrind/helgrind.h>

/* The harness's own condition variable, locks and unlocks must bypass the wrappers:
 * this file is linked with --wrap too, so plain names would call them. */
int __real_pthread_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex);
int __real_pthread_cond_broadcast(pthread_cond_t *cond);
int __real_pthread_cond_signal(pthread_cond_t *cond);
int __wrap_pthread_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex);
int __wrap_pthread_cond_signal(pthread_cond_t *cond);
int __wrap_pthread_cond_broadcast(pthread_cond_t *cond);
int __real_pthread_mutex_unlock(pthread_mutex_t *mutex);
int __wrap_pthread_mutex_unlock(pthread_mutex_t *mutex);
int __real_pthread_mutex_lock(pthread_mutex_t *mutex);
int __wrap_pthread_mutex_lock(pthread_mutex_t *mutex);
int __real_pthread_join(pthread_t thread, void **result);
int __wrap_pthread_join(pthread_t thread, void **result);

struct waiter {
	pthread_cond_t *cond;    /* NULL once woken */
	pthread_mutex_t *mutex;  /* the caller's, released while waiting */
	struct waiter *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static struct waiter *oldest;       /* FIFO of threads not yet woken */
static int waiting;                 /* length of that list */
static int wait_calls;              /* pthread_cond_wait calls so far */
static int events;
static bool holding;

/* --real-sync: every wrapper passes straight through to the real pthread
 * function, for timing runs (the performance check), where the harness's
 * single FIFO would measure the harness instead of the code under test.
 * Set before any thread starts and never changed. */
static bool real_sync;

void fail(const char *format, ...)
{
	va_list args;
	va_start(args, format);
	fputs("FAIL: ", stdout);
	vprintf(format, args);
	fputc('\n', stdout);
	va_end(args);
	fflush(stdout);
	exit(1);
}

/*
 * The proof that a scenario ran to its end: "pass TOKEN" on the descriptor
 * ct-run gave us (see ct-run.c). Exiting 0, or printing anything at all,
 * proves nothing: code under test could do either. The token is taken out
 * of the environment before the scenario runs, so it is not simply there
 * for the code under test to read (what runs in this process could still
 * dig it out of memory: docs/security.md says so).
 */
static int result_fd = -1;
static char result_token[80];

static void take_result_channel(void)
{
	const char *fd = getenv("CT_RESULT_FD");
	const char *token = getenv("CT_RESULT_TOKEN");
	if (fd != NULL && token != NULL && strlen(token) < sizeof result_token) {
		result_fd = atoi(fd);
		strcpy(result_token, token);
		/* Also wipe the original: /proc/self/environ shows that memory. */
		memset((char *)token, '-', strlen(token));
	}
	unsetenv("CT_RESULT_TOKEN");
	unsetenv("CT_RESULT_FD");
}

/* "pass TOKEN", then what the grader measures: the scenario's wall time
 * (the performance check compares it, free of process start-up), and
 * (calls.c) the student's allocations and fallible calls, with the places
 * they were made. */
static void report_pass(long long elapsed_ns)
{
	if (result_fd < 0)
		return;
	char report[4000];
	int n = snprintf(report, sizeof report, "pass %s\nelapsed-ns %lld\n", result_token, elapsed_ns);
	n += calls_report(report + n, sizeof report - (size_t)n);
	if (write(result_fd, report, (size_t)n) != n)
		fail("the test could not report its result");
	close(result_fd);
}

int run_scenario(int argc, char **argv, const struct scenario *scenarios)
{
	take_result_channel();
	calls_configure(argc, argv);
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], "--real-sync") == 0)
			real_sync = true;
	const char *wanted = argc > 1 ? argv[1] : "";
	for (const struct scenario *s = scenarios; s->name != NULL; s++) {
		if (strcmp(s->name, wanted) == 0) {
			struct timespec start, end;
			clock_gettime(CLOCK_MONOTONIC, &start);
			s->run();
			clock_gettime(CLOCK_MONOTONIC, &end);
			calls_check_at_end();
			fflush(stdout);
			report_pass((long long)(end.tv_sec - start.tv_sec) * 1000000000LL + (end.tv_nsec - start.tv_nsec));
			return 0;
		}
	}
	fail("unknown scenario '%s'", wanted);
}

pthread_t spawn(void *(*start)(void *), void *arg)
{
	pthread_t thread;
	int err = pthread_create(&thread, NULL, start, arg);
	if (err != 0)
		fail("the test could not start a thread: %s", strerror(err));
	return thread;
}

void *join(pthread_t thread)
{
	void *result;
	int err = __real_pthread_join(thread, &result);
	if (err != 0)
		fail("the test could not join a thread: %s", strerror(err));
	return result;
}

/* Removes the first waiter on `cond` (any cond when NULL). Needs `lock`. */
static bool wake_one(pthread_cond_t *cond)
{
	for (struct waiter **link = &oldest; *link != NULL; link = &(*link)->next) {
		struct waiter *w = *link;
		if (cond == NULL || w->cond == cond) {
			*link = w->next;
			w->cond = NULL;
			waiting--;
			return true;
		}
	}
	return false;
}

/* A waiter cancelled inside pthread_cond_wait (it is a cancellation
 * point). The real wait below has re-taken `lock`; POSIX promises the
 * thread's own cleanup handlers that its mutex is held again, so: leave
 * the FIFO, let go of `lock`, take the mutex. */
static void cancelled_while_waiting(void *data)
{
	struct waiter *self = data;
	for (struct waiter **link = &oldest; *link != NULL; link = &(*link)->next) {
		if (*link == self) {
			*link = self->next;
			waiting--;
			break;
		}
	}
	__real_pthread_mutex_unlock(&lock);
	__real_pthread_mutex_lock(self->mutex);
}

int __wrap_pthread_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex)
{
	if (real_sync)
		return __real_pthread_cond_wait(cond, mutex);
	struct waiter self = { .cond = cond, .mutex = mutex };
	__real_pthread_mutex_lock(&lock);
	struct waiter **link = &oldest;
	while (*link != NULL)
		link = &(*link)->next;
	*link = &self;
	waiting++;
	wait_calls++;
	__real_pthread_mutex_unlock(mutex);
	__real_pthread_cond_broadcast(&changed);
	pthread_cleanup_push(cancelled_while_waiting, &self);
	while (self.cond != NULL || holding)
		__real_pthread_cond_wait(&changed, &lock);
	pthread_cleanup_pop(0);
	__real_pthread_mutex_unlock(&lock);
	__real_pthread_mutex_lock(mutex);
	return 0;
}

int __wrap_pthread_cond_signal(pthread_cond_t *cond)
{
	if (real_sync)
		return __real_pthread_cond_signal(cond);
	__real_pthread_mutex_lock(&lock);
	if (wake_one(cond))
		__real_pthread_cond_broadcast(&changed);
	__real_pthread_mutex_unlock(&lock);
	return 0;
}

int __wrap_pthread_cond_broadcast(pthread_cond_t *cond)
{
	if (real_sync)
		return __real_pthread_cond_broadcast(cond);
	__real_pthread_mutex_lock(&lock);
	while (wake_one(cond))
		;
	__real_pthread_cond_broadcast(&changed);
	__real_pthread_mutex_unlock(&lock);
	return 0;
}

int harness_await(int want_waiters, int want_events)
{
	__real_pthread_mutex_lock(&lock);
	while (waiting < want_waiters && (want_events <= 0 || events < want_events))
		__real_pthread_cond_wait(&changed, &lock);
	int seen = events;
	__real_pthread_mutex_unlock(&lock);
	return seen;
}

/*
 * The locks each thread holds, taken through pthread_mutex_lock, with the
 * place each was taken: a function that returns with a lock still held
 * (an error path that forgot to unlock) is caught when it returns, not
 * later as a hang (harness_expect_no_locks_held).
 */
enum { MAX_HELD = 8 };
static _Thread_local struct { pthread_mutex_t *mutex; void *at; } held[MAX_HELD];
static _Thread_local int held_count;

static void note_locked(pthread_mutex_t *mutex, void *at)
{
	if (held_count < MAX_HELD)
		held[held_count].mutex = mutex, held[held_count].at = at;
	held_count++;
}

static void note_unlocked(pthread_mutex_t *mutex)
{
	int top = held_count < MAX_HELD ? held_count : MAX_HELD;
	for (int i = top - 1; i >= 0; i--) {
		if (held[i].mutex == mutex) {
			for (int j = i; j + 1 < top; j++)
				held[j] = held[j + 1];
			held_count--;
			return;
		}
	}
}

void harness_expect_no_locks_held(const char *after)
{
	if (held_count == 0)
		return;
	if (held_count == 1)
		fail("After %s, this thread still holds a lock: the one taken {at %p}. "
		     "Every way out of a function that locked must unlock, error paths included.",
		     after, held[0].at);
	fail("After %s, this thread still holds %d locks, the first taken {at %p}. "
	     "Every way out of a function that locked must unlock, error paths included.",
	     after, held_count, held[0].at);
}

/* The hook armed by this thread, if any (see harness_after_next_unlock). */
static _Thread_local void (*unlock_hook)(void *);
static _Thread_local void *unlock_hook_arg;

int __wrap_pthread_mutex_unlock(pthread_mutex_t *mutex)
{
	if (real_sync)
		return __real_pthread_mutex_unlock(mutex);
	int err = __real_pthread_mutex_unlock(mutex);
	if (err == 0)
		note_unlocked(mutex);
	void (*hook)(void *) = unlock_hook;
	if (hook != NULL) {
		unlock_hook = NULL;
		hook(unlock_hook_arg);
	}
	return err;
}

void harness_after_next_unlock(void (*hook)(void *), void *arg)
{
	unlock_hook_arg = arg;
	unlock_hook = hook;
}

/* The hook armed by this thread for its next lock, if any. */
static _Thread_local void (*lock_hook)(void *);
static _Thread_local void *lock_hook_arg;

int __wrap_pthread_mutex_lock(pthread_mutex_t *mutex)
{
	if (real_sync)
		return __real_pthread_mutex_lock(mutex);
	void (*hook)(void *) = lock_hook;
	if (hook != NULL) {
		lock_hook = NULL;
		hook(lock_hook_arg);
	}
	int err = __real_pthread_mutex_lock(mutex);
	if (err == 0)
		note_locked(mutex, __builtin_return_address(0));
	return err;
}

void harness_before_next_lock(void (*hook)(void *), void *arg)
{
	lock_hook_arg = arg;
	lock_hook = hook;
}

/* The hook armed by this thread for its next join, if any. */
static _Thread_local void (*join_hook)(void *);
static _Thread_local void *join_hook_arg;

int __wrap_pthread_join(pthread_t thread, void **result)
{
	void (*hook)(void *) = join_hook;
	if (hook != NULL) {
		join_hook = NULL;
		hook(join_hook_arg);
	}
	return __real_pthread_join(thread, result);
}

void harness_before_next_join(void (*hook)(void *), void *arg)
{
	join_hook_arg = arg;
	join_hook = hook;
}

void harness_await_wait_calls(int calls)
{
	__real_pthread_mutex_lock(&lock);
	while (wait_calls < calls)
		__real_pthread_cond_wait(&changed, &lock);
	__real_pthread_mutex_unlock(&lock);
}

void harness_event(void)
{
	__real_pthread_mutex_lock(&lock);
	events++;
	__real_pthread_cond_broadcast(&changed);
	__real_pthread_mutex_unlock(&lock);
}

void harness_hold_wakeups(bool hold)
{
	__real_pthread_mutex_lock(&lock);
	holding = hold;
	__real_pthread_cond_broadcast(&changed);
	__real_pthread_mutex_unlock(&lock);
}

void harness_spurious_wakeup(void)
{
	__real_pthread_mutex_lock(&lock);
	if (!wake_one(NULL))
		fail("the test expected a thread to be waiting (harness error)");
	__real_pthread_cond_broadcast(&changed);
	__real_pthread_mutex_unlock(&lock);
}

void unordered_flag_init(struct unordered_flag *flag)
{
	atomic_init(&flag->raised, 0);
	ANNOTATE_BENIGN_RACE_SIZED(&flag->raised, sizeof flag->raised,
				   "harness: deliberately invisible hand-off");
}

void unordered_flag_raise(struct unordered_flag *flag)
{
	atomic_store_explicit(&flag->raised, 1, memory_order_release);
}

void unordered_flag_wait(struct unordered_flag *flag)
{
	while (atomic_load_explicit(&flag->raised, memory_order_acquire) == 0)
		sched_yield();
}
