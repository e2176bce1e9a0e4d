/* SPDX-License-Identifier: ISC */
/*
 * brk.h - breakpoints on data (:break COND, issue 15): the view stops on
 * the frame where a condition became true.
 *
 * A feature below the app (app.h): opaque state made with the session
 * and the status line, actions that return REACT_* bits, const getters
 * for the view.  Conditions are expr.h's compiled form, evaluated on the
 * session's change events only (and on the clock when a stuck() is
 * waiting), never by reading the file per tick.  When one goes from not
 * true to true the set "fires": it is paused from then on (brk_paused)
 * until brk_continue, and the app freezes the view's window so that the
 * frame of that very look stays on screen.  No curses here.
 */
#ifndef LIVEHEX_BRK_H
#define LIVEHEX_BRK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct brk;
struct expr_env;
struct live;
struct live_window;
struct status;

/* How many breakpoints one view may have (each has windows of its own). */
#define BRK_MAX		16

/*
 * Make the (empty) set of breakpoints of session L, saying things on ST
 * (UTF8: names in messages may keep their UTF-8).
 */
struct brk	*brk_new(struct live *l, struct status *st, bool utf8);
/*
 * The view's window W (with a snapper): a change inside what W compares
 * is taken from W's own event only, so a break fires on exactly the
 * bytes of the frame the view holds (brk.c says why).
 */
void		 brk_view(struct brk *b, const struct live_window *w);
/* Stop watching and free B; NULL is ignored. */
void		 brk_free(struct brk *b);
/*
 * :break TEXT: compile it in ENV, watch what it reads, take its first
 * values at NOW_MS; says the outcome on the status line; REACT_* bits.
 */
int		 brk_add(struct brk *b, const char *text,
		    const struct expr_env *env, uint64_t now_ms);
/* :delete N (ARG as typed: a number from :breaks, or "all"); REACT_*. */
int		 brk_delete(struct brk *b, const char *arg);
/* :breaks: list them with their hit counts on the status line; REACT_*. */
int		 brk_list(struct brk *b);
/*
 * The clock reached NOW_MS (a look just ended): evaluate what a stuck()
 * waits on; then REACT_REDRAW | REACT_FRESH once after each firing (the
 * paused frame is news), else 0.
 */
int		 brk_tick(struct brk *b, uint64_t now_ms);
/* Esc, '.', :continue: the view goes live again; REACT_* bits. */
int		 brk_continue(struct brk *b);
/* :bell on|off: ring the terminal's bell when one fires (default on). */
void		 brk_set_bell(struct brk *b, bool on);

/* True while a fired break holds the view. */
bool		 brk_paused(const struct brk *b);
/* The header's word for the hold ("BREAK 2"), or NULL when not paused. */
const char	*brk_banner(const struct brk *b);
/* How many times the bell was asked for so far (the view rings on news). */
unsigned	 brk_bells(const struct brk *b);
/* How many breakpoints there are. */
size_t		 brk_count(const struct brk *b);
/* Breakpoint I's number (as :breaks shows it), text and hit count. */
void		 brk_get(const struct brk *b, size_t i, unsigned *num,
		    const char **text, uint64_t *hits);

#endif
