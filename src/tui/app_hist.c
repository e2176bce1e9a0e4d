/* SPDX-License-Identifier: ISC */
/*
 * app_hist.c - the app's actions for the change log panel (issue 14).
 *
 * The log (logpanel.c) is one of the panel's contents, beside the
 * inspector and the fields: L shows it in the panel's place and L again
 * goes back to what the panel showed before.  Tab from the ASCII pane
 * gives its list the keys, as for the field list; Enter on an entry
 * becomes a jump here.  Split from app.c by concern: these touch the
 * app's panel state and nothing else of it.
 */
#include "config.h"

#include "app.h"
#include "app_hist.h"
#include "edit.h"
#include "fields.h"
#include "logpanel.h"

/* L, :log: show the change log in the panel, or go back; APP_* bits. */
int
app_log_toggle(struct app *a)
{
	if (a->inspector && a->panel_what == APP_SHOW_LOG) {
		/* Back to what the panel showed before L (maybe nothing). */
		logpanel_set_focus(a->log, false);
		a->panel_what = a->log_before;
		a->inspector = a->log_was_shown;
		return APP_RELAYOUT | APP_REDRAW | APP_RESNAP;
	}
	if (a->panel_what != APP_SHOW_LOG) {
		a->log_before = a->panel_what;
		a->log_was_shown = a->inspector;
	}
	a->inspector = true;
	a->panel_what = APP_SHOW_LOG;
	fields_set_focus(a->fields, false);
	return APP_RELAYOUT | APP_REDRAW | APP_RESNAP;
}

/* Tab from the ASCII pane: give the shown log the keys. */
bool
app_log_tab(struct app *a)
{
	if (edit_pane(a->edit) != EDIT_PANE_ASCII || !a->inspector ||
	    a->panel_what != APP_SHOW_LOG || a->panel == GEOM_PANEL_HIDDEN)
		return false;
	edit_hex_pane(a->edit);
	logpanel_set_focus(a->log, true);
	app_msg(a, APP_MSG_INFO, "change log: j/k choose, Enter jumps there, "
	    "Tab returns");
	return true;
}

/* KEY while the log list has the keys: true with *R (APP_* bits). */
bool
app_log_key(struct app *a, int key, int *r)
{
	bool		jump;
	uint64_t	to;

	if (!logpanel_focused(a->log))
		return false;
	*r = logpanel_key(a->log, key, &jump, &to) | APP_ACTIVE;
	if (jump)
		*r |= app_jump(a, to);
	return true;
}
