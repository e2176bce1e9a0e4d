/* SPDX-License-Identifier: ISC */
/*
 * live_priv.h - what live.c and live_window.c share: the session's and a
 * window's insides.  Not for callers: they see live.h alone.
 */
#ifndef LIVEHEX_LIVE_PRIV_H
#define LIVEHEX_LIVE_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "live.h"

/* Runs fetched from runs_diff per call. */
/* Holes preset in a new page map (extents walked with lseek). */
#define LIVE_HOLES	65536
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
	/*
	 * live_glance: [armed_off, +armed_len) was found in memory (armed)
	 * or not (tried), so glances compare it in place or give up
	 * without asking again; both forgotten by live_disarm.
	 */
	bool			 armed, tried;
	uint64_t		 armed_off;
	size_t			 armed_len;
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
	unsigned		 pages_flags;	/* live_pages_flags */
	struct live_sub		*subs;
	size_t			 nsubs;
	int			 next_id;
	struct timespec		 t0;		/* live_now's origin */
	unsigned		 period;	/* ms */
	uint64_t		 deadline;
};

/* A snapper's clock: 32-bit milliseconds (49 days), never 0 ("never"). */
uint32_t	live_ms32(uint64_t now_ms);
/* Copy window W now (its snapper's tick, or into the plain cur buffer). */
void		live_window_copy(struct live_window *w, uint64_t now_ms);
/* Publish the runs where W's two plain copies differ, then swap them. */
void		live_window_compare(struct live_window *w, uint64_t now_ms);
/* Forget every window's residency (a size change, inotify news). */
void		live_disarm(struct live *l);
/* Forget W's last copy and take a fresh baseline (a reopen, a move). */
void		live_window_restart(struct live_window *w, uint64_t now_ms);

#endif
