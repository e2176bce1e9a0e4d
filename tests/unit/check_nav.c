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

/* Assert the view does not run past the last row further than it must. */
static void
assert_not_mostly_empty(const struct nav *n)
{
	uint64_t	last_row = (n->size == 0 ? 0 : n->size - 1) / n->cols;
	uint64_t	rows_shown = last_row - n->top / n->cols + 1;

	ck_assert(rows_shown >= n->rows || n->top == 0);
}

/* Assert the cursor's row is in the middle third of the screen. */
static void
assert_middle_third(const struct nav *n)
{
	uint64_t	r = n->cursor / n->cols - n->top / n->cols;

	ck_assert_uint_ge(r, n->rows / 3);
	ck_assert_uint_lt(r, n->rows - n->rows / 3);
}

START_TEST(jump_puts_target_in_the_middle)
{
	struct nav	n;
	uint64_t	top;

	nav_init(&n, 1 << 20, 16, 21);
	/* Far below: the target row lands mid-screen, 10 rows of context. */
	ck_assert_int_eq(nav_jump(&n, 0x80000), NAV_CURSOR | NAV_SCROLL);
	ck_assert_uint_eq(n.cursor, 0x80000);
	ck_assert_uint_eq(n.top, 0x80000 - 10 * 16);
	assert_middle_third(&n);
	/* Already in the middle third: the view stays. */
	top = n.top;
	ck_assert_int_eq(nav_jump(&n, 0x80000 + 3 * 16 + 5), NAV_CURSOR);
	ck_assert_uint_eq(n.top, top);
	/* On screen but on its bottom row: centred too. */
	nav_jump(&n, top + 20 * 16);
	assert_middle_third(&n);
	/* Far above: the same from the other side. */
	nav_jump(&n, 0x1000);
	ck_assert_uint_eq(n.top, 0x1000 - 10 * 16);
	/* Near the start: the first row stays at the top. */
	nav_jump(&n, 0x30);
	ck_assert_uint_eq(n.top, 0);
	/* Near the end: the last screenful, not a half-empty screen. */
	nav_jump(&n, UINT64_MAX);
	ck_assert_uint_eq(n.cursor, (1 << 20) - 1);
	ck_assert_uint_eq(n.top, (1 << 20) - 21 * 16);
	assert_invariants(&n);
}
END_TEST

START_TEST(goto_keeps_the_end_near_the_bottom)
{
	struct nav	n;

	/* Follow mode goes to the end with nav_goto: the last row at the bottom. */
	nav_init(&n, 1000, 16, 10);
	nav_goto(&n, 999);
	ck_assert_uint_eq(n.top, (999 / 16 - 9) * 16);
	nav_set_size(&n, 1200);
	nav_goto(&n, 1199);
	ck_assert_uint_eq(n.top, (1199 / 16 - 9) * 16);
}
END_TEST

START_TEST(shrink_and_taller_screen_reclamp)
{
	struct nav	n;

	nav_init(&n, 1 << 20, 16, 21);
	nav_goto(&n, (1 << 20) - 1);
	/* The file shrinks to 1000 bytes: a full screen of its end shows. */
	nav_set_size(&n, 1000);
	ck_assert_uint_eq(n.cursor, 999);
	ck_assert_uint_eq(n.top, (999 / 16 - 20) * 16);
	assert_not_mostly_empty(&n);
	assert_invariants(&n);
	/* Smaller than the screen: from the start. */
	nav_set_size(&n, 100);
	ck_assert_uint_eq(n.top, 0);
	/* A taller terminal pulls the view up rather than show nothing. */
	nav_set_size(&n, 1000);
	nav_goto(&n, 999);
	nav_set_geometry(&n, 16, 40);
	ck_assert_uint_eq(n.top, (999 / 16 - 39) * 16);
	assert_not_mostly_empty(&n);
	assert_invariants(&n);
	/* A view in the middle is left where it is. */
	nav_set_size(&n, 1 << 20);
	nav_jump(&n, 0x8000);
	nav_set_size(&n, 1 << 19);
	ck_assert_uint_eq(n.top, 0x8000 - 19 * 16);
}
END_TEST

START_TEST(random_jumps_and_shrinks)
{
	struct nav	n;

	srand(12);
	for (int g = 0; g < 200; g++) {
		nav_init(&n, (uint64_t)(rand() % 100000), 1 + (unsigned)(rand()
		    % 32), 1 + (unsigned)(rand() % 50));
		for (int i = 0; i < 200; i++) {
			if (rand() % 3 == 0) {
				nav_set_size(&n, (uint64_t)(rand() % 100000));
				assert_not_mostly_empty(&n);
			} else {
				nav_jump(&n, (uint64_t)(rand() % 110000));
				assert_not_mostly_empty(&n);
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
	/* Issue 12: jumps with context, views that re-clamp. */
	tc = timeout_tcase("jump", TIMEOUT_UNIT);
	tcase_add_test(tc, jump_puts_target_in_the_middle);
	tcase_add_test(tc, goto_keeps_the_end_near_the_bottom);
	tcase_add_test(tc, shrink_and_taller_screen_reclamp);
	tcase_add_test(tc, random_jumps_and_shrinks);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
