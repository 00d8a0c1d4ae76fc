/*
 * report.h - formats records as lines of text, one at a time.
 * Lesson 2, step 6: reuse in a loop.
 */
#ifndef REPORT_H
#define REPORT_H

#include <stddef.h>

struct record {
	const char *name;
	long value;
};

/* Formats each record as "NAME = VALUE" and passes the line to emit, in
 * order; the line is valid only during that call. Returns the number of
 * lines emitted, or -1 if memory ran out (some lines may have been emitted
 * by then). */
int report_records(const struct record *records, size_t count,
		   void (*emit)(const char *line, void *context), void *context);

#endif
