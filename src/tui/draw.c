/* SPDX-License-Identifier: ISC */
/*
 * draw.c - the view: one frame from a read-only view of the state.
 *
 * Draws from a struct view (view.h) alone: values the app copied for
 * this frame, the published snapshot, and the features through their
 * const getters.  It never sees struct app, changes no state, and knows
 * no feature's insides; it writes curses cells and nothing else.  The
 * whole frame is composed on stdscr and sent with one doupdate(), so
 * curses sends only the cells that differ (no flicker).
 * Every byte from the file reaches the terminal as two hex digits or as a
 * printable ASCII character; names and messages were escaped (esc.c)
 * before they got here.
 *
 * Screen layout:
 *	row 0		header bar: path, size, RW/RO, tick, last change, rate
 *	rows 1..n	offset | hex | ASCII
 *	last row	status line (cursor, value, message) or the prompt
 */
#include "config.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changemap.h"
#include "edit.h"
#include "fields.h"
#include "fields_tree.h"
#include "find.h"
#include "inspect.h"
#include "layout.h"
#include "draw.h"
#include "draw_attr.h"
#include "draw_caption.h"
#include "draw_log.h"
#include "draw_scan.h"
#include "draw_past.h"
#include "draw_catch.h"
#include "diffview.h"
#include "keymap.h"
#include "nav.h"
#include "row.h"
#include "screen.h"
#include "select.h"
#include "snap.h"
#include "status.h"
#include "strip.h"
#include "value.h"
#include "view.h"
#include "xmalloc.h"

/* Put S at ROW, COL with ATTR, clipped to the screen width. */
static void
draw_text(int row, int col, attr_t attr, const char *s)
{
	int	room = COLS - col;

	if (room <= 0 || row < 0 || row >= LINES)
		return;
	attrset(attr);
	mvaddnstr(row, col, s, room);
	attrset(A_NORMAL);
}

/*
 * Put PATH at ROW, COL in at most ROOM columns: when it is longer, keep
 * its end (the file name is what tells files apart) behind "...".
 */
static void
draw_path(int row, int col, const char *path, int room)
{
	size_t		len = strlen(path);
	const char	*tail;

	if (room <= 0)
		return;
	if ((int)len <= room || room <= 3) {
		mvaddnstr(row, col, path, room);
		return;
	}
	tail = path + len - (size_t)(room - 3);
	/* Start on a character, not inside a UTF-8 sequence. */
	while (*tail != '\0' && ((unsigned char)*tail & 0xc0) == 0x80)
		tail++;
	mvaddstr(row, col, "...");
	addnstr(tail, room - 3);
}

/*
 * The size the frame shows: the published snapshot's, so the header, the
 * last row and the status line agree with the bytes drawn even when the
 * file changed size again since the copy (the strip's sweep re-stats).
 */
static uint64_t
draw_size(const struct view *v)
{
	return v->snap->size;
}

/* Format a duration in ms for the header ("0.3 s", "12 s", "5 min"). */
static void
draw_ago(char *buf, size_t len, uint32_t ms)
{
	if (ms < 10000)
		snprintf(buf, len, "%u.%u s", ms / 1000, (ms % 1000) / 100);
	else if (ms < 120000)
		snprintf(buf, len, "%u s", ms / 1000);
	else
		snprintf(buf, len, "%u min", ms / 60000);
}

/* Room the header keeps for the path before it drops fields. */
#define DRAW_PATH_MIN	16

/* The header bar: the path, then as many fields as fit, most useful first. */
static void
draw_header(const struct view *v)
{
	char		 f[7][160], right[1024], path[4200], t[24],
			 where[48] = "";
	uint64_t	 unsynced = v->unsynced;
	const char	*ro = v->readonly;
	uint32_t	 last = v->last_change;
	unsigned	 iv = v->interval;
	int		 nf = 0, rlen = 0, plen;

	snprintf(f[nf++], sizeof f[0], "%" PRIu64 " bytes", draw_size(v));
	if (ro != NULL)
		snprintf(f[nf++], sizeof f[0], "RO (%s)", ro);
	else if (unsynced > 0)
		snprintf(f[nf++], sizeof f[0], "RW, %" PRIu64 " unsynced",
		    unsynced);
	else
		snprintf(f[nf++], sizeof f[0], "RW");
	if (diffview_caption(v->diff) != NULL)	/* issue 14 */
		snprintf(f[nf++], sizeof f[0], "%s", diffview_caption(v->diff));
	/* catch (issue 15): a break's hold says which break. */
	if (v->brk_banner != NULL)
		snprintf(f[nf++], sizeof f[0], "%s - %" PRIu64 " changes "
		    "since", v->brk_banner, v->changes - v->changes_at_pause);
	else if (v->paused)
		snprintf(f[nf++], sizeof f[0], "PAUSED - %" PRIu64 " changes "
		    "since", v->changes - v->changes_at_pause);
	/*
	 * The whole file: the change map's newest stamp, when it is newer
	 * than the window's and on a page clear of the window, is a change
	 * the user cannot see: say where it was.  (The map stamps a change
	 * on screen too, up to a sweep later than the window did.)
	 */
	if (strip_map(v->strip) != NULL) {
		const struct changemap *m = strip_map(v->strip);
		uint64_t	off = 0, lo = v->nav->top,
				hi = lo + nav_window(v->nav);
		uint32_t	mt = changemap_newest(m, &off);

		if (mt > last && (off >= hi ||
		    off + changemap_page(m) <= lo))
			snprintf(where, sizeof where, " (off screen, 0x%" PRIx64
			    ")", off);
		/* On screen the window's own stamp is the more exact one. */
		if (mt > last && (where[0] != '\0' || last == 0))
			last = mt;
	}
	if (last == 0)
		snprintf(f[nf++], sizeof f[0], "no change seen");
	else {
		draw_ago(t, sizeof t, v->now - last);
		snprintf(f[nf++], sizeof f[0], "changed %s ago%s", t, where);
	}
	snprintf(f[nf++], sizeof f[0], "%.1f changes/s", v->rate);
	snprintf(f[nf++], sizeof f[0], "%u Hz", 1000 / (iv ? iv : 1));

	/* What happened to the path, where the eye looks first. */
	if (v->deleted || v->renamed)
		snprintf(path, sizeof path, "%s (%s)", v->path,
		    v->deleted ? "deleted" : "renamed");
	else
		snprintf(path, sizeof path, "%s", v->path);
	plen = (int)strlen(path);
	if (plen > DRAW_PATH_MIN)
		plen = DRAW_PATH_MIN;

	/* Fields in order while they fit beside the (shortened) path. */
	right[0] = '\0';
	for (int i = 0; i < nf; i++) {
		int	add = (int)strlen(f[i]) + 3;

		if (1 + draw_past_width(v) + plen + 1 + rlen + add > COLS)
			break;
		strcat(right, " | ");
		strcat(right, f[i]);
		rlen += add;
	}
	if (rlen > 0) {
		/* " | a | b" -> " a | b " */
		memmove(right, right + 2, strlen(right + 2) + 1);
		strcat(right, " ");
		rlen = (int)strlen(right);
	}
	attrset(screen_attr(SCREEN_HEADER));
	move(0, 0);
	hline(' ', COLS);
	/* history (issue 14): after the "<< viewing" label, not under it */
	draw_path(0, 1 + draw_past_width(v), path, COLS - rlen - 2 -
	    draw_past_width(v));
	if (rlen > 0)
		mvaddstr(0, COLS - rlen, right);
	attrset(A_NORMAL);
}

/* The letter of a mark set inside the row at ROW_OFF, after its offset. */
static void
draw_mark(const struct view *v, int y, uint64_t row_off)
{
	for (int m = 0; m < VIEW_MARKS; m++) {
		if (v->mark_set[m] && v->marks[m] >= row_off &&
		    v->marks[m] - row_off < v->nav->cols) {
			attrset(screen_attr(SCREEN_WARN));
			mvaddch(y, (int)v->off_width + 1, (chtype)('a' + m));
			attrset(A_NORMAL);
			return;
		}
	}
}

/* Lines of the selection's panel, the title first. */
#define DRAW_SEL_LINES	8

/*
 * The inspector while a selection is active: the selection as a whole
 * (select.h's sums: its length, XXH3, CRC-32, and its value read as one
 * number when it is 1, 2, 4 or 8 bytes long).
 */
static void
draw_selection(const struct view *v, const struct select_sum *s)
{
	char			 l[DRAW_SEL_LINES][64], tname[8];
	size_t			 n = 0, per;
	struct value_type	 t;

	snprintf(l[n++], sizeof l[0], "selection (y yanks)");
	snprintf(l[n++], sizeof l[0], "start  0x%" PRIx64, s->start);
	snprintf(l[n++], sizeof l[0], "length %" PRIu64, s->len);
	if (!s->summed)
		snprintf(l[n++], sizeof l[0], "sums   over %llu MiB: none",
		    (unsigned long long)(SELECT_SUM_MAX >> 20));
	else if (s->short_read)
		snprintf(l[n++], sizeof l[0], "sums   unreadable");
	else {
		snprintf(l[n++], sizeof l[0], "xxh3   %016" PRIx64, s->xxh3);
		snprintf(l[n++], sizeof l[0], "crc32  %08" PRIx32, s->crc32);
		for (int big = 0; big < 2 && (s->len == 1 || s->len == 2 ||
		    s->len == 4 || s->len == 8); big++) {
			char	val[48];

			if (s->len == 1 && big)
				break;
			snprintf(tname, sizeof tname, s->len == 1 ? "u8" :
			    big ? "u%ube" : "u%ule", (unsigned)s->len * 8);
			if (value_type_parse(tname, &t, NULL) != 0)
				continue;
			value_decode(&t, s->head, val, sizeof val);
			snprintf(l[n++], sizeof l[0], "%-6s %s", tname, val);
		}
	}
	per = v->panel == GEOM_PANEL_SIDE ? n :
	    (n - 1 + (size_t)v->panel_cols - 1) / (size_t)v->panel_cols;
	draw_text(v->panel_y, v->panel_x, A_BOLD, l[0]);
	for (size_t i = 1; i < n; i++) {
		size_t	k = i - 1;
		int	y = v->panel_y + 1 + (int)(k % per);
		int	x = v->panel_x + GEOM_INSPECT_W * (int)(k / per);

		if (y < LINES - 1)
			draw_text(y, x, s->short_read ?
			    screen_attr(SCREEN_WARN) : A_NORMAL, l[i]);
	}
}

/* The inspector panel: the bytes at the cursor read every way. */
static void
draw_inspector(const struct view *v)
{
	const struct snap	*s = v->snap;
	struct inspect_line	 l[INSPECT_LINES];
	uint8_t			 b[8];
	bool			 unstable[8];
	size_t			 avail = 0, n, per;
	uint64_t		 c = v->nav->cursor;
	char			 text[64];

	if (v->panel == GEOM_PANEL_HIDDEN || draw_size(v) == 0)
		return;
	if (select_sums(v->select) != NULL) {
		draw_selection(v, select_sums(v->select));
		return;
	}
	/*
	 * Only bytes the snapshot holds, never the live mapping; the window
	 * is copied 7 bytes long (app_tick), so a short read here means the
	 * end of the file.
	 */
	while (avail < sizeof b && c + avail >= s->off &&
	    c + avail - s->off < s->len) {
		size_t	k = (size_t)(c + avail - s->off);

		if (v->past_known != NULL && !v->past_known[k])
			break;	/* history (issue 14): not known then */
		b[avail] = s->bytes[k];
		unstable[avail] = s->changed_ms[k] != 0 &&
		    s->changed_ms[k] == s->at;
		avail++;
	}
	n = inspect_lines(c, b, avail, unstable, l);
	per = v->panel == GEOM_PANEL_SIDE ? n :
	    (n - 1 + (size_t)v->panel_cols - 1) / (size_t)v->panel_cols;
	draw_text(v->panel_y, v->panel_x, A_BOLD, "inspector (i hides)");
	for (size_t i = 1; i < n; i++) {
		size_t	k = i - 1;
		int	y = v->panel_y + 1 + (int)(k % per);
		int	x = v->panel_x + GEOM_INSPECT_W * (int)(k / per);

		if (y >= LINES - 1)
			continue;
		snprintf(text, sizeof text, "%-6s %s%s", l[i].label,
		    l[i].value, l[i].unstable ? " ~" : "");
		draw_text(y, x, !l[i].available ? screen_attr(SCREEN_DIM) :
		    l[i].unstable ? screen_attr(SCREEN_WARN) : A_NORMAL, text);
	}
}

/*
 * The blank cells after byte I of a row (snapshot index K, drawn with AT
 * at column X-2) up to the next byte: in AT when the next byte is drawn in
 * AT too and AT is a highlight, else plain.  Why: a run of changed bytes
 * is then one run of one attribute on the terminal; a plain gap between
 * each two made curses switch the attributes off and on again for every
 * byte (about 30 bytes of escapes per byte: 600 KB/s under a writer
 * changing every visible byte, issue 12).  HIT: the search marks, or NULL.
 */
static void
draw_hex_gap(const struct view *v, const struct snap *s, int y, int x,
    unsigned i, size_t k, attr_t at, const bool *hit)
{
	unsigned	next;
	int		end;

	if (at == A_NORMAL || i + 1 >= v->nav->cols || k + 1 >= s->len)
		return;
	next = row_hex_col(&v->geom, i + 1);
	end = (int)(v->body_x + next);
	/* The cursor's attribute is its own: never joined to a neighbour. */
	if (draw_attr_byte(v, s, k + 1, EDIT_PANE_HEX,
	    hit != NULL && hit[k + 1]) != at)
		return;
	for (; x < end; x++)
		mvaddch(y, x, ' ');
}

/* The rows of bytes. */
static void
draw_rows(const struct view *v)
{
	const struct snap	*s = v->snap;
	unsigned		 cols = v->nav->cols;
	char			 off[24], hex[2];
	int			 asc_x = (int)(v->body_x + v->geom.ascii_col);
	static bool		*hit;
	static size_t		 hit_cap;
	bool			 marks;
	int			 pending = edit_pending(v->edit, NULL);

	if (draw_size(v) == 0) {
		draw_text(2, 2, screen_attr(SCREEN_DIM), "(empty file - "
		    "waiting for it to grow)");
		return;
	}
	/* Matches of the last search among the bytes on screen. */
	if (hit_cap < s->len + 1) {
		hit_cap = s->len + 1;
		hit = xrealloc(hit, hit_cap);
	}
	marks = find_mark(v->find, s->bytes, s->len, hit);
	for (unsigned r = 0; r < v->nav->rows; r++) {
		uint64_t	row_off = v->nav->top + (uint64_t)r * cols;
		int		y = (int)r + v->body_y;

		if (row_off >= draw_size(v))
			break;
		snprintf(off, sizeof off, "%0*" PRIx64, (int)v->off_width,
		    row_off);
		draw_text(y, 0, screen_attr(SCREEN_OFFSET), off);
		draw_mark(v, y, row_off);
		for (unsigned i = 0; i < cols; i++) {
			uint64_t	o = row_off + i;
			size_t		k;
			attr_t		at;
			int		x = (int)(v->body_x +
					    row_hex_col(&v->geom, i));

			/* Only bytes the snapshot holds: never past the end. */
			if (o < s->off || o - s->off >= s->len)
				break;
			k = (size_t)(o - s->off);
			at = draw_attr_byte(v, s, k, EDIT_PANE_HEX,
			    marks && hit[k]);
			row_hex(s->bytes[k], 0, hex);
			/* history (issue 14): a past byte nobody watched */
			if (v->past_known != NULL && !v->past_known[k]) {
				hex[0] = hex[1] = '?';
				if (o != v->nav->cursor)
					at = screen_attr(SCREEN_DIM);
			}
			if (o == v->nav->cursor && pending >= 0) {
				/* Half-typed: the digit so far, not the file. */
				hex[0] = "0123456789abcdef"[pending];
				hex[1] = '_';
				at = screen_attr(SCREEN_PENDING);
			}
			attrset(at);
			mvaddnstr(y, x, hex, 2);
			draw_hex_gap(v, s, y, x + 2, i, k, at, marks ? hit : NULL);
			attrset(draw_attr_byte(v, s, k, EDIT_PANE_ASCII,
			    marks && hit[k]));
			mvaddch(y, asc_x + (int)i, v->past_known != NULL &&
			    !v->past_known[k] ? '?' :	/* issue 14 */
			    (chtype)(unsigned char)row_ascii(s->bytes[k]));
			attrset(A_NORMAL);
		}
	}
}

/* Tab's choices on row Y, after the prompt's line (cut at the edge). */
static void
draw_prompt_hint(const struct view *v, int y)
{
	const char	*hint = status_prompt_hint_text(v->status);

	if (hint != NULL)
		draw_text(y, 1 + (int)status_prompt_len(v->status) + 3,
		    A_NORMAL, hint);
}

/* The status line, or the prompt when one is open. */
static void
draw_status(const struct view *v)
{
	const struct snap	*s = v->snap;
	char			 left[256];
	int			 y = LINES - 1, llen, x0 = 0;
	uint64_t		 c = v->nav->cursor, sel, sel_len;
	const char		*tag = edit_mode_tag(v->edit);
	const char		*msg = status_text(v->status);
	enum status_kind	 kind = status_kind(v->status);

	move(y, 0);
	clrtoeol();
	if (status_prompt(v->status) != STATUS_PROMPT_NONE) {
		draw_text(y, 0, A_NORMAL, status_prompt(v->status) ==
		    STATUS_PROMPT_SEARCH ? "/" : ":");
		draw_text(y, 1, A_NORMAL, status_prompt_line(v->status));
		draw_prompt_hint(v, y);
		/* The terminal's cursor is the prompt's (curs_set below). */
		move(y, 1 + (int)status_prompt_column(v->status));
		return;
	}
	if (tag == NULL && select_active(v->select))
		tag = "-- VISUAL --";
	if (tag != NULL)
		x0 = (int)strlen(tag) + 1;
	/* The short form (offset) always; the byte's value when it fits. */
	if (select_range(v->select, c, draw_size(v), &sel, &sel_len))
		snprintf(left, sizeof left, "0x%" PRIx64 "-0x%" PRIx64
		    " (%" PRIu64 " byte%s)", sel, sel + sel_len - 1, sel_len,
		    sel_len == 1 ? "" : "s");
	else if (draw_size(v) == 0)
		snprintf(left, sizeof left, "empty");
	else
		snprintf(left, sizeof left, "0x%" PRIx64 " (%" PRIu64 ")", c, c);
	if (draw_size(v) != 0 && c >= s->off && c - s->off < s->len &&
	    !select_active(v->select) && (v->past_known == NULL ||
	    v->past_known[c - s->off])) {	/* history (issue 14) */
		unsigned char	b = s->bytes[c - s->off];
		char		full[sizeof left + LTYPE_MAX_PATH + 96];

		const struct layout *l = fields_layout(v->fields);
		char		 path[LTYPE_MAX_PATH], fname[LTYPE_MAX_PATH + 8] = "";

		/* The deepest path: "in ring.slots[12].state" (issue 13). */
		if (l != NULL && layout_path_at(l, c, path, sizeof path,
		    NULL) == 0)
			snprintf(fname, sizeof fname, "  in %s", path);
		snprintf(full, sizeof full, "%s  0x%02x %3u '%c'%s%s", left, b,
		    b, row_ascii(b), fname, v->follow ? "  [follow]" : "");
		if (msg == NULL ||
		    x0 + (int)(strlen(full) + 3 + strlen(msg)) <= COLS)
			memcpy(left, full, sizeof left - 1);
	}
	if (tag != NULL) {
		/* As long as typing stores, the line says so, first. */
		draw_text(y, 0, screen_attr(SCREEN_MODE), tag);
	}
	draw_text(y, x0, screen_attr(SCREEN_STATUS), left);
	llen = x0 + (int)strlen(left) + 3;
	/* A message (a question above all) that cannot fit takes the line. */
	if (msg != NULL && llen + (int)strlen(msg) > COLS) {
		move(y, x0);
		clrtoeol();
		llen = x0;
	}
	if (msg != NULL)
		draw_text(y, llen, kind == STATUS_ERROR ?
		    screen_attr(SCREEN_ERROR) : kind == STATUS_WARN ?
		    screen_attr(SCREEN_WARN) : A_NORMAL, msg);
	else if (COLS - llen > 20)
		draw_text(y, llen, screen_attr(SCREEN_DIM), "? for help");
}

/* The help overlay, centred; scrolled to A->help_top when it is long. */
static void
draw_help(const struct view *v)
{
	int		 n = 0, kw = 0, ww = 0, w, h, y0, x0, room = v->help_room;
	bool		 more;
	const char	*keys, *what;

	/* The lines come from the key and command tables (keymap.c). */
	/* lessons (issue 18): their keys only while one runs. */
	for (; keymap_help_line_for((size_t)n, v->caption != NULL, &keys,
	    &what); n++) {
		if ((int)strlen(keys) > kw)
			kw = (int)strlen(keys);
		if ((int)strlen(what) > ww)
			ww = (int)strlen(what);
	}
	w = kw + 1 + ww + 4;
	if (w > COLS)
		w = COLS;
	more = n > room;
	h = (more ? room : n) + 4;
	y0 = (LINES - 1 - h) / 2;
	x0 = (COLS - w) / 2;
	if (y0 < 0)
		y0 = 0;
	attrset(A_REVERSE);
	for (int r = 0; r < h && y0 + r < LINES - 1; r++) {
		move(y0 + r, x0);
		for (int i = 0; i < w; i++)
			addch(' ');
	}
	mvaddnstr(y0 + 1, x0 + 2, "livehex keys", w - 4);
	for (int i = 0; i < room && v->help_top + i < n; i++) {
		char	line[256];

		keymap_help_line_for((size_t)(v->help_top + i),
		    v->caption != NULL, &keys, &what);
		snprintf(line, sizeof line, "%-*s %s", kw, keys, what);
		mvaddnstr(y0 + 2 + i, x0 + 2, line, w - 4);
	}
	mvaddnstr(y0 + h - 1, x0 + 2, more ? "Space/PgDn more, PgUp back, "
	    "any other key closes" : "any key closes", w - 4);
	attrset(A_NORMAL);
}

/* Draw the field panel at the panel's place. */
static void
draw_fields(const struct view *v)
{
	uint64_t		 lo = 0, hi = 0;
	const struct snap	*s = fields_snap(v->fields, &lo, &hi);
	int			 rows, per, y0 = v->panel_y + 1, namew = 12;
	uint64_t		 first = 0, sel = fields_selected(v->fields);
	bool			 focus = fields_focused(v->fields);
	struct ftree_row	*fr;
	size_t			 n;

	if (fields_layout(v->fields) == NULL || s == NULL)
		return;
	rows = LINES - 1 - y0;
	/* lessons (issue 18): stop above the caption panel. */
	if (v->caption_rows > 0)
		rows = v->caption_y - y0;
	if (rows < 1)
		return;
	per = v->panel == GEOM_PANEL_SIDE ? 1 : v->panel_cols;
	/* Keep the selected row in view. */
	if (sel >= (uint64_t)rows * (uint64_t)per)
		first = sel - (uint64_t)rows * (uint64_t)per + 1;
	attrset(A_BOLD);
	mvaddnstr(v->panel_y, v->panel_x, focus ?
	    "fields (j/k, Enter: fold/jump, l/h)" :
	    "fields (Tab: list, i: panel)", COLS - v->panel_x);
	attrset(A_NORMAL);
	/* Only the rows on screen are made (a big array stays folded). */
	fr = xcalloc((size_t)rows * (size_t)per, sizeof *fr);
	n = fields_rows(v->fields, first, fr, (size_t)rows * (size_t)per);
	/* Names get the room they need, up to half a column. */
	for (size_t k = 0; k < n; k++) {
		int	w = 2 * (int)fr[k].depth + (fr[k].foldable ? 2 : 0) +
			    (int)strlen(fr[k].path + fr[k].label);

		if (w > namew)
			namew = w < GEOM_INSPECT_W / 2 ? w : GEOM_INSPECT_W / 2;
	}
	for (size_t k = 0; k < n; k++) {
		const struct ftree_row	*f = &fr[k];
		int			 y = y0 + (int)(k % (size_t)rows);
		int			 x = v->panel_x + GEOM_INSPECT_W *
					    (int)(k / (size_t)rows);
		char			 val[64], name[LTYPE_MAX_PATH + 64];
		char			 line[LTYPE_MAX_PATH + 128];
		uint32_t		 latest = 0;
		attr_t			 at = A_NORMAL;
		/* issue 13: caught being written, held while a change is lit */
		bool			 torn = view_fade_level(
					    fields_torn(v->fields, &f->ref),
					    v->now) > 0;
		int			 room;

		if (x + 8 > COLS || (int)(k / (size_t)rows) >= per)
			break;
		if (draw_past_field(v, f, val, sizeof val))	/* issue 14 */
			;	/* the past frame's value, never lit */
		else if (f->ref.off < s->off || f->ref.off - s->off >= s->len ||
		    f->ref.off < lo) {
			snprintf(val, sizeof val, f->ref.off >= hi ?
			    "(beyond the copied span)" : "unavailable");
		} else {
			size_t	o = (size_t)(f->ref.off - s->off);

			if (f->foldable)
				snprintf(val, sizeof val, "%s", f->ref.type->name);
			else
				ltype_format(&f->ref, s->bytes + o, s->len - o,
				    val, sizeof val);
			for (size_t b = 0; b < f->ref.size && o + b < s->len; b++)
				if (s->changed_ms[o + b] > latest)
					latest = s->changed_ms[o + b];
		}
		switch (view_fade_level(latest, v->now)) {
		case 3: at = screen_attr(SCREEN_FADE3); break;
		case 2: at = screen_attr(SCREEN_FADE2); break;
		case 1: at = screen_attr(SCREEN_FADE1); break;
		default: break;
		}
		if (torn)
			at = screen_attr(SCREEN_WARN);
		if (focus && first + k == sel)
			at = screen_attr(SCREEN_CURSOR);
		/* Indent by depth; + folded, - unfolded (fields: none). */
		snprintf(name, sizeof name, "%*s%s%s", 2 * (int)f->depth, "",
		    !f->foldable ? "" : f->open ? "- " : "+ ",
		    f->path + f->label);
		/* "torn" is the mark under NO_COLOR too: cut the value for it. */
		room = GEOM_INSPECT_W - 2 - namew - (torn ? 5 : 0);
		snprintf(line, sizeof line, "%-*.*s %.*s%s", namew, namew, name,
		    room > 0 ? room : 0, val, torn ? " torn" : "");
		attrset(at);
		mvaddnstr(y, x, line, GEOM_INSPECT_W - 1 < COLS - x ?
		    GEOM_INSPECT_W - 1 : COLS - x);
		attrset(A_NORMAL);
	}
	free(fr);
}

/* Draw the change map strip at its column, one mark per row. */
static void
draw_strip(const struct view *v)
{
	uint64_t	size = v->file_size, win_lo, win_hi;
	unsigned	rows = v->nav->rows;
	int		x = v->strip_x;

	if (!strip_shown(v->strip, v->nav, x) || x >= COLS)
		return;
	win_lo = v->nav->top;
	win_hi = v->nav->top + nav_window(v->nav);
	for (unsigned r = 0; r < rows; r++) {
		/* Row r stands for [lo, hi): an equal share of the file. */
		uint64_t	lo = (uint64_t)((unsigned __int128)size * r /
				    rows);
		uint64_t	hi = (uint64_t)((unsigned __int128)size *
				    (r + 1) / rows);
		chtype		ch = ' ';
		attr_t		at = A_NORMAL;

		if (hi <= lo)
			hi = lo + 1;
		switch (strip_heat(v->strip, v->now, lo, hi)) {
		case 3: ch = '#'; at = screen_attr(SCREEN_FADE3); break;
		case 2: ch = '+'; at = screen_attr(SCREEN_FADE1); break;
		case 1: ch = '.'; break;
		default: break;
		}
		/* The part of the file on screen. */
		if (lo < win_hi && hi > win_lo)
			at |= A_REVERSE;
		attrset(at);
		mvaddch(v->body_y + (int)r, x, ch);
	}
	attrset(A_NORMAL);
}

/* Draw one whole frame of V and send it. */
void
draw_frame(const struct view *v)
{
	erase();
	if (v->too_small) {
		char	msg[96];

		/* Long form when it fits, else one short line per row. */
		snprintf(msg, sizeof msg, "terminal too small (%dx%d): make "
		    "it bigger, or q to quit", v->term_cols, v->term_rows);
		if ((int)strlen(msg) <= COLS)
			draw_text(0, 0, A_BOLD, msg);
		else {
			snprintf(msg, sizeof msg, "%dx%d", v->term_cols,
			    v->term_rows);
			draw_text(0, 0, A_BOLD, "too small");
			draw_text(1, 0, A_NORMAL, msg);
			draw_text(2, 0, A_NORMAL, "q quits");
		}
		curs_set(0);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	draw_header(v);
	if (v->body_y == 2)
		draw_text(1, 0, screen_attr(SCREEN_WARN), v->banner);
	draw_rows(v);
	draw_strip(v);
	draw_caption(v);	/* lessons (issue 18) */
	draw_catch_pins(v);	/* catch (issue 15) */
	if (v->panel != GEOM_PANEL_HIDDEN && v->panel_scan)
		draw_scan(v);	/* catch (issue 15): :scan list */
	else if (v->panel != GEOM_PANEL_HIDDEN && v->panel_log)
		draw_log(v);	/* history (issue 14) */
	else if (v->panel != GEOM_PANEL_HIDDEN && v->panel_fields)
		draw_fields(v);
	else
		draw_inspector(v);
	if (v->help)
		draw_help(v);
	draw_status(v);
	draw_past(v);	/* history (issue 14): over the header and status */
	draw_catch_bell(v);	/* catch (issue 15) */
	curs_set(status_prompt(v->status) != STATUS_PROMPT_NONE ? 1 : 0);
	wnoutrefresh(stdscr);
	doupdate();
}
