/* SPDX-License-Identifier: ISC */
/*
 * bytes.h - the byte grammar: how a user spells bytes, everywhere.
 *
 * One grammar for search patterns (/ and ?), `:set`, and the VALUE
 * arguments of `livehex poke`; docs/livehex.1 (section BYTES) is the
 * user's description of it.  A spelling is one of:
 *
 *	de ad be ef, deadbeef,	hex bytes: two digits a byte; between bytes
 *	de:ad-be,ef		any run of separators (blank, ':', '-', ',')
 *	hex:de ad, hex de ad	the same, said explicitly
 *	de ?? ef		?? is any byte (search only: BYTES_WILD)
 *	"GET /\x00\n"		text with C escapes: \n \t \r \0 \e \\ \"
 *				\' \xNN; only blanks after the closing quote
 *	i"hello"		ASCII letters in either case (BYTES_FOLD)
 *	text:GET /\n		text with the same escapes, to the end
 *	u32le:1234, u32le 1234	a typed value (value.h: u8 .. f64be, no
 *				suffix = le); decimal, 0x hex, floats
 *
 * Blanks (space, tab) before the spelling are skipped.  How one is told
 * apart: a '"' (or i") opens text; a word of letters and digits that
 * starts with a letter and is followed by ':' or a blank is "hex",
 * "text" (':' only) or a type name; a word of hex digits only is hex
 * ("de:ad", "f3 2a"; every type name that could be hex has an odd number
 * of digits, so no spelling means two things); another word followed by
 * ':' (or by a blank and holding a digit, "u24 1") is an unknown type;
 * anything else is hex.
 */
#ifndef LIVEHEX_BYTES_H
#define LIVEHEX_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "value.h"

/* What a caller allows beyond exact bytes (bits for bytes_parse). */
#define BYTES_WILD	0x1	/* ?? wildcards */
#define BYTES_FOLD	0x2	/* i"text": letters in either case */

/* Parsed bytes: per position a value and a mask. */
struct bytes {
	uint8_t			*val;	/* len bytes, malloc'd: val & mask */
	uint8_t			*mask;	/* 0xff exact, 0xdf either case, 0 any */
	size_t			 len;	/* at least 1 */
	bool			 typed;	/* TYPE:NUMBER: one value of its width */
	struct value_type	 type;	/* when typed */
};

/*
 * Parse S as one spelling of bytes, allowing what FLAGS says.  0 with
 * *out filled (free it with bytes_free), or -1 with *col (1-based column
 * of the bad character in S, strlen(S) + 1 for "at the end") and *cause
 * (malloc'd) set, each when not NULL, and *out empty.
 */
int	bytes_parse(const char *s, unsigned flags, struct bytes *out,
	    size_t *col, char **cause);
/* Free what bytes_parse put in B (not B itself); B becomes empty. */
void	bytes_free(struct bytes *b);

#endif
