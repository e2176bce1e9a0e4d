/* SPDX-License-Identifier: ISC */
/*
 * draw.h - the view: one frame from a read-only view of the state (view.h).
 */
#ifndef LIVEHEX_DRAW_H
#define LIVEHEX_DRAW_H

struct view;

/* Draw one whole frame of V and send it. */
void	draw_frame(const struct view *v);

#endif
