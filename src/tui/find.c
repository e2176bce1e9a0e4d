/* SPDX-License-Identifier: ISC */
/*
 * find.c - searching from the viewer: the / prompt, n and N, progress.
 *
 * The engine is the core's (search.c); this file holds the one pattern
 * and the one running search of the viewer (struct find, opaque: the app
 * holds it from find_new to find_free), and turns their results into
 * messages and news (enum find_news); the app makes a match a jump.  It
 * never sees struct app: the door, the starting offset and the status
 * line are handed in, so it sits below the app (no include circle).  A search never blocks the loop: find_step() scans a
 * bounded slice per tick (FIND_SLICE bytes, about a millisecond at the
 * engine's speed), so keys, redraws and the live view go on meanwhile and
 * Esc cancels.  Progress shows in the status line for searches that take
 * more than a moment.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "door.h"
#include "find.h"
#include "search.h"
#include "status.h"
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

/* Say FMT on the status line ST (printf-style). */
static void __attribute__((format(printf, 3, 4)))
find_say(struct status *st, enum status_kind kind, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	status_vmsg(st, kind, fmt, ap);
	va_end(ap);
}

/* Start a search for the current pattern from FROM. */
static enum find_news
find_begin(struct find *f, bool backward, struct door *d, uint64_t from,
    struct status *st, uint64_t *match)
{
	search_free(f->search);
	f->search = search_start(f->pattern, from, backward);
	f->backward = backward;
	f->slices = 0;
	return find_step(f, d, st, match);
}

/* The / prompt was entered with TEXT: parse it and search forward. */
enum find_news
find_start(struct find *f, const char *text, struct door *d, uint64_t from,
    struct status *st, uint64_t *match)
{
	struct search_pattern	*p;
	size_t			 col = 0;
	char			*cause = NULL;

	if (*text == '\0')
		return find_again(f, false, d, from, st, match);
	p = search_parse(text, &col, &cause);
	if (p == NULL) {
		/* The cause names the column; COL is for the prompt's caret. */
		(void)col;
		find_say(st, STATUS_ERROR, "/%s: %s", text, cause);
		free(cause);
		return FIND_SAID;
	}
	search_pattern_free(f->pattern);
	f->pattern = p;
	return find_begin(f, false, d, from, st, match);
}

/* n (forward) or N (BACKWARD): the next match of the last pattern. */
enum find_news
find_again(struct find *f, bool backward, struct door *d, uint64_t from,
    struct status *st, uint64_t *match)
{
	if (f->pattern == NULL) {
		find_say(st, STATUS_INFO, "no pattern yet: / searches (hex "
		    "de ad ?? ef, \"text\", i\"text\", u32le:1234)");
		return FIND_SAID;
	}
	return find_begin(f, backward, d, from, st, match);
}

/* True while a search is running. */
bool
find_running(const struct find *f)
{
	return f->search != NULL;
}

/* One slice of a running search (called every tick). */
enum find_news
find_step(struct find *f, struct door *d, struct status *st,
    uint64_t *match)
{
	enum search_result	r;
	uint64_t		at = 0;
	bool			wrapped = false;

	if (f->search == NULL)
		return FIND_QUIET;
	r = search_step(f->search, d, FIND_SLICE, &at, &wrapped);
	f->slices++;
	if (r == SEARCH_MORE) {
		/* Say so only once it takes long enough to notice. */
		if (f->slices >= 8)
			find_say(st, STATUS_INFO, "searching %s: %.0f %% "
			    "(Esc cancels)", search_pattern_text(f->pattern),
			    100.0 * search_progress(f->search,
			    door_size(d)));
		return FIND_BUSY;
	}
	search_free(f->search);
	f->search = NULL;
	if (r == SEARCH_NONE) {
		find_say(st, STATUS_WARN, "%s: not found",
		    search_pattern_text(f->pattern));
		return FIND_SAID;
	}
	if (wrapped)
		find_say(st, STATUS_WARN, "search wrapped around the %s: "
		    "match at 0x%llx", f->backward ? "start" : "end",
		    (unsigned long long)at);
	else
		find_say(st, STATUS_INFO, "match at 0x%llx",
		    (unsigned long long)at);
	*match = at;
	return FIND_MATCH;
}

/* Esc: stop a running search (FIND_QUIET when none was running). */
enum find_news
find_cancel(struct find *f, struct door *d, struct status *st)
{
	if (f->search == NULL)
		return FIND_QUIET;
	find_say(st, STATUS_INFO, "search cancelled at %.0f %%",
	    100.0 * search_progress(f->search, door_size(d)));
	search_free(f->search);
	f->search = NULL;
	return FIND_SAID;
}

/* Mark in HIT the bytes of BUF covered by a match; false with no pattern. */
bool
find_mark(const struct find *f, const uint8_t *buf, size_t len, bool *hit)
{
	size_t	plen;

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
