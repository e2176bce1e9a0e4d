/* SPDX-License-Identifier: ISC */
/*
 * keymap_paste.c - bytes put in from outside the keys: the terminal's
 * paste (bracketed) and the register (^R " in edit mode).
 *
 * Pasting is a write, so it happens only in edit mode; a paste is typed
 * input (hex text in the hex pane, bytes in the text pane, parsed whole by
 * yank_paste.c) stored as one undo step through edit_put, or refused
 * whole, never past the end of the file.  Into an open prompt a paste is
 * the line's text instead.  Split from keymap.c (which dispatches the
 * keys) to keep each file one concern; like every action these return
 * APP_* bits and never draw.
 */
#include "config.h"

#include <stdlib.h>

#include "app.h"
#include "app_hist.h"
#include "edit.h"
#include "keymap.h"
#include "keys.h"
#include "nav.h"
#include "status.h"
#include "yank.h"
#include "yank_paste.h"

/*
 * Store LEN bytes of B at the cursor as one undo step (a paste, WHAT),
 * the cursor then past them as after typing; APP_* bits.
 */
int
keymap_paste_here(struct app *a, const unsigned char *b, size_t len,
    const char *what)
{
	uint64_t	at = a->nav.cursor;
	bool		done;
	int		r = edit_put(a->edit, at, b, len, what, &done);

	if (done)
		r |= app_nav(nav_goto(&a->nav, at + len < a->nav.size ?
		    at + len : a->nav.size - 1));
	return r | APP_REDRAW | APP_RESNAP | APP_ACTIVE;
}

/* ^R " in edit mode: store the register's bytes at the cursor. */
int
keymap_paste_register(struct app *a)
{
	size_t			 len;
	const unsigned char	*b = yank_register(a->yank, &len);

	if (b == NULL) {
		app_msg(a, APP_MSG_INFO, "the register is empty: y yanks a "
		    "selection into it");
		return APP_REDRAW;
	}
	return keymap_paste_here(a, b, len, "^R \" paste");
}

/*
 * The terminal's paste (N keys, yank_paste.h): typed input, so only in
 * edit mode, stored whole as one undo step or refused whole; APP_* bits.
 */
int
keymap_paste(struct app *a, const int *keys, size_t n)
{
	unsigned char	*b;
	size_t		 len;
	int		 r;

	if (status_prompt(a->status) != STATUS_PROMPT_NONE) {
		/*
		 * Into the prompt: its printable characters, as typed.  Why
		 * no control characters: a pasted Esc or Enter would close
		 * or run the line, and the rest would act as commands.
		 */
		r = 0;
		for (size_t i = 0; i < n; i++)
			if (keys_is_char(keys[i]) && keys[i] >= 0x20 &&
			    keys[i] != 0x7f)
				r |= keymap_key(a, keys[i]);
		return r | APP_REDRAW;
	}
	app_msg_clear(a);
	if (a->help || a->fill != NULL ||
	    edit_asking(a->edit) != EDIT_ASK_NONE) {
		app_msg(a, APP_MSG_WARN, "paste refused: %s; nothing stored",
		    a->help ? "the help is up" : "answer the question first");
		return APP_REDRAW | APP_ACTIVE;
	}
	/* catch (issue 15), history (14): a hold or the past stores nothing. */
	if (!app_live_view(a)) {
		app_msg(a, APP_MSG_WARN, "paste refused: %s; nothing stored",
		    app_hold_why(a));
		return APP_REDRAW | APP_ACTIVE;
	}
	if (edit_mode(a->edit) != EDIT_MODE_EDIT) {
		app_msg(a, APP_MSG_WARN, "paste refused: not in edit mode (R, "
		    "then paste); nothing stored");
		return APP_REDRAW | APP_ACTIVE;
	}
	b = yank_paste_bytes(keys, n, edit_pane(a->edit) == EDIT_PANE_HEX,
	    &len, a->status);
	if (b == NULL)
		return APP_REDRAW | APP_ACTIVE;
	r = keymap_paste_here(a, b, len, "paste");
	free(b);
	return r;
}
