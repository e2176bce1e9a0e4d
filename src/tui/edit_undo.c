/* SPDX-License-Identifier: ISC */
/*
 * edit_undo.c - the viewer's undo, redo and msync, and the questions
 * they ask (split from edit.c, whose state they share: edit_priv.h).
 *
 * Undo and redo go through the core's store path (store_undo): a step
 * applies whole or not at all, and is refused before its first store,
 * not after it.  First they look for bytes another process changed since
 * our edit (store_conflicts) and ask once, listing them, before
 * overwriting; the answer comes back through edit_answer.  Edits made to
 * a file that was since replaced at the path (:e) are never applied to
 * the new one.  msync covers the journal's unsynced range, and q with
 * unsynced edits asks first.  Like every action, these return REACT_*
 * bits (react.h) and never draw.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "door.h"
#include "edit.h"
#include "edit_priv.h"
#include "journal.h"
#include "nav.h"
#include "react.h"
#include "status.h"
#include "store.h"

static int	edit_sync_do(struct edit *, bool, bool *);

/*
 * After a completed edit: --sync-on-edit.  *SYNC (may be NULL): 0 when
 * nothing was synced, 1 when a sync worked, -1 when it failed (either
 * way its message is set).
 */
int
edit_after(struct edit *e, int *sync)
{
	bool	ok = true;
	int	r = REACT_REDRAW;

	if (e->sync_on_edit)
		r = edit_sync_do(e, false, &ok);
	if (sync != NULL)
		*sync = !e->sync_on_edit ? 0 : ok ? 1 : -1;
	return r;
}

/*
 * Put the bytes of one side of STEP back (UNDO: old bytes) through
 * store_undo; true when the whole step was.  Refusals are checked here
 * first, edit by edit, to say them as an edit says them.
 */
static bool
edit_apply(struct edit *e, const struct journal_step *s, bool undo,
    uint64_t *at)
{
	const struct journal_step	*step;
	struct store_result		 r;
	char				*cause = NULL;

	/* All or nothing: refuse before the first store, not after it. */
	for (size_t i = 0; i < s->n; i++)
		if (edit_refused(e, s->edits[i].off, s->edits[i].len))
			return false;
	r = store_undo(e->live, e->journal, undo, &step, &cause);
	*at = r.off;
	if (r.why != DOOR_PUT_DONE) {
		if (r.stored == 0)
			edit_msg(e, STATUS_ERROR, "not written: %s",
			    cause != NULL ? cause : "nothing to do");
		else
			edit_msg(e, STATUS_ERROR, "%s; u undoes the %zu stored",
			    cause != NULL ? cause : "stopped", r.stored);
	}
	free(cause);
	store_result_free(&r);
	return r.why == DOOR_PUT_DONE;
}

/*
 * The bytes of STEP that no longer hold what we expect (someone else
 * changed them, store_conflicts): their count, and the first three
 * described into LIST.
 */
static size_t
edit_conflicts(struct edit *e, const struct journal_step *s, bool undo,
    char *list, size_t cap)
{
	struct store_conflict	c[3];
	size_t			n, used = 0;

	list[0] = '\0';
	n = store_conflicts(e->live, s, undo, c, 3);
	for (size_t i = 0; i < n && i < 3 && used < cap; i++) {
		int	w = snprintf(list + used, cap - used,
			    "%s0x%llx (now %02x, ours %02x)", i > 0 ? ", " : "",
			    (unsigned long long)c[i].off, c[i].now, c[i].ours);

		if (w > 0)
			used += (size_t)w;
	}
	return n;
}

/* u / Ctrl-R: undo or redo one step, asking first on a conflict. */
int
edit_undo(struct edit *e, bool undo, bool force)
{
	const struct journal_step	*s;
	char				 list[160];
	size_t				 n;
	uint64_t			 at;

	edit_abandon(e);
	s = undo ? journal_undo_step(e->journal) :
	    journal_redo_step(e->journal);
	if (s == NULL) {
		edit_msg(e, STATUS_INFO, undo ? "nothing to undo" :
		    "nothing to redo");
		return REACT_REDRAW;
	}
	if (s->foreign) {
		edit_msg(e, STATUS_WARN, "those edits were made to the file "
		    "that was replaced: not %s", undo ? "undone" : "redone");
		return REACT_REDRAW;
	}
	if (!force && (n = edit_conflicts(e, s, undo, list, sizeof list)) > 0) {
		e->ask = undo ? EDIT_ASK_UNDO : EDIT_ASK_REDO;
		if (n == 1)
			edit_msg(e, STATUS_WARN, "%s changed since our edit: "
			    "overwrite it? y/n", list);
		else
			edit_msg(e, STATUS_WARN, "%zu bytes changed since our "
			    "edit: %s%s: overwrite them? y/n", n, list,
			    n > 3 ? ", ..." : "");
		return REACT_REDRAW;
	}
	if (!edit_apply(e, s, undo, &at))
		return REACT_REDRAW;
	edit_msg(e, STATUS_INFO, "%s at 0x%llx (%zu undo, %zu redo left)",
	    undo ? "undone" : "redone", (unsigned long long)at,
	    journal_undo_count(e->journal), journal_redo_count(e->journal));
	nav_goto(e->nav, at);
	return edit_after(e, NULL) | REACT_RESNAP;
}

/* Milliseconds between two timespecs. */
static double
edit_ms(const struct timespec *t0, const struct timespec *t1)
{
	return (double)(t1->tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t1->tv_nsec - t0->tv_nsec) / 1e6;
}

/* s / :sync: msync the range holding unsynced edits; REACT_* bits. */
int
edit_sync(struct edit *e, bool async)
{
	bool	ok;

	return edit_sync_do(e, async, &ok);
}

/* edit_sync, with *OK false when the sync failed (its message set). */
static int
edit_sync_do(struct edit *e, bool async, bool *ok)
{
	uint64_t		 lo, hi, n, pages;
	struct timespec		 t0, t1;
	enum door_sync_result	 r;
	char			*cause = NULL;

	n = journal_unsynced(e->journal, &lo, &hi);
	if (door_volatile(edit_door(e))) {
		journal_synced(e->journal);
		edit_msg(e, STATUS_INFO, "nothing to make durable: this file "
		    "is on tmpfs (memory only); other processes already see "
		    "every byte");
		return REACT_REDRAW;
	}
	if (n == 0) {
		edit_msg(e, STATUS_INFO, "no unsynced edits");
		return REACT_REDRAW;
	}
	*ok = true;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = door_sync(edit_door(e), lo, hi - lo, async, &cause);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (r == DOOR_SYNC_ERROR) {
		edit_msg(e, STATUS_ERROR, "sync failed: %s", cause);
		free(cause);
		*ok = false;
		return REACT_REDRAW;
	}
	journal_synced(e->journal);
	pages = (hi + 4095) / 4096 - lo / 4096;
	edit_msg(e, STATUS_INFO, "%s %llu page%s in %.1f ms",
	    async ? "scheduled (MS_ASYNC)" : "synced",
	    (unsigned long long)pages, pages == 1 ? "" : "s",
	    edit_ms(&t0, &t1));
	return REACT_REDRAW;
}

/* q with unsynced edits: ask; true when the question was put. */
bool
edit_ask_quit(struct edit *e)
{
	uint64_t	n = journal_unsynced(e->journal, NULL, NULL);

	if (n == 0 || door_volatile(edit_door(e)))
		return false;
	e->ask = EDIT_ASK_QUIT;
	edit_msg(e, STATUS_WARN, "%llu unsynced byte%s (others see them): "
	    "s = sync and quit, q = quit anyway", (unsigned long long)n,
	    n == 1 ? "" : "s");
	return true;
}

/* The answer KEY to the pending question; REACT_* bits. */
int
edit_answer(struct edit *e, int key)
{
	enum edit_ask	q = e->ask;

	e->ask = EDIT_ASK_NONE;
	status_clear(e->status);
	switch (q) {
	case EDIT_ASK_UNDO:
	case EDIT_ASK_REDO:
		if (key == 'y' || key == 'Y')
			return edit_undo(e, q == EDIT_ASK_UNDO, true);
		edit_msg(e, STATUS_INFO, "left their value in place");
		return REACT_REDRAW;
	case EDIT_ASK_QUIT:
		if (key == 'q' || key == 'Q')
			return REACT_QUIT;
		if (key == 's' || key == 'S') {
			edit_sync(e, false);
			if (journal_unsynced(e->journal, NULL, NULL) == 0)
				return REACT_QUIT;
			/* The sync failed: say so, and stay. */
			return REACT_REDRAW;
		}
		edit_msg(e, STATUS_INFO, "still here");
		return REACT_REDRAW;
	default:
		return REACT_REDRAW;
	}
}
