/* SPDX-License-Identifier: ISC */
/*
 * yankfmt.h - the forms a yanked selection takes as text, and its sums.
 *
 * The viewer's `y` and `:yank FORM` copy a selection's bytes into a
 * register and the terminal's clipboard as one of these forms:
 *
 *	hex	 xxd -p: 30 bytes of bare hex digits a line
 *	c	 xxd -i with the name "data": a C array and its length
 *	xxd	 xxd's default dump, offsets counted from the file's start
 *		 (as xxd -s OFF prints them)
 *	base64	 RFC 4648 with padding, 76 characters a line
 *	text	 the bytes themselves
 *	TYPE	 a value type of value.h (u8, i16le, u32be, f64 ...): one
 *		 value a line; the length must be a multiple of its width
 *
 * xxd's forms come from xxdfmt.c, so they are byte for byte what `livehex
 * dump -p/-i` prints.  Also here: base64 for OSC 52, and CRC-32 (the
 * IEEE polynomial of zlib and PNG, written here: zlib is not linked).
 * Part of the core: never prints, no UI.
 */
#ifndef LIVEHEX_YANKFMT_H
#define LIVEHEX_YANKFMT_H

#include <stddef.h>
#include <stdint.h>

#include "value.h"

/* The forms; see the top of this file. */
enum yankfmt_form {
	YANKFMT_HEX,
	YANKFMT_C,
	YANKFMT_XXD,
	YANKFMT_BASE64,
	YANKFMT_TEXT,
	YANKFMT_TYPED,
};

/* A form and, for YANKFMT_TYPED, its type. */
struct yankfmt_spec {
	enum yankfmt_form	 form;
	struct value_type	 type;
	const char		*name;	/* "hex", "c" ... or the type's name */
};

/* Parse a form's name into *S: 0, or -1 with *cause (malloc'd). */
int	 yankfmt_parse(const char *word, struct yankfmt_spec *s, char **cause);
/*
 * Format LEN bytes of BUF (the first at file offset OFF) as S: a malloc'd
 * text (NUL-terminated; *OUTLEN its length, the text form may hold NULs),
 * or NULL with *cause when the bytes cannot take that form (a typed form
 * over a length that is no multiple of its width).
 */
char	*yankfmt_format(const struct yankfmt_spec *s, uint64_t off,
	    const unsigned char *buf, size_t len, size_t *outlen,
	    char **cause);
/* Base64 of LEN bytes at BUF, one line (no newline); malloc'd, *OUTLEN. */
char	*yankfmt_base64(const unsigned char *buf, size_t len, size_t *outlen);
/* CRC-32 (IEEE) continued from CRC over LEN bytes; start with 0. */
uint32_t yankfmt_crc32(uint32_t crc, const unsigned char *buf, size_t len);

#endif
