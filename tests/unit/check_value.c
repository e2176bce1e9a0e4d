/* SPDX-License-Identifier: ISC */
/*
 * check_value.c - typed values: names, encoding, decoding.  (Hex strings
 * and escaped text are the byte grammar's: check_bytes.c.)
 */
#include "config.h"

#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "timeout.h"
#include "value.h"

/* Encode TEXT as TYPE and compare the bytes with WANT (LEN bytes). */
static void
assert_encode(const char *type, const char *text, const char *want,
    size_t len)
{
	struct value_type	 t;
	uint8_t			 out[8];
	char			*cause = NULL, back[64];

	ck_assert_msg(value_type_parse(type, &t, &cause) == 0, "%s", cause);
	ck_assert_uint_eq(t.width, len);
	ck_assert_msg(value_encode(&t, text, out, &cause) == 0, "%s %s: %s",
	    type, text, cause);
	ck_assert_mem_eq(out, want, len);
	/* And back again, for integers (floats print their own way). */
	value_decode(&t, out, back, sizeof back);
	if (t.kind != VALUE_FLOAT && strncmp(text, "0", 1) != 0)
		ck_assert_str_eq(back, text);
}

/* Assert TEXT as TYPE is refused with a cause containing WANT. */
static void
assert_encode_error(const char *type, const char *text, const char *want)
{
	struct value_type	 t;
	uint8_t			 out[8];
	char			*cause = NULL;

	ck_assert_int_eq(value_type_parse(type, &t, NULL), 0);
	ck_assert_msg(value_encode(&t, text, out, &cause) == -1,
	    "%s %s accepted", type, text);
	ck_assert_msg(strstr(cause, want) != NULL, "\"%s\" lacks \"%s\"",
	    cause, want);
	free(cause);
}

START_TEST(type_names)
{
	struct value_type	 t;
	char			*cause = NULL;

	ck_assert_int_eq(value_type_parse("u32", &t, NULL), 0);
	ck_assert_str_eq(t.name, "u32le");
	ck_assert_int_eq(value_type_parse("F64BE", &t, NULL), 0);
	ck_assert(t.big && t.width == 8 && t.kind == VALUE_FLOAT);
	ck_assert_int_eq(value_type_parse("i8", &t, NULL), 0);
	ck_assert_int_eq(value_type_parse("u24", &t, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "unknown type"));
	free(cause);
	ck_assert_int_eq(value_type_parse("u8le", &t, NULL), -1);
	ck_assert_int_eq(value_type_parse("", &t, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "missing"));
	free(cause);
}
END_TEST

START_TEST(integers_both_endians)
{
	assert_encode("u8", "255", "\xff", 1);
	assert_encode("i8", "-1", "\xff", 1);
	assert_encode("i8", "-128", "\x80", 1);
	assert_encode("u16le", "4660", "\x34\x12", 2);
	assert_encode("u16be", "4660", "\x12\x34", 2);
	assert_encode("i16be", "-2", "\xff\xfe", 2);
	assert_encode("u32le", "0xdeadbeef", "\xef\xbe\xad\xde", 4);
	assert_encode("u32be", "1234", "\x00\x00\x04\xd2", 4);
	assert_encode("i32le", "-2147483648", "\x00\x00\x00\x80", 4);
	assert_encode("u64be", "18446744073709551615",
	    "\xff\xff\xff\xff\xff\xff\xff\xff", 8);
	assert_encode("i64le", "-9223372036854775808",
	    "\x00\x00\x00\x00\x00\x00\x00\x80", 8);
	assert_encode("u32le", "010", "\x0a\x00\x00\x00", 4);	/* decimal */
}
END_TEST

START_TEST(floats)
{
	struct value_type	t;
	uint8_t			out[8];
	char			back[64];

	assert_encode("f32le", "1.5", "\x00\x00\xc0\x3f", 4);
	assert_encode("f32be", "1.5", "\x3f\xc0\x00\x00", 4);
	assert_encode("f64be", "2.5", "\x40\x04\x00\x00\x00\x00\x00\x00", 8);
	ck_assert_int_eq(value_type_parse("f64le", &t, NULL), 0);
	ck_assert_int_eq(value_encode(&t, "-0.1", out, NULL), 0);
	value_decode(&t, out, back, sizeof back);
	ck_assert_double_eq(strtod(back, NULL), -0.1);
}
END_TEST

START_TEST(range_and_syntax_errors)
{
	assert_encode_error("u8", "256", "does not fit in u8 (0 to 255)");
	assert_encode_error("i8", "128", "-128 to 127");
	assert_encode_error("u16le", "-1", "cannot be negative");
	assert_encode_error("u64le", "18446744073709551616", "does not fit");
	assert_encode_error("u32le", "12x", "not a number");
	assert_encode_error("u32le", "", "missing");
	assert_encode_error("f32le", "1e39", "too large");
	assert_encode_error("f64le", "1e999", "too large");
	assert_encode_error("f32le", "1e999", "too large");
	assert_encode_error("u32le", " 7", "blank");
	assert_encode_error("f64le", "abc", "not a number");
}
END_TEST

/* The comma-decimal locale, its LOCPATH, or NULL and why not. */
static const char	*comma_locale, *comma_locpath, *comma_why;

/* Fail check N of comma_checks with a message; returns N. */
#define COMMA_FAIL(n, ...) \
	(fprintf(stderr, "comma locale check %d: ", (n)), \
	    fprintf(stderr, __VA_ARGS__), fputc('\n', stderr), (n))

/*
 * The checks of floats_ignore_a_comma_locale, in the current locale: 0,
 * or the number of the first that failed (said on stderr).
 */
static int
comma_checks(void)
{
	struct value_type	 t;
	uint8_t			 b[8];
	char			 text[64], *end, *cause = NULL;

	/* The locale really is in force: strtod takes "2,5" whole. */
	if (!(strtod("2,5", &end) == 2.5 && *end == '\0'))
		return COMMA_FAIL(1, "the locale does not read 2,5");
	if (value_type_parse("f64le", &t, NULL) != 0 ||
	    value_encode(&t, "2.5", b, &cause) != 0)
		return COMMA_FAIL(2, "f64le 2.5 refused: %s", cause);
	/* 2.5 is 0x4004000000000000. */
	if (memcmp(b, "\x00\x00\x00\x00\x00\x00\x04\x40", 8) != 0)
		return COMMA_FAIL(3, "f64le 2.5: wrong bytes");
	if (value_encode(&t, "2,5", b, &cause) != -1 ||
	    strstr(cause, "not a number") == NULL)
		return COMMA_FAIL(4, "f64le 2,5 accepted");
	free(cause);
	value_decode(&t, (const uint8_t *)"\x00\x00\x00\x00\x00\x00\x04\x40",
	    text, sizeof text);
	if (strcmp(text, "2.5") != 0)
		return COMMA_FAIL(5, "2.5 printed as \"%s\"", text);
	if (value_type_parse("f32be", &t, NULL) != 0 ||
	    value_encode(&t, "-0.75", b, NULL) != 0 ||
	    memcmp(b, "\xbf\x40\x00\x00", 4) != 0)
		return COMMA_FAIL(6, "f32be -0.75");
	value_decode(&t, b, text, sizeof text);
	if (strcmp(text, "-0.75") != 0)
		return COMMA_FAIL(7, "-0.75 printed as \"%s\"", text);
	/* The integers are untouched by the locale either way. */
	if (value_type_parse("i32", &t, NULL) != 0 ||
	    value_encode(&t, "-1234", b, NULL) != 0)
		return COMMA_FAIL(8, "i32 -1234");
	value_decode(&t, b, text, sizeof text);
	if (strcmp(text, "-1234") != 0)
		return COMMA_FAIL(9, "-1234 printed as \"%s\"", text);
	return 0;
}

/*
 * Under a locale whose decimal point is ',' (de_DE.UTF-8), floats are still
 * read and written with '.': "2.5" parses, "2,5" does not, and 2.5 prints
 * as "2.5".  The checks first prove the locale is in force, so the test
 * cannot pass for want of one.  They run in a child that leaves by _exit:
 * with LOCPATH set (a generated locale), glibc's setlocale leaks its path
 * list, which LSan would otherwise blame on this test.
 */
START_TEST(floats_ignore_a_comma_locale)
{
	pid_t		 pid;
	int		 status;

	if (comma_locale == NULL) {
		fprintf(stderr, "# SKIP floats_ignore_a_comma_locale: %s\n",
		    comma_why);
		return;
	}
	fflush(NULL);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		if (comma_locpath != NULL)
			setenv("LOCPATH", comma_locpath, 1);
		if (setlocale(LC_ALL, comma_locale) == NULL)
			_exit(COMMA_FAIL(100, "setlocale %s", comma_locale));
		_exit(comma_checks());
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "under %s: check %d failed (stderr says which)", comma_locale,
	    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("value");
	TCase	*tc = timeout_tcase("value", TIMEOUT_UNIT);
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, type_names);
	tcase_add_test(tc, integers_both_endians);
	tcase_add_test(tc, floats);
	tcase_add_test(tc, range_and_syntax_errors);
	/*
	 * valgrind runs this suite with CK_FORK=no and checks every child
	 * for leaks too: glibc's LOCPATH leak would count, so no search.
	 */
	if (getenv("CK_FORK") != NULL && strcmp(getenv("CK_FORK"), "no") == 0)
		comma_why = "runs only with CK_FORK=yes (valgrind's run "
		    "uses CK_FORK=no)";
	else
		comma_locale = tu_comma_locale(&comma_locpath, &comma_why);
	tcase_add_test(tc, floats_ignore_a_comma_locale);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
