/* SPDX-License-Identifier: ISC */
/*
 * scanview.h - :scan in the viewer (issue 15): the scan engine (scan.h)
 * driven in budgets from the loop, and the candidate list's panel.
 *
 * A feature below the app (app.h): opaque state made with the status
 * line, actions that return REACT_* bits, const getters for the view.
 * It reads the file only through the engine and door_read (a hole reads
 * as zeros and is never filled) and never stores.  No curses.
 */
#ifndef LIVEHEX_SCANVIEW_H
#define LIVEHEX_SCANVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct door;
struct scanview;
struct status;
struct value_type;

/* Candidates the list panel holds (and shows, as many as fit). */
#define SCANVIEW_SHOWN	100

/* Bytes a scan reads per tick unless LIVEHEX_SCAN_BUDGET says (tests). */
#define SCANVIEW_BUDGET	((uint64_t)16 << 20)

/*
 * Predicate word I (==, !=, <, >, changed ... decreased), NULL past the
 * last; *VALUE (when not NULL): a value follows it.  For Tab.
 */
const char	*scanview_pred_word(size_t i, bool *value);
/* A scan's state, saying things on ST; no scan yet. */
struct scanview	*scanview_new(struct status *st);
/* Free SV and its scan; NULL is ignored. */
void		 scanview_free(struct scanview *sv);
/*
 * :scan ARGS over the file behind D, the cursor at CURSOR (for "." in a
 * range): "reset", "TYPE [PRED] [in A..B]" (a new scan) or "PRED" (the
 * next round); a round starts here and runs in scanview_tick; says the
 * outcome or what is wrong; REACT_* bits.  "list" and "pin" are the
 * app's (cmds_scan.c).
 */
int		 scanview_command(struct scanview *sv, const char *args,
		    struct door *d, uint64_t cursor);
/* True while a round is running. */
bool		 scanview_running(const struct scanview *sv);
/*
 * One tick: a running round goes on for a budget (the progress or the
 * outcome said), and the list's values are read again at most every
 * 100 ms of NOW_MS while SHOWN; REACT_* bits.
 */
int		 scanview_tick(struct scanview *sv, struct door *d,
		    uint64_t now_ms, bool shown);
/* Esc during a round: it stops, and says what it kept; REACT_* bits. */
int		 scanview_cancel(struct scanview *sv);
/* Forget the scan, a running round too (another file is open now). */
void		 scanview_forget(struct scanview *sv);
/* True when there is a scan (a round has completed or is running). */
bool		 scanview_active(const struct scanview *sv);
/* The scan's type, or NULL without a scan. */
const struct value_type *scanview_type(const struct scanview *sv);
/* The number of candidates (0 without a scan). */
uint64_t	 scanview_count(const struct scanview *sv);
/* Up to MAX candidates from the first into OFFS; how many. */
size_t		 scanview_offsets(const struct scanview *sv, uint64_t *offs,
		    size_t max);

/* True when the list has the keys. */
bool		 scanview_focused(const struct scanview *sv);
/* Give the list the keys (the first candidate selected) or take them. */
void		 scanview_set_focus(struct scanview *sv, bool on);
/*
 * A livehex KEY (keys.h) while the list has the keys: j k and the arrows
 * move, Enter sets *JUMP and *TO (the candidate's offset) and gives the
 * keys back, Tab gives them back, Esc and q set *CLOSE; REACT_* bits.
 */
int		 scanview_key(struct scanview *sv, int key, bool *jump,
		    uint64_t *to, bool *close);
/* Read the listed candidates' values again now, from D. */
void		 scanview_refresh(struct scanview *sv, struct door *d);
/* How many candidates the list holds (at most SCANVIEW_SHOWN). */
size_t		 scanview_rows(const struct scanview *sv);
/* The selected row, or SIZE_MAX when the list has no keys. */
size_t		 scanview_selected(const struct scanview *sv);
/*
 * Row I of the list into OUT (OUTLEN bytes, always terminated): "0x1040
 * = 8  (was 7)": its offset, its value now and at the last round.
 */
void		 scanview_row(const struct scanview *sv, size_t i, char *out,
		    size_t outlen);
/* The list panel's title into OUT: count, how many shown, the keys. */
void		 scanview_title(const struct scanview *sv, char *out,
		    size_t outlen);

#endif
