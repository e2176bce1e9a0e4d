/* SPDX-License-Identifier: ISC */
/*
 * live_window.c - the live session's windows: regions compared copy to
 * copy (live.c has the session; live_priv.h what the two share).
 *
 * A window keeps either two plain buffers (the last copy and this one,
 * swapped after each look) or a snapper (snap.h) whose copy and stamps a
 * view draws.  Each look copies every window (live_window_copy), then
 * compares (live_window_compare) and publishes BYTES events for the runs
 * that differ over the overlap of the two copies: bytes that scrolled in
 * or appeared by growth are a baseline, never a change.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "changemap.h"
#include "door.h"
#include "live.h"
#include "runs.h"
#include "snap.h"
#include "source.h"
#include "xmalloc.h"
#include "live_priv.h"

/* ------------------------------------------------------------------------ */
/* Windows.                                                                 */

/* Make room for LEN bytes in both plain buffers (keeping prev). */
static void
live_window_reserve(struct live_window *w, size_t len)
{
	/* Never 0: memcpy(NULL, ..., 0) is undefined. */
	if (len == 0)
		len = 1;
	if (len <= w->cap)
		return;
	w->prev = xrealloc(w->prev, len);
	w->cur = xrealloc(w->cur, len);
	w->cap = len;
}

/* Copy the window through the door at NOW_MS: into cur, or the snapper. */
void
live_window_copy(struct live_window *w, uint64_t now_ms)
{
	struct door		*d = w->live->door;
	struct door_copy	 c;
	uint64_t		 size = door_size(d);
	size_t			 want;

	if (w->snapper != NULL) {
		w->bits = snapper_tick(w->snapper, d, w->off, w->len,
		    live_ms32(now_ms), w->frozen);
		w->error = snapper_error(w->snapper, &w->error_at);
		return;
	}
	/* Only what exists: a 1 GiB window on a small file stays small. */
	want = size <= w->off ? 0 : size - w->off < w->len ?
	    (size_t)(size - w->off) : w->len;
	live_window_reserve(w, want);
	/* Short when the file shrank during the copy: use what came. */
	c = door_read(d, w->off, w->cur, want);
	w->cur_valid = c.valid;
	w->error = c.error;
	w->error_at = w->off + c.valid;
}

/* Publish BYTES for each run in OLD vs NEW (LEN bytes at file OFF). */
static void
live_window_runs(struct live_window *w, uint64_t off, const uint8_t *old,
    const uint8_t *new, size_t len, uint64_t now_ms)
{
	struct runs_run		runs[LIVE_BATCH];
	struct live_event	ev;
	size_t			n, from = 0;

	memset(&ev, 0, sizeof ev);
	ev.kind = LIVE_BYTES;
	ev.source = LIVE_FROM_WINDOW;
	ev.at_ms = now_ms;
	ev.window = w;
	do {
		n = runs_diff(old, new, len, from, w->gap, runs, LIVE_BATCH);
		for (size_t i = 0; i < n; i++) {
			ev.off = off + runs[i].off;
			ev.len = runs[i].len;
			ev.old = old + runs[i].off;
			ev.new = new + runs[i].off;
			live_publish(w->live, &ev);
		}
		if (n > 0)
			from = runs[n - 1].off + runs[n - 1].len;
	} while (n == LIVE_BATCH);
}

/* Publish what the last copy changed, then keep it as the baseline. */
void
live_window_compare(struct live_window *w, uint64_t now_ms)
{
	struct snap	was, now;
	uint64_t	lo, hi;
	uint8_t		*t;

	if (w->snapper != NULL) {
		if (!snapper_compared(w->snapper, &was, &now))
			return;
	} else {
		was.off = w->prev_off;
		was.len = w->prev_valid;
		was.bytes = w->prev;
		now.off = w->off;
		now.len = w->cur_valid;
		now.bytes = w->cur;
	}
	/* Only bytes present in both copies compare; new ones are baseline. */
	lo = was.off > now.off ? was.off : now.off;
	hi = was.off + was.len < now.off + now.len ? was.off + was.len :
	    now.off + now.len;
	if (lo < hi)
		live_window_runs(w, lo, was.bytes + (lo - was.off),
		    now.bytes + (lo - now.off), (size_t)(hi - lo), now_ms);
	if (w->snapper == NULL) {
		t = w->prev;
		w->prev = w->cur;
		w->cur = t;
		w->prev_off = w->off;
		w->prev_valid = w->cur_valid;
	}
}

/* Start a window's history again from a first copy (new or reopened). */
void
live_window_restart(struct live_window *w, uint64_t now_ms)
{
	if (w->snapper != NULL) {
		snapper_free(w->snapper);
		w->snapper = snapper_new();
	}
	live_window_copy(w, now_ms);
	if (w->snapper == NULL) {
		uint8_t	*t = w->prev;

		w->prev = w->cur;
		w->cur = t;
		w->prev_off = w->off;
		w->prev_valid = w->cur_valid;
	}
}

/* A window over [off, off+len); see live.h. */
struct live_window *
live_window_new(struct live *l, uint64_t off, size_t len, size_t gap,
    int flags)
{
	struct live_window	*w = xcalloc(1, sizeof *w);
	struct live_window	**pp;

	w->live = l;
	w->off = off;
	w->len = len;
	w->gap = gap;
	if (flags & LIVE_WINDOW_SNAPPER)
		w->snapper = snapper_new();
	live_window_restart(w, live_now(l));
	/* Kept in offset order so a look publishes in file order. */
	for (pp = &l->windows; *pp != NULL && (*pp)->off <= off;
	    pp = &(*pp)->next)
		continue;
	w->next = *pp;
	*pp = w;
	return w;
}

/* Stop watching and free W. */
void
live_window_free(struct live_window *w)
{
	struct live_window	**pp;

	if (w == NULL)
		return;
	for (pp = &w->live->windows; *pp != NULL; pp = &(*pp)->next)
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	snapper_free(w->snapper);
	free(w->prev);
	free(w->cur);
	free(w);
}

/* Watch [off, off+len) from the next look on. */
void
live_window_move(struct live_window *w, uint64_t off, size_t len)
{
	struct live		*l = w->live;
	struct live_window	**pp;

	w->off = off;
	w->len = len;
	/* Re-sort: unlink, then insert at its new place. */
	for (pp = &l->windows; *pp != NULL; pp = &(*pp)->next)
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	for (pp = &l->windows; *pp != NULL && (*pp)->off <= off;
	    pp = &(*pp)->next)
		continue;
	w->next = *pp;
	*pp = w;
}

/* Keep comparing without publishing the snapper's snapshot. */
void
live_window_freeze(struct live_window *w, bool frozen)
{
	w->frozen = frozen;
}

/* The window's snapper, or NULL. */
struct snapper *
live_window_snapper(const struct live_window *w)
{
	return w->snapper;
}

/* The bytes of the last copy and how many are valid. */
const uint8_t *
live_window_bytes(const struct live_window *w, size_t *len)
{
	struct snap	was, now;

	if (w->snapper != NULL) {
		if (snapper_compared(w->snapper, &was, &now)) {
			*len = now.len;
			return now.bytes;
		}
		/* Before a second tick the published copy is the live one. */
		*len = snapper_snap(w->snapper)->len;
		return snapper_snap(w->snapper)->bytes;
	}
	*len = w->prev_valid;
	return w->prev;
}

/* The SNAP_* bits of the snapper's last tick (0 without a snapper). */
int
live_window_bits(const struct live_window *w)
{
	return w->bits;
}

/* Why the last copy failed (errno), or 0. */
int
live_window_error(const struct live_window *w, uint64_t *at)
{
	if (at != NULL)
		*at = w->error_at;
	return w->error;
}

/*
 * The bytes of W's last copy, with *off and *len; NULL before any.  The
 * snapper's live copy (stores of ours included), not what it published.
 */
static const uint8_t *
live_window_last(const struct live_window *w, uint64_t *off, size_t *len)
{
	struct snap	was, now;

	if (w->snapper == NULL) {
		*off = w->prev_off;
		*len = w->prev_valid;
		return w->prev;
	}
	if (snapper_compared(w->snapper, &was, &now)) {
		*off = now.off;
		*len = now.len;
		return now.bytes;
	}
	*off = snapper_snap(w->snapper)->off;
	*len = snapper_snap(w->snapper)->len;
	return snapper_snap(w->snapper)->bytes;
}

/* Glance at one window; see live_glance. */
static enum live_glance
live_window_glance(struct live_window *w)
{
	struct door	*d = w->live->door;
	uint64_t	 size = door_size(d), off;
	size_t		 len, want;
	const uint8_t	*last = live_window_last(w, &off, &len);

	/* A failing read is the tick's to say, not a look per glance. */
	if (w->error != 0)
		return LIVE_GLANCE_CANNOT;
	if (last == NULL)
		return LIVE_GLANCE_LOOK;
	/* What the next look would copy (live_window_copy). */
	want = size <= w->off ? 0 : size - w->off < w->len ?
	    (size_t)(size - w->off) : w->len;
	if (off != w->off || len != want)
		return LIVE_GLANCE_LOOK;
	if (!w->tried || w->armed_off != off || w->armed_len != len) {
		/* One mincore, then none until live_disarm or a move. */
		w->tried = true;
		w->armed_off = off;
		w->armed_len = len;
		w->armed = door_in_memory(d, off, len);
	}
	if (!w->armed)
		return LIVE_GLANCE_CANNOT;
	switch (door_glance(d, off, last, len)) {
	case DOOR_GLANCE_SAME:
		return LIVE_GLANCE_SAME;
	case DOOR_GLANCE_DIFFERS:
		return LIVE_GLANCE_LOOK;
	default:
		/* A fault: the file shrank; residency is stale too. */
		w->tried = false;
		return LIVE_GLANCE_LOOK;
	}
}

/* Compare every window in place with its last copy; see live.h. */
enum live_glance
live_glance(struct live *l)
{
	enum live_glance	 r = LIVE_GLANCE_SAME, g;

	for (struct live_window *w = l->windows; w != NULL; w = w->next) {
		g = live_window_glance(w);
		if (g == LIVE_GLANCE_LOOK)
			return g;
		if (g == LIVE_GLANCE_CANNOT)
			r = g;
	}
	return r;
}

/* Forget every window's residency; see live_priv.h. */
void
live_disarm(struct live *l)
{
	for (struct live_window *w = l->windows; w != NULL; w = w->next)
		w->tried = w->armed = false;
}
