/*
 * harness.h - what every test driver shares: threads that die loudly,
 * failure messages in plain words, and control over the interleaving.
 *
 * Determinism is the point. A driver never sleeps and never hopes the
 * scheduler finds a bug: it waits for a known state ("two consumers are
 * blocked in pthread_cond_wait") and then makes the next move.
 *
 * The harness replaces pthread_cond_wait/signal/broadcast in the code under
 * test (the build links with -Wl,--wrap=...) by condition variables that
 * keep their waiters in one FIFO queue. POSIX allows any waiter to be woken;
 * the harness always wakes the one that has waited longest, and can hold
 * woken threads back, or wake one with no signal at all (a spurious wakeup,
 * which POSIX also allows). Correct code works under any of these choices;
 * code with a bug is made to show it every time.
 */
#ifndef CT_HARNESS_H
#define CT_HARNESS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

/* One way to drive the code under test, chosen by name on the command line. */
struct scenario {
	const char *name;
	void (*run)(void);
};

/* A driver's whole main: runs the scenario named by argv[1] from a table
 * that ends with { NULL, NULL }. Returns main's exit status. */
int run_scenario(int argc, char **argv, const struct scenario *scenarios);

/* Starts a thread or ends the test with a message. */
pthread_t spawn(void *(*start)(void *), void *arg);

/* Joins a thread and returns what it returned. */
void *join(pthread_t thread);

/* Fails the test: prints "FAIL: <message>" and exits with status 1. */
void fail(const char *format, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Fails the test with the message unless cond holds. */
#define expect(cond, ...) do { if (!(cond)) fail(__VA_ARGS__); } while (0)

/*
 * Waits until `waiters` threads are blocked in pthread_cond_wait (and have
 * released their mutex), or until `events` calls of harness_event() have
 * happened, whichever comes first; `events` 0 means wait for the waiters
 * only. Returns the number of events so far.
 */
int harness_await(int waiters, int events);

/*
 * Waits until pthread_cond_wait has been called `calls` times in all since
 * the program started, the last of those callers having released its mutex.
 * Unlike a count of current waiters, this cannot be satisfied early by
 * threads that were already waiting.
 */
void harness_await_wait_calls(int calls);

/* Records that something the driver waits for has happened. */
void harness_event(void);

/* While held, a woken waiter stays blocked until harness_hold_wakeups(false). */
void harness_hold_wakeups(bool hold);

/* Wakes the longest-waiting thread without any signal (a spurious wakeup). */
void harness_spurious_wakeup(void);

/*
 * Runs `hook(arg)` on the calling thread right after its next
 * pthread_mutex_unlock in the code under test returns: exactly where a
 * preempted thread would let another thread in. The hook may call the code
 * under test (the lock is free then). One-shot.
 */
void harness_after_next_unlock(void (*hook)(void *), void *arg);

/*
 * Runs `hook(arg)` on the calling thread just before its next
 * pthread_mutex_lock in the code under test: whatever the thread read
 * before locking may be out of date by the time it holds the lock. One-shot.
 */
void harness_before_next_lock(void (*hook)(void *), void *arg);

/*
 * Runs `hook(arg)` on the calling thread just before its next pthread_join
 * in the code under test (the harness's own join() does not count): the
 * moment a thread starts to wait for another one to end. Code that never
 * joins never runs the hook. One-shot.
 */
void harness_before_next_join(void (*hook)(void *), void *arg);

/*
 * A flag that one thread raises and another waits for, *without* creating a
 * happens-before edge that Helgrind can see (it spins on an atomic, which
 * Helgrind does not treat as synchronisation). Use it to start a thread at a
 * chosen moment while leaving Helgrind to judge only the code under test's
 * own locking. The flag itself is annotated so Helgrind does not report it.
 */
struct unordered_flag {
	atomic_int raised;
};
void unordered_flag_init(struct unordered_flag *flag);
void unordered_flag_raise(struct unordered_flag *flag);
void unordered_flag_wait(struct unordered_flag *flag);

/*
 * Resources (calls.c). The build renames the student's calls to malloc and
 * friends, fopen, open, pipe, socket, dup, pthread_create and the pthread
 * init functions, so the harness sees each one. The grader turns them on
 * with options after the scenario's name:
 *   --faults malloc,fopen --fail-at K   the K-th of those calls fails
 *   --check-fds                         descriptors left open fail the test
 */

/* Whether the call chosen by --fail-at has been made (and failed). */
bool harness_fault_injected(void);

/* The name of the call that was failed ("malloc"), or NULL. */
const char *harness_failed_call(void);

/* Fails the test if the calling thread still holds a lock it took with
 * pthread_mutex_lock; `after` names what just returned ("log_open"). */
void harness_expect_no_locks_held(const char *after);

/*
 * Holds every thread the code under test starts at its first instruction
 * until `count` of them have been created: whatever the creator does right
 * after pthread_create (change the variable it passed, say) has happened by
 * the time the threads look. 0 turns the gate off.
 */
void harness_gate_new_threads(int count);

/* For harness.c: the options, the descriptor check, the report. */
void calls_configure(int argc, char **argv);
void calls_check_at_end(void);
int calls_report(char *out, size_t size);

#endif
