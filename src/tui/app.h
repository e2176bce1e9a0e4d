/* SPDX-License-Identifier: ISC */
/*
 * app.h - the viewer's state, and the actions that change it.
 *
 * The viewer is three pieces around this struct:
 *  - actions: plain functions over struct app that return APP_* reaction
 *    bits and never draw: the key table (keymap.c, livehex keys from
 *    keys.h), the ':' command table (cmds.c), ticks, file events and moves
 *    (app.c), edits (edit.c), search (find.c), a layout's fields
 *    (fields.c), the change map strip (strip.c).  None includes curses;
 *    the loop translates curses key codes (keys.c);
 *  - the view (draw.c): draws the published snapshot and the state here,
 *    and nothing else;
 *  - the loop (loop.c): one poll(2) over the terminal, the tick, the
 *    live session's descriptor (live.h) and a signalfd; it runs actions
 *    and decides when to draw.
 * The file is the core's live session (a->live): the viewer's window is
 * one of its windows (with a snapper), and what the session finds
 * (size, deletion, rename, replacement) reaches the app as events.
 */
#ifndef LIVEHEX_APP_H
#define LIVEHEX_APP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "find.h"
#include "geom.h"
#include "nav.h"
#include "row.h"
#include "status.h"

struct caption;
struct changemap;
struct door;
struct journal;
struct fields;
struct live;
struct live_window;
struct find;
struct snapper;

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
	const char	*layout_text;	/* or a built-in layout (the demo's) */
	/* lessons (issue 18): the caption panel, NULL outside a lesson */
	struct caption	*caption;
};

/* Reaction bits returned by actions: what the loop must do next. */
#define APP_REDRAW	0x01	/* something on screen changed */
#define APP_RESNAP	0x02	/* the window moved: copy it again now */
#define APP_QUIT	0x04	/* leave the loop */
#define APP_ACTIVE	0x08	/* the user is here: tick fast for a while */
#define APP_RELAYOUT	0x10	/* geometry must be recomputed */
#define APP_SUSPEND	0x20	/* ^Z: give the terminal back and stop */
#define APP_FRESH	0x40	/* the redraw shows news (a store, a key), not a fade */

/* Fade: a changed byte is highlighted at level 3, 2, 1, then not at all. */
#define APP_FADE_LEVELS	3
extern const uint32_t app_fade_ms[APP_FADE_LEVELS];

/* Severity of the status-line message (status.h). */
#define APP_MSG_INFO	STATUS_INFO
#define APP_MSG_WARN	STATUS_WARN
#define APP_MSG_ERROR	STATUS_ERROR

/* A yes/no question waiting for one key. */
enum app_ask {
	APP_ASK_NONE,
	APP_ASK_UNDO,		/* undo over someone else's newer value? */
	APP_ASK_REDO,		/* redo over someone else's newer value? */
	APP_ASK_QUIT,		/* quit with unsynced edits? */
};

/* What keys do: commands (normal), or bytes (edit: R until Esc). */
enum app_mode { APP_MODE_NORMAL, APP_MODE_EDIT };

/* Which pane the cursor types into. */
enum app_pane { APP_PANE_HEX, APP_PANE_ASCII };

/* What the panel shows (i cycles). */
enum app_show { APP_SHOW_INSPECTOR, APP_SHOW_FIELDS };

/* Columns one inspector entry takes (geom.h). */
#define APP_INSPECT_W	GEOM_INSPECT_W

/* Marks: 'a' to 'z'. */
#define APP_MARKS	26

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

	/* The change map strip (strip.c). */
	struct changemap *cmap;		/* live_changemap(live), made at the
					   first strip tick (live_pages) */
	int		 strip_x;	/* its column, -1 when it does not fit */
	uint32_t	 strip_last;	/* when the map was last swept */

	/* A layout (fields.c: opaque). */
	struct fields	*fields;

	/* Search (find.c: opaque). */
	struct find	*find;

	/* Editing. */
	enum app_mode	 mode;		/* R enters edit mode, Esc leaves */
	enum app_pane	 pane;		/* Tab switches */
	int		 pending;	/* first hex digit typed, or -1 */
	uint64_t	 pending_off;	/* the byte that digit was typed at */
	bool		 run;		/* an edit run is being recorded */
	uint64_t	 run_next;	/* where the run's next byte goes */
	uint64_t	 run_bytes;	/* bytes stored by the run so far */
	enum app_ask	 ask;		/* a question is on the status line */

	/* Interaction. */
	struct status	*status;	/* the message and the prompt */
	bool		 help;		/* the help overlay is up */
	int		 help_top;	/* first help line shown (it scrolls) */
	int		 help_room;	/* help lines that fit at once (app_layout) */

	/* lessons (issue 18): the caption panel's rows (geom.c), 0: none */
	int		 caption_y, caption_rows;
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
/* What a search call came to (find.h), as APP_* bits: a match jumps. */
int		 app_found(struct app *a, enum find_news news, uint64_t match);
/* / with TEXT, or n / N (TEXT NULL, BACKWARD): search from the cursor. */
int		 app_find(struct app *a, const char *text, bool backward);
/* Turn NAV_* bits into APP_* bits. */
int		 app_nav(int nav_bits);
/* A move by hand (NAV_* bits): follow stops; APP_* bits. */
int		 app_manual(struct app *a, int nav_bits);
/* q, :q: quit, asking first when edits are not synced; APP_* bits. */
int		 app_quit(struct app *a);
/* Show (ON) or close the help overlay, from its top; APP_* bits. */
int		 app_help(struct app *a, bool on);
/* Clear the status-line message (a new key). */
void		 app_msg_clear(struct app *a);
/* The fade level (0..3) of a byte stamped at CHANGED, at time NOW. */
int		 app_fade_level(uint32_t changed, uint32_t now);
/* The tick interval to use now, in ms. */
unsigned	 app_interval(const struct app *a);

#endif
