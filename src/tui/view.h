/* SPDX-License-Identifier: ISC */
/*
 * view.h - what one frame shows: a read-only view of the viewer's state.
 *
 * The app fills a struct view (app_view) after the actions ran, and the
 * view (draw.c) draws from it alone: plain values copied from the app,
 * the published snapshot, and const pointers to the features, read
 * through their const getters (edit.h, fields.h, find.h, strip.h,
 * status.h).  draw.c never sees struct app, so it can neither change the
 * state nor depend on how the app or a feature keeps it.  No curses here.
 */
#ifndef LIVEHEX_VIEW_H
#define LIVEHEX_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "geom.h"
#include "row.h"

struct caption;
struct diffview;
struct freeze;
struct pins;
struct scanview;
struct edit;
struct fields;
struct find;
struct journal;
struct logpanel;
struct nav;
struct snap;
struct status;
struct strip;
struct select;

/* Fade: a changed byte is highlighted at level 3, 2, 1, then not at all. */
#define VIEW_FADE_LEVELS	3
/* The age (ms) at which each level ends: level 3 until the first ... */
extern const uint32_t view_fade_ms[VIEW_FADE_LEVELS];

/* Marks: 'a' to 'z'. */
#define VIEW_MARKS	26

/* One frame's worth of state, all of it read-only. */
struct view {
	/* The bytes: the view's window's published snapshot. */
	const struct snap	*snap;
	/* history (issue 14): viewing the past (snap is a past frame) */
	const bool		*past_known;	/* per byte, NULL: live */
	uint64_t		 past_ago;	/* how long ago (ms) */
	uint64_t		 past_span;	/* how far back it can go (ms) */
	uint64_t		 changes;	/* others' changes seen */
	uint32_t		 last_change;	/* newest of them, 0: none */
	const struct nav	*nav;		/* cursor, top row, rows */
	uint64_t		 file_size;	/* the file's size now */

	/* Where things go (app_layout, geom.h). */
	int			 term_rows, term_cols;
	bool			 too_small;	/* cannot show even one row */
	struct row_geom		 geom;		/* hex/ASCII columns in a row */
	unsigned		 off_width;	/* hex digits of an offset */
	unsigned		 body_x;	/* 1st hex digit's column */
	int			 body_y;	/* 1st row of bytes' row */
	enum geom_panel		 panel;		/* where the panel is */
	bool			 panel_fields;	/* it shows the fields */
	bool			 panel_log;	/* it shows the change log
						   (history, issue 14) */
	int			 panel_x, panel_y;	/* its top-left cell */
	int			 panel_cols;	/* entries side by side */
	int			 strip_x;	/* strip column, -1: none */
	int			 caption_y;	/* a lesson's caption panel */
	int			 caption_rows;	/* its rows, 0: none */

	/* The header and the status line. */
	const char		*path;		/* escaped for the terminal */
	const char		*banner;	/* under the header, or NULL */
	const char		*readonly;	/* why read-only, or NULL */
	uint64_t		 unsynced;	/* bytes of ours not synced */
	bool			 deleted, renamed;	/* what the path did */
	uint32_t		 now;		/* ms since start */
	unsigned		 interval;	/* the tick, ms */
	double			 rate;		/* others' changes per second */
	bool			 paused;
	uint64_t		 changes_at_pause;
	bool			 follow;

	/* Marks, the help overlay. */
	const uint64_t		*marks;		/* VIEW_MARKS of them */
	const bool		*mark_set;
	bool			 help;		/* the overlay is up */
	int			 help_top, help_room;

	/* The features, through their const getters. */
	const struct journal	*journal;	/* journal_is_unsynced */
	const struct edit	*edit;
	const struct fields	*fields;
	const struct find	*find;
	const struct strip	*strip;
	const struct select	*select;	/* select_has, select_sums */
	const struct status	*status;
	const struct logpanel	*log;		/* history (issue 14) */
	/* Not const: caption_layout() keeps its wrapped lines for the
	   width it was last asked for (a cache, not state the view sets). */
	struct caption		*caption;	/* a lesson's, or NULL */

	/* catch (issue 15) */
	const char		*brk_banner;	/* "BREAK N" while one holds */
	unsigned		 bells;		/* rings asked for so far */
	const struct pins	*pins;		/* pins_row */
	const struct freeze	*freeze;	/* freeze_row */
	int			 pins_y, pins_rows;	/* their rows, 0: none */
	bool			 panel_scan;	/* the panel lists :scan's */
	const struct scanview	*scan;		/* candidates (scanview.h) */
	const struct diffview	*diff;	/* snapshots (issue 14): diffview_at */
};

/* The fade level (0..3) of a byte stamped at CHANGED, at time NOW. */
int	view_fade_level(uint32_t changed, uint32_t now);

#endif
