/* SPDX-License-Identifier: ISC */
/*
 * check_inspect.c - the data inspector's lines for known bytes.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "timeout.h"
#include "inspect.h"

/* The value of the line labelled LABEL. */
static const struct inspect_line *
line(const struct inspect_line *l, size_t n, const char *label)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(l[i].label, label) == 0)
			return &l[i];
	ck_abort_msg("no line %s", label);
	return NULL;
}

START_TEST(every_type_from_known_bytes)
{
	const uint8_t		b[8] = { 0x48, 0xff, 0x00, 0x80, 0x01, 0x02,
				    0x03, 0xc0 };
	struct inspect_line	l[INSPECT_LINES];
	size_t			n = inspect_lines(0x10, b, 8, NULL, l);

	ck_assert_uint_eq(n, 21);
	ck_assert_str_eq(line(l, n, "offset")->value, "0x10 16");
	ck_assert_str_eq(line(l, n, "bin")->value, "01001000");
	ck_assert_str_eq(line(l, n, "u8")->value, "72");
	ck_assert_str_eq(line(l, n, "i8")->value, "72");
	ck_assert_str_eq(line(l, n, "u16le")->value, "65352");
	ck_assert_str_eq(line(l, n, "u16be")->value, "18687");
	ck_assert_str_eq(line(l, n, "i16le")->value, "-184");
	ck_assert_str_eq(line(l, n, "i16be")->value, "18687");
	ck_assert_str_eq(line(l, n, "u32le")->value, "2147549000");
	ck_assert_str_eq(line(l, n, "i32le")->value, "-2147418296");
	ck_assert_str_eq(line(l, n, "u32be")->value, "1224671360");
	ck_assert_str_eq(line(l, n, "u64be")->value, "5259923439564751808");
	ck_assert_str_eq(line(l, n, "i64le")->value, "-4610839388031484088");
	ck_assert_str_eq(line(l, n, "char")->value, "'H' (ASCII)");
	ck_assert(line(l, n, "f64le")->available);
}
END_TEST

START_TEST(floats)
{
	const uint8_t		b[8] = { 0x00, 0x00, 0xc0, 0x3f, 0, 0, 0, 0 };
	const uint8_t		d[8] = { 0x40, 0x04, 0, 0, 0, 0, 0, 0 };
	struct inspect_line	l[INSPECT_LINES];
	size_t			n = inspect_lines(0, b, 8, NULL, l);

	ck_assert_str_eq(line(l, n, "f32le")->value, "1.5");
	n = inspect_lines(0, d, 8, NULL, l);
	ck_assert_str_eq(line(l, n, "f64be")->value, "2.5");
}
END_TEST

START_TEST(short_reads_are_unavailable)
{
	const uint8_t		b[3] = { 1, 2, 3 };
	struct inspect_line	l[INSPECT_LINES];
	size_t			n = inspect_lines(100, b, 3, NULL, l);

	ck_assert(line(l, n, "u16le")->available);
	ck_assert_str_eq(line(l, n, "u16le")->value, "513");
	ck_assert(!line(l, n, "u32le")->available);
	ck_assert_str_eq(line(l, n, "u32le")->value, "unavailable");
	ck_assert_str_eq(line(l, n, "f64be")->value, "unavailable");
	n = inspect_lines(100, b, 0, NULL, l);
	ck_assert_str_eq(line(l, n, "u8")->value, "unavailable");
	ck_assert_str_eq(line(l, n, "bin")->value, "unavailable");
	ck_assert_str_eq(line(l, n, "char")->value, "unavailable");
}
END_TEST

START_TEST(unstable_marks_only_values_covering_it)
{
	const uint8_t		b[8] = { 0 };
	const bool		u[8] = { false, false, true, false, false,
				    false, false, false };
	struct inspect_line	l[INSPECT_LINES];
	size_t			n = inspect_lines(0, b, 8, u, l);

	ck_assert(!line(l, n, "u8")->unstable);
	ck_assert(!line(l, n, "u16le")->unstable);
	ck_assert(line(l, n, "u32le")->unstable);
	ck_assert(line(l, n, "f64be")->unstable);
	ck_assert(!line(l, n, "char")->unstable);
}
END_TEST

START_TEST(characters)
{
	struct inspect_line	l[INSPECT_LINES];
	size_t			n;

	n = inspect_lines(0, (const uint8_t *)"\xc3\xa9xx", 4, NULL, l);
	ck_assert_str_eq(line(l, n, "char")->value, "'\xc3\xa9' U+00E9 (UTF-8)");
	n = inspect_lines(0, (const uint8_t *)"\x1b[31m", 5, NULL, l);
	ck_assert_str_eq(line(l, n, "char")->value, "control 0x1b");
	n = inspect_lines(0, (const uint8_t *)"\xc2\x9b", 2, NULL, l);
	ck_assert_str_eq(line(l, n, "char")->value, "U+009B (control)");
	n = inspect_lines(0, (const uint8_t *)"\xe2\x82", 2, NULL, l);
	ck_assert_str_eq(line(l, n, "char")->value, "not UTF-8 (0xe2)");
	n = inspect_lines(0, (const uint8_t *)"\xed\xa0\x80", 3, NULL, l);
	ck_assert_str_eq(line(l, n, "char")->value, "not UTF-8 (0xed)");
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("inspect");
	TCase	*tc = timeout_tcase("inspect", TIMEOUT_UNIT);
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, every_type_from_known_bytes);
	tcase_add_test(tc, floats);
	tcase_add_test(tc, short_reads_are_unavailable);
	tcase_add_test(tc, unstable_marks_only_values_covering_it);
	tcase_add_test(tc, characters);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
