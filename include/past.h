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
 * A frame is named by a position in the log, the number of the first
 * entry it does not include (entries are numbered from 0 as the log
 * takes them; changelog_count + changelog_dropped is the next number,
 * the live frame).  Frames end where looks begin: past_watch is called
 * before every look and marks the log's position then, so the runs one
 * look found (and our stores since the look before) are one frame, even
 * when two looks share a millisecond (why not frames by time: the
 * viewer's clock is read once per loop, and two looks a moment apart
 * may stamp the same time).  A step back goes to the frame before the
 * newest change to the window; a step forward to the frame before the
 * change after the next one, or live.  The history begins at the oldest
 * look mark kept whose changes the log still holds whole.
 *
 * Memory: the log's ring (its size, 16 MiB by default) holds the
 * changes; the past itself holds at most PAST_SPANS ranges (24 bytes
 * each), PAST_MARKS look marks (8 bytes each: 1 MiB, one per look that
 * found a change) and one copy of the window (bytes, stamps, known
 * flags).  How far back that reaches depends on how fast the file
 * changes: 16 MiB holds about 300,000 one-word changes, and the marks
 * 131,072 looks with changes: 60 s at 5,000 changes a second in up to
 * 2,000 looks a second.
 *
 * Cost: a frame or a step walks the log's entries newer than the frame.
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
/* The most look marks kept (a look that found changes adds one). */
#define PAST_MARKS	(1u << 17)

/* A past with nothing watched yet. */
struct past	*past_new(void);
/* Free P; NULL is ignored. */
void		 past_free(struct past *p);
/*
 * A look is about to copy [OFF, OFF+LEN) at AT_MS (the session's clock)
 * and hand what it finds to LOG: call before every look.
 */
void		 past_watch(struct past *p, const struct changelog *log,
		    uint64_t off, uint64_t len, uint64_t at_ms);
/* The live frame's position: every entry LOG has taken. */
uint64_t	 past_live(const struct changelog *log);
/*
 * When frame AT ended: the time of the first change it leaves out
 * (UINT64_MAX for the live frame, or when that change was dropped).
 */
uint64_t	 past_when(const struct changelog *log, uint64_t at);
/*
 * The time of the oldest frame that can be rebuilt from LOG (its end);
 * UINT64_MAX when there is none.
 */
uint64_t	 past_begin(const struct past *p, const struct changelog *log);
/*
 * One frame back from AT for the window [OFF, OFF+LEN): *TO is the frame
 * before the newest change to it in AT.  False when there is none kept.
 */
bool		 past_back(const struct past *p, const struct changelog *log,
		    uint64_t off, uint64_t len, uint64_t at, uint64_t *to);
/*
 * One frame forward from AT: *TO is the frame before the change to the
 * window after the next one; false when the next frame is live.
 */
bool		 past_forward(const struct past *p, const struct changelog *log,
		    uint64_t off, uint64_t len, uint64_t at, uint64_t *to);
/*
 * The window's frame AT from LIVE (the window's snapshot now): a
 * snapshot of the same range with the bytes of then (stamps all 0), and
 * *KNOWN (LIVE->len flags) false where a byte's history is not known.
 * Both are P's and valid until the next call.
 */
const struct snap *past_frame(struct past *p, const struct changelog *log,
		    uint64_t at, const struct snap *live, const bool **known);

#endif
