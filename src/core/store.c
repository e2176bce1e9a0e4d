/* SPDX-License-Identifier: ISC */
/*
 * store.c - the one store path: read old, store exactly, report, journal,
 * tell the session.
 *
 * A store is four steps, always in this order: read the old bytes (a
 * failed read stores nothing, since what was there could not be kept for
 * undo), store through the door (door_store for STORE_ATOMIC values of
 * width 1, 2, 4 or 8, which the door makes one atomic store when aligned
 * and byte stores when not; door_store_bytes for everything else), record
 * the stored prefix in the journal, and hand the stored prefix to
 * live_stored so every window, the page map and every subscriber learn it
 * was ours.  Only bytes the door says it stored are recorded or
 * published: a store that stopped part-way is reported exactly as it
 * happened.
 *
 * Undo and redo are stores of a journal step's old (new) bytes through
 * store_put without a journal (the journal moves the step itself), after
 * an all-or-nothing check of range and writability.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "door.h"
#include "journal.h"
#include "live.h"
#include "store.h"
#include "xmalloc.h"

/* Store LEN bytes of SRC at OFF; see store.h. */
struct store_result
store_put(struct live *l, uint64_t off, const void *src, size_t len,
    int flags, struct journal *j, char **cause)
{
	struct door		*d = live_door(l);
	struct store_result	 r;
	struct door_copy	 c;
	struct door_put		 p;

	memset(&r, 0, sizeof r);
	r.off = off;
	r.len = len;
	r.why = DOOR_PUT_DONE;
	/* Never NULL, so a caller may always read it (len may be 0). */
	r.old = xcalloc(1, len == 0 ? 1 : len);
	if (len == 0)
		return r;
	if (!door_writable(d)) {
		/* The door refuses in its own words, before a byte is read. */
		p = door_store_bytes(d, off, src, len, cause);
		r.why = p.why;
		return r;
	}
	c = door_read(d, off, r.old, len);
	r.old_valid = c.valid;
	if (c.error != 0) {
		r.why = DOOR_PUT_ERROR;
		r.error = c.error;
		if (cause != NULL)
			*cause = xasprintf("nothing was stored at 0x%llx: the "
			    "bytes there could not be read (%s)",
			    (unsigned long long)(off + c.valid),
			    door_strerror(c.error));
		return r;
	}
	if (c.valid < len && (flags & STORE_WHOLE)) {
		r.why = DOOR_PUT_RANGE;
		if (cause != NULL)
			*cause = xasprintf("nothing was stored at 0x%llx: the "
			    "file ends at 0x%llx", (unsigned long long)off,
			    (unsigned long long)door_size(d));
		return r;
	}
	if ((flags & STORE_ATOMIC) && (len == 1 || len == 2 || len == 4 ||
	    len == 8))
		p = door_store(d, off, src, len, cause);
	else
		p = door_store_bytes(d, off, src, len, cause);
	r.stored = p.stored;
	r.why = p.why;
	r.atomic = p.atomic;
	if (r.stored == 0)
		return r;
	if (j != NULL)
		journal_record(j, off, r.old, src, r.stored);
	live_stored(l, off, r.old, src, r.stored);
	return r;
}

/* Free what R holds. */
void
store_result_free(struct store_result *r)
{
	free(r->old);
	r->old = NULL;
}

/* Whether byte K of edit I decides what undo (redo) must find there. */
static bool
store_decides(const struct journal_step *s, size_t i, size_t k, bool undo)
{
	uint64_t	off = s->edits[i].off + k;

	/* Undo: the last edit to touch the byte; redo: the first. */
	for (size_t o = undo ? i + 1 : 0; o < (undo ? s->n : i); o++)
		if (off >= s->edits[o].off &&
		    off - s->edits[o].off < s->edits[o].len)
			return false;
	return true;
}

/* The bytes of STEP someone else changed since; see store.h. */
size_t
store_conflicts(struct live *l, const struct journal_step *s, bool undo,
    struct store_conflict *out, size_t max)
{
	size_t	n = 0;

	for (size_t i = 0; i < s->n; i++) {
		const struct journal_edit	*e = &s->edits[i];
		const uint8_t			*want = undo ? e->new : e->old;
		uint8_t				*cur = xmalloc(e->len);
		struct door_copy		 c;

		c = door_read(live_door(l), e->off, cur, e->len);
		for (size_t k = 0; k < e->len; k++) {
			if ((k < c.valid && cur[k] == want[k]) ||
			    !store_decides(s, i, k, undo))
				continue;
			if (n < max) {
				out[n].off = e->off + k;
				out[n].gone = k >= c.valid;
				out[n].now = k < c.valid ? cur[k] : 0;
				out[n].ours = want[k];
			}
			n++;
		}
		free(cur);
	}
	return n;
}

/* Undo or redo J's next step through store_put; see store.h. */
struct store_result
store_undo(struct live *l, struct journal *j, bool undo,
    const struct journal_step **step, char **cause)
{
	struct door			*d = live_door(l);
	const struct journal_step	*s;
	struct store_result		 r, one;

	memset(&r, 0, sizeof r);
	r.why = DOOR_PUT_RANGE;
	s = undo ? journal_undo_step(j) : journal_redo_step(j);
	*step = s;
	if (s == NULL || s->n == 0)
		return r;
	r.off = s->edits[0].off;
	for (size_t i = 0; i < s->n; i++)
		r.len += s->edits[i].len;
	if (s->foreign) {
		r.why = DOOR_PUT_ERROR;
		if (cause != NULL)
			*cause = xstrdup("the step was made to a file that "
			    "has been replaced");
		return r;
	}
	/* All or nothing: refuse before the first store, not after it. */
	for (size_t i = 0; i < s->n; i++) {
		const struct journal_edit	*e = &s->edits[i];

		if (!door_writable(d)) {
			r.why = DOOR_PUT_READONLY;
			if (cause != NULL)
				*cause = xasprintf("read-only: %s",
				    door_readonly_reason(d));
			return r;
		}
		if (e->off >= door_size(d) || e->len > door_size(d) - e->off) {
			if (cause != NULL)
				*cause = xasprintf("0x%llx is past the end of "
				    "the file (%llu bytes)",
				    (unsigned long long)(e->off + e->len - 1),
				    (unsigned long long)door_size(d));
			return r;
		}
	}
	r.why = DOOR_PUT_DONE;
	for (size_t k = 0; k < s->n; k++) {
		const struct journal_edit	*e = &s->edits[undo ?
						    s->n - 1 - k : k];

		one = store_put(l, e->off, undo ? e->old : e->new, e->len,
		    STORE_ATOMIC | STORE_WHOLE, NULL, cause);
		store_result_free(&one);
		r.stored += one.stored;
		if (one.why != DOOR_PUT_DONE) {
			r.why = one.why;
			r.error = one.error;
			return r;
		}
	}
	if (undo)
		journal_undone(j);
	else
		journal_redone(j);
	return r;
}
