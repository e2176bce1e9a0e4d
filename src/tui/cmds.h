/* SPDX-License-Identifier: ISC */
/*
 * cmds.h - the viewer's ':' commands: one table, the runner, completion.
 *
 * Every command is a row {name, aliases, usage, help, completion kind,
 * function}; :help (the overlay), the error for an unknown command or bad
 * arguments, and Tab in the prompt all read the same rows.
 */
#ifndef LIVEHEX_CMDS_H
#define LIVEHEX_CMDS_H

#include <stdbool.h>
#include <stddef.h>

struct app;
struct layout;

/* What a command's argument is, for Tab completion. */
enum cmds_arg {
	CMDS_ARG_NONE,		/* takes nothing */
	CMDS_ARG_WORDS,		/* one of the row's words */
	CMDS_ARG_EXPR,		/* an offset expression */
	CMDS_ARG_VALUE,		/* a typed value, bytes or text */
	CMDS_ARG_FILE,		/* a file name (~ expanded) */
	CMDS_ARG_SCAN,		/* :scan's words (cmds_complete.c) */
};

/* One ':' command. */
struct cmds_row {
	const char	*name;
	const char	*aliases[3];	/* other names; NULL ends */
	const char	*usage;		/* how it is typed, for help and errors */
	const char	*help;		/* what it does, one line */
	enum cmds_arg	 arg;		/* what Tab completes after the name */
	const char	*words[3];	/* CMDS_ARG_WORDS: the choices; NULL ends */
	int		 (*fn)(struct app *, const char *args);	/* APP_* bits */
};

/* The command table, and its length. */
extern const struct cmds_row cmds_rows[];
extern const size_t cmds_nrows;

/* Run a ':' command line (a bare offset expression goes there); APP_* bits. */
int	cmds_run(struct app *a, const char *line);
/* The row named NAME (LEN bytes) or one of its aliases, or NULL. */
const struct cmds_row *cmds_find(const char *name, size_t len);
/* catch (15), session: true when ROW's command may store into the file. */
bool	cmds_stores(const struct cmds_row *row);
/* Say how the command in ROW is typed, as an error; APP_* bits. */
int	cmds_usage(struct app *a, const struct cmds_row *row);
/* ARGS without its leading blanks. */
const char *cmds_skip(const char *args);
/* :r FILE (cmds_edit.c): FILE's bytes at the cursor, edit mode only. */
int	cmds_edit_read(struct app *a, const char *args);
/* :fill BYTES (cmds_edit.c): the selection filled, edit mode only. */
int	cmds_edit_fill(struct app *a, const char *args);
/*
 * session (issue 15, session.c): :mksession FILE (FORCE: :mksession!
 * FILE, which replaces FILE) writes the layout, marks, pins, breaks and
 * cursor as ':' commands; says the outcome; APP_* bits.
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
/*
 * Tab in the prompt: complete the command name, a word argument, a file
 * name, a type name or (for :set, when a layout L is loaded; L may be
 * NULL) a field path in BUF (SIZE bytes, NUL-terminated) as far as it is
 * unambiguous; several choices are listed in LIST (LSIZE bytes, "" when
 * none); the new length.
 */
size_t	cmds_complete(char *buf, size_t size, char *list, size_t lsize,
	    const struct layout *l);
/*
 * As cmds_complete, with the N snapshot names SNAPS (issue 14): they
 * complete after :diff (with "off") and after :snap drop.
 */
size_t	cmds_complete_snaps(char *buf, size_t size, char *list,
	    size_t lsize, const struct layout *l, const char *const *snaps,
	    size_t n);
/* The number of help lines the commands add to the overlay. */
size_t	cmds_help_count(void);
/* Command help line I: *KEYS (its usage) and *WHAT; false past the last. */
bool	cmds_help_line(size_t i, const char **keys, const char **what);

#endif
