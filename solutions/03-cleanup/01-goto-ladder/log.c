/*
 * log.c - append-only log files that threads share (see log.h).
 */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Every open log, so that a second log_open of a path shares the first. */
static pthread_mutex_t open_logs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct log *open_logs;

static struct log *find_open(const char *path)
{
	for (struct log *log = open_logs; log != NULL; log = log->next)
		if (strcmp(log->path, path) == 0)
			return log;
	return NULL;
}

/*
 * One way in, one way out. Each resource taken has a label below that
 * gives it back; a failure jumps to the label of the last thing that
 * succeeded, and falls through the rest in reverse order. Adding a resource
 * later means one new step and one new label, not another copy of the
 * cleanup on every path.
 */
struct log *log_open(const char *path)
{
	int err = ENOMEM;
	pthread_mutex_lock(&open_logs_lock);
	struct log *log = find_open(path);
	if (log != NULL) {
		log->users++;
		goto unlock;
	}

	log = malloc(sizeof *log);
	if (log == NULL)
		goto fail;
	log->path = strdup(path);
	if (log->path == NULL)
		goto free_log;
	log->file = fopen(path, "a");
	if (log->file == NULL) {
		err = errno;
		goto free_path;
	}
	err = pthread_mutex_init(&log->lock, NULL);
	if (err != 0)
		goto close_file;

	log->users = 1;
	log->next = open_logs;
	open_logs = log;
unlock:
	pthread_mutex_unlock(&open_logs_lock);
	return log;

close_file:
	fclose(log->file);
free_path:
	free(log->path);
free_log:
	free(log);
fail:
	pthread_mutex_unlock(&open_logs_lock);
	errno = err;
	return NULL;
}

int log_write(struct log *log, const char *line)
{
	pthread_mutex_lock(&log->lock);
	int result = fprintf(log->file, "%s\n", line) < 0 || fflush(log->file) != 0 ? -1 : 0;
	pthread_mutex_unlock(&log->lock);
	return result;
}

void log_close(struct log *log)
{
	pthread_mutex_lock(&open_logs_lock);
	if (--log->users > 0) {
		pthread_mutex_unlock(&open_logs_lock);
		return;
	}
	struct log **link = &open_logs;
	while (*link != log)
		link = &(*link)->next;
	*link = log->next;
	pthread_mutex_unlock(&open_logs_lock);

	fclose(log->file);
	pthread_mutex_destroy(&log->lock);
	free(log->path);
	free(log);
}
