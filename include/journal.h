/* SPDX-License-Identifier: ISC */
/*
 * journal.h - the edit journal: what we stored, for undo, redo and sync.
 *
 * A pure data structure: it never touches the mapping.  The caller stores
 * through the door and records each store here (offset, bytes before,
 * bytes after); stores recorded between two journal_commit() calls form
 * one step, so a typed value undoes as one.  Undo hands back the step to
 * reverse; the caller checks that the bytes on the source are still the
 * ones we wrote (someone else may have changed them since), stores the
 * old bytes, then calls journal_undone().  Redo mirrors it.
 *
 * A typing run (edit mode) records byte after byte into one open step;
 * a store that continues the step's last edit (the next offset) extends
 * that edit, so a run of n typed bytes is one edit of n bytes, undone and
 * checked for conflicts as one.
 *
 * The journal belongs to one file (device, inode).  When the viewer
 * reopens its path onto a different file, journal_set_file() marks every
 * step so far as made to the replaced file: undo and redo must refuse
 * them (journal_step.foreign), and nothing is unsynced for the new file.
 *
 * The journal also knows which edits have not been synced (msync) yet.
 */
#ifndef LIVEHEX_JOURNAL_H
#define LIVEHEX_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One store: LEN bytes at OFF went from OLD to NEW. */
struct journal_edit {
	uint64_t	 off;
	size_t		 len;
	uint8_t		*old;
	uint8_t		*new;
};

/* One undoable step: edits in the order they were made. */
struct journal_step {
	struct journal_edit	*edits;
	size_t			 n;
	bool			 foreign;	/* made to a replaced file */
};

struct journal;

/* An empty journal. */
struct journal	*journal_new(void);
/* Free J; NULL is ignored. */
void		 journal_free(struct journal *j);
/*
 * The file the edits go to is DEV, INO from now on.  True when that is a
 * different file than before (not on the first call): every step so far
 * is then foreign and the unsynced ranges are empty.
 */
bool		 journal_set_file(struct journal *j, uint64_t dev,
		    uint64_t ino);
/* Whether a step is still open (recording a run). */
bool		 journal_is_open(const struct journal *j);
/* Record a store into the open step (and forget everything redoable). */
void		 journal_record(struct journal *j, uint64_t off,
		    const uint8_t *old, const uint8_t *new, size_t len);
/* Close the open step; a no-op when it is empty. */
void		 journal_commit(struct journal *j);
/* The step undo would reverse (closing the open one), or NULL. */
const struct journal_step *journal_undo_step(struct journal *j);
/* The step redo would repeat, or NULL. */
const struct journal_step *journal_redo_step(const struct journal *j);
/* The undo step was applied: move it to the redo side. */
void		 journal_undone(struct journal *j);
/* The redo step was applied: move it back to the undo side. */
void		 journal_redone(struct journal *j);
/* Steps that can be undone / redone. */
size_t		 journal_undo_count(const struct journal *j);
size_t		 journal_redo_count(const struct journal *j);

/* Bytes stored since the last sync: count, and the range that holds them. */
uint64_t	 journal_unsynced(const struct journal *j, uint64_t *lo,
		    uint64_t *hi);
/* True when OFF was stored by us since the last sync. */
bool		 journal_is_unsynced(const struct journal *j, uint64_t off);
/* Everything stored so far is now synced. */
void		 journal_synced(struct journal *j);

#endif
