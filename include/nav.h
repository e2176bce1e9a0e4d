/* SPDX-License-Identifier: ISC */
/*
 * nav.h - where the cursor is and which rows are on screen.
 *
 * A plain model with no terminal in it: the source size, bytes per row,
 * rows on screen, the cursor offset and the offset of the top row.  Every
 * function keeps the invariants below and returns NAV_* bits saying what
 * moved, so the caller decides what to redraw or re-copy.
 *
 * Invariants (after any call):
 *  - cols >= 1, rows >= 1;
 *  - top is a multiple of cols;
 *  - size == 0  =>  cursor == 0 and top == 0;
 *  - size > 0   =>  cursor < size and top <= cursor < top + rows * cols.
 * After a size or geometry change, or a jump, the view also does not run
 * past the file's last row further than it must (never mostly empty).
 */
#ifndef LIVEHEX_NAV_H
#define LIVEHEX_NAV_H

#include <stdint.h>

struct nav {
	uint64_t	size;	/* source size in bytes */
	uint64_t	cursor;	/* offset of the byte under the cursor */
	uint64_t	top;	/* offset of the first byte on screen */
	unsigned	cols;	/* bytes per row */
	unsigned	rows;	/* rows of bytes on screen */
};

#define NAV_CURSOR	0x1	/* the cursor moved */
#define NAV_SCROLL	0x2	/* the top row moved: the window changed */
#define NAV_CLAMPED	0x4	/* the request went past an end */

/* Set up N for SIZE bytes shown COLS per row in ROWS rows. */
void	nav_init(struct nav *n, uint64_t size, unsigned cols, unsigned rows);
/* Change the screen geometry, keeping the cursor in view. */
int	nav_set_geometry(struct nav *n, unsigned cols, unsigned rows);
/* Follow a change of the source size (clamps the cursor). */
int	nav_set_size(struct nav *n, uint64_t size);
/* Move the cursor to OFF (clamped to the last byte). */
int	nav_goto(struct nav *n, uint64_t off);
/*
 * Jump the cursor to OFF (clamped): its row goes to the middle of the
 * screen, with context before and after, unless it is already in the
 * middle third; near the end the last screenful shows (vim's search).
 */
int	nav_jump(struct nav *n, uint64_t off);
/* Move the cursor by DELTA bytes (left/right). */
int	nav_move(struct nav *n, int64_t delta);
/* Move the cursor by DELTA rows (up/down), keeping its column. */
int	nav_move_rows(struct nav *n, int64_t delta);
/* Page by DELTA screens: the view and the cursor move together. */
int	nav_page(struct nav *n, int64_t delta);
/* Scroll the view by DELTA rows; the cursor follows only to stay in view. */
int	nav_scroll(struct nav *n, int64_t delta);
/* Cursor to the first (END == 0) or last (END != 0) byte of its row. */
int	nav_row_edge(struct nav *n, int end);
/* Number of bytes in the window [top, top + rows * cols). */
uint64_t nav_window(const struct nav *n);

#endif
