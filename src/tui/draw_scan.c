/* SPDX-License-Identifier: ISC */
/*
 * draw_scan.c - :scan list's panel (issue 15), drawn with curses.
 *
 * The panel sits where the inspector, the fields or the change log
 * would (the view's panel place, chosen by geom.c): a title with the
 * number of candidates and how many the list holds, then one line per
 * candidate, as many as fit, the selected one kept in view.  A line's
 * text is scanview_row's (no curses); here it only gets its place and,
 * for the selection while the list has the keys, the cursor's colour.
 * Nothing here reads the file or changes state.
 */
#include "config.h"

#include <curses.h>
#include <stdint.h>

#include "draw_panel.h"
#include "draw_scan.h"
#include "scanview.h"
#include "screen.h"
#include "view.h"

/* Draw the candidate list at the panel's place. */
void
draw_scan(const struct view *v)
{
	size_t	n = scanview_rows(v->scan), sel = scanview_selected(v->scan);
	size_t	first = 0;
	int	y0 = v->panel_y + 1, rows, width;
	char	line[128];

	if (!draw_panel_area(v, LINES, COLS, &rows, &width))
		return;
	scanview_title(v->scan, line, sizeof line);
	attrset(A_BOLD);
	mvaddnstr(v->panel_y, v->panel_x, line, width);
	attrset(A_NORMAL);
	if (sel != SIZE_MAX && sel >= (size_t)rows)
		first = sel - (size_t)rows + 1;
	for (int r = 0; r < rows && first + (size_t)r < n; r++) {
		scanview_row(v->scan, first + (size_t)r, line, sizeof line);
		attrset(first + (size_t)r == sel ? screen_attr(SCREEN_CURSOR) :
		    A_NORMAL);
		mvaddnstr(y0 + r, v->panel_x, line, width);
		attrset(A_NORMAL);
	}
}
