/* SPDX-License-Identifier: ISC */
/*
 * keymap.h - the viewer's one key table, its dispatcher and its help.
 *
 * Every key binding is a row {keys, mode, help text, action}; the help
 * overlay is generated from the same rows (and from the ':' command
 * table, cmds.h), so a key cannot be bound without appearing in help, nor
 * appear in help without being bound.  Keys are livehex keys (keys.h).
 */
#ifndef LIVEHEX_KEYMAP_H
#define LIVEHEX_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

struct app;

/* Where a row's keys act (bits). */
#define KEYMAP_NORMAL	0x01	/* normal mode: keys are commands */
#define KEYMAP_EDIT	0x02	/* edit mode (R until Esc) */
#define KEYMAP_LESSON	0x04	/* only while a lesson runs (issue 18) */
#define KEYMAP_REPLAY	0x08	/* only in livehex replay (issue 14) */

/* keymap_mouse's button for button 1 coming up (the end of a drag). */
#define KEYMAP_MOUSE_UP	6

/* Keys that run one action. */
struct keymap_bind {
	int		 keys[4];	/* livehex keys; 0 ends the list */
	int		 (*fn)(struct app *);	/* APP_* bits */
};

/* One row: one help line, and the one or two actions it names. */
struct keymap_row {
	unsigned	 mode;		/* KEYMAP_* bits */
	const char	*keys;		/* help: how the user types them */
	const char	*what;		/* help: what they do */
	/*
	 * The actions (a pair such as previous / next shares a line).  A row
	 * without any documents input another module reads: the mouse
	 * (keymap_mouse) or typing in edit mode (edit_mode_key).
	 */
	struct keymap_bind bind[2];
};

/* The key table, and its length. */
extern const struct keymap_row keymap_rows[];
extern const size_t keymap_nrows;

/* Handle one livehex KEY; APP_* bits. */
int	keymap_key(struct app *a, int key);
/* A mouse event at ROW/COL (button 1, 4, 5, KEYMAP_MOUSE_UP); APP_* bits. */
int	keymap_mouse(struct app *a, int row, int col, int button);
/* The terminal's paste (N keys): stored in edit mode, else refused. */
int	keymap_paste(struct app *a, const int *keys, size_t n);
/* ^R " in edit mode: store the register's bytes at the cursor. */
int	keymap_paste_register(struct app *a);
/* Store LEN bytes of B at the cursor as one undo step (WHAT); APP_* bits. */
int	keymap_paste_here(struct app *a, const unsigned char *b, size_t len,
	    const char *what);
/* The number of lines in the help overlay (LESSON: a lesson runs). */
size_t	keymap_help_count_for(bool lesson);
/*
 * Help line I: *KEYS and *WHAT; false past the last line.  The lesson's
 * keys are listed only while one runs (LESSON).
 */
bool	keymap_help_line_for(size_t i, bool lesson, const char **keys,
	    const char **what);
/* Every line (as while a lesson runs): the tests' full list. */
static inline size_t
keymap_help_count(void)
{
	return keymap_help_count_for(true);
}
/* Help line I of every line (as while a lesson runs). */
static inline bool
keymap_help_line(size_t i, const char **keys, const char **what)
{
	return keymap_help_line_for(i, true, keys, what);
}

#endif
