/* SPDX-License-Identifier: ISC */
/*
 * xmalloc.c - allocation that never returns NULL, and cause strings.
 *
 * The core never prints, except here: running out of memory is the one
 * failure the whole program treats as fatal, and exiting with a line on
 * stderr is better than every caller inventing its own recovery.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

/* Report an allocation failure and exit. */
static void __attribute__((noreturn))
xmalloc_fail(size_t size)
{
	fprintf(stderr, "livehex: out of memory (%zu bytes)\n", size);
	exit(70);
}

/* malloc that exits on failure. */
void *
xmalloc(size_t size)
{
	void	*p = malloc(size ? size : 1);

	if (p == NULL)
		xmalloc_fail(size);
	return p;
}

/* calloc that exits on failure (and on overflow of n * size). */
void *
xcalloc(size_t n, size_t size)
{
	void	*p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		xmalloc_fail(n * size);
	return p;
}

/* realloc that exits on failure. */
void *
xrealloc(void *ptr, size_t size)
{
	void	*p = realloc(ptr, size ? size : 1);

	if (p == NULL)
		xmalloc_fail(size);
	return p;
}

/* strdup that exits on failure. */
char *
xstrdup(const char *s)
{
	char	*p = strdup(s);

	if (p == NULL)
		xmalloc_fail(strlen(s) + 1);
	return p;
}

/* Format into a new string, exiting on failure. */
char *
xvasprintf(const char *fmt, va_list ap)
{
	char	*s;

	if (vasprintf(&s, fmt, ap) < 0)
		xmalloc_fail(strlen(fmt));
	return s;
}

/* asprintf that exits on failure and returns the string. */
char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

/* Set *cause (when CAUSE is not NULL) to a formatted string; returns -1. */
int
cause_set(char **cause, const char *fmt, ...)
{
	va_list	 ap;

	if (cause == NULL)
		return -1;
	va_start(ap, fmt);
	*cause = xvasprintf(fmt, ap);
	va_end(ap);
	return -1;
}
