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

#endif
