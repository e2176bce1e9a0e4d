/* SPDX-License-Identifier: ISC */
/*
 * check_draw_panel.c - unit tests for the room of a list panel
 * (draw_panel.c): the change log's and :scan's lists.
 *
 * The function is pure (the terminal's size is an argument), so a view
 * with the panel's place filled in by hand is enough: below the rows it
 * takes the full width, beside them the inspector's width unless the
 * edge comes first, a lesson's caption panel ends it early, and too
 * little room means no list at all.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "draw_panel.h"
#include "geom.h"
#include "testutil.h"
#include "timeout.h"
#include "view.h"

/* A view whose panel is at PANEL, top-left X, Y; no caption panel. */
static struct view
panel_at(enum geom_panel panel, int x, int y)
{
	struct view	v;

	memset(&v, 0, sizeof v);
	v.panel = panel;
	v.panel_x = x;
	v.panel_y = y;
	return v;
}

/* Below the rows: every row down to the status line, the full width. */
START_TEST(below_takes_the_width_and_the_rows_left)
{
	struct view	v = panel_at(GEOM_PANEL_BELOW, 0, 15);
	int		rows = -1, width = -1;

	ck_assert(draw_panel_area(&v, 24, 80, &rows, &width));
	/* Rows 16 to 22: the title is row 15, the status line row 23. */
	ck_assert_int_eq(rows, 7);
	ck_assert_int_eq(width, 80);
}
END_TEST

/* Beside the rows: the inspector's width, or less at the edge. */
START_TEST(side_is_as_wide_as_the_inspector_or_the_edge)
{
	struct view	v = panel_at(GEOM_PANEL_SIDE, 70, 1);
	int		rows = -1, width = -1;

	ck_assert(draw_panel_area(&v, 24, 120, &rows, &width));
	ck_assert_int_eq(rows, 21);
	/* 50 columns to the edge, but a side panel is the inspector's. */
	ck_assert_int_eq(width, GEOM_INSPECT_W - 1);
	v.panel_x = 100;
	ck_assert(draw_panel_area(&v, 24, 120, &rows, &width));
	ck_assert_int_eq(width, 20);
}
END_TEST

/* A lesson's caption panel (issue 18): the list stops above it. */
START_TEST(the_caption_panel_ends_the_list)
{
	struct view	v = panel_at(GEOM_PANEL_SIDE, 70, 1);
	int		rows = -1, width = -1;

	v.caption_y = 18;
	v.caption_rows = 5;
	ck_assert(draw_panel_area(&v, 24, 120, &rows, &width));
	/* Rows 2 to 17, not down to row 22. */
	ck_assert_int_eq(rows, 16);
}
END_TEST

/* No row under the title, or under 8 columns: no list. */
START_TEST(too_little_room_is_no_list)
{
	struct view	v = panel_at(GEOM_PANEL_BELOW, 0, 22);
	int		rows = -1, width = -1;

	ck_assert(!draw_panel_area(&v, 24, 80, &rows, &width));
	ck_assert_int_eq(rows, 0);
	v = panel_at(GEOM_PANEL_SIDE, 73, 1);
	ck_assert(!draw_panel_area(&v, 24, 80, &rows, &width));
	ck_assert_int_eq(width, 7);
	v.panel_x = 72;
	ck_assert(draw_panel_area(&v, 24, 80, &rows, &width));
	ck_assert_int_eq(width, 8);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("draw_panel");
	TCase	*tc = timeout_tcase("area", TIMEOUT_UNIT);

	tcase_add_test(tc, below_takes_the_width_and_the_rows_left);
	tcase_add_test(tc, side_is_as_wide_as_the_inspector_or_the_edge);
	tcase_add_test(tc, the_caption_panel_ends_the_list);
	tcase_add_test(tc, too_little_room_is_no_list);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
