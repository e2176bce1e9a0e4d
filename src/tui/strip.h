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
/* Our own store of LEN bytes at OFF: not someone else's change. */
void	strip_forget(struct app *a, uint64_t off, uint64_t len);
/* True when the strip has something to show for the file (draw.c). */
bool	strip_shown(const struct app *a);
/* How hot [LO, HI) is: 3 changed just now ... 1 a while ago, 0 not. */
int	strip_heat(const struct app *a, uint64_t lo, uint64_t hi);
/* Free the map. */
void	strip_free(struct app *a);

#endif
