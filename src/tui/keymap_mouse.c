/* SPDX-License-Identifier: ISC */
/*
 * keymap_mouse.c - the mouse in the viewer: click, drag, wheel.
 *
 * Moved out of keymap.c unchanged (issue 15) when the key table grew
 * past the 800-line limit.  Mouse events arrive from the loop as a
 * screen cell and a button (keymap.h); like every action this returns
 * APP_* bits and never draws; no curses.
 */
#include "config.h"

#include <stdint.h>

#include "app.h"
#include "keymap.h"
#include "nav.h"
#include "row.h"
#include "select.h"

/* A mouse event at ROW/COL (button 1, 4, 5, KEYMAP_MOUSE_UP); APP_* bits. */
int
keymap_mouse(struct app *a, int row, int col, int button)
{
	unsigned	nibble;
	int		i, r;
	uint64_t	at;

	if (a->help)
		return app_help(a, false);
	if (button == 4)
		return app_nav(nav_scroll(&a->nav, -3));
	if (button == 5)
		return app_nav(nav_scroll(&a->nav, 3));
	if ((button != 1 && button != KEYMAP_MOUSE_UP) || a->too_small ||
	    row < a->body_y || row >= a->body_y + (int)a->nav.rows) {
		a->pressed = false;
		return 0;
	}
	if (col < (int)a->body_x)
		i = 0;	/* the offset column: the start of that row */
	else if ((i = row_byte_at(&a->geom, (unsigned)col - a->body_x,
	    &nibble)) < 0) {
		a->pressed = false;
		return 0;
	}
	at = a->nav.top + (uint64_t)(row - a->body_y) * a->nav.cols +
	    (unsigned)i;
	if (button == 1) {
		/* A press places the cursor and ends a selection. */
		select_end(a->select);
		r = app_manual(a, nav_goto(&a->nav, at)) | APP_REDRAW;
		a->press_at = a->nav.cursor;
		a->pressed = true;
		return r;
	}
	/* Released on another byte: a drag, which selects what it crossed. */
	if (!a->pressed)
		return 0;
	a->pressed = false;
	r = app_manual(a, nav_goto(&a->nav, at));
	if (a->nav.cursor != a->press_at) {
		select_start(a->select, a->press_at);
		r |= APP_REDRAW | app_select_sums(a, false);
	}
	return r;
}
