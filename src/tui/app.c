/* SPDX-License-Identifier: ISC */
/*
 * app.c - the viewer's state: its life, ticks, file events and moves.
 *
 * Every function here changes struct app and returns APP_* reaction bits;
 * none of them draws.  The file is a live session (live.h): the app
 * adopts the door it is given, keeps the view's window as one of the
 * session's windows (its snapper is what draw.c shows), ticks it with
 * live_tick on the session's clock (live_now), and subscribes to its
 * events: deletion, rename and replacement set the messages below, the
 * windows' changes keep the tick fast.  The fields panel has a second
 * window (fields.c) and the strip the session's page map (strip.c); our
 * own stores (edit.c, through store.h) reach all of them as ours through
 * live_stored, with no word from here.  Size changes are the session's
 * size (live_size) moving under the cursor.  Keys go through the key
 * table (keymap.c), ':' commands through the command table (cmds.c);
 * both end up in actions here and in the feature modules (edit, find,
 * fields, strip), which the app makes (their _new) with what they work
 * on and calls down to: what they hand back (a match, a field, a changed
 * region) becomes a jump here.  app_view gives the view (draw.c) its
 * read-only struct view for each frame.  No curses here: the actions are
 * driven by unit tests (tests/unit/check_app.c).
 */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "brk.h"
#include "diffview.h"	/* snapshots (issue 14) */
#include "freeze.h"
#include "pins.h"
#include "scanview.h"
#include "door.h"
#include "changelog.h"
#include "changemap.h"
#include "edit.h"
#include "fields.h"
#include "geom.h"
#include "find.h"
#include "select.h"
#include "strip.h"
#include "yank.h"
#include "esc.h"
#include "inspect.h"
#include "journal.h"
#include "layout.h"
#include "live.h"
#include "logpanel.h"
#include "past.h"
#include "snap.h"
#include "xmalloc.h"

/*
 * Tick intervals: fast while things happen, slow when idle (ms).  The
 * slow tick is a full look (app_tick: fstat, pread, compare) and runs
 * only where the loop cannot glance instead (no inotify, a window not
 * wholly in memory, a search running; --interval replaces both); when
 * it can, the loop wakes every LOOP_GLANCE_MS (10) for a glance without
 * a system call and looks every LOOP_LOOK_MS (100) (loop.c).  Why not a
 * shorter idle tick: what it costs is the wake-up itself, 33 to 46 us of
 * CPU on the 2-core VM whichever way the loop sleeps (poll, epoll,
 * nanosleep, timerfd: bench/wakeup), so 10 ms is already 0.3 to 0.5 % of
 * a core and 5 ms would double it (docs/performance.md, "The idle
 * tick").
 */
#define APP_TICK_FAST	1
#define APP_TICK_SLOW	10
/* How long after a change or a key to keep ticking fast (ms). */
#define APP_ACTIVE_MS	2000
/*
 * Fade steps happen on this clock (ms): a highlight steps down at the first
 * multiple of it past its exact time, so the steps of tokens stored a few
 * ms apart land in one frame instead of one frame each (loop.c).
 */
#define APP_FADE_CLOCK	50

/* The door_open() flags OPTS ask for. */
int
app_door_flags(const struct app_opts *opts)
{
	return (opts->readonly ? DOOR_RDONLY : 0) |
	    (opts->force_write ? DOOR_FORCE : 0);
}

/*
 * The file name alone, escaped, for messages (the header shows the whole
 * path).  Why from shown_path: esc_text never writes a '/', so the base
 * of the escaped path is the escaped base, and a newline or a backslash
 * in the name shows as \n or \\ instead of forging a status line.
 */
static const char *
app_base(const struct app *a)
{
	const char	*slash = strrchr(a->shown_path, '/');

	return slash != NULL && slash[1] != '\0' ? slash + 1 : a->shown_path;
}

/*
 * What the session says happened (live.h): messages for the file's
 * identity, said once each as the inotify handling used to; the bits go
 * to a->news for whoever made the session look (app_tick, app_file_news).
 */
static void
app_live_event(const struct live_event *ev, void *arg)
{
	struct app	*a = arg;

	switch (ev->kind) {
	case LIVE_DELETED:
		if (a->deleted)
			break;
		a->deleted = true;
		app_msg(a, APP_MSG_WARN, "%s was deleted; still showing the "
		    "open copy", app_base(a));
		a->news |= APP_REDRAW;
		break;
	case LIVE_RENAMED:
		if (a->renamed)
			break;
		a->renamed = true;
		app_msg(a, APP_MSG_WARN, "%s was renamed; still showing the "
		    "same file", app_base(a));
		a->news |= APP_REDRAW;
		break;
	case LIVE_REPLACED:
		if (a->replaced)
			break;
		a->replaced = true;
		app_msg(a, APP_MSG_WARN, "a new %s is there: :e reopens it",
		    app_base(a));
		a->news |= APP_REDRAW;
		break;
	case LIVE_BYTES:
		/*
		 * Another process is writing what we show (the view's window
		 * or the fields'): tick fast.  The strip's pages say it in
		 * strip_tick's bits.
		 */
		if (ev->source == LIVE_FROM_WINDOW)
			a->news |= APP_ACTIVE;
		break;
	default:
		/*
		 * SIZE: app_tick follows live_size; REOPENED: app_reopen;
		 * STORE: ours, and live_stored already took it into every
		 * window and the page map.
		 */
		break;
	}
}

/* The panel shows the layout's fields from now on (i cycles). */
static void
app_show_fields(struct app *a)
{
	a->panel_what = APP_SHOW_FIELDS;
	a->inspector = true;
}

/* Load the layout at PATH (:layout, --layout); APP_* bits. */
int
app_fields_load(struct app *a, const char *path)
{
	int	r = fields_load(a->fields, path);

	/* RELAYOUT: it loaded (a failure keeps the old one, if any). */
	if (r & APP_RELAYOUT)
		app_show_fields(a);
	return r;
}

/* Drop the layout (:layout off): the panel goes back to the inspector. */
int
app_fields_unload(struct app *a)
{
	int	r = fields_unload(a->fields);

	if (fields_layout(a->fields) == NULL &&
	    a->panel_what == APP_SHOW_FIELDS)
		a->panel_what = APP_SHOW_INSPECTOR;
	return r;
}

/* Make the app for OPTS with an open DOOR (taken over by a session). */
struct app *
app_new(const struct app_opts *opts, struct door *door)
{
	struct app	*a = xcalloc(1, sizeof *a);
	uint64_t	 dev, ino;

	a->opts = *opts;
	a->live = live_adopt(door, opts->path);
	a->door = live_door(a->live);
	a->journal = journal_new();
	a->inspector = true;
	/* Outside a UTF-8 locale, bytes >= 0x80 in names show as \xNN. */
	a->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	/* The door's name: a recording shows as FILE.lhrec@T (tidy). */
	a->shown_path = esc_text(door_name(a->door), a->utf8);
	a->status = status_new(a->utf8);
	a->find = find_new();
	a->fields = fields_new(a->live, a->status, a->utf8);
	a->strip = strip_new(a->live);
	a->select = select_new();
	a->yank = yank_new();
	/* 0, 0: no file to tell apart (a SysV segment), as fstat failing was. */
	live_identity(a->live, &dev, &ino);
	if (dev != 0 || ino != 0)
		journal_set_file(a->journal, dev, ino);
	nav_init(&a->nav, door_size(a->door), 16, 1);
	a->edit = edit_new(a->live, a->journal, &a->nav, a->status,
	    opts->sync_on_edit);
	a->now = 1;
	/* 7 bytes past the window: the inspector reads up to 8 at the cursor. */
	a->win = live_window_new(a->live, a->nav.top,
	    (size_t)nav_window(&a->nav) + 7, 0, LIVE_WINDOW_SNAPPER);
	a->snapper = live_window_snapper(a->win);
	/* history (issue 14): the change log, from the first look on */
	a->log = logpanel_new(a->live, a->win, opts->log_size, a->status);
	a->past = past_new();
	a->live_sub = live_subscribe(a->live, app_live_event, a);
	/* catch (issue 15) */
	a->brk = brk_new(a->live, a->status, a->utf8);
	brk_view(a->brk, a->win);
	a->pins = pins_new(a->live, a->status, a->utf8);
	a->freeze = freeze_new(a->live, a->status, a->utf8);
	a->scan = scanview_new(a->status);	/* catch (issue 15) */
	a->diff = diffview_new(a->live, a->status);	/* issue 14 */
	if (opts->layout_nspecs > 1) {	/* issue 13: several --layout */
		if (fields_open(a->fields, opts->layout_specs,
		    opts->layout_nspecs) & APP_RELAYOUT)
			app_show_fields(a);
	} else if (opts->layout_path != NULL)
		app_fields_load(a, opts->layout_path);
	else if (opts->layout_text != NULL &&
	    fields_use_text(a->fields, opts->layout_text, "demo.layout") == 0)
		app_show_fields(a);
	return a;
}

/* Free the app and its door. */
void
app_free(struct app *a)
{
	if (a == NULL)
		return;
	edit_free(a->edit);
	journal_free(a->journal);
	find_free(a->find);
	fields_free(a->fields);
	strip_free(a->strip);
	select_free(a->select);
	free(a->fill);
	yank_free(a->yank);
	logpanel_free(a->log);	/* history (issue 14) */
	past_free(a->past);
	brk_free(a->brk);	/* catch (issue 15) */
	pins_free(a->pins);
	freeze_free(a->freeze);	/* frozen values are released */
	scanview_free(a->scan);	/* catch (issue 15) */
	diffview_free(a->diff);	/* snapshots (issue 14) */
	/* Last: the window, the snapper and the door are the session's. */
	live_close(a->live);
	free(a->shown_path);
	status_free(a->status);
	free(a);
}

/* Set the status-line message (printf-style). */
void
app_msg(struct app *a, enum status_kind kind, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	status_vmsg(a->status, kind, fmt, ap);
	va_end(ap);
}

/* The tick interval to use now, in ms. */
unsigned
app_interval(const struct app *a)
{
	if (a->opts.interval_ms != 0)
		return a->opts.interval_ms;
	return a->now < a->active_until ? APP_TICK_FAST : APP_TICK_SLOW;
}

/* Hex digits needed to show every offset of a SIZE-byte source (min 8). */
static unsigned
app_off_digits(uint64_t size)
{
	return geom_off_digits(size);
}

/* Recompute the layout for a ROWS x COLS terminal (geom.c); APP_* bits. */
int
app_layout(struct app *a, int rows, int cols)
{
	struct geom_in		 in;
	struct geom		 g;
	const struct layout	*l;
	size_t			 n;

	in.rows = rows;
	in.cols = cols;
	in.size = door_size(a->door);
	in.opt_cols = a->opts.cols;
	in.banner = a->opts.banner != NULL;
	/* lessons (issue 18): rows for the caption panel */
	in.caption = a->opts.caption != NULL;
	in.panel = a->inspector;
	/* Lines the panel wants: the inspector's, or one per field. */
	in.panel_lines = a->panel_what == APP_SHOW_FIELDS &&
	    (l = fields_layout(a->fields)) != NULL ? (unsigned)(l->n < 20 ? l->n :
	    20) : INSPECT_LINES - 3;
	geom_compute(&in, &g);
	a->term_rows = rows;
	a->term_cols = cols;
	a->help_room = g.help_room;
	a->off_width = g.off_width;
	a->body_x = g.body_x;
	a->body_y = g.body_y;
	a->panel = g.panel;
	if (g.panel != GEOM_PANEL_HIDDEN) {
		a->panel_x = g.panel_x;
		a->panel_y = g.panel_y;
	}
	if (in.panel && g.panel_cols > 0)
		a->panel_cols = g.panel_cols;
	a->too_small = g.too_small;
	a->geom = g.row;
	a->strip_x = g.strip_x;
	/* lessons (issue 18) */
	a->caption_y = g.caption_y;
	a->caption_rows = g.caption_rows;
	/* catch (issue 15): pins and freezes take rows under the bytes
	   (half at most). */
	n = pins_count(a->pins) + freeze_count(a->freeze);
	a->pins_rows = (int)(n < g.body_rows / 2 ? n : g.body_rows / 2);
	a->pins_y = a->body_y + (int)g.body_rows - a->pins_rows;
	return nav_set_geometry(&a->nav, a->geom.cols, g.body_rows -
	    (unsigned)a->pins_rows) ?
	    APP_REDRAW | APP_RESNAP : APP_REDRAW;
}

/* When the next highlight on screen steps down (ms), 0 for none. */
static uint32_t
app_next_fade(const struct app *a)
{
	const struct snap	*s = snapper_snap(a->snapper);
	uint32_t		 next = 0;

	for (size_t i = 0; i < s->len; i++) {
		uint32_t	c = s->changed_ms[i];

		if (c == 0)
			continue;
		for (int k = 0; k < APP_FADE_LEVELS; k++) {
			uint32_t	t = c + view_fade_ms[k];

			if (t > a->now) {
				t += APP_FADE_CLOCK - 1 - (t - 1) %
				    APP_FADE_CLOCK;
				if (next == 0 || t < next)
					next = t;
				break;
			}
		}
	}
	return next;
}

/*
 * Say once when the window could not be read (an I/O error, a page that
 * cannot be mapped): the rows then stop early, and that is not the end of
 * the file.
 */
static void
app_read_error(struct app *a)
{
	uint64_t	at;
	int		e = snapper_error(a->snapper, &at);

	if (e != 0 && e != a->read_error)
		app_msg(a, APP_MSG_ERROR, "cannot read 0x%llx: %s (not the "
		    "end of the file)", (unsigned long long)at,
		    door_strerror(e));
	a->read_error = e;
}

/*
 * External changes seen in the whole file so far: runs of bytes in the
 * window (the snapper), plus changed pages outside it (the change map).
 */
static uint64_t
app_changes(const struct app *a)
{
	const struct changemap	*m = strip_map(a->strip);

	return snapper_changes(a->snapper) +
	    (m != NULL ? changemap_outside(m) : 0);
}

/*
 * Put the view's window where the view is, frozen while paused: before
 * any look, since the session may look on inotify news (app_file_news)
 * before our next tick.
 */
static void
app_window(struct app *a)
{
	/* 7 bytes past the window: the inspector reads up to 8 at the cursor. */
	live_window_move(a->win, a->nav.top, (size_t)nav_window(&a->nav) + 7);
	/* catch (issue 15): a fired break holds the frame as p does. */
	live_window_freeze(a->win, a->paused || brk_paused(a->brk));
	fields_window(a->fields, a->paused || brk_paused(a->brk));
	/* history (issue 14): where the window looks, for the log and past */
	logpanel_window(a->log, a->nav.top, (size_t)nav_window(&a->nav) + 7);
	past_watch(a->past, logpanel_log(a->log), a->nav.top,
	    (size_t)nav_window(&a->nav) + 7, a->now);
}

/*
 * catch (issue 15): after a look, the breakpoints' clock (stuck()), and
 * the news of one that fired: the changes count restarts from the frame
 * it holds (the header's "N changes since").
 */
static int
app_brk_news(struct app *a)
{
	int	r = brk_tick(a->brk, live_now(a->live));

	if (r != 0) {
		a->changes_at_pause = snapper_changes(a->snapper);
		/* The held frame is this look's: < steps back from here. */
		a->brk_at = past_live(logpanel_log(a->log));
	}
	return r;
}

/* Copy the window (one look of the session), follow size changes; APP_*. */
int
app_tick(struct app *a)
{
	int		bits, r;
	uint64_t	before = a->nav.size, size;
	char		*cause = NULL;
	bool		 published, looked;

	app_window(a);
	/* A look made since our last tick (inotify news) published news. */
	looked = snapper_snap(a->snapper)->gen != a->seen_gen;
	/* A failed copy is said by app_read_error, from the snapper. */
	if (live_tick(a->live, a->now, &cause) == -1)
		free(cause);
	bits = live_window_bits(a->win);
	r = a->news;
	a->news = 0;
	r |= app_brk_news(a);	/* catch (issue 15) */
	app_read_error(a);
	size = live_size(a->live);
	if (size != before) {
		if (size < before)
			app_msg(a, APP_MSG_WARN, "file shrank from %llu to "
			    "%llu bytes", (unsigned long long)before,
			    (unsigned long long)size);
		else if (before == 0)
			app_msg(a, APP_MSG_INFO, "file grew to %llu bytes",
			    (unsigned long long)size);
		/*
		 * A half-typed byte belongs to the byte it was typed at; if
		 * the shrink moved the cursor, it must not land elsewhere.
		 */
		if ((nav_set_size(&a->nav, size) & NAV_CURSOR) &&
		    edit_abandon(a->edit))
			app_msg(a, APP_MSG_WARN, "file shrank from %llu to "
			    "%llu bytes; the half-typed byte was dropped",
			    (unsigned long long)before,
			    (unsigned long long)size);
		if (app_off_digits(size) != a->off_width)
			r |= APP_RELAYOUT;
		if (a->follow)
			nav_goto(&a->nav, size == 0 ? 0 : size - 1);
		r |= APP_REDRAW | APP_RESNAP | APP_ACTIVE | APP_FRESH;
	}
	if (bits & SNAP_CHANGED)
		r |= APP_ACTIVE;
	/*
	 * New bytes to show: news, drawn at once (loop.c).  The generation
	 * also catches a look the session made on inotify news
	 * (app_file_news) since our last tick.  A publish that only aged
	 * "changed on the last tick" is housekeeping: as news it took the
	 * token the next store needed, which then waited up to a frame
	 * (issue 12: the steady writer's p99 of 12 ms through a mapping).
	 */
	published = (bits & SNAP_PUBLISHED) ||
	    snapper_snap(a->snapper)->gen != a->seen_gen;
	a->seen_gen = snapper_snap(a->snapper)->gen;
	if (published)
		r |= (bits & SNAP_AGED) && !looked ? APP_REDRAW :
		    APP_REDRAW | APP_FRESH;
	/* Rate of external changes, recomputed once a second. */
	if (a->now - a->rate_t >= 1000) {
		uint64_t	c = app_changes(a);

		double	rate = (double)(c - a->rate_base) * 1000.0 /
			    (double)(a->now - a->rate_t);

		/*
		 * Redraw only when the header's text moves: the rate, or the
		 * "changed N s ago" clock once there was a change.  An idle
		 * viewer then draws nothing at all.
		 */
		if (rate != a->rate || snapper_last_change(a->snapper) != 0 ||
		    (strip_map(a->strip) != NULL &&
		    changemap_latest(strip_map(a->strip), 0, UINT64_MAX) != 0))
			r |= APP_REDRAW;
		a->rate = rate;
		a->rate_base = c;
		a->rate_t = a->now;
	}
	if (a->next_fade != 0 && a->now >= a->next_fade)
		r |= APP_REDRAW;
	if (published || (a->next_fade != 0 && a->now >= a->next_fade))
		a->next_fade = app_next_fade(a);
	r |= fields_tick(a->fields, a->now);	/* the torn marks fade too */
	r |= pins_tick(a->pins, a->now);	/* catch (issue 15) */
	r |= freeze_tick(a->freeze, brk_paused(a->brk));
	/* Others' stores inside a short selection show in its sums. */
	if (select_active(a->select) && !a->paused &&
	    (published || a->now - a->select_t >= 1000))
		r |= app_select_sums(a, true);
	if (!a->paused)
		r |= strip_tick(a->strip, &a->nav, a->now);
	app_past_frame(a);	/* history (issue 14) */
	r |= diffview_tick(a->diff);	/* snapshots (issue 14) */
	return r;
}

/*
 * Read the session's descriptor (inotify news) and act on it; APP_* bits.
 * The session looks itself after a write(2) or lost events; when that
 * look saw a window change, or moved the snapshot or the size, ask for a
 * tick (RESNAP) to follow them as every tick does (app_tick and
 * fields_tick see the new generations).
 */
int
app_file_news(struct app *a)
{
	char		*cause = NULL;
	uint64_t	 gen = snapper_snap(a->snapper)->gen;
	int		 r;

	app_window(a);
	if (live_on_fd(a->live, &cause) == -1)
		free(cause);
	r = a->news;
	a->news = 0;
	r |= app_brk_news(a);	/* catch (issue 15) */
	if ((r & APP_ACTIVE) || snapper_snap(a->snapper)->gen != gen ||
	    live_size(a->live) != a->nav.size)
		r |= APP_RESNAP;
	return r;
}

/* Reopen the source at its path (:e, :reopen); APP_* bits. */
int
app_reopen(struct app *a)
{
	struct door	*d;
	char		*cause = NULL;
	bool		 other = false;
	uint64_t	 lost, dev, ino;
	size_t		 frozen = 0;

	if (live_reopen(a->live, app_door_flags(&a->opts), &cause) == -1) {
		app_msg(a, APP_MSG_ERROR, "cannot reopen %s: %s",
		    a->shown_path, cause);
		free(cause);
		return APP_REDRAW;
	}
	/* A new door, and the window started again with a new snapper. */
	a->door = d = live_door(a->live);
	a->snapper = live_window_snapper(a->win);
	a->news = 0;
	strip_reopened(a->strip, &a->nav, a->now);
	a->rate_base = app_changes(a);
	a->rate = 0;
	a->rate_t = a->now;
	lost = journal_unsynced(a->journal, NULL, NULL);
	live_identity(a->live, &dev, &ino);
	/* Edits to the old file must never be replayed on this one. */
	if (dev != 0 || ino != 0)
		other = journal_set_file(a->journal, dev, ino);
	a->deleted = a->renamed = a->replaced = false;
	edit_abandon(a->edit);
	/* history (issue 14): the log's changes were the old file's */
	a->past_on = false;
	past_free(a->past);
	a->past = past_new();
	/*
	 * catch (issue 15): a frozen value was the old file's; storing it
	 * into another file would be a store the user never asked for.
	 */
	if (other && (frozen = freeze_count(a->freeze)) > 0)
		freeze_remove(a->freeze, "all");
	if (other)	/* catch (15): the candidates were the old file's */
		scanview_forget(a->scan);
	nav_set_size(&a->nav, door_size(d));
	/* Short enough to leave the cursor's offset on an 80-100 column line. */
	if (other && lost > 0 && !door_volatile(d))
		app_msg(a, APP_MSG_WARN, "reopened %s (%llu bytes): another "
		    "file; %llu unsynced byte%s left in the old", app_base(a),
		    (unsigned long long)door_size(d),
		    (unsigned long long)lost, lost == 1 ? "" : "s");
	else if (frozen > 0)
		app_msg(a, APP_MSG_WARN, "reopened %s (%llu bytes): another "
		    "file; %zu frozen value%s released", app_base(a),
		    (unsigned long long)door_size(d), frozen,
		    frozen == 1 ? "" : "s");
	else if (other && journal_undo_count(a->journal) +
	    journal_redo_count(a->journal) > 0)
		app_msg(a, APP_MSG_INFO, "reopened %s (%llu bytes): another "
		    "file; old edits cannot be undone", app_base(a),
		    (unsigned long long)door_size(d));
	else
		app_msg(a, APP_MSG_INFO, "reopened %s (%llu bytes)",
		    app_base(a), (unsigned long long)door_size(d));
	return APP_REDRAW | APP_RESNAP | APP_RELAYOUT;
}

/* Turn NAV_* bits into APP_* bits. */
int
app_nav(int nav_bits)
{
	int	r = APP_ACTIVE;

	if (nav_bits & (NAV_CURSOR | NAV_SCROLL))
		r |= APP_REDRAW;
	if (nav_bits & NAV_SCROLL)
		r |= APP_RESNAP;
	return r;
}

/* Stop following the end when the user moves away by hand; APP_* bits. */
int
app_manual(struct app *a, int nav_bits)
{
	if (a->follow && (nav_bits & NAV_CURSOR) &&
	    a->nav.cursor + 1 != a->nav.size) {
		a->follow = false;
		app_msg(a, APP_MSG_INFO, "follow off");
	}
	return app_nav(nav_bits);
}

/*
 * Go to OFF as a jump: the target in the middle third of the screen with
 * context around it (nav_jump); remember where we came from for ''.
 */
int
app_jump(struct app *a, uint64_t off)
{
	uint64_t	from = a->nav.cursor;
	int		bits = app_manual(a, nav_jump(&a->nav, off));

	if (a->nav.cursor != from) {
		a->jump_from = from;
		a->have_jump = true;
	}
	return bits;
}

/*
 * :set PATH VALUE's store (issue 13): jump to OFF and :set LINE there.
 * When nothing was stored (refused: read-only, a store that failed) the
 * cursor, the view and follow go back to where they were.  Why the undo
 * count tells: :set runs in normal mode, where every store that put a
 * byte in is a step of its own.  APP_* bits.
 */
int
app_set_at(struct app *a, uint64_t off, const char *line)
{
	struct nav	was = a->nav;
	uint64_t	jump_from = a->jump_from;
	bool		have_jump = a->have_jump, follow = a->follow;
	size_t		steps = journal_undo_count(a->journal);
	int		r = app_jump(a, off);

	r |= edit_set(a->edit, line);
	if (journal_undo_count(a->journal) == steps) {
		a->nav = was;
		a->jump_from = jump_from;
		a->have_jump = have_jump;
		a->follow = follow;
	}
	return r | APP_REDRAW | APP_RESNAP;
}

/* What a search call came to (find.h), as APP_* bits: a match is a jump. */
int
app_found(struct app *a, enum find_news news, uint64_t match)
{
	switch (news) {
	case FIND_QUIET:
		return 0;
	case FIND_BUSY:
		return APP_REDRAW | APP_ACTIVE;
	case FIND_MATCH:
		return app_jump(a, match) | APP_REDRAW | APP_RESNAP;
	case FIND_SAID:
		break;
	}
	return APP_REDRAW;
}

/* / (TEXT) or n / N (TEXT NULL, BACKWARD): search from the cursor. */
int
app_find(struct app *a, const char *text, bool backward)
{
	uint64_t	match = 0;
	enum find_news	news;

	news = text != NULL ? find_start(a->find, text, a->door,
	    a->nav.cursor, a->status, &match) : find_again(a->find, backward,
	    a->door, a->nav.cursor, a->status, &match);
	return app_found(a, news, match) | APP_ACTIVE;
}

/* q, :q: quit, asking first when edits are not synced; APP_* bits. */
int
app_quit(struct app *a)
{
	if (edit_ask_quit(a->edit))
		return APP_REDRAW;
	return APP_QUIT;
}

/* Show (ON) or close the help overlay, from its top; APP_* bits. */
int
app_help(struct app *a, bool on)
{
	a->help = on;
	a->help_top = 0;
	return APP_REDRAW;
}

/* Make the selection's sums again if its range moved or FORCE; APP_*. */
int
app_select_sums(struct app *a, bool force)
{
	uint64_t	start, len;

	if (!select_range(a->select, a->nav.cursor, a->nav.size, &start,
	    &len))
		return 0;
	/* Long selections are summed when the range moves, not as it lives. */
	if (force && len > SELECT_LIVE_MAX)
		return 0;
	if (force)
		a->select_t = a->now;
	return select_refresh(a->select, a->door, a->nav.cursor, force) ?
	    APP_REDRAW : 0;
}

/* Clear the status-line message (a new key). */
void
app_msg_clear(struct app *a)
{
	status_clear(a->status);
}
