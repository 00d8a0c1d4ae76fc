/*
 * Test driver for 3.2, scope guards (__attribute__((cleanup))).
 *
 *   driver settings | refusals | load-and-free | faults
 *
 * "load-and-free" is the Memcheck workload: one config loaded and freed,
 * nothing else, so that any invalid access Memcheck sees is made by the
 * student's own functions. "faults" is the fault-injection workload: the
 * grader runs it once to list the calls that can fail (fopen, calloc,
 * strdup), then once per call with that call failing. config_load must
 * then return NULL with the failed call's errno, and leave nothing
 * allocated or open.
 *
 * After a successful load, threads is checked first and without printing
 * its value: it is the first field of the struct, the one a use after free
 * is sure to find changed natively (glibc keeps its free-list link there),
 * so a config freed too early fails here the same way every run.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "harness.h"

static const char worker_conf[] =
	"# the indexing worker\n"
	"\n"
	"name = indexer\n"
	"  root=/srv/index  \n"
	"threads = 4\n";

static void write_file(const char *path, const char *text)
{
	FILE *file = fopen(path, "w");
	expect(file != NULL, "the test could not create %s: %s", path, strerror(errno));
	fputs(text, file);
	expect(fclose(file) == 0, "the test could not write %s: %s", path, strerror(errno));
}

static struct config *load_or_fail(const char *path)
{
	errno = 0;
	struct config *config = config_load(path);
	expect(config != NULL, "config_load(\"%s\") returned NULL (%s) for a valid file", path, strerror(errno));
	return config;
}

static void expect_text(const char *field, const char *value, const char *path, const char *want)
{
	expect(value != NULL, "%s says %s = %s, but the config's %s is NULL", path, field, want, field);
	expect(strcmp(value, want) == 0, "%s says %s = %s, but the config's %s is \"%s\"",
	       path, field, want, field, value);
}

/* worker.conf, as config_load returned it. */
static void expect_worker(const struct config *config)
{
	expect(config->threads == 4,
	       "worker.conf says threads = 4, but the config that config_load returned for it does not hold 4");
	expect_text("name", config->name, "worker.conf", "indexer");
	expect_text("root", config->root, "worker.conf", "/srv/index");
}

static void settings(void)
{
	write_file("worker.conf", worker_conf);
	struct config *config = load_or_fail("worker.conf");
	expect_worker(config);
	config_free(config);

	write_file("minimal.conf", "name = night backup\nroot = /var/backup\n");
	config = load_or_fail("minimal.conf");
	expect(config->threads == 1,
	       "minimal.conf does not set threads, so the config should hold 1, not %d", config->threads);
	expect_text("name", config->name, "minimal.conf", "night backup");
	expect_text("root", config->root, "minimal.conf", "/var/backup");
	config_free(config);
}

static void refusals(void)
{
	errno = 0;
	struct config *config = config_load("absent.conf");
	expect(config == NULL, "config_load returned a config for absent.conf, a file that does not exist");
	expect(errno == ENOENT, "config_load(\"absent.conf\") returned NULL, but errno is %d (%s), not ENOENT "
	       "(what fopen said: no such file)", errno, strerror(errno));

	static const struct { const char *what, *text; } bad[] = {
		{ "a line without '='", "name = indexer\nroot /srv/index\n" },
		{ "an unknown key", "name = indexer\nroot = /srv/index\nuser = indexer\n" },
		{ "threads = 0", "name = indexer\nroot = /srv/index\nthreads = 0\n" },
		{ "threads = 65", "name = indexer\nroot = /srv/index\nthreads = 65\n" },
		{ "threads = 4x", "name = indexer\nroot = /srv/index\nthreads = 4x\n" },
		{ "name given twice", "name = indexer\nroot = /srv/index\nname = backup\n" },
		{ "an empty name", "name =\nroot = /srv/index\n" },
		{ "no root", "# root comes later\nname = indexer\n" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		write_file("bad.conf", bad[i].text);
		errno = 0;
		config = config_load("bad.conf");
		expect(config == NULL, "config_load accepted a file with %s", bad[i].what);
		expect(errno == EINVAL, "config_load refused a file with %s, but errno is %d (%s), not EINVAL",
		       bad[i].what, errno, strerror(errno));
	}
}

static void load_and_free(void)
{
	write_file("worker.conf", worker_conf);
	config_free(load_or_fail("worker.conf"));
}

/* config_load, checked: NULL with the failed call's errno exactly when a
 * call inside it was made to fail; otherwise as the file says. */
static struct config *load_checked(const char *path, int error_if_nothing_fails)
{
	bool failed_before = harness_fault_injected();
	errno = 0;
	struct config *config = config_load(path);
	int err = errno;
	if (!failed_before && harness_fault_injected()) {
		const char *call = harness_failed_call();
		int want = strcmp(call, "fopen") == 0 ? EMFILE : ENOMEM;
		expect(config == NULL, "config_load(\"%s\") returned a config although %s failed inside it", path, call);
		expect(err == want, "config_load(\"%s\") returned NULL when %s failed inside it, but errno is %d (%s), "
		       "not %s's %s", path, call, err, strerror(err), call, want == EMFILE ? "EMFILE" : "ENOMEM");
	} else if (error_if_nothing_fails == 0) {
		expect(config != NULL, "config_load(\"%s\") failed (%s) although nothing inside it failed",
		       path, strerror(err));
	} else {
		expect(config == NULL, "config_load(\"%s\") accepted a file it should refuse", path);
		expect(err == error_if_nothing_fails, "config_load(\"%s\") refused a bad file, but errno is %d (%s), not %s",
		       path, err, strerror(err), strerror(error_if_nothing_fails));
	}
	return config;
}

static void faults(void)
{
	write_file("worker.conf", worker_conf);
	struct config *config = load_checked("worker.conf", 0);
	if (config != NULL) {
		expect_worker(config);
		config_free(config);
	}
	/* Refused at its last line, with name already copied. */
	write_file("bad.conf", "name = indexer\nthreads = lots\n");
	load_checked("bad.conf", EINVAL);
}

int main(int argc, char **argv)
{
	static const struct scenario scenarios[] = {
		{ "settings", settings },
		{ "refusals", refusals },
		{ "load-and-free", load_and_free },
		{ "faults", faults },
		{ NULL, NULL },
	};
	return run_scenario(argc, argv, scenarios);
}
