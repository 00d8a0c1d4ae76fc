/*
 * Test driver for 3.6, files and descriptors.
 *
 *   driver reply | requests | two-requests
 *
 * Helgrind watches "reply": each request's worker thread and its caller
 * share the request's state. (Requests from two client threads at once
 * made Helgrind report a false race inside glibc's cache of thread stacks,
 * in about one run in six, when a stack freed by one client's join was
 * reused by the next thread: so the Helgrind workload has one caller.)
 *
 * "requests" is the descriptor workload: the grader runs it with
 * --check-fds, and any descriptor still open at the end fails it with the
 * line that opened it. Two of its requests fail for reasons anyone can
 * reproduce (a missing file, a folder). "two-requests" is the
 * fault-injection workload: the grader lists its calls to pipe, fdopen,
 * open and pthread_create, then runs it once with each failing. The
 * request must then fail with errno set and leave nothing open; the next
 * one must work as if nothing had happened.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"
#include "request.h"

static const char hello[] = "hello, world\n";
static const char other[] = "another file\n";

/* More than a pipe holds (64 KiB): the worker has to wait for the reader. */
enum { BIG = 70000 };
static char big[BIG];

static void make_file(const char *path, const char *content, size_t length)
{
	FILE *file = fopen(path, "w");
	expect(file != NULL, "the test could not create %s", path);
	expect(fwrite(content, 1, length, file) == length, "the test could not write %s", path);
	expect(fclose(file) == 0, "the test could not write %s", path);
}

static void make_big(void)
{
	for (int i = 0; i < BIG; i++)
		big[i] = i % 64 == 63 ? '\n' : (char)('a' + i % 26);
	make_file("big.txt", big, BIG);
}

/* A request that must succeed: its return value and its reply. */
static void expect_reply(const char *path, size_t size, const char *content, size_t length)
{
	char *reply = malloc(size);
	expect(reply != NULL, "the test ran out of memory");
	memset(reply, 'x', size);
	errno = 0;
	ssize_t got = request_run(path, reply, size);
	expect(got >= 0, "request_run(\"%s\") failed (%s); the file is there and readable", path, strerror(errno));
	expect((size_t)got == length, "request_run(\"%s\") returned %zd; the file holds %zu bytes", path, got, length);
	size_t kept = length < size - 1 ? length : size - 1;
	expect(memcmp(reply, content, kept) == 0, "the reply to \"%s\" (size %zu) is not the file's first %zu bytes",
	       path, size, kept);
	expect(reply[kept] == '\0', "the reply to \"%s\" (size %zu) does not end with '\\0' after its %zu bytes",
	       path, size, kept);
	free(reply);
}

/* A request that must fail with errno `want`. */
static void expect_failure(const char *path, int want, const char *why)
{
	char reply[64];
	errno = 0;
	ssize_t got = request_run(path, reply, sizeof reply);
	int err = errno;
	expect(got == -1, "request_run(\"%s\") returned %zd, not -1; %s", path, got, why);
	expect(err == want, "request_run(\"%s\") failed with errno %d (%s), not %s; %s", path, err,
	       strerror(err), want == ENOENT ? "ENOENT" : "EISDIR", why);
}

static void reply(void)
{
	make_file("hello.txt", hello, strlen(hello));
	make_file("empty.txt", "", 0);
	make_big();
	expect_reply("hello.txt", 64, hello, strlen(hello));
	expect_reply("hello.txt", 6, hello, strlen(hello));
	expect_reply("hello.txt", 1, hello, strlen(hello));
	expect_reply("empty.txt", 64, "", 0);
	expect_reply("big.txt", BIG + 1, big, BIG);
	expect_reply("big.txt", 100, big, BIG);
}

static void requests(void)
{
	make_file("hello.txt", hello, strlen(hello));
	expect(mkdir("folder", 0700) == 0, "the test could not create a folder");
	expect_reply("hello.txt", 64, hello, strlen(hello));
	expect_failure("missing.txt", ENOENT, "there is no such file");
	expect_failure("folder", EISDIR, "a folder cannot be read as a file");
	expect_reply("hello.txt", 64, hello, strlen(hello));
}

/* request_run, checked: -1 with errno set exactly when a call inside it was
 * made to fail, the right reply otherwise. */
static void request_checked(const char *path, const char *content)
{
	bool failed_before = harness_fault_injected();
	char reply[64];
	errno = 0;
	ssize_t got = request_run(path, reply, sizeof reply);
	int err = errno;
	if (!failed_before && harness_fault_injected()) {
		expect(got == -1, "request_run(\"%s\") returned %zd although %s failed inside it", path, got,
		       harness_failed_call());
		expect(err != 0, "request_run(\"%s\") returned -1 but left errno 0: say why it failed", path);
	} else {
		expect(got == (ssize_t)strlen(content), "request_run(\"%s\") returned %zd (%s) although nothing inside it failed",
		       path, got, got < 0 ? strerror(err) : "a wrong length");
		expect(strcmp(reply, content) == 0, "the reply to \"%s\" is not the file's content", path);
	}
}

static void two_requests(void)
{
	make_file("hello.txt", hello, strlen(hello));
	make_file("other.txt", other, strlen(other));
	request_checked("hello.txt", hello);
	request_checked("other.txt", other);
}

int main(int argc, char **argv)
{
	static const struct scenario scenarios[] = {
		{ "reply", reply },
		{ "requests", requests },
		{ "two-requests", two_requests },
		{ NULL, NULL },
	};
	return run_scenario(argc, argv, scenarios);
}
