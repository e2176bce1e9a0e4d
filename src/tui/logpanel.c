/* SPDX-License-Identifier: ISC */
/*
 * logpanel.c - the change log panel's state (issue 14).
 *
 * What it owns: a change log (changelog.c) fed by the viewer's live
 * session from the moment the viewer opens the file, so the panel lists
 * changes made before it was first shown (logpanel_event says which
 * reports it keeps); and the list's focus and selected entry.
 *
 * The selection is kept as the entry's sequence number (how many
 * entries the log had taken before it), not its index: new changes
 * arrive at index 0 and push every entry down, and a selection by index
 * would slide to an older change under the user's eyes.  The number is
 * turned back into an index with changelog_count + changelog_dropped
 * (every entry ever taken, as changelog_clear is never called here).  A
 * selected entry that the ring dropped selects the oldest one left.
 *
 * A line of the list (logpanel_line, drawn by draw_log.c) is the age on
 * the session's clock ("-1.25s"), the offset, then what changed: a
 * layout field's path and its typed value before and after when the
 * change covers the whole field, else the bytes in hex, old -> new, cut
 * with "..." (the log itself may also have cut a big change:
 * changelog.h's KEPT).  Our own stores say "ours"; a change the page map
 * found (no bytes known) says "page changed"; a size change says the
 * sizes.  Bytes from the file reach the text as hex or through
 * ltype_format, which escapes.
 */
#include "config.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changelog.h"
#include "layout.h"
#include "live.h"
#include "ltype.h"
#include "keys.h"
#include "logpanel.h"
#include "react.h"
#include "status.h"
#include "xmalloc.h"

/* The log panel's state, behind logpanel_new / logpanel_free. */
struct logpanel {
	struct changelog	*log;		/* fed by logpanel_event */
	struct live		*live;		/* the session it listens to */
	int			 sub;		/* its subscription */
	const struct live_window *win;		/* the view's window */
	uint64_t		 win_off, win_len;	/* where it looks */
	struct status		*status;	/* where messages go */
	bool			 focus;		/* Tab gave the list the keys */
	uint64_t		 sel;		/* selected entry's number */
};

/*
 * The subscriber: every change goes to the log but the ones the view's
 * window reports itself.  Why filter: the page map and the fields'
 * window also look at the bytes on screen, and the same store would be
 * listed two or three times (once with its bytes, once as "page
 * changed"); a report wholly inside the view's window adds nothing to
 * the window's own, which has the bytes.  One that reaches outside it is
 * kept whole.
 */
static void
logpanel_event(const struct live_event *ev, void *arg)
{
	struct logpanel	*lp = arg;
	bool		 inside = ev->off >= lp->win_off &&
			    ev->off + ev->len <= lp->win_off + lp->win_len;

	if (ev->kind == LIVE_BYTES && inside &&
	    (ev->source == LIVE_FROM_PAGES || (ev->source == LIVE_FROM_WINDOW &&
	    ev->window != lp->win)))
		return;
	changelog_add(lp->log, ev);
}

/* A log of LIVE's changes in a ring of BYTES; WIN is the view's window. */
struct logpanel *
logpanel_new(struct live *live, const struct live_window *win, size_t bytes,
    struct status *st)
{
	struct logpanel	*lp = xcalloc(1, sizeof *lp);

	lp->log = changelog_new(bytes);
	lp->status = st;
	lp->live = live;
	lp->win = win;
	lp->sub = live_subscribe(live, logpanel_event, lp);
	return lp;
}

/* The view's window looks at [OFF, OFF+LEN) from the next look on. */
void
logpanel_window(struct logpanel *lp, uint64_t off, uint64_t len)
{
	lp->win_off = off;
	lp->win_len = len;
}

/* Stop logging and free LP. */
void
logpanel_free(struct logpanel *lp)
{
	if (lp == NULL)
		return;
	live_unsubscribe(lp->live, lp->sub);
	changelog_free(lp->log);
	free(lp);
}

/* The log itself. */
const struct changelog *
logpanel_log(const struct logpanel *lp)
{
	return lp->log;
}

/* Every entry the log has taken: the next entry's number. */
static uint64_t
logpanel_total(const struct logpanel *lp)
{
	return changelog_count(lp->log) + changelog_dropped(lp->log);
}

/* True when the list has the keys. */
bool
logpanel_focused(const struct logpanel *lp)
{
	return lp->focus;
}

/* Give the list the keys (the newest entry selected) or take them back. */
void
logpanel_set_focus(struct logpanel *lp, bool on)
{
	lp->focus = on;
	if (on)
		lp->sel = logpanel_total(lp) - 1;
}

/* The selected entry's index (0: the newest), or SIZE_MAX for none. */
size_t
logpanel_selected(const struct logpanel *lp)
{
	uint64_t	total = logpanel_total(lp);
	size_t		n = changelog_count(lp->log);

	if (!lp->focus || n == 0)
		return SIZE_MAX;
	if (lp->sel >= total)
		return 0;
	/* Dropped by the ring: the oldest entry left. */
	if (total - 1 - lp->sel >= n)
		return n - 1;
	return (size_t)(total - 1 - lp->sel);
}

/* A KEY while the list has the focus; REACT_* bits. */
int
logpanel_key(struct logpanel *lp, int key, bool *jump, uint64_t *to)
{
	size_t			i = logpanel_selected(lp);
	struct changelog_entry	e;

	*jump = false;
	if (i == SIZE_MAX) {
		lp->focus = false;
		status_msg(lp->status, STATUS_INFO, "the change log is empty");
		return REACT_REDRAW;
	}
	/* Down the list is back in time: an older entry, a bigger index. */
	if (key == 'j' || key == KEYS_DOWN) {
		if (i + 1 < changelog_count(lp->log))
			lp->sel = logpanel_total(lp) - 2 - i;
		return REACT_REDRAW;
	}
	if (key == 'k' || key == KEYS_UP) {
		if (i > 0)
			lp->sel = logpanel_total(lp) - i;
		return REACT_REDRAW;
	}
	if ((key == '\r' || key == '\n' || key == KEYS_ENTER) &&
	    changelog_get(lp->log, i, &e)) {
		lp->focus = false;
		*jump = true;
		/* A size change: where the old and the new end differ. */
		*to = e.kind == LIVE_SIZE ? (e.old_size < e.new_size ?
		    e.old_size : e.new_size) : e.off;
		status_msg(lp->status, STATUS_INFO, "the change at 0x%llx",
		    (unsigned long long)*to);
		return REACT_REDRAW;
	}
	/* Tab or Esc hands the focus back to the hex pane. */
	lp->focus = false;
	return REACT_REDRAW;
}

/* Bytes shown on each side of "->" before "...". */
#define LOGPANEL_BYTES	4

/* N bytes of B (of LEN in all) as hex into OUT, cut with "...". */
static void
logpanel_hex(const uint8_t *b, size_t n, uint64_t len, char *out,
    size_t outlen)
{
	size_t	at = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && i < LOGPANEL_BYTES && at + 4 < outlen; i++)
		at += (size_t)snprintf(out + at, outlen - at, "%s%02x",
		    i > 0 ? " " : "", b[i]);
	if (len > LOGPANEL_BYTES || n < len)
		snprintf(out + at, outlen - at, "...");
}

/*
 * The deepest field of L at the change E's first byte: its path into
 * PATH and *REF; false when no field is there.  *WHOLE: the bytes the
 * log kept hold all of it (then its typed value can be shown).
 */
static bool
logpanel_field(const struct changelog_entry *e, const struct layout *l,
    char *path, size_t pathlen, struct ltype_ref *ref, bool *whole)
{
	*whole = false;
	if (l == NULL || layout_path_at(l, e->off, path, pathlen, ref) != 0)
		return false;
	*whole = e->old != NULL && e->new != NULL && ref->size > 0 &&
	    ref->off >= e->off && ref->off + ref->size <= e->off + e->kept;
	return true;
}

/* Entry E as one line of the panel into OUT at NOW_MS. */
void
logpanel_line(const struct changelog_entry *e, uint64_t now_ms,
    const struct layout *l, char *out, size_t outlen)
{
	char		 ago[24], oldv[64], newv[64], path[LTYPE_MAX_PATH + 1];
	uint64_t	 age = now_ms > e->at_ms ? now_ms - e->at_ms : 0;
	const char	*ours = e->kind == LIVE_STORE ? "ours " : "";
	struct ltype_ref ref;
	bool		 whole;

	/* Integer arithmetic: the C locale's point whatever LC_NUMERIC says. */
	snprintf(ago, sizeof ago, "-%" PRIu64 ".%02" PRIu64 "s", age / 1000,
	    age % 1000 / 10);
	if (e->kind == LIVE_SIZE) {
		snprintf(out, outlen, "%s size %" PRIu64 " -> %" PRIu64, ago,
		    e->old_size, e->new_size);
		return;
	}
	if (!logpanel_field(e, l, path, sizeof path - 1, &ref, &whole))
		path[0] = '\0';
	else if (whole) {
		size_t	o = (size_t)(ref.off - e->off);

		ltype_format(&ref, e->old + o, e->kept - o, oldv, sizeof oldv);
		ltype_format(&ref, e->new + o, e->kept - o, newv, sizeof newv);
		snprintf(out, outlen, "%s 0x%" PRIx64 " %s%s %s -> %s", ago,
		    e->off, ours, path, oldv, newv);
		return;
	} else
		/* Part of a field: its path, then the bytes. */
		strcat(path, " ");
	if (e->old == NULL || e->new == NULL) {
		snprintf(out, outlen, "%s 0x%" PRIx64 " %s%spage changed (%"
		    PRIu64 " bytes)", ago, e->off, ours, path, e->len);
		return;
	}
	logpanel_hex(e->old, e->kept, e->len, oldv, sizeof oldv);
	logpanel_hex(e->new, e->kept, e->len, newv, sizeof newv);
	snprintf(out, outlen, "%s 0x%" PRIx64 " %s%s%s -> %s", ago, e->off,
	    ours, path, oldv, newv);
}
