/* SPDX-License-Identifier: ISC */
/*
 * store.h - the one store path: every byte livehex writes goes through it.
 *
 * A store reads the bytes it is about to overwrite, stores exactly the
 * bytes asked for through the door (door_store for one atomic typed value,
 * door_store_bytes otherwise: never a read-modify-write of a wider word),
 * reports exactly what was stored in a struct (never a message to parse),
 * records the stored bytes in a journal when given one, and tells the
 * live session (live_stored), so windows, the page map and every
 * subscriber see an own-store event instead of another process's change.
 * Undo and redo apply a journal step back through the same path.
 *
 * Hazards:
 *  - A store can stop part-way (the file shrank underneath, a page could
 *    not be backed): `stored` says how many bytes went in; those bytes are
 *    journalled and published like any other.
 *  - Old bytes that could not be read (the file ended before them) are
 *    unknown: `old_valid` says how many are real; the rest read as 0 in
 *    `old` and in the journal (what a file that grew there holds).
 */
#ifndef LIVEHEX_STORE_H
#define LIVEHEX_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "door.h"

struct journal;
struct journal_step;
struct live;

/* store_put() flags. */
#define STORE_ATOMIC	0x1	/* a typed value: one door_store of width 1,
				   2, 4 or 8 (atomic when aligned) */
#define STORE_WHOLE	0x2	/* store nothing unless all LEN old bytes
				   could be read (no store past the end) */

/* What a store did.  Decide from these fields. */
struct store_result {
	uint64_t		 off;
	size_t			 len;		/* bytes asked for */
	size_t			 stored;	/* bytes stored from the start */
	enum door_put_why	 why;		/* DOOR_PUT_DONE when all were;
						   DOOR_PUT_RANGE when
						   STORE_WHOLE found the file
						   too short */
	bool			 atomic;	/* one store of the whole width */
	int			 error;		/* reading the old bytes failed
						   (errno): nothing stored */
	uint8_t			*old;		/* len bytes before (malloc'd) */
	size_t			 old_valid;	/* of them really read */
};

/*
 * Store LEN bytes of SRC at OFF in L's file (FLAGS: STORE_*), record the
 * stored bytes in J when not NULL (journal_record; the caller commits),
 * and publish an own-store event.  On anything but DOOR_PUT_DONE *cause
 * (when not NULL) says what happened, in the door's words.  Free the
 * result with store_result_free.
 */
struct store_result store_put(struct live *l, uint64_t off, const void *src,
		    size_t len, int flags, struct journal *j, char **cause);
/* Free what a result holds (not R itself). */
void		 store_result_free(struct store_result *r);

/* One byte of a journal step that no longer holds what we left there. */
struct store_conflict {
	uint64_t	 off;
	uint8_t		 now;		/* what the file holds (0 if gone) */
	bool		 gone;		/* the file ends before it */
	uint8_t		 ours;		/* what undo / redo expects */
};

/*
 * The bytes of STEP that someone else changed since we stored them
 * (UNDO: compared with the step's new bytes, else its old): how many,
 * with the first MAX of them in OUT.
 */
size_t		 store_conflicts(struct live *l, const struct journal_step *s,
		    bool undo, struct store_conflict *out, size_t max);
/*
 * Undo (UNDO) or redo J's next step through store_put: every edit is
 * checked against the size and the door's writability first (nothing
 * stored when one fails: DOOR_PUT_READONLY / DOOR_PUT_RANGE), then stored
 * in order (reverse order for undo) until one stops short.  On success
 * the step moves to the other side (journal_undone / journal_redone).
 * The result adds up the step: off of its first edit, len and stored
 * summed over its edits, why of the edit that stopped (old is NULL).
 * *STEP gets the step (NULL when there is none: DOOR_PUT_RANGE, len 0).
 * A foreign step (journal_step.foreign) is refused: DOOR_PUT_ERROR.
 */
struct store_result store_undo(struct live *l, struct journal *j, bool undo,
		    const struct journal_step **step, char **cause);

#endif
