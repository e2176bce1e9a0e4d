/* SPDX-License-Identifier: ISC */
/*
 * check_draw_panel.c - unit tests for the room of a list panel
 * (draw_panel.c): the change log's and :scan's lists.
 *
 * The function is pure (the terminal's size is an argument), so a view
 * with the panel's place filled in by hand is enough.  A table of cases,
 * each named in its failure: below the rows a panel takes the full
 * width, beside them the inspector's width unless the edge comes first,
 * a lesson's caption panel ends it early, and too little room means no
 * list at all.
 */
#include "config.h"

#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "draw_panel.h"
#include "geom.h"
#include "testutil.h"
#include "timeout.h"
#include "view.h"

/*
 * One case: the panel at PANEL, top-left X, Y, a caption panel from
 * CAP_Y with CAP_ROWS rows (0: none), on a LINES x COLS terminal; the
 * answer wanted, and the rows and width (when there is a list).
 */
struct area_case {
	const char	*what;
	enum geom_panel	 panel;
	int		 x, y, cap_y, cap_rows, lines, cols;
	bool		 ok;
	int		 rows, width;
};

static const struct area_case	cases[] = {
	/* Rows 16 to 22 under the title at 15, the status line at 23. */
	{ "below: the rows left, the full width", GEOM_PANEL_BELOW,
	  0, 15, 0, 0, 24, 80, true, 7, 80 },
	/* 50 columns to the edge, but a side panel is the inspector's. */
	{ "side: the inspector's width", GEOM_PANEL_SIDE,
	  70, 1, 0, 0, 24, 120, true, 21, GEOM_INSPECT_W - 1 },
	{ "side: the edge comes first", GEOM_PANEL_SIDE,
	  100, 1, 0, 0, 24, 120, true, 21, 20 },
	/* Lessons (issue 18): rows 2 to 17, not down to row 22. */
	{ "the caption panel ends the list", GEOM_PANEL_SIDE,
	  70, 1, 18, 5, 24, 120, true, 16, GEOM_INSPECT_W - 1 },
	{ "no row under the title: no list", GEOM_PANEL_BELOW,
	  0, 22, 0, 0, 24, 80, false, 0, 80 },
	{ "7 columns: no list", GEOM_PANEL_SIDE,
	  73, 1, 0, 0, 24, 80, false, 21, 7 },
	{ "8 columns: a list", GEOM_PANEL_SIDE,
	  72, 1, 0, 0, 24, 80, true, 21, 8 },
};

/* Case _I of the table: the answer, the rows and the width. */
START_TEST(area_of_a_panel)
{
	const struct area_case	*c = &cases[_i];
	struct view		 v;
	int			 rows = -1, width = -1;
	bool			 ok;

	memset(&v, 0, sizeof v);
	v.panel = c->panel;
	v.panel_x = c->x;
	v.panel_y = c->y;
	v.caption_y = c->cap_y;
	v.caption_rows = c->cap_rows;
	ok = draw_panel_area(&v, c->lines, c->cols, &rows, &width);
	ck_assert_msg(ok == c->ok && rows == c->rows && width == c->width,
	    "%s: %s, %d rows, %d wide; want %s, %d rows, %d wide", c->what,
	    ok ? "a list" : "none", rows, width, c->ok ? "a list" : "none",
	    c->rows, c->width);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("draw_panel");
	TCase	*tc = timeout_tcase("area", TIMEOUT_UNIT);

	tcase_add_loop_test(tc, area_of_a_panel, 0,
	    (int)(sizeof cases / sizeof cases[0]));
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
