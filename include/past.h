/* SPDX-License-Identifier: ISC */
/*
 * past.h - the view's past frames (issue 14): what a window showed at an
 * earlier moment, rebuilt from the change log (changelog.h).
 *
 * Nothing is copied per frame.  The change log already holds every
 * change a window saw and every store we made, with the bytes before
 * and after and the time.  A frame at moment AT is the window's bytes
 * now with every logged change after AT undone, newest first (its old
 * bytes put back).  What the log cannot tell is what happened to bytes
 * no window was watching, so a past keeps the view window's range over
 * time (past_watch, a bounded list of where it looked from when): a
 * byte is known at AT only when it was inside the watched range all the
 * time from AT to now; the others are reported unknown, never guessed.
 *
 * Frames are the moments just before each change to the window: a step
 * back from AT goes to the moment before the newest change at or before
 * AT; a step forward to the moment before the change after the next one,
 * or live when there is none.  The history begins at the oldest change
 * the log holds (after drops the state before it cannot be rebuilt) and
 * no earlier than the first watched range.
 *
 * Memory: the log's ring (its size, 16 MiB by default) holds the
 * changes; the past itself holds at most PAST_SPANS ranges (24 bytes
 * each) and one copy of the window (bytes, stamps, known flags).  How
 * far back that reaches depends on how fast the file changes: 16 MiB
 * holds about 300,000 one-word changes, 60 s at 5,000 changes a second.
 *
 * Cost: a frame or a step walks the log's entries newer than AT.
 */
#ifndef LIVEHEX_PAST_H
#define LIVEHEX_PAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct changelog;
struct snap;

struct past;

/* The most ranges kept (a scroll adds one; the oldest go first). */
#define PAST_SPANS	4096

/* A past with nothing watched yet. */
struct past	*past_new(void);
/* Free P; NULL is ignored. */
void		 past_free(struct past *p);
/*
 * The window looks at [OFF, OFF+LEN) from AT_MS on (the session's
 * clock): call before every look with the range the look copies.
 */
void		 past_watch(struct past *p, uint64_t off, uint64_t len,
		    uint64_t at_ms);
/*
 * The earliest moment that can be rebuilt from LOG; UINT64_MAX when
 * nothing was watched yet.
 */
uint64_t	 past_begin(const struct past *p, const struct changelog *log);
/*
 * One frame back from AT (UINT64_MAX: live) for the window [OFF,
 * OFF+LEN): *TO is the moment just before the newest change to it at or
 * before AT.  False when there is none, or it is before past_begin.
 */
bool		 past_back(const struct past *p, const struct changelog *log,
		    uint64_t off, uint64_t len, uint64_t at, uint64_t *to);
/*
 * One frame forward from AT: *TO is the moment just before the change
 * after the next one to the window; false when the next frame is live.
 */
bool		 past_forward(const struct past *p, const struct changelog *log,
		    uint64_t off, uint64_t len, uint64_t at, uint64_t *to);
/*
 * The window's frame at AT from LIVE (the window's snapshot now): a
 * snapshot of the same range with the bytes of then (stamps all 0), and
 * *KNOWN (LIVE->len flags) false where a byte's history is not known.
 * Both are P's and valid until the next call.
 */
const struct snap *past_frame(struct past *p, const struct changelog *log,
		    uint64_t at, const struct snap *live, const bool **known);

#endif
