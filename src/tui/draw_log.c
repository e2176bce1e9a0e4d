/* SPDX-License-Identifier: ISC */
/*
 * draw_log.c - the change log panel (issue 14), drawn with curses.
 *
 * The panel sits where the inspector or the fields would (the view's
 * panel place, chosen by geom.c): a title with the count of changes held
 * and dropped, then one line per change, newest first, as many as fit.
 * A line's text is logpanel_line's (no curses, unit-tested); here it
 * gets its place and colour: our own stores in the edit colour, the
 * entry selected while the list has the focus as the cursor.  Nothing
 * here changes state.
 */
#include "config.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "changelog.h"
#include "draw_log.h"
#include "layout.h"
#include "logpanel.h"
#include "ltype.h"
#include "fields.h"
#include "screen.h"
#include "view.h"

/* Draw the log panel at the panel's place. */
void
draw_log(const struct view *v)
{
	const struct changelog	*log = logpanel_log(v->log);
	size_t			 n = changelog_count(log);
	size_t			 sel = logpanel_selected(v->log), first = 0;
	int			 y0 = v->panel_y + 1, rows, width;
	char			 line[LTYPE_MAX_PATH + 256];

	rows = LINES - 1 - y0;
	/* lessons (issue 18): stop above the caption panel. */
	if (v->caption_rows > 0)
		rows = v->caption_y - y0;
	width = v->panel == GEOM_PANEL_SIDE ? GEOM_INSPECT_W - 1 :
	    COLS - v->panel_x;
	if (width > COLS - v->panel_x)
		width = COLS - v->panel_x;
	if (rows < 1 || width < 8)
		return;
	snprintf(line, sizeof line, "log: %zu, %" PRIu64 " dropped; %s", n,
	    changelog_dropped(log), logpanel_focused(v->log) ?
	    "Enter jumps" : "Tab: list");
	attrset(A_BOLD);
	mvaddnstr(v->panel_y, v->panel_x, line, width);
	attrset(A_NORMAL);
	/* Keep the selected entry in view. */
	if (sel != SIZE_MAX && sel >= (size_t)rows)
		first = sel - (size_t)rows + 1;
	for (int r = 0; r < rows && first + (size_t)r < n; r++) {
		struct changelog_entry	e;
		attr_t			at = A_NORMAL;

		if (!changelog_get(log, first + (size_t)r, &e))
			break;
		logpanel_line(&e, v->now, fields_layout(v->fields), line,
		    sizeof line);
		if (first + (size_t)r == sel)
			at = screen_attr(SCREEN_CURSOR);
		else if (e.kind == LIVE_STORE)
			at = screen_attr(SCREEN_EDIT);
		attrset(at);
		mvaddnstr(y0 + r, v->panel_x, line, width);
		attrset(A_NORMAL);
	}
}
