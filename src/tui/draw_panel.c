/* SPDX-License-Identifier: ISC */
/*
 * draw_panel.c - the room a list panel (the change log, :scan's list)
 * has at the view's panel place.
 *
 * The panel's place comes from geom.c; the room under its title line
 * also depends on the terminal's size, so it is worked out here, once
 * for every list panel: down to the status line, or to the caption
 * panel when a lesson shows one (issue 18); as wide as the inspector
 * beside the rows, else to the right edge, and never past it.  Pure: the
 * terminal's size comes in (the drawing side passes curses' LINES and
 * COLS), so tests/unit/check_draw_panel checks it without a terminal.
 */
#include "config.h"

#include "draw_panel.h"
#include "geom.h"
#include "view.h"

/* Rows under V's panel title and columns a line may take; false: no room. */
bool
draw_panel_area(const struct view *v, int lines, int cols, int *rows,
    int *width)
{
	int	y0 = v->panel_y + 1;

	*rows = lines - 1 - y0;
	/* lessons (issue 18): stop above the caption panel. */
	if (v->caption_rows > 0)
		*rows = v->caption_y - y0;
	*width = v->panel == GEOM_PANEL_SIDE ? GEOM_INSPECT_W - 1 :
	    cols - v->panel_x;
	if (*width > cols - v->panel_x)
		*width = cols - v->panel_x;
	return *rows >= 1 && *width >= 8;
}
