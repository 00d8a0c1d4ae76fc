/*
 * json_out.h - the few JSON-writing helpers the grader's C tools share.
 *
 * The tools only ever *write* JSON (jq reads it back), so escaping strings
 * correctly is all that is needed here.
 */
#ifndef CT_JSON_OUT_H
#define CT_JSON_OUT_H

#include <stdio.h>

/* Writes s as a quoted JSON string, or null when s is NULL. */
static inline void json_string(FILE *out, const char *s)
{
	if (s == NULL) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':  fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

#endif
