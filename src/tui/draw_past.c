/* SPDX-License-Identifier: ISC */
/*
 * draw_past.c - the marks of a past frame (issue 14), drawn with curses.
 *
 * A past frame (past.c, chosen with < and >) must never be taken for the
 * live file: the header starts with "<< viewing 2.35 s ago (. live)" in
 * a colour of its own (reverse, bold and underlined without colours:
 * and the "<<" says it in text under NO_COLOR too), and the status line
 * ends with a slider, the frame's place in the span the history keeps
 * ("[----|-----]": the left end is the oldest moment kept, the right
 * end now).  The bytes themselves are drawn by draw.c from the frame;
 * the ones whose history is not known show there as "??".  The fields
 * panel shows the frame's values too (draw_past_field): the past knows
 * only the view window's bytes, so a field outside it says so, and one
 * with a byte of unknown history shows "??": never the live value
 * presented as the past.
 */
#include "config.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "draw_past.h"
#include "fields_tree.h"
#include "ltype.h"
#include "screen.h"
#include "snap.h"
#include "view.h"

/* The slider's width on the status line, brackets included. */
#define DRAW_PAST_SLIDER	14

/* The header's label for V into LABEL (LEN bytes); its length. */
static int
draw_past_label(const struct view *v, char *label, size_t len)
{
	uint64_t	ago = v->past_ago;

	/* Integer arithmetic: the C locale's point whatever the locale. */
	return snprintf(label, len, " << viewing %" PRIu64 ".%02" PRIu64
	    " s ago (. live) ", ago / 1000, ago % 1000 / 10);
}

/*
 * Columns the label takes, so that the header draws the path after it:
 * the path's tail (the file name) stays readable in the past.
 */
int
draw_past_width(const struct view *v)
{
	char	label[64];

	return v->past_known == NULL ? 0 : draw_past_label(v, label,
	    sizeof label);
}

/* Draw the header's mark and the status line's slider. */
void
draw_past(const struct view *v)
{
	char		 label[64], slider[DRAW_PAST_SLIDER + 1];
	uint64_t	 ago = v->past_ago, span = v->past_span;
	int		 room = DRAW_PAST_SLIDER - 2, at;

	if (v->past_known == NULL)
		return;
	draw_past_label(v, label, sizeof label);
	attrset(screen_attr(SCREEN_PAST));
	mvaddnstr(0, 0, label, COLS);
	/* The frame's place: 0 the oldest moment kept, ROOM - 1 now. */
	if (COLS > DRAW_PAST_SLIDER + 20) {
		at = span == 0 || ago >= span ? 0 : (int)((span - ago) *
		    (uint64_t)(room - 1) / span);
		slider[0] = '[';
		memset(slider + 1, '-', (size_t)room);
		slider[1 + at] = '|';
		slider[room + 1] = ']';
		slider[room + 2] = '\0';
		mvaddstr(LINES - 1, COLS - DRAW_PAST_SLIDER - 1, slider);
	}
	attrset(A_NORMAL);
}

/* A field's value in the past frame shown; false when V is live. */
bool
draw_past_field(const struct view *v, const struct ftree_row *f, char *val,
    size_t len)
{
	const struct snap	*s = v->snap;
	uint64_t		 o;

	if (v->past_known == NULL)
		return false;
	/* A record or an array: its type's name, as when live. */
	if (f->foldable) {
		snprintf(val, len, "%s", f->ref.type->name);
		return true;
	}
	if (f->ref.off < s->off || f->ref.off - s->off >= s->len ||
	    f->ref.size > s->len - (f->ref.off - s->off)) {
		snprintf(val, len, "(not in the window)");
		return true;
	}
	o = f->ref.off - s->off;
	for (uint64_t b = 0; b < f->ref.size; b++)
		if (!v->past_known[o + b]) {
			snprintf(val, len, "??");
			return true;
		}
	ltype_format(&f->ref, s->bytes + o, (size_t)(s->len - o), val, len);
	return true;
}
