/* SPDX-License-Identifier: ISC */
/*
 * fuzz_speed.c - libFuzzer target for replay_parse_speed (replay.h): the
 * factor of `livehex replay --speed`.
 *
 * Input: the whole input is the text (seeds read as typed: "x4", "0.5").
 *
 * What it checks, beyond "no crash, no leak, no undefined behaviour":
 *  - the verdict agrees with an independent reading of the grammar (an
 *    optional "x", decimal digits with an optional fraction, 1 to 12
 *    digits in all) and of the range, decided exactly in integers: the
 *    text is N / 10^K, and 1/64 <= N / 10^K <= 1024 is 64 N >= 10^K and
 *    N <= 1024 10^K, so the bounds themselves ("0.015625", "1024") are
 *    in, whatever floating point does with them;
 *  - an accepted speed is within REPLAY_SPEED_MIN..MAX and within a
 *    relative 1e-12 of N / 10^K;
 *  - a refused one leaves *speed as it was; a cause is set on failure,
 *    never on success, printable ASCII; a NULL cause is not written.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "replay.h"

/* Most digits the grammar takes (replay.c). */
#define REF_DIGITS	12

/*
 * The grammar read afresh: 0 with the text's value as N / 10^K in *num
 * and *den, or -1 when it is not a speed (range not checked here).
 */
static int
ref_parse(const char *s, uint64_t *num, uint64_t *den)
{
	uint64_t	n = 0, d = 1;
	int		digits = 0;
	size_t		i = s[0] == 'x' ? 1 : 0;

	for (; s[i] >= '0' && s[i] <= '9'; i++)
		if (++digits <= REF_DIGITS)
			n = n * 10 + (uint64_t)(s[i] - '0');
	if (s[i] == '.')
		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			if (++digits <= REF_DIGITS) {
				n = n * 10 + (uint64_t)(s[i] - '0');
				d *= 10;
			}
	if (digits == 0 || digits > REF_DIGITS || s[i] != '\0')
		return -1;
	*num = n;
	*den = d;
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

/* Parse the input as a speed and hold the result to the reference. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t	 num = 0, den = 1;
	double		 speed = -7.0, exact;
	char		*s, *cause = NULL;
	int		 rc, ok;

	/* An exact-size copy, so ASan sees any read past the terminator. */
	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	/* A NUL inside the input ends the text, as it would in argv. */
	ok = ref_parse(s, &num, &den) == 0 && 64 * num >= den &&
	    num <= 1024 * den;

	rc = replay_parse_speed(s, &speed, &cause);
	FUZZ_CHECK((rc == 0) == ok);
	if (rc == 0) {
		exact = (double)num / (double)den;
		FUZZ_CHECK(speed >= REPLAY_SPEED_MIN &&
		    speed <= REPLAY_SPEED_MAX);
		FUZZ_CHECK(fabs(speed - exact) <= exact * 1e-12);
	} else
		FUZZ_CHECK(speed == -7.0);
	check_cause(rc, cause);
	FUZZ_CHECK((replay_parse_speed(s, &speed, NULL) == 0) == ok);
	free(s);
	return 0;
}
