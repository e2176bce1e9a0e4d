/* SPDX-License-Identifier: ISC */
/*
 * draw_scan.h - :scan list's panel (issue 15), drawn with curses.
 */
#ifndef LIVEHEX_DRAW_SCAN_H
#define LIVEHEX_DRAW_SCAN_H

struct view;

/* Draw the candidate list at the panel's place (V's scan). */
void	draw_scan(const struct view *v);

#endif
