/* SPDX-License-Identifier: ISC */
/*
 * live.c - the live session: door, identity, inotify, change events.
 *
 * State: the door and the SOURCE it came from; the open file's identity
 * (device and inode from fstat at open, whether "deleted" was said, what
 * was at the path at the last look); the inotify descriptor with one
 * watch on the open file and one on the path's directory; the windows
 * (each a region compared copy to copy) and the optional page map; the
 * subscribers; the tick period and the next deadline.
 *
 * Every change is found in one of three places and published as one
 * struct live_event: a look (live_tick, or live_on_fd after inotify news:
 * re-stat, link count, size, window copies), an inotify event (renamed,
 * replaced, overflow), or the store path (live_stored).  Within a look the
 * order is fixed - DELETED, SIZE, then BYTES window by window in offset
 * order - so a consumer that prints lines (watch) prints them in the order
 * it always did.
 *
 * A window keeps either two plain buffers (the last copy and this one,
 * swapped after each look: two copies of the window in memory, which is
 * what `watch -l 1G` can afford) or a snapper (snap.h), whose own copy
 * and stamps a view draws; the snapper hands back the pair it compared
 * (snapper_compared) so old and new bytes come without another copy.
 * Runs of differing bytes are found with runs_diff over the overlap of
 * the two copies, so bytes that scrolled in or appeared by growth are a
 * baseline, never a change (growth is the SIZE event's news).
 *
 * Our own stores must not come back as another process's: live_stored()
 * writes the stored bytes into every window's last copy (and the
 * snapper's, and forgets the page map's hashes) before publishing STORE.
 *
 * Failure: the door's re-stat or a window copy failing makes live_tick
 * return -1 with a cause; inotify failing only loses the prompt looks.
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

/* The session's clock: monotonic ms since it opened, never 0. */
uint64_t
live_now(const struct live *l)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)((ts.tv_sec - l->t0.tv_sec) * 1000 +
	    (ts.tv_nsec - l->t0.tv_nsec) / 1000000) + 1;
}

/* A snapper's clock: 32-bit milliseconds (49 days), never 0 ("never"). */
uint32_t
live_ms32(uint64_t now_ms)
{
	uint32_t	t = (uint32_t)now_ms;

	return t == 0 ? 1 : t;
}

/* Publish an event of KIND from SOURCE with nothing but its time. */
static void
live_say(struct live *l, enum live_kind kind, enum live_source source,
    uint64_t now_ms)
{
	struct live_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.source = source;
	ev.at_ms = now_ms;
	live_publish(l, &ev);
}

/* ------------------------------------------------------------------------ */
/* Identity.                                                                */

/* Take the open file's identity (device, inode) from its descriptor. */
static void
live_take_identity(struct live *l)
{
	struct stat	st, at;
	bool		nameless = false;

	l->dev = l->ino = 0;
	if (door_fd(l->door) != -1 && fstat(door_fd(l->door), &st) == 0) {
		l->dev = (uint64_t)st.st_dev;
		l->ino = (uint64_t)st.st_ino;
		nameless = st.st_nlink == 0;
	}
	l->deleted = false;
	l->at_path = true;
	l->path_dev = l->dev;
	l->path_ino = l->ino;
	/*
	 * A file with no name from the start (the memfd holding a recording's
	 * image, source_rec.c) has no name to lose, and what is at the path
	 * (the recording itself) was never it: only a change there is news.
	 */
	if (nameless) {
		l->deleted = true;
		l->at_path = stat(l->spec, &at) == 0;
		if (l->at_path) {
			l->path_dev = (uint64_t)at.st_dev;
			l->path_ino = (uint64_t)at.st_ino;
		}
	}
}

/*
 * Publish DELETED when the open file has just lost its last name.  FRESH:
 * the door was just refreshed, so its fstat's link count will do (a tick
 * then costs one fstat, not two: issue 12's idle budget).
 */
static void
live_check_links(struct live *l, enum live_source source, uint64_t now_ms,
    bool fresh)
{
	struct stat	st;

	if (door_fd(l->door) == -1)
		return;
	if (fresh)
		st.st_nlink = (nlink_t)door_nlink(l->door);
	else if (fstat(door_fd(l->door), &st) == -1)
		return;
	if (st.st_nlink > 0) {
		/* Linked again (linkat of /proc/self/fd): it may go again. */
		l->deleted = false;
		return;
	}
	if (l->deleted)
		return;
	l->deleted = true;
	live_say(l, LIVE_DELETED, source, now_ms);
}

/* Publish REPLACED when a file that is not ours has appeared at the path. */
static void
live_check_path(struct live *l, enum live_source source, uint64_t now_ms)
{
	struct stat	st;

	if (stat(l->spec, &st) == -1) {
		l->at_path = false;
		return;
	}
	if (l->at_path && (uint64_t)st.st_dev == l->path_dev &&
	    (uint64_t)st.st_ino == l->path_ino)
		return;
	l->at_path = true;
	l->path_dev = (uint64_t)st.st_dev;
	l->path_ino = (uint64_t)st.st_ino;
	/* Our own file back at its name (renamed back) is not news. */
	if ((uint64_t)st.st_dev == l->dev && (uint64_t)st.st_ino == l->ino)
		return;
	live_say(l, LIVE_REPLACED, source, now_ms);
}

/* ------------------------------------------------------------------------ */
/* inotify.                                                                 */

/* Watch the open file (by descriptor) and its path's directory. */
static void
live_inotify_add(struct live *l)
{
	const char	*path = l->spec;
	const char	*slash = strrchr(path, '/');
	char		*fdpath, *dir;
	uint32_t	 mask = IN_MODIFY | IN_ATTRIB | IN_MOVE_SELF |
			    IN_CLOSE_WRITE;

	if (l->ifd == -1)
		return;
	if (l->wd_file != -1)
		inotify_rm_watch(l->ifd, l->wd_file);
	if (l->wd_dir != -1)
		inotify_rm_watch(l->ifd, l->wd_dir);
	l->wd_file = l->wd_dir = -1;
	/*
	 * Why /proc/self/fd: it names the very file we have open, even if the
	 * path was replaced between the open and now.  The path is the
	 * fallback when /proc is not mounted.
	 */
	if (door_fd(l->door) != -1) {
		fdpath = xasprintf("/proc/self/fd/%d", door_fd(l->door));
		l->wd_file = inotify_add_watch(l->ifd, fdpath, mask);
		free(fdpath);
		if (l->wd_file == -1)
			l->wd_file = inotify_add_watch(l->ifd, path, mask);
	}
	if (slash == NULL)
		dir = xstrdup(".");
	else if (slash == path)
		dir = xstrdup("/");
	else
		dir = xasprintf("%.*s", (int)(slash - path), path);
	free(l->base);
	l->base = xstrdup(slash != NULL ? slash + 1 : path);
	l->wd_dir = inotify_add_watch(l->ifd, dir, IN_CREATE | IN_MOVED_TO |
	    IN_DELETE | IN_MOVED_FROM);
	free(dir);
}

/* Handle one inotify event MASK (NAME NULL: the file); see live.h. */
void
live_note(struct live *l, uint32_t mask, const char *name, bool *look)
{
	uint64_t	now = live_now(l);

	if (mask & IN_Q_OVERFLOW) {
		/* Events were lost: say so, then check everything. */
		live_say(l, LIVE_OVERFLOW, LIVE_FROM_INOTIFY, now);
		*look = true;
		live_check_links(l, LIVE_FROM_LOOK, now, false);
		live_check_path(l, LIVE_FROM_LOOK, now);
	} else if (name == NULL) {
		if (mask & IN_MOVE_SELF)
			live_say(l, LIVE_RENAMED, LIVE_FROM_INOTIFY, now);
		else if (mask & IN_ATTRIB)
			live_check_links(l, LIVE_FROM_INOTIFY, now, false);
		if (mask & (IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB))
			*look = true;
	} else if (l->base != NULL && strcmp(name, l->base) == 0)
		live_check_path(l, LIVE_FROM_INOTIFY, now);
}

/* Read inotify and act on it; see live.h. */
int
live_on_fd(struct live *l, char **cause)
{
	char			 buf[4096]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	bool			 look = false;
	ssize_t			 n;

	if (l->ifd == -1)
		return 0;
	while ((n = read(l->ifd, buf, sizeof buf)) > 0) {
		for (char *p = buf; p < buf + n; p += sizeof *ev + ev->len) {
			ev = (const struct inotify_event *)(void *)p;
			if (ev->mask & IN_Q_OVERFLOW)
				live_note(l, ev->mask, NULL, &look);
			else if (ev->wd == l->wd_file)
				live_note(l, ev->mask, NULL, &look);
			else if (ev->wd == l->wd_dir && ev->len > 0)
				live_note(l, ev->mask, ev->name, &look);
		}
	}
	if (!look)
		return 0;
	return live_tick(l, 0, cause);
}


/* ------------------------------------------------------------------------ */
/* Looking.                                                                 */

/* One look; see live.h.  NOW_MS 0: now, and the deadline stays. */
int
live_tick(struct live *l, uint64_t now_ms, char **cause)
{
	struct live_window	*w;
	struct live_event	 ev;
	uint64_t		 size;
	int			 rc = 0;

	if (now_ms == 0) {
		now_ms = live_now(l);
		/*
		 * A look on inotify news (a write, a truncate, a punched
		 * hole): pages glances found in memory may be gone or holes
		 * now, and touching a hole in place would fill it.
		 */
		live_disarm(l);
	} else if (now_ms >= l->deadline) {
		/* A fixed period, not drifting; skip what was missed. */
		l->deadline += l->period;
		if (l->deadline <= now_ms)
			l->deadline = now_ms + l->period;
	}
	if (door_refresh(l->door, cause) == -1)
		return -1;
	/*
	 * The copies trust the size just read: one fstat a look instead of
	 * one more per window (issue 12's idle cost).  Held only while they
	 * copy: nothing is published, and nothing stored, meanwhile.
	 */
	door_hold(l->door, true);
	for (w = l->windows; w != NULL; w = w->next)
		live_window_copy(w, now_ms);
	door_hold(l->door, false);
	live_check_links(l, LIVE_FROM_LOOK, now_ms, true);
	size = door_size(l->door);
	if (size != l->size) {
		memset(&ev, 0, sizeof ev);
		ev.kind = LIVE_SIZE;
		ev.source = LIVE_FROM_LOOK;
		ev.old_size = l->size;
		ev.new_size = size;
		ev.off = size < l->size ? size : l->size;
		ev.len = size < l->size ? l->size - size : size - l->size;
		ev.at_ms = now_ms;
		l->size = size;
		live_disarm(l);
		live_publish(l, &ev);
	}
	for (w = l->windows; w != NULL; w = w->next) {
		if (w->error != 0 && rc == 0) {
			/* Not the end of the file: a read that failed. */
			if (cause != NULL)
				*cause = xasprintf("read failed at offset %"
				    PRIu64 " (0x%" PRIx64 "): %s", w->error_at,
				    w->error_at, door_strerror(w->error));
			rc = -1;
		}
		live_window_compare(w, now_ms);
	}
	return rc;
}

/*
 * Publish EV (BYTES from the pages) for the run [OFF, END) of changed
 * pages: one event, or, where the map kept the pages' bytes
 * (LIVE_PAGES_KEEP), one event per stretch with its new bytes and one
 * per page without, so a subscriber reads only what was not kept.
 */
static void
live_sweep_run(struct live *l, struct live_event *ev, uint64_t off,
    uint64_t end)
{
	uint64_t	size = door_size(l->door), page = changemap_page(l->cmap);
	size_t		n;

	if ((l->pages_flags & LIVE_PAGES_KEEP) == 0) {
		ev->off = off;
		ev->len = end - off;
		live_publish(l, ev);
		return;
	}
	/* The last page may be short: its kept bytes end at the size. */
	if (end > size)
		end = size;
	while (off < end) {
		ev->new = changemap_kept(l->cmap, off, end - off, &n);
		if (ev->new == NULL)
			n = (size_t)(end - off < page ? end - off : page);
		ev->off = off;
		ev->len = n;
		live_publish(l, ev);
		off += n;
	}
	ev->new = NULL;
}

/* How the page map works for this session (LIVE_PAGES_*); see live.h. */
void
live_pages_flags(struct live *l, unsigned flags)
{
	l->pages_flags = flags;
	if (l->cmap != NULL) {
		changemap_keep(l->cmap, (flags & LIVE_PAGES_KEEP) != 0);
		changemap_in_place(l->cmap, (flags & LIVE_PAGES_IN_PLACE) != 0);
	}
}

/* Publish the runs of pages in [LO, HI) stamped at T or later. */
static void
live_sweep_pages(struct live *l, struct live_event *ev, size_t lo,
    size_t hi, uint32_t t)
{
	uint64_t	page = changemap_page(l->cmap);
	size_t		end;

	while (lo < hi) {
		if (changemap_latest(l->cmap, (uint64_t)lo * page, page) < t) {
			lo++;
			continue;
		}
		for (end = lo + 1; end < hi && changemap_latest(l->cmap,
		    (uint64_t)end * page, page) >= t; end++)
			continue;
		live_sweep_run(l, ev, (uint64_t)lo * page,
		    (uint64_t)end * page);
		lo = end;
	}
}

/* Sweep the page map and publish the runs of pages it found changed. */
size_t
live_sweep(struct live *l, size_t budget, uint64_t now_ms)
{
	struct live_event	 ev;
	uint32_t		 t = live_ms32(now_ms);
	size_t			 hashed, from, n, np;

	if (l->cmap == NULL)
		return 0;
	hashed = changemap_sweep(l->cmap, l->door, budget, t);
	memset(&ev, 0, sizeof ev);
	ev.kind = LIVE_BYTES;
	ev.source = LIVE_FROM_PAGES;
	ev.at_ms = now_ms;
	/*
	 * Only the pages this sweep visited can carry its stamp; in file
	 * order, so the part past the wrap (from page 0) comes first.
	 */
	changemap_swept(l->cmap, &from, &n);
	np = changemap_pages(l->cmap);
	if (n >= np)
		live_sweep_pages(l, &ev, 0, np, t);
	else if (from + n > np) {
		live_sweep_pages(l, &ev, 0, from + n - np, t);
		live_sweep_pages(l, &ev, from, np, t);
	} else
		live_sweep_pages(l, &ev, from, from + n, t);
	return hashed;
}

/* door_holes callback: [LO, HI) is a hole, so its pages hold zeros. */
static void
live_pages_hole(void *arg, uint64_t lo, uint64_t hi)
{
	struct live	*l = arg;

	changemap_zeros(l->cmap, door_size(l->door), lo, hi);
}

/* Watch the whole file in pages too; see live.h. */
struct changemap *
live_pages(struct live *l, size_t page)
{
	changemap_free(l->cmap);
	l->cmap_page = page;
	l->cmap = changemap_new(page);
	live_pages_flags(l, l->pages_flags);
	/*
	 * The holes are known now: a store that fills one before the first
	 * lap reaches its page is then a change, not the page's first sight.
	 */
	if (door_refresh(l->door, NULL) != -1)
		door_holes(l->door, 0, door_size(l->door), LIVE_HOLES,
		    live_pages_hole, l);
	return l->cmap;
}

/* The page map, or NULL. */
struct changemap *
live_changemap(const struct live *l)
{
	return l->cmap;
}

/* Take our own store into the windows and the page map, then publish. */
void
live_stored(struct live *l, uint64_t off, const uint8_t *old,
    const uint8_t *new, size_t len)
{
	struct live_event	 ev;
	struct live_window	*w;

	if (len == 0)
		return;
	for (w = l->windows; w != NULL; w = w->next) {
		if (w->snapper != NULL) {
			snapper_note_store(w->snapper, off, new, len);
			continue;
		}
		/* The part of the store inside the last copy becomes ours. */
		for (size_t i = 0; i < len; i++)
			if (off + i >= w->prev_off &&
			    off + i - w->prev_off < w->prev_valid)
				w->prev[off + i - w->prev_off] = new[i];
	}
	if (l->cmap != NULL)
		changemap_forget(l->cmap, off, len);
	memset(&ev, 0, sizeof ev);
	ev.kind = LIVE_STORE;
	ev.source = LIVE_FROM_STORE;
	ev.off = off;
	ev.len = len;
	ev.old = old;
	ev.new = new;
	ev.at_ms = live_now(l);
	live_publish(l, &ev);
}

/* ------------------------------------------------------------------------ */
/* The session.                                                             */

/* Open SPEC and start watching it; see live.h. */
struct live *
live_open(const char *spec, int flags, struct source_candidate **choices,
    size_t *nchoices, char **cause)
{
	struct door	*d;

	if (choices != NULL)
		d = source_open_pick(spec, flags, choices, nchoices, cause);
	else
		d = source_open(spec, flags, cause);
	if (d == NULL)
		return NULL;
	return live_adopt(d, spec);
}

/* Watch the open door D (taken over), SPEC its SOURCE; see live.h. */
struct live *
live_adopt(struct door *d, const char *spec)
{
	struct live	*l;

	l = xcalloc(1, sizeof *l);
	l->spec = xstrdup(spec);
	l->door = d;
	l->size = door_size(d);
	l->wd_file = l->wd_dir = -1;
	l->next_id = 1;
	clock_gettime(CLOCK_MONOTONIC, &l->t0);
	l->period = LIVE_PERIOD;
	l->deadline = live_now(l) + l->period;
	live_take_identity(l);
	/* Without inotify the ticks still see everything, only later. */
	l->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	live_inotify_add(l);
	return l;
}

/* Close everything the session holds. */
void
live_close(struct live *l)
{
	if (l == NULL)
		return;
	while (l->windows != NULL)
		live_window_free(l->windows);
	changemap_free(l->cmap);
	if (l->ifd != -1)
		close(l->ifd);
	door_close(l->door);
	free(l->subs);
	free(l->base);
	free(l->spec);
	free(l);
}

/* Reopen the SOURCE at its path; see live.h. */
int
live_reopen(struct live *l, int flags, char **cause)
{
	struct live_event	 ev;
	struct live_window	*w;
	struct door		*d;
	uint64_t		 now = live_now(l);

	if ((d = source_open(l->spec, flags, cause)) == NULL)
		return -1;
	door_close(l->door);
	l->door = d;
	live_take_identity(l);
	live_inotify_add(l);
	memset(&ev, 0, sizeof ev);
	ev.kind = LIVE_REOPENED;
	ev.source = LIVE_FROM_REOPEN;
	ev.old_size = l->size;
	ev.new_size = l->size = door_size(d);
	ev.at_ms = now;
	if (l->cmap != NULL)
		live_pages(l, l->cmap_page);
	for (w = l->windows; w != NULL; w = w->next)
		live_window_restart(w, now);
	/* Another door: what was found in memory was the old one's. */
	live_disarm(l);
	live_publish(l, &ev);
	return 0;
}

/* The door. */
struct door *
live_door(const struct live *l)
{
	return l->door;
}

/* The SOURCE as given. */
const char *
live_spec(const struct live *l)
{
	return l->spec;
}

/* The open file's device and inode. */
void
live_identity(const struct live *l, uint64_t *dev, uint64_t *ino)
{
	*dev = l->dev;
	*ino = l->ino;
}

/* The size last reported. */
uint64_t
live_size(const struct live *l)
{
	return l->size;
}

/* Subscribe FN with ARG; its id. */
int
live_subscribe(struct live *l, live_fn *fn, void *arg)
{
	size_t	i;

	for (i = 0; i < l->nsubs && l->subs[i].id != 0; i++)
		continue;
	if (i == l->nsubs)
		l->subs = xrealloc(l->subs, ++l->nsubs * sizeof *l->subs);
	l->subs[i].id = l->next_id++;
	l->subs[i].fn = fn;
	l->subs[i].arg = arg;
	return l->subs[i].id;
}

/* Unsubscribe ID (its slot is reused). */
void
live_unsubscribe(struct live *l, int id)
{
	for (size_t i = 0; i < l->nsubs; i++)
		if (l->subs[i].id == id)
			l->subs[i].id = 0;
}

/* Hand EV to every subscriber (slot order: a freed slot is reused). */
void
live_publish(struct live *l, const struct live_event *ev)
{
	for (size_t i = 0; i < l->nsubs; i++)
		if (l->subs[i].id != 0)
			l->subs[i].fn(ev, l->subs[i].arg);
}

/* The inotify descriptor, or -1. */
int
live_fd(const struct live *l)
{
	return l->ifd;
}

/* Tick every PERIOD_MS from now on. */
void
live_set_period(struct live *l, unsigned period_ms)
{
	l->period = period_ms == 0 ? 1 : period_ms;
	l->deadline = live_now(l) + l->period;
}

/* When the next tick is due. */
uint64_t
live_deadline(const struct live *l)
{
	return l->deadline;
}
