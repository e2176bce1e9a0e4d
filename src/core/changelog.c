/* SPDX-License-Identifier: ISC */
/*
 * changelog.c - the most recent changes of a session in a bounded ring
 * (changelog.h).
 *
 * What it owns: one byte ring of CAP bytes holding entries back to back
 * (a fixed header, then the kept old bytes, then the kept new bytes,
 * rounded up to 8), and a deque of the entries' offsets in order, oldest
 * first, so that entry I is found without walking the ring.
 *
 * Invariants:
 *  - Entries occupy the ring circularly from the oldest's offset (the
 *    tail) to the end of the newest (HEAD); an entry never wraps: when it
 *    does not fit before the end, it goes to offset 0 and the end is left
 *    over until the ring comes round.
 *  - Room is made by dropping the oldest entries only, so what is held
 *    is always the most recent changes, in order, with no gap.
 *  - No entry is bigger than a quarter of the ring (its bytes are cut).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "changelog.h"
#include "xmalloc.h"

/* An entry's header in the ring. */
struct changelog_hdr {
	uint64_t	at_ms, off, len;
	uint64_t	old_size, new_size;
	uint32_t	kept;
	uint8_t		kind, source, has_old, has_new;
};

/* The log. */
struct changelog {
	uint8_t		*ring;
	size_t		 cap;
	size_t		 head;		/* end of the newest entry */
	size_t		*idx;		/* entry offsets, circular */
	size_t		 icap, ifirst, count;
	uint64_t	 dropped;
	struct live	*live;
	int		 sub;
};

/* N rounded up to 8. */
static size_t
changelog_round(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/* A log in a ring of BYTES bytes. */
struct changelog *
changelog_new(size_t bytes)
{
	struct changelog	*c = xcalloc(1, sizeof *c);

	if (bytes == 0)
		bytes = CHANGELOG_DEFAULT;
	if (bytes < CHANGELOG_MIN)
		bytes = CHANGELOG_MIN;
	c->cap = changelog_round(bytes);
	c->ring = xmalloc(c->cap);
	c->icap = 64;
	c->idx = xmalloc(c->icap * sizeof *c->idx);
	return c;
}

/* Free. */
void
changelog_free(struct changelog *c)
{
	if (c == NULL)
		return;
	changelog_detach(c);
	free(c->ring);
	free(c->idx);
	free(c);
}

/* The subscriber. */
static void
changelog_event(const struct live_event *ev, void *arg)
{
	changelog_add(arg, ev);
}

/* Listen to L. */
void
changelog_attach(struct changelog *c, struct live *l)
{
	changelog_detach(c);
	c->live = l;
	c->sub = live_subscribe(l, changelog_event, c);
}

/* Stop listening. */
void
changelog_detach(struct changelog *c)
{
	if (c->live != NULL)
		live_unsubscribe(c->live, c->sub);
	c->live = NULL;
}

/* Drop the oldest entry. */
static void
changelog_drop(struct changelog *c)
{
	c->ifirst = (c->ifirst + 1) % c->icap;
	c->count--;
	c->dropped++;
	if (c->count == 0)
		c->head = 0;
}

/* Append OFF to the deque, growing it when full. */
static void
changelog_push(struct changelog *c, size_t off)
{
	size_t	*n;

	if (c->count == c->icap) {
		n = xmalloc(2 * c->icap * sizeof *n);
		for (size_t i = 0; i < c->count; i++)
			n[i] = c->idx[(c->ifirst + i) % c->icap];
		free(c->idx);
		c->idx = n;
		c->icap *= 2;
		c->ifirst = 0;
	}
	c->idx[(c->ifirst + c->count) % c->icap] = off;
	c->count++;
}

/* Room for N bytes: where they go, after dropping what they cover. */
static size_t
changelog_room(struct changelog *c, size_t n)
{
	size_t	head = c->head, p, s;

	p = head + n <= c->cap ? head : 0;
	while (c->count > 0) {
		s = c->idx[c->ifirst];
		/*
		 * At HEAD: only entries ahead of it (the ring has come round)
		 * that the new one covers.  At 0 (a wrap): every entry from
		 * HEAD to the end (older than those at the start), then those
		 * at the start it covers.
		 */
		if (p == head ? (s >= head && s < head + n) :
		    (s >= head || s < n))
			changelog_drop(c);
		else
			break;
	}
	return p;
}

/* Add one change. */
void
changelog_add(struct changelog *c, const struct live_event *ev)
{
	struct changelog_hdr	 h;
	size_t			 kept = 0, max, n, p;

	if (ev->kind != LIVE_BYTES && ev->kind != LIVE_STORE &&
	    ev->kind != LIVE_SIZE)
		return;
	memset(&h, 0, sizeof h);
	h.kind = (uint8_t)ev->kind;
	h.source = (uint8_t)ev->source;
	h.at_ms = ev->at_ms;
	h.off = ev->off;
	h.len = ev->len;
	h.old_size = ev->old_size;
	h.new_size = ev->new_size;
	h.has_old = ev->kind != LIVE_SIZE && ev->old != NULL;
	h.has_new = ev->kind != LIVE_SIZE && ev->new != NULL;
	if (h.has_old || h.has_new) {
		max = (c->cap / 4 - sizeof h) / 2;
		kept = ev->len > max ? max : (size_t)ev->len;
	}
	h.kept = (uint32_t)kept;
	n = changelog_round(sizeof h + 2 * kept);
	p = changelog_room(c, n);
	memcpy(c->ring + p, &h, sizeof h);
	if (h.has_old)
		memcpy(c->ring + p + sizeof h, ev->old, kept);
	if (h.has_new)
		memcpy(c->ring + p + sizeof h + kept, ev->new, kept);
	c->head = p + n;
	changelog_push(c, p);
}

/* Entries held. */
size_t
changelog_count(const struct changelog *c)
{
	return c->count;
}

/* Entries dropped. */
uint64_t
changelog_dropped(const struct changelog *c)
{
	return c->dropped;
}

/* Bytes in use. */
size_t
changelog_used(const struct changelog *c)
{
	size_t	tail;

	if (c->count == 0)
		return 0;
	tail = c->idx[c->ifirst];
	if (tail < c->head)
		return c->head - tail;
	/* Come round: the tail to the end (with what is left over there). */
	return c->cap - tail + c->head;
}

/* The ring's size. */
size_t
changelog_capacity(const struct changelog *c)
{
	return c->cap;
}

/* Entry I, newest first. */
bool
changelog_get(const struct changelog *c, size_t i,
    struct changelog_entry *e)
{
	struct changelog_hdr	 h;
	size_t			 off;
	const uint8_t		*p;

	if (i >= c->count)
		return false;
	off = c->idx[(c->ifirst + c->count - 1 - i) % c->icap];
	memcpy(&h, c->ring + off, sizeof h);
	p = c->ring + off + sizeof h;
	memset(e, 0, sizeof *e);
	e->kind = (enum live_kind)h.kind;
	e->source = (enum live_source)h.source;
	e->at_ms = h.at_ms;
	e->off = h.off;
	e->len = h.len;
	e->kept = h.kept;
	e->old = h.has_old ? p : NULL;
	e->new = h.has_new ? p + h.kept : NULL;
	e->old_size = h.old_size;
	e->new_size = h.new_size;
	return true;
}

/* Forget every entry. */
void
changelog_clear(struct changelog *c)
{
	c->count = 0;
	c->ifirst = 0;
	c->head = 0;
}
