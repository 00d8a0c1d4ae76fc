/*
 * Test driver for 2.6, reuse in a loop.
 *
 *   driver lines | many | few
 *
 * "many" formats 2000 records with names of many lengths; the allocation
 * check counts the allocations report.c made meanwhile. "few" is the
 * Memcheck workload.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "report.h"

struct collected {
	unsigned long lines;
	unsigned long checksum;     /* of every byte of every line, in order */
	char last[512];
};

static void collect(const char *line, void *context)
{
	struct collected *c = context;
	c->lines++;
	for (const char *p = line; *p != '\0'; p++)
		c->checksum = c->checksum * 31 + (unsigned char)*p;
	snprintf(c->last, sizeof c->last, "%s", line);
}

static void lines(void)
{
	const struct record records[] = { { "alpha", 1 }, { "beta", -22 }, { "a much longer name than the others", 333 } };
	struct collected c = { 0 };
	int emitted = report_records(records, 3, collect, &c);
	expect(emitted == 3, "report_records returned %d for three records", emitted);
	expect(c.lines == 3, "emit was called %lu times for three records", c.lines);
	expect(strcmp(c.last, "a much longer name than the others = 333") == 0,
	       "the last line was \"%s\"", c.last);
	expect(report_records(records, 0, collect, &c) == 0, "report_records of no records did not return 0");
}

enum { MANY = 2000, LONGEST = 300 };

/* Names of 1 to LONGEST characters, in a mixed order. */
static void make_records(struct record *records, char (*names)[LONGEST + 1], size_t count)
{
	for (size_t i = 0; i < count; i++) {
		size_t length = 1 + (i * 7919) % LONGEST;
		memset(names[i], 'a' + (int)(i % 26), length);
		names[i][length] = '\0';
		records[i] = (struct record){ .name = names[i], .value = (long)i * 1000 - 7 };
	}
}

static unsigned long expected_checksum(const struct record *records, size_t count)
{
	struct collected c = { 0 };
	char line[LONGEST + 32];
	for (size_t i = 0; i < count; i++) {
		snprintf(line, sizeof line, "%s = %ld", records[i].name, records[i].value);
		collect(line, &c);
	}
	return c.checksum;
}

static void run_records(size_t count)
{
	static struct record records[MANY];
	static char names[MANY][LONGEST + 1];
	make_records(records, names, count);
	struct collected c = { 0 };
	int emitted = report_records(records, count, collect, &c);
	expect(emitted == (int)count, "report_records returned %d for %zu records", emitted, count);
	expect(c.checksum == expected_checksum(records, count),
	       "the %zu lines emitted were not the expected ones", count);
}

static void many(void)
{
	run_records(MANY);
}

static void few(void)
{
	run_records(200);
}

static const struct scenario scenarios[] = {
	{ "lines", lines },
	{ "many", many },
	{ "few", few },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	return run_scenario(argc, argv, scenarios);
}
