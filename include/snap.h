/* SPDX-License-Identifier: ISC */
/*
 * snap.h - snapshots of the visible window and change detection.
 *
 * Nothing tells us when another process stores into a shared mapping
 * (design.md fact 1), so we poll: each tick copies the visible window through
 * the door and compares it with the previous copy.  A byte that differs
 * gets a timestamp; the view fades its highlight by age.
 *
 * A snapper keeps the live comparison state and publishes an immutable
 * snapshot (struct snap) that the view draws.  Publication is separate from
 * polling so that a paused view keeps counting changes while it shows a
 * frozen frame.  The published snapshot changes only inside snapper_tick()
 * and snapper_publish(); its generation number moves whenever anything a
 * frame shows has changed, so the view redraws only then.
 */
#ifndef LIVEHEX_SNAP_H
#define LIVEHEX_SNAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct door;

/* An immutable picture of the window: what the view draws. */
struct snap {
	uint64_t	 off;		/* file offset of bytes[0] */
	size_t		 len;		/* valid bytes (short near the end) */
	size_t		 want;		/* window length asked for */
	uint64_t	 size;		/* source size when copied */
	uint32_t	 at;		/* when copied (ms): changed_ms == at means
					   the byte changed on the last tick */
	const uint8_t	*bytes;		/* len bytes */
	const uint32_t	*changed_ms;	/* per byte: when last changed, 0 never */
	uint64_t	 gen;		/* moves when anything above moves */
};

/* Bits returned by snapper_tick(). */
#define SNAP_CHANGED	0x1	/* some window bytes changed externally */
#define SNAP_SHRANK	0x2	/* the source got shorter */
#define SNAP_GREW	0x4	/* the source got longer */
#define SNAP_PUBLISHED	0x8	/* the published snapshot moved */
/*
 * With PUBLISHED: it moved only to age "changed on the last tick" (the
 * bytes are the same).  Housekeeping, not news: a frame for it must not
 * take the token a fresh store needs (loop.c).
 */
#define SNAP_AGED	0x10

struct snapper;

/* A new snapper; nothing is copied until the first tick. */
struct snapper	*snapper_new(void);
/* Free a snapper; NULL is ignored. */
void		 snapper_free(struct snapper *s);
/*
 * Copy [off, off+len) through the door and compare with the last copy at
 * NOW_MS (milliseconds, never 0).  Publishes unless FROZEN.  SNAP_* bits.
 */
int		 snapper_tick(struct snapper *s, struct door *d, uint64_t off,
		    size_t len, uint32_t now_ms, bool frozen);
/* Publish the live state now (after unfreezing); SNAP_PUBLISHED (| AGED) or 0. */
int		 snapper_publish(struct snapper *s);
/* The published snapshot; valid until the next tick or publish. */
const struct snap *snapper_snap(const struct snapper *s);
/* Runs of changed bytes seen since the snapper was made. */
uint64_t	 snapper_changes(const struct snapper *s);
/* When the last external change was seen (ms), 0 for never. */
uint32_t	 snapper_last_change(const struct snapper *s);
/*
 * Why the last tick's copy failed: an errno value (door_copy.error, e.g.
 * EIO, ENOMEM), with *at (when not NULL) the offset it stopped at; 0 when
 * it did not fail (a copy short only because the file ends is no error).
 */
int		 snapper_error(const struct snapper *s, uint64_t *at);
/* Force the next publish to bump the generation (e.g. after a resize). */
void		 snapper_touch(struct snapper *s);
/*
 * We stored LEN bytes at OFF ourselves: take them into the live and
 * published copies unstamped, so the next tick does not report our own
 * edit as someone else's.  (If another process changes them after this,
 * that difference is theirs and gets stamped.)
 */
void		 snapper_note_store(struct snapper *s, uint64_t off,
		    const uint8_t *bytes, size_t len);
/*
 * The two copies the last tick compared: the one before it into *WAS and
 * the one it made into *NOW (bytes, off, len, size; valid until the next
 * tick).  False until a tick has had a copy to compare with.
 */
bool		 snapper_compared(const struct snapper *s, struct snap *was,
		    struct snap *now);

#endif
