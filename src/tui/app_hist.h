/* SPDX-License-Identifier: ISC */
/*
 * app_hist.h - the app's history actions (issue 14): the change log
 * panel and, in app_past.c, time travel.  Plain functions over struct
 * app (app.h) returning APP_* bits, like the app's own; the key table
 * (keymap.c) and the command table (cmds.c) call them.  No curses.
 */
#ifndef LIVEHEX_APP_HIST_H
#define LIVEHEX_APP_HIST_H

#include <stdbool.h>

struct app;

/* L, :log: show the change log in the panel, or go back; APP_* bits. */
int	app_log_toggle(struct app *a);
/* Tab from the ASCII pane: give the shown log the keys; false: not shown. */
bool	app_log_tab(struct app *a);
/* KEY while the log list has the keys: true with *R (APP_* bits). */
bool	app_log_key(struct app *a, int key, int *r);

/*
 * False while a past frame is shown: the one question every key and
 * command that stores (or writes out what is shown) asks first.
 */
bool	app_live_view(const struct app *a);
/* True while a fired break (issue 15, brk.h) holds the view. */
bool	app_brk_held(const struct app *a);
/* Why nothing may be stored now and the way back; NULL when live. */
const char *app_hold_why(const struct app *a);
/*
 * When a past frame is shown: say that WHAT is refused and how to get
 * back to live, and return true (nothing may be stored); else false.
 */
bool	app_past_refuses(struct app *a, const char *what);
/* <: the window's frame just before its last change; APP_* bits. */
int	app_past_back(struct app *a);
/* >: the next frame, or live after the last; APP_* bits. */
int	app_past_forward(struct app *a);
/* . and Esc: back to the live view (false: it was live already). */
bool	app_past_live(struct app *a);

#endif
