/*
 * config.c - a worker's settings, read from a file (see config.h).
 *
 * Everything config_load takes is held by a scope guard (scope.h): the
 * file, the line buffer and the config itself. An error path is a plain
 * return; the guards give back whatever had been taken by then.
 */
#define _POSIX_C_SOURCE 200809L /* getline, strdup */
#include "config.h"
#include "scope.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

void config_free(struct config *config)
{
	if (config == NULL)
		return;
	free(config->name);
	free(config->root);
	free(config);
}

/* config_free as a guard: it receives the address of the variable. */
static void config_release(struct config **config)
{
	config_free(*config);
}

/* Skips the blanks at both ends of text, cutting the trailing ones off. */
static char *trim(char *text)
{
	while (isspace((unsigned char)*text))
		text++;
	char *end = text + strlen(text);
	while (end > text && isspace((unsigned char)end[-1]))
		end--;
	*end = '\0';
	return text;
}

/* A copy of a text setting's value into *field. EINVAL for an empty value
 * or a key given twice. */
static int set_text(char **field, const char *value)
{
	if (*value == '\0' || *field != NULL) {
		errno = EINVAL;
		return -1;
	}
	*field = strdup(value);
	return *field != NULL ? 0 : -1;
}

/* A thread count, 1 to MAX_THREADS, or -1 (EINVAL) for anything else. */
static int parse_threads(const char *value)
{
	char *end;
	errno = 0;
	long threads = strtol(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0' || threads < 1 || threads > MAX_THREADS) {
		errno = EINVAL;
		return -1;
	}
	return (int)threads;
}

struct config *config_load(const char *path)
{
	autoclose FILE *file = fopen(path, "r");
	if (file == NULL)
		return NULL;
	scoped(config_release) struct config *config = calloc(1, sizeof *config);
	if (config == NULL)
		return NULL;
	config->threads = 1;

	autofree char *line = NULL;
	size_t size = 0;
	while (getline(&line, &size, file) != -1) {
		char *text = trim(line);
		if (*text == '\0' || *text == '#')
			continue;
		char *equals = strchr(text, '=');
		if (equals == NULL) {
			errno = EINVAL;
			return NULL;
		}
		*equals = '\0';
		const char *key = trim(text);
		const char *value = trim(equals + 1);

		if (strcmp(key, "name") == 0) {
			if (set_text(&config->name, value) != 0)
				return NULL;
		} else if (strcmp(key, "root") == 0) {
			if (set_text(&config->root, value) != 0)
				return NULL;
		} else if (strcmp(key, "threads") == 0) {
			config->threads = parse_threads(value);
			if (config->threads < 0)
				return NULL;
		} else {
			errno = EINVAL;
			return NULL;
		}
	}
	if (ferror(file))
		return NULL;
	if (config->name == NULL || config->root == NULL) {
		errno = EINVAL;
		return NULL;
	}
	return config;
}
