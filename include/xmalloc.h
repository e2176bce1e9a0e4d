/* SPDX-License-Identifier: ISC */
/*
 * xmalloc.h - allocation that never returns NULL, and cause strings.
 *
 * Allocation failure is fatal everywhere in livehex: these functions
 * print one line and exit with status 70 (the man page's EXIT STATUS)
 * rather than return NULL, so callers never carry an out-of-memory path
 * they cannot test.
 */
#ifndef LIVEHEX_XMALLOC_H
#define LIVEHEX_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

/* malloc that exits on failure. */
void	*xmalloc(size_t size);
/* calloc that exits on failure (and on overflow of n * size). */
void	*xcalloc(size_t n, size_t size);
/* realloc that exits on failure. */
void	*xrealloc(void *ptr, size_t size);
/* strdup that exits on failure. */
char	*xstrdup(const char *s);
/* asprintf that exits on failure and returns the string. */
char	*xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * vasprintf that exits on failure and returns the string.  The attribute
 * says FMT is a printf format passed on from a checked caller (clang's
 * -Wformat-nonliteral wants it).
 */
char	*xvasprintf(const char *fmt, va_list ap)
	    __attribute__((format(printf, 1, 0)));
/* Set *cause (when CAUSE is not NULL) to a formatted string; returns -1. */
int	 cause_set(char **cause, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
