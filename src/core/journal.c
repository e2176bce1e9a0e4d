/* SPDX-License-Identifier: ISC */
/*
 * journal.c - the edit journal: what we stored, for undo, redo and sync.
 *
 * Steps live in one array: [0, undo) can be undone, [undo, n) can be
 * redone.  Opening a step (the first store after a commit) drops the
 * redoable steps, as in every editor; while `open` is set the open step
 * is steps[n-1], undo == n-1 and the redo side is empty.
 *
 * Unsynced bytes are kept as a sorted array of disjoint, non-adjacent
 * ranges, so membership is a binary search and the count is a sum.
 * Undo and redo are stores too: they add to the unsynced ranges.
 *
 * A store that starts where the open step's last edit ends extends that
 * edit (a typing run is one edit); anything else is a new edit of the
 * step.  Only exact continuation merges: an overlapping store stays a
 * separate edit so undo can reverse the two in order.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "journal.h"
#include "xmalloc.h"

/* A range [lo, hi) of unsynced bytes. */
struct journal_range {
	uint64_t	lo, hi;
};

struct journal {
	struct journal_step	*steps;
	size_t			 n, cap;	/* steps in use / allocated */
	size_t			 undo;		/* steps [0, undo) undoable */
	bool			 open;		/* steps[n-1] still growing */
	bool			 have_file;	/* dev, ino are set */
	uint64_t		 dev, ino;	/* the file the edits went to */
	struct journal_range	*ranges;	/* unsynced, sorted */
	size_t			 nranges, rcap;
};

/* An empty journal. */
struct journal *
journal_new(void)
{
	return xcalloc(1, sizeof(struct journal));
}

/* Free the edits of step S. */
static void
journal_step_free(struct journal_step *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->edits[i].old);
		free(s->edits[i].new);
	}
	free(s->edits);
	s->edits = NULL;
	s->n = 0;
}

/* Free J; NULL is ignored. */
void
journal_free(struct journal *j)
{
	if (j == NULL)
		return;
	for (size_t i = 0; i < j->n; i++)
		journal_step_free(&j->steps[i]);
	free(j->steps);
	free(j->ranges);
	free(j);
}

/* Mark [off, off+len) unsynced, merging with neighbouring ranges. */
static void
journal_mark(struct journal *j, uint64_t off, size_t len)
{
	uint64_t	lo = off, hi = off + len;
	size_t		first, last;

	if (len == 0)
		return;
	/* first: the first range that ends at or after lo (touching merges). */
	for (first = 0; first < j->nranges && j->ranges[first].hi < lo;
	    first++)
		;
	for (last = first; last < j->nranges && j->ranges[last].lo <= hi;
	    last++) {
		if (j->ranges[last].lo < lo)
			lo = j->ranges[last].lo;
		if (j->ranges[last].hi > hi)
			hi = j->ranges[last].hi;
	}
	/* Replace ranges [first, last) by one. */
	if (last == first) {
		if (j->nranges == j->rcap) {
			j->rcap = j->rcap * 2 + 8;
			j->ranges = xrealloc(j->ranges, j->rcap *
			    sizeof *j->ranges);
		}
		memmove(&j->ranges[first + 1], &j->ranges[first],
		    (j->nranges - first) * sizeof *j->ranges);
		j->nranges++;
	} else {
		memmove(&j->ranges[first + 1], &j->ranges[last],
		    (j->nranges - last) * sizeof *j->ranges);
		j->nranges -= last - first - 1;
	}
	j->ranges[first].lo = lo;
	j->ranges[first].hi = hi;
}

/* The file the edits go to is DEV, INO; true when it is a new one. */
bool
journal_set_file(struct journal *j, uint64_t dev, uint64_t ino)
{
	bool	changed = j->have_file && (j->dev != dev || j->ino != ino);

	j->have_file = true;
	j->dev = dev;
	j->ino = ino;
	if (!changed)
		return false;
	journal_commit(j);
	for (size_t i = 0; i < j->n; i++)
		j->steps[i].foreign = true;
	/* What is unsynced is unsynced in the old file: none in this one. */
	j->nranges = 0;
	return true;
}

/* Whether a step is still open (recording a run). */
bool
journal_is_open(const struct journal *j)
{
	return j->open;
}

/* Record a store into the open step (and forget everything redoable). */
void
journal_record(struct journal *j, uint64_t off, const uint8_t *old,
    const uint8_t *new, size_t len)
{
	struct journal_step	*s;
	struct journal_edit	*e;

	if (len == 0)
		return;
	if (!j->open) {
		/* A new edit makes the redo side meaningless: drop it. */
		for (size_t i = j->undo; i < j->n; i++)
			journal_step_free(&j->steps[i]);
		j->n = j->undo;
		if (j->n == j->cap) {
			j->cap = j->cap * 2 + 8;
			j->steps = xrealloc(j->steps, j->cap * sizeof *j->steps);
		}
		memset(&j->steps[j->n], 0, sizeof j->steps[j->n]);
		j->n++;
		j->open = true;
	}
	s = &j->steps[j->n - 1];
	e = s->n > 0 ? &s->edits[s->n - 1] : NULL;
	if (e != NULL && e->off + e->len == off) {
		/* The run goes on: extend its last edit. */
		e->old = xrealloc(e->old, e->len + len);
		e->new = xrealloc(e->new, e->len + len);
		memcpy(e->old + e->len, old, len);
		memcpy(e->new + e->len, new, len);
		e->len += len;
		journal_mark(j, off, len);
		return;
	}
	s->edits = xrealloc(s->edits, (s->n + 1) * sizeof *s->edits);
	e = &s->edits[s->n++];
	e->off = off;
	e->len = len;
	e->old = xmalloc(len);
	e->new = xmalloc(len);
	memcpy(e->old, old, len);
	memcpy(e->new, new, len);
	journal_mark(j, off, len);
}

/* Close the open step; a no-op when it is empty. */
void
journal_commit(struct journal *j)
{
	if (!j->open)
		return;
	j->open = false;
	j->undo = j->n;
}

/* The step undo would reverse (closing the open one), or NULL. */
const struct journal_step *
journal_undo_step(struct journal *j)
{
	journal_commit(j);
	return j->undo == 0 ? NULL : &j->steps[j->undo - 1];
}

/* The step redo would repeat, or NULL. */
const struct journal_step *
journal_redo_step(const struct journal *j)
{
	return j->open || j->undo == j->n ? NULL : &j->steps[j->undo];
}

/* The undo step was applied: move it to the redo side. */
void
journal_undone(struct journal *j)
{
	const struct journal_step	*s;

	if (j->open || j->undo == 0 || j->steps[j->undo - 1].foreign)
		return;
	s = &j->steps[--j->undo];
	for (size_t i = 0; i < s->n; i++)
		journal_mark(j, s->edits[i].off, s->edits[i].len);
}

/* The redo step was applied: move it back to the undo side. */
void
journal_redone(struct journal *j)
{
	const struct journal_step	*s;

	if (j->open || j->undo == j->n || j->steps[j->undo].foreign)
		return;
	s = &j->steps[j->undo++];
	for (size_t i = 0; i < s->n; i++)
		journal_mark(j, s->edits[i].off, s->edits[i].len);
}

/* Steps that can be undone. */
size_t
journal_undo_count(const struct journal *j)
{
	return j->open ? j->n : j->undo;
}

/* Steps that can be redone. */
size_t
journal_redo_count(const struct journal *j)
{
	return j->open ? 0 : j->n - j->undo;
}

/* Bytes stored since the last sync: count, and the range that holds them. */
uint64_t
journal_unsynced(const struct journal *j, uint64_t *lo, uint64_t *hi)
{
	uint64_t	total = 0;

	for (size_t i = 0; i < j->nranges; i++)
		total += j->ranges[i].hi - j->ranges[i].lo;
	if (lo != NULL)
		*lo = j->nranges ? j->ranges[0].lo : 0;
	if (hi != NULL)
		*hi = j->nranges ? j->ranges[j->nranges - 1].hi : 0;
	return total;
}

/* True when OFF was stored by us since the last sync. */
bool
journal_is_unsynced(const struct journal *j, uint64_t off)
{
	size_t	lo = 0, hi = j->nranges;

	while (lo < hi) {
		size_t	mid = lo + (hi - lo) / 2;

		if (off < j->ranges[mid].lo)
			hi = mid;
		else if (off >= j->ranges[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* Everything stored so far is now synced. */
void
journal_synced(struct journal *j)
{
	j->nranges = 0;
}
