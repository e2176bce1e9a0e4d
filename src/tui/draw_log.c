/* SPDX-License-Identifier: ISC */
/*
 * draw_log.c - the change log panel (issue 14), drawn with curses.
 *
 * The panel sits where the inspector or the fields would (the view's
 * panel place, chosen by geom.c): a title with the count of changes held
 * and dropped, then one line per change, newest first, as many as fit.
 * A line's text is logpanel_line's (no curses, unit-tested); here it
 * gets its place and colour: our own stores in the edit colour, the
 * entry selected while the list has the focus as the cursor.  A line
 * wider than the panel (beside the rows it has 33 columns) wraps onto
 * up to DRAW_LOG_WRAP screen lines, the rest indented, so that the new
 * value at its end is seen; the selected entry is kept in view whole.
 * Nothing here changes state.
 */
#include "config.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "changelog.h"
#include "draw_log.h"
#include "draw_panel.h"
#include "layout.h"
#include "logpanel.h"
#include "ltype.h"
#include "fields.h"
#include "screen.h"
#include "view.h"

/* The most screen lines one entry takes. */
#define DRAW_LOG_WRAP	3
/* How far its continuation lines are indented. */
#define DRAW_LOG_INDENT	2

/* Screen lines LINE takes at WIDTH (at least 8) columns. */
static int
draw_log_lines(const char *line, int width)
{
	int	len = (int)strlen(line), n = 1;

	for (len -= width; len > 0 && n < DRAW_LOG_WRAP; n++)
		len -= width - DRAW_LOG_INDENT;
	return n;
}

/* Entry I of V's log as a line into LINE (LEN bytes); false: none. */
static bool
draw_log_entry(const struct view *v, size_t i, char *line, size_t len,
    enum live_kind *kind)
{
	struct changelog_entry	e;

	if (!changelog_get(logpanel_log(v->log), i, &e))
		return false;
	logpanel_line(&e, v->now, fields_layout(v->fields), line, len);
	*kind = e.kind;
	return true;
}

/*
 * Draw LINE from screen row Y at X in WIDTH columns, wrapped (at most
 * DRAW_LOG_WRAP rows, no further than row END); the rows taken.
 */
static int
draw_log_wrapped(const char *line, int y, int x, int width, int end)
{
	int	n = draw_log_lines(line, width), r;
	size_t	at = 0, len = strlen(line);

	for (r = 0; r < n && y + r < end && at < len; r++) {
		int	in = r == 0 ? 0 : DRAW_LOG_INDENT, w = width - in;

		/* The last row a line may take ends where it must. */
		mvaddnstr(y + r, x + in, line + at, w);
		at += (size_t)w;
	}
	return r;
}

/* Draw the log panel at the panel's place. */
void
draw_log(const struct view *v)
{
	const struct changelog	*log = logpanel_log(v->log);
	size_t			 n = changelog_count(log);
	size_t			 sel = logpanel_selected(v->log), first = 0;
	int			 y0 = v->panel_y + 1, rows, width;
	char			 line[LTYPE_MAX_PATH + 256];

	if (!draw_panel_area(v, LINES, COLS, &rows, &width))
		return;
	snprintf(line, sizeof line, "log: %zu, %" PRIu64 " dropped; %s", n,
	    changelog_dropped(log), logpanel_focused(v->log) ?
	    "Enter jumps" : "Tab: list");
	attrset(A_BOLD);
	mvaddnstr(v->panel_y, v->panel_x, line, width);
	attrset(A_NORMAL);
	/* Keep the selected entry in view, whole: the entries up to it. */
	if (sel != SIZE_MAX && sel < n) {
		int	used = 0;

		for (first = sel + 1; first > 0; first--) {
			enum live_kind	k;

			if (!draw_log_entry(v, first - 1, line, sizeof line, &k))
				break;
			used += draw_log_lines(line, width);
			if (used > rows)
				break;
		}
		if (first > sel)
			first = sel;
	}
	for (int y = y0; y < y0 + rows && first < n; first++) {
		enum live_kind	kind;
		attr_t		at = A_NORMAL;

		if (!draw_log_entry(v, first, line, sizeof line, &kind))
			break;
		if (first == sel)
			at = screen_attr(SCREEN_CURSOR);
		else if (kind == LIVE_STORE)
			at = screen_attr(SCREEN_EDIT);
		attrset(at);
		y += draw_log_wrapped(line, y, v->panel_x, width, y0 + rows);
		attrset(A_NORMAL);
	}
}
