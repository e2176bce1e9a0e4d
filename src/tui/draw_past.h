/* SPDX-License-Identifier: ISC */
/*
 * draw_past.h - the marks of a past frame (issue 14), drawn with curses.
 */
#ifndef LIVEHEX_DRAW_PAST_H
#define LIVEHEX_DRAW_PAST_H

#include <stdbool.h>
#include <stddef.h>

struct ftree_row;
struct view;

/*
 * While V shows a past frame: "<< viewing 2.35 s ago" at the start of
 * the header in its own colour, and the slider at the end of the status
 * line.  Drawn last, over them; nothing when V is live.
 */
void	draw_past(const struct view *v);
/* Columns the "<< viewing" label takes at the header's start (0: live). */
int	draw_past_width(const struct view *v);
/*
 * While V shows a past frame: field F's value in that frame into VAL
 * (LEN bytes): "??" when a byte of it is not known then, "(not in the
 * window)" when the frame does not hold it; true.  False when V is live.
 */
bool	draw_past_field(const struct view *v, const struct ftree_row *f,
	    char *val, size_t len);

#endif
