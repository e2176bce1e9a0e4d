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
 * strip's own cadence with live_sweep; a->cmap only mirrors
 * live_changemap() for the header and the draw.  Our own stores need no
 * word from here: the store path's live_stored forgets their pages'
 * hashes.  A reopen makes the session a new map (strip_reopened).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "app.h"
#include "changemap.h"
#include "door.h"
#include "live.h"
#include "nav.h"
#include "strip.h"

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
strip_lap(struct app *a)
{
	if (door_size(a->door) > STRIP_LAP_SIZE)
		return;
	changemap_set_window(a->cmap, a->nav.top, a->nav.top +
	    nav_window(&a->nav));
	live_sweep(a->live, SIZE_MAX, a->now);
}

/* Sweep a CPU-capped slice of the file's pages (every tick); APP_* bits. */
int
strip_tick(struct app *a)
{
	uint32_t	before, period;
	size_t		budget;

	if (door_size(a->door) > STRIP_MAX_SIZE)
		return 0;
	if (a->cmap == NULL) {
		a->cmap = live_pages(a->live, strip_page(door_size(a->door)));
		strip_lap(a);
	}
	/*
	 * Why not every tick: each sweep costs a few system calls whatever
	 * its budget (fstat, mincore), which doubled the idle CPU at 100
	 * ticks a second.  20 sweeps a second, each with 50 ms of budget,
	 * keep the same 5 % share and the strip a strip, not a live view.
	 */
	before = changemap_latest(a->cmap, 0, UINT64_MAX);
	period = before != 0 && a->now - before < STRIP_HOT ? STRIP_PERIOD :
	    STRIP_QUIET_PERIOD;
	if (a->strip_last != 0 && a->now - a->strip_last < period)
		return 0;
	a->strip_last = a->now;
	/* The window's changes the snapper counts; the map counts the rest. */
	changemap_set_window(a->cmap, a->nav.top, a->nav.top +
	    nav_window(&a->nav));
	budget = changemap_budget(a->cmap, CHANGEMAP_CPU_SHARE, period);
	live_sweep(a->live, budget, a->now);
	/* The strip only needs a frame when a stamp moved. */
	return changemap_latest(a->cmap, 0, UINT64_MAX) != before ?
	    APP_REDRAW : 0;
}

/*
 * ]c / [c (BACKWARD): jump to the next changed region after the screen
 * (the previous one before it), wrapping round the file; never to one
 * that starts on the screen, which the user is already looking at.
 */
int
strip_jump(struct app *a, bool backward)
{
	uint64_t	off, lo = a->nav.top, hi = lo + nav_window(&a->nav);

	if (door_size(a->door) > STRIP_MAX_SIZE) {
		app_msg(a, APP_MSG_INFO, "the change map is off for files over "
		    "1 TiB");
		return APP_REDRAW;
	}
	/* Look at the latest state of a small file, not the last sweep's. */
	if (a->cmap != NULL)
		strip_lap(a);
	/* From the last byte on screen forward, or from the first back. */
	if (a->cmap == NULL || !changemap_next(a->cmap, backward ? lo :
	    hi - 1, backward, 1, &off) || (off >= lo && off < hi)) {
		app_msg(a, APP_MSG_INFO, "no change seen yet outside the "
		    "screen (the map sweeps the file slowly)");
		return APP_REDRAW;
	}
	app_msg(a, APP_MSG_INFO, "changed region at 0x%llx (%.1f s ago)",
	    (unsigned long long)off, (double)(a->now -
	    changemap_latest(a->cmap, off, changemap_page(a->cmap))) / 1000.0);
	return app_jump(a, off) | APP_REDRAW;
}


/* True when the strip has something to show for the file (draw.c). */
bool
strip_shown(const struct app *a)
{
	uint64_t	size = door_size(a->door);

	/* A file that fits on screen shows its changes itself. */
	return a->strip_x >= 0 && size != 0 && a->nav.rows != 0 &&
	    size > nav_window(&a->nav) && size <= STRIP_MAX_SIZE;
}

/* How hot [LO, HI) is: 3 changed just now ... 1 a while ago, 0 not. */
int
strip_heat(const struct app *a, uint64_t lo, uint64_t hi)
{
	uint32_t	t = 0, age;

	if (a->cmap != NULL)
		t = changemap_latest(a->cmap, lo, hi - lo);
	age = t == 0 ? UINT32_MAX : a->now - t;
	if (age < STRIP_HOT)
		return 3;
	if (age < STRIP_WARM)
		return 2;
	return age < STRIP_COOL ? 1 : 0;
}

/* After live_reopen: the session's new page map, swept whole if small. */
void
strip_reopened(struct app *a)
{
	a->cmap = live_changemap(a->live);
	a->strip_last = 0;
	if (a->cmap != NULL)
		strip_lap(a);
}
