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
 * a pasted dump (space and '-') between whole bytes are skipped (':' is
 * never a digit: it opens the command line, keymap.c; a bracketed paste
 * of de:ad is parsed whole by yank_paste.c); in
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
 * The state (struct edit: the mode, the pane, the half-typed digit, the
 * open run, the question asked) is opaque, made by edit_new with what
 * the edits work on: the live session (its door and its store path), the
 * journal, the view's nav (the cursor, moved past typed bytes and to an
 * undone step) and the status line.  It holds those pointers, owns none
 * of them, and never sees struct app.  Like every action, these return
 * REACT_* bits (react.h) and never draw; draw.c reads the state through
 * the const getters.  Undo, redo, msync and the questions they ask are
 * in edit_undo.c (edit_priv.h is what the two files share).
 */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>

#include "bytes.h"
#include "door.h"
#include "edit.h"
#include "edit_priv.h"
#include "journal.h"
#include "keys.h"
#include "live.h"
#include "nav.h"
#include "number.h"
#include "react.h"
#include "row.h"
#include "status.h"
#include "store.h"
#include "value.h"
#include "xmalloc.h"


/*
 * Edits in normal mode, hex pane, on LIVE's file, recorded in J, at
 * NAV's cursor, said on ST; SYNC_ON_EDIT: msync after each edit.
 */
struct edit *
edit_new(struct live *live, struct journal *j, struct nav *nav,
    struct status *st, bool sync_on_edit)
{
	struct edit	*e = xcalloc(1, sizeof *e);

	e->live = live;
	e->journal = j;
	e->nav = nav;
	e->status = st;
	e->sync_on_edit = sync_on_edit;
	e->pending = -1;
	return e;
}

/* Free the edit state E (the session, journal, nav and status are not its). */
void
edit_free(struct edit *e)
{
	free(e);
}

/* The session's door now (a reopen replaces it). */
struct door *
edit_door(const struct edit *e)
{
	return live_door(e->live);
}

/* Set the status-line message (printf-style). */
void
edit_msg(struct edit *e, enum status_kind kind, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	status_vmsg(e->status, kind, fmt, ap);
	va_end(ap);
}

/* Normal or edit mode. */
enum edit_mode
edit_mode(const struct edit *e)
{
	return e->mode;
}

/* The pane typing goes to (and the cursor shows in). */
enum edit_pane
edit_pane(const struct edit *e)
{
	return e->pane;
}

/* The question on the status line, or EDIT_ASK_NONE. */
enum edit_ask
edit_asking(const struct edit *e)
{
	return e->ask;
}

/* The half-typed hex digit (its byte into *OFF, may be NULL), or -1. */
int
edit_pending(const struct edit *e, uint64_t *off)
{
	if (e->pending >= 0 && off != NULL)
		*off = e->pending_off;
	return e->pending;
}

/*
 * Leave the ASCII pane for the hex one (Tab on to the field list): a
 * half-typed byte is dropped, silently, and the run ends.
 */
void
edit_hex_pane(struct edit *e)
{
	edit_abandon(e);
	journal_commit(e->journal);
	e->run = false;
	e->pane = EDIT_PANE_HEX;
}

/* Refuse an edit of LEN bytes at OFF when it cannot be made; true if so. */
bool
edit_refused(struct edit *e, uint64_t off, size_t len)
{
	uint64_t	size = door_size(edit_door(e));

	if (!door_writable(edit_door(e))) {
		edit_msg(e, STATUS_WARN, "read-only (%s): the bytes were "
		    "not changed", door_readonly_reason(edit_door(e)));
		return true;
	}
	if (off >= size || len > size - off) {
		edit_msg(e, STATUS_ERROR, "0x%llx is past the end of the file "
		    "(%llu bytes): not written",
		    (unsigned long long)(off + len - 1),
		    (unsigned long long)size);
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
edit_store(struct edit *e, uint64_t off, const uint8_t *new, size_t len,
    int flags, char **said)
{
	struct store_result	 r;
	char			*cause = NULL, *msg = NULL;

	r = store_put(e->live, off, new, len, flags | STORE_WHOLE, e->journal,
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
		    (unsigned long long)door_size(edit_door(e)));
	else if (r.why != DOOR_PUT_DONE && r.stored == 0)
		msg = xasprintf("not written: %s", cause);
	else if (r.why != DOOR_PUT_DONE)
		msg = xasprintf("%s; u undoes the %zu stored", cause, r.stored);
	free(cause);
	if (msg != NULL)
		edit_msg(e, STATUS_ERROR, "%s", msg);
	if (said != NULL)
		*said = msg;
	else
		free(msg);
	return r;
}

/*
 * Store and record one edit step of LEN bytes (FLAGS: STORE_*); REACT_*
 * bits.  *PUT (when not NULL) gets what was stored (the caller frees it
 * with store_result_free), *SAID the message of a store that fell short
 * (edit_store), *SYNC what --sync-on-edit did (edit_after).  Bytes
 * stored before a store stopped part-way are in the file: they are
 * journalled (undo restores them, and they count as unsynced) like any
 * other edit.  In edit mode the step stays open: the run's next bytes
 * join it.
 */
static int
edit_step_put(struct edit *e, uint64_t off, const uint8_t *new, size_t len,
    int flags, struct store_result *put, char **said, int *sync)
{
	struct store_result	 r;
	int			 ret = REACT_REDRAW;

	memset(&r, 0, sizeof r);
	r.off = off;
	r.len = len;
	r.why = DOOR_PUT_RANGE;
	if (said != NULL)
		*said = NULL;
	if (sync != NULL)
		*sync = 0;
	if (!edit_refused(e, off, len)) {
		r = edit_store(e, off, new, len, flags, said);
		/* A run stays open in edit mode; a failure ends it. */
		if (r.stored > 0 && (e->mode != EDIT_MODE_EDIT ||
		    r.why != DOOR_PUT_DONE))
			journal_commit(e->journal);
		if (r.why == DOOR_PUT_DONE)
			ret = edit_after(e, sync);
	}
	if (put != NULL)
		*put = r;
	else
		store_result_free(&r);
	return ret;
}

/*
 * Store and record one edit step of LEN bytes (byte stores); REACT_* bits.
 * *OK (may be NULL) says whether all the bytes were stored.
 */
static int
edit_step(struct edit *e, uint64_t off, const uint8_t *new, size_t len,
    bool *ok)
{
	struct store_result	p;
	int			r = edit_step_put(e, off, new, len, 0, &p, NULL,
				    NULL);

	if (ok != NULL)
		*ok = p.why == DOOR_PUT_DONE;
	store_result_free(&p);
	return r;
}

/* End the edit run: what is typed next is a new undo step. */
static void
edit_end_run(struct edit *e)
{
	journal_commit(e->journal);
	e->run = false;
}

/*
 * Store the LEN bytes B typed at the cursor as part of the run and move
 * on past them; REACT_* bits.  A byte typed anywhere but where the run
 * stopped (the cursor jumped) starts a new run.
 */
static int
edit_typed(struct edit *e, const uint8_t *b, size_t len)
{
	uint64_t	off = e->nav->cursor;
	bool		ok;
	int		r;

	if (e->run && off + 1 == e->run_next && e->run_next == e->nav->size) {
		/* The run reached the last byte: do not overwrite it again. */
		edit_msg(e, STATUS_WARN, "the end of the file (0x%llx): edit "
		    "mode does not grow it; not written",
		    (unsigned long long)off);
		return REACT_REDRAW;
	}
	if (off >= e->nav->size || len > e->nav->size - off) {
		edit_msg(e, STATUS_ERROR, "%zu byte%s at 0x%llx would pass "
		    "the end of the file (%llu bytes): not written", len,
		    len == 1 ? "" : "s", (unsigned long long)off,
		    (unsigned long long)e->nav->size);
		return REACT_REDRAW;
	}
	if (e->run && off != e->run_next)
		edit_end_run(e);
	if (!e->run)
		e->run_bytes = 0;
	r = edit_step(e, off, b, len, &ok);
	if (!ok)
		return r | REACT_REDRAW;
	e->run = true;
	e->run_next = off + len;
	e->run_bytes += len;
	if (e->run_next < e->nav->size) {
		int	nb = nav_goto(e->nav, e->run_next);

		if (nb & NAV_SCROLL)
			r |= REACT_RESNAP;
	}
	return r | REACT_REDRAW;
}

/* A character KEY typed in hex edit mode; REACT_* bits. */
static int
edit_hex_key(struct edit *e, int key)
{
	int	d = number_xdigit(key);
	uint8_t	b;

	/* Never complete a byte anywhere but where it was begun. */
	edit_check_pending(e);
	if (d < 0 && (key == ' ' || key == '-')) {
		if (e->pending < 0)
			return 0;	/* between whole bytes: skipped */
		edit_msg(e, STATUS_WARN, "'%c' after one digit: the "
		    "half-typed %x at 0x%llx was dropped (a byte is two "
		    "digits)", key, e->pending,
		    (unsigned long long)e->pending_off);
		e->pending = -1;
		return REACT_REDRAW;
	}
	if (d < 0) {
		if (e->pending >= 0)
			edit_msg(e, STATUS_WARN, "not a hex digit: '%lc'; the "
			    "half-typed %x was dropped (Esc leaves edit mode)",
			    (wint_t)key, e->pending);
		else
			edit_msg(e, STATUS_WARN, "not a hex digit: '%lc' (Esc "
			    "leaves edit mode)", (wint_t)key);
		e->pending = -1;
		return REACT_REDRAW;
	}
	if (e->pending < 0) {
		/* First digit: shown as pending, not stored. */
		if (e->nav->size == 0 || (e->run && e->run_next ==
		    e->nav->size && e->nav->cursor + 1 == e->nav->size))
			return edit_typed(e, NULL, 1);	/* says why not */
		e->pending = d;
		e->pending_off = e->nav->cursor;
		return REACT_REDRAW;
	}
	b = (uint8_t)(e->pending << 4 | d);
	e->pending = -1;
	return edit_typed(e, &b, 1);
}

/* A character KEY typed in text edit mode: its bytes; REACT_* bits. */
static int
edit_text_key(struct edit *e, int key)
{
	char		mb[MB_LEN_MAX];
	mbstate_t	st;
	size_t		n;

	memset(&st, 0, sizeof st);
	n = wcrtomb(mb, (wchar_t)key, &st);
	if (n == (size_t)-1 || n == 0) {
		edit_msg(e, STATUS_ERROR, "U+%04X cannot be written in this "
		    "locale's encoding: not written", (unsigned)key);
		return REACT_REDRAW;
	}
	return edit_typed(e, (const uint8_t *)mb, n);
}

/* Drop a half-typed digit the cursor moved away from; REACT_* bits. */
int
edit_check_pending(struct edit *e)
{
	if (e->pending < 0 || e->pending_off == e->nav->cursor)
		return 0;
	edit_msg(e, STATUS_WARN, "the cursor moved to 0x%llx: the half-typed "
	    "%x for 0x%llx was dropped, not written",
	    (unsigned long long)e->nav->cursor, e->pending,
	    (unsigned long long)e->pending_off);
	e->pending = -1;
	return REACT_REDRAW;
}

/* Forget a half-typed byte; true if there was one. */
bool
edit_abandon(struct edit *e)
{
	if (e->pending < 0)
		return false;
	e->pending = -1;
	return true;
}

/*
 * Store LEN bytes of B at OFF as one undo step of their own (a paste,
 * :r, :fill; WHAT names it in the message), ending the run typed before
 * it and dropping a half-typed digit; REACT_* bits.  Bytes that would run
 * past the end are refused whole, saying how many would not fit: the
 * file never grows from here.  *DONE (may be NULL): all LEN were stored.
 */
int
edit_put(struct edit *e, uint64_t off, const uint8_t *b, size_t len,
    const char *what, bool *done)
{
	struct store_result	 put;
	uint64_t		 size = door_size(edit_door(e));
	char			*said;
	int			 r, sync;

	if (done != NULL)
		*done = false;
	if (len == 0) {
		edit_msg(e, STATUS_INFO, "%s: no bytes, nothing stored", what);
		return REACT_REDRAW;
	}
	if (door_writable(edit_door(e)) && (off >= size || len > size - off)) {
		edit_msg(e, STATUS_ERROR, "%s: %zu bytes at 0x%llx would run "
		    "%llu past the end of the file (%llu bytes): nothing "
		    "stored", what, len, (unsigned long long)off,
		    (unsigned long long)(off >= size ? len : off + len - size),
		    (unsigned long long)size);
		return REACT_REDRAW;
	}
	edit_abandon(e);
	edit_end_run(e);
	r = edit_step_put(e, off, b, len, 0, &put, &said, &sync);
	/* One step of its own: what is typed next is another. */
	edit_end_run(e);
	if (done != NULL)
		*done = put.why == DOOR_PUT_DONE;
	if (put.why == DOOR_PUT_DONE && sync >= 0)
		edit_msg(e, STATUS_INFO, "%s: stored %zu bytes at 0x%llx-0x%llx "
		    "(u undoes them at once)", what, len,
		    (unsigned long long)off,
		    (unsigned long long)(off + len - 1));
	free(said);
	store_result_free(&put);
	return r;
}

/* R: enter edit mode in the focused pane; REACT_* bits. */
int
edit_enter(struct edit *e)
{
	if (!door_writable(edit_door(e))) {
		edit_msg(e, STATUS_WARN, "read-only (%s): edit mode is not "
		    "available", door_readonly_reason(edit_door(e)));
		return REACT_REDRAW;
	}
	if (e->nav->size == 0) {
		edit_msg(e, STATUS_WARN, "the file is empty: there is no byte "
		    "to replace (edit mode does not grow a file)");
		return REACT_REDRAW;
	}
	e->mode = EDIT_MODE_EDIT;
	e->pending = -1;
	edit_end_run(e);
	edit_msg(e, STATUS_INFO, e->pane == EDIT_PANE_HEX ? "typing "
	    "overwrites bytes: hex digits (spaces, : and - are skipped); "
	    "Esc leaves" : "typing overwrites bytes with text; Esc leaves");
	return REACT_REDRAW;
}

/* Esc, ^C: leave edit mode; REACT_* bits. */
int
edit_leave(struct edit *e)
{
	bool	half = edit_abandon(e);

	e->mode = EDIT_MODE_NORMAL;
	if (e->run && e->run_bytes > 0)
		edit_msg(e, STATUS_INFO, "%llu byte%s written%s (u undoes "
		    "them at once)", (unsigned long long)e->run_bytes,
		    e->run_bytes == 1 ? "" : "s", half ? "; the half-typed "
		    "byte was dropped" : "");
	else if (half)
		edit_msg(e, STATUS_INFO, "the half-typed byte was dropped; "
		    "nothing written");
	else
		edit_msg(e, STATUS_INFO, "left edit mode");
	edit_end_run(e);
	e->run_bytes = 0;
	return REACT_REDRAW;
}

/* Tab: switch between the hex and the ASCII pane. */
int
edit_switch_pane(struct edit *e)
{
	if (edit_abandon(e))
		edit_msg(e, STATUS_INFO, "the half-typed byte was dropped");
	edit_end_run(e);
	e->pane = e->pane == EDIT_PANE_HEX ? EDIT_PANE_ASCII : EDIT_PANE_HEX;
	if (e->mode == EDIT_MODE_EDIT)
		return REACT_REDRAW;	/* the status line says -- EDIT -- */
	edit_msg(e, STATUS_INFO, e->pane == EDIT_PANE_HEX ? "hex pane (R "
	    "edits hex)" : "ASCII pane (R edits text, Tab returns)");
	return REACT_REDRAW;
}

/* Backspace in edit mode: drop the half-typed digit; REACT_* bits. */
int
edit_backspace(struct edit *e)
{
	if (edit_abandon(e))
		return REACT_REDRAW;
	edit_msg(e, STATUS_INFO, "Backspace does not undo in edit "
	    "mode: Esc, then u undoes the run");
	return REACT_REDRAW;
}

/* A ':' command from edit mode: end the run, drop a half digit; REACT_*. */
int
edit_command(struct edit *e)
{
	int	r = 0;

	if (edit_abandon(e)) {
		edit_msg(e, STATUS_INFO, "the half-typed byte was dropped");
		r = REACT_REDRAW;
	}
	edit_end_run(e);
	return r;
}

/*
 * A livehex KEY typed in edit mode (the key table's edit rows, Esc, Tab,
 * Backspace, ^L and ^Z, came first); REACT_* bits, or -1 when it is not a
 * character (an arrow, PgDn ...): the caller runs it as a command.
 */
int
edit_mode_key(struct edit *e, int key)
{
	if (!keys_is_char(key)) {
		/* An arrow, PgDn ...: a cursor jump ends the run. */
		edit_end_run(e);
		return -1;
	}
	if (key < 0x20 || key == 0x7f || !iswprint((wint_t)key)) {
		edit_msg(e, STATUS_INFO, "in edit mode keys are %s; Esc leaves",
		    e->pane == EDIT_PANE_HEX ? "hex digits" : "text");
		return REACT_REDRAW;
	}
	return e->pane == EDIT_PANE_HEX ? edit_hex_key(e, key) :
	    edit_text_key(e, key);
}

/* The status-line mode tag: "-- EDIT hex --", or NULL in normal mode. */
const char *
edit_mode_tag(const struct edit *e)
{
	if (e->mode != EDIT_MODE_EDIT)
		return NULL;
	return e->pane == EDIT_PANE_HEX ? "-- EDIT hex --" : "-- EDIT text --";
}

/*
 * A typed value of type T stored at OFF only in part: say it is torn,
 * the bytes there now beside the ones meant, then what the store said
 * (SAID, from edit_store).
 */
static void
edit_torn(struct edit *e, const struct value_type *t, uint64_t off,
    const uint8_t *v, const char *said)
{
	uint8_t			 now[8];
	struct door_copy	 c = door_read(edit_door(e), off, now,
				    t->width);
	char			 shown[3 * 8 + 1] = "", meant[3 * 8 + 1] = "";

	row_hex_list(now, t->width, c.valid, shown);
	row_hex_list(v, t->width, t->width, meant);
	edit_msg(e, STATUS_ERROR, "%s at 0x%llx is torn (now %s, meant %s): "
	    "%s", t->name, (unsigned long long)off, shown, meant,
	    said != NULL ? said : "");
}

/*
 * :set VALUE, VALUE in the byte grammar (bytes.h) as poke takes it: hex,
 * "TEXT", text:TEXT, TYPE:NUMBER or TYPE NUMBER; REACT_* bits.
 */
int
edit_set(struct edit *e, const char *args)
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
		edit_msg(e, STATUS_ERROR, "usage: :set TYPE VALUE, :set hex "
		    "BYTES or :set \"TEXT\" (TYPE: u8 i8 u16 ... f64, le/be)");
		return REACT_REDRAW;
	}
	if (bytes_parse(args, 0, &b, NULL, &cause) == -1) {
		edit_msg(e, STATUS_ERROR, "%s", cause);
		free(cause);
		return REACT_REDRAW;
	}
	if (!b.typed) {
		r = edit_step(e, e->nav->cursor, b.val, b.len, NULL);
		bytes_free(&b);
		return r;
	}
	t = b.type;
	memcpy(v, b.val, t.width);
	bytes_free(&b);
	r = edit_step_put(e, e->nav->cursor, v, t.width, STORE_ATOMIC, &put,
	    &said, &sync);
	if (put.why != DOOR_PUT_DONE && put.stored > 0)
		edit_torn(e, &t, e->nav->cursor, v, said);
	else if (put.why == DOOR_PUT_DONE && sync >= 0) {
		char	shown[64];

		/*
		 * Why the sync's message decides: a failed sync's error
		 * stays; a sync that worked keeps its line unless the store
		 * needs the misaligned warning more.
		 */
		value_decode(&t, v, shown, sizeof shown);
		if (t.width > 1 && !put.atomic)
			edit_msg(e, STATUS_WARN, "wrote %s %s at 0x%llx byte "
			    "by byte (misaligned: not atomic)", t.name, shown,
			    (unsigned long long)e->nav->cursor);
		else if (sync == 0)
			edit_msg(e, STATUS_INFO, "wrote %s %s at 0x%llx%s",
			    t.name, shown, (unsigned long long)e->nav->cursor,
			    t.width > 1 ? " (one atomic store)" : "");
	}
	free(said);
	store_result_free(&put);
	return r;
}
