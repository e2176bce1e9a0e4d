/* SPDX-License-Identifier: ISC */
/*
 * live.h - the live session: one open SOURCE, its identity, and one
 * stream of change events for every front end.
 *
 * A session owns the door (opened with source_open), the file's identity
 * (device, inode, link count, what is at the path), inotify on the open
 * file (by /proc/self/fd/N, so a path replaced since the open does not
 * matter; the path is the fallback) and on the path's directory (a new
 * file appearing there), and the windows and page map that find changes
 * by polling (nothing reports stores through a mapping: design.md).
 * What it finds goes to its subscribers as struct live_event: bytes
 * another process changed, our own stores (store.h), size changes,
 * identity changes, reopens and lost inotify events (overflow).
 *
 * The session never polls anything itself.  A front end keeps its own
 * poll(2) loop: it puts live_fd() in its poll set and calls live_on_fd()
 * when it is readable, and calls live_tick() when live_deadline() has
 * come.  Nothing here knows of a terminal.
 *
 * Hazards:
 *  - Events are delivered synchronously, from inside live_tick(),
 *    live_on_fd(), live_sweep(), live_reopen() and the store path.  A
 *    callback must not free the session, nor a window, nor store; the
 *    pointers in an event are valid only during the callback.
 *  - Polling sees only what differs between two looks: a value changed
 *    and changed back in between is never seen.
 *  - inotify is best effort (no descriptor, a full watch table, an
 *    unreadable directory): the ticks still see every change, and
 *    "deleted" still comes from the link count, but "renamed" and
 *    "replaced" then go unreported.
 *  - The path that is watched is the SOURCE as given: for shm:NAME,
 *    sysv:SHMID and pid:PID there is no path to check, so "replaced" is
 *    never reported for them.
 */
#ifndef LIVEHEX_LIVE_H
#define LIVEHEX_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct changemap;
struct door;
struct live;
struct live_window;
struct snapper;
struct source_candidate;

/* What an event says happened. */
enum live_kind {
	LIVE_BYTES,	/* another process changed [off, off+len) */
	LIVE_STORE,	/* we stored [off, off+len) (the store path) */
	LIVE_SIZE,	/* the size went from old_size to new_size */
	LIVE_DELETED,	/* the open file lost its last name */
	LIVE_RENAMED,	/* the open file was moved (IN_MOVE_SELF) */
	LIVE_REPLACED,	/* another file is at the path now */
	LIVE_REOPENED,	/* live_reopen: a new door, identity and size */
	LIVE_OVERFLOW,	/* inotify lost events; the session looked again */
};

/* Who found it. */
enum live_source {
	LIVE_FROM_WINDOW,	/* a window's comparison (old and new known) */
	LIVE_FROM_PAGES,	/* the page map (page granularity, no bytes) */
	LIVE_FROM_STORE,	/* the store path (old and new known) */
	LIVE_FROM_LOOK,		/* a stat, on a tick or an inotify event */
	LIVE_FROM_INOTIFY,	/* an inotify event itself */
	LIVE_FROM_REOPEN,	/* live_reopen */
};

/* One change.  Pointers are valid only during the callback. */
struct live_event {
	enum live_kind		 kind;
	enum live_source	 source;
	uint64_t		 off;		/* BYTES, STORE: the range */
	uint64_t		 len;
	const uint8_t		*old;		/* len bytes before, or NULL
						   when unknown (pages) */
	const uint8_t		*new;		/* len bytes after, or NULL */
	uint64_t		 old_size;	/* SIZE, REOPENED */
	uint64_t		 new_size;
	uint64_t		 at_ms;		/* the session's clock (live_now) */
	const struct live_window *window;	/* FROM_WINDOW: which one */
};

/* A subscriber: called once per event, in the order they happen. */
typedef void	live_fn(const struct live_event *ev, void *arg);

/* live_window_new() flags. */
#define LIVE_WINDOW_SNAPPER	0x1	/* keep a snapper (snap.h) for a view
					   to draw; else plain copies */


/*
 * Open SPEC (source.h) with door FLAGS and start watching it.  When
 * CHOICES is not NULL, pid:PID with several mappings hands them back as
 * source_open_pick does.  NULL with *cause on failure.
 */
struct live	*live_open(const char *spec, int flags,
		    struct source_candidate **choices, size_t *nchoices,
		    char **cause);
/*
 * Start a session on the open door D (taken over), SPEC the SOURCE it
 * came from (a reopen opens SPEC again): for a front end that opened the
 * door itself (the viewer's chooser).  Never fails: inotify is best effort.
 */
struct live	*live_adopt(struct door *d, const char *spec);
/* Close the door, inotify, windows and page map; NULL is ignored. */
void		 live_close(struct live *l);
/* The door: for reads; stores go through store.h. */
struct door	*live_door(const struct live *l);
/* The SOURCE as given to live_open. */
const char	*live_spec(const struct live *l);
/* The open file's device and inode (0, 0 for a SysV segment). */
void		 live_identity(const struct live *l, uint64_t *dev,
		    uint64_t *ino);
/*
 * The session's clock: monotonic milliseconds since live_open, never 0.
 * Event times, deadlines, live_tick's NOW_MS and the stamps of window
 * snappers (their low 32 bits) are all on it: a view fading stamps must
 * use it as its own "now".
 */
uint64_t	 live_now(const struct live *l);
/* The size the session last reported (LIVE_SIZE moves it). */
uint64_t	 live_size(const struct live *l);

/* Call FN with ARG for every event from now on; an id for unsubscribe. */
int		 live_subscribe(struct live *l, live_fn *fn, void *arg);
/* Stop calling subscriber ID. */
void		 live_unsubscribe(struct live *l, int id);
/* Hand EV to every subscriber (the store path publishes through it). */
void		 live_publish(struct live *l, const struct live_event *ev);

/* The descriptor to poll for input (inotify), or -1 when there is none. */
int		 live_fd(const struct live *l);
/* Tick every PERIOD_MS (at least 1, default 10) from now on. */
void		 live_set_period(struct live *l, unsigned period_ms);
/* When the next tick is due (live_now clock). */
uint64_t	 live_deadline(const struct live *l);
/*
 * One look at NOW_MS: re-stat (follow the size), copy every window, then
 * publish DELETED (the link count fell to 0), SIZE, and BYTES for each
 * run that differs from the window's last copy.  Moves the deadline on
 * by one period when it had come; NOW_MS 0 looks now and leaves the
 * deadline alone (a look on inotify news).  0, or -1 with *cause when the door
 * could not re-stat or a window's copy failed (the events of what was
 * seen are still published).
 */
int		 live_tick(struct live *l, uint64_t now_ms, char **cause);
/* What live_glance found. */
enum live_glance {
	LIVE_GLANCE_SAME,	/* every window's bytes are as last copied */
	LIVE_GLANCE_LOOK,	/* something differs or may: live_tick now */
	LIVE_GLANCE_CANNOT,	/* some window is not in memory (a hole,
				   pages on disk): only live_tick can tell */
};
/*
 * A cheap look between ticks (issue 12): compare each window's last copy
 * with the mapping in place, through door_glance, with no system call
 * (the first glance at a window, or after its range or the size moved or
 * inotify said something, asks mincore once whether its pages are in
 * memory).  Publishes nothing and moves no deadline: LOOK says a
 * live_tick is due now (a difference, a window moved, a fault because the
 * file shrank); SAME that a tick would find nothing in the windows (but
 * not a new size, a link count, or a change outside them).
 */
enum live_glance live_glance(struct live *l);
/*
 * Read what inotify says and act on it: RENAMED, DELETED, REPLACED, and
 * a look (as live_tick, without moving the deadline) when the file was
 * written or events were lost (OVERFLOW first).  0, or -1 with *cause.
 */
int		 live_on_fd(struct live *l, char **cause);
/*
 * Handle one inotify event MASK as live_on_fd() does: NAME NULL for the
 * file itself, else a name in the path's directory.  Sets *LOOK when a
 * look is due (the caller runs live_tick or leaves it to live_on_fd).
 * For tests of masks the kernel will not produce on demand.
 */
void		 live_note(struct live *l, uint32_t mask, const char *name,
		    bool *look);
/*
 * Reopen the SOURCE at its path with door FLAGS: a new door, identity,
 * size and page map; windows start again from a first copy; subscribers
 * stay and get REOPENED.  0, or -1 with *cause (the old door stays).
 */
int		 live_reopen(struct live *l, int flags, char **cause);

/*
 * Watch [off, off+len) (clamped to the file at each look) for changes
 * found by comparing copies; changes up to GAP equal bytes apart are one
 * event.  The first copy is taken now: live_window_error() says whether
 * it failed.  With LIVE_WINDOW_SNAPPER a snapper keeps the copies and
 * stamps (live_window_snapper) for a view to draw.
 */
struct live_window *live_window_new(struct live *l, uint64_t off,
		    size_t len, size_t gap, int flags);
/* Stop watching and free W; NULL is ignored. */
void		 live_window_free(struct live_window *w);
/* Watch [off, off+len) from the next look on (the view scrolled). */
void		 live_window_move(struct live_window *w, uint64_t off,
		    size_t len);
/* Keep comparing but do not publish the snapper's snapshot (paused). */
void		 live_window_freeze(struct live_window *w, bool frozen);
/* The window's snapper (LIVE_WINDOW_SNAPPER), or NULL. */
struct snapper	*live_window_snapper(const struct live_window *w);
/*
 * The SNAP_* bits the snapper's last tick returned (SNAP_PUBLISHED: a
 * frame to draw); 0 without a snapper.
 */
int		 live_window_bits(const struct live_window *w);
/* The bytes of the last copy: *len valid bytes from the window's start. */
const uint8_t	*live_window_bytes(const struct live_window *w,
		    size_t *len);
/* Why the last copy failed (errno), with *at where; 0 when it did not. */
int		 live_window_error(const struct live_window *w,
		    uint64_t *at);

/*
 * Also watch the whole file at page granularity with a change map of
 * PAGE bytes per page (0: the system page size).  Replaces any map.
 */
struct changemap *live_pages(struct live *l, size_t page);
/* The page map, or NULL. */
struct changemap *live_changemap(const struct live *l);
/*
 * How the page map works (0, the default: neither), kept across a reopen:
 *  - LIVE_PAGES_KEEP: BYTES events from the pages carry the new bytes
 *    (ev->new; old stays NULL) of every page the sweep could keep
 *    (changemap_keep), so a subscriber need not read them again; a page
 *    it could not keep comes as an event of its own, without bytes.
 *  - LIVE_PAGES_IN_PLACE: hash in place and leave the pages mapped
 *    (changemap_in_place), for a caller that holds a copy of the whole
 *    file anyway.
 */
enum {
	LIVE_PAGES_KEEP = 1 << 0,
	LIVE_PAGES_IN_PLACE = 1 << 1,
};
void		 live_pages_flags(struct live *l, unsigned flags);
/*
 * Sweep up to BUDGET bytes of the page map (changemap_sweep) and publish
 * BYTES from LIVE_FROM_PAGES for each run of pages it found changed.
 * The bytes hashed; 0 without a map.
 */
size_t		 live_sweep(struct live *l, size_t budget, uint64_t now_ms);

/*
 * We stored the first LEN bytes of NEW at OFF, over OLD: take them into
 * every window and the page map as ours, then publish STORE.  The store
 * path (store.h) calls it; nothing else needs to.
 */
void		 live_stored(struct live *l, uint64_t off, const uint8_t *old,
		    const uint8_t *new, size_t len);

#endif
