/* SPDX-License-Identifier: ISC */
/*
 * edit.h - the viewer's edits: typing, :set, undo/redo, msync.
 *
 * Actions over struct app (see app.h): each returns APP_* bits.
 */
#ifndef LIVEHEX_EDIT_H
#define LIVEHEX_EDIT_H

#include <stdbool.h>

struct app;

/* R: enter edit mode in the focused pane. */
int	edit_enter(struct app *a);
/* Esc, ^C: leave edit mode (the run becomes one undo step). */
int	edit_leave(struct app *a);
/* Livehex KEY in edit mode; APP_* bits, or -1: not a character, a command. */
int	edit_mode_key(struct app *a, int key);
/* Backspace in edit mode: drop the half-typed digit; APP_* bits. */
int	edit_backspace(struct app *a);
/* The status-line mode tag ("-- EDIT hex --"), or NULL in normal mode. */
const char *edit_mode_tag(const struct app *a);
/* Drop a half-typed digit the cursor has moved away from; APP_* bits. */
int	edit_check_pending(struct app *a);
/* Forget a half-typed byte; true if there was one. */
bool	edit_abandon(struct app *a);
/* Tab: switch between the hex and the ASCII pane. */
int	edit_switch_pane(struct app *a);
/* u / Ctrl-R: undo (UNDO) or redo one step; FORCE skips the question. */
int	edit_undo(struct app *a, bool undo, bool force);
/* s / :sync: msync the range holding unsynced edits. */
int	edit_sync(struct app *a, bool async);
/* :set TYPE VALUE | :set hex BYTES | :set "TEXT" at the cursor. */
int	edit_set(struct app *a, const char *args);
/* q with unsynced edits: ask; true when the question was put. */
bool	edit_ask_quit(struct app *a);
/* The answer KEY to the pending question. */
int	edit_answer(struct app *a, int key);

#endif
