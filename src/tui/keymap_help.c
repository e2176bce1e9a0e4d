/* SPDX-License-Identifier: ISC */
/*
 * keymap_help.c - the help overlay's lines, made from the one key table
 * (keymap.c's keymap_rows) and the command table (cmds.c): the normal
 * rows (a lesson's only while one runs), the commands, then edit mode's
 * rows under a heading.  Nothing can be bound without help, because the
 * help is the table.  Split from keymap.c by concern; no curses.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>

#include "cmds.h"
#include "keymap.h"

/* The heading above the edit-mode rows in the help overlay. */
static const char keymap_edit_keys[] = "-- edit mode --";
static const char keymap_edit_what[] = "(R; the status line says -- EDIT --)";

/* The number of lines in the help overlay (LESSON: a lesson runs). */
size_t
keymap_help_count_for(bool lesson)
{
	/* Every row, the commands and the edit mode's heading ... */
	size_t	n = keymap_nrows + cmds_help_count() + 1;

	/* ... less the lesson's keys when no lesson runs (issue 18). */
	for (size_t r = 0; !lesson && r < keymap_nrows; r++)
		n -= (keymap_rows[r].mode & KEYMAP_LESSON) != 0;
	return n;
}

/*
 * Help line I: *KEYS and *WHAT; false past the last line.  Normal rows
 * (those acting in both modes too; a lesson's only while one runs:
 * LESSON), the commands, then edit mode's.
 */
bool
keymap_help_line_for(size_t i, bool lesson, const char **keys,
    const char **what)
{
	for (size_t r = 0; r < keymap_nrows; r++) {
		/* lessons (issue 18): lesson rows are normal-mode keys. */
		/* replay (issue 14): the player's rows are listed too. */
		if (!(keymap_rows[r].mode & (KEYMAP_NORMAL | KEYMAP_LESSON |
		    KEYMAP_REPLAY)) ||
		    (!lesson && (keymap_rows[r].mode & KEYMAP_LESSON)))
			continue;
		if (i-- == 0) {
			*keys = keymap_rows[r].keys;
			*what = keymap_rows[r].what;
			return true;
		}
	}
	if (i < cmds_help_count())
		return cmds_help_line(i, keys, what);
	i -= cmds_help_count();
	if (i-- == 0) {
		*keys = keymap_edit_keys;
		*what = keymap_edit_what;
		return true;
	}
	for (size_t r = 0; r < keymap_nrows; r++) {
		if (keymap_rows[r].mode & (KEYMAP_NORMAL | KEYMAP_LESSON |
		    KEYMAP_REPLAY))
			continue;
		if (i-- == 0) {
			*keys = keymap_rows[r].keys;
			*what = keymap_rows[r].what;
			return true;
		}
	}
	return false;
}
