/* SPDX-License-Identifier: ISC */
/*
 * past.c - the view's past frames, rebuilt from the change log (past.h).
 *
 * What it owns: the ranges the view's window watched, each from the
 * moment it started (a ring of PAST_SPANS, oldest dropped first), the
 * log positions where looks began (a ring of PAST_MARKS, increasing),
 * and one frame's buffers (bytes, zero stamps, known flags), reused.
 *
 * Invariants:
 *  - Spans are in time order; span I was watched from spans[I].from
 *    until the next span's from (the newest: until now).
 *  - A byte is known at AT when every span watched at some moment after
 *    AT covers it, and the oldest of those started at or before AT: the
 *    set of known bytes is one interval, the intersection of the ranges.
 *  - Marks increase; a frame's position is always a mark (or live).
 *  - A frame only ever puts back bytes the log recorded as a window's
 *    or a store's old bytes; reports without bytes (the page map) and
 *    size changes are not undone, the coverage above decides instead.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "changelog.h"
#include "past.h"
#include "snap.h"
#include "xmalloc.h"

/* A range the window watched from FROM on. */
struct past_span {
	uint64_t	from, off, len;
};

/* The past of one window. */
struct past {
	struct past_span spans[PAST_SPANS];	/* circular, oldest at FIRST */
	size_t		 first, n;
	uint64_t	 marks[PAST_MARKS];	/* circular, oldest at MFIRST */
	size_t		 mfirst, mn;
	struct snap	 frame;			/* the last past_frame */
	uint8_t		*bytes;
	uint32_t	*stamps;		/* all 0: nothing fades */
	bool		*known;
	size_t		 cap;
};

/* A past with nothing watched yet. */
struct past *
past_new(void)
{
	return xcalloc(1, sizeof(struct past));
}

/* Free P. */
void
past_free(struct past *p)
{
	if (p == NULL)
		return;
	free(p->bytes);
	free(p->stamps);
	free(p->known);
	free(p);
}

/* Span I, 0 the oldest. */
static const struct past_span *
past_span(const struct past *p, size_t i)
{
	return &p->spans[(p->first + i) % PAST_SPANS];
}

/* Mark I, 0 the oldest. */
static uint64_t
past_mark(const struct past *p, size_t i)
{
	return p->marks[(p->mfirst + i) % PAST_MARKS];
}

/* The live frame's position: every entry LOG has taken. */
uint64_t
past_live(const struct changelog *log)
{
	return changelog_count(log) + changelog_dropped(log);
}

/* Entry number SEQ of LOG into *E; false when it is not held. */
static bool
past_entry(const struct changelog *log, uint64_t seq,
    struct changelog_entry *e)
{
	uint64_t	total = past_live(log);

	if (seq >= total || seq < changelog_dropped(log))
		return false;
	return changelog_get(log, (size_t)(total - 1 - seq), e);
}

/* A look is about to copy [OFF, OFF+LEN) at AT_MS for LOG. */
void
past_watch(struct past *p, const struct changelog *log, uint64_t off,
    uint64_t len, uint64_t at_ms)
{
	uint64_t	m = past_live(log);

	if (p->mn == 0 || past_mark(p, p->mn - 1) != m) {
		if (p->mn == PAST_MARKS) {
			p->mfirst = (p->mfirst + 1) % PAST_MARKS;
			p->mn--;
		}
		p->marks[(p->mfirst + p->mn) % PAST_MARKS] = m;
		p->mn++;
	}
	if (p->n > 0) {
		const struct past_span	*last = past_span(p, p->n - 1);

		if (last->off == off && last->len == len)
			return;
	}
	if (p->n == PAST_SPANS) {
		p->first = (p->first + 1) % PAST_SPANS;
		p->n--;
	}
	p->spans[(p->first + p->n) % PAST_SPANS] =
	    (struct past_span){ at_ms, off, len };
	p->n++;
}

/*
 * The index of the last mark <= Q (or, UP, the first mark > Q); false
 * when there is none.
 */
static bool
past_mark_near(const struct past *p, uint64_t q, bool up, size_t *at)
{
	size_t	lo = 0, hi = p->mn;

	/* The first mark > Q is at LO when the search ends. */
	while (lo < hi) {
		size_t	mid = lo + (hi - lo) / 2;

		if (past_mark(p, mid) <= q)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (up) {
		*at = lo;
		return lo < p->mn;
	}
	*at = lo - 1;
	return lo > 0;
}

/* When frame AT ended: the time of the first change it leaves out. */
uint64_t
past_when(const struct changelog *log, uint64_t at)
{
	struct changelog_entry	e;

	return past_entry(log, at, &e) ? e.at_ms : UINT64_MAX;
}

/* The time of the oldest frame that can be rebuilt from LOG. */
uint64_t
past_begin(const struct past *p, const struct changelog *log)
{
	uint64_t	d = changelog_dropped(log), t;
	size_t		i = 0;

	if (p->mn == 0)
		return UINT64_MAX;
	/* The oldest mark whose changes the log holds whole: the first >= D. */
	if (d > 0 && !past_mark_near(p, d - 1, true, &i))
		return UINT64_MAX;
	t = past_when(log, past_mark(p, i));
	if (p->n > 0 && t != UINT64_MAX && past_span(p, 0)->from > t)
		t = past_span(p, 0)->from;
	return t;
}

/* True when E is a change with its old bytes touching [OFF, OFF+LEN). */
static bool
past_touches(const struct changelog_entry *e, uint64_t off, uint64_t len)
{
	return (e->kind == LIVE_BYTES || e->kind == LIVE_STORE) &&
	    e->old != NULL && e->off < off + len && off < e->off + e->len;
}

/*
 * The number of the newest entry before AT (BACK) or the oldest at or
 * after AT touching [OFF, OFF+LEN) into *Q; false when none is held.
 */
static bool
past_find(const struct changelog *log, uint64_t off, uint64_t len,
    uint64_t at, bool back, uint64_t *q)
{
	struct changelog_entry	e;
	uint64_t		total = past_live(log);
	uint64_t		lo = changelog_dropped(log);

	if (back) {
		for (uint64_t s = at < total ? at : total; s-- > lo;)
			if (past_entry(log, s, &e) &&
			    past_touches(&e, off, len)) {
				*q = s;
				return true;
			}
		return false;
	}
	for (uint64_t s = at > lo ? at : lo; s < total; s++)
		if (past_entry(log, s, &e) && past_touches(&e, off, len)) {
			*q = s;
			return true;
		}
	return false;
}

/* One frame back from AT for the window [OFF, OFF+LEN). */
bool
past_back(const struct past *p, const struct changelog *log, uint64_t off,
    uint64_t len, uint64_t at, uint64_t *to)
{
	uint64_t	q;
	size_t		i;

	if (!past_find(log, off, len, at, true, &q) ||
	    !past_mark_near(p, q, false, &i))
		return false;
	/* The frame's changes must all be held, or it cannot be rebuilt. */
	if (past_mark(p, i) < changelog_dropped(log))
		return false;
	*to = past_mark(p, i);
	return true;
}

/* One frame forward from AT. */
bool
past_forward(const struct past *p, const struct changelog *log,
    uint64_t off, uint64_t len, uint64_t at, uint64_t *to)
{
	uint64_t	q;
	size_t		i;

	/* The next change, the end of its look, then the change after. */
	if (!past_find(log, off, len, at, false, &q) ||
	    !past_mark_near(p, q, true, &i) ||
	    !past_find(log, off, len, past_mark(p, i), false, &q) ||
	    !past_mark_near(p, q, false, &i))
		return false;
	*to = past_mark(p, i);
	return true;
}

/*
 * The bytes whose history is known at time AT, as [*LO, *HI): the
 * ranges watched after AT, intersected; empty when watching began after.
 */
static void
past_known_range(const struct past *p, uint64_t at, uint64_t *lo,
    uint64_t *hi)
{
	*lo = 0;
	*hi = UINT64_MAX;
	for (size_t i = p->n; i-- > 0;) {
		const struct past_span	*s = past_span(p, i);

		if (s->off > *lo)
			*lo = s->off;
		if (s->off + s->len < *hi)
			*hi = s->off + s->len;
		if (s->from <= at)
			return;
	}
	/* Watched only after AT (or never): nothing is known. */
	*lo = *hi = 0;
}

/* The window's frame AT from LIVE. */
const struct snap *
past_frame(struct past *p, const struct changelog *log, uint64_t at,
    const struct snap *live, const bool **known)
{
	struct changelog_entry	e;
	uint64_t		lo, hi, off = live->off, when;
	size_t			len = live->len;

	if (p->cap < len + 1) {
		p->cap = len + 1;
		p->bytes = xrealloc(p->bytes, p->cap);
		p->stamps = xrealloc(p->stamps, p->cap * sizeof *p->stamps);
		p->known = xrealloc(p->known, p->cap);
	}
	memcpy(p->bytes, live->bytes, len);
	memset(p->stamps, 0, len * sizeof *p->stamps);
	/* The frame held until just before its first change left out. */
	when = past_when(log, at);
	past_known_range(p, when == 0 ? 0 : when - 1, &lo, &hi);
	for (size_t i = 0; i < len; i++)
		p->known[i] = off + i >= lo && off + i < hi;
	/* Newest first: the oldest undone last, so its old bytes win. */
	for (uint64_t s = past_live(log); s-- > at && past_entry(log, s, &e);) {
		uint64_t	a, b;

		if (!past_touches(&e, off, len))
			continue;
		a = e.off > off ? e.off : off;
		b = e.off + e.len < off + len ? e.off + e.len : off + len;
		for (uint64_t o = a; o < b; o++) {
			if (o - e.off < e.kept)
				p->bytes[o - off] = e.old[o - e.off];
			else
				p->known[o - off] = false;	/* cut */
		}
	}
	p->frame = *live;
	p->frame.bytes = p->bytes;
	p->frame.changed_ms = p->stamps;
	*known = p->known;
	return &p->frame;
}
