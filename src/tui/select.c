/* SPDX-License-Identifier: ISC */
/*
 * select.c - the selection: an anchor, the range it makes with the
 * cursor, and the sums the inspector shows of it.
 *
 * The range is never stored: it is computed from the anchor and the
 * cursor each time, so every motion (keys, mouse, a jump) extends it
 * without telling this module, and a file that shrank clamps it.  The
 * sums are kept with the range they were made for; select_refresh makes
 * them again only when the range moved or the caller says the bytes may
 * have changed.  Reads are pread copies through the door in pieces of
 * SELECT_PIECE (door_scan_copy), so a selection of gigabytes costs one
 * buffer and faults no page of the mapping in; past SELECT_SUM_MAX the
 * sums are skipped rather than stall the viewer.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "bytes.h"
#include "door.h"
#include "select.h"
#include "status.h"
#include "xmalloc.h"
#include "yankfmt.h"

/* Bytes read with one pread. */
#define SELECT_PIECE	((size_t)64 << 10)

struct select {
	bool		 active;
	uint64_t	 anchor;	/* where v was pressed */
	unsigned char	*buf;		/* SELECT_PIECE bytes, made on use */
	struct select_sum sum;		/* for sum.start, sum.len */
	bool		 have_sum;	/* sum holds a range */
};

/* A selection, not active. */
struct select *
select_new(void)
{
	return xcalloc(1, sizeof(struct select));
}

/* Free S. */
void
select_free(struct select *s)
{
	if (s == NULL)
		return;
	free(s->buf);
	free(s);
}

/* v: start selecting at AT (the cursor). */
void
select_start(struct select *s, uint64_t at)
{
	s->active = true;
	s->anchor = at;
	s->have_sum = false;
}

/* Esc, a yank, a write: no selection any more. */
void
select_end(struct select *s)
{
	s->active = false;
	s->have_sum = false;
}

/* True while a selection is active. */
bool
select_active(const struct select *s)
{
	return s->active;
}

/* The range from the anchor to CURSOR clamped to SIZE; false if none. */
bool
select_range(const struct select *s, uint64_t cursor, uint64_t size,
    uint64_t *start, uint64_t *len)
{
	uint64_t	lo, hi;

	if (!s->active || size == 0)
		return false;
	lo = s->anchor < cursor ? s->anchor : cursor;
	hi = s->anchor < cursor ? cursor : s->anchor;
	if (lo >= size)
		lo = size - 1;
	if (hi >= size)
		hi = size - 1;
	*start = lo;
	*len = hi - lo + 1;
	return true;
}

/* True when OFF is inside the active range ending at CURSOR. */
bool
select_has(const struct select *s, uint64_t cursor, uint64_t off)
{
	uint64_t	lo, hi;

	if (!s->active)
		return false;
	lo = s->anchor < cursor ? s->anchor : cursor;
	hi = s->anchor < cursor ? cursor : s->anchor;
	return off >= lo && off <= hi;
}

/* Where select_read's pieces go: the output and the range's start. */
struct select_copy {
	unsigned char	*out;
	uint64_t	 start;
};

/* door_scan_fn: copy one piece into place (pure: a memcpy). */
static void
select_copy_piece(const unsigned char *p, size_t n, uint64_t off, void *arg)
{
	struct select_copy	*c = arg;

	memcpy(c->out + (off - c->start), p, n);
}

/* The piece buffer, made on first use. */
static unsigned char *
select_buf(struct select *s)
{
	if (s->buf == NULL)
		s->buf = xmalloc(SELECT_PIECE);
	return s->buf;
}

/* Copy [START, START+LEN) into OUT by pread in pieces; the bytes copied. */
size_t
select_read(struct select *s, struct door *d, uint64_t start, size_t len,
    unsigned char *out)
{
	struct select_copy	c = { out, start };

	return door_scan_copy(d, start, len, select_buf(s), SELECT_PIECE,
	    select_copy_piece, &c).valid;
}

/* What select_sum_piece adds to. */
struct select_acc {
	XXH3_state_t	*xxh;
	uint32_t	 crc;
	uint64_t	 start;
	unsigned char	*head;
};

/* door_scan_fn: add one piece to the sums (pure computation). */
static void
select_sum_piece(const unsigned char *p, size_t n, uint64_t off, void *arg)
{
	struct select_acc	*a = arg;

	XXH3_64bits_update(a->xxh, p, n);
	a->crc = yankfmt_crc32(a->crc, p, n);
	for (size_t i = 0; off + i < a->start + 8 && i < n; i++)
		a->head[off - a->start + i] = p[i];
}

/* Recompute the sums for the range ending at CURSOR if it moved or FORCE. */
bool
select_refresh(struct select *s, struct door *d, uint64_t cursor, bool force)
{
	struct select_acc	a;
	struct select_sum	n;
	struct door_copy	c;

	memset(&n, 0, sizeof n);
	if (!select_range(s, cursor, door_size(d), &n.start, &n.len)) {
		s->have_sum = false;
		return false;
	}
	if (s->have_sum && !force && s->sum.start == n.start &&
	    s->sum.len == n.len)
		return false;
	if (n.len <= SELECT_SUM_MAX) {
		a.xxh = XXH3_createState();
		if (a.xxh == NULL)
			abort();
		XXH3_64bits_reset(a.xxh);
		a.crc = 0;
		a.start = n.start;
		a.head = n.head;
		c = door_scan_copy(d, n.start, (size_t)n.len, select_buf(s),
		    SELECT_PIECE, select_sum_piece, &a);
		n.summed = true;
		n.short_read = c.valid < n.len;
		n.xxh3 = XXH3_64bits_digest(a.xxh);
		n.crc32 = a.crc;
		XXH3_freeState(a.xxh);
	}
	if (s->have_sum && memcmp(&n, &s->sum, sizeof n) == 0)
		return false;
	s->sum = n;
	s->have_sum = true;
	return true;
}

/* :fill's bytes: SPEC repeated over LEN bytes; NULL with a message. */
unsigned char *
select_pattern(const char *spec, uint64_t len, struct status *st)
{
	struct bytes	 b;
	char		*cause = NULL;
	unsigned char	*out;

	if (len > SELECT_FILL_MAX) {
		status_msg(st, STATUS_ERROR, ":fill fills at most %llu MiB "
		    "(its undo keeps every byte): the selection is %llu "
		    "bytes", (unsigned long long)(SELECT_FILL_MAX >> 20),
		    (unsigned long long)len);
		return NULL;
	}
	if (bytes_parse(spec, 0, &b, NULL, &cause) == -1) {
		status_msg(st, STATUS_ERROR, ":fill: %s", cause);
		free(cause);
		return NULL;
	}
	out = xmalloc(len > 0 ? (size_t)len : 1);
	for (size_t i = 0; i < len; i += b.len)
		memcpy(out + i, b.val, len - i < b.len ? (size_t)(len - i) :
		    b.len);
	bytes_free(&b);
	return out;
}

/* The last sums (select_refresh), or NULL when not active. */
const struct select_sum *
select_sums(const struct select *s)
{
	return s->active && s->have_sum ? &s->sum : NULL;
}
