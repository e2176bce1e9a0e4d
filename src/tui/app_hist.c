/* SPDX-License-Identifier: ISC */
/*
 * app_hist.c - the app's actions for the change log panel (issue 14).
 *
 * The log (logpanel.c) is one of the panel's contents, beside the
 * inspector and the fields: L shows it in the panel's place and L again
 * goes back to what the panel showed before.  Tab from the ASCII pane
 * gives its list the keys, as for the field list; Enter on an entry
 * becomes a jump here.
 *
 * Time travel: < and > step the view through the window's past frames
 * (past.c rebuilds them from the same change log), . and Esc return to
 * live.  The frame shown is a fixed position in the change log, so
 * "viewing N s ago" grows while it is shown; each tick rebuilds it for
 * where the window is (app_past_frame), and goes live with a message if
 * the ring dropped it meanwhile.  While a past frame is shown,
 * app_live_view is false: every key and command that would store (R, u,
 * ^R, :set, :r, :fill) or write out bytes (y, :w FILE) asks
 * app_past_refuses first and stops there, so the store path is never
 * reached from the past (tests/unit/check_past_app.c).  A fired break
 * (issue 15, brk.c) holds the view the same way: app_live_view is the
 * one question for both, app_hold_why says which and how to get back,
 * and app_continue lets a break go.  Split from app.c by concern.
 */
#include "config.h"

#include "app.h"
#include "app_hist.h"
#include "brk.h"
#include "edit.h"
#include "fields.h"
#include "changelog.h"
#include "logpanel.h"
#include "nav.h"
#include "past.h"
#include "snap.h"

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

/* False while a past frame is shown or a break holds the view. */
bool
app_live_view(const struct app *a)
{
	return !a->past_on && !brk_paused(a->brk);
}

/* True while a fired break (issue 15) holds the view. */
bool
app_brk_held(const struct app *a)
{
	return brk_paused(a->brk);
}

/* Why nothing may be stored now, with the way back; NULL when live. */
const char *
app_hold_why(const struct app *a)
{
	if (brk_paused(a->brk))
		return "a break holds the view (Esc continues)";
	if (a->past_on)
		return "viewing the past (. or Esc returns to live)";
	return NULL;
}

/* Refuse WHAT while a past frame is shown; true when refused. */
bool
app_past_refuses(struct app *a, const char *what)
{
	if (app_live_view(a))
		return false;
	app_msg(a, APP_MSG_ERROR, "%s refused: %s; nothing was stored", what,
	    app_hold_why(a));
	return true;
}

/* Show frame AT (past.h: a log position), or live (ON false); APP_*. */
static int
app_past_show(struct app *a, bool on, uint64_t at)
{
	a->past_on = on;
	a->past_at = at;
	app_past_frame(a);
	return APP_REDRAW | APP_FRESH;
}

/* <: the window's frame just before its last change; APP_* bits. */
int
app_past_back(struct app *a)
{
	const struct changelog	*log = logpanel_log(a->log);
	uint64_t		 to, at = a->past_on ? a->past_at :
				    past_live(log);

	/* issue 15: held, the frame shown is the break's, not the last. */
	if (!a->past_on && brk_paused(a->brk))
		at = a->brk_at;

	/*
	 * A paused window publishes no new frames, and a past frame is
	 * rebuilt from the one it has: a frame later than the pause began
	 * would lack what the pause hid.  Resume first (p).
	 */
	if (a->paused) {
		app_msg(a, APP_MSG_ERROR, "< steps back from the live view: "
		    "p resumes it first");
		return APP_REDRAW;
	}
	if (!past_back(a->past, log, a->nav.top, nav_window(&a->nav), at,
	    &to)) {
		app_msg(a, APP_MSG_INFO, "%s", a->past_on ? "no earlier "
		    "change to these rows is kept" : "no change to these rows "
		    "is kept yet");
		return APP_REDRAW;
	}
	return app_past_show(a, true, to);
}

/* >: the next frame, or live after the last; APP_* bits. */
int
app_past_forward(struct app *a)
{
	uint64_t	to;

	if (!a->past_on) {
		app_msg(a, APP_MSG_INFO, "already live: < steps back");
		return APP_REDRAW;
	}
	/* Frames after the pause began would miss what the pause hid. */
	if (a->paused) {
		app_msg(a, APP_MSG_ERROR, "> steps towards the live view: p "
		    "resumes it first");
		return APP_REDRAW;
	}
	if (past_forward(a->past, logpanel_log(a->log), a->nav.top,
	    nav_window(&a->nav), a->past_at, &to) &&
	    !(brk_paused(a->brk) && to >= a->brk_at))
		return app_past_show(a, true, to);
	/* issue 15: frames after a break's are what it holds back. */
	app_msg(a, APP_MSG_INFO, "%s", brk_paused(a->brk) ? "the frame the "
	    "break holds (. or Esc continues)" : "live");
	return app_past_show(a, false, 0);
}

/* . and Esc: back to the live view (false: it was live already). */
bool
app_past_live(struct app *a)
{
	if (!a->past_on)
		return false;
	app_past_show(a, false, 0);
	app_msg(a, APP_MSG_INFO, "live");
	return true;
}

/*
 * history (issue 14): rebuild the past frame shown for the window as it
 * is now (moved, or with news to undo on top); nothing when live.
 */
void
app_past_frame(struct app *a)
{
	if (!a->past_on)
		return;
	/* The ring dropped the frame's changes: it cannot be rebuilt. */
	if (a->past_at < changelog_dropped(logpanel_log(a->log))) {
		a->past_on = false;
		app_msg(a, APP_MSG_WARN, "live: the frame shown was dropped "
		    "from the history (--log-size keeps more)");
		return;
	}
	a->past_snap = past_frame(a->past, logpanel_log(a->log), a->past_at,
	    snapper_snap(a->snapper), &a->past_known);
}

/* catch (issue 15): Esc, '.', :continue; APP_* bits. */
int
app_continue(struct app *a)
{
	int	r = brk_continue(a->brk);

	/* A past frame stepped to from the hold goes too: live means live. */
	if ((r & APP_RESNAP) && a->past_on)
		r |= app_past_show(a, false, 0);
	/* The frame held since the break goes live, unless p holds it too. */
	if ((r & APP_RESNAP) && !a->paused)
		snapper_publish(a->snapper);
	return r;
}
