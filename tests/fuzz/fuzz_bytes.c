/* SPDX-License-Identifier: ISC */
/*
 * fuzz_bytes.c - libFuzzer target for bytes.h: the byte grammar that
 * search, :set and poke share.
 *
 * Input: the whole input (up to its first NUL) is one spelling, parsed
 * twice: with no flags (as :set and poke parse) and with ?? and i"..."
 * allowed (as search parses).
 *
 * What it checks, beyond "no crash, no leak, no undefined behaviour":
 *  - bytes_parse follows the grammar bytes.h documents, read here afresh
 *    (ref_parse below: the routing by quote and word, hex with its
 *    separators and ??, text with its escapes, typed values through
 *    value_encode): same verdict, same bytes, same masks, same type;
 *  - a failure sets a cause, a column in [1, strlen + 1] that the cause
 *    names ("column N"), and leaves nothing behind;
 *  - a success has at least one byte and never more than the text's
 *    length (8 for a typed value); without flags every mask is 0xff;
 *  - exact bytes written back as hex with every separator, as "\xNN"
 *    text and as text:\xNN parse back to the same bytes.
 */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "bytes.h"
#include "value.h"

/* What a spelling stands for, worked out independently of bytes.c. */
struct want {
	uint8_t			*val;
	uint8_t			*mask;
	size_t			 len;
	bool			 typed;
	struct value_type	 type;
};

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

/* True for a blank (space, tab). */
static bool
ref_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* Append V with MASK to W. */
static void
want_put(struct want *w, uint8_t v, uint8_t mask)
{
	w->val[w->len] = v & mask;
	w->mask[w->len++] = mask;
}

/* Hex bytes, separators (blank : - ,) and, with WILD, ?? from S. */
static int
ref_hex(const char *s, bool wild, struct want *w)
{
	size_t	wilds = 0;

	while (*s != '\0') {
		if (ref_blank(*s) || *s == ':' || *s == '-' || *s == ',')
			s++;
		else if (wild && s[0] == '?' && s[1] == '?') {
			want_put(w, 0, 0);
			wilds++;
			s += 2;
		} else if (ref_xdigit((unsigned char)s[0]) >= 0 &&
		    ref_xdigit((unsigned char)s[1]) >= 0) {
			want_put(w, (uint8_t)(ref_xdigit((unsigned char)s[0])
			    << 4 | ref_xdigit((unsigned char)s[1])), 0xff);
			s += 2;
		} else
			return -1;
	}
	return w->len > wilds ? 0 : -1;
}

/*
 * Text with escapes from S: to a closing quote followed by blanks only
 * (QUOTED), or to the end.  FOLD: ASCII letters either case.
 */
static int
ref_text(const char *s, bool quoted, bool fold, struct want *w)
{
	static const char	from[] = "ntr0e\\\"'", to[] = "\n\t\r\0\x1b\\\"'";
	const char		*e;
	int			 b;

	for (;;) {
		if (*s == '\0') {
			if (quoted)
				return -1;
			break;
		}
		if (quoted && *s == '"')
			break;
		if (*s != '\\')
			b = (unsigned char)*s++;
		else if (s[1] == 'x') {
			if (ref_xdigit((unsigned char)s[2]) < 0 ||
			    ref_xdigit((unsigned char)s[3]) < 0)
				return -1;
			b = ref_xdigit((unsigned char)s[2]) << 4 |
			    ref_xdigit((unsigned char)s[3]);
			s += 4;
		} else if (s[1] != '\0' && (e = strchr(from, s[1])) != NULL) {
			b = (unsigned char)to[e - from];
			s += 2;
		} else
			return -1;
		want_put(w, (uint8_t)b, fold && b < 0x80 && isalpha(b) ?
		    0xdf : 0xff);
	}
	if (w->len == 0)
		return -1;
	if (quoted)
		for (s++; *s != '\0'; s++)
			if (!ref_blank(*s))
				return -1;
	return 0;
}

/* A typed value of type T from S, trailing blanks dropped. */
static int
ref_typed(const struct value_type *t, const char *s, struct want *w)
{
	size_t	 n = strlen(s);
	char	*num;
	uint8_t	 out[8];
	int	 rc;

	while (n > 0 && ref_blank(s[n - 1]))
		n--;
	num = strndup(s, n);
	rc = value_encode(t, num, out, NULL);
	free(num);
	if (rc != 0)
		return -1;
	for (unsigned i = 0; i < t->width; i++)
		want_put(w, out[i], 0xff);
	w->typed = true;
	w->type = *t;
	return 0;
}

/* The grammar of bytes.h, read afresh; 0 with W filled, or -1. */
static int
ref_parse(const char *s, bool wild, bool fold, struct want *w)
{
	struct value_type	 t;
	const char		*rest;
	size_t			 k = 0, e;
	bool			 allhex = true, digit = false;
	char			*word;
	int			 rc;

	while (ref_blank(s[k]))
		k++;
	if (s[k] == '"')
		return ref_text(s + k + 1, true, false, w);
	if ((s[k] == 'i' || s[k] == 'I') && s[k + 1] == '"')
		return fold ? ref_text(s + k + 2, true, true, w) : -1;
	if (s[k] == ':')
		return -1;		/* a type is missing */
	for (e = k; isalnum((unsigned char)s[e]); e++) {
		allhex = allhex && ref_xdigit((unsigned char)s[e]) >= 0;
		digit = digit || isdigit((unsigned char)s[e]);
	}
	if (e == k || !isalpha((unsigned char)s[k]) ||
	    (s[e] != ':' && !ref_blank(s[e])))
		return ref_hex(s + k, wild, w);
	rest = s + e + 1;
	if (s[e] != ':')
		while (ref_blank(*rest))
			rest++;
	word = strndup(s + k, e - k);
	if (strcmp(word, "hex") == 0)
		rc = ref_hex(rest, wild, w);
	else if (strcmp(word, "text") == 0 && s[e] == ':')
		rc = ref_text(rest, false, false, w);
	else if (value_type_parse(word, &t, NULL) == 0)
		rc = ref_typed(&t, rest, w);
	else if (allhex || (s[e] != ':' && !digit))
		rc = ref_hex(s + k, wild, w);
	else
		rc = -1;		/* an unknown type */
	free(word);
	return rc;
}

/* TEXT parses with no flags to exactly the LEN bytes at B. */
static void
check_same(const char *text, const uint8_t *b, size_t len)
{
	struct bytes	again;

	FUZZ_CHECK(bytes_parse(text, 0, &again, NULL, NULL) == 0);
	FUZZ_CHECK(again.len == len && memcmp(again.val, b, len) == 0);
	bytes_free(&again);
}

/* Exact bytes B written back three ways parse back the same. */
static void
check_round_trips(const uint8_t *b, size_t len)
{
	char	*w = malloc(4 * len + 8), *o;

	for (size_t i = 0; i < len; i++)
		sprintf(w + 3 * i, "%02x%c", b[i], " :-,\t"[i % 5]);
	check_same(w, b, len);
	o = w;
	*o++ = '"';
	for (size_t i = 0; i < len; i++)
		o += sprintf(o, "\\x%02X", b[i]);
	strcpy(o, "\"");
	check_same(w, b, len);
	memcpy(w, "text:", 5);
	o = w + 5;
	for (size_t i = 0; i < len; i++)
		o += sprintf(o, "\\x%02x", b[i]);
	check_same(w, b, len);
	free(w);
}

/* Parse S with FLAGS and hold the result against the reference. */
static void
check_parse(const char *s, unsigned flags)
{
	struct bytes	 b;
	struct want	 w;
	size_t		 n = strlen(s), col = 0;
	char		*cause = NULL, at[40];
	int		 rc, ref;

	w.val = malloc(n + 8);
	w.mask = malloc(n + 8);
	w.len = 0;
	w.typed = false;
	rc = bytes_parse(s, flags, &b, &col, &cause);
	ref = ref_parse(s, flags & BYTES_WILD, flags & BYTES_FOLD, &w);
	FUZZ_CHECK(rc == ref);
	if (rc != 0) {
		FUZZ_CHECK(rc == -1);
		FUZZ_CHECK(cause != NULL && cause[0] != '\0');
		FUZZ_CHECK(col >= 1 && col <= n + 1);
		snprintf(at, sizeof at, "column %zu", col);
		FUZZ_CHECK(strstr(cause, at) != NULL);
		FUZZ_CHECK(b.val == NULL && b.mask == NULL && b.len == 0);
		free(cause);
	} else {
		FUZZ_CHECK(cause == NULL);
		FUZZ_CHECK(b.len >= 1 && b.len <= (n > 8 ? n : 8));
		FUZZ_CHECK(b.len == w.len);
		FUZZ_CHECK(memcmp(b.val, w.val, b.len) == 0);
		FUZZ_CHECK(memcmp(b.mask, w.mask, b.len) == 0);
		FUZZ_CHECK(b.typed == w.typed);
		if (b.typed)
			FUZZ_CHECK(strcmp(b.type.name, w.type.name) == 0 &&
			    b.len == b.type.width);
		if (flags == 0) {
			for (size_t i = 0; i < b.len; i++)
				FUZZ_CHECK(b.mask[i] == 0xff);
			check_round_trips(b.val, b.len);
		}
		bytes_free(&b);
	}
	free(w.val);
	free(w.mask);
}

/* Parse the input as :set and poke do, then as search does. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s = malloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	check_parse(s, 0);
	check_parse(s, BYTES_WILD | BYTES_FOLD);
	free(s);
	return 0;
}
