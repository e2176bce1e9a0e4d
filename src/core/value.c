/* SPDX-License-Identifier: ISC */
/*
 * value.c - typed values: names, encoding to bytes, decoding from bytes.
 *
 * Numbers are parsed by hand (strtoull/strtoll/strtod_l with full checks)
 * rather than through number.c because signed values and floats are
 * allowed here and sizes are not.  Every byte order conversion goes
 * through value_put / value_get, which move bytes explicitly: no pointer
 * casts over unaligned data, no dependence on the host's byte order.
 *
 * Floats are read and written in the C locale whatever LC_NUMERIC the user
 * has: "2.5" means two and a half under de_DE.UTF-8 too, and peek never
 * prints "2,5" (a value printed by peek must poke back as itself).  The
 * rest of the locale (LC_CTYPE for text) is left alone.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "value.h"
#include "xmalloc.h"

/* Every type name the parser knows, canonical spelling first. */
static const struct value_type value_types[] = {
	{ VALUE_UINT, 1, false, "u8" },    { VALUE_INT, 1, false, "i8" },
	{ VALUE_UINT, 2, false, "u16le" }, { VALUE_UINT, 2, true, "u16be" },
	{ VALUE_INT, 2, false, "i16le" },  { VALUE_INT, 2, true, "i16be" },
	{ VALUE_UINT, 4, false, "u32le" }, { VALUE_UINT, 4, true, "u32be" },
	{ VALUE_INT, 4, false, "i32le" },  { VALUE_INT, 4, true, "i32be" },
	{ VALUE_UINT, 8, false, "u64le" }, { VALUE_UINT, 8, true, "u64be" },
	{ VALUE_INT, 8, false, "i64le" },  { VALUE_INT, 8, true, "i64be" },
	{ VALUE_FLOAT, 4, false, "f32le" }, { VALUE_FLOAT, 4, true, "f32be" },
	{ VALUE_FLOAT, 8, false, "f64le" }, { VALUE_FLOAT, 8, true, "f64be" },
};

/*
 * The C locale as a locale object, made on first use; (locale_t)0 if
 * newlocale failed (out of memory), and then the caller's locale is used.
 * Kept for the life of the process.
 */
static locale_t
value_c_locale(void)
{
	static locale_t	c;

	if (c == (locale_t)0)
		c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	return c;
}

/* strtod in the C locale: '.' is the decimal point, whatever LC_NUMERIC. */
static double
value_strtod(const char *text, char **end)
{
	locale_t	c = value_c_locale();

	if (c == (locale_t)0)
		return strtod(text, end);
	return strtod_l(text, end, c);
}

/* Print D with "%.*g" into OUT in the C locale (no strtod_l twin for it). */
static void
value_print_g(char *out, size_t outlen, int digits, double d)
{
	locale_t	c = value_c_locale(), old = (locale_t)0;

	/* uselocale is per thread: the rest of the process is not touched. */
	if (c != (locale_t)0)
		old = uselocale(c);
	snprintf(out, outlen, "%.*g", digits, d);
	if (old != (locale_t)0)
		uselocale(old);
}

/* Parse a type name ("u32le", "f64be", "i8"); 0, or -1 with *cause. */
int
value_type_parse(const char *s, struct value_type *t, char **cause)
{
	size_t	 n = strlen(s);
	char	*q;

	if (n == 0)
		return cause_set(cause, "a type is missing (u8 i8 u16 i16 u32 "
		    "i32 u64 i64 f32 f64, with le or be)");
	for (size_t i = 0; i < sizeof value_types / sizeof value_types[0];
	    i++) {
		const char	*name = value_types[i].name;

		/* "u32" alone means little endian: match "u32le" by prefix. */
		if (strcasecmp(s, name) == 0 ||
		    (n + 2 == strlen(name) && strncasecmp(s, name, n) == 0 &&
		    !value_types[i].big)) {
			*t = value_types[i];
			return 0;
		}
	}
	q = esc_quote(s, n, SIZE_MAX, ESC_UTF8 | ESC_MARKS);
	cause_set(cause, "%s: unknown type (u8 i8 u16 i16 u32 "
	    "i32 u64 i64 f32 f64, with le or be)", q);
	free(q);
	return -1;
}

/* Store V in W bytes at OUT in the byte order BIG. */
static void
value_put(uint64_t v, unsigned w, bool big, uint8_t *out)
{
	for (unsigned i = 0; i < w; i++) {
		unsigned	shift = 8 * (big ? w - 1 - i : i);

		out[i] = (uint8_t)(v >> shift);
	}
}

/* Load W bytes at IN in the byte order BIG. */
static uint64_t
value_get(const uint8_t *in, unsigned w, bool big)
{
	uint64_t	v = 0;

	for (unsigned i = 0; i < w; i++) {
		unsigned	shift = 8 * (big ? w - 1 - i : i);

		v |= (uint64_t)in[i] << shift;
	}
	return v;
}

/* Base of the integer in TEXT: 16 after "0x", else 10 (never octal). */
static int
value_base(const char *text)
{
	if (*text == '-' || *text == '+')
		text++;
	return text[0] == '0' && (text[1] == 'x' || text[1] == 'X') ? 16 : 10;
}

/* value_encode, quoting TEXT in causes as Q (TEXT quoted, escaped). */
static int
value_encode_q(const struct value_type *t, const char *text, const char *q,
    uint8_t out[8], char **cause)
{
	char		*end;
	uint64_t	 bits;
	unsigned	 w = t->width;

	if (*text == '\0')
		return cause_set(cause, "%s: a value is missing", t->name);
	if (isspace((unsigned char)*text))
		return cause_set(cause, "%s: not a number for %s (blank "
		    "before it)", q, t->name);
	errno = 0;
	if (t->kind == VALUE_FLOAT) {
		double	d = value_strtod(text, &end);

		if (*end != '\0' || end == text)
			return cause_set(cause, "%s: not a number for %s",
			    q, t->name);
		/* ERANGE with an infinite result: the text overflowed. */
		if (errno == ERANGE && isinf(d))
			return cause_set(cause, "%s: too large for %s",
			    q, t->name);
		if (w == 4) {
			float		f = (float)d;
			uint32_t	u;

			if (isinf(f) && !isinf(d))
				return cause_set(cause, "%s: too large "
				    "for %s", q, t->name);
			memcpy(&u, &f, 4);
			bits = u;
		} else
			memcpy(&bits, &d, 8);
	} else if (t->kind == VALUE_UINT) {
		unsigned long long	u;

		if (*text == '-')
			return cause_set(cause, "%s: %s cannot be "
			    "negative", q, t->name);
		u = strtoull(text, &end, value_base(text));
		if (*end != '\0' || end == text)
			return cause_set(cause, "%s: not a number for %s",
			    q, t->name);
		if (errno == ERANGE || (w < 8 && u >> (8 * w) != 0))
			return cause_set(cause, "%s: does not fit in %s "
			    "(0 to %" PRIu64 ")", q, t->name,
			    w == 8 ? UINT64_MAX : (UINT64_C(1) << (8 * w)) - 1);
		bits = u;
	} else {
		long long	s = strtoll(text, &end, value_base(text));
		int64_t		lo = w == 8 ? INT64_MIN :
				    -(INT64_C(1) << (8 * w - 1));
		int64_t		hi = w == 8 ? INT64_MAX :
				    (INT64_C(1) << (8 * w - 1)) - 1;

		if (*end != '\0' || end == text)
			return cause_set(cause, "%s: not a number for %s",
			    q, t->name);
		if (errno == ERANGE || s < lo || s > hi)
			return cause_set(cause, "%s: does not fit in %s "
			    "(%" PRId64 " to %" PRId64 ")", q, t->name, lo,
			    hi);
		bits = (uint64_t)s;
	}
	value_put(bits, w, t->big, out);
	return 0;
}

/*
 * Encode TEXT as type T into OUT (t->width bytes); 0 or -1 with *cause.
 * TEXT is quoted by esc_quote: a newline in it cannot forge a line.
 */
int
value_encode(const struct value_type *t, const char *text, uint8_t out[8],
    char **cause)
{
	char	*q = esc_quote(text, strlen(text), SIZE_MAX,
		    ESC_UTF8 | ESC_MARKS);
	int	 rc = value_encode_q(t, text, q, out, cause);

	free(q);
	return rc;
}

/* Decode t->width bytes at IN as type T into OUT as text. */
void
value_decode(const struct value_type *t, const uint8_t *in, char *out,
    size_t outlen)
{
	uint64_t	v = value_get(in, t->width, t->big);
	unsigned	w = t->width;

	if (t->kind == VALUE_UINT)
		snprintf(out, outlen, "%" PRIu64, v);
	else if (t->kind == VALUE_INT) {
		/* Sign-extend from the width. */
		uint64_t	sign = UINT64_C(1) << (8 * w - 1);
		int64_t		s = w == 8 ? (int64_t)v :
				    (int64_t)((v ^ sign) - sign);

		snprintf(out, outlen, "%" PRId64, s);
	} else if (w == 4) {
		uint32_t	u = (uint32_t)v;
		float		f;

		memcpy(&f, &u, 4);
		value_print_g(out, outlen, 9, (double)f);
	} else {
		double	d;

		memcpy(&d, &v, 8);
		value_print_g(out, outlen, 17, d);
	}
}
