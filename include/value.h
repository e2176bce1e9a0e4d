/* SPDX-License-Identifier: ISC */
/*
 * value.h - typed values: names, encoding to bytes, decoding from bytes.
 *
 * One table of types serves `:set`, `poke`, `peek`, the inspector and
 * typed search patterns:
 *
 *	u8 i8 u16 i16 u32 i32 u64 i64 f32 f64, with "le" or "be" appended
 *	for the wider ones (u16le, f64be ...); without a suffix, little
 *	endian.
 *
 * Byte strings come in two spellings: hex ("de ad be ef", "deadbeef",
 * "de:ad") and text with C escapes ("GET /\x00\n").
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
/*
 * Parse hex bytes ("de ad be ef", "deadbeef", "de:ad"): a malloc'd buffer
 * in *out and its length in *len; 0, or -1 with *cause naming the column.
 */
int	value_parse_hex(const char *s, uint8_t **out, size_t *len,
	    char **cause);
/*
 * Parse text with C escapes (\n \t \r \0 \\ \" \xNN): malloc'd buffer in
 * *out, length in *len; 0, or -1 with *cause naming the column.
 */
int	value_parse_text(const char *s, uint8_t **out, size_t *len,
	    char **cause);

/* One VALUE argument as poke takes it: bytes, and how to store them. */
struct value_arg {
	bool			 typed;	/* TYPE:NUMBER: one store of its width */
	struct value_type	 type;	/* when typed */
	uint8_t			*bytes;	/* malloc'd */
	size_t			 len;
};

/*
 * Parse one VALUE argument: "de ad be ef", "deadbeef", "hex:...",
 * "text:..." (escapes) or "TYPE:NUMBER" ("u32le:1234", "f64be:2.5").
 * 0, or -1 with *cause; on success the caller frees out->bytes.
 */
int	value_parse_arg(const char *arg, struct value_arg *out, char **cause);

#endif
