/*
 * log.h - append-only log files that threads share.
 *
 * Opening the same path twice gives the same log (it counts its users), so
 * two parts of a program never interleave half-lines from two FILE buffers.
 * Every open log is on one list, guarded by one lock.
 */
#ifndef LOG_H
#define LOG_H

#include <pthread.h>
#include <stdio.h>

struct log {
	pthread_mutex_t lock;   /* guards file */
	FILE *file;
	char *path;             /* the log's own copy: names it on the list */
	int users;              /* log_open calls not yet matched by log_close */
	struct log *next;       /* on the list of open logs */
};

/* Opens (or shares) the log at path. NULL, with errno set, on failure:
 * then nothing was allocated, opened or locked by the call. */
struct log *log_open(const char *path);

/* Appends one line. 0, or -1 with errno set. */
int log_write(struct log *log, const char *line);

/* Gives up one use of the log; the last user closes and frees it. */
void log_close(struct log *log);

#endif
