/*
 * report.c - records formatted as lines of text (reference solution,
 * step 2.6).
 *
 * One buffer serves every line: it is allocated once, before the loop, and
 * grown (doubled) only when a line needs more room, so a thousand records
 * cost a handful of allocations. realloc may fail, and the old buffer is
 * still ours then: the new pointer is kept apart until it is known good.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>

int report_records(const struct record *records, size_t count,
		   void (*emit)(const char *line, void *context), void *context)
{
	size_t capacity = 64;
	char *line = malloc(capacity);
	if (line == NULL)
		return -1;
	int emitted = 0;
	for (size_t i = 0; i < count; i++) {
		const struct record *r = &records[i];
		int length = snprintf(NULL, 0, "%s = %ld", r->name, r->value);
		if ((size_t)length + 1 > capacity) {
			size_t wanted = capacity;
			while (wanted < (size_t)length + 1)
				wanted *= 2;
			char *bigger = realloc(line, wanted);
			if (bigger == NULL) {
				emitted = -1;
				break;
			}
			line = bigger;
			capacity = wanted;
		}
		snprintf(line, capacity, "%s = %ld", r->name, r->value);
		emit(line, context);
		emitted++;
	}
	free(line);
	return emitted;
}
