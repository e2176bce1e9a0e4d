/* SPDX-License-Identifier: ISC */
/*
 * strip.c - the change map strip: the whole file in one column.
 *
 * The core's change map (changemap.c) hashes the file's resident pages in
 * slices and stamps the ones whose hash moved.  Here each screen row of
 * the strip stands for an equal share of the file and shows how recently
 * any page in it changed: '#' within 2 s, '+' within 10 s, '.' within a
 * minute; the share on screen is drawn in reverse, so the eye sees where
 * the view sits and where things move outside it.  A file that fits on
 * the screen needs no strip: its changes light up where they happen.
 *
 * The sweep gets CHANGEMAP_CPU_SHARE (5 %) of a core: its budget per tick
 * comes from the rate measured on earlier sweeps and the tick's period.
 *
 * The map is the live session's page map (live_pages), swept here on the
 * strip's own cadence with live_sweep; s->cmap only mirrors
 * live_changemap() for the header and the draw (strip_map).  Our own stores need no
 * word from here: the store path's live_stored forgets their pages'
 * hashes.  A reopen makes the session a new map (strip_reopened).
 *
 * The state is opaque (strip_new / strip_free) and knows the session,
 * never the app: the view's place (nav) and the time come in as
 * arguments, a jump goes back as an offset for the app to make.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "changemap.h"
#include "door.h"
#include "live.h"
#include "nav.h"
#include "react.h"
#include "status.h"
#include "strip.h"
#include "xmalloc.h"

/* How often the map is swept (ms) while it sees changes. */
#define STRIP_PERIOD	50
/*
 * ... and once no page changed for STRIP_HOT: a quiet file costs four
 * sweeps a second (each a few system calls) instead of twenty.  A change
 * then reaches the strip within 250 ms, and the strip's marks step in
 * seconds anyway; ]c / [c sweep a small file whole before they look.
 */
#define STRIP_QUIET_PERIOD	250
/*
 * The largest file the map sweeps: 1 TiB.  The sweep hashes pread copies
 * of resident pages (changemap.c), so it maps nothing and never reads a
 * hole: an 8 GiB sparse file peaked at 6.7 MiB of resident set and a
 * 4 GiB dense one at 4.7 MiB (docs/performance.md).  Past 64 GiB the
 * map's pages pass 1 MiB and are hashed in place, then dropped, at most
 * 16 MiB mapped at a time up to here; beyond 1 TiB one page could map a
 * GiB, so the strip stops there.
 */
#define STRIP_MAX_SIZE	((uint64_t)1 << 40)

/*
 * Files up to this size are swept whole, at once, when the map is made
 * and before ]c / [c look: a lap of 64 MiB of resident pages takes a few
 * ms.  Why: a page the map has never hashed cannot be seen to change, so
 * a store made right after opening, before the slow sweep got round to
 * its page, would be taken for the page's first sight and never shown.
 */
#define STRIP_LAP_SIZE	((uint64_t)64 << 20)

/* Ages (ms) at which a bucket's mark steps down. */
#define STRIP_HOT	2000
#define STRIP_WARM	10000
#define STRIP_COOL	60000

/* The strip's state, behind strip_new / strip_free. */
struct strip {
	struct live	*live;		/* the session (its door and map) */
	struct changemap *cmap;		/* live_changemap(live), made at the
					   first tick (live_pages) */
	uint32_t	 last;		/* when the map was last swept */
};

/* A strip over LIVE's file, with no page map yet (the first tick makes it). */
struct strip *
strip_new(struct live *live)
{
	struct strip	*s = xcalloc(1, sizeof *s);

	s->live = live;
	return s;
}

/* Free the strip S (the map is the session's). */
void
strip_free(struct strip *s)
{
	free(s);
}

/* The size of the session's file now. */
static uint64_t
strip_size(const struct strip *s)
{
	return door_size(live_door(s->live));
}

/*
 * The map's page size for a file of SIZE bytes: about 4096 pages, between
 * 64 bytes and the system page, and bigger pages past 256 MiB so the map
 * never holds more than 65536 (an 8 GiB file gets 128 KiB pages).  Why not always the system page: a small
 * file would be one page, and every row of the strip would light up for
 * any change in it.
 */
static size_t
strip_page(uint64_t size)
{
	size_t	page = 64, sys = (size_t)sysconf(_SC_PAGESIZE);

	while (page < sys && (uint64_t)page * 4096 < size)
		page *= 2;
	/* And at most 65536 pages (768 KiB of state), however big. */
	while ((uint64_t)page * 65536 < size && page < ((size_t)1 << 30))
		page *= 2;
	return page;
}

/* Sweep the whole map now when the file is small enough (see above). */
static void
strip_lap(struct strip *s, const struct nav *nav, uint32_t now)
{
	if (strip_size(s) > STRIP_LAP_SIZE)
		return;
	changemap_set_window(s->cmap, nav->top, nav->top + nav_window(nav));
	live_sweep(s->live, SIZE_MAX, now);
}

/* Sweep a CPU-capped slice of the pages at NOW; NAV: the view; REACT_*. */
int
strip_tick(struct strip *s, const struct nav *nav, uint32_t now)
{
	uint32_t	before, period;
	size_t		budget;

	if (strip_size(s) > STRIP_MAX_SIZE)
		return 0;
	if (s->cmap == NULL) {
		s->cmap = live_pages(s->live, strip_page(strip_size(s)));
		strip_lap(s, nav, now);
	}
	/*
	 * Why not every tick: each sweep costs a few system calls whatever
	 * its budget (fstat, mincore), which doubled the idle CPU at 100
	 * ticks a second.  20 sweeps a second, each with 50 ms of budget,
	 * keep the same 5 % share and the strip a strip, not a live view.
	 */
	before = changemap_latest(s->cmap, 0, UINT64_MAX);
	period = before != 0 && now - before < STRIP_HOT ? STRIP_PERIOD :
	    STRIP_QUIET_PERIOD;
	if (s->last != 0 && now - s->last < period)
		return 0;
	s->last = now;
	/* The window's changes the snapper counts; the map counts the rest. */
	changemap_set_window(s->cmap, nav->top, nav->top + nav_window(nav));
	budget = changemap_budget(s->cmap, CHANGEMAP_CPU_SHARE, period);
	live_sweep(s->live, budget, now);
	/* The strip only needs a frame when a stamp moved. */
	return changemap_latest(s->cmap, 0, UINT64_MAX) != before ?
	    REACT_REDRAW : 0;
}

/*
 * ]c / [c (BACKWARD): the next changed region after NAV's screen (the
 * previous one before it) into *TO, wrapping round the file; never one
 * that starts on the screen, which the user is already looking at.
 * False when there is none; ST says what was found either way.
 */
bool
strip_jump(struct strip *s, const struct nav *nav, uint32_t now,
    bool backward, struct status *st, uint64_t *to)
{
	uint64_t	off, lo = nav->top, hi = lo + nav_window(nav);

	if (strip_size(s) > STRIP_MAX_SIZE) {
		status_msg(st, STATUS_INFO, "the change map is off for files "
		    "over 1 TiB");
		return false;
	}
	/* Look at the latest state of a small file, not the last sweep's. */
	if (s->cmap != NULL)
		strip_lap(s, nav, now);
	/* From the last byte on screen forward, or from the first back. */
	if (s->cmap == NULL || !changemap_next(s->cmap, backward ? lo :
	    hi - 1, backward, 1, &off) || (off >= lo && off < hi)) {
		status_msg(st, STATUS_INFO, "no change seen yet outside the "
		    "screen (the map sweeps the file slowly)");
		return false;
	}
	status_msg(st, STATUS_INFO, "changed region at 0x%llx (%.1f s ago)",
	    (unsigned long long)off, (double)(now -
	    changemap_latest(s->cmap, off, changemap_page(s->cmap))) / 1000.0);
	*to = off;
	return true;
}

/* True when the strip has something to show at column X (-1: no room). */
bool
strip_shown(const struct strip *s, const struct nav *nav, int x)
{
	uint64_t	size = strip_size(s);

	/* A file that fits on screen shows its changes itself. */
	return x >= 0 && size != 0 && nav->rows != 0 &&
	    size > nav_window(nav) && size <= STRIP_MAX_SIZE;
}

/* How hot [LO, HI) is at NOW: 3 changed just now ... 1 a while ago, 0 not. */
int
strip_heat(const struct strip *s, uint32_t now, uint64_t lo, uint64_t hi)
{
	uint32_t	t = 0, age;

	if (s->cmap != NULL)
		t = changemap_latest(s->cmap, lo, hi - lo);
	age = t == 0 ? UINT32_MAX : now - t;
	if (age < STRIP_HOT)
		return 3;
	if (age < STRIP_WARM)
		return 2;
	return age < STRIP_COOL ? 1 : 0;
}

/* The page map, or NULL before the first tick (and over 1 TiB). */
const struct changemap *
strip_map(const struct strip *s)
{
	return s->cmap;
}

/* After live_reopen: the session's new page map, swept whole if small. */
void
strip_reopened(struct strip *s, const struct nav *nav, uint32_t now)
{
	s->cmap = live_changemap(s->live);
	s->last = 0;
	if (s->cmap != NULL)
		strip_lap(s, nav, now);
}
