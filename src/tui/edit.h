/* SPDX-License-Identifier: ISC */
/*
 * edit.h - the viewer's edits: typing, :set, undo/redo, msync.
 *
 * A feature below the app: the state is opaque (edit_new / edit_free),
 * made with what the edits work on (the live session and its store path,
 * the journal, the view's nav, the status line); every action returns
 * REACT_* bits (react.h) and never sees struct app.  draw.c reads the
 * mode, the pane and the half-typed digit through the const getters.
 */
#ifndef LIVEHEX_EDIT_H
#define LIVEHEX_EDIT_H

#include <stdbool.h>
#include <stdint.h>

struct edit;
struct journal;
struct live;
struct nav;
struct status;

/* What keys do: commands (normal), or bytes (edit: R until Esc). */
enum edit_mode { EDIT_MODE_NORMAL, EDIT_MODE_EDIT };

/* Which pane the cursor types into. */
enum edit_pane { EDIT_PANE_HEX, EDIT_PANE_ASCII };

/* A yes/no question waiting for one key. */
enum edit_ask {
	EDIT_ASK_NONE,
	EDIT_ASK_UNDO,		/* undo over someone else's newer value? */
	EDIT_ASK_REDO,		/* redo over someone else's newer value? */
	EDIT_ASK_QUIT,		/* quit with unsynced edits? */
};

/*
 * Edits in normal mode, hex pane, on LIVE's file, recorded in J, at
 * NAV's cursor, said on ST; SYNC_ON_EDIT: msync after each edit.
 */
struct edit	*edit_new(struct live *live, struct journal *j,
		    struct nav *nav, struct status *st, bool sync_on_edit);
/* Free the edit state E (the session, journal, nav and status are not its). */
void		 edit_free(struct edit *e);
/* R: enter edit mode in the focused pane. */
int		 edit_enter(struct edit *e);
/* Esc, ^C: leave edit mode (the run becomes one undo step). */
int		 edit_leave(struct edit *e);
/* Livehex KEY in edit mode; REACT_* bits, or -1: not a character. */
int		 edit_mode_key(struct edit *e, int key);
/* Backspace in edit mode: drop the half-typed digit; REACT_* bits. */
int		 edit_backspace(struct edit *e);
/*
 * A ':' command is about to be typed from edit mode (: in the hex pane,
 * ^O : in the text pane): the run typed so far ends and a half-typed
 * digit is dropped (said); edit mode stays on; REACT_* bits.
 */
int		 edit_command(struct edit *e);
/* The status-line mode tag ("-- EDIT hex --"), or NULL in normal mode. */
const char	*edit_mode_tag(const struct edit *e);
/* Drop a half-typed digit the cursor has moved away from; REACT_* bits. */
int		 edit_check_pending(struct edit *e);
/* Forget a half-typed byte; true if there was one. */
bool		 edit_abandon(struct edit *e);
/* Tab: switch between the hex and the ASCII pane. */
int		 edit_switch_pane(struct edit *e);
/* Back to the hex pane, silently dropping a half-typed byte (Tab on). */
void		 edit_hex_pane(struct edit *e);
/* u / Ctrl-R: undo (UNDO) or redo one step; FORCE skips the question. */
int		 edit_undo(struct edit *e, bool undo, bool force);
/* s / :sync: msync the range holding unsynced edits. */
int		 edit_sync(struct edit *e, bool async);
/* :set TYPE VALUE | :set hex BYTES | :set "TEXT" at the cursor. */
int		 edit_set(struct edit *e, const char *args);
/*
 * Store LEN bytes of B at OFF as one undo step of their own (a paste,
 * :r, :fill; WHAT names it in the message), refused whole when they
 * would run past the end; REACT_* bits.  *DONE (may be NULL): all
 * were stored.
 */
int		 edit_put(struct edit *e, uint64_t off, const uint8_t *b,
		    size_t len, const char *what, bool *done);
/* q with unsynced edits: ask; true when the question was put. */
bool		 edit_ask_quit(struct edit *e);
/* The answer KEY to the pending question (QUIT: quit now). */
int		 edit_answer(struct edit *e, int key);
/* Normal or edit mode. */
enum edit_mode	 edit_mode(const struct edit *e);
/* The pane typing goes to (and the cursor shows in). */
enum edit_pane	 edit_pane(const struct edit *e);
/* The question on the status line, or EDIT_ASK_NONE. */
enum edit_ask	 edit_asking(const struct edit *e);
/* The half-typed hex digit (its byte into *OFF, may be NULL), or -1. */
int		 edit_pending(const struct edit *e, uint64_t *off);

#endif
