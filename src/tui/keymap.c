/* SPDX-License-Identifier: ISC */
/*
 * keymap.c - the viewer's one key table, its dispatcher and its help.
 *
 * keymap_rows[] is the only list of key bindings: each row names its keys,
 * the mode they act in, the help line that shows them, and the action
 * (one, or a pair such as previous / next on one help line).  The help
 * overlay is generated from these rows and from the ':' command table
 * (cmds.c): normal-mode rows first, then the commands, then the rows of
 * edit mode under a heading.  So nothing can be bound without help, and
 * no help line names a key that does nothing.
 *
 * The dispatcher (keymap_key) decides who gets a key, in this order: the
 * prompt, the help overlay, a resize, a yes/no question, edit mode, a
 * running search (Esc), the field list, a mark's letter, then the table.
 * In edit mode the edit rows come first; then a character is typed
 * (edit_mode_key) and a key that is not a character (an arrow, PgDn, F1)
 * reaches the normal rows, so moving the cursor works in both modes.
 *
 * Keys are livehex keys (keys.h): this file never sees a curses code and
 * builds without curses.  The mouse is keymap_mouse.c's.  Like every action, these return APP_* bits and
 * never draw.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "app_hist.h"
#include "caption.h"
#include "cmds.h"
#include "cmds_scan.h"
#include "cmds_snap.h"
#include "diffview.h"
#include "edit.h"
#include "fields.h"
#include "find.h"
#include "keymap.h"
#include "keys.h"
#include "nav.h"
#include "player.h"
#include "row.h"
#include "select.h"
#include "snap.h"
#include "status.h"
#include "strip.h"
#include "yank.h"
#include "yank_paste.h"

#define CTRL(c)		KEYS_CTRL(c)

/* ---- key actions (each: struct app *, returns APP_* bits) ------------------ */

static int act_left(struct app *a) { return app_manual(a, nav_move(&a->nav, -1)); }
static int act_right(struct app *a) { return app_manual(a, nav_move(&a->nav, 1)); }
static int act_up(struct app *a) { return app_manual(a, nav_move_rows(&a->nav, -1)); }
static int act_down(struct app *a) { return app_manual(a, nav_move_rows(&a->nav, 1)); }
static int act_pgup(struct app *a) { return app_manual(a, nav_page(&a->nav, -1)); }
static int act_pgdn(struct app *a) { return app_manual(a, nav_page(&a->nav, 1)); }
static int act_home(struct app *a) { return app_manual(a, nav_row_edge(&a->nav, 0)); }
static int act_end(struct app *a) { return app_manual(a, nav_row_edge(&a->nav, 1)); }

/* g: the first byte. */
static int
act_top(struct app *a)
{
	return app_jump(a, 0);
}

/* G: the last byte. */
static int
act_bottom(struct app *a)
{
	return app_jump(a, UINT64_MAX);
}

/* i: cycle the panel: inspector, the layout's fields (if any), none. */
static int
act_inspector(struct app *a)
{
	if (!a->inspector) {
		a->inspector = true;
		a->panel_what = APP_SHOW_INSPECTOR;
	} else if (a->panel_what == APP_SHOW_INSPECTOR &&
	    fields_layout(a->fields) != NULL)
		a->panel_what = APP_SHOW_FIELDS;
	else {
		a->inspector = false;
		fields_set_focus(a->fields, false);
	}
	return APP_RELAYOUT | APP_REDRAW | APP_RESNAP;
}

/* m, ', ] and [: wait for the next key (keymap_key remembers which). */
static int
act_mark_prefix(struct app *a)
{
	(void)a;
	return APP_REDRAW;
}

/* The letter after m (set) or ' (jump), or c after ] or [; APP_* bits. */
static int
keymap_mark_key(struct app *a, int prefix, int key)
{
	uint64_t	here;

	if (prefix == ']' || prefix == '[') {
		unsigned	count = a->count;	/* issue 14: 3]d */

		a->count = 0;
		if (key == 'd')
			return cmds_snap_jump(a, prefix == '[', count);
		if (key == 'c')
			return strip_jump(a->strip, &a->nav, a->now,
			    prefix == '[', a->status, &here) ?
			    app_jump(a, here) | APP_REDRAW : APP_REDRAW;
		app_msg(a, APP_MSG_ERROR, "%cc jumps to a changed region, %cd "
		    "to a difference; %c%c is not a command", prefix, prefix,
		    prefix, key);
		return APP_REDRAW;
	}
	if (prefix == '\'' && key == '\'') {
		if (!a->have_jump) {
			app_msg(a, APP_MSG_INFO, "no jump to return from yet");
			return APP_REDRAW;
		}
		return app_jump(a, a->jump_from);
	}
	if (key < 'a' || key > 'z') {
		app_msg(a, APP_MSG_ERROR, "marks are letters a-z");
		return APP_REDRAW;
	}
	if (prefix == 'm') {
		a->marks[key - 'a'] = a->nav.cursor;
		a->mark_set[key - 'a'] = true;
		app_msg(a, APP_MSG_INFO, "mark %c at 0x%llx", key,
		    (unsigned long long)a->nav.cursor);
		return APP_REDRAW;
	}
	if (!a->mark_set[key - 'a']) {
		app_msg(a, APP_MSG_ERROR, "mark %c is not set (m%c sets it)",
		    key, key);
		return APP_REDRAW;
	}
	here = a->marks[key - 'a'];
	if (here >= a->nav.size && a->nav.size > 0)
		app_msg(a, APP_MSG_WARN, "mark %c (0x%llx) is past the end now",
		    key, (unsigned long long)here);
	return app_jump(a, here);
}

static int act_quit(struct app *a) { return app_quit(a); }

/* u: undo an edit run (history, issue 14: never from the past). */
static int
act_undo(struct app *a)
{
	if (app_past_refuses(a, "u (undo)"))
		return APP_REDRAW;
	return edit_undo(a->edit, true, false);
}

/* ^R: redo an edit run (history, issue 14: never from the past). */
static int
act_redo(struct app *a)
{
	if (app_past_refuses(a, "^R (redo)"))
		return APP_REDRAW;
	return edit_undo(a->edit, false, false);
}

static int act_sync(struct app *a) { return edit_sync(a->edit, false); }
static int act_edit_pane(struct app *a) { return edit_switch_pane(a->edit); }
static int act_edit_backspace(struct app *a) { return edit_backspace(a->edit); }
static int act_edit_leave(struct app *a) { return edit_leave(a->edit); }

/* Tab: hex pane, ASCII pane, then the field list when it is shown. */
static int
act_tab(struct app *a)
{
	if (edit_pane(a->edit) == EDIT_PANE_ASCII &&
	    fields_layout(a->fields) != NULL &&
	    a->panel != GEOM_PANEL_HIDDEN && a->panel_what == APP_SHOW_FIELDS) {
		edit_hex_pane(a->edit);
		fields_set_focus(a->fields, true);
		app_msg(a, APP_MSG_INFO, "field list: j/k choose, Enter jumps "
		    "there, Tab returns");
		return APP_REDRAW;
	}
	if (app_log_tab(a))	/* history (issue 14): the change log's list */
		return APP_REDRAW;
	if (app_scan_tab(a))	/* catch (issue 15): :scan list */
		return APP_REDRAW;
	return edit_switch_pane(a->edit);
}

/* ?, F1: the help overlay. */
static int
act_help(struct app *a)
{
	return app_help(a, !a->help);
}

/* Open the one-line prompt for KIND, empty; APP_* bits. */
static int
keymap_prompt_open(struct app *a, enum status_prompt kind)
{
	status_prompt_open(a->status, kind);
	return APP_REDRAW;
}

/*
 * Tab in the ':' prompt: complete the line up to the cursor (the rest
 * stays after it); several choices are listed beside the line; APP_* bits.
 */
static int
keymap_prompt_tab(struct app *a)
{
	char	line[STATUS_LINE_MAX], tail[STATUS_LINE_MAX], list[STATUS_LINE_MAX];
	size_t	cur = status_prompt_cursor(a->status), n;
	const char *snaps[CMDS_SNAP_NAMES_MAX];	/* issue 14 */

	if (status_prompt(a->status) != STATUS_PROMPT_COMMAND)
		return 0;
	snprintf(tail, sizeof tail, "%s", status_prompt_line(a->status) + cur);
	snprintf(line, sizeof line, "%.*s", (int)cur,
	    status_prompt_line(a->status));
	n = cmds_complete_snaps(line, sizeof line, list, sizeof list,
	    fields_layout(a->fields), snaps,
	    cmds_snap_names(a, snaps, CMDS_SNAP_NAMES_MAX));
	/* LINE is the completed head; the tail goes back after it. */
	snprintf(line + n, sizeof line - n, "%s", tail);
	status_prompt_set_at(a->status, line, n);
	status_prompt_hint(a->status, list);
	return APP_REDRAW;
}

/* Edit the prompt line with KEY (Enter runs it, Tab completes); APP_* bits. */
static int
keymap_prompt_key(struct app *a, int key)
{
	char			line[STATUS_LINE_MAX];
	enum status_prompt	kind = status_prompt(a->status);

	switch (status_prompt_key(a->status, key, line)) {
	case STATUS_EDIT_ENTERED:
		if (kind == STATUS_PROMPT_SEARCH)
			return app_find(a, line, false) | APP_REDRAW;
		return cmds_run(a, line) | APP_REDRAW;
	case STATUS_EDIT_TAB:
		return keymap_prompt_tab(a);
	case STATUS_EDIT_CHANGED:
	case STATUS_EDIT_CLOSED:
		return APP_REDRAW;
	default:
		return 0;
	}
}

/* : and Ctrl-G: open the command line. */
static int
act_prompt(struct app *a)
{
	return keymap_prompt_open(a, STATUS_PROMPT_COMMAND);
}

/* /: open the search prompt. */
static int
act_search(struct app *a)
{
	return keymap_prompt_open(a, STATUS_PROMPT_SEARCH);
}

static int act_next(struct app *a) { return app_find(a, NULL, false); }

/* lessons (issue 18): n / N step the caption; APP_* bits. */
static int
keymap_step(struct app *a, bool forward)
{
	if (!caption_go(a->opts.caption, forward))
		app_msg(a, APP_MSG_INFO, forward ? "the last step: N goes back, "
		    "q quits" : "the first step: n goes on");
	return APP_RELAYOUT | APP_REDRAW;
}
static int act_step_next(struct app *a) { return keymap_step(a, true); }
static int act_step_prev(struct app *a) { return keymap_step(a, false); }
static int act_prev(struct app *a) { return app_find(a, NULL, true); }

/* p: pause or resume the live view. */
static int
act_pause(struct app *a)
{
	a->paused = !a->paused;
	if (a->paused) {
		a->changes_at_pause = snapper_changes(a->snapper);
		app_msg(a, APP_MSG_INFO, "paused: the frame is frozen; "
		    "changes are still counted (p resumes)");
		return APP_REDRAW;
	}
	app_msg(a, APP_MSG_INFO, "resumed: %llu changes while paused",
	    (unsigned long long)(snapper_changes(a->snapper) -
	    a->changes_at_pause));
	snapper_publish(a->snapper);
	return APP_REDRAW | APP_RESNAP;
}

/*
 * . (and Esc when nothing else takes it): back to the live view, from a
 * break's hold first (issue 15), else from a past frame (issue 14).
 */
static int
act_live(struct app *a)
{
	if (app_brk_held(a))
		return app_continue(a);
	if (!app_past_live(a))
		app_msg(a, APP_MSG_INFO, "already live: < steps back");
	return APP_REDRAW | APP_FRESH;
}

/* F: follow the end of a growing file. */
static int
act_follow(struct app *a)
{
	a->follow = !a->follow;
	app_msg(a, APP_MSG_INFO, a->follow ? "follow on: the cursor stays "
	    "on the last byte" : "follow off");
	if (a->follow)
		return app_nav(nav_goto(&a->nav, UINT64_MAX)) | APP_REDRAW;
	return APP_REDRAW;
}

/* R: enter edit (replace) mode. */
static int
act_edit(struct app *a)
{
	int	r;

	if (app_past_refuses(a, "R (edit mode)"))	/* history (issue 14) */
		return APP_REDRAW;
	r = edit_enter(a->edit);
	/* Typing goes to the bytes now, not to the field list. */
	if (edit_mode(a->edit) == EDIT_MODE_EDIT)
		fields_set_focus(a->fields, false);
	return r;
}

/* v: start a selection at the cursor (again: end it, as vim's v does). */
static int
act_visual(struct app *a)
{
	if (select_active(a->select)) {
		select_end(a->select);
		return APP_REDRAW;
	}
	if (a->nav.size == 0) {
		app_msg(a, APP_MSG_INFO, "the file is empty: nothing to select");
		return APP_REDRAW;
	}
	select_start(a->select, a->nav.cursor);
	return APP_REDRAW;
}

/* Esc: end the selection (else it just clears the message). */
static int
act_escape(struct app *a)
{
	if (app_past_live(a))	/* history (issue 14): the past first */
		return APP_REDRAW | APP_FRESH;
	select_end(a->select);
	return APP_REDRAW;
}

/* y: yank the selection in the form :yank chose; the selection ends. */
static int
act_yank(struct app *a)
{
	uint64_t	start, len;
	int		r;

	/* history (issue 14): y reads the file now, not the frame shown. */
	if (app_past_refuses(a, "y (yank)"))
		return APP_REDRAW;
	if (!select_range(a->select, a->nav.cursor, a->nav.size, &start,
	    &len)) {
		app_msg(a, APP_MSG_INFO, "nothing selected: v starts a "
		    "selection, y then yanks it");
		return APP_REDRAW;
	}
	r = yank_do(a->yank, a->select, a->door, start, len, a->status);
	select_end(a->select);
	return r;
}

/*
 * : in edit mode (tidy, issue 17): in the hex pane it is never a digit and
 * opens the command line, edit mode staying on; in the text pane it is
 * typed (^O : opens the line there).
 */
static int
act_edit_colon(struct app *a)
{
	int	r;

	if (edit_pane(a->edit) == EDIT_PANE_ASCII) {
		r = edit_mode_key(a->edit, ':');
		return r == -1 ? 0 : r;
	}
	r = edit_command(a->edit);
	return r | keymap_prompt_open(a, STATUS_PROMPT_COMMAND);
}

/* ^O in edit mode: the next key is a command (vim's; only ':' is one). */
static int
act_edit_cmd_prefix(struct app *a)
{
	(void)a;	/* keymap_run keeps the key as the prefix */
	return APP_REDRAW;
}

/* ^R in edit mode: the next key names the register ('"' pastes it). */
static int
act_paste_prefix(struct app *a)
{
	(void)a;
	return APP_REDRAW;
}

/* The answer KEY to ":fill ... ? (y/n)"; APP_* bits. */
static int
keymap_fill_answer(struct app *a, int key)
{
	int	r = APP_REDRAW;

	if (key == 'y' || key == 'Y') {
		r |= edit_put(a->edit, a->fill_off, a->fill, a->fill_len,
		    ":fill", NULL) | APP_RESNAP;
		select_end(a->select);
	} else
		app_msg(a, APP_MSG_INFO, "fill cancelled: nothing stored");
	free(a->fill);
	a->fill = NULL;
	return r;
}

/* ^C: cancel a running search; with nothing running, quit as q does. */
static int
act_interrupt(struct app *a)
{
	if (find_running(a->find))
		return app_found(a, find_cancel(a->find, a->door, a->status),
		    0);
	return app_quit(a);
}

/* ^Z: suspend (the loop gives the terminal back and stops us). */
static int
act_suspend(struct app *a)
{
	(void)a;
	return APP_SUSPEND | APP_REDRAW;
}

/* Ctrl-L: redraw everything. */
static int
act_redraw(struct app *a)
{
	snapper_touch(a->snapper);
	return APP_REDRAW | APP_RESNAP;
}

/* ---- the table ------------------------------------------------------------- */

#define N	KEYMAP_NORMAL
#define E	KEYMAP_EDIT
#define L	KEYMAP_LESSON
#define P	KEYMAP_REPLAY

const struct keymap_row keymap_rows[] = {
	{ N, "Left h  Right l", "previous / next byte",
	  { { { KEYS_LEFT, 'h' }, act_left }, { { KEYS_RIGHT, 'l' }, act_right } } },
	{ N, "Up k  Down j", "previous / next row",
	  { { { KEYS_UP, 'k' }, act_up }, { { KEYS_DOWN, 'j' }, act_down } } },
	{ N, "PgUp ^B  PgDn ^F Space", "previous / next screen",
	  { { { KEYS_PGUP, CTRL('b') }, act_pgup },
	    { { KEYS_PGDN, CTRL('f'), ' ' }, act_pgdn } } },
	{ N, "Home ^  End $", "start / end of the row",
	  { { { KEYS_HOME, '^' }, act_home }, { { KEYS_END, '$' }, act_end } } },
	{ N, "g  G", "start / end of the file",
	  { { { 'g' }, act_top }, { { 'G' }, act_bottom } } },
	{ N, ": or ^G", "go to: 0x1000, +16, -16, 50%, $, .+4*8, 'a+4",
	  { { { ':', CTRL('g') }, act_prompt } } },
	/* The prompt's own keys (status_prompt_key reads them). */
	{ N, "  in : and /", "Left Right Home End ^A ^E move; Del ^U ^K ^W erase",
	  { { { 0 }, NULL } } },
	{ N, "  in : and /",
	  "Up Down: history; Tab: commands, files, types, fields",
	  { { { 0 }, NULL } } },
	{ N, "mouse", "click places the cursor, drag selects, wheel scrolls",
	  { { { 0 }, NULL } } },
	{ N, "v  Esc", "select from here (motions extend it; mouse drag) / "
	  "end", { { { 'v' }, act_visual }, { { KEYS_ESC }, act_escape } } },
	{ N, "y", "yank the selection (:yank FORM; OSC 52 clipboard)",
	  { { { 'y' }, act_yank } } },
	{ N, "p", "pause: freeze the frame, keep counting changes",
	  { { { 'p' }, act_pause } } },
	/* history (issue 14) */
	{ N, "<  >", "the rows as before their last change / the next frame",
	  { { { '<' }, app_past_back }, { { '>' }, app_past_forward } } },
	{ N, ".  Esc", "back to live, after < or a break (edits refuse)",
	  { { { '.' }, act_live } } },
	{ N, "F", "follow the end of a growing file", { { { 'F' }, act_follow } } },
	{ N, "R", "edit mode: typing overwrites bytes (Esc leaves)",
	  { { { 'R' }, act_edit } } },
	{ N, "/", "search: de ad ?? ef, \"text\", i\"text\", u32le:1234",
	  { { { '/' }, act_search } } },
	{ N, "n  N", "next / previous match (wraps; Esc cancels a long one)",
	  { { { 'n' }, act_next }, { { 'N' }, act_prev } } },
	/*
	 * lessons (issue 18): only while one runs, when it wins over the
	 * row above (keymap_key); help lists it with the normal rows.
	 */
	{ L, "n  N", "in a lesson: next / previous step (n scrolls first)",
	  { { { 'n' }, act_step_next }, { { 'N' }, act_step_prev } } },
	/* replay (issue 14): only in livehex replay, winning over the rest */
	{ P, "Space  o", "in a replay: play / pause, one change (paused)",
	  { { { ' ' }, player_toggle }, { { 'o' }, player_step } } },
	{ P, "+  -", "in a replay: twice / half as fast",
	  { { { '+' }, player_faster }, { { '-' }, player_slower } } },
	{ P, "O", "in a replay: again from the start (:seek T goes to T)",
	  { { { 'O' }, player_restart } } },
	{ N, "i", "panel: inspector, layout fields, none",
	  { { { 'i' }, act_inspector } } },
	/* history (issue 14) */
	{ N, "L", "change log panel: newest first (Tab: list, Enter jumps)",
	  { { { 'L' }, app_log_toggle } } },
	{ N, "m a-z  ' a-z  ''", "set a mark, jump to it, jump back",
	  { { { 'm', '\'' }, act_mark_prefix } } },
	{ N, "]c  [c", "next / previous changed region (the strip)",
	  { { { ']', '[' }, act_mark_prefix } } },
	{ N, "]d  [d  3]d", "next / previous difference from the :diff "
	  "snapshot", { { { 0 }, NULL } } },
	{ N | E, "^L", "redraw the screen", { { { CTRL('l') }, act_redraw } } },
	{ N, "^C", "cancel a search (quit when nothing runs)",
	  { { { CTRL('c') }, act_interrupt } } },
	{ N | E, "^Z", "suspend (fg resumes)", { { { CTRL('z') }, act_suspend } } },
	{ N, "Tab", "hex pane, ASCII pane, field list or change log",
	  { { { '\t' }, act_tab } } },
	/* The field list's own keys (fields_key reads them, issue 13). */
	{ N, "  in the list", "j k move; Enter l h fold / unfold (a field: jump)",
	  { { { 0 }, NULL } } },
	{ N, "u  ^R", "undo / redo an edit run",
	  { { { 'u' }, act_undo }, { { CTRL('r') }, act_redo } } },
	{ N, "s", "msync the edited range (durability)", { { { 's' }, act_sync } } },
	{ N, "? F1", "this help (any key closes it)",
	  { { { '?', KEYS_F1 }, act_help } } },
	{ N, "q", "quit", { { { 'q' }, act_quit } } },
	{ E, "0-9 a-f A-F", "hex: overwrite (stored at the 2nd digit)",
	  { { { 0 }, NULL } } },
	{ E, "Space -", "hex: skipped between bytes (paste de ad)",
	  { { { 0 }, NULL } } },
	{ E, ":  ^O :", "a command (:r, :fill ...): hex pane :, text pane ^O :",
	  { { { ':' }, act_edit_colon }, { { CTRL('o') }, act_edit_cmd_prefix } } },
	{ E, "any character", "text: overwrite with its bytes (UTF-8)",
	  { { { 0 }, NULL } } },
	{ E, "arrows  Tab", "move (a new undo step)  other pane",
	  { { { '\t' }, act_edit_pane } } },
	{ E, "Backspace", "drop the half-typed digit (u undoes after Esc)",
	  { { { KEYS_BACKSPACE, 127, CTRL('h') }, act_edit_backspace } } },
	{ E, "^R \"", "store the register (y) here: one undo step",
	  { { { CTRL('r') }, act_paste_prefix } } },
	{ E, "paste", "the terminal's paste: hex text (hex pane), bytes (text)",
	  { { { 0 }, NULL } } },
	{ E, "Esc  ^C", "leave edit mode (half a byte is dropped)",
	  { { { KEYS_ESC, CTRL('c') }, act_edit_leave } } },
};
const size_t keymap_nrows = sizeof keymap_rows / sizeof keymap_rows[0];

#undef N
#undef E
#undef L
#undef P

/* The binding of KEY among the rows acting in MODE, or NULL. */
static const struct keymap_bind *
keymap_find(unsigned mode, int key)
{
	for (size_t i = 0; i < keymap_nrows; i++) {
		if (!(keymap_rows[i].mode & mode))
			continue;
		for (int b = 0; b < 2; b++) {
			const struct keymap_bind *kb = &keymap_rows[i].bind[b];

			if (kb->fn == NULL)
				continue;
			for (int k = 0; k < 4 && kb->keys[k] != 0; k++)
				if (kb->keys[k] == key)
					return kb;
		}
	}
	return NULL;
}

/* A key while the help is up: scroll it, or close it; APP_* bits. */
static int
keymap_help_key(struct app *a, int key)
{
	int	n = (int)keymap_help_count_for(a->opts.caption != NULL),
		room = a->help_room;

	if (n > room && (key == ' ' || key == 'j' || key == KEYS_PGDN ||
	    key == KEYS_DOWN)) {
		a->help_top += room;
		if (a->help_top > n - room)
			a->help_top = n - room;
		return APP_REDRAW;
	}
	if (n > room && (key == 'k' || key == KEYS_PGUP || key == KEYS_UP)) {
		a->help_top = a->help_top > room ? a->help_top - room : 0;
		return APP_REDRAW;
	}
	/* Any other key closes the help; the key itself is not acted on. */
	return app_help(a, false);
}

/* Run binding KB for KEY; APP_* bits. */
static int
keymap_run(struct app *a, const struct keymap_bind *kb, int key)
{
	int	r;

	/* m, ', ] and [ take the next key as their argument. */
	if (kb->fn == act_mark_prefix || kb->fn == act_paste_prefix ||
	    kb->fn == act_edit_cmd_prefix)
		a->prefix = key;
	r = kb->fn(a) | APP_ACTIVE | APP_REDRAW;
	/* A motion moved the selection's end: its sums follow. */
	return r | app_select_sums(a, false);
}

/*
 * catch (issue 15): KEY while a break holds the view (app_brk_held; a
 * past frame has its own gates, app_past_refuses): Esc and '.' continue; a key that would store (a typed byte, a
 * register paste, R, u, ^R, a yes to :fill or to an undo question) is
 * refused before it reaches the edit module; -1 for any other key, which
 * goes on as usual.
 */
static int
keymap_held(struct app *a, int key)
{
	const struct keymap_bind	*kb;
	enum edit_ask			 ask = edit_asking(a->edit);
	bool				 stores;

	if (a->fill != NULL || ask == EDIT_ASK_UNDO || ask == EDIT_ASK_REDO)
		stores = key == 'y' || key == 'Y';
	else if (ask != EDIT_ASK_NONE)
		return -1;
	else if (edit_mode(a->edit) == EDIT_MODE_EDIT) {
		stores = a->prefix == CTRL('r') ? key == '"' :
		    keys_is_char(key) && keymap_find(KEYMAP_EDIT, key) == NULL;
		if (stores)
			a->prefix = 0;
	} else if (a->prefix != 0 || fields_focused(a->fields))
		return -1;
	else if (key == '.' || key == KEYS_ESC)
		return act_live(a);
	else
		stores = (kb = keymap_find(KEYMAP_NORMAL, key)) != NULL &&
		    (kb->fn == act_edit || kb->fn == act_undo ||
		    kb->fn == act_redo);
	if (!stores)
		return -1;
	app_msg(a, APP_MSG_WARN, "refused: %s; nothing stored",
	    app_hold_why(a));
	return APP_REDRAW;
}

/* Handle one livehex KEY; APP_* bits. */
int
keymap_key(struct app *a, int key)
{
	const struct keymap_bind	*kb;
	int				 hist_r;	/* issue 14 */
	int				 held;

	if (status_prompt(a->status) != STATUS_PROMPT_NONE)
		return keymap_prompt_key(a, key) | APP_ACTIVE;
	if (a->help)
		return keymap_help_key(a, key) | APP_REDRAW | APP_ACTIVE;
	if (key == KEYS_RESIZE)
		return APP_RELAYOUT | APP_REDRAW;
	/* catch (issue 15): a break's hold; see keymap_held. */
	if (app_brk_held(a) && (held = keymap_held(a, key)) != -1)
		return held | APP_ACTIVE;
	if (a->fill != NULL)
		return keymap_fill_answer(a, key) | APP_ACTIVE;
	if (edit_asking(a->edit) != EDIT_ASK_NONE)
		return edit_answer(a->edit, keys_is_char(key) ? key : 0) |
		    APP_ACTIVE;
	if (edit_mode(a->edit) == EDIT_MODE_EDIT) {
		int	r;

		app_msg_clear(a);
		if (a->prefix == CTRL('o')) {
			a->prefix = 0;
			if (key == ':')
				return edit_command(a->edit) |
				    keymap_prompt_open(a, STATUS_PROMPT_COMMAND);
			app_msg(a, APP_MSG_ERROR, "^O : opens the command line; "
			    "nothing else follows ^O");
			return APP_REDRAW;
		}
		if (a->prefix == CTRL('r')) {
			a->prefix = 0;
			if (key == '"')
				return keymap_paste_register(a);
			app_msg(a, APP_MSG_ERROR, "^R \" stores the register; "
			    "nothing else follows ^R");
			return APP_REDRAW;
		}
		if ((kb = keymap_find(KEYMAP_EDIT, key)) != NULL)
			return keymap_run(a, kb, key);
		if ((r = edit_mode_key(a->edit, key)) != -1)
			return r | APP_ACTIVE;
		/* Not a character (an arrow, PgDn ...): a command. */
		goto normal;
	}
	if (find_running(a->find) && key == KEYS_ESC)
		return app_found(a, find_cancel(a->find, a->door, a->status),
		    0) | APP_ACTIVE;
	/* snapshots (issue 14): Esc stops a snapshot being taken. */
	if (key == KEYS_ESC && a->prefix == 0 && diffview_taking(a->diff))
		return diffview_cancel(a->diff) | APP_ACTIVE;
	if (app_log_key(a, key, &hist_r))	/* history (issue 14) */
		return hist_r;
	if (app_scan_key(a, key, &hist_r))	/* catch (issue 15): :scan */
		return hist_r;
	if (fields_focused(a->fields)) {
		bool		jump;
		uint64_t	to;
		int		r = fields_key(a->fields, key, &jump, &to);

		if (jump)
			r |= app_jump(a, to);
		return r | APP_ACTIVE;
	}
	if (a->prefix != 0) {
		int	prefix = a->prefix;

		a->prefix = 0;
		app_msg_clear(a);
		if (!keys_is_char(key) || key == KEYS_ESC)
			return APP_REDRAW;
		return keymap_mark_key(a, prefix, key) | APP_ACTIVE |
		    APP_REDRAW;
	}
	/* snapshots (issue 14): a count before ]d / [d */
	if (key >= '0' && key <= '9' && (key != '0' || a->count > 0)) {
		a->count = a->count > 9999 ? a->count : a->count * 10 +
		    (unsigned)(key - '0');
		/* Typing meant for the bytes is still told it stores nothing. */
		app_msg(a, APP_MSG_WARN, "not in edit mode: R to edit (%u]d "
		    "jumps %u differences)", a->count, a->count);
		return APP_REDRAW | APP_ACTIVE;
	}
	if (key != ']' && key != '[')
		a->count = 0;
	/* A new key clears the last message. */
	app_msg_clear(a);
normal:
	/* lessons (issue 18): the lesson's keys win while one runs. */
	if (a->opts.caption != NULL &&
	    (kb = keymap_find(KEYMAP_LESSON, key)) != NULL)
		return keymap_run(a, kb, key);
	/* replay (issue 14): the player's keys win in a replay. */
	if (a->opts.player != NULL &&
	    (kb = keymap_find(KEYMAP_REPLAY, key)) != NULL)
		return keymap_run(a, kb, key);
	if ((kb = keymap_find(KEYMAP_NORMAL, key)) != NULL)
		return keymap_run(a, kb, key);
	if (key < 0x80 && isalnum(key)) {
		/* Typing meant for the bytes: normal mode never stores. */
		app_msg(a, APP_MSG_WARN, "not in edit mode: R to edit");
		return APP_REDRAW | APP_ACTIVE;
	}
	app_msg(a, APP_MSG_INFO, "unbound key (press ? for help)");
	return APP_REDRAW | APP_ACTIVE;
}
