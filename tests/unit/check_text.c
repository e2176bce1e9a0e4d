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
#include "xmalloc.h"

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

/* Marks for the env tests: 'a at 0x100, 'z at 7; the rest unset. */
static int
test_mark(void *arg, int letter, uint64_t *off)
{
	ck_assert_ptr_eq(arg, (void *)test_mark);
	if (letter != 'a' && letter != 'z')
		return -1;
	*off = letter == 'a' ? 0x100 : 7;
	return 0;
}

/* Fields for the env tests: "count" at 0x40, "hdr.len" at 4, "a[2]" at 9. */
static int
test_field(void *arg, const char *path, uint64_t *off, char **cause)
{
	ck_assert_ptr_eq(arg, (void *)test_mark);
	if (strcmp(path, "count") == 0)
		*off = 0x40;
	else if (strcmp(path, "hdr.len") == 0)
		*off = 4;
	else if (strcmp(path, "a[2]") == 0)
		*off = 9;
	else
		return cause_set(cause, "no field %s", path);
	return 0;
}

/* Evaluate S with marks and fields at cursor 1000 of 10000; 0 or -1. */
static int
eval_env(const char *s, uint64_t *got, char **cause)
{
	const struct offexpr_env	env = { 1000, 10000, test_mark,
					    test_field, (void *)test_mark };

	return offexpr_eval_env(s, &env, got, cause);
}

/* Assert S evaluates to WANT with marks and fields. */
static void
assert_env(const char *s, uint64_t want)
{
	uint64_t	 got = 12345;
	char		*cause = NULL;

	ck_assert_msg(eval_env(s, &got, &cause) == 0, "\"%s\": %s", s, cause);
	ck_assert_msg(got == want, "\"%s\" gave %llu, want %llu", s,
	    (unsigned long long)got, (unsigned long long)want);
}

/* Assert S fails with marks and fields, the cause exactly WANT. */
static void
assert_env_error(const char *s, const char *want)
{
	uint64_t	 got;
	char		*cause = NULL;

	ck_assert_msg(eval_env(s, &got, &cause) == -1, "\"%s\" gave %llu", s,
	    (unsigned long long)got);
	ck_assert_msg(strcmp(cause, want) == 0, "\"%s\": \"%s\", want \"%s\"",
	    s, cause, want);
	free(cause);
}

START_TEST(arithmetic)
{
	assert_goto("0x10+0x20*2", 0x50);
	assert_goto("2+3", 5);
	assert_goto("10-3", 7);
	assert_goto("6*7", 42);
	assert_goto("100/7", 14);
	assert_goto("100%7", 2);
	assert_goto("100 % 7", 2);
	/* Precedence: * / % before + -, each to the left. */
	assert_goto("2+3*4", 14);
	assert_goto("2*3+4", 10);
	assert_goto("20-4-3", 13);
	assert_goto("64/4/2", 8);
	assert_goto("2+10%4*3", 8);
	assert_goto("(2+3)*4", 20);
	assert_goto("((1+1)*(2+2))", 8);
	assert_goto(" ( 2 + 3 ) * 4 ", 20);
	assert_goto("1K+1", 1025);
	/* Negative on the way is fine: only the result must be an offset. */
	assert_goto("16-32+100", 84);
	assert_goto("(16-32)/3+10", 5);	/* truncates toward zero: -5 */
	assert_goto("0xffffffffffffffff+1-1", UINT64_MAX);
	/* $ is the last byte, . the cursor. */
	assert_goto("$", 9999);
	assert_goto("$-15", 9984);
	assert_goto("$/2", 4999);
	assert_goto(".", 1000);
	assert_goto(".+4*8", 1032);
	assert_goto(".-16+4", 988);
	assert_goto("$%16", 15);
	/* A leading sign counts from the cursor as if "." came first. */
	assert_goto("-16+4", 988);
	assert_goto("+2*8", 1016);
	assert_goto("+(1+1)*8", 1016);
	assert_goto("-0x10", 984);
	/* N% is a share of the size unless a term follows the '%'. */
	assert_goto("50%+16", 5016);
	assert_goto("(25%)*2", 5000);
	assert_goto("50%-1", 4999);
	assert_goto("50%3", 2);
	assert_goto("+10%", 2000);
}
END_TEST

START_TEST(arithmetic_errors)
{
	/* Every error names its 1-based column in the text as typed. */
	assert_goto_error("1/0", "column 2: division by zero");
	assert_goto_error("1 % (2-2)", "column 3: modulo by zero");
	assert_goto_error("  5/(3-3)", "column 4: division by zero");
	assert_goto_error("16-32", "column 3: the offset comes out negative");
	assert_goto_error("$-10000", "column 2: the offset comes out negative");
	assert_goto_error("0xffffffffffffffff+1",
	    "column 19: the offset is past 2^64-1");
	assert_goto_error("0xffffffffffffffff*0x7fffffffffffffff*4",
	    "column 38: overflow");
	assert_goto_error("1+2)", "column 4: a \")\" without its \"(\"");
	assert_goto_error("(1+2", "column 5: the \"(\" at column 1 is not "
	    "closed");
	assert_goto_error("12 34", "column 4: unexpected \"34\"");
	assert_goto_error("$x", "column 2: unexpected \"x\"");
	assert_goto_error("1+", "column 3: the expression ends after \"+\"");
	assert_goto_error("2*", "column 3: the expression ends after \"*\"");
	assert_goto_error("()", "column 2: expected a number");
	assert_goto_error("2*-3", "column 3: expected a number");
	assert_goto_error("1+12q", "column 3: \"12q\": not a number");
	assert_goto_error("1+101%", "column 3: \"101%\": a percentage is 0 "
	    "to 100");
	assert_goto_error("((((((((((((((((((((((((((((((((((((((((((((((((("
	    "(((((((((((((((((1", "column 65: parentheses nest deeper "
	    "than 64");
	/* Without a layout a name is no offset; without marks none is set. */
	assert_goto_error("1+count", "column 3: no layout loaded: count is not "
	    "an offset");
	assert_goto_error("'a", "column 1: mark 'a is not set");
}
END_TEST

START_TEST(marks_and_fields)
{
	assert_env("'a", 0x100);
	assert_env("'a+4", 0x104);
	assert_env("'z*2", 14);
	assert_env("('a-'z)/2", 124);
	assert_env("count", 0x40);
	assert_env("count + 8", 0x48);
	assert_env("hdr.len*2", 8);
	assert_env("a[2]", 9);
	assert_env("+count", 1064);
	assert_env_error("'b", "column 1: mark 'b is not set");
	assert_env_error("1+'q", "column 3: mark 'q is not set");
	assert_env_error("'A", "column 1: a mark is 'a to 'z");
	assert_env_error("'", "column 1: a mark is 'a to 'z");
	assert_env_error("2*nope", "column 3: no field nope");
	assert_env_error("hdr.nope+1", "column 1: no field hdr.nope");
	assert_env_error("a[", "column 2: an index is [digits]");
	assert_env_error("a[x]", "column 2: an index is [digits]");
	assert_env_error("a[2", "column 2: an index is [digits]");
	assert_env_error("count.", "column 6: unexpected \".\" after the "
	    "expression");
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
	tcase_add_test(tc, arithmetic);
	tcase_add_test(tc, arithmetic_errors);
	tcase_add_test(tc, marks_and_fields);
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
