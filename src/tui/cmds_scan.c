/* SPDX-License-Identifier: ISC */
/*
 * cmds_scan.c - :scan in the viewer (issue 15): the command and the
 * app-level glue around scanview.c.
 *
 * scanview.c (below the app) owns the scan and its list; this file is
 * the part that needs struct app: :scan list puts the list in the panel
 * (where the inspector, fields or change log were: Esc or q brings that
 * back) and gives it the keys, :scan pin turns the candidates into pins
 * (pins.c) as u32le@0x1040 expressions, Enter in the list is a jump, and
 * the loop's tick and Esc reach the running round.  Like every action
 * these return APP_* bits and never draw; no curses.  Split from
 * app.c, which stays under its size, by concern.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "cmds_scan.h"
#include "door.h"
#include "edit.h"
#include "expr.h"
#include "fields.h"
#include "keys.h"
#include "live.h"
#include "pins.h"
#include "scanview.h"
#include "value.h"

/* True when the panel is up and shows the candidate list. */
static bool
cmds_scan_shown(const struct app *a)
{
	return a->inspector && a->panel_what == APP_SHOW_SCAN &&
	    a->panel != GEOM_PANEL_HIDDEN;
}

/* :scan list: the list in the panel, with the keys; APP_* bits. */
static int
cmds_scan_list(struct app *a)
{
	if (!scanview_active(a->scan)) {
		app_msg(a, APP_MSG_ERROR, "scan: no scan yet: :scan TYPE "
		    "[PRED] starts one (such as :scan u32)");
		return APP_REDRAW;
	}
	if (a->panel_what != APP_SHOW_SCAN) {
		a->scan_before = a->panel_what;
		a->scan_was_shown = a->inspector;
	}
	a->inspector = true;
	a->panel_what = APP_SHOW_SCAN;
	fields_set_focus(a->fields, false);
	edit_hex_pane(a->edit);
	scanview_refresh(a->scan, a->door);
	scanview_set_focus(a->scan, true);
	app_msg(a, APP_MSG_INFO, "scan list: %llu candidates; j/k choose, "
	    "Enter jumps there, Esc closes",
	    (unsigned long long)scanview_count(a->scan));
	return APP_RELAYOUT | APP_REDRAW | APP_RESNAP;
}

/* Esc or q in the list: the panel shows what it showed before. */
static int
cmds_scan_close(struct app *a)
{
	scanview_set_focus(a->scan, false);
	if (a->panel_what != APP_SHOW_SCAN)
		return APP_REDRAW;
	a->panel_what = a->scan_before;
	a->inspector = a->scan_was_shown;
	return APP_RELAYOUT | APP_REDRAW | APP_RESNAP;
}

/* :scan pin: the first candidates become pins, as many as fit; APP_*. */
static int
cmds_scan_pin(struct app *a)
{
	const struct value_type	*t = scanview_type(a->scan);
	uint64_t		 offs[CMDS_SCAN_PIN_MAX], total;
	size_t			 room, n, before, added;
	struct expr_env		 env;
	char			 text[64];
	int			 r = APP_REDRAW;

	if (t == NULL || scanview_running(a->scan)) {
		app_msg(a, APP_MSG_ERROR, "scan: %s", t == NULL ? "no scan to "
		    "pin: :scan TYPE [PRED] starts one" : "a round is running "
		    "(wait for it, or Esc cancels it)");
		return APP_REDRAW;
	}
	total = scanview_count(a->scan);
	before = pins_count(a->pins);
	room = PINS_MAX - before;
	if (room > CMDS_SCAN_PIN_MAX)
		room = CMDS_SCAN_PIN_MAX;
	if (total == 0 || room == 0) {
		app_msg(a, APP_MSG_ERROR, "scan pin: %s", total == 0 ?
		    "no candidates to pin" : "every pin is taken (:unpin N "
		    "or :unpin all makes room)");
		return APP_REDRAW;
	}
	n = scanview_offsets(a->scan, offs, room);
	/* Plain typed offsets: no layout, the file's size for "$". */
	memset(&env, 0, sizeof env);
	env.size = door_size(a->door);
	for (size_t i = 0; i < n; i++) {
		snprintf(text, sizeof text, "%s@0x%llx", t->name,
		    (unsigned long long)offs[i]);
		r |= pins_add(a->pins, text, &env, live_now(a->live));
	}
	added = pins_count(a->pins) - before;
	if (added == total)
		app_msg(a, APP_MSG_INFO, "scan pin: %zu pin%s added", added,
		    added == 1 ? "" : "s");
	else
		app_msg(a, APP_MSG_WARN, "scan pin: %zu of %llu candidates "
		    "pinned (pins hold %d; narrow with :scan PRED)", added,
		    (unsigned long long)total, PINS_MAX);
	return r | APP_RELAYOUT | APP_REDRAW;
}

/* :scan TYPE [PRED] [in A..B] | PRED | list | pin | reset */
int
cmds_scan(struct app *a, const char *args)
{
	while (*args == ' ')
		args++;
	if (strcmp(args, "list") == 0)
		return cmds_scan_list(a);
	if (strcmp(args, "pin") == 0)
		return cmds_scan_pin(a);
	return scanview_command(a->scan, args, a->door, a->nav.cursor) |
	    APP_ACTIVE;
}

/* The loop's tick: a running round's budget, the list's values; APP_*. */
int
app_scan_tick(struct app *a)
{
	return scanview_tick(a->scan, a->door, a->now, cmds_scan_shown(a));
}

/* Esc cancels a round; the list takes the keys it has; see cmds_scan.h. */
bool
app_scan_key(struct app *a, int key, int *r)
{
	bool		jump, close;
	uint64_t	to;

	if (key == KEYS_ESC && scanview_running(a->scan)) {
		*r = scanview_cancel(a->scan) | APP_ACTIVE;
		return true;
	}
	if (!scanview_focused(a->scan))
		return false;
	if (!cmds_scan_shown(a)) {
		/* The panel went away (i, L): the keys go back. */
		scanview_set_focus(a->scan, false);
		return false;
	}
	*r = scanview_key(a->scan, key, &jump, &to, &close) | APP_ACTIVE;
	if (jump)
		*r |= app_jump(a, to);
	if (close)
		*r |= cmds_scan_close(a);
	return true;
}

/* Tab from the ASCII pane: give the shown list the keys; true if so. */
bool
app_scan_tab(struct app *a)
{
	if (edit_pane(a->edit) != EDIT_PANE_ASCII || !cmds_scan_shown(a))
		return false;
	edit_hex_pane(a->edit);
	scanview_set_focus(a->scan, true);
	app_msg(a, APP_MSG_INFO, "scan list: j/k choose, Enter jumps there, "
	    "Esc closes");
	return true;
}
