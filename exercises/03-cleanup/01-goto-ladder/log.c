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

struct log *log_open(const char *path)
{
	pthread_mutex_lock(&open_logs_lock);
	struct log *log = find_open(path);
	if (log != NULL) {
		log->users++;
		pthread_mutex_unlock(&open_logs_lock);
		return log;
	}

	log = malloc(sizeof *log);
	if (log == NULL) {
		pthread_mutex_unlock(&open_logs_lock);
		return NULL;
	}
	log->path = strdup(path);
	if (log->path == NULL)
		return NULL;
	log->file = fopen(path, "a");
	if (log->file == NULL) {
		free(log->path);
		free(log);
		pthread_mutex_unlock(&open_logs_lock);
		return NULL;
	}
	int err = pthread_mutex_init(&log->lock, NULL);
	if (err != 0) {
		fclose(log->file);
		free(log->path);
		free(log);
		pthread_mutex_unlock(&open_logs_lock);
		errno = err;
		return NULL;
	}

	log->users = 1;
	log->next = open_logs;
	open_logs = log;
	pthread_mutex_unlock(&open_logs_lock);
	return log;
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
