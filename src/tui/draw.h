/* SPDX-License-Identifier: ISC */
/*
 * draw.h - the view: one frame from the published snapshot and the state.
 */
#ifndef LIVEHEX_DRAW_H
#define LIVEHEX_DRAW_H

struct app;

/* Draw one whole frame and send it. */
void	draw_frame(const struct app *a);

#endif
