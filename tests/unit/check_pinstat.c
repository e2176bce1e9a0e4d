/* SPDX-License-Identifier: ISC */
/*
 * check_pinstat.c - a pinned value's numbers (pinstat.h), on the test's
 * clock: minimum and maximum, changes in the last whole second, and the
 * sparkline in UTF-8 blocks and in the ASCII ramp.
 */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pinstat.h"
#include "testutil.h"
#include "timeout.h"

/* Min and max over every value; NaN kept out of them. */
START_TEST(min_max)
{
	struct pinstat	s;

	pinstat_init(&s);
	ck_assert(!s.have);
	pinstat_add(&s, 5, 1000);
	ck_assert(s.have);
	ck_assert(s.min == 5 && s.max == 5);
	ck_assert_uint_eq(s.changes, 0);
	pinstat_add(&s, -3, 1001);
	pinstat_add(&s, NAN, 1002);
	pinstat_add(&s, 9, 1003);
	ck_assert(s.min == -3 && s.max == 9);
	ck_assert_uint_eq(s.changes, 3);
}
END_TEST

/* The rate is the count of the last whole second, then 0. */
START_TEST(rate_by_whole_seconds)
{
	struct pinstat	s;

	pinstat_init(&s);
	pinstat_add(&s, 0, 1000);
	ck_assert_uint_eq(pinstat_rate(&s, 1500), 0);
	for (int i = 1; i <= 4; i++)
		pinstat_add(&s, i, 1000 + (uint64_t)i * 200);	/* 1200..1800 */
	ck_assert_uint_eq(pinstat_rate(&s, 1999), 0);
	ck_assert_uint_eq(pinstat_rate(&s, 2000), 4);
	ck_assert_uint_eq(pinstat_rate(&s, 2999), 4);
	/* A second with two changes, then a quiet one. */
	pinstat_add(&s, 7, 2100);
	pinstat_add(&s, 8, 2200);
	ck_assert_uint_eq(pinstat_rate(&s, 2300), 4);
	ck_assert_uint_eq(pinstat_rate(&s, 3000), 2);
	ck_assert_uint_eq(pinstat_rate(&s, 4000), 0);
	/* Late by seconds: nothing carried over. */
	pinstat_add(&s, 9, 9500);
	ck_assert_uint_eq(pinstat_rate(&s, 9600), 0);
	ck_assert_uint_eq(pinstat_rate(&s, 10000), 1);
}
END_TEST

/* UTF-8 blocks scaled between the shown values' own ends. */
START_TEST(spark_blocks)
{
	struct pinstat	s;
	char		out[128];

	pinstat_init(&s);
	for (int v = 0; v <= 7; v++)
		pinstat_add(&s, v * 10, 1000 + (uint64_t)v);
	ck_assert_uint_eq(pinstat_spark(&s, true, 40, out, sizeof out), 8);
	ck_assert_str_eq(out, "▁▂▃▄▅▆▇█");
	/* The last 3 only, rescaled to themselves. */
	ck_assert_uint_eq(pinstat_spark(&s, true, 3, out, sizeof out), 3);
	ck_assert_str_eq(out, "▁▅█");
	/* A short buffer: whole characters only, terminated. */
	ck_assert_uint_eq(pinstat_spark(&s, true, 8, out, 8), 2);
	ck_assert_str_eq(out, "▁▂");
}
END_TEST

/* The ASCII ramp; flat history at the lowest level; NaN as '?'. */
START_TEST(spark_ascii)
{
	struct pinstat	s;
	char		out[64];

	pinstat_init(&s);
	for (int v = 0; v <= 7; v++)
		pinstat_add(&s, v, 1000);
	ck_assert_uint_eq(pinstat_spark(&s, false, 8, out, sizeof out), 8);
	ck_assert_str_eq(out, "_.-:=+*#");
	pinstat_init(&s);
	pinstat_add(&s, 4, 1000);
	pinstat_add(&s, 4, 1001);
	pinstat_add(&s, NAN, 1002);
	ck_assert_uint_eq(pinstat_spark(&s, false, 8, out, sizeof out), 3);
	ck_assert_str_eq(out, "__?");
	pinstat_init(&s);
	ck_assert_uint_eq(pinstat_spark(&s, true, 8, out, sizeof out), 0);
	ck_assert_str_eq(out, "");
}
END_TEST

/* Only the last PINSTAT_HIST values are kept, oldest dropped first. */
START_TEST(history_ring)
{
	struct pinstat	s;
	char		out[4 * PINSTAT_HIST];

	pinstat_init(&s);
	pinstat_add(&s, 1000, 1);	/* dropped: would flatten the rest */
	for (int i = 0; i < PINSTAT_HIST; i++)
		pinstat_add(&s, i % 2, 2 + (uint64_t)i);
	ck_assert_uint_eq(s.n, PINSTAT_HIST);
	ck_assert_uint_eq(pinstat_spark(&s, false, PINSTAT_HIST + 10, out,
	    sizeof out), PINSTAT_HIST);
	ck_assert_int_eq(out[0], '_');
	ck_assert_int_eq(out[1], '#');
	ck_assert(s.max == 1000);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("pinstat");
	TCase	*tc = timeout_tcase("pinstat", TIMEOUT_UNIT);

	tcase_add_test(tc, min_max);
	tcase_add_test(tc, rate_by_whole_seconds);
	tcase_add_test(tc, spark_blocks);
	tcase_add_test(tc, spark_ascii);
	tcase_add_test(tc, history_ring);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
