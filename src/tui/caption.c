/* SPDX-License-Identifier: ISC */
/*
 * caption.c - a lesson's caption panel: its state, without curses.
 *
 * The panel is a title line ("lesson NAME  step K/N  n next  N back"),
 * then the step's caption wrapped at word boundaries, the results the
 * second process reported (newest last), then the step's C and Python,
 * each line prefixed "C  " or "Py " and broken hard where it is too long
 * (code has no spaces to break at reliably).  When that does not fit the
 * room the geometry gives (geom.c), the body scrolls: n shows the next
 * part before it moves to the next step, and the last line says so.
 *
 * A step's action (the second process's work) runs only the first time
 * the step is reached: N goes back to read an earlier caption again, and
 * n coming forward again does not repeat what already happened (a file
 * truncated twice would teach nothing new).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caption.h"
#include "xmalloc.h"

/* The last line when the body goes on below. */
static char caption_more[] = "-- more: n --";

/* One wrapped line. */
struct caption_line {
	enum caption_kind	 kind;
	char			*text;
};

struct caption {
	const char			*name;
	const struct caption_step	*steps;
	size_t				 n;
	size_t				 step;		/* shown */
	size_t				 reached;	/* steps acted so far */
	struct caption_hook		 hook;
	char				**results;	/* CAPTION_RESULTS a step */
	size_t				 top;		/* first body line shown */
	size_t				 page;		/* body lines a page */
	bool				 more;		/* lines below the page */
	struct caption_line		*lines;		/* title, body, more */
	size_t				 nlines, cap;	/* all of them */
	struct caption_line		*shown;		/* what is drawn */
	size_t				 nshown;
};

/* Lines the panel wants on a terminal of ROWS rows (0: it does not fit). */
int
caption_rows_for(int rows)
{
	/* Keep at least 8 rows for the header, the bytes and the status. */
	if (rows < 14)
		return 0;
	return rows - 8 < 11 ? rows - 8 : 11;
}

/* A caption for lesson NAME with N STEPS (kept, not copied). */
struct caption *
caption_new(const char *name, const struct caption_step *steps, size_t n,
    const struct caption_hook *hook)
{
	struct caption	*c = xcalloc(1, sizeof *c);

	c->name = name;
	c->steps = steps;
	c->n = n;
	c->hook = *hook;
	c->results = xcalloc(n * CAPTION_RESULTS, sizeof *c->results);
	return c;
}

/* Drop the wrapped lines. */
static void
caption_clear(struct caption *c)
{
	for (size_t i = 0; i < c->nlines; i++)
		free(c->lines[i].text);
	c->nlines = 0;
}

/* Free it (the hook's descriptor is the lesson's to close). */
void
caption_free(struct caption *c)
{
	if (c == NULL)
		return;
	caption_clear(c);
	free(c->lines);
	free(c->shown);
	for (size_t i = 0; i < c->n * CAPTION_RESULTS; i++)
		free(c->results[i]);
	free(c->results);
	free(c);
}

/* Let the lesson act for step K the first time it is reached. */
static void
caption_reach(struct caption *c, size_t k)
{
	while (c->reached <= k) {
		/* Counted first: what the hook reports belongs to this step. */
		size_t	s = c->reached++;

		if (c->hook.on_step != NULL)
			c->hook.on_step(c->hook.arg, c, s);
	}
}

/* Run step 0's action (once, when the viewer is up). */
void
caption_start(struct caption *c)
{
	caption_reach(c, 0);
}

/* The step shown (0-based). */
size_t
caption_step(const struct caption *c)
{
	return c->step;
}

/* The number of steps. */
size_t
caption_nsteps(const struct caption *c)
{
	return c->n;
}

/* n (FORWARD) or N: scroll, or change step; false when there is nowhere. */
bool
caption_go(struct caption *c, bool forward)
{
	if (forward && c->more) {
		c->top += c->page;
		return true;
	}
	if (forward ? c->step + 1 >= c->n : c->step == 0)
		return false;
	c->step = forward ? c->step + 1 : c->step - 1;
	c->top = 0;
	caption_reach(c, c->step);
	return true;
}

/*
 * Add a result line, printf-style.  It belongs to the last step reached:
 * the second process acts for that one (and reports late news there).
 */
void
caption_result(struct caption *c, const char *fmt, ...)
{
	va_list	 ap;
	char	*s, **r;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	r = c->results + (c->reached > 0 ? c->reached - 1 : 0) *
	    CAPTION_RESULTS;
	/* The oldest goes; the newest is last. */
	free(r[0]);
	memmove(r, r + 1, (CAPTION_RESULTS - 1) * sizeof r[0]);
	r[CAPTION_RESULTS - 1] = s;
}

/* The descriptor to poll, or -1. */
int
caption_fd(const struct caption *c)
{
	return c->hook.fd;
}

/* The descriptor is readable: let the lesson read it. */
void
caption_on_fd(struct caption *c)
{
	if (c->hook.fd != -1 && c->hook.on_fd != NULL &&
	    !c->hook.on_fd(c->hook.arg, c))
		c->hook.fd = -1;
}

/* Append a line of KIND: LEN bytes of S. */
static void
caption_add(struct caption *c, enum caption_kind kind, const char *s,
    size_t len)
{
	if (c->nlines == c->cap) {
		c->cap = c->cap == 0 ? 32 : c->cap * 2;
		c->lines = xrealloc(c->lines, c->cap * sizeof *c->lines);
	}
	c->lines[c->nlines].kind = kind;
	c->lines[c->nlines].text = xasprintf("%.*s", (int)len, s);
	c->nlines++;
}

/* Wrap TEXT at word boundaries into lines of at most WIDTH columns. */
static void
caption_wrap(struct caption *c, enum caption_kind kind, const char *text,
    size_t width)
{
	const char	*p = text;

	while (*p != '\0') {
		size_t	len = strcspn(p, "\n"), cut = len;

		if (len > width) {
			/* The last blank that fits; a word longer breaks. */
			cut = width;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = width;
		}
		caption_add(c, kind, p, cut);
		p += cut;
		while (*p == ' ')
			p++;
		if (cut == len && *p == '\n')
			p++;
	}
}

/* Add each line of CODE with PREFIX, broken hard at WIDTH columns. */
static void
caption_code(struct caption *c, const char *prefix, const char *code,
    size_t width)
{
	size_t	plen = strlen(prefix), room = width > plen + 1 ?
		    width - plen : 1;

	for (const char *p = code; p != NULL && *p != '\0';) {
		size_t	len = strcspn(p, "\n");

		for (size_t at = 0; at < len || at == 0; at += room) {
			char	*line = xasprintf("%s%.*s", at == 0 ? prefix :
				    "", (int)(len - at < room ? len - at : room),
				    p + at);

			/* Continuations line up under the code. */
			if (at > 0) {
				free(line);
				line = xasprintf("%*s%.*s", (int)plen, "",
				    (int)(len - at < room ? len - at : room),
				    p + at);
			}
			caption_add(c, CAPTION_CODE, line, strlen(line));
			free(line);
			if (len == 0)
				break;
		}
		p += len;
		if (*p == '\n')
			p++;
		prefix = "   ";
	}
}

/* Wrap the caption for WIDTH columns and ROOM lines; lines to show. */
size_t
caption_layout(struct caption *c, int width, int room)
{
	const struct caption_step	*s = &c->steps[c->step];
	size_t				 w = width > 2 ? (size_t)width - 1 : 1;
	size_t				 body, end;
	char				*title;

	caption_clear(c);
	title = xasprintf("lesson %s  step %zu/%zu  n next, N back, q quits",
	    c->name, c->step + 1, c->n);
	/* One line, cut: the step number comes early enough to show. */
	caption_add(c, CAPTION_TITLE, title, strlen(title) < w ?
	    strlen(title) : w);
	free(title);
	caption_wrap(c, CAPTION_TEXT, s->text, w);
	for (size_t i = 0; i < CAPTION_RESULTS; i++)
		if (c->results[c->step * CAPTION_RESULTS + i] != NULL) {
			char	*r = xasprintf("> %s",
				    c->results[c->step * CAPTION_RESULTS + i]);

			caption_wrap(c, CAPTION_RESULT, r, w);
			free(r);
		}
	caption_code(c, "C  ", s->c, w);
	caption_code(c, "Py ", s->py, w);
	body = c->nlines - 1;
	c->page = room > 2 ? (size_t)room - 2 : 1;
	if (body <= (size_t)(room > 1 ? room - 1 : 0)) {
		c->top = 0;
		c->more = false;
		c->page = body;
	}
	if (c->top >= body)
		c->top = body > c->page ? body - c->page : 0;
	end = c->top + c->page < body ? c->top + c->page : body;
	c->more = end < body;
	c->shown = xrealloc(c->shown, (c->page + 2) * sizeof *c->shown);
	c->shown[0] = c->lines[0];
	c->nshown = 1;
	for (size_t i = c->top; i < end; i++)
		c->shown[c->nshown++] = c->lines[1 + i];
	if (c->more)
		c->shown[c->nshown++] = (struct caption_line){ CAPTION_MORE,
		    caption_more };
	return room > 0 && c->nshown > (size_t)room ? (size_t)room : c->nshown;
}

/* Line I (0 <= I < caption_layout()) of the panel and its kind. */
const char *
caption_line(const struct caption *c, size_t i, enum caption_kind *kind)
{
	if (i >= c->nshown)
		return "";
	*kind = c->shown[i].kind;
	return c->shown[i].text;
}
