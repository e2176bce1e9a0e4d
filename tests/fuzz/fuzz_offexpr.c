/* SPDX-License-Identifier: ISC */
/*
 * fuzz_offexpr.c - libFuzzer target for offexpr.h: the goto prompt.
 *
 * Input: the whole input is the expression (up to its first NUL).  It is
 * evaluated at several cursor/size pairs, including 0 and 2^64-1, where
 * the sums and the percentage would wrap if done carelessly.
 *
 * What it checks, beyond "no crash, no leak, no undefined behaviour":
 *  - offexpr_eval agrees with the grammar of offexpr.h read afresh
 *    (ref_eval below: trim, "$", +N, -N, N%, N), with number_parse_u64 as
 *    the number reader (it has its own target, fuzz_number);
 *  - forward and backward moves saturate at 2^64-1 and 0, N% lands in
 *    [0, size];
 *  - a cause comes back on every failure, printable ASCII (it is shown on
 *    the status line), and none on success.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "number.h"
#include "offexpr.h"

/* Where the expression is evaluated: cursor and size. */
static const uint64_t	fuzz_at[][2] = {
	{ 0, 0 }, { 0, 1 }, { 100, 1000 }, { 999, 1000 },
	{ UINT64_MAX, UINT64_MAX }, { 5, UINT64_MAX }, { UINT64_MAX - 1, 10 },
};

/* The blanks isspace(3) knows in the C locale. */
static int
ref_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* A number as number.h reads it; FLAGS as for number_parse_u64. */
static int
ref_number(const char *s, size_t len, int flags, uint64_t *v)
{
	char	*t = malloc(len + 1);
	int	 rc;

	memcpy(t, s, len);
	t[len] = '\0';
	rc = number_parse_u64(t, v, flags, NULL);
	free(t);
	return rc;
}

/* The grammar of offexpr.h: 0 with *out, or -1. */
static int
ref_eval(const char *s, uint64_t cursor, uint64_t size, uint64_t *out)
{
	size_t		len = strlen(s);
	uint64_t	v;

	while (len > 0 && ref_space((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len > 0 && ref_space((unsigned char)s[len - 1]))
		len--;
	if (len == 0)
		return -1;
	if (len == 1 && s[0] == '$') {
		*out = size == 0 ? 0 : size - 1;
		return 0;
	}
	if (s[0] == '+' || s[0] == '-') {
		if (len == 1 || ref_number(s + 1, len - 1, NUMBER_SUFFIX,
		    &v) != 0)
			return -1;
		if (s[0] == '+')
			*out = v > UINT64_MAX - cursor ? UINT64_MAX :
			    cursor + v;
		else
			*out = v > cursor ? 0 : cursor - v;
		return 0;
	}
	if (s[len - 1] == '%') {
		if (ref_number(s, len - 1, 0, &v) != 0 || v > 100)
			return -1;
		*out = (uint64_t)((unsigned __int128)size * v / 100);
		return 0;
	}
	return ref_number(s, len, NUMBER_SUFFIX, out);
}

/* Evaluate the input at every cursor/size pair and compare. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s = malloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	for (size_t i = 0; i < sizeof fuzz_at / sizeof fuzz_at[0]; i++) {
		uint64_t	 cursor = fuzz_at[i][0], fsize = fuzz_at[i][1];
		uint64_t	 got = 0, want = 0;
		char		*cause = NULL;
		int		 rc, ref;

		rc = offexpr_eval(s, cursor, fsize, &got, &cause);
		ref = ref_eval(s, cursor, fsize, &want);
		FUZZ_CHECK(rc == ref);
		if (rc == 0) {
			FUZZ_CHECK(got == want);
			FUZZ_CHECK(cause == NULL);
			continue;
		}
		FUZZ_CHECK(cause != NULL && cause[0] != '\0');
		for (const char *p = cause; *p != '\0'; p++)
			FUZZ_CHECK(*p >= 0x20 && *p <= 0x7e);
		free(cause);
		/* Without a cause pointer the verdict is the same. */
		FUZZ_CHECK(offexpr_eval(s, cursor, fsize, &got, NULL) == -1);
	}
	free(s);
	return 0;
}
