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
 * Every store goes through the core's one store path (store.h):
 * store_put records it in the journal (for undo and for the unsynced
 * range) and tells the live session, whose events take it into the
 * window, the fields and the strip as our own (app.c's subscriber), so
 * our edit is not reported as someone else's change.  What happened is
 * decided from the store_result (stored, why, error) and the door's
 * cause, never from the status line.  Undo and redo (store_undo) first
 * look for bytes another process changed since (store_conflicts) and
 * ask once, listing them, before overwriting; a step applies whole or
 * not at all.  Edits made to a file that was since replaced at the path
 * (:e) are never applied to the new one.
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
#include "store.h"
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
 * Store LEN bytes of NEW at OFF through the store path (FLAGS: STORE_*;
 * never a byte unless all LEN can be read: STORE_WHOLE), recorded in the
 * journal.  The result says what was stored; a store that fell short sets
 * a message, also handed back in *SAID (malloc'd; NULL when all went in).
 */
static struct store_result
edit_store(struct app *a, uint64_t off, const uint8_t *new, size_t len,
    int flags, char **said)
{
	struct store_result	 r;
	char			*cause = NULL, *msg = NULL;

	r = store_put(a->live, off, new, len, flags | STORE_WHOLE, a->journal,
	    &cause);
	if (r.error != 0)
		msg = xasprintf("cannot read 0x%llx: %s: not written",
		    (unsigned long long)(off + r.old_valid),
		    door_strerror(r.error));
	else if (r.why == DOOR_PUT_RANGE && r.stored == 0 &&
	    r.old_valid < len)
		/* Only a short read with no error means the file ended. */
		msg = xasprintf("0x%llx is past the end of the file (%llu "
		    "bytes): not written", (unsigned long long)off,
		    (unsigned long long)door_size(a->door));
	else if (r.why != DOOR_PUT_DONE && r.stored == 0)
		msg = xasprintf("not written: %s", cause);
	else if (r.why != DOOR_PUT_DONE)
		msg = xasprintf("%s; u undoes the %zu stored", cause, r.stored);
	free(cause);
	if (msg != NULL)
		app_msg(a, APP_MSG_ERROR, "%s", msg);
	if (said != NULL)
		*said = msg;
	else
		free(msg);
	return r;
}

static int	edit_sync_do(struct app *, bool, bool *);

/*
 * After a completed edit: --sync-on-edit.  *SYNC (may be NULL): 0 when
 * nothing was synced, 1 when a sync worked, -1 when it failed (either
 * way its message is set).
 */
static int
edit_after(struct app *a, int *sync)
{
	bool	ok = true;
	int	r = APP_REDRAW;

	if (a->opts.sync_on_edit)
		r = edit_sync_do(a, false, &ok);
	if (sync != NULL)
		*sync = !a->opts.sync_on_edit ? 0 : ok ? 1 : -1;
	return r;
}

/*
 * Store and record one edit step of LEN bytes (FLAGS: STORE_*); APP_*
 * bits.  *PUT (when not NULL) gets what was stored (the caller frees it
 * with store_result_free), *SAID the message of a store that fell short
 * (edit_store), *SYNC what --sync-on-edit did (edit_after).  Bytes
 * stored before a store stopped part-way are in the file: they are
 * journalled (undo restores them, and they count as unsynced) like any
 * other edit.  In edit mode the step stays open: the run's next bytes
 * join it.
 */
static int
edit_step_put(struct app *a, uint64_t off, const uint8_t *new, size_t len,
    int flags, struct store_result *put, char **said, int *sync)
{
	struct store_result	 r;
	int			 ret = APP_REDRAW;

	memset(&r, 0, sizeof r);
	r.off = off;
	r.len = len;
	r.why = DOOR_PUT_RANGE;
	if (said != NULL)
		*said = NULL;
	if (sync != NULL)
		*sync = 0;
	if (!edit_refused(a, off, len)) {
		r = edit_store(a, off, new, len, flags, said);
		/* A run stays open in edit mode; a failure ends it. */
		if (r.stored > 0 && (a->mode != APP_MODE_EDIT ||
		    r.why != DOOR_PUT_DONE))
			journal_commit(a->journal);
		if (r.why == DOOR_PUT_DONE)
			ret = edit_after(a, sync);
	}
	if (put != NULL)
		*put = r;
	else
		store_result_free(&r);
	return ret;
}

/*
 * Store and record one edit step of LEN bytes (byte stores); APP_* bits.
 * *OK (may be NULL) says whether all the bytes were stored.
 */
static int
edit_step(struct app *a, uint64_t off, const uint8_t *new, size_t len,
    bool *ok)
{
	struct store_result	p;
	int			r = edit_step_put(a, off, new, len, 0, &p, NULL,
				    NULL);

	if (ok != NULL)
		*ok = p.why == DOOR_PUT_DONE;
	store_result_free(&p);
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
	r = edit_step(a, off, b, len, &ok);
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
	fields_set_focus(a->fields, false);
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

/*
 * Put the bytes of one side of STEP back (UNDO: old bytes) through
 * store_undo; true when the whole step was.  Refusals are checked here
 * first, edit by edit, to say them as an edit says them.
 */
static bool
edit_apply(struct app *a, const struct journal_step *s, bool undo,
    uint64_t *at)
{
	const struct journal_step	*step;
	struct store_result		 r;
	char				*cause = NULL;

	/* All or nothing: refuse before the first store, not after it. */
	for (size_t i = 0; i < s->n; i++)
		if (edit_refused(a, s->edits[i].off, s->edits[i].len))
			return false;
	r = store_undo(a->live, a->journal, undo, &step, &cause);
	*at = r.off;
	if (r.why != DOOR_PUT_DONE) {
		if (r.stored == 0)
			app_msg(a, APP_MSG_ERROR, "not written: %s",
			    cause != NULL ? cause : "nothing to do");
		else
			app_msg(a, APP_MSG_ERROR, "%s; u undoes the %zu stored",
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
edit_conflicts(struct app *a, const struct journal_step *s, bool undo,
    char *list, size_t cap)
{
	struct store_conflict	c[3];
	size_t			n, used = 0;

	list[0] = '\0';
	n = store_conflicts(a->live, s, undo, c, 3);
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
edit_undo(struct app *a, bool undo, bool force)
{
	const struct journal_step	*s;
	char				 list[160];
	size_t				 n;
	uint64_t			 at;

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
	if (!edit_apply(a, s, undo, &at))
		return APP_REDRAW;
	app_msg(a, APP_MSG_INFO, "%s at 0x%llx (%zu undo, %zu redo left)",
	    undo ? "undone" : "redone", (unsigned long long)at,
	    journal_undo_count(a->journal), journal_redo_count(a->journal));
	nav_goto(&a->nav, at);
	return edit_after(a, NULL) | APP_RESNAP;
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
	bool	ok;

	return edit_sync_do(a, async, &ok);
}

/* edit_sync, with *OK false when the sync failed (its message set). */
static int
edit_sync_do(struct app *a, bool async, bool *ok)
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
	*ok = true;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = door_sync(a->door, lo, hi - lo, async, &cause);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (r == DOOR_SYNC_ERROR) {
		app_msg(a, APP_MSG_ERROR, "sync failed: %s", cause);
		free(cause);
		*ok = false;
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
 * the bytes there now beside the ones meant, then what the store said
 * (SAID, from edit_store).
 */
static void
edit_torn(struct app *a, const struct value_type *t, uint64_t off,
    const uint8_t *v, const char *said)
{
	uint8_t			 now[8];
	struct door_copy	 c = door_read(a->door, off, now, t->width);
	char			 shown[3 * 8 + 1] = "", meant[3 * 8 + 1] = "";

	row_hex_list(now, t->width, c.valid, shown);
	row_hex_list(v, t->width, t->width, meant);
	app_msg(a, APP_MSG_ERROR, "%s at 0x%llx is torn (now %s, meant %s): "
	    "%s", t->name, (unsigned long long)off, shown, meant,
	    said != NULL ? said : "");
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
	char			*cause = NULL, *said;
	int			 r;
	int			 sync;
	struct store_result	 put;

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
		r = edit_step(a, a->nav.cursor, b.val, b.len, NULL);
		bytes_free(&b);
		return r;
	}
	t = b.type;
	memcpy(v, b.val, t.width);
	bytes_free(&b);
	r = edit_step_put(a, a->nav.cursor, v, t.width, STORE_ATOMIC, &put,
	    &said, &sync);
	if (put.why != DOOR_PUT_DONE && put.stored > 0)
		edit_torn(a, &t, a->nav.cursor, v, said);
	else if (put.why == DOOR_PUT_DONE && sync >= 0) {
		char	shown[64];

		/*
		 * Why the sync's message decides: a failed sync's error
		 * stays; a sync that worked keeps its line unless the store
		 * needs the misaligned warning more.
		 */
		value_decode(&t, v, shown, sizeof shown);
		if (t.width > 1 && !put.atomic)
			app_msg(a, APP_MSG_WARN, "wrote %s %s at 0x%llx byte by "
			    "byte (misaligned: not atomic)", t.name, shown,
			    (unsigned long long)a->nav.cursor);
		else if (sync == 0)
			app_msg(a, APP_MSG_INFO, "wrote %s %s at 0x%llx%s",
			    t.name, shown, (unsigned long long)a->nav.cursor,
			    t.width > 1 ? " (one atomic store)" : "");
	}
	free(said);
	store_result_free(&put);
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
