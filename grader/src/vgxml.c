/*
 * vgxml - read a Valgrind XML report (protocol 4) and write it as JSON.
 *
 *   vgxml FILE
 *
 * Output, one JSON object:
 *   {"tool": "memcheck", "finished": bool, "complete": bool,
 *    "parse_error": "..."|null,
 *    "fatal_signal": {"signo", "signame", "stack": [FRAME...]}|null,
 *    "threads": {"2": [FRAME...]},            (Helgrind: where each started)
 *    "errors": [{"kind", "what", "thread", "after_signal", "stack": [FRAME...],
 *                "aux": [{"what", "thread", "stack": [FRAME...]}]}]}
 *   An aux entry with a thread is another thread's conflicting access
 *   (Helgrind's races); others describe the memory (where it was allocated).
 *   FRAME = {"function", "file", "line", "object"}
 *
 * "finished" means Valgrind wrote its FINISHED status; "complete" means the
 * document also closed properly. A run killed with SIGKILL has neither, but
 * the errors written before the kill are still reported: the caller decides
 * what an incomplete report means (never "clean").
 *
 * "after_signal" marks errors reported after the fatal signal: when that
 * signal was the grader's own SIGTERM at a timeout, they describe the
 * killing (threads exiting with locks held, memory still in use), not a bug.
 *
 * Deciding which frames are the student's, and wording findings for people,
 * happens in the caller (grader/lib/findings.jq); this tool only turns XML
 * into data, with libexpat doing the parsing.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <expat.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_out.h"

enum { MAX_DEPTH = 32, MAX_TEXT = 4096 };

struct frame {
	char *fn, *dir, *file, *obj;
	long line;
};

struct stack {
	struct frame *frames;
	size_t count;
};

struct aux {
	char *what;
	long thread;    /* Helgrind: the thread of a conflicting access, or -1 */
	struct stack stack;
};

struct error {
	char *kind;
	char *what;
	long thread;
	bool after_signal;             /* reported after <fatal_signal> */
	struct stack stack;
	struct aux *aux;
	size_t naux;
};

struct thread_start {
	long id;
	struct stack stack;
};

struct report {
	char *tool;
	bool finished, complete;
	struct error *errors;
	size_t nerrors;
	struct thread_start *threads;
	size_t nthreads;
	bool has_fatal;
	long fatal_signo;
	char *fatal_signame;
	struct stack fatal_stack;
};

struct parser {
	struct report *report;
	const char *path[MAX_DEPTH];   /* element names from the root down */
	int depth;
	char text[MAX_TEXT];           /* character data of the current element */
	size_t text_len;
	struct stack *stack;           /* stack being filled, if any */
	struct frame frame;            /* frame being filled */
	struct error error;            /* <error> being filled */
	struct thread_start thread;    /* <announcethread> being filled */
	bool in_error, in_thread, in_fatal;
};

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (p == NULL) {
		fputs("vgxml: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	char *copy = strdup(s);
	if (copy == NULL) {
		fputs("vgxml: out of memory\n", stderr);
		exit(2);
	}
	return copy;
}

#define APPEND(array, count, item) do { \
	(array) = xrealloc((array), ((count) + 1) * sizeof *(array)); \
	(array)[(count)++] = (item); \
} while (0)

static bool is(const char *a, const char *b) { return strcmp(a, b) == 0; }

/* Name of the element `up` levels above the current one, or "". */
static const char *parent(const struct parser *p, int up)
{
	int i = p->depth - 1 - up;
	return i >= 0 ? p->path[i] : "";
}

static void on_start(void *data, const XML_Char *name, const XML_Char **attrs)
{
	(void)attrs;
	struct parser *p = data;
	if (p->depth < MAX_DEPTH)
		p->path[p->depth] = xstrdup(name);
	p->depth++;
	p->text_len = 0;

	if (is(name, "error") && p->depth == 2) {
		p->in_error = true;
		p->error = (struct error){ .thread = -1,
					    .after_signal = p->report->has_fatal };
	} else if (is(name, "announcethread")) {
		p->in_thread = true;
		p->thread = (struct thread_start){ .id = -1 };
	} else if (is(name, "fatal_signal")) {
		p->in_fatal = true;
		p->report->has_fatal = true;
	} else if (is(name, "stack")) {
		if (p->in_error) {
			/* The first stack is the error's own; later ones belong to
			 * the aux text that precedes them. */
			if (p->error.stack.count == 0 && p->error.naux == 0)
				p->stack = &p->error.stack;
			else if (p->error.naux > 0)
				p->stack = &p->error.aux[p->error.naux - 1].stack;
			else
				p->stack = NULL;
		} else if (p->in_thread) {
			p->stack = &p->thread.stack;
		} else if (p->in_fatal) {
			p->stack = &p->report->fatal_stack;
		}
	} else if (is(name, "frame")) {
		p->frame = (struct frame){ .line = -1 };
	}
}

static void on_text(void *data, const XML_Char *s, int len)
{
	struct parser *p = data;
	size_t room = MAX_TEXT - 1 - p->text_len;
	size_t n = (size_t)len < room ? (size_t)len : room;
	memcpy(p->text + p->text_len, s, n);
	p->text_len += n;
}

static void add_aux(struct parser *p, const char *text)
{
	struct aux aux = { .what = xstrdup(text), .thread = -1 };
	APPEND(p->error.aux, p->error.naux, aux);
}

static void on_end(void *data, const XML_Char *name)
{
	struct parser *p = data;
	p->text[p->text_len] = '\0';
	const char *text = p->text;
	const char *up = parent(p, 1);

	if (is(up, "frame")) {
		if (is(name, "fn")) p->frame.fn = xstrdup(text);
		else if (is(name, "dir")) p->frame.dir = xstrdup(text);
		else if (is(name, "file")) p->frame.file = xstrdup(text);
		else if (is(name, "obj")) p->frame.obj = xstrdup(text);
		else if (is(name, "line")) p->frame.line = strtol(text, NULL, 10);
	} else if (is(name, "frame") && p->stack != NULL) {
		APPEND(p->stack->frames, p->stack->count, p->frame);
	} else if (is(name, "stack")) {
		p->stack = NULL;
	} else if (p->in_error && is(up, "error")) {
		if (is(name, "kind")) p->error.kind = xstrdup(text);
		else if (is(name, "what")) p->error.what = xstrdup(text);
		else if (is(name, "auxwhat")) add_aux(p, text);
	} else if (p->in_error && is(name, "text") && is(up, "xwhat")) {
		p->error.what = xstrdup(text);
	} else if (p->in_error && is(name, "text") && is(up, "xauxwhat")) {
		add_aux(p, text);
	} else if (p->in_error && is(name, "hthreadid") && is(up, "xwhat")) {
		p->error.thread = strtol(text, NULL, 10);
	} else if (p->in_error && is(name, "hthreadid") && is(up, "xauxwhat") && p->error.naux > 0) {
		p->error.aux[p->error.naux - 1].thread = strtol(text, NULL, 10);
	} else if (p->in_error && is(name, "tid") && is(up, "error") && p->error.thread < 0) {
		p->error.thread = strtol(text, NULL, 10);
	} else if (is(name, "error") && p->in_error) {
		APPEND(p->report->errors, p->report->nerrors, p->error);
		p->in_error = false;
	} else if (p->in_thread && is(name, "hthreadid")) {
		p->thread.id = strtol(text, NULL, 10);
	} else if (is(name, "announcethread")) {
		APPEND(p->report->threads, p->report->nthreads, p->thread);
		p->in_thread = false;
	} else if (p->in_fatal && is(name, "signo")) {
		p->report->fatal_signo = strtol(text, NULL, 10);
	} else if (p->in_fatal && is(name, "signame")) {
		p->report->fatal_signame = xstrdup(text);
	} else if (is(name, "fatal_signal")) {
		p->in_fatal = false;
	} else if (is(name, "state") && is(up, "status") && is(text, "FINISHED")) {
		p->report->finished = true;
	} else if (is(name, "protocoltool")) {
		p->report->tool = xstrdup(text);
	} else if (is(name, "valgrindoutput")) {
		p->report->complete = true;
	}

	p->depth--;
	if (p->depth < MAX_DEPTH)
		free((void *)p->path[p->depth]);
	p->text_len = 0;
}

static void print_stack(FILE *out, const struct stack *s)
{
	fputc('[', out);
	for (size_t i = 0; i < s->count; i++) {
		const struct frame *f = &s->frames[i];
		char path[MAX_TEXT];
		const char *file = f->file;
		if (f->file != NULL && f->dir != NULL) {
			snprintf(path, sizeof path, "%s/%s", f->dir, f->file);
			file = path;
		}
		fputs(i ? ", {\"function\": " : "{\"function\": ", out);
		json_string(out, f->fn);
		fputs(", \"file\": ", out);
		json_string(out, file);
		fputs(", \"line\": ", out);
		if (f->line >= 0)
			fprintf(out, "%ld", f->line);
		else
			fputs("null", out);
		fputs(", \"object\": ", out);
		json_string(out, f->obj);
		fputc('}', out);
	}
	fputc(']', out);
}

static void print_report(FILE *out, const struct report *r, const char *parse_error)
{
	fputs("{\"tool\": ", out);
	json_string(out, r->tool);
	fprintf(out, ", \"finished\": %s, \"complete\": %s, \"parse_error\": ",
		r->finished ? "true" : "false", r->complete ? "true" : "false");
	json_string(out, parse_error);
	fputs(",\n \"fatal_signal\": ", out);
	if (r->has_fatal) {
		fprintf(out, "{\"signo\": %ld, \"signame\": ", r->fatal_signo);
		json_string(out, r->fatal_signame);
		fputs(", \"stack\": ", out);
		print_stack(out, &r->fatal_stack);
		fputc('}', out);
	} else {
		fputs("null", out);
	}
	fputs(",\n \"threads\": {", out);
	for (size_t i = 0; i < r->nthreads; i++) {
		fprintf(out, "%s\"%ld\": ", i ? ", " : "", r->threads[i].id);
		print_stack(out, &r->threads[i].stack);
	}
	fputs("},\n \"errors\": [", out);
	for (size_t i = 0; i < r->nerrors; i++) {
		const struct error *e = &r->errors[i];
		fputs(i ? ",\n  {\"kind\": " : "\n  {\"kind\": ", out);
		json_string(out, e->kind);
		fputs(", \"what\": ", out);
		json_string(out, e->what);
		fputs(", \"thread\": ", out);
		if (e->thread >= 0)
			fprintf(out, "%ld", e->thread);
		else
			fputs("null", out);
		fprintf(out, ", \"after_signal\": %s, \"stack\": ",
			e->after_signal ? "true" : "false");
		print_stack(out, &e->stack);
		fputs(", \"aux\": [", out);
		for (size_t j = 0; j < e->naux; j++) {
			fputs(j ? ", {\"what\": " : "{\"what\": ", out);
			json_string(out, e->aux[j].what);
			fputs(", \"thread\": ", out);
			if (e->aux[j].thread >= 0)
				fprintf(out, "%ld", e->aux[j].thread);
			else
				fputs("null", out);
			fputs(", \"stack\": ", out);
			print_stack(out, &e->aux[j].stack);
			fputc('}', out);
		}
		fputs("]}", out);
	}
	fputs("]}\n", out);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: vgxml VALGRIND_XML_FILE\n", stderr);
		return 2;
	}
	FILE *in = fopen(argv[1], "rb");
	if (in == NULL) {
		fprintf(stderr, "vgxml: cannot open %s: %s\n", argv[1], strerror(errno));
		return 2;
	}

	struct report report = { 0 };
	struct parser p = { .report = &report };
	XML_Parser xml = XML_ParserCreate(NULL);
	XML_SetUserData(xml, &p);
	XML_SetElementHandler(xml, on_start, on_end);
	XML_SetCharacterDataHandler(xml, on_text);

	char parse_error[256] = "";
	char buf[65536];
	for (;;) {
		size_t n = fread(buf, 1, sizeof buf, in);
		bool last = n < sizeof buf;
		if (XML_Parse(xml, buf, (int)n, last) == XML_STATUS_ERROR) {
			/* A killed run leaves truncated XML: keep what was read. */
			snprintf(parse_error, sizeof parse_error, "%s at line %lu",
				 XML_ErrorString(XML_GetErrorCode(xml)),
				 (unsigned long)XML_GetCurrentLineNumber(xml));
			report.complete = false;
			break;
		}
		if (last)
			break;
	}
	fclose(in);
	XML_ParserFree(xml);

	print_report(stdout, &report, parse_error[0] ? parse_error : NULL);
	return 0;
}
