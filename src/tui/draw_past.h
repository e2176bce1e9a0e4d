/* SPDX-License-Identifier: ISC */
/*
 * draw_past.h - the marks of a past frame (issue 14), drawn with curses.
 */
#ifndef LIVEHEX_DRAW_PAST_H
#define LIVEHEX_DRAW_PAST_H

struct view;

/*
 * While V shows a past frame: "<< viewing 2.35 s ago" at the start of
 * the header in its own colour, and the slider at the end of the status
 * line.  Drawn last, over them; nothing when V is live.
 */
void	draw_past(const struct view *v);

#endif
