/* SPDX-License-Identifier: ISC */
/*
 * screen.h - the terminal: curses set-up, restore, and the attributes.
 *
 * The only module that calls initscr/endwin (as htop's CRT).  screen_stop
 * is safe to call more than once and from every exit path, so the terminal
 * is restored whatever happens.
 */
#ifndef LIVEHEX_SCREEN_H
#define LIVEHEX_SCREEN_H

#include <curses.h>
#include <signal.h>
#include <stdbool.h>

/* What a cell means; screen_attr() maps it to colour or monochrome. */
enum screen_role {
	SCREEN_NORMAL,
	SCREEN_HEADER,		/* the top bar */
	SCREEN_OFFSET,		/* the offset column */
	SCREEN_FADE1,		/* changed 1-2 s ago */
	SCREEN_FADE2,		/* changed 0.4-1 s ago */
	SCREEN_FADE3,		/* changed just now */
	SCREEN_CURSOR,		/* the byte under the cursor */
	SCREEN_CURSOR_OTHER,	/* the cursor's byte in the other pane */
	SCREEN_EDIT,		/* our own edit, not synced yet */
	SCREEN_PENDING,		/* a half-typed byte */
	SCREEN_MATCH,		/* a search match on screen */
	SCREEN_FIELD,		/* a layout record (every other one) */
	SCREEN_FIELD2,		/* the records between them (issue 13) */
	SCREEN_STATUS,		/* the bottom line */
	SCREEN_WARN,		/* a warning message */
	SCREEN_ERROR,		/* an error message */
	SCREEN_DIM,		/* hints, past-the-end, empty */
	SCREEN_MODE,		/* -- EDIT -- and the cursor typed into */
	SCREEN_SELECT,		/* the selection (v, a drag) */
	SCREEN_PAST,		/* viewing a past frame (history, issue 14) */
	SCREEN_DIFF,		/* differs from the :diff snapshot (issue 14) */
	SCREEN_DIFF_UNKNOWN,	/* ... a page that differs, old bytes unknown */
	SCREEN_ROLES
};

/*
 * Whether the terminal named by TERM can be drawn on (it is known to
 * terminfo and can move the cursor): true, or false with *why, a message
 * that names TERM (TERM=dumb: "the viewer needs a terminal that can move
 * the cursor; TERM=dumb cannot").  Starts nothing; screen_start calls it
 * too.
 */
bool	screen_term_check(const char **why);
/*
 * Open curses on the terminal with raw keys (both streams must be a
 * terminal, else *why = NOTTY); NULL with *why on failure.  For a part
 * that lives shorter than the process (the chooser): screen_close.
 */
SCREEN	*screen_open(const char *notty, const char **why);
/* Give back a terminal screen_open opened. */
void	screen_close(SCREEN *scr);
/*
 * Block SIGTERM, SIGHUP, SIGINT, SIGQUIT (and SIGWINCH when WINCH), the
 * old mask in *OLD (NULL: not kept); a non-blocking signalfd that reads
 * them, or -1.  The viewer's loop and the chooser both start this way.
 * Why: no handler ever runs; the poll loop reads them like keys.
 */
int	screen_signals(bool winch, sigset_t *old);
/* Start the viewer's curses (colours, mouse); false with *why on failure. */
bool	screen_start(bool no_color, const char **why);
/* Restore the terminal; safe to call twice and after a failed start. */
void	screen_stop(void);
/* The terminal hung up: screen_stop will not write to it. */
void	screen_lost(void);
/* ^Z: restore the terminal, stop the process group; resume on SIGCONT. */
void	screen_suspend(void);
/* The curses attribute for ROLE. */
attr_t	screen_attr(enum screen_role role);
/* True when the screen has colours in use. */
bool	screen_has_color(void);

#endif
