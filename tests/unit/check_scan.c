/* SPDX-License-Identifier: ISC */
/*
 * check_scan.c - the scan engine (scan.h): narrowing to the one offset
 * the test increments, every step kind, signed and float comparisons,
 * budgets and progress, cancel (of a first step too), an integer ==
 * first step that keeps no values, the switch from bitmap to list, a
 * file that shrinks, and the errors.  check_scan_kern.c checks every
 * type and predicate against a reference.
 *
 * The test is the writer: it changes the file with pwrite between steps
 * and reads it through a door, as the viewer will.  The file is 3 MiB and
 * a bit, so a bitmap step crosses SCAN_PIECE (1 MiB) pieces.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "door.h"
#include "scan.h"
#include "testutil.h"
#include "timeout.h"
#include "value.h"

#define FSIZE	(3 * 1024 * 1024 + 12)

/* A test file: zeros but for a few values; its open door and fd. */
struct fixture {
	char		*path;
	struct door	*d;
	int		 fd;
};

/* Make the file and open it. */
static void
fx_open(struct fixture *fx)
{
	char	*zero = calloc(1, FSIZE), *cause = NULL;

	fx->path = tu_file("scan", zero, FSIZE);
	free(zero);
	fx->d = door_open(fx->path, DOOR_RDONLY, &cause);
	ck_assert_msg(fx->d != NULL, "%s", cause);
	fx->fd = open(fx->path, O_RDWR);
	ck_assert_int_ne(fx->fd, -1);
}

/* Close and remove. */
static void
fx_close(struct fixture *fx)
{
	door_close(fx->d);
	close(fx->fd);
	unlink(fx->path);
	free(fx->path);
}

/* Store the u32 V (little endian) at OFF with pwrite. */
static void
put32(struct fixture *fx, off_t off, uint32_t v)
{
	uint8_t	b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff,
		    v >> 24 };

	ck_assert_int_eq(pwrite(fx->fd, b, 4, off), 4);
}

/* A scan of TYPE over the whole file. */
static struct scan *
new_scan(const char *type)
{
	struct value_type	 t;
	struct scan		*s;
	char			*cause = NULL;

	ck_assert_int_eq(value_type_parse(type, &t, NULL), 0);
	s = scan_new(&t, 0, FSIZE, &cause);
	ck_assert_msg(s != NULL, "%s", cause);
	return s;
}

/* One whole step OP V in budgets of BUDGET bytes; progress must grow. */
static void
step(struct scan *s, struct fixture *fx, enum scan_op op, const char *v,
    uint64_t budget)
{
	uint64_t	 done, total, last = 0;
	char		*cause = NULL;
	int		 rc;

	ck_assert_msg(scan_begin(s, op, v, &cause) == 0, "%s", cause);
	do {
		rc = scan_run(s, fx->d, budget, &cause);
		ck_assert_msg(rc != -1, "%s", cause);
		scan_progress(s, &done, &total);
		ck_assert_uint_le(done, total);
		/* Once done, the units may be the list's: compare before. */
		if (rc == 0)
			ck_assert_uint_gt(done, last);
		last = done;
	} while (rc == 0);
	scan_progress(s, &done, &total);
	ck_assert_uint_eq(done, total);
}

START_TEST(narrows_to_the_incremented_offset)
{
	struct fixture	fx;
	struct scan	*s;
	uint64_t	off[4];

	fx_open(&fx);
	s = new_scan("u32");
	ck_assert_uint_eq(scan_count(s), FSIZE / 4);
	step(s, &fx, SCAN_ANY, NULL, UINT64_MAX);
	ck_assert_uint_eq(scan_count(s), FSIZE / 4);
	ck_assert(scan_is_bitmap(s));
	/* The writer counts at 0x200004; another value goes up too. */
	put32(&fx, 0x200004, 1);
	put32(&fx, 0x40, 9);
	step(s, &fx, SCAN_INCREASED, NULL, UINT64_MAX);
	ck_assert_uint_eq(scan_count(s), 2);
	ck_assert(!scan_is_bitmap(s));	/* a list from here on */
	put32(&fx, 0x200004, 2);	/* 0x40 stays 9 */
	step(s, &fx, SCAN_CHANGED, NULL, 4);
	ck_assert_uint_eq(scan_count(s), 1);
	ck_assert_uint_eq(scan_list(s, 0, off, NULL, 4), 1);
	ck_assert_uint_eq(off[0], 0x200004);
	step(s, &fx, SCAN_UNCHANGED, NULL, 4);
	ck_assert_uint_eq(scan_count(s), 1);
	step(s, &fx, SCAN_EQ, "2", 4);
	ck_assert_uint_eq(scan_count(s), 1);
	step(s, &fx, SCAN_NE, "2", 4);
	ck_assert_uint_eq(scan_count(s), 0);
	ck_assert_uint_eq(scan_steps(s), 6);
	scan_free(s);
	fx_close(&fx);
}
END_TEST

START_TEST(first_step_filters_and_budgets_resume)
{
	struct fixture	 fx;
	struct scan	*s;
	uint64_t	 off[8];
	uint8_t		 vals[8][8];

	fx_open(&fx);
	put32(&fx, 8, 5);
	put32(&fx, 0x100000, 5);	/* on a piece boundary */
	put32(&fx, FSIZE - 12, 5);
	put32(&fx, 12, 6);
	s = new_scan("u32le");
	/* Small budgets: many resumes, across pieces. */
	step(s, &fx, SCAN_EQ, "5", 4096 * 7 + 4);
	ck_assert_uint_eq(scan_count(s), 3);
	ck_assert_uint_eq(scan_list(s, 9, off, vals, 8), 2);
	ck_assert_uint_eq(off[0], 0x100000);
	ck_assert_uint_eq(off[1], FSIZE - 12);
	ck_assert_int_eq(vals[0][0], 5);
	/* DECREASED: only the one that went down. */
	put32(&fx, 8, 4);
	put32(&fx, 0x100000, 7);
	step(s, &fx, SCAN_DECREASED, NULL, 1);
	ck_assert_uint_eq(scan_list(s, 0, off, NULL, 8), 1);
	ck_assert_uint_eq(off[0], 8);
	scan_free(s);
	fx_close(&fx);
}
END_TEST

START_TEST(signed_and_float_comparisons)
{
	struct fixture	 fx;
	struct scan	*s;
	uint64_t	 off[4];
	float		 f = -2.5f;

	fx_open(&fx);
	put32(&fx, 16, 0xffffffff);	/* i32 -1, u32 4294967295 */
	s = new_scan("i32");
	step(s, &fx, SCAN_LT, "0", UINT64_MAX);
	ck_assert_uint_eq(scan_list(s, 0, off, NULL, 4), 1);
	ck_assert_uint_eq(off[0], 16);
	scan_free(s);
	s = new_scan("u32");
	step(s, &fx, SCAN_GT, "4294967294", UINT64_MAX);
	ck_assert_uint_eq(scan_count(s), 1);
	scan_free(s);
	ck_assert_int_eq(pwrite(fx.fd, &f, 4, 32), 4);
	s = new_scan("f32");
	step(s, &fx, SCAN_LT, "-1", UINT64_MAX);
	ck_assert_uint_eq(scan_list(s, 0, off, NULL, 4), 1);
	ck_assert_uint_eq(off[0], 32);
	scan_free(s);
	/* Floats are equal as numbers, not as bytes: -0 == 0. */
	f = -0.0f;
	ck_assert_int_eq(pwrite(fx.fd, &f, 4, 48), 4);
	s = new_scan("f32");
	step(s, &fx, SCAN_EQ, "0", UINT64_MAX);
	/* All but the NaN at 16 (0xffffffff) and -2.5 at 32. */
	ck_assert_uint_eq(scan_count(s), FSIZE / 4 - 2);
	scan_free(s);
	fx_close(&fx);
}
END_TEST

START_TEST(cancel_keeps_what_was_not_reached)
{
	struct fixture	 fx;
	struct scan	*s;
	char		*cause = NULL;

	fx_open(&fx);
	s = new_scan("u32");
	step(s, &fx, SCAN_ANY, NULL, UINT64_MAX);
	ck_assert_int_eq(scan_begin(s, SCAN_CHANGED, NULL, &cause), 0);
	/* A step is running: another cannot start. */
	ck_assert_int_eq(scan_begin(s, SCAN_ANY, NULL, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "still running"));
	free(cause);
	ck_assert_int_eq(scan_run(s, fx.d, 4096, &cause), 0);
	scan_cancel(s);
	/* The first 4096 bytes were judged (nothing changed): the rest stay. */
	ck_assert_uint_eq(scan_count(s), (FSIZE - 4096) / 4);
	ck_assert_uint_eq(scan_steps(s), 2);
	scan_free(s);
	fx_close(&fx);
}
END_TEST

START_TEST(cancelled_first_step_drops_the_rest)
{
	struct fixture	 fx;
	struct scan	*s;
	char		*cause = NULL;
	uint64_t	 off[4];
	uint8_t		 vals[4][8];

	fx_open(&fx);
	put32(&fx, 0x100, 7);
	put32(&fx, 0x200000, 7);	/* never reached */
	s = new_scan("u32");
	ck_assert_int_eq(scan_begin(s, SCAN_EQ, "7", &cause), 0);
	ck_assert_int_eq(scan_run(s, fx.d, 4096, &cause), 0);
	scan_cancel(s);
	/* Slots never read have no value to compare with: not kept. */
	ck_assert_uint_eq(scan_count(s), 1);
	ck_assert_uint_eq(scan_list(s, 0, off, vals, 4), 1);
	ck_assert_uint_eq(off[0], 0x100);
	ck_assert_int_eq(vals[0][0], 7);
	scan_free(s);
	/* The same for a record step: the rest has no value. */
	s = new_scan("u32");
	ck_assert_int_eq(scan_begin(s, SCAN_ANY, NULL, &cause), 0);
	ck_assert_int_eq(scan_run(s, fx.d, 4096, &cause), 0);
	scan_cancel(s);
	ck_assert_uint_eq(scan_count(s), 4096 / 4);
	scan_free(s);
	fx_close(&fx);
}
END_TEST

START_TEST(equal_first_step_then_compare)
{
	struct fixture	 fx;
	struct scan	*s;
	uint64_t	 off[4];
	uint8_t		 vals[4][8];
	unsigned char	*sevens = malloc(FSIZE);

	fx_open(&fx);
	memset(sevens, 7, FSIZE);
	ck_assert_int_eq(pwrite(fx.fd, sevens, FSIZE, 0), FSIZE);
	free(sevens);
	/* Every u32 is 0x07070707: all stay, the bitmap form, and an
	   integer == keeps no copy of the values (they are all V). */
	s = new_scan("u32");
	step(s, &fx, SCAN_EQ, "0x07070707", 1 << 20);
	ck_assert_uint_eq(scan_count(s), FSIZE / 4);
	ck_assert(scan_is_bitmap(s));
	ck_assert_uint_eq(scan_list(s, 0x1000, off, vals, 1), 1);
	ck_assert_uint_eq(off[0], 0x1000);
	ck_assert_int_eq(memcmp(vals[0], "\7\7\7\7\0\0\0\0", 8), 0);
	/* The next step compares with V: one went down, one went up. */
	put32(&fx, 0x40, 0x07070706);
	put32(&fx, 0x300000, 0x07070708);
	step(s, &fx, SCAN_DECREASED, NULL, 1 << 20);
	ck_assert_uint_eq(scan_list(s, 0, off, vals, 4), 1);
	ck_assert_uint_eq(off[0], 0x40);
	ck_assert_int_eq(vals[0][0], 6);
	scan_free(s);
	fx_close(&fx);
}
END_TEST

START_TEST(shrink_drops_candidates)
{
	struct fixture	 fx;
	struct scan	*s;
	char		*cause = NULL;

	fx_open(&fx);
	s = new_scan("u64");
	step(s, &fx, SCAN_ANY, NULL, UINT64_MAX);
	ck_assert_int_eq(ftruncate(fx.fd, 1000), 0);
	ck_assert_int_ne(door_refresh(fx.d, &cause), -1);
	step(s, &fx, SCAN_UNCHANGED, NULL, UINT64_MAX);
	ck_assert_uint_eq(scan_count(s), 1000 / 8);
	scan_free(s);
	fx_close(&fx);
}
END_TEST

START_TEST(errors)
{
	struct value_type	 t;
	struct scan		*s;
	char			*cause = NULL;

	ck_assert_int_eq(value_type_parse("u32", &t, NULL), 0);
	ck_assert_ptr_null(scan_new(&t, 1, 6, &cause));
	ck_assert_str_eq(cause, "no u32le fits in 6 bytes from offset 0x1 "
	    "(each is 4 bytes, at a multiple of 4)");
	free(cause);
	s = scan_new(&t, 1, 7, &cause);		/* the one at 4 */
	ck_assert_uint_eq(scan_count(s), 1);
	ck_assert_int_eq(scan_begin(s, SCAN_INCREASED, NULL, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "there is none yet"));
	free(cause);
	ck_assert_int_eq(scan_begin(s, SCAN_EQ, "zz", &cause), -1);
	free(cause);
	ck_assert_int_eq(scan_begin(s, SCAN_EQ, NULL, &cause), -1);
	ck_assert_str_eq(cause, "this scan needs a value to compare with");
	free(cause);
	scan_free(s);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("scan");
	TCase	*tc = timeout_tcase("scan", TIMEOUT_UNIT);
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, narrows_to_the_incremented_offset);
	tcase_add_test(tc, first_step_filters_and_budgets_resume);
	tcase_add_test(tc, signed_and_float_comparisons);
	tcase_add_test(tc, cancel_keeps_what_was_not_reached);
	tcase_add_test(tc, cancelled_first_step_drops_the_rest);
	tcase_add_test(tc, equal_first_step_then_compare);
	tcase_add_test(tc, shrink_drops_candidates);
	tcase_add_test(tc, errors);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
