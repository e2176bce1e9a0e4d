/*
 * edit.h - the viewer's edits: typing, :set, undo/redo, msync.
 *
 * Actions over struct app (see app.h): each returns APP_* bits.
 */
#ifndef LIVEHEX_EDIT_H
#define LIVEHEX_EDIT_H

#include <stdbool.h>

struct app;

/* A character typed in the hex pane: is it a digit we take? */
bool	edit_is_hex_key(const struct app *a, int key, bool is_char);
/* A character typed in the ASCII pane: is it one we take? */
bool	edit_is_text_key(const struct app *a, int key, bool is_char);
/* Type KEY into the focused pane at the cursor. */
int	edit_type(struct app *a, int key);
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
