/* SPDX-License-Identifier: ISC */
/*
 * cmds_edit.c - the ':' commands that store from edit mode: :r FILE and
 * :fill BYTES (issue 17).
 *
 * Pasting is a write, so these store only in edit mode (R, then : in the
 * hex pane or ^O : in the text pane; edit mode stays on after the
 * command); outside it they refuse and say how.  Each is one undo step
 * through edit_put, refused whole past the end of the file: the file never
 * grows from here.  Their rows are in cmds.c's one table; split from
 * cmds.c to keep files one concern.  Like every action these return APP_*
 * bits and never draw; no curses.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmds.h"
#include "edit.h"
#include "select.h"
#include "yank_file.h"

/*
 * Pasting is a write, so :r and :fill (NAME) store only in edit mode
 * (issue 17).  *ARGS without its blanks; false, with the usage or saying
 * how to get to edit mode, when the command cannot run.
 */
static bool
cmds_edit_ready(struct app *a, const char **args, const char *name)
{
	*args = cmds_skip(*args);
	if (**args == '\0') {
		cmds_usage(a, cmds_find(name, strlen(name)));
		return false;
	}
	if (edit_mode(a->edit) == EDIT_MODE_EDIT)
		return true;
	app_msg(a, APP_MSG_ERROR, ":%s: edit mode only: R, then : (^O : in "
	    "the text pane); nothing stored", name);
	return false;
}

/* :r FILE: store FILE's bytes at the cursor, one undo step, never growing. */
int
cmds_edit_read(struct app *a, const char *args)
{
	unsigned char	*buf;
	size_t		 n;
	int		 r;

	if (!cmds_edit_ready(a, &args, "r"))
		return APP_REDRAW;
	if (a->nav.size == 0) {
		app_msg(a, APP_MSG_ERROR, ":r: the file is empty; it never "
		    "grows from here");
		return APP_REDRAW;
	}
	buf = yank_file_read(args, a->nav.size - a->nav.cursor, &n,
	    a->status);
	if (buf == NULL)
		return APP_REDRAW;
	r = edit_put(a->edit, a->nav.cursor, buf, n, ":r", NULL);
	free(buf);
	return r | APP_REDRAW | APP_RESNAP;
}

/* :fill BYTES: the selection filled with BYTES repeated (asks above 1 MiB). */
int
cmds_edit_fill(struct app *a, const char *args)
{
	uint64_t	 start, len = 0;
	unsigned char	*buf;
	int		 r;

	if (!cmds_edit_ready(a, &args, "fill"))
		return APP_REDRAW;
	/* The selection was made before R (v is a character in edit mode). */
	if (!select_range(a->select, a->nav.cursor, a->nav.size, &start, &len))
		app_msg(a, APP_MSG_ERROR, ":fill fills the selection: select "
		    "bytes first (v, before R)");
	if (len == 0 || (buf = select_pattern(args, len, a->status)) == NULL)
		return APP_REDRAW;
	if (len > SELECT_FILL_ASK) {
		/* keymap_key takes the answer (keymap_fill_answer). */
		free(a->fill);
		a->fill = buf;
		a->fill_off = start;
		a->fill_len = (size_t)len;
		app_msg(a, APP_MSG_WARN, "fill %llu bytes at 0x%llx? (y/n)",
		    (unsigned long long)len, (unsigned long long)start);
		return APP_REDRAW;
	}
	r = edit_put(a->edit, start, buf, (size_t)len, ":fill", NULL);
	free(buf);
	select_end(a->select);
	return r | APP_REDRAW | APP_RESNAP;
}
