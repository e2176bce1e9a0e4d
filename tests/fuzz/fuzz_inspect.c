/* SPDX-License-Identifier: ISC */
/*
 * fuzz_inspect.c - libFuzzer target for inspect.h: the data inspector.
 *
 * Input: byte 0 is the "changed on the last tick" mask of the first 8
 * bytes (bit i: byte i); the rest are the bytes at the cursor, and how
 * many there are is AVAIL (so short inputs are the end of a file).
 *
 * What it checks, beyond "no crash, no leak, no undefined behaviour" (the
 * bytes and the unstable flags are exact-size copies, so ASan sees any
 * read past AVAIL):
 *  - every label and value is terminated inside its array, and no value
 *    holds a control character (C0, DEL, C1) or malformed UTF-8;
 *  - a typed line is available exactly when its width fits in AVAIL, says
 *    "unavailable" otherwise, is unstable exactly when one of its bytes
 *    is, and its text encodes back to its bytes (value.h; NaN to a NaN);
 *  - the offset line shows the offset in hex and decimal.
 */
#include "config.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "inspect.h"
#include "value.h"

/* True when S is well-formed UTF-8 with no C0, DEL or C1 control. */
static bool
clean_text(const char *s)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint32_t		 cp;
	size_t			 n;

	while (*u != '\0') {
		if (*u < 0x80) {
			if (*u < 0x20 || *u == 0x7f)
				return false;
			u++;
			continue;
		}
		if (*u < 0xc2 || *u > 0xf4)
			return false;
		n = *u < 0xe0 ? 2 : *u < 0xf0 ? 3 : 4;
		cp = *u & (0x7f >> n);
		for (size_t i = 1; i < n; i++) {
			if ((u[i] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (u[i] & 0x3f);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
		    cp < 0xa0)
			return false;
		u += n;
	}
	return true;
}

/* True when the text of a float of type T is a NaN ("nan", "-nan"). */
static bool
is_nan_text(const struct value_type *t, const char *v)
{
	return t->kind == VALUE_FLOAT && strstr(v, "nan") != NULL;
}

/* Inspect the input at a few offsets and check every line. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t	 offs[] = { 0, 0xdeadbeef, UINT64_MAX };
	struct inspect_line	 out[INSPECT_LINES];
	uint8_t			*bytes;
	bool			*unstable;
	size_t			 avail, n;
	char			 want[48];

	if (size == 0)
		return 0;
	avail = size - 1;
	bytes = malloc(avail > 0 ? avail : 1);
	unstable = malloc(avail > 0 ? avail : 1);
	memcpy(bytes, data + 1, avail);
	for (size_t i = 0; i < avail; i++)
		unstable[i] = i < 8 && (data[0] >> i & 1);

	for (size_t o = 0; o < sizeof offs / sizeof offs[0]; o++) {
		n = inspect_lines(offs[o], bytes, avail,
		    data[0] & 1 ? unstable : NULL, out);
		FUZZ_CHECK(n >= 1 && n <= INSPECT_LINES);
		for (size_t i = 0; i < n; i++) {
			FUZZ_CHECK(memchr(out[i].label, '\0',
			    sizeof out[i].label) != NULL);
			FUZZ_CHECK(memchr(out[i].value, '\0',
			    sizeof out[i].value) != NULL);
			FUZZ_CHECK(clean_text(out[i].label));
			FUZZ_CHECK(clean_text(out[i].value));
			FUZZ_CHECK(out[i].available ==
			    (strcmp(out[i].value, "unavailable") != 0));
		}
		FUZZ_CHECK(strcmp(out[0].label, "offset") == 0);
		snprintf(want, sizeof want, "0x%" PRIx64 " %" PRIu64,
		    offs[o], offs[o]);
		FUZZ_CHECK(strcmp(out[0].value, want) == 0);

		for (size_t i = 0; i < n; i++) {
			struct value_type	t;
			uint8_t			again[8];
			bool			torn = false;

			if (value_type_parse(out[i].label, &t, NULL) != 0)
				continue;
			FUZZ_CHECK(out[i].available == (avail >= t.width));
			if (!out[i].available)
				continue;
			if (data[0] & 1)
				for (size_t k = 0; k < t.width; k++)
					torn |= unstable[k];
			FUZZ_CHECK(out[i].unstable == torn);
			FUZZ_CHECK(value_encode(&t, out[i].value, again,
			    NULL) == 0);
			if (!is_nan_text(&t, out[i].value))
				FUZZ_CHECK(memcmp(again, bytes, t.width) == 0);
		}
	}
	free(bytes);
	free(unstable);
	return 0;
}
