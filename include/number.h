/* SPDX-License-Identifier: ISC */
/*
 * number.h - parsing numbers typed on the command line.
 *
 * One strict grammar for every count, size and offset livehex accepts:
 *
 *	number	= digits [suffix]
 *	digits	= decimal | ("0x" | "0X") hexdigits
 *	suffix	= K | M | G | KiB | MiB | GiB	(any case; powers of 1024)
 *
 * Leading zeros are decimal, never octal ("010" is ten).  Whitespace, an
 * empty string, a sign where none is allowed, trailing garbage and overflow
 * are all errors.  Every error comes back as a cause string that quotes the
 * offending text, e.g. "12q": not a number (bad character 'q' at position 3).
 *
 * Causes are allocated with malloc(3) (cause_set); the caller frees them.
 * This module never prints and never exits.
 */
#ifndef LIVEHEX_NUMBER_H
#define LIVEHEX_NUMBER_H

#include <stdint.h>

/* Flags for the number_parse_* functions. */
#define NUMBER_SUFFIX	0x1	/* accept K, M, G, KiB, MiB, GiB (x 1024^n) */
#define NUMBER_NONZERO	0x2	/* zero is an error: "must be greater than zero" */

/* Where an offset counts from: xxd's `-s [+|-]N`. */
enum number_anchor {
	NUMBER_ABSOLUTE,	/* "N": N bytes from the start */
	NUMBER_RELATIVE,	/* "+N": N bytes past the current position */
	NUMBER_FROM_END,	/* "-N": N bytes before the end */
};

/* Parse S as an unsigned 64-bit number; 0, or -1 with *cause. */
int	number_parse_u64(const char *s, uint64_t *out, int flags,
	    char **cause);
/* Parse S and require MIN <= value <= MAX; 0, or -1 with *cause. */
int	number_parse_range(const char *s, uint64_t min, uint64_t max,
	    uint64_t *out, int flags, char **cause);
/* Parse an offset "[+|-]N"; the sign comes back in *anchor; 0 or -1. */
int	number_parse_offset(const char *s, uint64_t *out,
	    enum number_anchor *anchor, int flags, char **cause);
/*
 * Turn a parsed offset into an absolute one for a source of SIZE bytes
 * whose current position is HERE; -1 with *cause when it falls before the
 * start.  An offset past the end is not an error (there is nothing to show).
 */
int	number_resolve_offset(uint64_t value, enum number_anchor anchor,
	    uint64_t here, uint64_t size, uint64_t *out, char **cause);

/* The value of hex digit C (either case), or -1: the one hex-digit test. */
int	number_xdigit(int c);

#endif
