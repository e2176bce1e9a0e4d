/* SPDX-License-Identifier: ISC */
/*
 * app.h - the viewer's app: its own state, and the actions that change it.
 *
 * The app is the top of the viewer's modules; everything else is below
 * it and never includes this header:
 *  - the app's actions (app.c), the key table (keymap.c, livehex keys
 *    from keys.h) and the ':' command table (cmds.c): plain functions
 *    over struct app that return APP_* reaction bits (react.h's REACT_*
 *    under the app's names) and never draw;
 *  - the features, each with opaque state behind _new/_free and made
 *    with what it works on: edits (edit.h), search (find.h), a layout's
 *    fields (fields.h), the change map strip (strip.h).  They take the
 *    session, the nav, the status line, the journal and explicit
 *    arguments, return REACT_* bits or what they found (a match, a
 *    field's offset, a changed region) and never touch struct app: the
 *    app calls down and turns what they found into jumps and panels;
 *  - status.h: the status line and the prompt, at the bottom;
 *  - the view (draw.c): draws a struct view (view.h) that app_view fills
 *    with values and const pointers, and nothing else;
 *  - the loop (loop.c): one poll(2) over the terminal, the tick, the
 *    live session's descriptor (live.h) and a signalfd; it runs actions
 *    and decides when to draw.  None of the above but draw, loop, screen,
 *    keys and chooser includes curses.
 * struct app holds the app's own state (geometry, time, pause and
 * follow, marks, the help overlay, what the session said about the
 * file) and a pointer to each feature.  The file is the core's live
 * session (a->live): the viewer's window is one of its windows (with a
 * snapper), and what the session finds (size, deletion, rename,
 * replacement) reaches the app as events.
 */
#ifndef LIVEHEX_APP_H
#define LIVEHEX_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "find.h"
#include "geom.h"
#include "nav.h"
#include "react.h"
#include "row.h"
#include "status.h"
#include "view.h"

struct brk;
struct diffview;
struct freeze;
struct pins;
struct caption;
struct door;
struct edit;
struct journal;
struct fields;
struct live;
struct live_window;
struct logpanel;
struct past;
struct player;
struct find;
struct snapper;
struct strip;
struct scanview;
struct select;
struct yank;

/* Options from the command line. */
struct app_opts {
	const char	*path;		/* SOURCE */
	bool		 readonly;	/* -r */
	bool		 force_write;	/* --force-write: even a mounted device */
	unsigned	 cols;		/* -c COLS, 0 = fit the terminal */
	unsigned	 interval_ms;	/* --interval MS, 0 = adaptive */
	bool		 no_color;	/* --no-color or NO_COLOR set */
	bool		 sync_on_edit;	/* --sync-on-edit: msync after each edit */
	const char	*banner;	/* a line under the header (the demo) */
	const char	*layout_path;	/* --layout FILE (checked already) */
	/* --layout given several times (issue 13): all of them, as one. */
	const struct layout_spec *layout_specs;
	size_t		 layout_nspecs;
	const char	*layout_text;	/* or a built-in layout (the demo's) */
	/* lessons (issue 18): the caption panel, NULL outside a lesson */
	struct caption	*caption;
	size_t		 log_size;	/* history (issue 14): --log-size, 0:
					   the default ring (16 MiB) */
	const char	*session_path;	/* session (issue 15): --session FILE */
	/* replay (issue 14): livehex replay's player, NULL otherwise */
	struct player	*player;
};

/* Reaction bits returned by actions: what the loop must do next (react.h). */
#define APP_REDRAW	REACT_REDRAW	/* something on screen changed */
#define APP_RESNAP	REACT_RESNAP	/* the window moved: copy it again */
#define APP_QUIT	REACT_QUIT	/* leave the loop */
#define APP_ACTIVE	REACT_ACTIVE	/* the user is here: tick fast */
#define APP_RELAYOUT	REACT_RELAYOUT	/* geometry must be recomputed */
#define APP_SUSPEND	REACT_SUSPEND	/* ^Z: give the terminal back */
#define APP_FRESH	REACT_FRESH	/* the redraw shows news, not a fade */

/* Fade: a changed byte is highlighted at level 3, 2, 1 (view.h). */
#define APP_FADE_LEVELS	VIEW_FADE_LEVELS

/* Severity of the status-line message (status.h). */
#define APP_MSG_INFO	STATUS_INFO
#define APP_MSG_WARN	STATUS_WARN
#define APP_MSG_ERROR	STATUS_ERROR

/* What the panel shows (i cycles). */
enum app_show { APP_SHOW_INSPECTOR, APP_SHOW_FIELDS,
	APP_SHOW_LOG,	/* history (issue 14): the change log (L) */
	APP_SHOW_SCAN	/* catch (issue 15): :scan list's candidates */ };

/* Columns one inspector entry takes (geom.h). */
#define APP_INSPECT_W	GEOM_INSPECT_W

/* Marks: 'a' to 'z'. */
#define APP_MARKS	VIEW_MARKS

struct app {
	struct app_opts	 opts;
	struct live	*live;		/* the session: door, identity, events */
	struct live_window *win;	/* the view's window (with a snapper) */
	int		 live_sub;	/* our subscription (app_live_event) */
	int		 news;		/* APP_* bits the session's events asked
					   for, collected until taken */
	uint64_t	 seen_gen;	/* the snapshot generation last handled */
	bool		 fade_stale;	/* next_fade must be recomputed */
	struct door	*door;		/* live_door(live), kept after reopens */
	struct snapper	*snapper;	/* the window's (live_window_snapper) */
	struct nav	 nav;		/* cursor and top row */
	struct journal	*journal;	/* our edits: undo, redo, unsynced */
	char		*shown_path;	/* path made safe for the terminal */
	bool		 utf8;		/* the locale's charset is UTF-8 */

	/* Layout, from the terminal size (app_layout). */
	int		 term_rows, term_cols;
	bool		 too_small;	/* cannot show even one row */
	struct row_geom	 geom;		/* hex/ASCII columns within a row */
	unsigned	 off_width;	/* hex digits in the offset column */
	unsigned	 body_x;	/* screen column of the first hex digit */
	int		 body_y;	/* screen row of the first row of bytes */

	/* Time (ms since start, never 0) and the tick. */
	uint32_t	 now;
	uint32_t	 active_until;	/* tick fast until then */
	uint32_t	 next_fade;	/* redraw then: a highlight steps down */

	/* Live state. */
	bool		 paused;
	uint64_t	 changes_at_pause;
	bool		 follow;	/* F: keep the cursor on the last byte */
	uint64_t	 rate_base;	/* changes count at rate_t */
	uint32_t	 rate_t;	/* when the rate was last computed */
	double		 rate;		/* external changes per second */
	int		 read_error;	/* the window copy's failure, said once */

	/* What the session said about the file's identity (said once). */
	bool		 deleted;	/* unlinked while open */
	bool		 renamed;	/* moved while open */
	bool		 replaced;	/* a different file now sits at the path */

	/* The panel: the inspector or a layout's fields. */
	bool		 inspector;	/* a panel is wanted (i cycles) */
	enum app_show	 panel_what;	/* which one */
	enum geom_panel	 panel;		/* where it fits, if anywhere */
	int		 panel_x, panel_y;	/* its top-left cell */
	int		 panel_cols;	/* entries side by side (below) */

	/* Marks and jumps. */
	uint64_t	 marks[APP_MARKS];
	bool		 mark_set[APP_MARKS];
	uint64_t	 jump_from;	/* where the last jump started ('') */
	bool		 have_jump;
	int		 prefix;	/* 'm' or '\'' waiting for a letter */

	/* The change map strip (strip.c: opaque). */
	struct strip	*strip;
	int		 strip_x;	/* its column, -1 when it does not fit */

	/* A layout (fields.c: opaque). */
	struct fields	*fields;

	/* Search (find.c: opaque). */
	struct find	*find;

	/* The selection (select.c) and the register (yank.c): opaque. */
	struct select	*select;
	struct yank	*yank;
	uint64_t	 press_at;	/* where button 1 went down */
	bool		 pressed;	/* and has not come up yet */
	uint32_t	 select_t;	/* when the sums were last made */
	unsigned char	*fill;		/* a :fill waiting for y/n, or NULL */
	uint64_t	 fill_off;	/* where it goes */
	size_t		 fill_len;

	/* Editing: mode, pane, half-typed digit, run, question (edit.c). */
	struct edit	*edit;

	/* Interaction. */
	struct status	*status;	/* the message and the prompt */
	bool		 help;		/* the help overlay is up */
	int		 help_top;	/* first help line shown (it scrolls) */
	int		 help_room;	/* help lines that fit at once (app_layout) */

	/* lessons (issue 18): the caption panel's rows (geom.c), 0: none */
	int		 caption_y, caption_rows;

	/* history (issue 14): the change log panel (app_hist.c) */
	struct logpanel	*log;		/* the session's changes, logged */
	enum app_show	 log_before;	/* what the panel showed before L */
	bool		 log_was_shown;	/* and whether it was shown */
	/* history (issue 14): time travel (< > . Esc, app_hist.c) */
	struct past	*past;		/* the window's past (past.h) */
	bool		 past_on;	/* a past frame is shown, not live */
	uint64_t	 past_at;	/* which (past.h: a log position) */
	const struct snap *past_snap;	/* the frame (app_past_frame) */
	const bool	*past_known;	/* per byte: its history is known */
	/* catch (issue 15): breakpoints on data, pins (brk.c, pins.c: opaque) */
	struct brk	*brk;
	struct pins	*pins;
	struct freeze	*freeze;		/* :freeze (freeze.c: opaque) */
	uint64_t	 brk_at;	/* the log position of the frame a
					   break holds (< steps back from it) */
	int		 pins_y, pins_rows;	/* pins' and freezes' rows */
	/* catch (issue 15): :scan (scanview.c, glue in cmds_scan.c) */
	struct scanview	*scan;
	enum app_show	 scan_before;	/* what the panel showed before */
	bool		 scan_was_shown;	/* and whether it was shown */
	/* snapshots and diff (issue 14): diffview.c, cmds_snap.c */
	struct diffview	*diff;
	unsigned	 count;		/* a count typed before ]d / [d */
};

/* The door_open() flags OPTS ask for. */
int		 app_door_flags(const struct app_opts *opts);
/* Make the app for OPTS with an open DOOR (taken over by a session). */
struct app	*app_new(const struct app_opts *opts, struct door *door);
/* Free the app and its session (and door). */
void		 app_free(struct app *a);
/* Set the status-line message (printf-style). */
void		 app_msg(struct app *a, enum status_kind kind,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Recompute the layout for a ROWS x COLS terminal; APP_* bits. */
int		 app_layout(struct app *a, int rows, int cols);
/* Copy the window, follow size changes; APP_* bits. */
int		 app_tick(struct app *a);
/* Read the session's descriptor (inotify news) and act on it; APP_* bits. */
int		 app_file_news(struct app *a);
/* Reopen the source at its path (:e, :reopen); APP_* bits. */
int		 app_reopen(struct app *a);
/* Go to OFF as a jump (remembered for ''); APP_* bits. */
int		 app_jump(struct app *a, uint64_t off);
/* :set LINE at OFF, the cursor there only when something was stored. */
int		 app_set_at(struct app *a, uint64_t off, const char *line);
/* What a search call came to (find.h), as APP_* bits: a match jumps. */
int		 app_found(struct app *a, enum find_news news, uint64_t match);
/* / with TEXT, or n / N (TEXT NULL, BACKWARD): search from the cursor. */
int		 app_find(struct app *a, const char *text, bool backward);
/* Load the layout at PATH (:layout, --layout): the panel shows it; APP_*. */
int		 app_fields_load(struct app *a, const char *path);
/* Drop the layout (:layout off): the panel goes back to the inspector. */
int		 app_fields_unload(struct app *a);
/* Turn NAV_* bits into APP_* bits. */
int		 app_nav(int nav_bits);
/* A move by hand (NAV_* bits): follow stops; APP_* bits. */
int		 app_manual(struct app *a, int nav_bits);
/* q, :q: quit, asking first when edits are not synced; APP_* bits. */
int		 app_quit(struct app *a);
/* Show (ON) or close the help overlay, from its top; APP_* bits. */
int		 app_help(struct app *a, bool on);
/*
 * Make the selection's sums again when its range moved, or (FORCE) when
 * its bytes may have changed and it is short enough (select.h); APP_*.
 */
int		 app_select_sums(struct app *a, bool force);
/* Clear the status-line message (a new key). */
void		 app_msg_clear(struct app *a);
/* Fill *V with what the next frame shows (view.h): the view reads no more. */
void		 app_view(const struct app *a, struct view *v);
/* The tick interval to use now, in ms. */
unsigned	 app_interval(const struct app *a);
/* history (issue 14): rebuild the past frame shown (past_on) for now. */
void		 app_past_frame(struct app *a);
/* catch (issue 15): Esc, '.', :continue after a break; APP_* bits. */
int		 app_continue(struct app *a);

#endif
