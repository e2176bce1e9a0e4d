/* SPDX-License-Identifier: ISC */
/*
 * draw_catch.h - what the view draws for issue 15 (breaks, pins, freezes).
 */
#ifndef LIVEHEX_DRAW_CATCH_H
#define LIVEHEX_DRAW_CATCH_H

struct view;

/* The pins' rows under the bytes (pins.h), when there are any. */
void	draw_catch_pins(const struct view *v);
/* Ring the terminal's bell when V asks for more rings than were rung. */
void	draw_catch_bell(const struct view *v);

#endif
