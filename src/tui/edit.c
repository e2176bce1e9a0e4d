/* SPDX-License-Identifier: ISC */
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
 * Typing stores only in edit mode (R until Esc or ^C): in normal mode
 * every key is a command, so a mistyped command never writes.  In hex
 * edit mode hex digits of either case are digits and the separators of
 * a pasted dump (space, ':' and '-') between whole bytes are skipped; in
 * text edit mode every printable character is stored as its bytes in
 * the locale's encoding (UTF-8: one to four bytes).
 *
 * A half-typed digit belongs to the byte it was typed at (pending_off):
 * whatever moves the cursor meanwhile (follow, a search, the mouse, a
 * shrink) drops it with a message, and it is never completed elsewhere.
 *
 * Everything typed between entering and leaving edit mode is one edit
 * run, one journal step, unless the cursor jumps: a byte typed anywhere
 * but right after the run's last one starts a new run.  So u undoes a
 * run at once.
 *
 * Each store is recorded in the journal (for undo and for the unsynced
 * range) and noted to the snapper, so our own edit is not reported as
 * someone else's change.  Undo and redo first read the bytes back: when
 * another process has changed them since, they ask once, listing them,
 * before overwriting; a step applies whole or not at all.  Edits made to
 * a file that was since replaced at the path (:e) are never applied to
 * the new one.
 *
 * Like every action, these return APP_* bits and never draw.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>

#include "app.h"
#include "bytes.h"
#include "door.h"
#include "edit.h"
#include "fields.h"
#include "journal.h"
#include "keys.h"
#include "number.h"
#include "row.h"
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
 * what was there.  What the door stored: all LEN, or fewer (even some,
 * when a page could not be backed part-way) with a message set.  Only the
 * stored bytes are noted as ours.
 */
static struct door_put
edit_store(struct app *a, uint64_t off, const uint8_t *new, size_t len,
    bool atomic, uint8_t *old)
{
	struct door_copy	 c;
	struct door_put		 r = { 0, len, DOOR_PUT_RANGE, false };
	char			*cause = NULL;

	c = door_read(a->door, off, old, len);
	if (c.valid != len) {
		/* Only a short read with no error means the file ended. */
		if (c.error != 0)
			app_msg(a, APP_MSG_ERROR, "cannot read 0x%llx: %s: not "
			    "written", (unsigned long long)(off + c.valid),
			    door_strerror(c.error));
		else
			app_msg(a, APP_MSG_ERROR, "0x%llx is past the end of "
			    "the file (%llu bytes): not written",
			    (unsigned long long)off,
			    (unsigned long long)door_size(a->door));
		return r;
	}
	if (atomic && (len == 2 || len == 4 || len == 8) && off % len == 0)
		r = door_store(a->door, off, new, len, &cause);
	else
		r = door_store_bytes(a->door, off, new, len, &cause);
	if (r.why != DOOR_PUT_DONE && r.stored == 0)
		app_msg(a, APP_MSG_ERROR, "not written: %s", cause);
	else if (r.why != DOOR_PUT_DONE)
		app_msg(a, APP_MSG_ERROR, "%s; u undoes the %zu stored", cause,
		    r.stored);
	free(cause);
	if (r.stored > 0) {
		snapper_note_store(a->snapper, off, new, r.stored);
		fields_note_store(a, off, new, r.stored);
		strip_forget(a, off, r.stored);
	}
	return r;
}

/* After a completed edit: --sync-on-edit. */
static int
edit_after(struct app *a)
{
	if (a->opts.sync_on_edit)
		return edit_sync(a, false);
	return APP_REDRAW;
}

/*
 * Store and record one edit step of LEN bytes; APP_* bits.  *PUT (when
 * not NULL) gets what the door stored.  Bytes stored before a store
 * stopped part-way are in the file: they are journalled (undo restores
 * them, and they count as unsynced) like any other edit.  In edit mode the
 * step stays open: the run's next bytes join it.
 */
static int
edit_step_put(struct app *a, uint64_t off, const uint8_t *new, size_t len,
    bool atomic, struct door_put *put)
{
	struct door_put	 r = { 0, len, DOOR_PUT_RANGE, false };
	uint8_t		*old;
	int		 ret = APP_REDRAW;

	if (!edit_refused(a, off, len)) {
		old = xmalloc(len);
		r = edit_store(a, off, new, len, atomic, old);
		if (r.stored > 0) {
			journal_record(a->journal, off, old, new, r.stored);
			/* A run stays open in edit mode; a failure ends it. */
			if (a->mode != APP_MODE_EDIT ||
			    r.why != DOOR_PUT_DONE)
				journal_commit(a->journal);
		}
		if (r.why == DOOR_PUT_DONE)
			ret = edit_after(a);
		free(old);
	}
	if (put != NULL)
		*put = r;
	return ret;
}

/*
 * Store and record one edit step of LEN bytes; APP_* bits.  *OK (may be
 * NULL) says whether all the bytes were stored.
 */
static int
edit_step(struct app *a, uint64_t off, const uint8_t *new, size_t len,
    bool atomic, bool *ok)
{
	struct door_put	p;
	int		r = edit_step_put(a, off, new, len, atomic, &p);

	if (ok != NULL)
		*ok = p.why == DOOR_PUT_DONE;
	return r;
}

/* End the edit run: what is typed next is a new undo step. */
static void
edit_end_run(struct app *a)
{
	journal_commit(a->journal);
	a->run = false;
}

/*
 * Store the LEN bytes B typed at the cursor as part of the run and move
 * on past them; APP_* bits.  A byte typed anywhere but where the run
 * stopped (the cursor jumped) starts a new run.
 */
static int
edit_typed(struct app *a, const uint8_t *b, size_t len)
{
	uint64_t	off = a->nav.cursor;
	bool		ok;
	int		r;

	if (a->run && off + 1 == a->run_next && a->run_next == a->nav.size) {
		/* The run reached the last byte: do not overwrite it again. */
		app_msg(a, APP_MSG_WARN, "the end of the file (0x%llx): edit "
		    "mode does not grow it; not written",
		    (unsigned long long)off);
		return APP_REDRAW;
	}
	if (off >= a->nav.size || len > a->nav.size - off) {
		app_msg(a, APP_MSG_ERROR, "%zu byte%s at 0x%llx would pass "
		    "the end of the file (%llu bytes): not written", len,
		    len == 1 ? "" : "s", (unsigned long long)off,
		    (unsigned long long)a->nav.size);
		return APP_REDRAW;
	}
	if (a->run && off != a->run_next)
		edit_end_run(a);
	if (!a->run)
		a->run_bytes = 0;
	r = edit_step(a, off, b, len, false, &ok);
	if (!ok)
		return r | APP_REDRAW;
	a->run = true;
	a->run_next = off + len;
	a->run_bytes += len;
	if (a->run_next < a->nav.size) {
		int	nb = nav_goto(&a->nav, a->run_next);

		if (nb & NAV_SCROLL)
			r |= APP_RESNAP;
	}
	return r | APP_REDRAW;
}

/* A character KEY typed in hex edit mode; APP_* bits. */
static int
edit_hex_key(struct app *a, int key)
{
	int	d = number_xdigit(key);
	uint8_t	b;

	/* Never complete a byte anywhere but where it was begun. */
	edit_check_pending(a);
	if (d < 0 && (key == ' ' || key == ':' || key == '-')) {
		if (a->pending < 0)
			return 0;	/* between whole bytes: skipped */
		app_msg(a, APP_MSG_WARN, "'%c' after one digit: the "
		    "half-typed %x at 0x%llx was dropped (a byte is two "
		    "digits)", key, a->pending,
		    (unsigned long long)a->pending_off);
		a->pending = -1;
		return APP_REDRAW;
	}
	if (d < 0) {
		if (a->pending >= 0)
			app_msg(a, APP_MSG_WARN, "not a hex digit: '%lc'; the "
			    "half-typed %x was dropped (Esc leaves edit mode)",
			    (wint_t)key, a->pending);
		else
			app_msg(a, APP_MSG_WARN, "not a hex digit: '%lc' (Esc "
			    "leaves edit mode)", (wint_t)key);
		a->pending = -1;
		return APP_REDRAW;
	}
	if (a->pending < 0) {
		/* First digit: shown as pending, not stored. */
		if (a->nav.size == 0 || (a->run && a->run_next ==
		    a->nav.size && a->nav.cursor + 1 == a->nav.size))
			return edit_typed(a, NULL, 1);	/* says why not */
		a->pending = d;
		a->pending_off = a->nav.cursor;
		return APP_REDRAW;
	}
	b = (uint8_t)(a->pending << 4 | d);
	a->pending = -1;
	return edit_typed(a, &b, 1);
}

/* A character KEY typed in text edit mode: its bytes; APP_* bits. */
static int
edit_text_key(struct app *a, int key)
{
	char		mb[MB_LEN_MAX];
	mbstate_t	st;
	size_t		n;

	memset(&st, 0, sizeof st);
	n = wcrtomb(mb, (wchar_t)key, &st);
	if (n == (size_t)-1 || n == 0) {
		app_msg(a, APP_MSG_ERROR, "U+%04X cannot be written in this "
		    "locale's encoding: not written", (unsigned)key);
		return APP_REDRAW;
	}
	return edit_typed(a, (const uint8_t *)mb, n);
}

/* Drop a half-typed digit the cursor moved away from; APP_* bits. */
int
edit_check_pending(struct app *a)
{
	if (a->pending < 0 || a->pending_off == a->nav.cursor)
		return 0;
	app_msg(a, APP_MSG_WARN, "the cursor moved to 0x%llx: the half-typed "
	    "%x for 0x%llx was dropped, not written",
	    (unsigned long long)a->nav.cursor, a->pending,
	    (unsigned long long)a->pending_off);
	a->pending = -1;
	return APP_REDRAW;
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

/* R: enter edit mode in the focused pane; APP_* bits. */
int
edit_enter(struct app *a)
{
	if (!door_writable(a->door)) {
		app_msg(a, APP_MSG_WARN, "read-only (%s): edit mode is not "
		    "available", door_readonly_reason(a->door));
		return APP_REDRAW;
	}
	if (a->nav.size == 0) {
		app_msg(a, APP_MSG_WARN, "the file is empty: there is no byte "
		    "to replace (edit mode does not grow a file)");
		return APP_REDRAW;
	}
	fields_set_focus(a, false);
	a->mode = APP_MODE_EDIT;
	a->pending = -1;
	edit_end_run(a);
	app_msg(a, APP_MSG_INFO, a->pane == APP_PANE_HEX ? "typing "
	    "overwrites bytes: hex digits (spaces, : and - are skipped); "
	    "Esc leaves" : "typing overwrites bytes with text; Esc leaves");
	return APP_REDRAW;
}

/* Esc, ^C: leave edit mode; APP_* bits. */
int
edit_leave(struct app *a)
{
	bool	half = edit_abandon(a);

	a->mode = APP_MODE_NORMAL;
	if (a->run && a->run_bytes > 0)
		app_msg(a, APP_MSG_INFO, "%llu byte%s written%s (u undoes "
		    "them at once)", (unsigned long long)a->run_bytes,
		    a->run_bytes == 1 ? "" : "s", half ? "; the half-typed "
		    "byte was dropped" : "");
	else if (half)
		app_msg(a, APP_MSG_INFO, "the half-typed byte was dropped; "
		    "nothing written");
	else
		app_msg(a, APP_MSG_INFO, "left edit mode");
	edit_end_run(a);
	a->run_bytes = 0;
	return APP_REDRAW;
}

/* Tab: switch between the hex and the ASCII pane. */
int
edit_switch_pane(struct app *a)
{
	if (edit_abandon(a))
		app_msg(a, APP_MSG_INFO, "the half-typed byte was dropped");
	edit_end_run(a);
	a->pane = a->pane == APP_PANE_HEX ? APP_PANE_ASCII : APP_PANE_HEX;
	if (a->mode == APP_MODE_EDIT)
		return APP_REDRAW;	/* the status line says -- EDIT ... -- */
	app_msg(a, APP_MSG_INFO, a->pane == APP_PANE_HEX ? "hex pane (R "
	    "edits hex)" : "ASCII pane (R edits text, Tab returns)");
	return APP_REDRAW;
}

/* Backspace in edit mode: drop the half-typed digit; APP_* bits. */
int
edit_backspace(struct app *a)
{
	if (edit_abandon(a))
		return APP_REDRAW;
	app_msg(a, APP_MSG_INFO, "Backspace does not undo in edit "
	    "mode: Esc, then u undoes the run");
	return APP_REDRAW;
}

/*
 * A livehex KEY typed in edit mode (the key table's edit rows, Esc, Tab,
 * Backspace, ^L and ^Z, came first); APP_* bits, or -1 when it is not a
 * character (an arrow, PgDn ...): the caller runs it as a command.
 */
int
edit_mode_key(struct app *a, int key)
{
	if (!keys_is_char(key)) {
		/* An arrow, PgDn ...: a cursor jump ends the run. */
		edit_end_run(a);
		return -1;
	}
	if (key < 0x20 || key == 0x7f || !iswprint((wint_t)key)) {
		app_msg(a, APP_MSG_INFO, "in edit mode keys are %s; Esc leaves",
		    a->pane == APP_PANE_HEX ? "hex digits" : "text");
		return APP_REDRAW;
	}
	return a->pane == APP_PANE_HEX ? edit_hex_key(a, key) :
	    edit_text_key(a, key);
}

/* The status-line mode tag: "-- EDIT hex --", or NULL in normal mode. */
const char *
edit_mode_tag(const struct app *a)
{
	if (a->mode != APP_MODE_EDIT)
		return NULL;
	return a->pane == APP_PANE_HEX ? "-- EDIT hex --" : "-- EDIT text --";
}

/* Put the bytes of one side of STEP back (UNDO: old bytes); APP_* bits. */
static int
edit_apply(struct app *a, const struct journal_step *s, bool undo)
{
	uint8_t	*was;

	/* All or nothing: refuse before the first store, not after it. */
	for (size_t i = 0; i < s->n; i++)
		if (edit_refused(a, s->edits[i].off, s->edits[i].len))
			return -1;
	for (size_t k = 0; k < s->n; k++) {
		size_t				 i = undo ? s->n - 1 - k : k;
		const struct journal_edit	*e = &s->edits[i];

		was = xmalloc(e->len);
		if (edit_store(a, e->off, undo ? e->old : e->new, e->len, true,
		    was).why != DOOR_PUT_DONE) {
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

/*
 * Whether byte K of edit I of STEP is the one that decides what undo
 * (UNDO) or redo must find there: the last edit of the step to touch it
 * for undo, the first for redo.
 */
static bool
edit_decides(const struct journal_step *s, size_t i, size_t k, bool undo)
{
	uint64_t	off = s->edits[i].off + k;

	for (size_t o = undo ? i + 1 : 0; o < (undo ? s->n : i); o++)
		if (off >= s->edits[o].off &&
		    off - s->edits[o].off < s->edits[o].len)
			return false;
	return true;
}

/*
 * The bytes of STEP that no longer hold what we expect (someone else
 * changed them): their count, and the first few described into LIST.
 */
static size_t
edit_conflicts(struct app *a, const struct journal_step *s, bool undo,
    char *list, size_t cap)
{
	size_t	n = 0, used = 0;

	list[0] = '\0';
	for (size_t i = 0; i < s->n; i++) {
		const struct journal_edit	*e = &s->edits[i];
		const uint8_t			*want = undo ? e->new : e->old;
		uint8_t				*cur = xmalloc(e->len);
		struct door_copy		 c;

		c = door_read(a->door, e->off, cur, e->len);
		for (size_t k = 0; k < e->len; k++) {
			if ((k < c.valid && cur[k] == want[k]) ||
			    !edit_decides(s, i, k, undo))
				continue;
			if (++n <= 3 && used < cap) {
				int	w = snprintf(list + used, cap - used,
					    "%s0x%llx (now %02x, ours %02x)",
					    n > 1 ? ", " : "",
					    (unsigned long long)(e->off + k),
					    k < c.valid ? cur[k] : 0, want[k]);

				if (w > 0)
					used += (size_t)w;
			}
		}
		free(cur);
	}
	return n;
}

/* u / Ctrl-R: undo or redo one step, asking first on a conflict. */
int
edit_undo(struct app *a, bool undo, bool force)
{
	const struct journal_step	*s;
	char				 list[160];
	size_t				 n;

	edit_abandon(a);
	s = undo ? journal_undo_step(a->journal) :
	    journal_redo_step(a->journal);
	if (s == NULL) {
		app_msg(a, APP_MSG_INFO, undo ? "nothing to undo" :
		    "nothing to redo");
		return APP_REDRAW;
	}
	if (s->foreign) {
		app_msg(a, APP_MSG_WARN, "those edits were made to the file "
		    "that was replaced: not %s", undo ? "undone" : "redone");
		return APP_REDRAW;
	}
	if (!force && (n = edit_conflicts(a, s, undo, list, sizeof list)) > 0) {
		a->ask = undo ? APP_ASK_UNDO : APP_ASK_REDO;
		if (n == 1)
			app_msg(a, APP_MSG_WARN, "%s changed since our edit: "
			    "overwrite it? y/n", list);
		else
			app_msg(a, APP_MSG_WARN, "%zu bytes changed since our "
			    "edit: %s%s: overwrite them? y/n", n, list,
			    n > 3 ? ", ..." : "");
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

/*
 * A typed value of type T stored at OFF only in part: say it is torn,
 * the bytes there now beside the ones meant, then what the door said.
 */
static void
edit_torn(struct app *a, const struct value_type *t, uint64_t off,
    const uint8_t *v)
{
	uint8_t			 now[8];
	struct door_copy	 c = door_read(a->door, off, now, t->width);
	char			 shown[3 * 8 + 1] = "", meant[3 * 8 + 1] = "";
	char			*said = status_text(a->status) != NULL ?
				    xstrdup(status_text(a->status)) :
				    xstrdup("");

	row_hex_list(now, t->width, c.valid, shown);
	row_hex_list(v, t->width, t->width, meant);
	app_msg(a, APP_MSG_ERROR, "%s at 0x%llx is torn (now %s, meant %s): "
	    "%s", t->name, (unsigned long long)off, shown, meant, said);
	free(said);
}

/*
 * :set VALUE, VALUE in the byte grammar (bytes.h) as poke takes it: hex,
 * "TEXT", text:TEXT, TYPE:NUMBER or TYPE NUMBER; APP_* bits.
 */
int
edit_set(struct app *a, const char *args)
{
	struct value_type	 t;
	struct bytes		 b;
	uint8_t			 v[8];
	char			*cause = NULL;
	int			 r;
	bool			 atomic;
	struct door_put		 put;

	/* Columns in messages count from the value's first character. */
	args += strspn(args, " ");
	if (*args == '\0') {
		app_msg(a, APP_MSG_ERROR, "usage: :set TYPE VALUE, :set hex "
		    "BYTES or :set \"TEXT\" (TYPE: u8 i8 u16 ... f64, le/be)");
		return APP_REDRAW;
	}
	if (bytes_parse(args, 0, &b, NULL, &cause) == -1) {
		app_msg(a, APP_MSG_ERROR, "%s", cause);
		free(cause);
		return APP_REDRAW;
	}
	if (!b.typed) {
		r = edit_step(a, a->nav.cursor, b.val, b.len, false, NULL);
		bytes_free(&b);
		return r;
	}
	t = b.type;
	memcpy(v, b.val, t.width);
	bytes_free(&b);
	atomic = t.width > 1 && a->nav.cursor % t.width == 0;
	r = edit_step_put(a, a->nav.cursor, v, t.width, true, &put);
	if (put.why != DOOR_PUT_DONE && put.stored > 0)
		edit_torn(a, &t, a->nav.cursor, v);
	else if (status_text(a->status) == NULL ||
	    status_kind(a->status) == STATUS_INFO) {
		char	shown[64];

		value_decode(&t, v, shown, sizeof shown);
		if (t.width > 1 && !atomic)
			app_msg(a, APP_MSG_WARN, "wrote %s %s at 0x%llx byte by "
			    "byte (misaligned: not atomic)", t.name, shown,
			    (unsigned long long)a->nav.cursor);
		else if (status_text(a->status) == NULL)
			app_msg(a, APP_MSG_INFO, "wrote %s %s at 0x%llx%s",
			    t.name, shown, (unsigned long long)a->nav.cursor,
			    t.width > 1 ? " (one atomic store)" : "");
	}
	return r;
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
	app_msg_clear(a);
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
