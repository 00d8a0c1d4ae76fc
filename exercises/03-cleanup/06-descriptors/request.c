/*
 * request.c - one request: a worker thread pumps the file into a pipe, the
 * caller reads the pipe into the reply (see request.h).
 */
#define _POSIX_C_SOURCE 200809L /* fdopen */
#include "request.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* What the worker is given. Once it runs, both descriptors are its own: it
 * closes them when it is done, and closing the write end is what tells the
 * reader that the body is complete. */
struct pump {
	int from;       /* the requested file */
	int to;         /* the pipe's write end */
	int error;      /* 0, or the errno of the read or write that failed */
};

/* Writes all n bytes, however many calls it takes. */
static int write_all(int fd, const char *data, size_t n)
{
	while (n > 0) {
		ssize_t done = write(fd, data, n);
		if (done < 0 && errno == EINTR)
			continue;
		if (done < 0)
			return -1;
		data += done;
		n -= (size_t)done;
	}
	return 0;
}

/* The worker: copies the file into the pipe, then closes both. */
static void *pump_file(void *arg)
{
	struct pump *pump = arg;
	char chunk[512];
	for (;;) {
		ssize_t n = read(pump->from, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			break;
		if (n < 0 || write_all(pump->to, chunk, (size_t)n) != 0) {
			pump->error = errno;
			break;
		}
	}
	close(pump->from);
	close(pump->to);
	return NULL;
}

/* Reads the body up to end of file: keeps what fits in reply, counts all of
 * it. fread goes on until its buffer is full, so the pipe's short reads
 * need no loop of our own. */
static ssize_t read_body(FILE *body, char *reply, size_t size)
{
	char chunk[512];
	size_t total = 0, kept = 0, n;
	while ((n = fread(chunk, 1, sizeof chunk, body)) > 0) {
		size_t room = size - 1 - kept;
		size_t keep = n < room ? n : room;
		memcpy(reply + kept, chunk, keep);
		kept += keep;
		total += n;
	}
	reply[kept] = '\0';
	if (ferror(body)) {
		errno = EIO;
		return -1;
	}
	return (ssize_t)total;
}

ssize_t request_run(const char *path, char *reply, size_t size)
{
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	FILE *body = fdopen(fds[0], "r");
	if (body == NULL) {
		int err = errno;
		close(fds[0]);
		close(fds[1]);
		errno = err;
		return -1;
	}
	int input = open(path, O_RDONLY);
	if (input < 0)
		return -1;

	struct pump pump = { .from = input, .to = fds[1], .error = 0 };
	pthread_t worker;
	int err = pthread_create(&worker, NULL, pump_file, &pump);
	if (err != 0) {
		close(input);
		fclose(body);
		close(fds[1]);
		errno = err;
		return -1;
	}

	ssize_t length = read_body(body, reply, size);
	err = errno;
	pthread_join(worker, NULL);
	fclose(body);
	if (pump.error != 0) {
		errno = pump.error;
		return -1;
	}
	if (length < 0)
		errno = err;
	return length;
}
