/* SPDX-License-Identifier: ISC */
/*
 * draw_caption.c - the lesson's caption panel, drawn with curses.
 *
 * The panel's place comes from the geometry (geom.c, handed over in the
 * view: caption_y and caption_rows, between the bytes and the status
 * line); its lines come
 * from caption.c, wrapped for the terminal's width.  Looks: the title in
 * bold, results in the warning colour (reverse without colour, so they
 * stand out with NO_COLOR too), code dimmed.  Nothing here decides what
 * the caption says.
 */
#include "config.h"

#include <curses.h>

#include "view.h"
#include "caption.h"
#include "draw_caption.h"
#include "screen.h"

/* The attribute of a caption line of KIND. */
static attr_t
draw_caption_attr(enum caption_kind kind)
{
	switch (kind) {
	case CAPTION_TITLE:
		return A_BOLD | A_UNDERLINE;
	case CAPTION_RESULT:
		return A_BOLD;
	case CAPTION_CODE:
	case CAPTION_MORE:
		return screen_attr(SCREEN_DIM);
	default:
		return A_NORMAL;
	}
}

/* Draw the caption panel, when a lesson runs and it has room. */
void
draw_caption(const struct view *v)
{
	struct caption	*c = v->caption;
	size_t		 n;

	if (c == NULL || v->caption_rows <= 0)
		return;
	n = caption_layout(c, COLS, v->caption_rows);
	for (size_t i = 0; i < n; i++) {
		enum caption_kind	 kind = CAPTION_TEXT;
		const char		*s = caption_line(c, i, &kind);

		attrset(draw_caption_attr(kind));
		/* Why addnstr: the wrapped line already fits; never wrap. */
		mvaddnstr(v->caption_y + (int)i, 0, s, COLS);
	}
	attrset(A_NORMAL);
}
