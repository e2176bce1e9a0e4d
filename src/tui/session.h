/* SPDX-License-Identifier: ISC */
/*
 * session.h - sessions (issue 15): :mksession FILE writes what the viewer
 * set up (layout, marks, pins, breaks, the cursor) as ':' commands, one a
 * line; --session FILE and :source FILE run such a file's lines through
 * the one command runner (cmds.c), as if typed.  :mark LETTER [OFFSET]
 * is the command a session sets marks with.
 *
 * Glue at the app's level (it reads struct app and the features' getters)
 * that returns APP_* bits and never draws; no curses.
 */
#ifndef LIVEHEX_SESSION_H
#define LIVEHEX_SESSION_H

#include <stdbool.h>

struct app;

/*
 * :mksession FILE (FORCE: :mksession! FILE, which replaces FILE): write
 * the session to FILE; says the outcome; APP_* bits.
 */
int	session_write(struct app *a, const char *args, bool force);
/*
 * :source FILE, --session FILE: run FILE's lines as ':' commands (never
 * one that stores); a bad line is said as "FILE:LINE: what" and the rest
 * still runs; APP_* bits.
 */
int	session_source(struct app *a, const char *args);
/* :mark LETTER [OFFSET]: set mark LETTER at OFFSET (or the cursor). */
int	session_mark(struct app *a, const char *args);

#endif
