/* SPDX-License-Identifier: ISC */
/*
 * draw_caption.h - the lesson's caption panel, drawn with curses.
 */
#ifndef LIVEHEX_DRAW_CAPTION_H
#define LIVEHEX_DRAW_CAPTION_H

struct view;

/* Draw the caption panel, when a lesson runs and it has room. */
void	draw_caption(const struct view *v);

#endif
