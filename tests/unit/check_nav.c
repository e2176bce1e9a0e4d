/* SPDX-License-Identifier: ISC */
/*
 * check_nav.c - unit tests for the navigation model.
 *
 * Besides the behaviour of each move, a randomised test applies thousands
 * of random moves to random geometries and checks the invariants of nav.h
 * after every one.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>

#include "timeout.h"
#include "nav.h"

/* Assert the invariants listed in nav.h. */
static void
assert_invariants(const struct nav *n)
{
	ck_assert_uint_ge(n->cols, 1);
	ck_assert_uint_ge(n->rows, 1);
	ck_assert_uint_eq(n->top % n->cols, 0);
	if (n->size == 0) {
		ck_assert_uint_eq(n->cursor, 0);
		ck_assert_uint_eq(n->top, 0);
	} else {
		ck_assert_uint_lt(n->cursor, n->size);
		ck_assert_uint_le(n->top, n->cursor);
		ck_assert_uint_lt(n->cursor - n->top,
		    (uint64_t)n->cols * n->rows);
	}
}

START_TEST(moves_within_a_row_and_across)
{
	struct nav	n;

	nav_init(&n, 1000, 16, 10);
	ck_assert_int_eq(nav_move(&n, -1), NAV_CLAMPED);
	ck_assert_int_eq(nav_move(&n, 1), NAV_CURSOR);
	ck_assert_uint_eq(n.cursor, 1);
	ck_assert_int_eq(nav_move(&n, 15), NAV_CURSOR);
	ck_assert_uint_eq(n.cursor, 16);
	nav_move_rows(&n, 2);
	ck_assert_uint_eq(n.cursor, 48);
	nav_move_rows(&n, -1);
	ck_assert_uint_eq(n.cursor, 32);
	nav_row_edge(&n, 1);
	ck_assert_uint_eq(n.cursor, 47);
	nav_row_edge(&n, 0);
	ck_assert_uint_eq(n.cursor, 32);
	assert_invariants(&n);
}
END_TEST

START_TEST(up_on_first_row_stays)
{
	struct nav	n;

	nav_init(&n, 1000, 16, 10);
	nav_goto(&n, 5);
	ck_assert_int_eq(nav_move_rows(&n, -1), NAV_CLAMPED);
	ck_assert_uint_eq(n.cursor, 5);
}
END_TEST

START_TEST(down_on_last_row_stays)
{
	struct nav	n;

	nav_init(&n, 100, 16, 10);	/* last row: 96..99 */
	nav_goto(&n, 97);
	ck_assert_int_eq(nav_move_rows(&n, 1), NAV_CLAMPED);
	ck_assert_uint_eq(n.cursor, 97);
	/* From the row above, into a short last row: clamps to the end. */
	nav_goto(&n, 86);
	nav_move_rows(&n, 1);
	ck_assert_uint_eq(n.cursor, 99);
}
END_TEST

START_TEST(scrolling_follows_the_cursor)
{
	struct nav	n;
	int		bits;

	nav_init(&n, 10000, 16, 4);	/* 64 bytes a screen */
	bits = nav_move_rows(&n, 4);
	ck_assert_int_eq(bits, NAV_CURSOR | NAV_SCROLL);
	ck_assert_uint_eq(n.cursor, 64);
	ck_assert_uint_eq(n.top, 16);
	nav_page(&n, 1);
	ck_assert_uint_eq(n.cursor, 128);
	ck_assert_uint_eq(n.top, 80);
	nav_page(&n, -10);
	ck_assert_uint_eq(n.cursor, 0);
	ck_assert_uint_eq(n.top, 0);
	nav_goto(&n, UINT64_MAX);
	ck_assert_uint_eq(n.cursor, 9999);
	ck_assert_uint_eq(n.top, 9999 - 9999 % 16 - 48);
	assert_invariants(&n);
}
END_TEST

START_TEST(wheel_scroll_drags_cursor)
{
	struct nav	n;

	nav_init(&n, 10000, 16, 4);
	nav_goto(&n, 3);
	ck_assert_int_eq(nav_scroll(&n, 2), NAV_CURSOR | NAV_SCROLL);
	ck_assert_uint_eq(n.top, 32);
	ck_assert_uint_eq(n.cursor, 35);
	nav_scroll(&n, -1);
	ck_assert_uint_eq(n.top, 16);
	ck_assert_uint_eq(n.cursor, 35);	/* still in view: stays */
}
END_TEST

START_TEST(size_changes_clamp)
{
	struct nav	n;

	nav_init(&n, 10000, 16, 4);
	nav_goto(&n, 9000);
	ck_assert(nav_set_size(&n, 100) & NAV_CURSOR);
	ck_assert_uint_eq(n.cursor, 99);
	nav_set_size(&n, 0);
	ck_assert_uint_eq(n.cursor, 0);
	ck_assert_uint_eq(n.top, 0);
	assert_invariants(&n);
	nav_set_size(&n, 50);
	assert_invariants(&n);
}
END_TEST

START_TEST(geometry_change_keeps_cursor)
{
	struct nav	n;

	nav_init(&n, 100000, 16, 10);
	nav_goto(&n, 5000);
	ck_assert(nav_set_geometry(&n, 8, 3) & NAV_SCROLL);
	ck_assert_uint_eq(n.cursor, 5000);
	assert_invariants(&n);
}
END_TEST

START_TEST(huge_deltas_do_not_overflow)
{
	struct nav	n;

	nav_init(&n, UINT64_MAX, 256, 100);
	nav_move(&n, INT64_MAX);
	ck_assert_uint_eq(n.cursor, (uint64_t)INT64_MAX);
	ck_assert_int_eq(nav_move(&n, INT64_MAX) & NAV_CLAMPED, 0);
	ck_assert_uint_eq(n.cursor, UINT64_MAX - 1);
	ck_assert_int_eq(nav_move(&n, 1), NAV_CLAMPED);
	nav_move_rows(&n, INT64_MIN);
	ck_assert_uint_lt(n.cursor, 256);
	nav_page(&n, INT64_MAX);
	assert_invariants(&n);
	nav_page(&n, INT64_MIN);
	ck_assert_uint_lt(n.cursor, 256);
	assert_invariants(&n);
}
END_TEST

START_TEST(random_moves_keep_invariants)
{
	struct nav	n;

	srand(42);
	for (int round = 0; round < 200; round++) {
		uint64_t	size = (uint64_t)(rand() % 3 == 0 ? 0 :
				    rand() % 5000);

		nav_init(&n, size, 1 + (unsigned)(rand() % 64),
		    1 + (unsigned)(rand() % 40));
		for (int i = 0; i < 200; i++) {
			int64_t	d = rand() % 200 - 100;

			switch (rand() % 8) {
			case 0: nav_move(&n, d); break;
			case 1: nav_move_rows(&n, d / 10); break;
			case 2: nav_page(&n, d / 30); break;
			case 3: nav_scroll(&n, d / 10); break;
			case 4: nav_goto(&n, (uint64_t)rand()); break;
			case 5: nav_row_edge(&n, rand() % 2); break;
			case 6: nav_set_size(&n, (uint64_t)(rand() % 5000));
				break;
			default:
				nav_set_geometry(&n, 1 + (unsigned)(rand() %
				    64), 1 + (unsigned)(rand() % 40));
			}
			assert_invariants(&n);
		}
	}
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("nav");
	TCase	*tc = timeout_tcase("nav", TIMEOUT_UNIT);
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, moves_within_a_row_and_across);
	tcase_add_test(tc, up_on_first_row_stays);
	tcase_add_test(tc, down_on_last_row_stays);
	tcase_add_test(tc, scrolling_follows_the_cursor);
	tcase_add_test(tc, wheel_scroll_drags_cursor);
	tcase_add_test(tc, size_changes_clamp);
	tcase_add_test(tc, geometry_change_keeps_cursor);
	tcase_add_test(tc, huge_deltas_do_not_overflow);
	tcase_add_test(tc, random_moves_keep_invariants);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
