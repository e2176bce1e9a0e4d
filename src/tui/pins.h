/* SPDX-License-Identifier: ISC */
/*
 * pins.h - pinned values in the viewer (:pin EXPR [NAME], issue 15).
 *
 * A feature below the app (app.h): opaque state made with the session
 * and the status line, actions that return REACT_* bits, const getters
 * for the view.  Each pin is a compiled expression (expr.h) watched on
 * the session's events wherever its values are; the view shows one row
 * per pin under the bytes: its value, minimum and maximum, changes per
 * second and a sparkline (pinstat.h).  A pin is compiled when it is
 * typed (field paths resolved then), so loading or dropping a layout
 * later leaves it as it was.  No curses here.
 */
#ifndef LIVEHEX_PINS_H
#define LIVEHEX_PINS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct expr_env;
struct live;
struct pins;
struct status;

/* How many pins one view may have. */
#define PINS_MAX	16

/*
 * Make the (empty) pins of session L, saying things on ST; UTF8: the
 * sparkline in block characters and names kept in UTF-8, else ASCII.
 */
struct pins	*pins_new(struct live *l, struct status *st, bool utf8);
/* Stop watching and free P; NULL is ignored. */
void		 pins_free(struct pins *p);
/*
 * :pin TEXT: "EXPR" or "EXPR NAME" (a last word that is not part of the
 * expression names it), compiled in ENV, first value at NOW_MS; says the
 * outcome; REACT_* bits (RELAYOUT: the panel grew).
 */
int		 pins_add(struct pins *p, const char *text,
		    const struct expr_env *env, uint64_t now_ms);
/* :unpin N or :unpin all; REACT_* bits (RELAYOUT: the panel shrank). */
int		 pins_remove(struct pins *p, const char *arg);
/*
 * The clock reached NOW_MS: REACT_REDRAW when a pin's value moved since
 * the last call, or the changes per second it shows did.
 */
int		 pins_tick(struct pins *p, uint64_t now_ms);

/* How many pins there are. */
size_t		 pins_count(const struct pins *p);
/* session: pin I's text as it was typed after :pin ("EXPR [NAME]"). */
const char	*pins_text(const struct pins *p, size_t i);
/*
 * Pin I's row at NOW_MS, at most WIDTH columns, into OUT (OUTLEN bytes):
 * "1 NAME = VALUE  min A  max B  R/s  SPARKLINE".
 */
void		 pins_row(const struct pins *p, size_t i, uint64_t now_ms,
		    size_t width, char *out, size_t outlen);

#endif
