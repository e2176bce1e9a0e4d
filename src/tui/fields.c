/* SPDX-License-Identifier: ISC */
/*
 * fields.c - a layout in the viewer: the field panel, shading, names.
 *
 * A layout (layout.c) names the fields of a shared structure.  The panel
 * lists them with their live values; a field whose bytes another process
 * changes lights up and fades like changed bytes do; Enter on a field
 * (after Tab gives the list the focus) moves the cursor there.
 *
 * The state (struct fields: the layout, its snapper, the selection and
 * the list's focus) is opaque, held by the app from fields_new to
 * fields_free; draw.c reads it through the const accessors below.  It
 * knows the session and the status line it was made with, never the
 * app: which panel shows is the app's business (a load that worked
 * returns REACT_RELAYOUT), and Enter hands the app an offset to jump to.
 *
 * Live values need the fields' bytes even when they are off screen, so
 * the fields get a window of their own in the live session (live.h, with
 * a snapper) over [first field, extent), at most FIELDS_MAX_SPAN bytes:
 * one more copy and compare per look, made by the session's live_tick
 * with the view's window.  Our own stores reach it through the store
 * path (live_stored).  Fields beyond the span show as "(beyond the
 * copied span)".
 *
 * Torn rows (fields_torn.c): after each look that changed the fields'
 * bytes, the rows covering the change that are wider than a load or
 * misaligned are read again through the door (torn.h, watch's rule);
 * those that moved meanwhile are marked torn, shown while a change
 * stays lit.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "door.h"
#include "esc.h"
#include "fields.h"
#include "fields_torn.h"
#include "fields_tree.h"
#include "keys.h"
#include "layout.h"
#include "layout_tree.h"
#include "live.h"
#include "react.h"
#include "snap.h"
#include "status.h"
#include "view.h"
#include "xmalloc.h"

/* The most bytes of fields copied every tick. */
#define FIELDS_MAX_SPAN	(64u << 10)

/* The viewer's layout state, behind fields_new / fields_free. */
struct fields {
	struct live	*live;		/* the session its window is in */
	struct status	*status;	/* where messages go */
	bool		 utf8;		/* the locale's charset (names) */
	struct layout	*layout;	/* or NULL */
	struct live_window *win;	/* the fields' bytes, every look */
	uint64_t	 seen_gen;	/* its snapshot's generation last seen */
	uint64_t	 lo, hi;	/* the span copied */
	struct ftree	*tree;		/* the panel's rows, folding */
	uint64_t	 sel;		/* selected row in the list */
	bool		 focus;		/* Tab gave the list the keys */
	struct ftorn	*torn;		/* rows caught torn, and when */
	uint8_t		*shade;		/* per field: 1, 2; 3: by element */
	uint32_t	 torn_shown;	/* the latest mark still drawn */
	char		*spec;		/* session: the one SPEC loaded, or NULL */
	size_t		 nspecs;	/* session: specs in it (0: the demo's) */
};

/*
 * No layout yet; windows go into LIVE, messages to ST (UTF8: the
 * locale's charset, for names in them).
 */
struct fields *
fields_new(struct live *live, struct status *st, bool utf8)
{
	struct fields	*fs = xcalloc(1, sizeof(struct fields));

	fs->live = live;
	fs->status = st;
	fs->utf8 = utf8;
	return fs;
}

/* Drop the layout, if any. */
static void
fields_drop(struct fields *fs)
{
	ftree_free(fs->tree);
	ftorn_free(fs->torn);
	free(fs->shade);
	layout_free(fs->layout);
	live_window_free(fs->win);
	fs->tree = NULL;
	fs->shade = NULL;
	fs->torn = NULL;
	fs->torn_shown = 0;
	fs->layout = NULL;
	fs->win = NULL;
	fs->focus = false;
	free(fs->spec);		/* session */
	fs->spec = NULL;
	fs->nspecs = 0;
}

/* Free the layout state FS (before the session its window is in). */
void
fields_free(struct fields *fs)
{
	if (fs == NULL)
		return;
	ftree_free(fs->tree);
	ftorn_free(fs->torn);
	free(fs->shade);
	layout_free(fs->layout);
	live_window_free(fs->win);
	free(fs->spec);		/* session */
	free(fs);
}

/*
 * The shade of each of L's fields into SHADE (L->n): records alternate
 * (issue 13).  Fields are taken in file order, and the shade flips at
 * each new unit: an array element (the path up to its first index, so
 * slots[3].seq and slots[3].state share slot 3's shade and slots[4] has
 * the other), else a top-level group (the first part of the path: "hdr"
 * for hdr.len and hdr.kind).  Neighbouring units always differ.  An
 * array shown as one row (too big to list) alternates element by
 * element (3: by arithmetic in fields_shade).
 */
static void
fields_shades(const struct layout *l, uint8_t *shade)
{
	const char	*prev = NULL, *name, *br;
	size_t		 prevlen = 0, len;
	uint8_t		 cur = 2;

	for (size_t k = 0; k < l->n; k++) {
		const struct layout_field	*f = &l->fields[l->by_off[k]];
		const char			*root = l->roots == NULL ? "" :
						    l->roots[f->root].name;

		name = f->name;
		/* "ring.slots[3]" is "slots[3]": every path has the root. */
		if (root[0] != '\0' && strncmp(name, root, strlen(root)) == 0 &&
		    name[strlen(root)] == '.')
			name += strlen(root) + 1;
		if ((br = strchr(name, '[')) != NULL)
			len = (size_t)(br - name) + strcspn(br, "]") + 1;
		else
			len = strcspn(name, ".");
		if (prev == NULL || len != prevlen ||
		    strncmp(name, prev, len) != 0)
			cur = (uint8_t)(3 - cur);
		prev = name;
		prevlen = len;
		shade[l->by_off[k]] = br == NULL && f->kind == LAYOUT_TREE &&
		    f->ref.bit_size == 0 && f->ref.type != NULL &&
		    f->ref.type->kind == LTYPE_ARRAY &&
		    f->ref.type->elem->size > 0 ? 3 : cur;
	}
}

/* Take over L as the layout; REACT_* bits (the panel shows it: RELAYOUT). */
static int
fields_take(struct fields *fs, struct layout *l)
{
	fields_drop(fs);
	fs->layout = l;
	fs->tree = ftree_new(l);
	fs->torn = ftorn_new();
	fs->shade = xcalloc(l->n, 1);
	fields_shades(l, fs->shade);
	fs->sel = 0;
	fs->lo = l->fields[l->by_off[0]].off;
	fs->hi = layout_extent(l);
	if (fs->hi - fs->lo > FIELDS_MAX_SPAN)
		fs->hi = fs->lo + FIELDS_MAX_SPAN;
	fs->win = live_window_new(fs->live, fs->lo, (size_t)(fs->hi - fs->lo),
	    0, LIVE_WINDOW_SNAPPER);
	fs->seen_gen = snapper_snap(live_window_snapper(fs->win))->gen;
	return REACT_RELAYOUT | REACT_REDRAW | REACT_RESNAP;
}

/* Load the layout at PATH (replacing any); REACT_* bits (RELAYOUT: loaded). */
int
fields_load(struct fields *fs, const char *path)
{
	struct layout	*l;
	char		*cause = NULL, *shown;
	int		 r;

	if ((l = layout_load(path, &cause)) == NULL) {
		/* Keep running without it: the message says what is wrong. */
		status_msg(fs->status, STATUS_ERROR, "%s", cause);
		free(cause);
		return REACT_REDRAW;
	}
	/* PATH is the user's: a newline in it must not forge a line. */
	shown = esc_text(path, fs->utf8);
	status_msg(fs->status, STATUS_INFO, "layout %s: %zu fields (Tab to "
	    "the list, Enter jumps)", shown, l->n);
	free(shown);
	r = fields_take(fs, l);
	fs->spec = xstrdup(path);	/* session: :layout PATH again */
	fs->nspecs = 1;
	return r;
}

/*
 * Open the N specs as one layout (--layout given several times; the
 * options layout_set_defaults last set); REACT_* bits (RELAYOUT: open).
 */
int
fields_open(struct fields *fs, const struct layout_spec *specs, size_t n)
{
	struct layout	*l;
	char		*cause = NULL, *shown;
	int		 r;

	if ((l = layout_open(specs, n, layout_tree_defaults(), &cause)) ==
	    NULL) {
		status_msg(fs->status, STATUS_ERROR, "%s", cause);
		free(cause);
		return REACT_REDRAW;
	}
	shown = esc_text(specs[0].spec, fs->utf8);
	status_msg(fs->status, STATUS_INFO, "layout %s and %zu more: %zu "
	    "fields (Tab to the list, Enter jumps)", shown, n - 1, l->n);
	free(shown);
	r = fields_take(fs, l);
	fs->nspecs = n;		/* session: no one :layout loads them all */
	return r;
}

/* Use the layout parsed from TEXT named NAME (the demo's); 0 or -1. */
int
fields_use_text(struct fields *fs, const char *text, const char *name)
{
	struct layout	*l;
	char		*cause = NULL;

	if ((l = layout_parse(text, name, &cause)) == NULL) {
		status_msg(fs->status, STATUS_ERROR, "%s", cause);
		free(cause);
		return -1;
	}
	fields_take(fs, l);
	return 0;
}

/*
 * session: the spec the layout was loaded from (:layout SPEC, one
 * --layout), or NULL; *NSPECS: how many specs made it (0: none or the
 * demo's built-in layout, more than 1: several --layout).
 */
const char *
fields_spec(const struct fields *fs, size_t *nspecs)
{
	*nspecs = fs->nspecs;
	return fs->spec;
}

/* Drop the layout; REACT_* bits (RELAYOUT: there was one). */
int
fields_unload(struct fields *fs)
{
	if (fs->layout == NULL) {
		status_msg(fs->status, STATUS_INFO, "no layout loaded");
		return REACT_REDRAW;
	}
	fields_drop(fs);
	status_msg(fs->status, STATUS_INFO, "layout dropped");
	return REACT_RELAYOUT | REACT_REDRAW | REACT_RESNAP;
}

/* Freeze the fields' window while PAUSED (before every look). */
void
fields_window(struct fields *fs, bool paused)
{
	if (fs->win != NULL)
		live_window_freeze(fs->win, paused);
}

/*
 * What the session's last look found in the fields' bytes (after
 * live_tick, every tick, NOW the app's clock); REACT_* bits.  The
 * generation also catches a look the session made on inotify news since
 * the last tick.  A look that changed bytes has its rows checked for
 * torn values at once, while the writer may still be at it.
 */
int
fields_tick(struct fields *fs, uint32_t now)
{
	const struct snap	*s;
	int			 bits, r = 0;
	uint64_t		 gen;

	if (fs->layout == NULL)
		return 0;
	s = snapper_snap(live_window_snapper(fs->win));
	bits = live_window_bits(fs->win);
	gen = s->gen;
	if (gen != fs->seen_gen) {
		bits |= SNAP_PUBLISHED;
		ftorn_look(fs->torn, fs->layout, live_door(fs->live), s);
	}
	fs->seen_gen = gen;
	/* The last torn mark faded: draw the rows without it. */
	if (ftorn_latest(fs->torn) != fs->torn_shown &&
	    view_fade_level(ftorn_latest(fs->torn), now) == 0) {
		fs->torn_shown = ftorn_latest(fs->torn);
		r |= REACT_REDRAW;
	}
	if (bits & SNAP_CHANGED)
		return r | REACT_REDRAW | REACT_ACTIVE;
	return r | ((bits & SNAP_PUBLISHED) ? REACT_REDRAW : 0);
}

/* When the row at REF was last caught torn (fields_torn.h; 0: never). */
uint32_t
fields_torn(const struct fields *fs, const struct ltype_ref *ref)
{
	return fs->torn == NULL ? 0 : ftorn_when(fs->torn, ref->off, ref->size);
}

/* The field covering OFF, or NULL. */
const struct layout_field *
fields_at(const struct fields *fs, uint64_t off)
{
	return fs->layout == NULL ? NULL : layout_field_at(fs->layout, off);
}

/* The shade of the record holding OFF: 1 or 2, alternating; 0: none. */
int
fields_shade(const struct fields *fs, uint64_t off)
{
	const struct layout_field	*f = fields_at(fs, off);
	uint8_t				 s;

	if (f == NULL)
		return 0;
	s = fs->shade[f - fs->layout->fields];
	/* A big array in one row: its elements alternate, by arithmetic. */
	if (s == 3)
		return 1 + (int)((off - f->off) / f->ref.type->elem->size % 2);
	return s;
}

/*
 * A key while the field list has the focus; REACT_* bits.  Enter on a
 * record or array row folds or unfolds it (l / Right opens, h / Left
 * folds); Enter on a field sets *JUMP and *TO: the app goes there.
 */
int
fields_key(struct fields *fs, int key, bool *jump, uint64_t *to)
{
	uint64_t		 n = fs->tree == NULL ? 0 : ftree_count(fs->tree);
	struct ftree_row	 row;

	*jump = false;
	if (n == 0) {
		fs->focus = false;
		return REACT_REDRAW;
	}
	if (fs->sel >= n)
		fs->sel = n - 1;
	if (key == 'j' || key == KEYS_DOWN) {
		if (fs->sel + 1 < n)
			fs->sel++;
		return REACT_REDRAW;
	}
	if (key == 'k' || key == KEYS_UP) {
		if (fs->sel > 0)
			fs->sel--;
		return REACT_REDRAW;
	}
	if (ftree_rows(fs->tree, fs->sel, &row, 1) != 1)
		return REACT_REDRAW;
	if (key == 'l' || key == KEYS_RIGHT || key == 'h' ||
	    key == KEYS_LEFT || (row.foldable && (key == '\r' ||
	    key == '\n' || key == KEYS_ENTER))) {
		bool	open = key == 'l' || key == KEYS_RIGHT ||
			    (key != 'h' && key != KEYS_LEFT && !row.open);

		ftree_set(fs->tree, &row, open);
		return REACT_REDRAW;
	}
	if (key == '\r' || key == '\n' || key == KEYS_ENTER) {
		fs->focus = false;
		status_msg(fs->status, STATUS_INFO, "%s at 0x%llx", row.path,
		    (unsigned long long)row.ref.off);
		*jump = true;
		*to = row.ref.off;
		return REACT_REDRAW;
	}
	/* Tab or Esc hands the focus back to the hex pane. */
	fs->focus = false;
	return REACT_REDRAW;
}

/* The layout, or NULL. */
const struct layout *
fields_layout(const struct fields *fs)
{
	return fs->layout;
}

/* True when the field list has the keys (Tab gave them). */
bool
fields_focused(const struct fields *fs)
{
	return fs->focus;
}

/* Give the field list the keys (ON) or take them back. */
void
fields_set_focus(struct fields *fs, bool on)
{
	fs->focus = on;
}

/* The row selected in the list. */
uint64_t
fields_selected(const struct fields *fs)
{
	return fs->sel;
}

/* Visible rows of the list (0: no layout). */
uint64_t
fields_nrows(const struct fields *fs)
{
	return fs->tree == NULL ? 0 : ftree_count(fs->tree);
}

/* Up to MAX rows of the list from row FIRST into OUT; how many. */
size_t
fields_rows(const struct fields *fs, uint64_t first, struct ftree_row *out,
    size_t max)
{
	return fs->tree == NULL ? 0 : ftree_rows(fs->tree, first, out, max);
}

/* The fields' published copy, and the span copied [*LO, *HI); NULL: none. */
const struct snap *
fields_snap(const struct fields *fs, uint64_t *lo, uint64_t *hi)
{
	if (fs->win == NULL)
		return NULL;
	*lo = fs->lo;
	*hi = fs->hi;
	/* Asked each time: a reopen gives the window a new snapper. */
	return snapper_snap(live_window_snapper(fs->win));
}
