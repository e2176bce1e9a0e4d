/* SPDX-License-Identifier: ISC */
/*
 * fuzz_poke.c - libFuzzer target for the VALUE arguments of `livehex poke`.
 *
 * Input: one VALUE per line, as they would follow SOURCE OFFSET on the
 * command line ("de ad be ef", "hex:..", "text:..", "u32le:1234" ...).
 * Each goes through value_parse_arg, the parser poke itself calls.
 *
 * What it checks, beyond "no crash, no leak, no undefined behaviour":
 *  - value_parse_arg follows the rule cmd_poke.c documents, composed here
 *    afresh from value.h's other parsers (ref_arg below): "hex:" and
 *    "text:" are prefixes; otherwise the part before the first ':' is a
 *    type name when value_type_parse knows it; otherwise, when that part
 *    holds anything but hex digits, spaces and commas, it is an unknown
 *    type; otherwise the whole VALUE is hex.  Same verdict, same kind,
 *    same type, same bytes;
 *  - a parsed VALUE has at least one byte; a typed one exactly its width,
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

#include "value.h"
#include "xmalloc.h"

/* Abort with a message: libFuzzer saves the input that got here. */
#define FUZZ_CHECK(c) do {						\
	if (!(c)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
		    __LINE__, #c);					\
		abort();						\
	}								\
} while (0)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* True when the N bytes at S are hex digits, spaces and commas. */
static bool
ref_looks_hex(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]) && s[i] != ' ' &&
		    s[i] != ',')
			return false;
	return true;
}

/* The typed value T encoded from NUM into V. */
static int
ref_typed(struct value_arg *v, const struct value_type *t, const char *num)
{
	v->typed = true;
	v->type = *t;
	v->len = t->width;
	v->bytes = xmalloc(8);
	return value_encode(t, num, v->bytes, NULL);
}

/* The rule of cmd_poke.c's design comment; 0 with *v, or -1. */
static int
ref_arg(const char *arg, struct value_arg *v)
{
	const char		*colon = strchr(arg, ':');
	struct value_type	 t;
	char			*name;
	int			 rc;

	memset(v, 0, sizeof *v);
	if (strncmp(arg, "hex:", 4) == 0)
		return value_parse_hex(arg + 4, &v->bytes, &v->len, NULL);
	if (strncmp(arg, "text:", 5) == 0)
		return value_parse_text(arg + 5, &v->bytes, &v->len, NULL) ==
		    0 && v->len > 0 ? 0 : -1;
	if (colon == NULL)
		return value_parse_hex(arg, &v->bytes, &v->len, NULL);
	name = xasprintf("%.*s", (int)(colon - arg), arg);
	rc = value_type_parse(name, &t, NULL);
	free(name);
	if (rc == 0)
		return ref_typed(v, &t, colon + 1);
	if (!ref_looks_hex(arg, (size_t)(colon - arg)))
		return -1;	/* an unknown type (or none before ':') */
	return value_parse_hex(arg, &v->bytes, &v->len, NULL);
}

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
		struct value_arg	 v, r;
		uint8_t			 again[8];
		char			 text[64], *cause = NULL;
		size_t			 n;
		int			 rc, ref;

		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		n = strlen(line);
		rc = value_parse_arg(line, &v, &cause);
		ref = ref_arg(line, &r);
		FUZZ_CHECK(rc == ref);
		if (rc != 0) {
			FUZZ_CHECK(rc == -1);
			FUZZ_CHECK(cause != NULL && cause[0] != '\0');
			FUZZ_CHECK(v.bytes == NULL);
			free(cause);
			free(r.bytes);
			continue;
		}
		FUZZ_CHECK(cause == NULL);
		FUZZ_CHECK(v.bytes != NULL && v.len >= 1);
		FUZZ_CHECK(v.typed == r.typed && v.len == r.len);
		FUZZ_CHECK(memcmp(v.bytes, r.bytes, v.len) == 0);
		FUZZ_CHECK(v.len <= (n > 8 ? n : 8));
		if (v.typed) {
			FUZZ_CHECK(strcmp(v.type.name, r.type.name) == 0);
			FUZZ_CHECK(v.len == v.type.width);
			value_decode(&v.type, v.bytes, text, sizeof text);
			FUZZ_CHECK(value_encode(&v.type, text, again,
			    NULL) == 0);
			if (!(v.type.kind == VALUE_FLOAT && strstr(text,
			    "nan") != NULL))
				FUZZ_CHECK(memcmp(again, v.bytes, v.len) == 0);
		} else if (strncmp(line, "text:", 5) == 0)
			FUZZ_CHECK(v.len <= n - 5);
		else
			FUZZ_CHECK(2 * v.len <= hex_digits(line));
		total += v.len;
		free(v.bytes);
		free(r.bytes);
	}
	FUZZ_CHECK(total <= 8 * (uint64_t)size + 8);
	free(all);
	return 0;
}
