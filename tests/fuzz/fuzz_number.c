/* SPDX-License-Identifier: ISC */
/*
 * fuzz_number.c - libFuzzer target for number.h: sizes, counts, offsets.
 *
 * Input: the first byte's low two bits are the flags (NUMBER_SUFFIX,
 * NUMBER_NONZERO), so the seeds read as text: "1" + "16K" is "16K" with
 * suffixes allowed; the rest of the input is the text to parse.
 *
 * What it checks, beyond "no crash, no leak, no undefined behaviour":
 *  - number_parse_u64 agrees with an independent reading of the grammar in
 *    number.h (ref_parse below): same verdict, same value;
 *  - number_parse_range and number_parse_offset agree with number_parse_u64
 *    (the range check, the sign and the anchor), and number_resolve_offset
 *    never wraps;
 *  - every cause is set on failure, never on success, and is printable
 *    ASCII: number.h promises causes that quote the text escaped, so they
 *    can be printed as they are.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "number.h"

/* Lower-case ASCII letter for C (others unchanged). */
static int
ref_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Value of hex digit C, or -1. */
static int
ref_xdigit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = ref_lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* True when S equals the lower-case word W, ignoring ASCII case. */
static int
ref_word(const char *s, const char *w)
{
	for (; *s != '\0' && *w != '\0'; s++, w++)
		if (ref_lower((unsigned char)*s) != *w)
			return 0;
	return *s == '\0' && *w == '\0';
}

/*
 * The grammar of number.h read afresh: digits (decimal, or hex after 0x),
 * then nothing or a suffix when allowed; 0 with *out, or -1.  Overflow is
 * found with 128-bit arithmetic rather than number.c's division test.
 */
static int
ref_parse(const char *s, int flags, uint64_t *out)
{
	unsigned __int128	v = 0;
	unsigned		base = 10, shift = 0;
	size_t			i = 0, first;
	int			d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	first = i;
	for (; (d = ref_xdigit((unsigned char)s[i])) >= 0 &&
	    (unsigned)d < base; i++) {
		v = v * base + (unsigned)d;
		if (v > UINT64_MAX)
			return -1;
	}
	if (i == first)
		return -1;
	if (s[i] != '\0') {
		if (!(flags & NUMBER_SUFFIX))
			return -1;
		if (ref_word(s + i, "k") || ref_word(s + i, "kib"))
			shift = 10;
		else if (ref_word(s + i, "m") || ref_word(s + i, "mib"))
			shift = 20;
		else if (ref_word(s + i, "g") || ref_word(s + i, "gib"))
			shift = 30;
		else
			return -1;
	}
	v <<= shift;
	if (v > UINT64_MAX)
		return -1;
	if (v == 0 && (flags & NUMBER_NONZERO))
		return -1;
	*out = (uint64_t)v;
	return 0;
}

/* A cause must exist after a failure and be printable ASCII. */
static void
check_cause(int rc, char *cause)
{
	if (rc == 0) {
		FUZZ_CHECK(cause == NULL);
		return;
	}
	FUZZ_CHECK(rc == -1);
	FUZZ_CHECK(cause != NULL && cause[0] != '\0');
	for (const char *p = cause; *p != '\0'; p++)
		FUZZ_CHECK(*p >= 0x20 && *p <= 0x7e);
	free(cause);
}

/* Check number_parse_range over [MIN, MAX] against the plain result. */
static void
check_range(const char *s, int flags, int ok, uint64_t v, uint64_t min,
    uint64_t max)
{
	uint64_t	 r = 0;
	char		*cause = NULL;
	int		 rc;

	rc = number_parse_range(s, min, max, &r, flags, &cause);
	FUZZ_CHECK((rc == 0) == (ok && v >= min && v <= max));
	if (rc == 0)
		FUZZ_CHECK(r == v);
	check_cause(rc, cause);
}

/* Parse the text after the flags byte every way number.h offers. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum number_anchor	 anchor;
	uint64_t		 v = 0, rv = 0, o = 0, abs;
	char			*s, *cause = NULL;
	int			 flags, rc, ok;

	if (size == 0)
		return 0;
	flags = data[0] & (NUMBER_SUFFIX | NUMBER_NONZERO);
	/* An exact-size copy, so ASan sees any read past the terminator. */
	s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';

	rc = number_parse_u64(s, &v, flags, &cause);
	ok = rc == 0;
	FUZZ_CHECK(ok == (ref_parse(s, flags, &rv) == 0));
	if (ok)
		FUZZ_CHECK(v == rv);
	check_cause(rc, cause);
	/* A NULL cause pointer is allowed and must not be written. */
	FUZZ_CHECK((number_parse_u64(s, &rv, flags, NULL) == 0) == ok);

	check_range(s, flags, ok, v, 0, UINT64_MAX);
	check_range(s, flags, ok, v, 1, 65536);
	if (ok) {
		check_range(s, flags, ok, v, v, v);
		if (v < UINT64_MAX)
			check_range(s, flags, ok, v, v + 1, UINT64_MAX);
		if (v > 0)
			check_range(s, flags, ok, v, 0, v - 1);
	}

	/* An offset is the same number after an optional sign. */
	cause = NULL;
	rc = number_parse_offset(s, &o, &anchor, flags, &cause);
	if (s[0] == '+' || s[0] == '-') {
		ok = ref_parse(s + 1, flags, &rv) == 0;
		FUZZ_CHECK((rc == 0) == ok);
		if (rc == 0)
			FUZZ_CHECK(anchor == (s[0] == '+' ? NUMBER_RELATIVE :
			    NUMBER_FROM_END));
	} else {
		ok = ref_parse(s, flags, &rv) == 0;
		FUZZ_CHECK((rc == 0) == ok);
		if (rc == 0)
			FUZZ_CHECK(anchor == NUMBER_ABSOLUTE);
	}
	if (rc == 0) {
		FUZZ_CHECK(o == rv);
		/* Resolving never wraps: clamps forward, fails backward. */
		cause = NULL;
		rc = number_resolve_offset(o, anchor, 1000, 5000, &abs,
		    &cause);
		if (anchor == NUMBER_FROM_END && o > 5000)
			FUZZ_CHECK(rc == -1);
		else {
			FUZZ_CHECK(rc == 0);
			if (anchor == NUMBER_ABSOLUTE)
				FUZZ_CHECK(abs == o);
			else if (anchor == NUMBER_RELATIVE)
				FUZZ_CHECK(abs == (o > UINT64_MAX - 1000 ?
				    UINT64_MAX : 1000 + o));
			else
				FUZZ_CHECK(abs == 5000 - o);
		}
		check_cause(rc, cause);
	} else
		check_cause(rc, cause);
	free(s);
	return 0;
}
