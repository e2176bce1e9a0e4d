/* SPDX-License-Identifier: ISC */
/*
 * fuzz_poke.c - libFuzzer target for the VALUE arguments of `livehex poke`.
 *
 * Input: one VALUE per line, as they would follow SOURCE OFFSET on the
 * command line ("de ad be ef", "hex:..", "text:..", "u32le:1234" ...).
 * Each goes through bytes_parse with no flags, the call poke itself makes
 * (fuzz_bytes holds the grammar against an independent reading).
 *
 * What it checks, beyond "no crash, no leak, no undefined behaviour":
 *  - a parsed VALUE has at least one byte, every mask 0xff (no wildcard
 *    or folded letter can reach a store); a typed one exactly its width,
 *    and those bytes decode to text that encodes back to them; hex never
 *    yields more bytes than half its digits, text never more bytes than
 *    its characters;
 *  - a failure sets a cause and leaves no bytes behind;
 *  - the total poke would store stays within 8 bytes or the argument's
 *    length per VALUE, which is why cmd_poke.c's sum cannot overflow.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "bytes.h"
#include "value.h"

/* Count the hex digits in S. */
static size_t
hex_digits(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++)
		n += isxdigit((unsigned char)*s) != 0;
	return n;
}

/* Parse each line of the input as a VALUE, as poke would. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*all = malloc(size + 1), *line, *next;
	uint64_t	 total = 0;

	memcpy(all, data, size);
	all[size] = '\0';
	for (line = all; line != NULL; line = next) {
		struct bytes	 v;
		uint8_t		 again[8];
		char		 text[64], *cause = NULL;
		const char	*body;
		size_t		 n;

		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		n = strlen(line);
		if (bytes_parse(line, 0, &v, NULL, &cause) != 0) {
			FUZZ_CHECK(cause != NULL && cause[0] != '\0');
			FUZZ_CHECK(v.val == NULL && v.len == 0);
			free(cause);
			continue;
		}
		FUZZ_CHECK(cause == NULL);
		FUZZ_CHECK(v.val != NULL && v.len >= 1);
		FUZZ_CHECK(v.len <= (n > 8 ? n : 8));
		for (size_t i = 0; i < v.len; i++)
			FUZZ_CHECK(v.mask[i] == 0xff);
		body = line + strspn(line, " \t");
		if (v.typed) {
			FUZZ_CHECK(v.len == v.type.width);
			value_decode(&v.type, v.val, text, sizeof text);
			FUZZ_CHECK(value_encode(&v.type, text, again,
			    NULL) == 0);
			if (!(v.type.kind == VALUE_FLOAT && strstr(text,
			    "nan") != NULL))
				FUZZ_CHECK(memcmp(again, v.val, v.len) == 0);
		} else if (strncmp(body, "text:", 5) == 0)
			FUZZ_CHECK(v.len <= n - 5);
		else if (*body == '"')
			FUZZ_CHECK(v.len <= n - 2);
		else
			FUZZ_CHECK(2 * v.len <= hex_digits(line));
		total += v.len;
		bytes_free(&v);
	}
	FUZZ_CHECK(total <= 8 * (uint64_t)size + 8);
	free(all);
	return 0;
}
