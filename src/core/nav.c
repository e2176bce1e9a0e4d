/* SPDX-License-Identifier: ISC */
/*
 * nav.c - where the cursor is and which rows are on screen.
 *
 * Every public function ends in nav_fix(), which restores the invariants
 * listed in nav.h and reports what moved relative to the state on entry.
 * Deltas are clamped against the distance to each end before they are
 * applied, and row moves are counted in rows, so huge deltas (INT64_MIN
 * rows, a file of 2^64-1 bytes) cannot overflow.
 */
#include "config.h"

#include "nav.h"

/* Largest valid cursor offset. */
static uint64_t
nav_last(const struct nav *n)
{
	return n->size == 0 ? 0 : n->size - 1;
}

/* Restore the invariants; report moves against OLD_CURSOR / OLD_TOP. */
static int
nav_fix(struct nav *n, uint64_t old_cursor, uint64_t old_top, int bits)
{
	uint64_t	span, row_of_cursor;

	if (n->cols == 0)
		n->cols = 1;
	if (n->rows == 0)
		n->rows = 1;
	if (n->cursor > nav_last(n)) {
		n->cursor = nav_last(n);
		bits |= NAV_CLAMPED;
	}
	span = (uint64_t)n->cols * n->rows;
	n->top -= n->top % n->cols;
	row_of_cursor = n->cursor - n->cursor % n->cols;
	if (n->cursor < n->top)
		n->top = row_of_cursor;
	else if (n->cursor - n->top >= span)
		n->top = row_of_cursor - (uint64_t)(n->rows - 1) * n->cols;
	if (n->cursor != old_cursor)
		bits |= NAV_CURSOR;
	if (n->top != old_top)
		bits |= NAV_SCROLL;
	return bits;
}

/*
 * Pull the view up so it does not run past the last row more than it must:
 * a screen whose top is below the last full screenful (after a shrink, a
 * smaller file, a taller terminal) shows mostly nothing with the data
 * scrolled away.  Keeps the cursor in view (it is at or before the end).
 */
static void
nav_clamp_top(struct nav *n)
{
	uint64_t	last_row = nav_last(n) / n->cols;
	uint64_t	max_top = last_row >= n->rows - 1 ?
			    (last_row - (n->rows - 1)) * n->cols : 0;

	if (n->top > max_top)
		n->top = max_top;
}

/* Set up N for SIZE bytes shown COLS per row in ROWS rows. */
void
nav_init(struct nav *n, uint64_t size, unsigned cols, unsigned rows)
{
	n->size = size;
	n->cursor = 0;
	n->top = 0;
	n->cols = cols;
	n->rows = rows;
	nav_fix(n, 0, 0, 0);
}

/* Change the screen geometry, keeping the cursor in view. */
int
nav_set_geometry(struct nav *n, unsigned cols, unsigned rows)
{
	uint64_t	oc = n->cursor, ot = n->top;
	int		bits = 0;

	if (cols != n->cols || rows != n->rows)
		bits = NAV_SCROLL;
	n->cols = cols;
	n->rows = rows;
	bits = nav_fix(n, oc, ot, bits);
	nav_clamp_top(n);
	return nav_fix(n, oc, ot, bits);
}

/* Follow a change of the source size (clamps the cursor). */
int
nav_set_size(struct nav *n, uint64_t size)
{
	uint64_t	oc = n->cursor, ot = n->top;

	n->size = size;
	nav_fix(n, oc, ot, 0);
	nav_clamp_top(n);
	return nav_fix(n, oc, ot, 0);
}

/*
 * Jump the cursor to OFF (clamped) as vim's search does: unless its row is
 * already in the middle third of the screen, scroll so that it is in the
 * middle, with rows of context before and after; near the end of the file
 * the last screenful shows instead.
 */
int
nav_jump(struct nav *n, uint64_t off)
{
	uint64_t	oc = n->cursor, ot = n->top, row, top_row, third;
	int		bits;

	n->cursor = off;
	bits = nav_fix(n, oc, ot, 0);
	row = n->cursor / n->cols;
	top_row = n->top / n->cols;
	third = n->rows / 3;
	if (row < top_row + third || row >= top_row + n->rows - third) {
		uint64_t	above = (n->rows - 1) / 2;

		n->top = (row > above ? row - above : 0) * n->cols;
		nav_clamp_top(n);
	}
	return nav_fix(n, oc, ot, bits);
}

/* Move the cursor to OFF (clamped to the last byte). */
int
nav_goto(struct nav *n, uint64_t off)
{
	uint64_t	oc = n->cursor, ot = n->top;

	n->cursor = off;
	return nav_fix(n, oc, ot, 0);
}

/* Add DELTA to *V, clamped to [0, MAX]; NAV_CLAMPED when it was. */
static int
nav_add(uint64_t *v, int64_t delta, uint64_t max)
{
	if (delta < 0) {
		uint64_t	back = (uint64_t)-(delta + 1) + 1;

		if (back > *v) {
			*v = 0;
			return NAV_CLAMPED;
		}
		*v -= back;
	} else {
		if ((uint64_t)delta > max - (*v > max ? max : *v)) {
			*v = max;
			return NAV_CLAMPED;
		}
		*v += (uint64_t)delta;
	}
	return 0;
}

/* Move the cursor by DELTA bytes (left/right). */
int
nav_move(struct nav *n, int64_t delta)
{
	uint64_t	oc = n->cursor, ot = n->top;
	int		bits = nav_add(&n->cursor, delta, nav_last(n));

	return nav_fix(n, oc, ot, bits);
}

/* |DELTA| as an unsigned number (INT64_MIN included). */
static uint64_t
nav_abs(int64_t delta)
{
	return delta < 0 ? (uint64_t)-(delta + 1) + 1 : (uint64_t)delta;
}

/*
 * Move row offset *V (a multiple of cols) by DELTA rows, clamped to the
 * first row and to the row holding LAST; NAV_CLAMPED when it was.
 * Counting in rows keeps huge deltas exact: no multiplication overflows.
 */
static int
nav_add_rows(const struct nav *n, uint64_t *v, int64_t delta, uint64_t last)
{
	uint64_t	row = *v / n->cols, last_row = last / n->cols;
	uint64_t	k = nav_abs(delta);

	if (delta < 0) {
		if (k > row) {
			*v = 0;
			return NAV_CLAMPED;
		}
		*v = (row - k) * n->cols;
	} else {
		if (k > last_row - (row > last_row ? last_row : row)) {
			*v = last_row * n->cols;
			return NAV_CLAMPED;
		}
		*v = (row + k) * n->cols;
	}
	return 0;
}

/* Move the cursor by DELTA rows (up/down), keeping its column. */
int
nav_move_rows(struct nav *n, int64_t delta)
{
	uint64_t	oc = n->cursor, ot = n->top;
	uint64_t	col = n->cursor % n->cols, row = n->cursor - col;
	int		bits;

	/*
	 * Why rows and not bytes: moving up from the first row must stay
	 * put rather than jump to offset 0, as in every editor; moving down
	 * into a short last row lands on the last byte.
	 */
	bits = nav_add_rows(n, &row, delta, nav_last(n));
	if (bits && row == oc - col)
		return nav_fix(n, oc, ot, bits);
	n->cursor = row + col;
	return nav_fix(n, oc, ot, bits);
}

/* Page by DELTA screens: the view and the cursor move together. */
int
nav_page(struct nav *n, int64_t delta)
{
	uint64_t	oc = n->cursor, ot = n->top;
	uint64_t	col = n->cursor % n->cols, row = n->cursor - col;
	uint64_t	k = nav_abs(delta);
	int64_t		rows;
	int		bits;

	/* Saturate screens * rows in rows, which nav_add_rows then clamps. */
	if (k > (uint64_t)INT64_MAX / n->rows)
		rows = delta < 0 ? INT64_MIN : INT64_MAX;
	else
		rows = delta * (int64_t)n->rows;
	bits = nav_add_rows(n, &row, rows, nav_last(n));
	nav_add_rows(n, &n->top, rows, nav_last(n));
	n->cursor = row + col;
	return nav_fix(n, oc, ot, bits);
}

/* Scroll the view by DELTA rows; the cursor follows only to stay in view. */
int
nav_scroll(struct nav *n, int64_t delta)
{
	uint64_t	oc = n->cursor, ot = n->top, span, last_top;
	int		bits;

	last_top = nav_last(n) - nav_last(n) % n->cols;
	bits = nav_add_rows(n, &n->top, delta, last_top);
	span = (uint64_t)n->cols * n->rows;
	/* Drag the cursor along so nav_fix does not drag the view back. */
	if (n->cursor < n->top)
		n->cursor = n->top + oc % n->cols;
	else if (n->cursor - n->top >= span)
		n->cursor = n->top + span - n->cols + oc % n->cols;
	return nav_fix(n, oc, ot, bits);
}

/* Cursor to the first (END == 0) or last (END != 0) byte of its row. */
int
nav_row_edge(struct nav *n, int end)
{
	uint64_t	oc = n->cursor, ot = n->top;

	n->cursor -= n->cursor % n->cols;
	if (end)
		n->cursor += n->cols - 1;
	return nav_fix(n, oc, ot, 0);
}

/* Number of bytes in the window [top, top + rows * cols). */
uint64_t
nav_window(const struct nav *n)
{
	return (uint64_t)n->cols * n->rows;
}
