/* SPDX-License-Identifier: ISC */
/*
 * fuzz_value.c - libFuzzer target for value.h: type names and numbers
 * for every type.  (Hex bytes and escaped text are the byte grammar's:
 * fuzz_bytes.)
 *
 * Input: the whole input, read every way value.h offers: as a type name,
 * as the text of a number for each of the 18 types; and its raw bytes are
 * decoded as each type.
 *
 * What it checks, beyond "no crash, no leak, no undefined behaviour":
 *  - a parsed type has width 1, 2, 4 or 8 and its canonical name parses
 *    back to itself; the input names it (bare u16 etc. means le);
 *  - integers encode exactly when an independent reading (sign, decimal
 *    or 0x hex, range of the type, no sign on unsigned) says so, to the
 *    same bytes;
 *  - decoding any bytes gives text that encodes back to the same bytes
 *    (NaN: to a NaN), and decode never writes past a short buffer.
 */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "value.h"

/* Every type, by its canonical name. */
static const char *const fuzz_types[] = {
	"u8", "i8", "u16le", "u16be", "i16le", "i16be", "u32le", "u32be",
	"i32le", "i32be", "u64le", "u64be", "i64le", "i64be", "f32le",
	"f32be", "f64le", "f64be",
};
#define FUZZ_NTYPES	(sizeof fuzz_types / sizeof fuzz_types[0])

/* Value of hex digit C, or -1. */
static int
ref_xdigit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The bytes of T holding V (two's complement), as value.h lays them out. */
static void
ref_put(const struct value_type *t, uint64_t v, uint8_t out[8])
{
	for (unsigned i = 0; i < t->width; i++)
		out[t->big ? t->width - 1 - i : i] = (uint8_t)(v >> (8 * i));
}

/*
 * An integer for type T read afresh: [+|-] then decimal or 0x hex digits,
 * nothing else; in the range of T; no '-' at all for unsigned.  0 with the
 * bytes in OUT, or -1.
 */
static int
ref_int(const struct value_type *t, const char *s, uint8_t out[8])
{
	__int128	v = 0, lo, hi;
	bool		neg = false;
	unsigned	base = 10;
	size_t		i = 0, first;
	int		d;

	if (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-';
		i = 1;
	}
	if (neg && t->kind == VALUE_UINT)
		return -1;
	if (s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
		base = 16;
		i += 2;
	}
	first = i;
	for (; (d = ref_xdigit((unsigned char)s[i])) >= 0 &&
	    (unsigned)d < base; i++) {
		v = v * base + d;
		if (v > (__int128)UINT64_MAX + 1)
			return -1;
	}
	if (i == first || s[i] != '\0')
		return -1;
	if (neg)
		v = -v;
	if (t->kind == VALUE_UINT) {
		lo = 0;
		hi = t->width == 8 ? (__int128)UINT64_MAX :
		    ((__int128)1 << (8 * t->width)) - 1;
	} else {
		lo = -((__int128)1 << (8 * t->width - 1));
		hi = ((__int128)1 << (8 * t->width - 1)) - 1;
	}
	if (v < lo || v > hi)
		return -1;
	ref_put(t, (uint64_t)v, out);
	return 0;
}

/* True when the width of T at A and B hold the same value (NaN = NaN). */
static bool
same_value(const struct value_type *t, const uint8_t *a, const uint8_t *b)
{
	if (memcmp(a, b, t->width) == 0)
		return true;
	if (t->kind != VALUE_FLOAT)
		return false;
	/* A NaN's payload and sign are not kept by the text "nan". */
	if (t->width == 4) {
		uint8_t	x[4], y[4];
		float	f, g;

		for (unsigned i = 0; i < 4; i++) {
			x[i] = a[t->big ? 3 - i : i];
			y[i] = b[t->big ? 3 - i : i];
		}
		memcpy(&f, x, 4);
		memcpy(&g, y, 4);
		return isnan(f) && isnan(g);
	} else {
		uint8_t	x[8], y[8];
		double	f, g;

		for (unsigned i = 0; i < 8; i++) {
			x[i] = a[t->big ? 7 - i : i];
			y[i] = b[t->big ? 7 - i : i];
		}
		memcpy(&f, x, 8);
		memcpy(&g, y, 8);
		return isnan(f) && isnan(g);
	}
}

/* Check value_type_parse on S. */
static void
check_type(const char *s)
{
	struct value_type	 t, u;
	char			*cause = NULL;
	size_t			 n = strlen(s);

	if (value_type_parse(s, &t, &cause) != 0) {
		FUZZ_CHECK(cause != NULL);
		free(cause);
		return;
	}
	FUZZ_CHECK(cause == NULL);
	FUZZ_CHECK(t.width == 1 || t.width == 2 || t.width == 4 ||
	    t.width == 8);
	FUZZ_CHECK(value_type_parse(t.name, &u, NULL) == 0);
	FUZZ_CHECK(u.kind == t.kind && u.width == t.width && u.big == t.big &&
	    strcmp(u.name, t.name) == 0);
	/* The input is the name, or the name without its "le". */
	FUZZ_CHECK(strcasecmp(s, t.name) == 0 ||
	    (n + 2 == strlen(t.name) && strncasecmp(s, t.name, n) == 0 &&
	    strcmp(t.name + n, "le") == 0));
}

/* Check value_encode of S as type T, and decode -> encode of its bytes. */
static void
check_encode(const struct value_type *t, const char *s)
{
	uint8_t	 out[8], ref[8], again[8];
	char	 text[64], *cause = NULL;
	int	 rc;

	rc = value_encode(t, s, out, &cause);
	FUZZ_CHECK((rc == 0) == (cause == NULL));
	free(cause);
	if (t->kind != VALUE_FLOAT) {
		FUZZ_CHECK(rc == ref_int(t, s, ref));
		if (rc == 0)
			FUZZ_CHECK(memcmp(out, ref, t->width) == 0);
	}
	if (rc != 0)
		return;
	value_decode(t, out, text, sizeof text);
	FUZZ_CHECK(value_encode(t, text, again, NULL) == 0);
	FUZZ_CHECK(same_value(t, out, again));
}

/* Decode the bytes at B as T into buffers of several sizes. */
static void
check_decode(const struct value_type *t, const uint8_t *b)
{
	uint8_t	 again[8];
	char	 text[64], *small;
	size_t	 len;

	value_decode(t, b, text, sizeof text);
	len = strlen(text);
	FUZZ_CHECK(len > 0 && len < 48);	/* fits the inspector */
	FUZZ_CHECK(value_encode(t, text, again, NULL) == 0);
	FUZZ_CHECK(same_value(t, b, again));
	/* A cut is snprintf's: a prefix, always terminated. */
	for (size_t n = 1; n <= 8; n++) {
		small = malloc(n);
		value_decode(t, b, small, n);
		FUZZ_CHECK(strlen(small) == (len < n ? len : n - 1));
		FUZZ_CHECK(strncmp(small, text, strlen(small)) == 0);
		free(small);
	}
}

/* Read the input every way value.h offers. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct value_type	 t;
	char			*s = malloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	check_type(s);
	for (size_t i = 0; i < FUZZ_NTYPES; i++) {
		FUZZ_CHECK(value_type_parse(fuzz_types[i], &t, NULL) == 0);
		check_encode(&t, s);
		if (size >= t.width)
			check_decode(&t, data);
	}
	free(s);
	return 0;
}
