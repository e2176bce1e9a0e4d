/* SPDX-License-Identifier: ISC */
/*
 * draw.h - the view: one frame from the published snapshot and the state.
 */
#ifndef LIVEHEX_DRAW_H
#define LIVEHEX_DRAW_H

struct app;

/* Help lines that fit on screen at once (the overlay scrolls past that). */
int	draw_help_room(void);
/* Draw one whole frame and send it. */
void	draw_frame(const struct app *a);

#endif
