/* SPDX-License-Identifier: ISC */
/*
 * draw_attr.c - the attribute a byte of the view is drawn in: which of
 * the marks a byte can carry wins, decided in one place for the hex and
 * ASCII panes and for draw.c's gap joining (which compares neighbours'
 * attributes, so both must come from the same rule).
 *
 * The order, first wins: the cursor (edit mode's own, then the pane's),
 * someone else's change while it fades, the diff view (issue 14: a byte
 * that differs from the snapshot, or a page that differs with its old
 * bytes unknown, each in its own role), the selection, a search match,
 * our unsynced edit, then the layout's record shades.  Reads the view
 * only (view.h); split from draw.c, which was at the 800-line limit.
 */
#include "config.h"

#include <curses.h>

#include "diffview.h"
#include "draw_attr.h"
#include "edit.h"
#include "fields.h"
#include "journal.h"
#include "nav.h"
#include "screen.h"
#include "select.h"
#include "snap.h"
#include "view.h"

/*
 * issue 14: the diff's attribute for byte OFF, or A_NORMAL when no diff
 * is on or OFF does not differ.  Why a role of its own for "old bytes
 * unknown": past the snapshot's cap a differing page is marked whole,
 * and drawn like a real difference it claimed bytes changed that may
 * not have.
 */
static attr_t
draw_attr_diff(const struct view *v, uint64_t off)
{
	bool	unknown = false;

	if (!diffview_at(v->diff, off, &unknown))
		return A_NORMAL;
	return screen_attr(unknown ? SCREEN_DIFF_UNKNOWN : SCREEN_DIFF);
}

/* The attribute of byte I of S in PANE; see draw_attr.h. */
attr_t
draw_attr_byte(const struct view *v, const struct snap *s, size_t i,
    enum edit_pane pane, bool match)
{
	attr_t	diff;

	if (s->off + i == v->nav->cursor && pane == edit_pane(v->edit) &&
	    edit_mode(v->edit) == EDIT_MODE_EDIT)
		return screen_attr(SCREEN_MODE);	/* keys land here */
	if (s->off + i == v->nav->cursor)
		return screen_attr(pane == edit_pane(v->edit) ? SCREEN_CURSOR :
		    SCREEN_CURSOR_OTHER);
	switch (view_fade_level(s->changed_ms[i], v->now)) {
	case 3:
		return screen_attr(SCREEN_FADE3);
	case 2:
		return screen_attr(SCREEN_FADE2);
	case 1:
		return screen_attr(SCREEN_FADE1);
	default:
		break;
	}
	if ((diff = draw_attr_diff(v, s->off + i)) != A_NORMAL)
		return diff;
	if (select_has(v->select, v->nav->cursor, s->off + i))
		return screen_attr(SCREEN_SELECT);
	if (match)
		return screen_attr(SCREEN_MATCH);
	if (journal_is_unsynced(v->journal, s->off + i))
		return screen_attr(SCREEN_EDIT);
	/* issue 13: records alternate in two shades (none without colour). */
	switch (fields_shade(v->fields, s->off + i)) {
	case 1:
		return screen_attr(SCREEN_FIELD);
	case 2:
		return screen_attr(SCREEN_FIELD2);
	default:
		break;
	}
	return A_NORMAL;
}
