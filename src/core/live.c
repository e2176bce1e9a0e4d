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

/* Runs fetched from runs_diff per call. */
#define LIVE_BATCH	64
/* The tick period until live_set_period says otherwise (ms). */
#define LIVE_PERIOD	10

/* One subscriber. */
struct live_sub {
	int		 id;		/* 0: a free slot */
	live_fn		*fn;
	void		*arg;
};

/* A region compared copy to copy. */
struct live_window {
	struct live		*live;
	struct live_window	*next;		/* the session's list */
	uint64_t		 off;		/* where the next look copies */
	size_t			 len;		/* how much it asks for */
	size_t			 gap;		/* runs_diff's GAP */
	bool			 frozen;	/* the snapper does not publish */
	int			 bits;		/* SNAP_* of the last tick */
	struct snapper		*snapper;	/* or NULL: plain buffers */
	/* Plain buffers: prev is the last copy, cur this look's. */
	uint8_t			*prev, *cur;
	size_t			 cap;		/* bytes allocated for each */
	uint64_t		 prev_off;	/* file offset of prev[0] */
	size_t			 prev_valid;
	size_t			 cur_valid;
	int			 error;		/* the last copy failed: errno */
	uint64_t		 error_at;
};

struct live {
	char			*spec;		/* the SOURCE as given */
	struct door		*door;
	uint64_t		 dev, ino;	/* the open file */
	uint64_t		 size;		/* last reported */
	bool			 deleted;	/* DELETED was said */
	bool			 at_path;	/* something is at the path */
	uint64_t		 path_dev, path_ino;
	int			 ifd;		/* inotify, or -1 */
	int			 wd_file, wd_dir;
	char			*base;		/* the file's name in the dir */
	struct live_window	*windows;	/* sorted by offset at a look */
	struct changemap	*cmap;
	size_t			 cmap_page;	/* as asked, for a reopen */
	struct live_sub		*subs;
	size_t			 nsubs;
	int			 next_id;
	struct timespec		 t0;		/* live_now's origin */
	unsigned		 period;	/* ms */
	uint64_t		 deadline;
};

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
static uint32_t
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
	struct stat	st;

	l->dev = l->ino = 0;
	if (door_fd(l->door) != -1 && fstat(door_fd(l->door), &st) == 0) {
		l->dev = (uint64_t)st.st_dev;
		l->ino = (uint64_t)st.st_ino;
	}
	l->deleted = false;
	l->at_path = true;
	l->path_dev = l->dev;
	l->path_ino = l->ino;
}

/* Publish DELETED when the open file has just lost its last name. */
static void
live_check_links(struct live *l, enum live_source source, uint64_t now_ms)
{
	struct stat	st;

	if (door_fd(l->door) == -1 || fstat(door_fd(l->door), &st) == -1)
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
		live_check_links(l, LIVE_FROM_LOOK, now);
		live_check_path(l, LIVE_FROM_LOOK, now);
	} else if (name == NULL) {
		if (mask & IN_MOVE_SELF)
			live_say(l, LIVE_RENAMED, LIVE_FROM_INOTIFY, now);
		else if (mask & IN_ATTRIB)
			live_check_links(l, LIVE_FROM_INOTIFY, now);
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
static void
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
static void
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
static void
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

	if (now_ms == 0)
		now_ms = live_now(l);
	else if (now_ms >= l->deadline) {
		/* A fixed period, not drifting; skip what was missed. */
		l->deadline += l->period;
		if (l->deadline <= now_ms)
			l->deadline = now_ms + l->period;
	}
	if (door_refresh(l->door, cause) == -1)
		return -1;
	for (w = l->windows; w != NULL; w = w->next)
		live_window_copy(w, now_ms);
	live_check_links(l, LIVE_FROM_LOOK, now_ms);
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

/* Sweep the page map and publish the runs of pages it found changed. */
size_t
live_sweep(struct live *l, size_t budget, uint64_t now_ms)
{
	struct live_event	 ev;
	uint32_t		 t = live_ms32(now_ms);
	uint64_t		 off, end, first = 0, page;
	size_t			 hashed;
	bool			 any = false;

	if (l->cmap == NULL)
		return 0;
	hashed = changemap_sweep(l->cmap, l->door, budget, t);
	page = changemap_page(l->cmap);
	memset(&ev, 0, sizeof ev);
	ev.kind = LIVE_BYTES;
	ev.source = LIVE_FROM_PAGES;
	ev.at_ms = now_ms;
	/*
	 * Regions stamped by this sweep, in file order: changemap_next
	 * searches after its FROM and wraps, so start from the last page and
	 * stop when the search comes back round.
	 */
	off = changemap_pages(l->cmap) * page;
	while (changemap_next(l->cmap, off, false, t, &off)) {
		if (any && off <= first)
			break;
		if (!any)
			first = off;
		any = true;
		for (end = off; end < changemap_pages(l->cmap) * page &&
		    changemap_latest(l->cmap, end, page) >= t; end += page)
			continue;
		ev.off = off;
		ev.len = end - off;
		live_publish(l, &ev);
		if (end >= changemap_pages(l->cmap) * page)
			break;
		off = end;
	}
	return hashed;
}

/* Watch the whole file in pages too; see live.h. */
struct changemap *
live_pages(struct live *l, size_t page)
{
	changemap_free(l->cmap);
	l->cmap_page = page;
	l->cmap = changemap_new(page);
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
	struct live	*l;
	struct door	*d;

	if (choices != NULL)
		d = source_open_pick(spec, flags, choices, nchoices, cause);
	else
		d = source_open(spec, flags, cause);
	if (d == NULL)
		return NULL;
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
