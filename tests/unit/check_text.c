/* SPDX-License-Identifier: ISC */
/*
 * check_text.c - unit tests for goto expressions (offexpr.c) and terminal
 * escaping of untrusted text (esc.c).
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "timeout.h"
#include "esc.h"
#include "offexpr.h"

/* Evaluate S at cursor 1000 in a 10000-byte file; assert it gives WANT. */
static void
assert_goto(const char *s, uint64_t want)
{
	uint64_t	 got = 12345;
	char		*cause = NULL;

	ck_assert_msg(offexpr_eval(s, 1000, 10000, &got, &cause) == 0,
	    "\"%s\": %s", s, cause);
	ck_assert_msg(got == want, "\"%s\" gave %llu, want %llu", s,
	    (unsigned long long)got, (unsigned long long)want);
}

/* Assert S is refused with a cause containing WANT. */
static void
assert_goto_error(const char *s, const char *want)
{
	uint64_t	 got;
	char		*cause = NULL;

	ck_assert_msg(offexpr_eval(s, 1000, 10000, &got, &cause) == -1,
	    "\"%s\" was accepted", s);
	ck_assert_msg(strstr(cause, want) != NULL, "\"%s\": \"%s\" lacks "
	    "\"%s\"", s, cause, want);
	free(cause);
}

START_TEST(goto_forms)
{
	assert_goto("0", 0);
	assert_goto("4096", 4096);
	assert_goto("0x1f", 31);
	assert_goto("  0X10  ", 16);
	assert_goto("+16", 1016);
	assert_goto("-16", 984);
	assert_goto("-5000", 0);
	assert_goto("+0x10", 1016);
	assert_goto("50%", 5000);
	assert_goto("100%", 10000);
	assert_goto("0%", 0);
	assert_goto("$", 9999);
	assert_goto("4K", 4096);
	assert_goto("99999999", 99999999);	/* not clamped here */
}
END_TEST

START_TEST(goto_errors)
{
	assert_goto_error("", "empty");
	assert_goto_error("   ", "empty");
	assert_goto_error("12q", "q");
	assert_goto_error("0x", "0x");
	assert_goto_error("101%", "0 to 100");
	assert_goto_error("+", "+");
	assert_goto_error("--5", "-5");
	assert_goto_error("99999999999999999999", "too large");
}
END_TEST

START_TEST(percent_of_small_and_huge_sizes)
{
	uint64_t	got;

	ck_assert_int_eq(offexpr_eval("50%", 0, 3, &got, NULL), 0);
	ck_assert_uint_eq(got, 1);
	ck_assert_int_eq(offexpr_eval("100%", 0, UINT64_MAX, &got, NULL), 0);
	ck_assert_uint_eq(got, UINT64_MAX);
	ck_assert_int_eq(offexpr_eval("+5", UINT64_MAX - 1, UINT64_MAX, &got,
	    NULL), 0);
	ck_assert_uint_eq(got, UINT64_MAX);
}
END_TEST

/* Assert esc_text(IN, UTF8) == WANT. */
static void
assert_esc(const char *in, bool utf8, const char *want)
{
	char	*got = esc_text(in, utf8);

	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(escape_controls)
{
	assert_esc("plain.bin", true, "plain.bin");
	assert_esc("a\033[31mred", true, "a\\e[31mred");
	assert_esc("tab\there\nnl", true, "tab\\there\\nnl");
	assert_esc("\x07\x7f", true, "\\x07\\x7f");
	assert_esc("back\\slash", true, "back\\\\slash");
	/* C1 CSI (U+009B) encoded in UTF-8 must not pass. */
	assert_esc("x\xc2\x9b" "31m", true, "x\\xc2\\x9b31m");
	/* A raw 8-bit CSI byte, invalid UTF-8. */
	assert_esc("x\x9b" "31m", true, "x\\x9b31m");
}
END_TEST

START_TEST(escape_utf8)
{
	assert_esc("caf\xc3\xa9", true, "caf\xc3\xa9");
	assert_esc("caf\xc3\xa9", false, "caf\\xc3\\xa9");
	assert_esc("\xe2\x82\xac", true, "\xe2\x82\xac");	/* euro */
	/* Overlong '/', a surrogate, a truncated sequence. */
	assert_esc("\xc0\xaf", true, "\\xc0\\xaf");
	assert_esc("\xed\xa0\x80", true, "\\xed\\xa0\\x80");
	assert_esc("\xe2\x82", true, "\\xe2\\x82");
}
END_TEST

/* Assert esc_quote(IN, LEN, MAX, HOW) == WANT. */
static void
assert_quote(const char *in, size_t len, size_t max, unsigned how,
    const char *want)
{
	char	*got = esc_quote(in, len, max, how);

	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(quote_for_messages)
{
	/* Marks: the text in "...", its own quotes escaped. */
	assert_quote("say \"hi\"", 8, SIZE_MAX, ESC_MARKS,
	    "\"say \\\"hi\\\"\"");
	/* Without marks a quote is itself: esc_text's (and cli_name's) form. */
	assert_quote("say \"hi\"", 8, SIZE_MAX, 0, "say \"hi\"");
	/* LEN, not the NUL, ends the text: a NUL inside is shown. */
	assert_quote("a\0b", 3, SIZE_MAX, ESC_MARKS, "\"a\\x00b\"");
	/* Controls are escaped however the text is shown. */
	assert_quote("\n\t\033\r", 4, SIZE_MAX, ESC_MARKS | ESC_UTF8,
	    "\"\\n\\t\\e\\x0d\"");
	/* UTF-8 passes only when asked. */
	assert_quote("\xc3\xa9", 2, SIZE_MAX, ESC_MARKS | ESC_UTF8,
	    "\"\xc3\xa9\"");
	assert_quote("\xc3\xa9", 2, SIZE_MAX, ESC_MARKS, "\"\\xc3\\xa9\"");
	/* Cut after MAX bytes, "..." inside the marks. */
	assert_quote("abcdef", 6, 4, ESC_MARKS, "\"abcd...\"");
	assert_quote("abcd", 4, 4, ESC_MARKS, "\"abcd\"");
	/* Never inside a UTF-8 sequence: the euro sign is all or nothing. */
	assert_quote("a\xe2\x82\xac", 4, 2, ESC_UTF8, "a...");
	assert_quote("a\xe2\x82\xac" "b", 5, 4, ESC_UTF8, "a\xe2\x82\xac...");
}
END_TEST

/* Decode IN (LEN bytes) with esc_utf8: WANT bytes, code point CP. */
static void
assert_utf8(const char *in, size_t len, size_t want, uint32_t cp)
{
	uint32_t	got = 0xffffffff;
	size_t		n = esc_utf8((const unsigned char *)in, len, &got);

	ck_assert_uint_eq(n, want);
	if (want > 0)
		ck_assert_uint_eq(got, cp);
}

START_TEST(one_utf8_decoder)
{
	assert_utf8("A", 1, 1, 'A');
	assert_utf8("\x01", 1, 1, 1);
	assert_utf8("\xc3\xa9", 2, 2, 0xe9);
	assert_utf8("\xc2\x9b", 2, 2, 0x9b);	/* C1: well formed */
	assert_utf8("\xe2\x82\xac", 3, 3, 0x20ac);
	assert_utf8("\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff);
	assert_utf8("\xe2\x82\xac", 2, 0, 0);	/* cut short by LEN */
	assert_utf8("\xc0\xaf", 2, 0, 0);	/* overlong */
	assert_utf8("\xe0\x80\xaf", 3, 0, 0);	/* overlong */
	assert_utf8("\xed\xa0\x80", 3, 0, 0);	/* surrogate */
	assert_utf8("\xf4\x90\x80\x80", 4, 0, 0);	/* past U+10FFFF */
	assert_utf8("\xf5\x80\x80\x80", 4, 0, 0);	/* leads nothing */
	assert_utf8("\x80", 1, 0, 0);		/* a lone continuation */
	assert_utf8("\xc3(", 2, 0, 0);		/* a bad continuation */
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("text");
	TCase	*tc = timeout_tcase("offexpr", TIMEOUT_UNIT);
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, goto_forms);
	tcase_add_test(tc, goto_errors);
	tcase_add_test(tc, percent_of_small_and_huge_sizes);
	suite_add_tcase(s, tc);
	tc = timeout_tcase("esc", TIMEOUT_UNIT);
	tcase_add_test(tc, escape_controls);
	tcase_add_test(tc, escape_utf8);
	tcase_add_test(tc, quote_for_messages);
	tcase_add_test(tc, one_utf8_decoder);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
