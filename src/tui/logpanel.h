/* SPDX-License-Identifier: ISC */
/*
 * logpanel.h - the change log panel's state (issue 14): the session's
 * change log (changelog.h) and the list's focus and selection.
 *
 * A feature below the app: opaque (logpanel_new / logpanel_free), made
 * with the live session whose changes it logs from then on.  Keys reach
 * it while it has the focus (Tab gives it, as to the field list); Enter
 * hands the app an offset to jump to.  It never sees struct app; the
 * view (draw_log.c) reads it through the const getters.  No curses.
 */
#ifndef LIVEHEX_LOGPANEL_H
#define LIVEHEX_LOGPANEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct changelog;
struct changelog_entry;
struct layout;
struct live;
struct live_window;
struct status;

struct logpanel;

/*
 * A log of LIVE's changes in a ring of BYTES (0: 16 MiB); WIN is the
 * view's window (what it reports is not repeated from elsewhere);
 * messages to ST.
 */
struct logpanel	*logpanel_new(struct live *live, const struct live_window *win,
		    size_t bytes, struct status *st);
/* The view's window looks at [OFF, OFF+LEN) from the next look on. */
void		 logpanel_window(struct logpanel *lp, uint64_t off,
		    uint64_t len);
/* Stop logging and free LP (before the session); NULL is ignored. */
void		 logpanel_free(struct logpanel *lp);
/* The log itself: what the panel lists, and the past's record. */
const struct changelog *logpanel_log(const struct logpanel *lp);
/* True when the list has the keys. */
bool		 logpanel_focused(const struct logpanel *lp);
/* Give the list the keys (ON: the newest entry selected) or take them. */
void		 logpanel_set_focus(struct logpanel *lp, bool on);
/* The selected entry's index (0: the newest), or SIZE_MAX for none. */
size_t		 logpanel_selected(const struct logpanel *lp);
/*
 * A livehex KEY (keys.h) while the list has the focus: j k and the
 * arrows move, Enter sets *JUMP and *TO (the change's offset) and gives
 * the focus back, anything else gives it back; REACT_* bits.
 */
int		 logpanel_key(struct logpanel *lp, int key, bool *jump,
		    uint64_t *to);

/*
 * Entry E as one line of the list into OUT (OUTLEN bytes, always
 * terminated) at NOW_MS on the session's clock: "-1.25s 0x1000 de ad ->
 * be ef", L's field path and typed values when one field holds the
 * change, "ours" for our own stores.
 */
void		 logpanel_line(const struct changelog_entry *e,
		    uint64_t now_ms, const struct layout *l, char *out,
		    size_t outlen);

#endif
