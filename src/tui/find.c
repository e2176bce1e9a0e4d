/* SPDX-License-Identifier: ISC */
/*
 * find.c - searching from the viewer: the / prompt, n and N, progress.
 *
 * The engine is the core's (search.c); this file holds the one pattern
 * and the one running search of the viewer (struct find, opaque: the app
 * holds it from find_new to find_free), and turns their results into
 * jumps and messages.  A search never blocks the loop: find_step() scans a
 * bounded slice per tick (FIND_SLICE bytes, about a millisecond at the
 * engine's speed), so keys, redraws and the live view go on meanwhile and
 * Esc cancels.  Progress shows in the status line for searches that take
 * more than a moment.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "door.h"
#include "find.h"
#include "search.h"
#include "xmalloc.h"

/* Bytes scanned per tick: ~2 ms at 2 GB/s, so the loop stays responsive. */
#ifndef FIND_SLICE
#define FIND_SLICE	(4u << 20)
#endif

/* The viewer's search state, behind find_new / find_free. */
struct find {
	struct search_pattern	*pattern;	/* the last pattern, or NULL */
	struct search		*search;	/* running, or NULL */
	bool			 backward;	/* the running one's way */
	unsigned		 slices;	/* ticks the running one took */
};

/* A search state with no pattern and nothing running. */
struct find *
find_new(void)
{
	return xcalloc(1, sizeof(struct find));
}

/* Start a search for the current pattern from the cursor. */
static int
find_begin(struct app *a, bool backward)
{
	struct find	*f = a->find;

	search_free(f->search);
	f->search = search_start(f->pattern, a->nav.cursor, backward);
	f->backward = backward;
	f->slices = 0;
	return find_step(a) | APP_ACTIVE;
}

/* The / prompt was entered with TEXT: parse it and search forward. */
int
find_start(struct app *a, const char *text)
{
	struct search_pattern	*p;
	size_t			 col = 0;
	char			*cause = NULL;
	struct find		*f = a->find;

	if (*text == '\0')
		return find_again(a, false);
	p = search_parse(text, &col, &cause);
	if (p == NULL) {
		/* The cause names the column; COL is for the prompt's caret. */
		(void)col;
		app_msg(a, APP_MSG_ERROR, "/%s: %s", text, cause);
		free(cause);
		return APP_REDRAW;
	}
	search_pattern_free(f->pattern);
	f->pattern = p;
	return find_begin(a, false);
}

/* n (forward) or N (BACKWARD): the next match of the last pattern. */
int
find_again(struct app *a, bool backward)
{
	struct find	*f = a->find;

	if (f->pattern == NULL) {
		app_msg(a, APP_MSG_INFO, "no pattern yet: / searches (hex "
		    "de ad ?? ef, \"text\", i\"text\", u32le:1234)");
		return APP_REDRAW;
	}
	return find_begin(a, backward);
}

/* True while a search is running. */
bool
find_running(const struct app *a)
{
	const struct find	*f = a->find;

	return f->search != NULL;
}

/* One slice of a running search (called every tick); APP_* bits. */
int
find_step(struct app *a)
{
	enum search_result	r;
	uint64_t		match = 0;
	bool			wrapped = false;
	struct find		*f = a->find;

	if (f->search == NULL)
		return 0;
	r = search_step(f->search, a->door, FIND_SLICE, &match, &wrapped);
	f->slices++;
	if (r == SEARCH_MORE) {
		/* Say so only once it takes long enough to notice. */
		if (f->slices >= 8)
			app_msg(a, APP_MSG_INFO, "searching %s: %.0f %% "
			    "(Esc cancels)", search_pattern_text(f->pattern),
			    100.0 * search_progress(f->search,
			    door_size(a->door)));
		return APP_REDRAW | APP_ACTIVE;
	}
	search_free(f->search);
	f->search = NULL;
	if (r == SEARCH_NONE) {
		app_msg(a, APP_MSG_WARN, "%s: not found",
		    search_pattern_text(f->pattern));
		return APP_REDRAW;
	}
	if (wrapped)
		app_msg(a, APP_MSG_WARN, "search wrapped around the %s: match "
		    "at 0x%llx", f->backward ? "start" : "end",
		    (unsigned long long)match);
	else
		app_msg(a, APP_MSG_INFO, "match at 0x%llx",
		    (unsigned long long)match);
	return app_jump(a, match) | APP_REDRAW | APP_RESNAP;
}

/* Esc: stop a running search. */
int
find_cancel(struct app *a)
{
	struct find	*f = a->find;

	if (f->search == NULL)
		return 0;
	app_msg(a, APP_MSG_INFO, "search cancelled at %.0f %%",
	    100.0 * search_progress(f->search, door_size(a->door)));
	search_free(f->search);
	f->search = NULL;
	return APP_REDRAW;
}

/* Mark in HIT the bytes of BUF covered by a match; false with no pattern. */
bool
find_mark(const struct app *a, const uint8_t *buf, size_t len, bool *hit)
{
	const struct find	*f = a->find;
	size_t			 plen;

	if (f->pattern == NULL)
		return false;
	memset(hit, 0, len);
	plen = search_pattern_len(f->pattern);
	for (size_t i = 0; i < len; i++)
		if (search_match_at(f->pattern, buf + i, len - i))
			for (size_t k = 0; k < plen && i + k < len; k++)
				hit[i + k] = true;
	return true;
}

/* Free the search state F. */
void
find_free(struct find *f)
{
	if (f == NULL)
		return;
	search_free(f->search);
	search_pattern_free(f->pattern);
	free(f);
}
