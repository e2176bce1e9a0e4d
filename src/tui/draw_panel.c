/* SPDX-License-Identifier: ISC */
/*
 * draw_panel.c - the room a list panel (the change log, :scan's list)
 * has at the view's panel place, on the terminal curses knows.
 *
 * The panel's place comes from geom.c (pure, no terminal); the room
 * under its title line depends on the terminal's LINES and COLS too, so
 * it is worked out here, once for every list panel: down to the status
 * line, or to the caption panel when a lesson shows one (issue 18); as
 * wide as the inspector beside the rows, else to the right edge, and
 * never past it.  It only reads the view and draws nothing.
 */
#include "config.h"

#include <curses.h>

#include "draw_panel.h"
#include "geom.h"
#include "view.h"

/* Rows under V's panel title and columns a line may take; false: no room. */
bool
draw_panel_area(const struct view *v, int *rows, int *width)
{
	int	y0 = v->panel_y + 1;

	*rows = LINES - 1 - y0;
	/* lessons (issue 18): stop above the caption panel. */
	if (v->caption_rows > 0)
		*rows = v->caption_y - y0;
	*width = v->panel == GEOM_PANEL_SIDE ? GEOM_INSPECT_W - 1 :
	    COLS - v->panel_x;
	if (*width > COLS - v->panel_x)
		*width = COLS - v->panel_x;
	return *rows >= 1 && *width >= 8;
}
