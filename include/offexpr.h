/* SPDX-License-Identifier: ISC */
/*
 * offexpr.h - offset expressions typed at the viewer's goto prompt.
 *
 *	expr	= number		absolute: decimal or 0x hex, K/M/G ok
 *		| "+" number		forward from the cursor
 *		| "-" number		back from the cursor
 *		| number "%"		that share of the size (0-100)
 *		| "$"			the last byte
 * Surrounding blanks are ignored.  The result is not clamped to the size:
 * the caller decides (the viewer clamps and says so).
 */
#ifndef LIVEHEX_OFFEXPR_H
#define LIVEHEX_OFFEXPR_H

#include <stdint.h>

/* Evaluate S given the CURSOR and SIZE; 0, or -1 with *cause. */
int	offexpr_eval(const char *s, uint64_t cursor, uint64_t size,
	    uint64_t *out, char **cause);

#endif
