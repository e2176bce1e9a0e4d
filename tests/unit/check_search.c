/* SPDX-License-Identifier: ISC */
/*
 * check_search.c - unit tests for search patterns and incremental search.
 *
 * Parser tests check every spelling of a pattern by what it matches
 * (search_match_at), and every error by its column and message.  Search
 * tests run on real files through the door, with budgets as small as one
 * byte so that matches straddle every slice, page and piece boundary; the
 * last test replays random patterns (wildcards, case folding) over dense
 * random data against a naive matcher, for many budgets and both
 * directions, and checks the whole sequence of matches.
 *
 * Shrinking is done by truncating the file from the test between steps;
 * the SIGBUS race (the door's stat still sees the old size) is provoked by
 * making the door's fstat lie, as check_door does.
 */
#include "config.h"

#include <check.h>
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "timeout.h"
#include "door.h"
#include "door_sys.h"
#include "search.h"
#include "testutil.h"
#include "xmalloc.h"

/* No test needs more steps than this; more means a search that hangs. */
#define MAX_STEPS	(1UL << 24)

/* ------------------------------------------------------------------------ */
/* Helpers.                                                                 */

/* Parse TEXT, failing the test with the cause when it does not parse. */
static struct search_pattern *
parse_ok(const char *text)
{
	size_t			 col = 0;
	char			*cause = NULL;
	struct search_pattern	*p = search_parse(text, &col, &cause);

	ck_assert_msg(p != NULL, "%s: %s (column %zu)", text, cause, col);
	return p;
}

/*
 * TEXT parses to exactly the N bytes WANT: they match, a copy with any one
 * byte changed does not, and fewer bytes do not.
 */
static void
expect_bytes(const char *text, const void *want, size_t n)
{
	struct search_pattern	*p = parse_ok(text);
	uint8_t			 buf[64];

	ck_assert_uint_le(n, sizeof buf);
	ck_assert_uint_eq(search_pattern_len(p), n);
	ck_assert_str_eq(search_pattern_text(p), text);
	ck_assert_msg(search_match_at(p, want, n), "%s: no match", text);
	ck_assert(!search_match_at(p, want, n - 1));
	for (size_t i = 0; i < n; i++) {
		memcpy(buf, want, n);
		buf[i] ^= 0x01;
		ck_assert_msg(!search_match_at(p, buf, n), "%s: byte %zu "
		    "changed still matches", text, i);
	}
	search_pattern_free(p);
}

/* Create NAME holding LEN bytes of DATA and open a door on it. */
static struct door *
open_data(const char *name, const void *data, size_t len, char **pathp)
{
	char		*path = tu_file(name, data, len);
	char		*cause = NULL;
	struct door	*d = door_open(path, 0, &cause);

	ck_assert_msg(d != NULL, "%s: %s", path, cause);
	if (pathp != NULL)
		*pathp = path;
	else
		free(path);
	return d;
}

/* A LEN-byte buffer of '.' (no pattern in these tests contains 0x2e). */
static uint8_t *
dots(size_t len)
{
	uint8_t	*b = xmalloc(len == 0 ? 1 : len);

	memset(b, '.', len);
	return b;
}

/* Step S to a verdict with BUDGET; *steps (if not NULL) counts the calls. */
static enum search_result
run(struct search *s, struct door *d, size_t budget, uint64_t *match,
    bool *wrapped, unsigned long *steps)
{
	enum search_result	r;
	unsigned long		n = 0;

	*match = UINT64_MAX;
	*wrapped = false;
	do {
		r = search_step(s, d, budget, match, wrapped);
		ck_assert_uint_lt(++n, MAX_STEPS);
	} while (r == SEARCH_MORE);
	if (steps != NULL)
		*steps = n;
	return r;
}

/* Search TEXT in D from FROM; expect a match at WANT with WRAPPED. */
static void
expect_match(struct door *d, const char *text, uint64_t from, bool backward,
    size_t budget, uint64_t want, bool want_wrapped)
{
	struct search_pattern	*p = parse_ok(text);
	struct search		*s = search_start(p, from, backward);
	uint64_t		 m;
	bool			 w;

	ck_assert_msg(run(s, d, budget, &m, &w, NULL) == SEARCH_FOUND,
	    "%s from %llu%s budget %zu: not found", text,
	    (unsigned long long)from, backward ? " backward" : "", budget);
	ck_assert_msg(m == want && w == want_wrapped, "%s from %llu%s budget "
	    "%zu: found %llu%s, want %llu%s", text, (unsigned long long)from,
	    backward ? " backward" : "", budget, (unsigned long long)m,
	    w ? " wrapped" : "", (unsigned long long)want,
	    want_wrapped ? " wrapped" : "");
	search_free(s);
	search_pattern_free(p);
}

/* Search TEXT in D from FROM; expect no match at all. */
static void
expect_none(struct door *d, const char *text, uint64_t from, bool backward,
    size_t budget)
{
	struct search_pattern	*p = parse_ok(text);
	struct search		*s = search_start(p, from, backward);
	uint64_t		 m;
	bool			 w;
	enum search_result	 r = run(s, d, budget, &m, &w, NULL);

	ck_assert_msg(r == SEARCH_NONE, "%s from %llu budget %zu: result %d "
	    "at %llu", text, (unsigned long long)from, budget, (int)r,
	    (unsigned long long)m);
	search_free(s);
	search_pattern_free(p);
}

/* ------------------------------------------------------------------------ */
/* Parsing.                                                                 */

START_TEST(parse_hex_forms)
{
	static const uint8_t	dead[] = { 0xde, 0xad, 0xbe, 0xef };
	static const uint8_t	one[] = { 0x00 };

	expect_bytes("deadbeef", dead, 4);
	expect_bytes("de ad be ef", dead, 4);
	expect_bytes("DEAD BEEF", dead, 4);
	expect_bytes("  de\tad  be ef  ", dead, 4);
	/* Separators of the byte grammar (bytes.h): once refused here. */
	expect_bytes("de:ad-be,ef", dead, 4);
	expect_bytes("00", one, 1);
}
END_TEST

START_TEST(parse_hex_wildcards)
{
	struct search_pattern	*p = parse_ok("de ?? ?? ef");
	uint8_t			 b[4] = { 0xde, 0, 0, 0xef };

	ck_assert_uint_eq(search_pattern_len(p), 4);
	/* Any byte at the wildcards, exact bytes elsewhere. */
	for (int v = 0; v < 256; v++) {
		b[1] = (uint8_t)v;
		b[2] = (uint8_t)(255 - v);
		ck_assert(search_match_at(p, b, 4));
	}
	b[0] = 0xdf;
	ck_assert(!search_match_at(p, b, 4));
	b[0] = 0xde;
	b[3] = 0xee;
	ck_assert(!search_match_at(p, b, 4));
	search_pattern_free(p);

	/* Wildcards at either end, and without spaces, count as bytes. */
	p = parse_ok("??de??");
	ck_assert_uint_eq(search_pattern_len(p), 3);
	ck_assert(search_match_at(p, (const uint8_t *)"\x01\xde\x02", 3));
	ck_assert(!search_match_at(p, (const uint8_t *)"\xde\x01\x02", 3));
	search_pattern_free(p);
}
END_TEST

START_TEST(parse_text_and_escapes)
{
	expect_bytes("\"GET /\\x00\"", "GET /\0", 6);
	expect_bytes("\"\\n\\t\\r\\0\\e\\\\\\\"\\'\\x41\\x7F\"",
	    "\n\t\r\0\x1b\\\"'A\x7f", 10);
	expect_bytes("  \"a b\"  ", "a b", 3);
	/* Text is case-sensitive. */
	expect_bytes("\"Hello\"", "Hello", 5);
}
END_TEST

START_TEST(parse_text_case_insensitive)
{
	struct search_pattern	*p = parse_ok("i\"HeLLo [@]\"");

	ck_assert_uint_eq(search_pattern_len(p), 9);
	ck_assert(search_match_at(p, (const uint8_t *)"hello [@]", 9));
	ck_assert(search_match_at(p, (const uint8_t *)"HELLO [@]", 9));
	ck_assert(search_match_at(p, (const uint8_t *)"hElLo [@]", 9));
	ck_assert(!search_match_at(p, (const uint8_t *)"hellp [@]", 9));
	/* Only letters fold: [ { and @ ` differ by the same bit 0x20. */
	ck_assert(!search_match_at(p, (const uint8_t *)"hello {@]", 9));
	ck_assert(!search_match_at(p, (const uint8_t *)"hello [`]", 9));
	ck_assert(!search_match_at(p, (const uint8_t *)"hello\0[@]", 9));
	search_pattern_free(p);

	/* Escapes work inside i"..." too, and bytes >= 0x80 stay exact. */
	p = parse_ok("I\"a\\xe1\"");
	ck_assert(search_match_at(p, (const uint8_t *)"A\xe1", 2));
	ck_assert(!search_match_at(p, (const uint8_t *)"A\xc1", 2));
	search_pattern_free(p);
}
END_TEST

START_TEST(parse_typed_values)
{
	expect_bytes("u32le:1234", "\xd2\x04\x00\x00", 4);
	expect_bytes("u32:1234", "\xd2\x04\x00\x00", 4);
	expect_bytes("u32be:1234", "\x00\x00\x04\xd2", 4);
	expect_bytes("i16:-3", "\xfd\xff", 2);
	expect_bytes("f64be:2.5", "\x40\x04\x00\x00\x00\x00\x00\x00", 8);
	expect_bytes("f32:1.5", "\x00\x00\xc0\x3f", 4);
	expect_bytes("u8:255", "\xff", 1);
	expect_bytes("u64:0x1122334455667788",
	    "\x88\x77\x66\x55\x44\x33\x22\x11", 8);
	expect_bytes("  U16BE:7  ", "\x00\x07", 2);
}
END_TEST

START_TEST(parse_keeps_text_and_len)
{
	struct search_pattern	*p = parse_ok("  de ad ?? ");

	ck_assert_str_eq(search_pattern_text(p), "  de ad ?? ");
	ck_assert_uint_eq(search_pattern_len(p), 3);
	/* Too few bytes never match, even for a wildcard tail. */
	ck_assert(!search_match_at(p, (const uint8_t *)"\xde\xad", 2));
	ck_assert(search_match_at(p, (const uint8_t *)"\xde\xad\x00", 3));
	search_pattern_free(p);
}
END_TEST

/* One malformed pattern: where the error points, and what it says. */
struct parse_error {
	const char	*text;
	size_t		 col;
	const char	*says;
};

static const struct parse_error parse_errors[] = {
	{ "", 1, "empty pattern" },
	{ "   ", 4, "empty pattern" },
	{ "dea", 3, "lone hex digit 'a' at column 3" },
	{ "dea db", 3, "a byte is two digits" },
	{ "de ag", 5, "'g' at column 5 is not a hex digit" },
	{ "hello", 1, "quote text" },
	{ "de;ad", 3, "';' at column 3 is not a hex digit" },
	{ "0xdead", 2, "'x' at column 2 is not a hex digit" },
	{ "de ?", 4, "lone '?' at column 4" },
	{ "d? ee", 2, "a wildcard is a whole byte" },
	{ "?? ??", 1, "only wildcards" },
	{ "  ??", 3, "only wildcards from column 3" },
	{ "\"abc", 1, "unterminated quote" },
	{ "  i\"abc", 4, "opened at column 4" },
	{ "\"ab\\", 1, "unterminated quote" },
	{ "\"a\\qb\"", 4, "unknown escape \\q at column 4" },
	{ "\"\\x4g\"", 5, "'g' at column 5" },
	{ "\"\\x\"", 4, "\\x needs two hex digits" },
	{ "\"\"", 1, "empty text" },
	{ "i\"\"", 2, "empty text" },
	{ "\"ab\" x", 6, "'x' at column 6 after the closing quote" },
	{ "u33:5", 1, "unknown type" },
	{ "int:5", 1, "unknown type" },
	{ "u8:256", 4, "does not fit in u8" },
	{ "i8:-129", 4, "does not fit in i8" },
	{ "u16:", 5, "a value is missing" },
	{ "u32:12x", 5, "not a number" },
	{ "u8:-1", 4, "cannot be negative" },
	{ "f32:1e99", 5, "too large" },
	{ "u16: 7", 5, "blank" },
};

START_TEST(parse_error_column_and_message)
{
	const struct parse_error *e = &parse_errors[_i];
	size_t			 col = 0;
	char			*cause = NULL;
	struct search_pattern	*p = search_parse(e->text, &col, &cause);

	ck_assert_msg(p == NULL, "[%s] parsed", e->text);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(col == e->col, "[%s] column %zu, want %zu (%s)", e->text,
	    col, e->col, cause);
	ck_assert_msg(strstr(cause, e->says) != NULL, "[%s] says \"%s\", "
	    "want \"%s\"", e->text, cause, e->says);
	free(cause);
	/* A NULL cause is allowed: the column alone still comes back. */
	col = 0;
	ck_assert_ptr_null(search_parse(e->text, &col, NULL));
	ck_assert_uint_eq(col, e->col);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Searching.                                                               */

START_TEST(match_at_offset_zero)
{
	uint8_t		*b = dots(5000);
	struct door	*d;

	memcpy(b, "\xca\xfe", 2);
	d = open_data("zero", b, 5000, NULL);
	/* FROM is exclusive: forward from anywhere reaches 0 by wrapping. */
	expect_match(d, "ca fe", 4999, false, 7, 0, true);
	expect_match(d, "ca fe", 100, false, SIZE_MAX, 0, true);
	/* Backward from 1 finds it before wrapping; from 0 it wraps. */
	expect_match(d, "ca fe", 1, true, 1, 0, false);
	expect_match(d, "ca fe", 0, true, 3, 0, true);
	door_close(d);
	free(b);
}
END_TEST

START_TEST(match_at_the_last_byte)
{
	uint8_t		*b = dots(5000);
	struct door	*d;

	memcpy(b + 4997, "end", 3);
	d = open_data("last", b, 5000, NULL);
	expect_match(d, "\"end\"", 0, false, 1, 4997, false);
	expect_match(d, "\"end\"", 0, false, SIZE_MAX, 4997, false);
	expect_match(d, "\"d\"", 0, false, 64, 4999, false);
	expect_match(d, "\"d\"", 4999, true, 5, 4999, true);
	expect_match(d, "\"end\"", 4999, true, 4096, 4997, false);
	door_close(d);
	free(b);
}
END_TEST

START_TEST(matches_across_slice_boundaries)
{
	static const size_t	 budgets[] = { 1, 2, 3, 7, 31, 32, 33, 4095,
				    4096, 4097 };
	size_t			 size = 3 * 4096 + 200;
	uint8_t			*b = dots(size);
	char			*path;
	struct door		*d = open_data("slices", b, size, &path);
	int			 fd = open(path, O_RDWR);

	ck_assert_int_ne(fd, -1);
	for (size_t i = 0; i < sizeof budgets / sizeof budgets[0]; i++) {
		size_t	bud = budgets[i];

		/*
		 * Forward from 0 the slices start at 1, 1 + bud, ...;
		 * backward from the end they end at S, S - bud, ... (S = size
		 * - 4 candidate starts).  Plant the 5-byte pattern at every
		 * offset around the first three boundaries of each, alone in
		 * the file each time, and find it both ways.
		 */
		for (size_t k = 0; k < 6; k++) {
			uint64_t	edge = k < 3 ? 1 + (k + 1) * bud :
					    size - 4 - (k - 2) * bud;
			uint64_t	at = edge > 5 ? edge - 5 : 1;

			for (; at <= edge + 1; at++) {
				if (at + 5 > size)
					continue;
				ck_assert_int_eq(pwrite(fd, "\x01\x02\x03\x04"
				    "\x05", 5, (off_t)at), 5);
				expect_match(d, "01 02 03 04 05", 0, false, bud,
				    at, false);
				/* Backward from the end, slices end there. */
				expect_match(d, "01 02 03 04 05", size, true,
				    bud, at, false);
				ck_assert_int_eq(pwrite(fd, ".....", 5,
				    (off_t)at), 5);
			}
		}
	}
	close(fd);
	door_close(d);
	free(path);
	free(b);
}
END_TEST

START_TEST(matches_across_page_boundaries)
{
	size_t		 size = 4 * 4096;
	uint8_t		*b = dots(size);
	char		*path;
	struct door	*d = open_data("pages", b, size, &path);
	int		 fd = open(path, O_RDWR);

	ck_assert_int_ne(fd, -1);
	for (uint64_t page = 4096; page < size; page += 4096) {
		for (uint64_t at = page - 7; at <= page; at++) {
			ck_assert_int_eq(pwrite(fd, "pagecross", 9,
			    (off_t)at), 9);
			expect_match(d, "\"pagecross\"", 0, false, SIZE_MAX, at,
			    false);
			expect_match(d, "\"pagecross\"", 0, true, SIZE_MAX, at,
			    true);
			expect_match(d, "\"pagecross\"", 0, false, 4096, at,
			    false);
			ck_assert_int_eq(pwrite(fd, ".........", 9,
			    (off_t)at), 9);
		}
	}
	close(fd);
	door_close(d);
	free(path);
	free(b);
}
END_TEST

START_TEST(matches_across_piece_boundaries)
{
	/* One step bigger than a piece is scanned in overlapping pieces. */
	size_t		 size = 2 * SEARCH_PIECE + 4096;
	uint8_t		*b = dots(size);
	uint64_t	 fwd = 1 + SEARCH_PIECE - 3;	/* pieces 1 and 2 */
	/* Backward, pieces end at S, S - SEARCH_PIECE ... (S = size - 7). */
	uint64_t	 back = size - 7 - SEARCH_PIECE - 3;
	struct door	*d;

	memcpy(b + fwd, "straddle", 8);
	memcpy(b + back, "straddle", 8);
	d = open_data("pieces", b, size, NULL);
	expect_match(d, "\"straddle\"", 0, false, SIZE_MAX, fwd, false);
	expect_match(d, "\"straddle\"", size, true, SIZE_MAX, back, false);
	expect_match(d, "i\"STRADDLE\"", 0, false, SIZE_MAX, fwd, false);
	expect_match(d, "73 74 ?? 61 64", size, true, SIZE_MAX, back, false);
	door_close(d);
	free(b);
}
END_TEST

START_TEST(wildcard_search)
{
	uint8_t		*b = dots(10000);
	struct door	*d;

	/* Near misses first: each differs in one exact byte. */
	memcpy(b + 1000, "\xdf\x11\x22\xef", 4);
	memcpy(b + 2000, "\xde\x11\x22\xee", 4);
	memcpy(b + 3000, "\xde\x77\x88\xef", 4);
	memcpy(b + 4000, "\xde\x00\xff\xef", 4);
	d = open_data("wild", b, 10000, NULL);
	expect_match(d, "de ?? ?? ef", 0, false, 7, 3000, false);
	expect_match(d, "de ?? ?? ef", 3000, false, 4096, 4000, false);
	expect_match(d, "de ?? ?? ef", 4000, false, 1, 3000, true);
	expect_match(d, "de ?? ?? ef", 9999, true, 33, 4000, false);
	expect_match(d, "?? ?? 88", 0, false, SIZE_MAX, 3000, false);
	expect_none(d, "de ?? ?? ?? ef", 0, false, 100);
	door_close(d);
	free(b);
}
END_TEST

START_TEST(case_insensitive_search)
{
	uint8_t		*b = dots(10000);
	struct door	*d;

	memcpy(b + 500, "HeLlP", 5);	/* near miss */
	memcpy(b + 600, "hEl{o", 5);	/* [ { differ in bit 0x20 only */
	memcpy(b + 7000, "hElLo", 5);
	d = open_data("fold", b, 10000, NULL);
	expect_match(d, "i\"HELLO\"", 0, false, 13, 7000, false);
	expect_match(d, "i\"hello\"", 9000, true, 13, 7000, false);
	expect_match(d, "i\"hello\"", 7000, false, 4096, 7000, true);
	expect_none(d, "\"hello\"", 0, false, 4096);
	expect_none(d, "i\"hel[o\"", 0, false, 4096);
	door_close(d);
	free(b);
}
END_TEST

START_TEST(typed_value_search)
{
	uint8_t		*b = dots(10000);
	struct door	*d;

	memcpy(b + 4321, "\xef\xbe\xad\xde", 4);
	memcpy(b + 8000, "\x40\x04\x00\x00\x00\x00\x00\x00", 8);
	memcpy(b + 9000, "\xfd\xff", 2);
	d = open_data("typed", b, 10000, NULL);
	expect_match(d, "u32:0xdeadbeef", 0, false, 100, 4321, false);
	expect_match(d, "u32le:3735928559", 0, false, 100, 4321, false);
	expect_match(d, "f64be:2.5", 0, false, 100, 8000, false);
	expect_match(d, "i16:-3", 0, false, 100, 9000, false);
	expect_none(d, "u32be:0xdeadbeef", 0, false, 100);
	door_close(d);
	free(b);
}
END_TEST

START_TEST(backward_search_and_order)
{
	static const uint64_t	 at[] = { 100, 2000, 2001, 4095, 9000 };
	uint8_t			*b = dots(10000);
	struct door		*d;
	struct search_pattern	*p;
	struct search		*s;
	uint64_t		 m;
	bool			 w;

	for (size_t i = 0; i < 5; i++)
		b[at[i]] = '#';
	d = open_data("back", b, 10000, NULL);
	expect_match(d, "\"#\"", 9999, true, 1, 9000, false);
	expect_match(d, "\"#\"", 9000, true, 1, 4095, false);
	expect_match(d, "\"#\"", 2001, true, 1, 2000, false);
	/* Calling on after a match walks every match once, top down. */
	p = parse_ok("23");
	s = search_start(p, 3000, true);
	ck_assert_int_eq(run(s, d, 5, &m, &w, NULL), SEARCH_FOUND);
	ck_assert(m == 2001 && !w);
	ck_assert_int_eq(run(s, d, 5, &m, &w, NULL), SEARCH_FOUND);
	ck_assert(m == 2000 && !w);
	ck_assert_int_eq(run(s, d, 5, &m, &w, NULL), SEARCH_FOUND);
	ck_assert(m == 100 && !w);
	ck_assert_int_eq(run(s, d, 5, &m, &w, NULL), SEARCH_FOUND);
	ck_assert(m == 9000 && w);
	ck_assert_int_eq(run(s, d, 5, &m, &w, NULL), SEARCH_FOUND);
	ck_assert(m == 4095 && w);
	ck_assert_int_eq(run(s, d, 5, &m, &w, NULL), SEARCH_NONE);
	search_free(s);
	search_pattern_free(p);
	door_close(d);
	free(b);
}
END_TEST

START_TEST(wrap_around_sets_wrapped)
{
	uint8_t		*b = dots(10000);
	struct door	*d;

	memcpy(b + 100, "wrap", 4);
	d = open_data("wrap", b, 10000, NULL);
	expect_match(d, "\"wrap\"", 50, false, 64, 100, false);
	expect_match(d, "\"wrap\"", 200, false, 64, 100, true);
	expect_match(d, "\"wrap\"", 200, true, 64, 100, false);
	expect_match(d, "\"wrap\"", 50, true, 64, 100, true);
	/* A lone match at FROM itself comes back last, wrapped. */
	expect_match(d, "\"wrap\"", 100, false, 64, 100, true);
	expect_match(d, "\"wrap\"", 100, true, 64, 100, true);
	/* FROM past the end: the forward search starts over at 0. */
	expect_match(d, "\"wrap\"", UINT64_MAX, false, 64, 100, true);
	expect_match(d, "\"wrap\"", UINT64_MAX, true, 64, 100, false);
	door_close(d);
	free(b);
}
END_TEST

START_TEST(no_match_anywhere)
{
	uint8_t			*b = dots(10000);
	struct door		*d = open_data("none", b, 10000, NULL);
	struct search_pattern	*p = parse_ok("\"absent\"");
	struct search		*s = search_start(p, 5000, false);
	uint64_t		 m = 42;
	bool			 w = false;

	ck_assert_int_eq(run(s, d, 100, &m, &w, NULL), SEARCH_NONE);
	ck_assert_double_eq(search_progress(s, 10000), 1.0);
	/* A finished search stays finished. */
	ck_assert_int_eq(search_step(s, d, 100, &m, &w), SEARCH_NONE);
	search_free(s);
	search_pattern_free(p);
	expect_none(d, "\"absent\"", 5000, true, 1);
	door_close(d);
	free(b);
}
END_TEST

START_TEST(budget_bounds_each_step)
{
	uint8_t			*b = dots(1000);
	struct door		*d = open_data("budget", b, 1000, NULL);
	struct search_pattern	*p = parse_ok("\"zz\"");
	struct search		*s = search_start(p, 0, false);
	uint64_t		 m;
	bool			 w;
	unsigned long		 steps;
	double			 last = 0, now;

	ck_assert_double_eq(search_progress(s, 1000), 0.0);
	/* 999 candidate starts, 7 per step: 143 steps, the last says NONE. */
	while (search_step(s, d, 7, &m, &w) == SEARCH_MORE) {
		now = search_progress(s, 1000);
		ck_assert(now > last && now - last <= 7.0 / 999 + 1e-9);
		last = now;
	}
	ck_assert_double_eq(search_progress(s, 1000), 1.0);
	search_free(s);
	s = search_start(p, 0, true);
	ck_assert_int_eq(run(s, d, 7, &m, &w, &steps), SEARCH_NONE);
	ck_assert_uint_eq(steps, 143);
	search_free(s);
	/* Budget 0 still makes progress (it counts as 1). */
	s = search_start(p, 0, false);
	ck_assert_int_eq(run(s, d, 0, &m, &w, &steps), SEARCH_NONE);
	ck_assert_uint_eq(steps, 999);
	search_free(s);
	search_pattern_free(p);
	door_close(d);
	free(b);
}
END_TEST

START_TEST(empty_file)
{
	struct door		*d = open_data("empty", "", 0, NULL);
	struct search_pattern	*p = parse_ok("00");
	struct search		*s = search_start(p, 0, false);
	uint64_t		 m;
	bool			 w;

	ck_assert_int_eq(search_step(s, d, 4096, &m, &w), SEARCH_NONE);
	ck_assert_double_eq(search_progress(s, 0), 1.0);
	search_free(s);
	expect_none(d, "00", 0, true, 1);
	door_close(d);
	search_pattern_free(p);
}
END_TEST

START_TEST(file_shorter_than_pattern)
{
	struct door	*d = open_data("short", "abc", 3, NULL);

	expect_none(d, "\"abcd\"", 0, false, 1);
	expect_none(d, "\"abcd\"", 0, true, 1);
	expect_match(d, "\"abc\"", 0, false, 1, 0, true);
	door_close(d);
}
END_TEST

START_TEST(file_shrinks_between_steps)
{
	size_t			 size = 1 << 20;
	uint8_t			*b = dots(size);
	char			*path;
	struct door		*d;
	struct search_pattern	*p = parse_ok("\"needle\"");
	struct search		*s;
	uint64_t		 m;
	bool			 w;

	memcpy(b + 100000, "needle", 6);
	memcpy(b + 900000, "needle", 6);
	d = open_data("shrink", b, size, &path);
	/* From 200000 the next match is at 900000: truncate it away. */
	s = search_start(p, 200000, false);
	ck_assert_int_eq(search_step(s, d, 4096, &m, &w), SEARCH_MORE);
	ck_assert_int_eq(truncate(path, 500000), 0);
	ck_assert_int_eq(run(s, d, 4096, &m, &w, NULL), SEARCH_FOUND);
	ck_assert(m == 100000 && w);
	ck_assert_int_eq(run(s, d, 4096, &m, &w, NULL), SEARCH_NONE);
	search_free(s);
	/* Backward from past the new end, then shrink below the match. */
	s = search_start(p, 400000, true);
	ck_assert_int_eq(search_step(s, d, 4096, &m, &w), SEARCH_MORE);
	ck_assert_int_eq(truncate(path, 50000), 0);
	ck_assert_int_eq(run(s, d, 4096, &m, &w, NULL), SEARCH_NONE);
	search_free(s);
	/* Down to nothing mid-search. */
	s = search_start(p, 0, false);
	ck_assert_int_eq(search_step(s, d, 100, &m, &w), SEARCH_MORE);
	ck_assert_int_eq(truncate(path, 0), 0);
	ck_assert_int_eq(run(s, d, 100, &m, &w, NULL), SEARCH_NONE);
	ck_assert_double_eq(search_progress(s, 0), 1.0);
	search_free(s);
	search_pattern_free(p);
	door_close(d);
	free(path);
	free(b);
}
END_TEST

/* Lies left for the door's fstat: the size it reports, and how often. */
static off_t	stale_size;
static int	stale_lies;

/* fstat that reports STALE_SIZE (STALE_LIES times; -1: always). */
static int
stale_fstat(int fd, struct stat *st)
{
	int	rc = fstat(fd, st);

	if (rc == 0 && S_ISREG(st->st_mode) && stale_lies != 0) {
		st->st_size = stale_size;
		if (stale_lies > 0)
			stale_lies--;
	}
	return rc;
}

START_TEST(truncation_race_faults_safely)
{
	size_t			 size = 64 * 4096;
	uint8_t			*b = dots(size);
	char			*path;
	struct door		*d;
	struct search_pattern	*p = parse_ok("\"needle\"");
	struct search		*s;
	uint64_t		 m;
	bool			 w;
	int			 fd;

	memcpy(b + 2 * 4096, "needle", 6);
	memcpy(b + 40 * 4096, "needle", 6);
	d = open_data("race", b, size, &path);
	ck_assert_int_eq(truncate(path, 10 * 4096 + 10), 0);

	/*
	 * The door keeps believing the old size: every piece past the real
	 * end raises SIGBUS.  The search must survive, give up on the
	 * unreadable tail and still find the match before it, wrapped.
	 */
	stale_size = (off_t)size;
	stale_lies = -1;
	door_sys.fstat = stale_fstat;
	s = search_start(p, 30 * 4096, false);
	ck_assert_int_eq(run(s, d, 8192, &m, &w, NULL), SEARCH_FOUND);
	ck_assert(m == 2 * 4096 && w);
	ck_assert_int_eq(run(s, d, 8192, &m, &w, NULL), SEARCH_NONE);
	search_free(s);

	/* The same with one big step, and backward. */
	s = search_start(p, 50 * 4096, true);
	ck_assert_int_eq(run(s, d, SIZE_MAX, &m, &w, NULL), SEARCH_FOUND);
	ck_assert(m == 2 * 4096 && !w);
	search_free(s);

	/*
	 * The race seen once: the stat after the fault tells the truth, and
	 * the piece is scanned again up to the true end.  Backward, so the
	 * scan starts at the top and faults before it reaches page 7.
	 */
	stale_lies = 0;
	door_refresh(d, NULL);
	ck_assert_int_eq(truncate(path, 20 * 4096), 0);
	door_refresh(d, NULL);
	ck_assert_int_eq(truncate(path, 10 * 4096 + 10), 0);
	fd = open(path, O_RDWR);
	ck_assert_int_eq(pwrite(fd, "needle", 6, 7 * 4096), 6);
	close(fd);
	stale_size = 20 * 4096;
	stale_lies = 2;		/* the first step's sizing and first scan */
	s = search_start(p, 15 * 4096, true);
	ck_assert_int_eq(run(s, d, SIZE_MAX, &m, &w, NULL), SEARCH_FOUND);
	ck_assert(m == 7 * 4096 && !w);
	ck_assert_uint_eq(door_size(d), 10 * 4096 + 10);
	ck_assert_int_eq(run(s, d, SIZE_MAX, &m, &w, NULL), SEARCH_FOUND);
	ck_assert(m == 2 * 4096 && !w);
	search_free(s);
	door_sys_reset();

	search_pattern_free(p);
	door_close(d);
	free(path);
	free(b);
}
END_TEST

START_TEST(enumerates_every_match_once)
{
	size_t			 size = 20000;
	uint8_t			*b = dots(size);
	struct door		*d;
	struct search_pattern	*p = parse_ok("\"ab\"");
	struct search		*s;
	uint64_t		 m, prev = 0;
	bool			 w;
	unsigned		 n = 0;

	/* Overlapping candidates too: "ababab" has matches 2 apart. */
	for (size_t i = 0; i + 6 <= size; i += 97)
		memcpy(b + i, "ababab", 6);
	d = open_data("all", b, size, NULL);
	s = search_start(p, UINT64_MAX, false);
	while (run(s, d, 1000, &m, &w, NULL) == SEARCH_FOUND) {
		ck_assert(n == 0 || m > prev);
		ck_assert_msg(m % 97 == 0 || m % 97 == 2 || m % 97 == 4,
		    "match at %llu", (unsigned long long)m);
		prev = m;
		n++;
	}
	ck_assert_uint_eq(n, 3 * ((size - 6) / 97 + 1));
	search_free(s);
	search_pattern_free(p);
	door_close(d);
	free(b);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Brute force against a naive matcher.                                     */

/* The data alphabet: letters in both cases, and bytes 0x20 apart. */
static const uint8_t	brute_alpha[] = { 'a', 'A', 'b', 'B', '[', '{', 0x00,
			    0xff };

/* A random pattern: its text and, per byte, the value and kind. */
struct brute_pattern {
	char	 text[128];
	uint8_t	 val[16];
	int	 kind[16];	/* 0 exact, 1 any byte, 2 ASCII any case */
	size_t	 len;
};

/* Next number from the xorshift state *X. */
static uint32_t
brute_rand(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return (uint32_t)(*x >> 16);
}

/* Make a random pattern: hex with wildcards, text, or i"text". */
static void
brute_make(struct brute_pattern *bp, uint64_t *x)
{
	int	form = (int)(brute_rand(x) % 3);
	size_t	o = 0;
	bool	exact = false;

	bp->len = 1 + brute_rand(x) % 5;
	if (form != 0)
		o += (size_t)snprintf(bp->text + o, sizeof bp->text - o, "%s\"",
		    form == 2 ? "i" : "");
	for (size_t k = 0; k < bp->len; k++) {
		uint8_t	c = brute_alpha[brute_rand(x) % sizeof brute_alpha];
		bool	wild = form == 0 && brute_rand(x) % 4 == 0 &&
			    (exact || k + 1 < bp->len);

		bp->val[k] = c;
		bp->kind[k] = wild ? 1 : form == 2 && isalpha(c) ? 2 : 0;
		exact |= !wild;
		if (form == 0)
			o += (size_t)snprintf(bp->text + o, sizeof bp->text -
			    o, wild ? "?? " : "%02x ", c);
		else
			o += (size_t)snprintf(bp->text + o, sizeof bp->text -
			    o, "\\x%02x", c);
	}
	if (form != 0)
		snprintf(bp->text + o, sizeof bp->text - o, "\"");
}

/* Does BP match at B?  The obvious way. */
static bool
brute_match(const struct brute_pattern *bp, const uint8_t *b)
{
	for (size_t k = 0; k < bp->len; k++) {
		if (bp->kind[k] == 1)
			continue;
		if (bp->kind[k] == 2 ? tolower(b[k]) != tolower(bp->val[k]) :
		    b[k] != bp->val[k])
			return false;
	}
	return true;
}

START_TEST(brute_force_cross_check)
{
	static const size_t	 budgets[] = { 1, 2, 3, 7, 15, 16, 17, 31, 32,
				    33, 64, 1000, 4095, 4096, 4097, SIZE_MAX };
	size_t			 size = 5000 + (size_t)_i * 777;
	uint64_t		 x = 0x9e3779b97f4a7c15ULL + (uint64_t)_i;
	uint8_t			*b = xmalloc(size);
	uint64_t		*want = xmalloc(size * sizeof *want);
	bool			*want_w = xmalloc(size);
	struct door		*d;
	char			 name[32];

	for (size_t i = 0; i < size; i++)
		b[i] = brute_alpha[brute_rand(&x) % sizeof brute_alpha];
	snprintf(name, sizeof name, "brute%d", _i);
	d = open_data(name, b, size, NULL);
	for (int round = 0; round < 40; round++) {
		struct brute_pattern	 bp;
		struct search_pattern	*p;
		struct search		*s;
		uint64_t		 from, m, starts, nwant = 0;
		bool			 back = brute_rand(&x) % 2, w;
		size_t			 bud = budgets[brute_rand(&x) %
					    sizeof budgets / sizeof *budgets];
		size_t			 got = 0;

		brute_make(&bp, &x);
		p = parse_ok(bp.text);
		ck_assert_uint_eq(search_pattern_len(p), bp.len);
		from = brute_rand(&x) % (size + 10);
		starts = size - bp.len + 1;
		/* Every match in search order, each with its wrapped flag. */
		for (uint64_t n = 0; n < starts; n++) {
			uint64_t	at;
			bool		wrapped;

			if (!back) {
				at = (from + 1 + n) % starts;
				if (from + 1 >= starts)
					at = n;
				wrapped = from + 1 >= starts || at <= from;
			} else {
				uint64_t top = from < starts ? from : starts;

				wrapped = n >= top;
				at = wrapped ? starts - 1 - (n - top) :
				    top - 1 - n;
			}
			if (brute_match(&bp, b + at)) {
				want[nwant] = at;
				want_w[nwant++] = wrapped;
			}
			ck_assert(search_match_at(p, b + at, size - at) ==
			    brute_match(&bp, b + at));
		}
		s = search_start(p, from, back);
		while (run(s, d, bud, &m, &w, NULL) == SEARCH_FOUND) {
			ck_assert_msg(got < nwant, "[%s] from %llu%s budget "
			    "%zu: extra match %llu", bp.text,
			    (unsigned long long)from, back ? " back" : "", bud,
			    (unsigned long long)m);
			ck_assert_msg(m == want[got] && w == want_w[got],
			    "[%s] from %llu%s budget %zu: match %zu at %llu%s, "
			    "want %llu%s", bp.text, (unsigned long long)from,
			    back ? " back" : "", bud, got,
			    (unsigned long long)m, w ? " wrapped" : "",
			    (unsigned long long)want[got],
			    want_w[got] ? " wrapped" : "");
			got++;
		}
		ck_assert_msg(got == nwant, "[%s] from %llu%s budget %zu: %zu "
		    "matches, want %llu", bp.text, (unsigned long long)from,
		    back ? " back" : "", bud, got, (unsigned long long)nwant);
		search_free(s);
		search_pattern_free(p);
	}
	door_close(d);
	free(want_w);
	free(want);
	free(b);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("search");
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	tc = timeout_tcase("parse", TIMEOUT_UNIT);
	tcase_add_test(tc, parse_hex_forms);
	tcase_add_test(tc, parse_hex_wildcards);
	tcase_add_test(tc, parse_text_and_escapes);
	tcase_add_test(tc, parse_text_case_insensitive);
	tcase_add_test(tc, parse_typed_values);
	tcase_add_test(tc, parse_keeps_text_and_len);
	tcase_add_loop_test(tc, parse_error_column_and_message, 0,
	    (int)(sizeof parse_errors / sizeof parse_errors[0]));
	suite_add_tcase(s, tc);

	tc = timeout_tcase("search", TIMEOUT_UNIT);
	tcase_add_test(tc, match_at_offset_zero);
	tcase_add_test(tc, match_at_the_last_byte);
	tcase_add_test(tc, matches_across_slice_boundaries);
	tcase_add_test(tc, matches_across_page_boundaries);
	tcase_add_test(tc, matches_across_piece_boundaries);
	tcase_add_test(tc, wildcard_search);
	tcase_add_test(tc, case_insensitive_search);
	tcase_add_test(tc, typed_value_search);
	tcase_add_test(tc, backward_search_and_order);
	tcase_add_test(tc, wrap_around_sets_wrapped);
	tcase_add_test(tc, no_match_anywhere);
	tcase_add_test(tc, budget_bounds_each_step);
	tcase_add_test(tc, empty_file);
	tcase_add_test(tc, file_shorter_than_pattern);
	tcase_add_test(tc, file_shrinks_between_steps);
	tcase_add_test(tc, truncation_race_faults_safely);
	tcase_add_test(tc, enumerates_every_match_once);
	suite_add_tcase(s, tc);

	tc = timeout_tcase("brute", TIMEOUT_UNIT);
	tcase_add_loop_test(tc, brute_force_cross_check, 0, 8);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
