/* SPDX-License-Identifier: ISC */
/*
 * diffview.h - the viewer's snapshots (:snap, :snaps, :snap drop) and the
 * diff view (:diff NAME, :diff off, ]d / [d), over the core's baselines
 * (baseline.h).
 *
 * A feature like the others (app.h): opaque state made with the session
 * and the status line, actions that return REACT_* bits and never draw,
 * const getters for the view.  A slow snapshot is taken in budgets from
 * the tick (diffview_tick) with its progress on the status line; Esc
 * cancels it.  The diff follows the session's change events: the pages an
 * event names are computed again.  No curses.
 */
#ifndef LIVEHEX_DIFFVIEW_H
#define LIVEHEX_DIFFVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct live;
struct status;
struct diffview;

/* The snapshots of the session L; messages go to S. */
struct diffview	*diffview_new(struct live *l, struct status *s);
/* Free them all; NULL is ignored. */
void		 diffview_free(struct diffview *dv);
/* :snap [NAME], :snap drop NAME; REACT_* bits. */
int		 diffview_snap(struct diffview *dv, const char *args);
/* :snaps: list them with time and size; REACT_* bits. */
int		 diffview_list(struct diffview *dv);
/* :diff NAME, :diff off; REACT_* bits. */
int		 diffview_diff(struct diffview *dv, const char *args);
/* Work on a take or a diff within this tick's budget; REACT_* bits. */
int		 diffview_tick(struct diffview *dv);
/* True while a snapshot is being taken (Esc cancels it). */
bool		 diffview_taking(const struct diffview *dv);
/* Esc while taking: stop and forget that snapshot; REACT_* bits. */
int		 diffview_cancel(struct diffview *dv);
/*
 * The diff view is on and byte OFF differs from its snapshot: *UNKNOWN
 * (may be NULL) says the page differs but its old bytes are unknown.
 */
bool		 diffview_at(const struct diffview *dv, uint64_t off,
		    bool *unknown);
/*
 * ]d / [d: the COUNT-th difference after (BACKWARD: before) FROM into
 * *OFF; false with a message on the status line when there is none.
 */
bool		 diffview_next(struct diffview *dv, uint64_t from,
		    bool backward, unsigned count, uint64_t *off);
/* Snapshot I's name (in the order taken), or NULL past the last. */
const char	*diffview_name(const struct diffview *dv, size_t i);
/* "diff vs NAME: 3 ranges, 12 bytes" for the header, or NULL when off. */
const char	*diffview_caption(const struct diffview *dv);

#endif
