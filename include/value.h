/* SPDX-License-Identifier: ISC */
/*
 * value.h - typed values: names, encoding to bytes, decoding from bytes.
 *
 * One table of types serves `:set`, `poke`, `peek`, the inspector,
 * layouts and typed search patterns:
 *
 *	u8 i8 u16 i16 u32 i32 u64 i64 f32 f64, with "le" or "be" appended
 *	for the wider ones (u16le, f64be ...); without a suffix, little
 *	endian.
 *
 * How a user spells bytes (hex, text, TYPE:NUMBER) is bytes.h's grammar,
 * which encodes typed values through value_encode.
 */
#ifndef LIVEHEX_VALUE_H
#define LIVEHEX_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum value_kind { VALUE_UINT, VALUE_INT, VALUE_FLOAT };

/* A parsed type name. */
struct value_type {
	enum value_kind	 kind;
	unsigned	 width;		/* 1, 2, 4 or 8 bytes */
	bool		 big;		/* big endian */
	const char	*name;		/* canonical name, e.g. "u32le" */
};

/* Parse a type name ("u32le", "f64be", "i8"); 0, or -1 with *cause. */
int	value_type_parse(const char *s, struct value_type *t, char **cause);
/* Encode TEXT as type T into OUT (t->width bytes); 0 or -1 with *cause. */
int	value_encode(const struct value_type *t, const char *text,
	    uint8_t out[8], char **cause);
/* Decode t->width bytes at IN as type T into OUT as text. */
void	value_decode(const struct value_type *t, const uint8_t *in,
	    char *out, size_t outlen);
#endif
