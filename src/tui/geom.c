/* SPDX-License-Identifier: ISC */
/*
 * geom.c - the viewer's geometry: terminal size and options in, places out.
 *
 * From the top: the header (row 0), a banner line when there is one and
 * the terminal has six rows, the rows of bytes, the status line.  A row
 * is the offset (8 to 16 hex digits), a blank, a column for a mark's
 * letter, a blank, the hex and the ASCII panes, a blank and the one-column
 * change strip.  Bytes per row fill the width in multiples of 8 (4 when
 * narrow) unless -c fixes them.  The panel goes beside the rows when 16
 * bytes a row still fit next to it, else below them when the rows keep
 * four lines, else nowhere.  A lesson's caption panel (issue 18) takes
 * up to 11 rows above the status line, when the terminal has 14 rows or
 * more.  Pure: the same input gives the same output.
 */
#include "config.h"

#include <stdlib.h>

#include "caption.h"
#include "geom.h"

/* Hex digits needed to show every offset of a SIZE-byte source (min 8). */
unsigned
geom_off_digits(uint64_t size)
{
	unsigned	n = 8;

	while (n < 16 && size > 0 && ((size - 1) >> (4 * n)) != 0)
		n++;
	return n;
}

/* Bytes per row that fit WIDTH columns after BODY_X (multiples of 8, or 4). */
static unsigned
geom_fit_cols(unsigned body_x, int width)
{
	/* A row: offset and gap, 3 columns a byte less one, 2, ASCII, strip. */
	unsigned	fixed = body_x + 2 - 1 + 2, fit;

	if (width <= 0 || (unsigned)width <= fixed)
		return 0;
	fit = ((unsigned)width - fixed) / 4;
	/* Multiples of 8 read best; 4 when the terminal is narrow. */
	fit = fit >= 8 ? fit - fit % 8 : fit - fit % 4;
	return fit > ROW_COLS_MAX ? ROW_COLS_MAX : fit;
}

/* Columns a row of COLS bytes takes on screen, with the change strip. */
static unsigned
geom_row_width(unsigned body_x, unsigned cols)
{
	/* Hex and ASCII, then a blank and the one-column strip. */
	return body_x + 4 * cols + 1 + 2;
}

/* The geometry for IN, into *OUT. */
void
geom_compute(const struct geom_in *in, struct geom *g)
{
	int		 rows = in->rows, cols = in->cols, below_h, chrome;
	unsigned	 fit, lines = in->panel_lines;
	char		*cause = NULL;

	*g = (struct geom){ .panel = GEOM_PANEL_HIDDEN, .strip_x = -1 };
	/* Help lines around: title, blank, footer, status, header. */
	g->help_room = rows - 5 < 1 ? 1 : rows - 5;
	/*
	 * lessons (issue 18): the caption panel sits above the status line;
	 * the rest is laid out as on a terminal that much shorter, whose
	 * "status line" is the panel's first row.
	 */
	if (in->caption && caption_rows_for(rows) > 0) {
		g->caption_rows = caption_rows_for(rows);
		g->caption_y = rows - 1 - g->caption_rows;
		rows -= g->caption_rows;
	}
	g->off_width = geom_off_digits(in->size);
	/* Offset, blank, a column for a mark's letter, blank, then hex. */
	g->body_x = g->off_width + 3;
	fit = in->opt_cols != 0 ? in->opt_cols : geom_fit_cols(g->body_x, cols);
	/* Header, banner (if any) and status line around the rows. */
	g->body_y = in->banner && rows >= 6 ? 2 : 1;
	chrome = g->body_y + 1;
	g->body_rows = rows > chrome ? (unsigned)(rows - chrome) : 1;
	if (in->panel && fit > 0) {
		int		side_x = cols - GEOM_INSPECT_W;
		unsigned	side_fit = in->opt_cols != 0 ? in->opt_cols :
				    geom_fit_cols(g->body_x, side_x - 1);

		g->panel_cols = cols / GEOM_INSPECT_W > 0 ?
		    cols / GEOM_INSPECT_W : 1;
		below_h = 1 + (int)((lines + (unsigned)g->panel_cols - 1) /
		    (unsigned)g->panel_cols);
		if (side_fit >= 16 && rows >= (int)lines + 3 &&
		    (int)geom_row_width(g->body_x, side_fit) < side_x) {
			g->panel = GEOM_PANEL_SIDE;
			g->panel_x = side_x;
			g->panel_y = g->body_y;
			fit = side_fit;
		} else if (rows - chrome - below_h >= 4) {
			g->panel = GEOM_PANEL_BELOW;
			g->panel_x = 0;
			g->panel_y = rows - 1 - below_h;
			g->body_rows = (unsigned)(rows - chrome - below_h);
		}
	}
	/* Header, status line and one row of bytes at the very least. */
	g->too_small = rows < 3 || fit == 0 || (in->opt_cols == 0 &&
	    (unsigned)cols < geom_row_width(g->body_x, fit));
	if (fit == 0)
		fit = 4;
	if (row_geom_init(&g->row, fit, 1, &cause) == -1) {
		/* -c was checked on the command line; keep a sane layout. */
		free(cause);
		row_geom_init(&g->row, 16, 1, NULL);
	}
	/* The strip stands after the ASCII pane, when it fits. */
	g->strip_x = (int)(g->body_x + g->row.ascii_col + g->row.cols + 1);
	if (g->strip_x >= cols || (g->panel == GEOM_PANEL_SIDE &&
	    g->strip_x >= g->panel_x - 1))
		g->strip_x = -1;
}
