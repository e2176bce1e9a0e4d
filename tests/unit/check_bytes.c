/* SPDX-License-Identifier: ISC */
/*
 * check_bytes.c - the byte grammar (bytes.h): every spelling, every
 * error with its column, and one spelling giving the same bytes (or the
 * same error at the same column) to search, :set and poke.
 *
 * :set and poke call bytes_parse with no flags and store b.val; search
 * calls search_parse, which is bytes_parse with ?? and i"..." allowed.
 * So "the same through all three" is checked here as: bytes_parse with
 * no flags, with every flag, and search_parse (by what its pattern
 * matches) agree.  tests/cli/check_poke.c and tests/e2e/check_edit.c
 * store the new spellings for real.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "search.h"
#include "timeout.h"

/* One spelling and the bytes it must give. */
struct form {
	const char	*text;
	const char	*bytes;
	size_t		 len;
	const char	*type;		/* canonical type name when typed */
};

static const struct form forms[] = {
	/* Hex: any run of separators between bytes, either case. */
	{ "deadbeef", "\xde\xad\xbe\xef", 4, NULL },
	{ "de ad be ef", "\xde\xad\xbe\xef", 4, NULL },
	{ "DE AD be EF", "\xde\xad\xbe\xef", 4, NULL },
	{ "de:ad:be:ef", "\xde\xad\xbe\xef", 4, NULL },
	{ "de-ad-be-ef", "\xde\xad\xbe\xef", 4, NULL },
	{ "de,ad, be ,ef", "\xde\xad\xbe\xef", 4, NULL },
	{ "\t de\t:ad  ", "\xde\xad", 2, NULL },
	{ "fe:ed", "\xfe\xed", 2, NULL },
	{ "f3 2a", "\xf3\x2a", 2, NULL },
	{ "00", "\0", 1, NULL },
	/* Hex said explicitly: with a colon, or a blank (:set hex BYTES). */
	{ "hex:de ad", "\xde\xad", 2, NULL },
	{ "hex de ad", "\xde\xad", 2, NULL },
	{ "hex:de:ad", "\xde\xad", 2, NULL },
	/* Quoted text with every escape, blanks around it. */
	{ "\"GET /\\x00\\n\"", "GET /\0\n", 7, NULL },
	{ "\"\\n\\t\\r\\0\\e\\\\\\\"\\'\\x41\\x7F\"",
	    "\n\t\r\0\x1b\\\"'A\x7f", 10, NULL },
	{ "  \"a b\"  ", "a b", 3, NULL },
	{ "\"de ad\"", "de ad", 5, NULL },
	/* text: to the end, blanks and colons kept. */
	{ "text:a: b ", "a: b ", 5, NULL },
	{ "text:\"q\"\\x20", "\"q\" ", 4, NULL },
	{ "text:\\\\", "\\", 1, NULL },
	/* Typed, with a colon or a blank; no suffix is little endian. */
	{ "u8:255", "\xff", 1, "u8" },
	{ "i8:-1", "\xff", 1, "i8" },
	{ "u16:0x1234", "\x34\x12", 2, "u16le" },
	{ "u16be 0x1234", "\x12\x34", 2, "u16be" },
	{ "u32le 3735928559", "\xef\xbe\xad\xde", 4, "u32le" },
	{ "i32be:-256", "\xff\xff\xff\x00", 4, "i32be" },
	{ "u64:0x1122334455667788", "\x88\x77\x66\x55\x44\x33\x22\x11", 8,
	    "u64le" },
	{ "f32:1.5", "\x00\x00\xc0\x3f", 4, "f32le" },
	{ "f64be:2.5", "\x40\x04\0\0\0\0\0\0", 8, "f64be" },
	{ "f64be\t 2.5 \t", "\x40\x04\0\0\0\0\0\0", 8, "f64be" },
	{ "  U16BE:7  ", "\x00\x07", 2, "u16be" },
};

/* Every form parses to its bytes, exact, typed when it says a type. */
START_TEST(every_form)
{
	const struct form	*f = &forms[_i];
	const unsigned		 flags[] = { 0, BYTES_WILD | BYTES_FOLD };
	struct bytes		 b;
	size_t			 col = 0;
	char			*cause = NULL;

	for (size_t i = 0; i < 2; i++) {
		ck_assert_msg(bytes_parse(f->text, flags[i], &b, &col,
		    &cause) == 0, "[%s] %s (column %zu)", f->text, cause,
		    col);
		ck_assert_msg(b.len == f->len, "[%s] %zu bytes", f->text,
		    b.len);
		ck_assert_mem_eq(b.val, f->bytes, f->len);
		for (size_t k = 0; k < b.len; k++)
			ck_assert_uint_eq(b.mask[k], 0xff);
		ck_assert(b.typed == (f->type != NULL));
		if (f->type != NULL) {
			ck_assert_str_eq(b.type.name, f->type);
			ck_assert_uint_eq(b.type.width, f->len);
		}
		bytes_free(&b);
		ck_assert_ptr_null(b.val);
	}
}
END_TEST

/* ?? and i"..." only when allowed, and then as masks. */
START_TEST(wildcards_and_folding)
{
	struct bytes	b;
	size_t		col = 0;
	char		*cause = NULL;

	ck_assert_int_eq(bytes_parse("de ?? ef", BYTES_WILD, &b, NULL, NULL),
	    0);
	ck_assert_uint_eq(b.len, 3);
	ck_assert_mem_eq(b.mask, "\xff\x00\xff", 3);
	ck_assert_mem_eq(b.val, "\xde\x00\xef", 3);
	bytes_free(&b);
	ck_assert_int_eq(bytes_parse("??de??", BYTES_WILD, &b, NULL, NULL), 0);
	ck_assert_uint_eq(b.len, 3);
	bytes_free(&b);

	/* Letters fold to 0xdf; others, and bytes >= 0x80, stay exact. */
	ck_assert_int_eq(bytes_parse("i\"aZ[\\xe1\"", BYTES_FOLD, &b, NULL,
	    NULL), 0);
	ck_assert_uint_eq(b.len, 4);
	ck_assert_mem_eq(b.mask, "\xdf\xdf\xff\xff", 4);
	ck_assert_mem_eq(b.val, "AZ[\xe1", 4);
	bytes_free(&b);

	/* What :set and poke get for them: errors, at the column. */
	ck_assert_int_eq(bytes_parse("de ?? ef", 0, &b, &col, &cause), -1);
	ck_assert_uint_eq(col, 4);
	ck_assert_ptr_nonnull(strstr(cause, "only in a search"));
	free(cause);
	ck_assert_int_eq(bytes_parse(" i\"ab\"", BYTES_WILD, &b, &col,
	    &cause), -1);
	ck_assert_uint_eq(col, 2);
	ck_assert_ptr_nonnull(strstr(cause, "for searching only"));
	free(cause);
	ck_assert_ptr_null(b.val);
}
END_TEST

/* One malformed spelling: where the error points, and what it says. */
struct bad {
	const char	*text;
	unsigned	 flags;
	size_t		 col;
	const char	*says;
};

#define WF	(BYTES_WILD | BYTES_FOLD)

static const struct bad bads[] = {
	/* Hex. */
	{ "", 0, 1, "hex bytes: none given" },
	{ "  ", 0, 3, "hex bytes: none given" },
	{ "hex:", 0, 5, "hex bytes: none given" },
	{ "dea", 0, 3, "lone hex digit 'a' at column 3: a byte is two digits" },
	{ "d e", 0, 1, "lone hex digit 'd' at column 1" },
	{ "de a:bc", 0, 4, "write 0a" },
	{ "de ag", 0, 5, "'g' at column 5 is not a hex digit" },
	{ "de;ad", 0, 3, "';' at column 3 is not a hex digit" },
	{ "de\x01" "ad", 0, 3, "'\\x01' at column 3 is not a hex digit" },
	{ "0xdead", 0, 2, "'x' at column 2 is not a hex digit" },
	{ "hello", 0, 1, "quote text: \"...\" or text:" },
	{ "hello", WF, 1, "or i\"...\" for any case" },
	{ "hello world", 0, 1, "'h' at column 1 is not a hex digit" },
	{ "de ?", WF, 4, "lone '?' at column 4: a wildcard is a whole byte" },
	{ "d? ee", WF, 2, "'?' at column 2: a wildcard is a whole byte" },
	{ "d? ee", 0, 2, "'?' at column 2 is not a hex digit" },
	{ "?? ??", WF, 1, "only wildcards from column 1" },
	{ "  ??", WF, 3, "only wildcards from column 3" },
	/* Text. */
	{ "\"abc", 0, 1, "unterminated quote: the closing \" of the text "
	    "opened at column 1 is missing" },
	{ "  i\"abc", WF, 4, "opened at column 4" },
	{ "\"ab\\", 0, 1, "unterminated quote" },
	{ "\"a\\qb\"", 0, 4, "unknown escape \\q at column 4" },
	{ "text:a\\qb", 0, 8, "unknown escape \\q at column 8" },
	{ "\"\\x4g\"", 0, 5, "\\x needs two hex digits: 'g' at column 5" },
	{ "\"\\x\"", 0, 4, "\\x needs two hex digits: '\"' at column 4" },
	{ "text:\\x4", 0, 9, "\\x needs two hex digits: the text ends at "
	    "column 9" },
	{ "text:ab\\", 0, 8, "a lone \\ at column 8" },
	{ "\"\"", 0, 1, "empty text at column 1" },
	{ "i\"\"", WF, 2, "empty text at column 2" },
	{ "text:", 0, 1, "empty text at column 1" },
	{ "\"ab\" x", 0, 6, "unexpected 'x' at column 6 after the closing "
	    "quote" },
	/* Types. */
	{ ":5", 0, 1, "a type is missing before ':' at column 1" },
	{ "u33:5", 0, 1, "\"u33\": unknown type" },
	{ "int:5", 0, 1, "unknown type" },
	{ "u24 1", 0, 1, "\"u24\": unknown type" },
	{ "x:1", 0, 1, "\"x\": unknown type" },
	{ "u8:256", 0, 4, "\"256\": does not fit in u8 (0 to 255), at "
	    "column 4" },
	{ "u8 256", 0, 4, "does not fit in u8" },
	{ "i8:-129", 0, 4, "does not fit in i8" },
	{ "u16:", 0, 5, "a value is missing" },
	{ "u16  ", 0, 6, "a value is missing" },
	{ "u32:12x", 0, 5, "\"12x\": not a number for u32le" },
	{ "u8:-1", 0, 4, "cannot be negative" },
	{ "f32:1e99", 0, 5, "too large" },
	{ "u16: 7", 0, 5, "blank" },
	{ "u32:\"a\"", 0, 5, "\"\\\"a\\\"\": not a number" },
};

START_TEST(every_error)
{
	const struct bad	*e = &bads[_i];
	struct bytes		 b;
	size_t			 col = 0;
	char			*cause = NULL, at[32];

	ck_assert_msg(bytes_parse(e->text, e->flags, &b, &col, &cause) == -1,
	    "[%s] parsed", e->text);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(col == e->col, "[%s] column %zu, want %zu (%s)",
	    e->text, col, e->col, cause);
	ck_assert_msg(strstr(cause, e->says) != NULL, "[%s] says \"%s\", "
	    "want \"%s\"", e->text, cause, e->says);
	/* The column the message names is the column returned. */
	snprintf(at, sizeof at, "column %zu", col);
	ck_assert_msg(strstr(cause, at) != NULL, "[%s] \"%s\" does not say "
	    "%s", e->text, cause, at);
	free(cause);
	ck_assert_ptr_null(b.val);
	ck_assert_uint_eq(b.len, 0);
	/* A NULL cause and column are allowed. */
	ck_assert_int_eq(bytes_parse(e->text, e->flags, &b, NULL, NULL), -1);
}
END_TEST

/* Every spelling that search, :set and poke may all be given. */
static const char *const shared[] = {
	"de ad be ef", "de:ad", "de-ad,be", "hex:00 ff", "hex 7f",
	"\"GET /\\r\\n\"", "text:x y", "u16be:0x0102", "i32 -2", "f32:1.5",
	/* and errors: the same column for each */
	"de:a", "de ag", "\"ab", "u8:256", "u24 1", "text:", "zz",
};

/*
 * Through search_parse, bytes_parse(0) (what :set and poke call) and
 * bytes_parse(WF): the same verdict and column, and the same bytes.
 */
START_TEST(same_through_search_set_and_poke)
{
	const char		*text = shared[_i];
	struct bytes		 b, w;
	struct search_pattern	*p;
	size_t			 col_s = 0, col_b = 0, col_w = 0;
	char			*cs = NULL, *cb = NULL, *cw = NULL;
	int			 rb, rw;

	p = search_parse(text, &col_s, &cs);
	rb = bytes_parse(text, 0, &b, &col_b, &cb);
	rw = bytes_parse(text, WF, &w, &col_w, &cw);
	ck_assert_msg((p != NULL) == (rb == 0) && rb == rw, "[%s] verdicts "
	    "differ: search %s, :set/poke %d", text, cs, rb);
	if (p == NULL) {
		ck_assert_msg(col_s == col_b && col_b == col_w, "[%s] columns "
		    "%zu %zu %zu", text, col_s, col_b, col_w);
		/* Search's hint for a stray letter also offers i"...". */
		ck_assert_str_eq(cs, cw);
		free(cs);
		free(cb);
		free(cw);
		return;
	}
	ck_assert_uint_eq(search_pattern_len(p), b.len);
	ck_assert(search_match_at(p, b.val, b.len));
	ck_assert_uint_eq(w.len, b.len);
	ck_assert_mem_eq(w.val, b.val, b.len);
	for (size_t k = 0; k < b.len; k++) {
		uint8_t	*other = malloc(b.len);

		/* Any other byte at any position is no match. */
		memcpy(other, b.val, b.len);
		other[k] ^= 0x01;
		ck_assert(!search_match_at(p, other, b.len));
		free(other);
	}
	search_pattern_free(p);
	bytes_free(&b);
	bytes_free(&w);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("bytes");
	TCase	*tc = timeout_tcase("bytes", TIMEOUT_UNIT);
	SRunner	*sr;
	int	 failed;

	tcase_add_loop_test(tc, every_form, 0, sizeof forms / sizeof forms[0]);
	tcase_add_test(tc, wildcards_and_folding);
	tcase_add_loop_test(tc, every_error, 0, sizeof bads / sizeof bads[0]);
	tcase_add_loop_test(tc, same_through_search_set_and_poke, 0,
	    sizeof shared / sizeof shared[0]);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
