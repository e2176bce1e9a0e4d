/* SPDX-License-Identifier: ISC */
/*
 * snap.c - snapshots of the visible window and change detection.
 *
 * State: the live copy of the window (what the source held at the last
 * tick) with a change timestamp per byte, and a published copy that the
 * view draws.  Each tick copies the window into a scratch buffer through
 * the door (the one place the mapping is read), compares it with the live
 * copy where the two windows overlap, stamps the bytes that differ, then
 * swaps scratch and live.  Unless frozen, the live state is then published
 * if it differs from what was last published.
 *
 * Why the window may move between ticks: the user scrolls.  Bytes that were
 * on screen before and still are keep their stamps; bytes that scrolled in
 * have no history and are not "changed".  Bytes that appear because the
 * source grew are changes (someone appended them).
 *
 * Cost per tick for a 4 KiB window: one fstat, one memcpy, one memcmp.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "door.h"
#include "snap.h"
#include "xmalloc.h"

/* One copy of a window with its per-byte stamps. */
struct snap_buf {
	uint64_t	 off;		/* file offset of bytes[0] */
	size_t		 len;		/* valid bytes */
	size_t		 want;		/* window length asked for */
	uint64_t	 size;		/* source size at the copy */
	uint32_t	 at;		/* when the copy was made (ms) */
	size_t		 cap;		/* allocated bytes */
	uint8_t		*bytes;
	uint32_t	*changed_ms;
};

struct snapper {
	struct snap_buf	 live;		/* last copy, compared each tick */
	struct snap_buf	 scratch;	/* the copy being made */
	struct snap_buf	 pub;		/* published: the view draws this */
	struct snap	 snap;		/* const view of pub */
	bool		 have_live;	/* a first copy exists */
	bool		 compared;	/* scratch holds the copy the last
					   tick compared live with */
	bool		 touched;	/* bump gen at the next publish */
	bool		 live_fresh;	/* the live copy has bytes changed on
					   its own tick */
	bool		 pub_fresh;	/* so has the published one: publish
					   again once they are no longer fresh */
	uint64_t	 changes;	/* runs of changed bytes ever seen */
	uint32_t	 last_change;	/* ms of the last change, 0 never */
	int		 error;		/* the last tick's copy failed: errno */
	uint64_t	 error_at;	/* where it stopped */
};

/* Make B able to hold LEN bytes. */
static void
snap_buf_reserve(struct snap_buf *b, size_t len)
{
	/* Never NULL, even for an empty window: memcpy(NULL, ..., 0) is UB. */
	if (len == 0)
		len = 1;
	if (len <= b->cap)
		return;
	b->bytes = xrealloc(b->bytes, len);
	b->changed_ms = xrealloc(b->changed_ms, len * sizeof *b->changed_ms);
	b->cap = len;
}

/* Copy SRC's contents into DST (SRC has been reserved, so never NULL). */
static void
snap_buf_copy(struct snap_buf *dst, const struct snap_buf *src)
{
	snap_buf_reserve(dst, src->len);
	dst->off = src->off;
	dst->len = src->len;
	dst->want = src->want;
	dst->size = src->size;
	dst->at = src->at;
	memcpy(dst->bytes, src->bytes, src->len);
	memcpy(dst->changed_ms, src->changed_ms,
	    src->len * sizeof *src->changed_ms);
}

/* True when A and B show the same thing. */
static bool
snap_buf_equal(const struct snap_buf *a, const struct snap_buf *b)
{
	return a->off == b->off && a->len == b->len && a->want == b->want &&
	    a->size == b->size && memcmp(a->bytes, b->bytes, a->len) == 0 &&
	    memcmp(a->changed_ms, b->changed_ms,
	    a->len * sizeof *a->changed_ms) == 0;
}

/* A new snapper; nothing is copied until the first tick. */
struct snapper *
snapper_new(void)
{
	struct snapper	*s = xcalloc(1, sizeof *s);

	s->snap.bytes = s->pub.bytes;
	s->snap.changed_ms = s->pub.changed_ms;
	return s;
}

/* Free a snapper; NULL is ignored. */
void
snapper_free(struct snapper *s)
{
	struct snap_buf	*bufs[3];

	if (s == NULL)
		return;
	bufs[0] = &s->live;
	bufs[1] = &s->scratch;
	bufs[2] = &s->pub;
	for (int i = 0; i < 3; i++) {
		free(bufs[i]->bytes);
		free(bufs[i]->changed_ms);
	}
	free(s);
}

/*
 * Stamp the bytes of NEW that differ from OLD where the windows overlap,
 * carrying OLD's stamps over for the rest; returns runs of changed bytes.
 */
static uint64_t
snap_compare(struct snap_buf *nb, const struct snap_buf *ob, uint32_t now)
{
	uint64_t	lo, hi, old_end, runs = 0;
	bool		in_run = false;

	memset(nb->changed_ms, 0, nb->len * sizeof *nb->changed_ms);
	/* Overlap of the two windows' valid bytes, in file offsets. */
	old_end = ob->off + ob->len;
	lo = nb->off > ob->off ? nb->off : ob->off;
	hi = nb->off + nb->len < old_end ? nb->off + nb->len : old_end;
	for (uint64_t o = lo; o < hi; o++) {
		size_t	ni = (size_t)(o - nb->off), oi = (size_t)(o - ob->off);

		if (nb->bytes[ni] != ob->bytes[oi]) {
			nb->changed_ms[ni] = now;
			if (!in_run)
				runs++;
			in_run = true;
		} else {
			nb->changed_ms[ni] = ob->changed_ms[oi];
			in_run = false;
		}
	}
	/*
	 * Bytes that were past the old end of the source but inside the old
	 * window were appended by someone: they count as changed.
	 */
	if (ob->size < nb->size && nb->off == ob->off && nb->len > ob->len) {
		size_t	from = ob->len, to = nb->len;

		if (to > ob->want)
			to = ob->want;
		for (size_t i = from; i < to; i++)
			nb->changed_ms[i] = now;
		if (to > from)
			runs++;
	}
	return runs;
}

/* Publish the live state if it differs; SNAP_PUBLISHED (| SNAP_AGED) or 0. */
int
snapper_publish(struct snapper *s)
{
	if (!s->have_live)
		return 0;
	if (!s->touched && s->snap.gen != 0 && !s->pub_fresh &&
	    snap_buf_equal(&s->pub, &s->live))
		return 0;
	/* Republishing only to age "changed on the last tick": once. */
	if (!s->touched && s->pub_fresh && !s->live_fresh &&
	    snap_buf_equal(&s->pub, &s->live)) {
		s->pub.at = s->live.at;
		s->snap.at = s->pub.at;
		s->pub_fresh = false;
		s->snap.gen++;
		return SNAP_PUBLISHED | SNAP_AGED;
	}
	s->pub_fresh = s->live_fresh;
	snap_buf_copy(&s->pub, &s->live);
	s->snap.off = s->pub.off;
	s->snap.len = s->pub.len;
	s->snap.want = s->pub.want;
	s->snap.size = s->pub.size;
	s->snap.at = s->pub.at;
	s->snap.bytes = s->pub.bytes;
	s->snap.changed_ms = s->pub.changed_ms;
	s->snap.gen++;
	s->touched = false;
	return SNAP_PUBLISHED;
}

/* Copy the window, compare, and publish unless FROZEN; SNAP_* bits. */
int
snapper_tick(struct snapper *s, struct door *d, uint64_t off, size_t len,
    uint32_t now_ms, bool frozen)
{
	struct snap_buf		*nb = &s->scratch, tmp;
	struct door_copy	 c;
	uint64_t		 runs;
	int			 bits = 0;

	snap_buf_reserve(nb, len);
	c = door_read(d, off, nb->bytes, len);
	s->error = c.error;
	s->error_at = off + c.valid;
	nb->off = off;
	nb->want = len;
	nb->len = c.valid;
	nb->size = door_size(d);
	nb->at = now_ms;
	if (s->have_live) {
		if (nb->size < s->live.size)
			bits |= SNAP_SHRANK;
		else if (nb->size > s->live.size)
			bits |= SNAP_GREW;
		runs = snap_compare(nb, &s->live, now_ms);
		s->live_fresh = runs > 0;
		if (runs > 0) {
			s->changes += runs;
			s->last_change = now_ms;
			bits |= SNAP_CHANGED;
		}
	} else
		memset(nb->changed_ms, 0, nb->len * sizeof *nb->changed_ms);
	s->compared = s->have_live;
	tmp = s->live;
	s->live = *nb;
	*nb = tmp;
	s->have_live = true;
	if (!frozen)
		bits |= snapper_publish(s);
	return bits;
}

/* View B as a struct snap (no generation: not a published snapshot). */
static void
snap_buf_view(const struct snap_buf *b, struct snap *out)
{
	out->off = b->off;
	out->len = b->len;
	out->want = b->want;
	out->size = b->size;
	out->at = b->at;
	out->bytes = b->bytes;
	out->changed_ms = b->changed_ms;
	out->gen = 0;
}

/* The copies the last tick compared (scratch is the one before). */
bool
snapper_compared(const struct snapper *s, struct snap *was, struct snap *now)
{
	if (!s->compared)
		return false;
	/* Why scratch: the tick swaps its new copy with the live one. */
	snap_buf_view(&s->scratch, was);
	snap_buf_view(&s->live, now);
	return true;
}

/* Why the last tick's copy failed (errno), or 0; see snap.h. */
int
snapper_error(const struct snapper *s, uint64_t *at)
{
	if (at != NULL)
		*at = s->error_at;
	return s->error;
}

/* The published snapshot; valid until the next tick or publish. */
const struct snap *
snapper_snap(const struct snapper *s)
{
	return &s->snap;
}

/* Runs of changed bytes seen since the snapper was made. */
uint64_t
snapper_changes(const struct snapper *s)
{
	return s->changes;
}

/* When the last external change was seen (ms), 0 for never. */
uint32_t
snapper_last_change(const struct snapper *s)
{
	return s->last_change;
}

/* Force the next publish to bump the generation (e.g. after a resize). */
void
snapper_touch(struct snapper *s)
{
	s->touched = true;
}

/* Put our own store into B without a stamp; true if B covers any of it. */
static bool
snap_buf_note(struct snap_buf *b, uint64_t off, const uint8_t *bytes,
    size_t len)
{
	bool	hit = false;

	for (size_t i = 0; i < len; i++) {
		uint64_t	o = off + i;

		if (o >= b->off && o - b->off < b->len) {
			b->bytes[o - b->off] = bytes[i];
			b->changed_ms[o - b->off] = 0;
			hit = true;
		}
	}
	return hit;
}

/* Take our own store of LEN bytes at OFF into the copies, unstamped. */
void
snapper_note_store(struct snapper *s, uint64_t off, const uint8_t *bytes,
    size_t len)
{
	if (!s->have_live)
		return;
	snap_buf_note(&s->live, off, bytes, len);
	if (snap_buf_note(&s->pub, off, bytes, len))
		s->snap.gen++;
}
