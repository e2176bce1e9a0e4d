/* SPDX-License-Identifier: ISC */
/*
 * geom.h - the viewer's geometry: terminal size and options in, places out.
 *
 * A pure function (no state, no terminal, no curses): where the rows of
 * bytes, the offset column, the panel and the change strip go for a
 * terminal of a given size.  app_layout feeds it and keeps the answer;
 * tests/unit/check_app checks it directly.
 */
#ifndef LIVEHEX_GEOM_H
#define LIVEHEX_GEOM_H

#include <stdbool.h>
#include <stdint.h>

#include "row.h"

/* Columns one inspector entry takes: label, blank, value, gap. */
#define GEOM_INSPECT_W	34

/* Where the panel (inspector or fields) sits. */
enum geom_panel { GEOM_PANEL_HIDDEN, GEOM_PANEL_SIDE, GEOM_PANEL_BELOW };

/* What the geometry depends on. */
struct geom_in {
	int		 rows, cols;	/* the terminal */
	uint64_t	 size;		/* the source's size (offset digits) */
	unsigned	 opt_cols;	/* -c COLS, 0 = fit the terminal */
	bool		 banner;	/* a line under the header */
	bool		 panel;		/* a panel is wanted */
	unsigned	 panel_lines;	/* lines the panel wants */
	bool		 caption;	/* a lesson's caption panel (issue 18) */
};

/* Where everything goes. */
struct geom {
	bool		 too_small;	/* cannot show even one row */
	struct row_geom	 row;		/* hex/ASCII columns within a row */
	unsigned	 off_width;	/* hex digits in the offset column */
	unsigned	 body_x;	/* screen column of the first hex digit */
	int		 body_y;	/* screen row of the first row of bytes */
	unsigned	 body_rows;	/* rows of bytes */
	enum geom_panel	 panel;		/* where the panel fits, if anywhere */
	int		 panel_x, panel_y;	/* its top-left cell */
	int		 panel_cols;	/* entries side by side (below) */
	int		 strip_x;	/* the strip's column, -1: no room */
	int		 help_room;	/* help lines shown at once */
	int		 caption_y;	/* the caption panel's first row */
	int		 caption_rows;	/* its rows, 0: none (issue 18) */
};

/* Hex digits needed to show every offset of a SIZE-byte source (min 8). */
unsigned	geom_off_digits(uint64_t size);
/* The geometry for IN, into *OUT. */
void		geom_compute(const struct geom_in *in, struct geom *out);

#endif
