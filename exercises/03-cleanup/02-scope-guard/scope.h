/*
 * scope.h - scope guards: variables that release what they hold when they
 * go out of scope.
 *
 * GCC and Clang's __attribute__((cleanup(fn))) makes the compiler call
 * fn(&variable) whenever the variable's scope ends, on every way out of it:
 * the end of the block, break, goto out of the block, and every return.
 *
 *     autofree char *line = NULL;         free(line) at the end of the scope
 *     autoclose FILE *file = fopen(...);  fclose(file), unless it is NULL
 *     scoped(fn) struct thing *t = ...;   fn(&t), for a type of your own
 *
 * The guard runs after a return statement has computed the value it
 * returns, and it releases whatever the variable holds at that moment. A
 * variable that holds NULL has nothing to release: free(NULL) does
 * nothing, and autoclose skips a NULL file.
 *
 * A guard is attached to one variable, not to the object: copying the
 * pointer to another variable does not move the guard with it.
 */
#ifndef SCOPE_H
#define SCOPE_H

#include <stdio.h>
#include <stdlib.h>

/* For autofree: p is the address of any pointer variable. */
static inline void free_pointer(void *p)
{
	free(*(void **)p);
}

/* For autoclose. */
static inline void close_file(FILE **file)
{
	if (*file != NULL)
		fclose(*file);
}

#define autofree __attribute__((cleanup(free_pointer)))
#define autoclose __attribute__((cleanup(close_file)))

/* A guard that calls fn(&variable): fn takes a pointer to the variable's
 * type, e.g. void thing_release(struct thing **t). */
#define scoped(fn) __attribute__((cleanup(fn)))

#endif
