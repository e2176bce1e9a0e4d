/* SPDX-License-Identifier: ISC */
/*
 * draw_catch.c - the view's part of issue 15: the rows of pins and of
 * frozen values under the bytes, and the bell.
 *
 * Like draw.c, it draws from a struct view (view.h) alone and changes no
 * state of the app's.  The bell is the one thing here that is not a
 * cell: the view says how many rings were asked for so far (a counter
 * the breakpoints move, brk_bells), and the frame that first shows a
 * higher count rings once.  Why a counter and not a flag: a flag would
 * have to be taken back by someone, and the view takes nothing back; a
 * frame drawn twice must not ring twice.  The count last rung is this
 * file's only state, and it belongs to the terminal, not to the app.
 */
#include "config.h"

#include <curses.h>

#include "draw_catch.h"
#include "freeze.h"
#include "pins.h"
#include "screen.h"
#include "view.h"

/*
 * The rows under the bytes: the pins (pins.h), then the frozen values
 * (freeze.h) marked "frz", as many as app_layout gave room for.
 */
void
draw_catch_pins(const struct view *v)
{
	char	row[512];
	/* Beside a panel at the side, the rows stop before it. */
	int	width = v->panel == GEOM_PANEL_SIDE ? v->panel_x - 1 : COLS;
	size_t	np = pins_count(v->pins);

	for (int i = 0; i < v->pins_rows && width > 8; i++) {
		bool	pin = (size_t)i < np;

		if (pin)
			pins_row(v->pins, (size_t)i, v->now, (size_t)width - 5,
			    row, sizeof row);
		else
			freeze_row(v->freeze, (size_t)i - np, row, sizeof row);
		move(v->pins_y + i, 0);
		hline(' ', width);
		attrset(pin ? screen_attr(SCREEN_DIM) : screen_attr(SCREEN_WARN));
		mvaddstr(v->pins_y + i, 0, pin ? "pin" : "frz");
		attrset(A_NORMAL);
		/* Within the width (pins_row cuts; a freeze row is short). */
		mvaddnstr(v->pins_y + i, 4, row, width - 4);
	}
}

/* Rings sent to the terminal so far (see above). */
static unsigned	draw_catch_rung;

/* Ring the terminal's bell when V asks for more rings than were rung. */
void
draw_catch_bell(const struct view *v)
{
	if (v->bells == draw_catch_rung)
		return;
	draw_catch_rung = v->bells;
	beep();
}
