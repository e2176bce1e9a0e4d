/*
 * edit.c - the viewer's edits: typing, :set, undo/redo, msync.
 *
 * Every store goes through the door with exactly the bytes that change:
 * one byte per typed digit pair or character, one atomic store for a
 * naturally aligned 2, 4 or 8 byte value, byte stores otherwise.  Nothing
 * is ever read-modified-written, so a process updating a neighbouring
 * counter loses nothing (design.md fact 5).  The mapping never holds a
 * half-typed byte: the first hex digit is kept here as `pending` and
 * stored only with the second.
 *
 * Each store is recorded in the journal (for undo and for the unsynced
 * range) and noted to the snapper, so our own edit is not reported as
 * someone else's change.  Undo and redo first read the bytes back: when
 * another process has changed them since, they ask before overwriting.
 *
 * Like every action, these return APP_* bits and never draw.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "door.h"
#include "edit.h"
#include "journal.h"
#include "snap.h"
#include "strip.h"
#include "value.h"
#include "xmalloc.h"

/* Refuse an edit of LEN bytes at OFF when it cannot be made; true if so. */
static bool
edit_refused(struct app *a, uint64_t off, size_t len)
{
	if (!door_writable(a->door)) {
		app_msg(a, APP_MSG_WARN, "read-only (%s): the bytes were "
		    "not changed", door_readonly_reason(a->door));
		return true;
	}
	if (off >= door_size(a->door) || len > door_size(a->door) - off) {
		app_msg(a, APP_MSG_ERROR, "0x%llx is past the end of the file "
		    "(%llu bytes): not written",
		    (unsigned long long)(off + len - 1),
		    (unsigned long long)door_size(a->door));
		return true;
	}
	return false;
}

/*
 * Store LEN bytes of NEW at OFF: one atomic store when LEN is 2, 4 or 8
 * and aligned and ATOMIC is asked for, else byte by byte.  OLD receives
 * what was there.  0, or -1 with a message set.
 */
static int
edit_store(struct app *a, uint64_t off, const uint8_t *new, size_t len,
    bool atomic, uint8_t *old)
{
	struct door_copy	 c;
	char			*cause = NULL;
	int			 rc;

	c = door_read(a->door, off, old, len);
	if (c.valid != len) {
		app_msg(a, APP_MSG_ERROR, "0x%llx is past the end of the file "
		    "(%llu bytes): not written", (unsigned long long)off,
		    (unsigned long long)door_size(a->door));
		return -1;
	}
	if (atomic && (len == 2 || len == 4 || len == 8) && off % len == 0)
		rc = door_store(a->door, off, new, len, NULL, &cause);
	else
		rc = door_store_bytes(a->door, off, new, len, &cause);
	if (rc == -1) {
		app_msg(a, APP_MSG_ERROR, "not written: %s", cause);
		free(cause);
		return -1;
	}
	snapper_note_store(a->snapper, off, new, len);
	if (a->fields_snap != NULL)
		snapper_note_store(a->fields_snap, off, new, len);
	strip_forget(a, off, len);
	return 0;
}

/* After a completed edit: --sync-on-edit. */
static int
edit_after(struct app *a)
{
	if (a->opts.sync_on_edit)
		return edit_sync(a, false);
	return APP_REDRAW;
}

/* Store and record one edit step of LEN bytes; APP_* bits. */
static int
edit_step(struct app *a, uint64_t off, const uint8_t *new, size_t len,
    bool atomic)
{
	uint8_t	*old;
	int	 r = APP_REDRAW;

	if (edit_refused(a, off, len))
		return APP_REDRAW;
	old = xmalloc(len);
	if (edit_store(a, off, new, len, atomic, old) == 0) {
		journal_record(a->journal, off, old, new, len);
		journal_commit(a->journal);
		r = edit_after(a);
	}
	free(old);
	return r;
}

/* Value of hex digit C (lower case only: upper case are commands), or -1. */
static int
edit_xdigit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* A character typed in the hex pane: is it a digit we take? */
bool
edit_is_hex_key(const struct app *a, int key, bool is_char)
{
	return is_char && a->pane == APP_PANE_HEX && edit_xdigit(key) >= 0;
}

/* A character typed in the ASCII pane: is it one we take? */
bool
edit_is_text_key(const struct app *a, int key, bool is_char)
{
	return is_char && a->pane == APP_PANE_ASCII && key >= 0x20 &&
	    key < 0x7f;
}

/* Type KEY into the focused pane at the cursor; APP_* bits. */
int
edit_type(struct app *a, int key)
{
	uint64_t	off = a->nav.cursor;
	uint8_t		b;
	int		r;

	if (edit_refused(a, off, 1)) {
		a->pending = -1;
		return APP_REDRAW;
	}
	if (a->pane == APP_PANE_HEX) {
		if (a->pending < 0) {
			/* First digit: shown as pending, not stored. */
			a->pending = edit_xdigit(key);
			return APP_REDRAW;
		}
		b = (uint8_t)(a->pending << 4 | edit_xdigit(key));
		a->pending = -1;
	} else
		b = (uint8_t)key;
	r = edit_step(a, off, &b, 1, false);
	if (a->nav.cursor + 1 < a->nav.size) {
		int	nb = nav_move(&a->nav, 1);

		if (nb & NAV_SCROLL)
			r |= APP_RESNAP;
	}
	return r | APP_REDRAW;
}

/* Forget a half-typed byte; true if there was one. */
bool
edit_abandon(struct app *a)
{
	if (a->pending < 0)
		return false;
	a->pending = -1;
	return true;
}

/* Tab: switch between the hex and the ASCII pane. */
int
edit_switch_pane(struct app *a)
{
	edit_abandon(a);
	a->pane = a->pane == APP_PANE_HEX ? APP_PANE_ASCII : APP_PANE_HEX;
	app_msg(a, APP_MSG_INFO, a->pane == APP_PANE_HEX ? "hex pane: type "
	    "hex digits (0-9 a-f)" : "ASCII pane: type text (Tab returns)");
	return APP_REDRAW;
}

/* Put the bytes of one side of STEP back (UNDO: old bytes); APP_* bits. */
static int
edit_apply(struct app *a, const struct journal_step *s, bool undo)
{
	uint8_t	*was;

	for (size_t k = 0; k < s->n; k++) {
		size_t				 i = undo ? s->n - 1 - k : k;
		const struct journal_edit	*e = &s->edits[i];

		if (edit_refused(a, e->off, e->len))
			return -1;
		was = xmalloc(e->len);
		if (edit_store(a, e->off, undo ? e->old : e->new, e->len, true,
		    was) == -1) {
			free(was);
			return -1;
		}
		free(was);
	}
	if (undo)
		journal_undone(a->journal);
	else
		journal_redone(a->journal);
	return 0;
}

/* Find a byte of STEP that no longer holds what we expect; true if any. */
static bool
edit_conflict(struct app *a, const struct journal_step *s, bool undo,
    uint64_t *where, uint8_t *now, uint8_t *ours)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct journal_edit	*e = &s->edits[i];
		const uint8_t			*want = undo ? e->new : e->old;
		uint8_t				*cur = xmalloc(e->len);
		struct door_copy		 c;

		c = door_read(a->door, e->off, cur, e->len);
		for (size_t k = 0; k < e->len; k++) {
			if (k >= c.valid || cur[k] != want[k]) {
				*where = e->off + k;
				*now = k < c.valid ? cur[k] : 0;
				*ours = want[k];
				free(cur);
				return true;
			}
		}
		free(cur);
	}
	return false;
}

/* u / Ctrl-R: undo or redo one step, asking first on a conflict. */
int
edit_undo(struct app *a, bool undo, bool force)
{
	const struct journal_step	*s;
	uint64_t			 where;
	uint8_t				 now, ours;

	edit_abandon(a);
	s = undo ? journal_undo_step(a->journal) :
	    journal_redo_step(a->journal);
	if (s == NULL) {
		app_msg(a, APP_MSG_INFO, undo ? "nothing to undo" :
		    "nothing to redo");
		return APP_REDRAW;
	}
	if (!force && edit_conflict(a, s, undo, &where, &now, &ours)) {
		a->ask = undo ? APP_ASK_UNDO : APP_ASK_REDO;
		app_msg(a, APP_MSG_WARN, "0x%llx changed since our edit (now "
		    "%02x, ours %02x): overwrite it? y/n",
		    (unsigned long long)where, now, ours);
		return APP_REDRAW;
	}
	if (edit_apply(a, s, undo) == -1)
		return APP_REDRAW;
	app_msg(a, APP_MSG_INFO, "%s at 0x%llx (%zu undo, %zu redo left)",
	    undo ? "undone" : "redone", (unsigned long long)s->edits[0].off,
	    journal_undo_count(a->journal), journal_redo_count(a->journal));
	nav_goto(&a->nav, s->edits[0].off);
	return edit_after(a) | APP_RESNAP;
}

/* Milliseconds between two timespecs. */
static double
edit_ms(const struct timespec *t0, const struct timespec *t1)
{
	return (double)(t1->tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t1->tv_nsec - t0->tv_nsec) / 1e6;
}

/* s / :sync: msync the range holding unsynced edits; APP_* bits. */
int
edit_sync(struct app *a, bool async)
{
	uint64_t		 lo, hi, n, pages;
	struct timespec		 t0, t1;
	enum door_sync_result	 r;
	char			*cause = NULL;

	n = journal_unsynced(a->journal, &lo, &hi);
	if (door_volatile(a->door)) {
		journal_synced(a->journal);
		app_msg(a, APP_MSG_INFO, "nothing to make durable: this file "
		    "is on tmpfs (memory only); other processes already see "
		    "every byte");
		return APP_REDRAW;
	}
	if (n == 0) {
		app_msg(a, APP_MSG_INFO, "no unsynced edits");
		return APP_REDRAW;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = door_sync(a->door, lo, hi - lo, async, &cause);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (r == DOOR_SYNC_ERROR) {
		app_msg(a, APP_MSG_ERROR, "sync failed: %s", cause);
		free(cause);
		return APP_REDRAW;
	}
	journal_synced(a->journal);
	pages = (hi + 4095) / 4096 - lo / 4096;
	app_msg(a, APP_MSG_INFO, "%s %llu page%s in %.1f ms",
	    async ? "scheduled (MS_ASYNC)" : "synced",
	    (unsigned long long)pages, pages == 1 ? "" : "s",
	    edit_ms(&t0, &t1));
	return APP_REDRAW;
}

/* :set TYPE VALUE | :set hex BYTES | :set "TEXT"; APP_* bits. */
int
edit_set(struct app *a, const char *args)
{
	struct value_type	 t;
	uint8_t			 v[8], *buf = NULL;
	size_t			 len, n;
	char			*cause = NULL, *type;
	int			 r;
	bool			 atomic;

	while (*args == ' ')
		args++;
	if (*args == '"') {
		size_t	l = strlen(args);

		if (l < 2 || args[l - 1] != '"') {
			app_msg(a, APP_MSG_ERROR, ":set \"TEXT\": the closing "
			    "quote is missing");
			return APP_REDRAW;
		}
		type = xasprintf("%.*s", (int)(l - 2), args + 1);
		r = value_parse_text(type, &buf, &len, &cause);
		free(type);
		if (r == -1)
			goto bad;
		if (len == 0) {
			free(buf);
			app_msg(a, APP_MSG_ERROR, ":set \"\": no bytes to write");
			return APP_REDRAW;
		}
		r = edit_step(a, a->nav.cursor, buf, len, false);
		free(buf);
		return r;
	}
	n = strcspn(args, " ");
	if (n == 0) {
		app_msg(a, APP_MSG_ERROR, "usage: :set TYPE VALUE, :set hex "
		    "BYTES or :set \"TEXT\" (TYPE: u8 i8 u16 ... f64, le/be)");
		return APP_REDRAW;
	}
	type = xasprintf("%.*s", (int)n, args);
	args += n;
	while (*args == ' ')
		args++;
	if (strcmp(type, "hex") == 0) {
		free(type);
		if (value_parse_hex(args, &buf, &len, &cause) == -1)
			goto bad;
		r = edit_step(a, a->nav.cursor, buf, len, false);
		free(buf);
		return r;
	}
	if (value_type_parse(type, &t, &cause) == -1 ||
	    value_encode(&t, args, v, &cause) == -1) {
		free(type);
		goto bad;
	}
	free(type);
	atomic = t.width > 1 && a->nav.cursor % t.width == 0;
	r = edit_step(a, a->nav.cursor, v, t.width, true);
	if (a->msg == NULL || a->msg_kind == APP_MSG_INFO) {
		char	shown[64];

		value_decode(&t, v, shown, sizeof shown);
		if (t.width > 1 && !atomic)
			app_msg(a, APP_MSG_WARN, "wrote %s %s at 0x%llx byte by "
			    "byte (misaligned: not atomic)", t.name, shown,
			    (unsigned long long)a->nav.cursor);
		else if (a->msg == NULL)
			app_msg(a, APP_MSG_INFO, "wrote %s %s at 0x%llx%s",
			    t.name, shown, (unsigned long long)a->nav.cursor,
			    t.width > 1 ? " (one atomic store)" : "");
	}
	return r;
bad:
	app_msg(a, APP_MSG_ERROR, "%s", cause);
	free(cause);
	return APP_REDRAW;
}

/* q with unsynced edits: ask; true when the question was put. */
bool
edit_ask_quit(struct app *a)
{
	uint64_t	n = journal_unsynced(a->journal, NULL, NULL);

	if (n == 0 || door_volatile(a->door))
		return false;
	a->ask = APP_ASK_QUIT;
	app_msg(a, APP_MSG_WARN, "%llu unsynced byte%s (others see them): "
	    "s = sync and quit, q = quit anyway", (unsigned long long)n,
	    n == 1 ? "" : "s");
	return true;
}

/* The answer KEY to the pending question; APP_* bits. */
int
edit_answer(struct app *a, int key)
{
	enum app_ask	q = a->ask;

	a->ask = APP_ASK_NONE;
	free(a->msg);
	a->msg = NULL;
	switch (q) {
	case APP_ASK_UNDO:
	case APP_ASK_REDO:
		if (key == 'y' || key == 'Y')
			return edit_undo(a, q == APP_ASK_UNDO, true);
		app_msg(a, APP_MSG_INFO, "left their value in place");
		return APP_REDRAW;
	case APP_ASK_QUIT:
		if (key == 'q' || key == 'Q')
			return APP_QUIT;
		if (key == 's' || key == 'S') {
			edit_sync(a, false);
			if (journal_unsynced(a->journal, NULL, NULL) == 0)
				return APP_QUIT;
			return APP_REDRAW;	/* the sync failed: say so, stay */
		}
		app_msg(a, APP_MSG_INFO, "still here");
		return APP_REDRAW;
	default:
		return APP_REDRAW;
	}
}
