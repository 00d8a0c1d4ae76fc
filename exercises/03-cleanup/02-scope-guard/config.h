/*
 * config.h - a worker's settings, read from a small text file:
 *
 *     # the indexing worker
 *     name = indexer
 *     root = /srv/index
 *     threads = 4
 *
 * One setting a line, "key = value", blanks around either allowed. Blank
 * lines and lines starting with '#' are skipped. name and root must be
 * given, once each; threads is optional (1 to 64, 1 when not given).
 */
#ifndef CONFIG_H
#define CONFIG_H

enum { MAX_THREADS = 64 };

struct config {
	int threads;    /* how many threads the worker starts */
	char *name;     /* the worker's name, as it appears in logs */
	char *root;     /* the folder it works in */
};

/*
 * Reads the file at path. Returns a config that the caller owns and frees
 * with config_free, or NULL with errno set: whatever fopen or a read said
 * when the file cannot be read, EINVAL when a line is not a known
 * "key = value" or its value is wrong, or name or root is missing, ENOMEM
 * when memory runs out. On failure, nothing stays allocated or open.
 */
struct config *config_load(const char *path);

/* Frees a config and everything in it. NULL is allowed (nothing to do). */
void config_free(struct config *config);

#endif
