/* SPDX-License-Identifier: ISC */
/*
 * app_view.c - what the next frame shows: app_view fills a struct view
 * (view.h) from the app and its features, values copied and features by
 * const pointer, for draw.c to draw.  Why a copy rather than the app
 * itself: draw.c then cannot change the state, nor come to depend on
 * where the app or a feature keeps it.  A past frame (issue 14) replaces
 * the live snapshot here and nowhere else.  Split from app.c by concern;
 * no curses.
 */
#include "config.h"

#include "app.h"
#include "brk.h"
#include "changelog.h"
#include "door.h"
#include "fields.h"
#include "journal.h"
#include "logpanel.h"
#include "live.h"
#include "past.h"
#include "player.h"
#include "snap.h"
#include "view.h"

/* history (issue 14): how long before now moment T was (ms), 0 if not. */
static uint64_t
app_past_ago(const struct app *a, uint64_t t)
{
	return t < a->now ? a->now - t : 0;
}

/*
 * Fill *V with what the next frame shows: values copied, the snapshot
 * and the features by const pointer (view.h).  Why a copy rather than
 * the app itself: draw.c then cannot change the state, nor come to
 * depend on where the app or a feature keeps it.
 */
void
app_view(const struct app *a, struct view *v)
{
	*v = (struct view){
		/* history (issue 14): a past frame replaces the live one */
		.snap = a->past_on ? a->past_snap : snapper_snap(a->snapper),
		.past_known = a->past_on ? a->past_known : NULL,
		.past_ago = a->past_on ? app_past_ago(a, past_when(
		    logpanel_log(a->log), a->past_at)) : 0,
		.past_span = a->past_on ? app_past_ago(a, past_begin(a->past,
		    logpanel_log(a->log))) : 0,
		.changes = snapper_changes(a->snapper),
		.last_change = snapper_last_change(a->snapper),
		.nav = &a->nav,
		.file_size = door_size(a->door),
		.term_rows = a->term_rows,
		.term_cols = a->term_cols,
		.too_small = a->too_small,
		.geom = a->geom,
		.off_width = a->off_width,
		.body_x = a->body_x,
		.body_y = a->body_y,
		.panel = a->panel,
		.panel_fields = a->panel_what == APP_SHOW_FIELDS &&
		    fields_layout(a->fields) != NULL,
		.panel_log = a->panel_what == APP_SHOW_LOG,	/* issue 14 */
		.log = a->log,
		.panel_x = a->panel_x,
		.panel_y = a->panel_y,
		.panel_cols = a->panel_cols,
		.strip_x = a->strip_x,
		.caption_y = a->caption_y,
		.caption_rows = a->caption_rows,
		.path = a->shown_path,
		/* replay (issue 14): the player's line takes the banner's */
		.banner = a->opts.player != NULL ? player_line(a->opts.player,
		    live_now(a->live)) : a->opts.banner,
		.readonly = door_readonly_reason(a->door),
		.unsynced = journal_unsynced(a->journal, NULL, NULL),
		.deleted = a->deleted,
		.renamed = a->renamed,
		.now = a->now,
		.interval = app_interval(a),
		.rate = a->rate,
		.paused = a->paused,
		.changes_at_pause = a->changes_at_pause,
		.follow = a->follow,
		.marks = a->marks,
		.mark_set = a->mark_set,
		.help = a->help,
		.help_top = a->help_top,
		.help_room = a->help_room,
		.journal = a->journal,
		.edit = a->edit,
		.fields = a->fields,
		.find = a->find,
		.strip = a->strip,
		.select = a->select,
		.status = a->status,
		.caption = a->opts.caption,
		/* catch (issue 15) */
		.brk_banner = brk_banner(a->brk),
		.bells = brk_bells(a->brk),
		.pins = a->pins,
		.freeze = a->freeze,
		.pins_y = a->pins_y,
		.pins_rows = a->pins_rows,
		.panel_scan = a->panel_what == APP_SHOW_SCAN,
		.scan = a->scan,
		.diff = a->diff,	/* snapshots (issue 14) */
	};
}
