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
 *  - search parses with the byte grammar: it refuses exactly what
 *    bytes_parse (with ?? and i"...") refuses, with the same column and
 *    cause (fuzz_bytes holds the grammar against an independent reading),
 *    plus blank patterns;
 *  - the pattern matches what the grammar says it stands for, with any
 *    byte in a wildcard and either case of a folded letter, while
 *    changing any other byte must not match;
 *  - search_match_at at every offset of the raw input stays in bounds.
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
#include "search.h"

/* What a pattern stands for, as the byte grammar reads it. */
struct want {
	uint8_t	*val;		/* the byte at each position */
	uint8_t	*kind;		/* 0 exact, 1 any byte, 2 either case */
	size_t	 len;
};

/*
 * What the byte grammar (bytes.h, held against an independent reading
 * by fuzz_bytes) says S stands for, as W; false when it refuses S, with
 * its column and cause (malloc'd) in *COL and *CAUSE.
 */
static bool
want_grammar(struct want *w, const char *s, size_t *col, char **cause)
{
	struct bytes	b;

	if (bytes_parse(s, BYTES_WILD | BYTES_FOLD, &b, col, cause) != 0)
		return false;
	for (size_t k = 0; k < b.len; k++) {
		w->val[k] = b.val[k];
		w->kind[k] = b.mask[k] == 0 ? 1 : b.mask[k] == 0xdf ? 2 : 0;
	}
	w->len = b.len;
	bytes_free(&b);
	return true;
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
	char			*s = malloc(size + 1), *cause = NULL, *gcause;
	uint8_t			*hay;
	size_t			 n, col = 0, gcol = 0;
	bool			 blank, ok;

	memcpy(s, data, size);
	s[size] = '\0';
	n = strlen(s);
	w.val = malloc(n + 8);
	w.kind = malloc(n + 8);
	w.len = 0;
	p = search_parse(s, &col, &cause);
	blank = s[strspn(s, " \t")] == '\0';
	gcause = NULL;
	ok = !blank && want_grammar(&w, s, &gcol, &gcause);
	/* Search refuses what the grammar refuses, at the same column. */
	FUZZ_CHECK((p != NULL) == ok);
	if (p == NULL) {
		FUZZ_CHECK(cause != NULL && cause[0] != '\0');
		FUZZ_CHECK(col >= 1 && col <= n + 1);
		if (!blank)
			FUZZ_CHECK(col == gcol && strcmp(cause, gcause) == 0);
		free(gcause);
		free(cause);
		free(w.val);
		free(w.kind);
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

	check_meaning(p, &w, size > 0 ? data[0] : 0);
	check_meaning(p, &w, size > 1 ? data[size - 1] : 0x5a);
	free(w.val);
	free(w.kind);
	search_pattern_free(p);
	free(s);
	return 0;
}
