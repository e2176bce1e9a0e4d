/* SPDX-License-Identifier: ISC */
/*
 * fuzz_search.c - libFuzzer target for search.h: parsing search patterns.
 *
 * Input: the whole input is the pattern as typed (up to its first NUL);
 * the raw input bytes double as a haystack for search_match_at.
 *
 * What it checks, beyond "no crash, no leak, no undefined behaviour":
 *  - a failure sets a cause and a column in [1, strlen + 1];
 *  - a parsed pattern spans at least one byte, keeps its text as typed,
 *    and never says it matches fewer bytes than it spans;
 *  - the pattern means what search.h says: the bytes it stands for are
 *    worked out independently here (hex with ?? wildcards, quoted text
 *    with escapes, i"..." text, TYPE:VALUE through value.h) and must
 *    match, with any byte in a wildcard and either case of a folded
 *    letter, while changing any other byte must not match;
 *  - search_match_at at every offset of the raw input stays in bounds.
 */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "value.h"

/* Abort with a message: libFuzzer saves the input that got here. */
#define FUZZ_CHECK(c) do {						\
	if (!(c)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
		    __LINE__, #c);					\
		abort();						\
	}								\
} while (0)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What a pattern stands for, worked out independently of search.c. */
struct want {
	uint8_t	*val;		/* the byte at each position */
	uint8_t	*kind;		/* 0 exact, 1 any byte, 2 either case */
	size_t	 len;
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

/* Append a position to W. */
static void
want_put(struct want *w, uint8_t b, uint8_t kind)
{
	w->val[w->len] = b;
	w->kind[w->len] = kind;
	w->len++;
}

/* Quoted text from S (just after the quote); FOLD for i"...". */
static void
want_text(struct want *w, const char *s, bool fold)
{
	int	b;

	for (; *s != '"'; s++) {
		if (*s != '\\')
			b = (unsigned char)*s;
		else {
			switch (*++s) {
			case 'n': b = '\n'; break;
			case 't': b = '\t'; break;
			case 'r': b = '\r'; break;
			case '0': b = 0; break;
			case 'e': b = 0x1b; break;
			case 'x':
				b = ref_xdigit((unsigned char)s[1]) << 4 |
				    ref_xdigit((unsigned char)s[2]);
				s += 2;
				break;
			default: b = (unsigned char)*s; break;	/* \\ \" \' */
			}
		}
		want_put(w, (uint8_t)b, fold && b < 0x80 && isalpha(b) ? 2 :
		    0);
	}
}

/* Hex bytes and ?? wildcards from S, blanks between them. */
static void
want_hex(struct want *w, const char *s)
{
	while (*s != '\0') {
		if (*s == ' ' || *s == '\t')
			s++;
		else if (*s == '?') {
			want_put(w, 0, 1);
			s += 2;
		} else {
			want_put(w, (uint8_t)(ref_xdigit((unsigned char)s[0])
			    << 4 | ref_xdigit((unsigned char)s[1])), 0);
			s += 2;
		}
	}
}

/* TYPE:VALUE from S, trailing blanks dropped, through value.h. */
static void
want_typed(struct want *w, const char *s)
{
	const char		*colon = strchr(s, ':');
	struct value_type	 t;
	char			*name, *value;
	size_t			 end = strlen(s);
	uint8_t			 out[8];

	name = strndup(s, (size_t)(colon - s));
	FUZZ_CHECK(value_type_parse(name, &t, NULL) == 0);
	while (end > (size_t)(colon - s) + 1 &&
	    (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	value = strndup(colon + 1, end - (size_t)(colon - s) - 1);
	FUZZ_CHECK(value_encode(&t, value, out, NULL) == 0);
	for (unsigned i = 0; i < t.width; i++)
		want_put(w, out[i], 0);
	free(name);
	free(value);
}

/* Check that P matches exactly what W describes. */
static void
check_meaning(const struct search_pattern *p, const struct want *w,
    uint8_t fill)
{
	uint8_t	*buf = malloc(w->len);

	FUZZ_CHECK(search_pattern_len(p) == w->len);
	for (size_t k = 0; k < w->len; k++)
		buf[k] = w->kind[k] == 1 ? (uint8_t)(fill + k) : w->val[k];
	FUZZ_CHECK(search_match_at(p, buf, w->len));
	FUZZ_CHECK(!search_match_at(p, buf, w->len - 1));
	for (size_t k = 0; k < w->len; k++) {
		uint8_t	b = buf[k];

		if (w->kind[k] == 2) {
			buf[k] ^= 0x20;		/* the other case */
			FUZZ_CHECK(search_match_at(p, buf, w->len));
		}
		buf[k] = b ^ 0x01;	/* another byte (or letter) */
		FUZZ_CHECK(search_match_at(p, buf, w->len) ==
		    (w->kind[k] == 1));
		buf[k] = b;
	}
	free(buf);
}

/* Parse the input as a pattern and check what it means. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct search_pattern	*p;
	struct want		 w;
	char			*s = malloc(size + 1), *cause = NULL;
	const char		*t;
	uint8_t			*hay;
	size_t			 n, col = 0;

	memcpy(s, data, size);
	s[size] = '\0';
	n = strlen(s);
	p = search_parse(s, &col, &cause);
	if (p == NULL) {
		FUZZ_CHECK(cause != NULL && cause[0] != '\0');
		FUZZ_CHECK(col >= 1 && col <= n + 1);
		free(cause);
		free(s);
		return 0;
	}
	FUZZ_CHECK(cause == NULL);
	FUZZ_CHECK(strcmp(search_pattern_text(p), s) == 0);
	FUZZ_CHECK(search_pattern_len(p) >= 1);
	FUZZ_CHECK(search_pattern_len(p) <= (n > 8 ? n : 8));

	/* The raw input as a haystack: every offset, up to its very end. */
	hay = malloc(size > 0 ? size : 1);
	memcpy(hay, data, size);
	for (size_t i = 0; i <= size; i++)
		if (search_match_at(p, hay + i, size - i))
			FUZZ_CHECK(size - i >= search_pattern_len(p));
	free(hay);

	w.val = malloc(n + 8);
	w.kind = malloc(n + 8);
	w.len = 0;
	for (t = s; *t == ' ' || *t == '\t'; t++)
		;
	if (*t == '"')
		want_text(&w, t + 1, false);
	else if ((*t == 'i' || *t == 'I') && t[1] == '"')
		want_text(&w, t + 2, true);
	else if (strchr(t, ':') != NULL)	/* hex never has a colon */
		want_typed(&w, t);
	else
		want_hex(&w, t);
	check_meaning(p, &w, size > 0 ? data[0] : 0);
	check_meaning(p, &w, size > 1 ? data[size - 1] : 0x5a);
	free(w.val);
	free(w.kind);
	search_pattern_free(p);
	free(s);
	return 0;
}
