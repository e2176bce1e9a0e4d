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
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
