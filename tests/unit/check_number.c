/* SPDX-License-Identifier: ISC */
/*
 * check_number.c - number.c: the command-line number grammar.
 *
 * Tables of valid inputs with their values and invalid inputs with the
 * words their cause must contain (the offending text, quoted, and why).
 * An error must leave *out untouched, and a NULL cause must be accepted.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "timeout.h"
#include "number.h"

/* A valid input and its value. */
struct valid_case {
	const char	*text;
	int		 flags;
	uint64_t	 value;
};

static const struct valid_case valid_cases[] = {
	{ "0", 0, 0 },
	{ "1", 0, 1 },
	{ "42", 0, 42 },
	{ "010", 0, 10 },			/* decimal, never octal */
	{ "0009", 0, 9 },
	{ "0x10", 0, 16 },
	{ "0X1f", 0, 31 },
	{ "0xABCdef", 0, 0xabcdef },
	{ "0x0", 0, 0 },
	{ "0x00000000000000001", 0, 1 },
	{ "18446744073709551615", 0, UINT64_MAX },
	{ "0xffffffffffffffff", 0, UINT64_MAX },
	{ "4294967296", 0, 4294967296ULL },
	{ "4K", NUMBER_SUFFIX, 4096 },
	{ "4k", NUMBER_SUFFIX, 4096 },
	{ "4KiB", NUMBER_SUFFIX, 4096 },
	{ "4kib", NUMBER_SUFFIX, 4096 },
	{ "4KIB", NUMBER_SUFFIX, 4096 },
	{ "1M", NUMBER_SUFFIX, 1048576 },
	{ "3m", NUMBER_SUFFIX, 3145728 },
	{ "1MiB", NUMBER_SUFFIX, 1048576 },
	{ "2G", NUMBER_SUFFIX, 2147483648ULL },
	{ "4g", NUMBER_SUFFIX, 4294967296ULL },
	{ "4GiB", NUMBER_SUFFIX, 4294967296ULL },
	{ "0x10K", NUMBER_SUFFIX, 16384 },
	{ "0K", NUMBER_SUFFIX, 0 },
	{ "17179869183G", NUMBER_SUFFIX, 17179869183ULL << 30 },
	{ "123", NUMBER_SUFFIX, 123 },
	{ "1", NUMBER_NONZERO, 1 },
	{ "1K", NUMBER_SUFFIX | NUMBER_NONZERO, 1024 },
};

/* An invalid input and words its cause must contain. */
struct error_case {
	const char	*text;
	int		 flags;
	const char	*want[3];
};

static const struct error_case error_cases[] = {
	{ "", 0, { "\"\"", "not a number", "empty" } },
	{ "12q", 0, { "\"12q\": not a number (bad character 'q' at position"
	    " 3)", NULL, NULL } },
	{ "q", 0, { "\"q\"", "bad character 'q' at position 1", NULL } },
	{ " 5", 0, { "\" 5\"", "bad character ' ' at position 1", NULL } },
	{ "5 ", 0, { "\"5 \"", "bad character ' ' at position 2", NULL } },
	{ "1.5", 0, { "\"1.5\"", "'.' at position 2", NULL } },
	{ "1e3", 0, { "\"1e3\"", "'e' at position 2", NULL } },
	{ "-5", 0, { "\"-5\"", "sign", NULL } },
	{ "+5", 0, { "\"+5\"", "sign", NULL } },
	{ "0x", 0, { "\"0x\"", "no digits after \"0x\"", NULL } },
	{ "0xg", 0, { "\"0xg\"", "no digits", NULL } },
	{ "0x1g", 0, { "\"0x1g\"", "'g' at position 4", NULL } },
	{ "0o17", 0, { "\"0o17\"", "'o' at position 2", NULL } },
	{ "99999999999999999999", 0, { "\"99999999999999999999\": too large"
	    " (more than 2^64-1)", NULL, NULL } },
	{ "18446744073709551616", 0, { "\"18446744073709551616\"",
	    "too large", NULL } },
	{ "0x10000000000000000", 0, { "\"0x10000000000000000\"", "too large",
	    NULL } },
	{ "4K", 0, { "\"4K\"", "bad character 'K' at position 2", NULL } },
	{ "4KB", NUMBER_SUFFIX, { "\"4KB\"", "bad suffix \"KB\"", NULL } },
	{ "4kx", NUMBER_SUFFIX, { "\"4kx\"", "bad suffix", NULL } },
	{ "4T", NUMBER_SUFFIX, { "\"4T\"", "'T' at position 2", NULL } },
	{ "12q", NUMBER_SUFFIX, { "\"12q\"", "'q' at position 3", NULL } },
	{ "K", NUMBER_SUFFIX, { "\"K\"", "'K' at position 1", NULL } },
	{ "17179869184G", NUMBER_SUFFIX, { "\"17179869184G\"", "too large",
	    NULL } },
	{ "0", NUMBER_NONZERO, { "\"0\"", "must be greater than zero",
	    NULL } },
	{ "0x0", NUMBER_NONZERO, { "\"0x0\"", "greater than zero", NULL } },
	{ "0K", NUMBER_SUFFIX | NUMBER_NONZERO, { "\"0K\"",
	    "greater than zero", NULL } },
	{ "1\001", 0, { "\"1\\x01\"", "bad byte 0x01 at position 2",
	    NULL } },
	{ "1\"", 0, { "\"1\\\"\"", "position 2", NULL } },
};

/* Every valid form parses to its value, with and without a cause. */
START_TEST(test_valid)
{
	const struct valid_case	*c = &valid_cases[_i];
	uint64_t		 v = 12345;
	char			*cause = NULL;

	ck_assert_msg(number_parse_u64(c->text, &v, c->flags, &cause) == 0,
	    "\"%s\" rejected: %s", c->text, cause ? cause : "(no cause)");
	ck_assert_msg(v == c->value, "\"%s\" gave %ju, want %ju", c->text,
	    (uintmax_t)v, (uintmax_t)c->value);
	ck_assert_ptr_null(cause);
	v = 12345;
	ck_assert_int_eq(number_parse_u64(c->text, &v, c->flags, NULL), 0);
	ck_assert(v == c->value);
}
END_TEST

/* Every error fails, names the text, says why, and leaves *out alone. */
START_TEST(test_error)
{
	const struct error_case	*c = &error_cases[_i];
	uint64_t		 v = 777;
	char			*cause = NULL;

	ck_assert_msg(number_parse_u64(c->text, &v, c->flags, &cause) == -1,
	    "\"%s\" accepted as %ju", c->text, (uintmax_t)v);
	ck_assert_ptr_nonnull(cause);
	for (int k = 0; k < 3 && c->want[k] != NULL; k++)
		ck_assert_msg(strstr(cause, c->want[k]) != NULL,
		    "cause for \"%s\" is '%s', lacks '%s'", c->text, cause,
		    c->want[k]);
	ck_assert(v == 777);
	free(cause);
	/* A NULL cause is allowed: the failure still comes back. */
	ck_assert_int_eq(number_parse_u64(c->text, &v, c->flags, NULL), -1);
	ck_assert(v == 777);
}
END_TEST

/* A range check accepts both ends and names the range when it fails. */
START_TEST(test_range)
{
	uint64_t	 v = 0;
	char		*cause = NULL;

	ck_assert_int_eq(number_parse_range("1", 1, 256, &v, 0, &cause), 0);
	ck_assert(v == 1);
	ck_assert_int_eq(number_parse_range("256", 1, 256, &v, 0, &cause), 0);
	ck_assert(v == 256);
	ck_assert_int_eq(number_parse_range("0x100", 1, 256, &v, 0, &cause),
	    0);
	ck_assert(v == 256);

	v = 9;
	ck_assert_int_eq(number_parse_range("257", 1, 256, &v, 0, &cause),
	    -1);
	ck_assert_str_eq(cause, "\"257\": out of range (1 to 256)");
	ck_assert(v == 9);
	free(cause);
	ck_assert_int_eq(number_parse_range("0", 1, 256, &v, 0, &cause), -1);
	ck_assert_str_eq(cause, "\"0\": out of range (1 to 256)");
	free(cause);
	/* A parse error wins over the range. */
	ck_assert_int_eq(number_parse_range("2x", 1, 256, &v, 0, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "'x' at position 2"));
	free(cause);
	/* Suffixes apply before the range check. */
	ck_assert_int_eq(number_parse_range("1K", 1, 1000, &v, NUMBER_SUFFIX,
	    &cause), -1);
	ck_assert_str_eq(cause, "\"1K\": out of range (1 to 1000)");
	free(cause);
}
END_TEST

/* An offset with and without a sign. */
struct offset_case {
	const char		*text;
	uint64_t		 value;
	enum number_anchor	 anchor;
};

static const struct offset_case offset_cases[] = {
	{ "0", 0, NUMBER_ABSOLUTE },
	{ "5", 5, NUMBER_ABSOLUTE },
	{ "0x20", 32, NUMBER_ABSOLUTE },
	{ "+5", 5, NUMBER_RELATIVE },
	{ "+0x10", 16, NUMBER_RELATIVE },
	{ "-5", 5, NUMBER_FROM_END },
	{ "-0", 0, NUMBER_FROM_END },
	{ "-0x10", 16, NUMBER_FROM_END },
	{ "4K", 4096, NUMBER_ABSOLUTE },
	{ "-1K", 1024, NUMBER_FROM_END },
	{ "+2M", 2097152, NUMBER_RELATIVE },
};

/* "[+|-]N" gives the value and the anchor. */
START_TEST(test_offset)
{
	const struct offset_case	*c = &offset_cases[_i];
	enum number_anchor		 a = NUMBER_RELATIVE;
	uint64_t			 v = 99;
	char				*cause = NULL;

	ck_assert_msg(number_parse_offset(c->text, &v, &a, NUMBER_SUFFIX,
	    &cause) == 0, "\"%s\": %s", c->text, cause);
	ck_assert_msg(v == c->value, "\"%s\" gave %ju", c->text,
	    (uintmax_t)v);
	ck_assert_int_eq(a, c->anchor);
}
END_TEST

/* Offset errors quote the whole text, sign included. */
START_TEST(test_offset_errors)
{
	static const struct {
		const char	*text;
		const char	*want;
	} cases[] = {
		{ "", "\"\": not a number (empty)" },
		{ "-", "\"-\": not a number (no digits)" },
		{ "+", "\"+\": not a number (no digits)" },
		{ "+-5", "\"+-5\": not a number (a sign is not allowed here)" },
		{ "--5", "\"--5\"" },
		{ "+12q", "\"+12q\": not a number (bad character 'q' at"
		    " position 4)" },
		{ "-99999999999999999999", "too large" },
		{ "4K", "'K' at position 2" },		/* no suffix flag */
	};
	enum number_anchor	a = NUMBER_RELATIVE;
	uint64_t		v = 3;
	char			*cause;

	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		cause = NULL;
		ck_assert_msg(number_parse_offset(cases[k].text, &v, &a, 0,
		    &cause) == -1, "\"%s\" accepted", cases[k].text);
		ck_assert_msg(strstr(cause, cases[k].want) != NULL,
		    "cause '%s' lacks '%s'", cause, cases[k].want);
		free(cause);
	}
	ck_assert(v == 3);
	ck_assert_int_eq(a, NUMBER_RELATIVE);
}
END_TEST

/* Resolving an offset against a size and a current position. */
START_TEST(test_resolve)
{
	uint64_t	 v = 0;
	char		*cause = NULL;

	ck_assert_int_eq(number_resolve_offset(5, NUMBER_ABSOLUTE, 100, 34,
	    &v, &cause), 0);
	ck_assert(v == 5);
	/* Past the end is not an error: there is just nothing to show. */
	ck_assert_int_eq(number_resolve_offset(500, NUMBER_ABSOLUTE, 0, 34,
	    &v, &cause), 0);
	ck_assert(v == 500);
	ck_assert_int_eq(number_resolve_offset(5, NUMBER_RELATIVE, 100, 34,
	    &v, &cause), 0);
	ck_assert(v == 105);
	ck_assert_int_eq(number_resolve_offset(UINT64_MAX, NUMBER_RELATIVE,
	    10, 34, &v, &cause), 0);
	ck_assert(v == UINT64_MAX);
	ck_assert_int_eq(number_resolve_offset(4, NUMBER_FROM_END, 0, 34, &v,
	    &cause), 0);
	ck_assert(v == 30);
	ck_assert_int_eq(number_resolve_offset(34, NUMBER_FROM_END, 0, 34,
	    &v, &cause), 0);
	ck_assert(v == 0);
	ck_assert_int_eq(number_resolve_offset(0, NUMBER_FROM_END, 0, 34, &v,
	    &cause), 0);
	ck_assert(v == 34);
	ck_assert_ptr_null(cause);

	v = 7;
	ck_assert_int_eq(number_resolve_offset(35, NUMBER_FROM_END, 0, 34,
	    &v, &cause), -1);
	ck_assert_str_eq(cause, "offset -35 is before the start (the source"
	    " has 34 bytes)");
	ck_assert(v == 7);
	free(cause);
}
END_TEST

/* The suite: one test case per concern, tables as loop tests. */
static Suite *
number_suite(void)
{
	Suite	*s = suite_create("number");
	TCase	*tc;

	tc = timeout_tcase("valid", TIMEOUT_UNIT);
	tcase_add_loop_test(tc, test_valid, 0,
	    (int)(sizeof valid_cases / sizeof valid_cases[0]));
	suite_add_tcase(s, tc);

	tc = timeout_tcase("errors", TIMEOUT_UNIT);
	tcase_add_loop_test(tc, test_error, 0,
	    (int)(sizeof error_cases / sizeof error_cases[0]));
	suite_add_tcase(s, tc);

	tc = timeout_tcase("range", TIMEOUT_UNIT);
	tcase_add_test(tc, test_range);
	suite_add_tcase(s, tc);

	tc = timeout_tcase("offset", TIMEOUT_UNIT);
	tcase_add_loop_test(tc, test_offset, 0,
	    (int)(sizeof offset_cases / sizeof offset_cases[0]));
	tcase_add_test(tc, test_offset_errors);
	tcase_add_test(tc, test_resolve);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite in fork mode (Check's default; CK_FORK=no for valgrind). */
int
main(void)
{
	SRunner	*sr = srunner_create(number_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
