/* SPDX-License-Identifier: ISC */
/*
 * changemap.h - where in the whole file did something change recently.
 *
 * The snapper (snap.h) watches only the visible window.  The change map
 * watches the whole file at page granularity, so that the view can draw a
 * one-column strip standing for the whole file and jump (]c / [c) to
 * changes that happened outside the window.  Nothing tells us when another
 * process stores into the mapping (design.md fact 1), so the map polls: it
 * keeps one XXH3 hash per page and re-hashes pages in bounded slices,
 * stamping a page with the time a sweep found its hash different.
 *
 * Cost model, for callers:
 *  - Memory: 12 bytes per page (an 8-byte hash and a 4-byte stamp, plus
 *    a 4-byte summary per 64 pages); a 1 GiB file in 4 KiB pages takes
 *    3 MiB.  Choose a bigger PAGE for huge block devices.  Plus a copy
 *    buffer of 256 KiB (or one page, up to 1 MiB): pages are hashed from
 *    pread copies, so a sweep never grows our resident set by the file's
 *    size; bigger pages are hashed in place and unmapped after (door_drop).
 *  - Queries: changemap_latest reads one summary per 64 whole pages, so a
 *    strip of 60 rows over 1 GiB costs a few microseconds per frame.
 *  - CPU: a sweep hashes at most BUDGET bytes (about 10-12 GB/s on hot
 *    pages with AVX2).  To hold the map to a share of one core, ask
 *    changemap_budget() each tick: it turns "this share of a core at this
 *    tick period" into bytes, using the rate the map measured on its own
 *    past sweeps (CPU time, so page faults and mincore count too).
 *  - I/O: none.  Pages that are not in memory (mincore) are never read, so
 *    the map never pulls a cold file from disk; such a page is hashed once
 *    it is resident again (and compared with its old hash if it had one:
 *    a store into an evicted page must bring it back into memory first).
 *    A page in a hole of a sparse file is known to hold zeros without
 *    reading it, so the store that first fills it is a change.
 *
 * Hazards:
 *  - Changes are seen at page granularity and only as often as the sweep
 *    gets round: a page changed and changed back between two visits is
 *    missed.  With the default 5 % cap a 1 GiB file takes a second or two
 *    per lap.
 *  - Since Linux 5.0, mincore reports page-cache residency only for files
 *    we could write (or own); for others it reports only pages mapped in
 *    our own page tables, so a read-only view of someone else's file sees
 *    only the pages the viewer itself has touched.
 *  - Our own stores look like anyone else's: call changemap_forget() for
 *    them.
 */
#ifndef LIVEHEX_CHANGEMAP_H
#define LIVEHEX_CHANGEMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct door;
struct changemap;

/* The share of one core the viewer gives the sweep by default (5 %). */
#define CHANGEMAP_CPU_SHARE	0.05

/* A map for pages of PAGE bytes (0 = the system page size; tests use tiny pages). */
struct changemap *changemap_new(size_t page);
/* Free a map; NULL is ignored. */
void		 changemap_free(struct changemap *m);

/*
 * Hash up to BUDGET bytes of pages through the door, continuing where the
 * last sweep stopped and wrapping at the end, never visiting a page twice
 * in one call (SIZE_MAX: one full lap).  A resident page is hashed and
 * compared with its last hash; a difference stamps it with NOW_MS (0 is
 * taken as 1, since 0 means "never").  The first sight of a page, and of a
 * page whose length changed (the last one, when the size moves), only
 * records its hash.  A page that is not resident is not read (a hole
 * never seen gets the hash of zeros instead); it costs 1/16 of its size
 * in budget (the price of asking mincore).  Follows size
 * changes, also one found mid-sweep: growth adds pages, a shrink drops
 * those past the end.  Returns the bytes hashed.
 */
size_t		 changemap_sweep(struct changemap *m, struct door *d,
		    size_t budget, uint32_t now_ms);
/*
 * The budget for one sweep per tick that holds the sweep to CPU_SHARE of
 * one core (e.g. CHANGEMAP_CPU_SHARE) at a tick every PERIOD_MS:
 * rate x share x period, with the rate measured on past sweeps; at least
 * one page.
 */
size_t		 changemap_budget(const struct changemap *m, double cpu_share,
		    uint32_t period_ms);

/*
 * The pages the last sweep visited: *N pages from page *FROM on,
 * wrapping past the last page to page 0 (*N 0: none).  Only these can
 * carry its stamp, so its changes are found without looking at the rest.
 */
void		 changemap_swept(const struct changemap *m, size_t *from,
		    size_t *n);
/*
 * ON: hash resident pages in place and leave them mapped, instead of
 * reading them into a buffer (the default, which keeps our resident set
 * small).  For a caller that holds a copy of the whole file anyway (the
 * recorder): the pages then cost it no more memory, and a lap copies
 * nothing (in place: no copy, no page-cache lookups after the first lap).
 */
void		 changemap_in_place(struct changemap *m, bool on);
/*
 * Keep (ON) the bytes of each page a sweep finds changed, as the sweep
 * hashed them, until the next sweep: a caller that needs the new bytes
 * (the recorder) then does not read the page a second time.  At most
 * 16 MiB a sweep; pages past that are stamped but not kept.
 */
void		 changemap_keep(struct changemap *m, bool on);
/*
 * The bytes the last sweep kept from OFF (a page's start) on: a pointer
 * to *N bytes (whole kept pages in a row, at most LEN), or NULL when
 * OFF's page was not kept by the last sweep.  Valid until the next sweep.
 */
const unsigned char *changemap_kept(const struct changemap *m, uint64_t off,
		    uint64_t len, size_t *n);

/* Latest change time (ms) among the pages in [off, off+len), 0 = none: the strip asks one bucket per screen row. */
uint32_t	 changemap_latest(const struct changemap *m, uint64_t off,
		    uint64_t len);
/*
 * The start of the next (BACKWARD: previous) changed region after (before)
 * FROM, among pages that changed at or after SINCE_MS, into *OFF.  A
 * region is a run of consecutive changed pages.  The search wraps around
 * the end (the start) like a text search, so it finds FROM's own region
 * when that is the only one; compare *OFF with FROM to tell.  False when
 * no page qualifies.
 */
bool		 changemap_next(const struct changemap *m, uint64_t from,
		    bool backward, uint32_t since_ms, uint64_t *off);

/*
 * We stored into [off, off+len) ourselves: forget those pages' hashes so
 * the next sweep records them unstamped.  (A change another process made
 * to the same pages since the last visit is forgotten with them.)
 */
void		 changemap_forget(struct changemap *m, uint64_t off,
		    uint64_t len);

/*
 * The latest change time (ms, 0 = none) in the whole file, with the start
 * of a page stamped then in *OFF: the header's "changed N s ago" and where.
 */
uint32_t	 changemap_newest(const struct changemap *m, uint64_t *off);
/*
 * The caller watches [LO, HI) itself (the viewer's window): from now on,
 * changes found on pages wholly outside it are counted by
 * changemap_outside(), so window counts and map counts add up without
 * counting one change twice.
 */
void		 changemap_set_window(struct changemap *m, uint64_t lo,
		    uint64_t hi);
/* Changes (page stamps) found on pages clear of the window, in total. */
uint64_t	 changemap_outside(const struct changemap *m);

/* Bytes per page. */
size_t		 changemap_page(const struct changemap *m);
/* Pages the map tracks (the size at the last sweep, in pages). */
size_t		 changemap_pages(const struct changemap *m);
/* Bytes hashed in total (for stats). */
uint64_t	 changemap_hashed(const struct changemap *m);
/* The sweep rate measured so far, in budget bytes per CPU second. */
double		 changemap_rate(const struct changemap *m);
/* CPU seconds spent in sweeps since changemap_new (for a caller's share). */
double		 changemap_cpu(const struct changemap *m);

/*
 * [LO, HI) of a file of SIZE bytes is a hole: its whole pages that were
 * never hashed hold zeros (so the store that fills one is a change even
 * before a sweep has seen the page).
 */
void	changemap_zeros(struct changemap *m, uint64_t size, uint64_t lo,
	    uint64_t hi);

#endif
