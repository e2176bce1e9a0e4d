/* SPDX-License-Identifier: ISC */
/*
 * draw_panel.h - the room a list panel has at the panel's place.
 */
#ifndef LIVEHEX_DRAW_PANEL_H
#define LIVEHEX_DRAW_PANEL_H

#include <stdbool.h>

struct view;

/*
 * On a LINES x COLS terminal, the rows below V's panel title (*ROWS) and
 * the columns a line may take (*WIDTH); false when there is no room for
 * a list (no row, or fewer than 8 columns), and then the panel draws
 * nothing.
 */
bool	draw_panel_area(const struct view *v, int lines, int cols, int *rows,
	    int *width);

#endif
