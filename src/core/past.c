/* SPDX-License-Identifier: ISC */
/*
 * past.c - the view's past frames, rebuilt from the change log (past.h).
 *
 * What it owns: the ranges the view's window watched, each from the
 * moment it started (a ring of PAST_SPANS, oldest dropped first), and
 * one frame's buffers (bytes, zero stamps, known flags), reused.
 *
 * Invariants:
 *  - Spans are in time order; span I was watched from spans[I].from
 *    until the next span's from (the newest: until now).
 *  - A byte is known at AT when every span watched at some moment after
 *    AT covers it, and the oldest of those started at or before AT: the
 *    set of known bytes is one interval, the intersection of the ranges.
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

/* The window looks at [OFF, OFF+LEN) from AT_MS on. */
void
past_watch(struct past *p, uint64_t off, uint64_t len, uint64_t at_ms)
{
	struct past_span	*s;

	if (p->n > 0) {
		const struct past_span	*last = past_span(p, p->n - 1);

		if (last->off == off && last->len == len)
			return;
	}
	if (p->n == PAST_SPANS) {
		p->first = (p->first + 1) % PAST_SPANS;
		p->n--;
	}
	s = &p->spans[(p->first + p->n) % PAST_SPANS];
	s->from = at_ms;
	s->off = off;
	s->len = len;
	p->n++;
}

/* The earliest moment that can be rebuilt from LOG. */
uint64_t
past_begin(const struct past *p, const struct changelog *log)
{
	struct changelog_entry	e;
	uint64_t		begin;
	size_t			n = changelog_count(log);

	if (p->n == 0)
		return UINT64_MAX;
	begin = past_span(p, 0)->from;
	/*
	 * Dropped entries are older than the oldest held, or as old: the
	 * state before it may need one of them undone.
	 */
	if (changelog_dropped(log) > 0 && n > 0 &&
	    changelog_get(log, n - 1, &e) && e.at_ms > begin)
		begin = e.at_ms;
	return begin;
}

/* True when E is a change with its old bytes touching [OFF, OFF+LEN). */
static bool
past_touches(const struct changelog_entry *e, uint64_t off, uint64_t len)
{
	return (e->kind == LIVE_BYTES || e->kind == LIVE_STORE) &&
	    e->old != NULL && e->off < off + len && off < e->off + e->len;
}

/* One frame back from AT for the window [OFF, OFF+LEN). */
bool
past_back(const struct past *p, const struct changelog *log, uint64_t off,
    uint64_t len, uint64_t at, uint64_t *to)
{
	struct changelog_entry	e;

	for (size_t i = 0; changelog_get(log, i, &e); i++) {
		if (e.at_ms > at || !past_touches(&e, off, len))
			continue;
		if (e.at_ms == 0 || e.at_ms - 1 < past_begin(p, log))
			return false;
		*to = e.at_ms - 1;
		return true;
	}
	return false;
}

/* One frame forward from AT. */
bool
past_forward(const struct past *p, const struct changelog *log,
    uint64_t off, uint64_t len, uint64_t at, uint64_t *to)
{
	struct changelog_entry	e;
	uint64_t		t1 = UINT64_MAX, t2 = UINT64_MAX;

	(void)p;
	/* The two earliest distinct moments of changes after AT. */
	for (size_t i = 0; changelog_get(log, i, &e) && e.at_ms > at; i++) {
		if (!past_touches(&e, off, len))
			continue;
		if (e.at_ms < t1) {
			if (t1 != UINT64_MAX)
				t2 = t1;
			t1 = e.at_ms;
		} else if (e.at_ms > t1 && e.at_ms < t2)
			t2 = e.at_ms;
	}
	if (t2 == UINT64_MAX)
		return false;
	*to = t2 - 1;
	return true;
}

/*
 * The bytes whose history is known at AT, as [*LO, *HI): the ranges
 * watched after AT, intersected; empty when watching began after AT.
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

/* The window's frame at AT from LIVE. */
const struct snap *
past_frame(struct past *p, const struct changelog *log, uint64_t at,
    const struct snap *live, const bool **known)
{
	struct changelog_entry	e;
	uint64_t		lo, hi, off = live->off;
	size_t			len = live->len;

	if (p->cap < len + 1) {
		p->cap = len + 1;
		p->bytes = xrealloc(p->bytes, p->cap);
		p->stamps = xrealloc(p->stamps, p->cap * sizeof *p->stamps);
		p->known = xrealloc(p->known, p->cap);
	}
	memcpy(p->bytes, live->bytes, len);
	memset(p->stamps, 0, len * sizeof *p->stamps);
	past_known_range(p, at, &lo, &hi);
	for (size_t i = 0; i < len; i++)
		p->known[i] = off + i >= lo && off + i < hi;
	/* Newest first: the oldest undone last, so its old bytes win. */
	for (size_t i = 0; changelog_get(log, i, &e) && e.at_ms > at; i++) {
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
