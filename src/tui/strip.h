/* SPDX-License-Identifier: ISC */
/*
 * strip.h - the change map strip: the whole file in one column.
 *
 * A feature below the app: its state (struct strip) is opaque, made with
 * the live session whose page map it sweeps; every call takes what else
 * it needs (the view's nav, the time) and returns REACT_* bits (react.h)
 * or says what it found; it never sees struct app.
 */
#ifndef LIVEHEX_STRIP_H
#define LIVEHEX_STRIP_H

#include <stdbool.h>
#include <stdint.h>

struct changemap;
struct live;
struct nav;
struct status;
struct strip;

/* A strip over LIVE's file, with no page map yet (the first tick makes it). */
struct strip	*strip_new(struct live *live);
/* Free the strip S (the map is the session's). */
void		 strip_free(struct strip *s);
/* Sweep a CPU-capped slice of the pages at NOW; NAV: the view; REACT_*. */
int		 strip_tick(struct strip *s, const struct nav *nav,
		    uint32_t now);
/*
 * ]c / [c (BACKWARD): the next / previous changed region outside NAV's
 * screen into *TO; false when there is none (either way ST says so).
 */
bool		 strip_jump(struct strip *s, const struct nav *nav,
		    uint32_t now, bool backward, struct status *st,
		    uint64_t *to);
/* True when the strip has something to show at column X (-1: no room). */
bool		 strip_shown(const struct strip *s, const struct nav *nav,
		    int x);
/* How hot [LO, HI) is at NOW: 3 changed just now ... 1 a while ago, 0 not. */
int		 strip_heat(const struct strip *s, uint32_t now, uint64_t lo,
		    uint64_t hi);
/* The page map, or NULL before the first tick (and over 1 TiB). */
const struct changemap *strip_map(const struct strip *s);
/* After live_reopen: the session's new page map, swept whole if small. */
void		 strip_reopened(struct strip *s, const struct nav *nav,
		    uint32_t now);

#endif
