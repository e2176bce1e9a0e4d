/* SPDX-License-Identifier: ISC */
/*
 * strip.h - the change map strip: the whole file in one column.
 *
 * Actions over struct app (see app.h): each returns APP_* bits.
 */
#ifndef LIVEHEX_STRIP_H
#define LIVEHEX_STRIP_H

#include <stdbool.h>
#include <stdint.h>

struct app;

/* Sweep a CPU-capped slice of the file's pages (every tick); APP_* bits. */
int	strip_tick(struct app *a);
/* ]c / [c (BACKWARD): jump to the next / previous changed region. */
int	strip_jump(struct app *a, bool backward);
/* True when the strip has something to show for the file (draw.c). */
bool	strip_shown(const struct app *a);
/* How hot [LO, HI) is: 3 changed just now ... 1 a while ago, 0 not. */
int	strip_heat(const struct app *a, uint64_t lo, uint64_t hi);
/* After live_reopen: the session's new page map, swept whole if small. */
void	strip_reopened(struct app *a);

#endif
