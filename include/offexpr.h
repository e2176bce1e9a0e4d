/* SPDX-License-Identifier: ISC */
/*
 * offexpr.h - offset expressions typed at the viewer's goto prompt.
 *
 *	expr	= ["+" | "-"] sum	a leading sign counts from the cursor
 *	sum	= product {("+" | "-") product}
 *	product	= term {("*" | "/" | "%") term}
 *	term	= number			decimal or 0x hex, K/M/G ok
 *		| digits "%"			that share of the size (0-100)
 *		| "$"				the last byte: size - 1, or 0
 *		| "."				the cursor
 *		| "'" letter			a mark, 'a to 'z
 *		| name {"." name | "[" digits "]"}	a field of the layout
 *		| "(" sum ")"
 *
 * Numbers are number.h's (number_parse_u64 with NUMBER_SUFFIX).  "/" and
 * "%" are C's: integer division truncating toward zero, and its remainder.
 * The usual precedence: * / % bind tighter than + -, both to the left.
 *
 * There is no unary minus inside an expression.  A leading "+" or "-"
 * reads as if "." came before it ("-16+4" is 12 bytes back), and such a
 * relative result stops at 0 and 2^64-1 as a motion does.  Any other
 * expression whose result is negative or past 2^64-1 is an error.
 *
 * "%" right after a number with nothing that starts a term after it
 * ("50%", "50%+16", "(25%)") is a share of the size; followed by a term
 * ("$%16", "50%3", "50 % 3") it is the remainder.
 *
 * Arithmetic is exact in between (128-bit; past that is an overflow).
 * Every error names its column, counted in bytes from 1 in the text as
 * given: "column 4: division by zero".  Surrounding blanks are ignored.
 * The result is not clamped to the size: the caller decides (the viewer
 * clamps and says so).
 */
#ifndef LIVEHEX_OFFEXPR_H
#define LIVEHEX_OFFEXPR_H

#include <stdint.h>

/* What an expression may refer to besides numbers. */
struct offexpr_env {
	uint64_t	 cursor;	/* "." and the base of "+N", "-N" */
	uint64_t	 size;		/* of the file: "$" and "N%" */
	/* Mark LETTER ('a'..'z') into *off: 0, or -1 when it is unset. */
	int		(*mark)(void *arg, int letter, uint64_t *off);
	/*
	 * The offset of the field at PATH ("count", "hdr.len", "a[2]") into
	 * *off: 0, or -1 with *cause (not naming the column: offexpr adds
	 * it).  NULL: no layout is loaded.
	 */
	int		(*field)(void *arg, const char *path, uint64_t *off,
			    char **cause);
	void		*arg;		/* passed to mark and field */
};

/* Evaluate S in ENV; 0 with *out, or -1 with *cause. */
int	offexpr_eval_env(const char *s, const struct offexpr_env *env,
	    uint64_t *out, char **cause);
/* Evaluate S given the CURSOR and SIZE, no marks or fields; 0 or -1. */
int	offexpr_eval(const char *s, uint64_t cursor, uint64_t size,
	    uint64_t *out, char **cause);

#endif
