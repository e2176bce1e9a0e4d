/* SPDX-License-Identifier: ISC */
/*
 * scan.c - successive scans that narrow a set of candidate offsets.
 *
 * Two forms of the same set (scan.h): while most aligned offsets are
 * candidates, a bitmap with one bit per slot (slot i is base + i * width)
 * and a dense array of every slot's last value; after a step that leaves
 * a list of (offset, value) smaller than that, the list.  A step works in
 * place with a cursor: in the bitmap form it reads the range piece by
 * piece (door_scan_copy: pread into our buffer, so a hole is read as
 * zeros and never filled) and clears the bits of slots that fail; in the
 * list form it reads each candidate (door_read) and compacts the list.
 * So memory never grows during a step, and a cancel leaves a consistent
 * set: examined candidates judged, the others as they were.
 *
 * The piece callback runs under the door's guard: it only computes over
 * the bytes and writes into the scan's own arrays, as door.h requires.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "door.h"
#include "scan.h"
#include "xmalloc.h"

/* A scan; see scan.h. */
struct scan {
	struct value_type	 t;
	unsigned		 w;		/* t.width */
	uint64_t		 base;		/* the first aligned offset */
	uint64_t		 nslots;
	uint64_t		*bits;		/* bitmap form, or NULL */
	uint8_t			*vals;		/* nslots * w, bitmap form */
	uint64_t		*offs;		/* list form */
	uint8_t			(*lvals)[8];
	uint64_t		 nlist;
	uint64_t		 count;		/* candidates */
	unsigned		 steps;
	bool			 running;
	enum scan_op		 op;
	uint8_t			 v[8];		/* V for EQ NE LT GT */
	uint64_t		 cursor;	/* next slot or list index */
	uint64_t		 wr;		/* list: next index to keep */
	unsigned char		*buf;		/* SCAN_PIECE bytes */
};

/* The bytes at P as a number of S's type: *u, *i or *f. */
static void
scan_decode(const struct scan *s, const uint8_t *p, uint64_t *u, int64_t *i,
    double *f)
{
	uint64_t	x = 0;
	uint32_t	x32;
	float		f32;

	for (unsigned k = 0; k < s->w; k++)
		x |= (uint64_t)p[s->t.big ? s->w - 1 - k : k] << (8 * k);
	*u = x;
	if (s->w < 8 && (x >> (8 * s->w - 1)) != 0)
		*i = (int64_t)(x | ~(uint64_t)0 << (8 * s->w));
	else
		*i = (int64_t)x;
	if (s->w == 4) {
		x32 = (uint32_t)x;
		memcpy(&f32, &x32, sizeof f32);
		*f = f32;
	} else
		memcpy(f, &x, sizeof *f);
}

/* Compare A with B as S's type: -1, 0, 1, or 2 when unordered (NaN). */
static int
scan_cmp(const struct scan *s, const uint8_t *a, const uint8_t *b)
{
	uint64_t	ua, ub;
	int64_t		ia, ib;
	double		fa, fb;

	scan_decode(s, a, &ua, &ia, &fa);
	scan_decode(s, b, &ub, &ib, &fb);
	switch (s->t.kind) {
	case VALUE_UINT:
		return ua < ub ? -1 : ua > ub;
	case VALUE_INT:
		return ia < ib ? -1 : ia > ib;
	default:
		return fa < fb ? -1 : fa > fb ? 1 : fa == fb ? 0 : 2;
	}
}

/* Whether a candidate whose value is NOW (was PREV) stays. */
static bool
scan_keep(const struct scan *s, const uint8_t *now, const uint8_t *prev)
{
	switch (s->op) {
	case SCAN_ANY:
		return true;
	case SCAN_EQ:
		/* An integer is equal exactly when its bytes are (no decode);
		   a float is not (-0 == 0, NaN != NaN). */
		if (s->t.kind != VALUE_FLOAT)
			return memcmp(now, s->v, s->w) == 0;
		return scan_cmp(s, now, s->v) == 0;
	case SCAN_NE:
		if (s->t.kind != VALUE_FLOAT)
			return memcmp(now, s->v, s->w) != 0;
		return scan_cmp(s, now, s->v) != 0;
	case SCAN_LT:
		return scan_cmp(s, now, s->v) == -1;
	case SCAN_GT:
		return scan_cmp(s, now, s->v) == 1;
	case SCAN_CHANGED:
		return memcmp(now, prev, s->w) != 0;
	case SCAN_UNCHANGED:
		return memcmp(now, prev, s->w) == 0;
	case SCAN_INCREASED:
		return scan_cmp(s, now, prev) == 1;
	default:
		return scan_cmp(s, now, prev) == -1;
	}
}

/* A scan of TYPE over [off, off+len); see scan.h. */
struct scan *
scan_new(const struct value_type *type, uint64_t off, uint64_t len,
    char **cause)
{
	struct scan	*s;
	uint64_t	 w = type->width, base, end;

	base = off % w == 0 ? off : off + (w - off % w);
	end = len > UINT64_MAX - off ? UINT64_MAX : off + len;
	if (base < off || base >= end || end - base < w) {
		cause_set(cause, "no %s fits in %llu bytes from offset %#llx "
		    "(each is %u bytes, at a multiple of %u)", type->name,
		    (unsigned long long)len, (unsigned long long)off,
		    type->width, type->width);
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->t = *type;
	s->w = type->width;
	s->base = base;
	s->nslots = (end - base) / w;
	s->count = s->nslots;
	return s;
}

/* Free S; see scan.h. */
void
scan_free(struct scan *s)
{
	if (s == NULL)
		return;
	free(s->bits);
	free(s->vals);
	free(s->offs);
	free(s->lvals);
	free(s->buf);
	free(s);
}

/* Start a step; see scan.h. */
int
scan_begin(struct scan *s, enum scan_op op, const char *value, char **cause)
{
	bool	needs_v = op == SCAN_EQ || op == SCAN_NE || op == SCAN_LT ||
		    op == SCAN_GT;

	if (s->running)
		return cause_set(cause, "a scan step is still running");
	if (op >= SCAN_CHANGED && s->steps == 0)
		return cause_set(cause, "changed, unchanged, increased and "
		    "decreased compare with a previous scan: there is none "
		    "yet");
	if (needs_v && (value == NULL || value_encode(&s->t, value, s->v,
	    cause) == -1))
		return value == NULL ? cause_set(cause, "this scan needs a "
		    "value to compare with") : -1;
	if (s->steps == 0 && s->bits == NULL) {
		/* Every slot is a candidate: all bits set. */
		uint64_t	words = (s->nslots + 63) / 64;

		s->bits = xcalloc((size_t)words, sizeof *s->bits);
		memset(s->bits, 0xff, (size_t)words * sizeof *s->bits);
		if (s->nslots % 64 != 0)
			s->bits[words - 1] = ((uint64_t)1 << (s->nslots % 64)) -
			    1;
		s->vals = xcalloc((size_t)s->nslots, s->w);
	}
	s->op = op;
	s->running = true;
	s->cursor = s->wr = 0;
	return 0;
}

/* door_scan_fn: judge the slots wholly inside [off, off+n). */
static void
scan_piece_fn(const unsigned char *p, size_t n, uint64_t off, void *arg)
{
	struct scan		*s = arg;
	uint64_t		 i = (off - s->base) / s->w;

	if (s->op == SCAN_ANY) {
		/* Every candidate stays: take the values in one copy. */
		memcpy(s->vals + i * s->w, p, n - n % s->w);
		return;
	}
	for (size_t at = 0; at + s->w <= n; at += s->w, i++) {
		uint64_t	 bit = (uint64_t)1 << (i % 64);
		uint8_t		*prev = s->vals + i * s->w;

		if ((s->bits[i / 64] & bit) == 0)
			continue;
		/* On the first step PREV is unused: scan_begin refuses the
		   comparisons with a previous step then. */
		if (!scan_keep(s, p + at, prev)) {
			s->bits[i / 64] &= ~bit;
			s->count--;
		}
		memcpy(prev, p + at, s->w);
	}
}

/* Drop the candidates among slots [from, to): their bytes are gone. */
static void
scan_drop_slots(struct scan *s, uint64_t from, uint64_t to)
{
	for (uint64_t i = from; i < to; i++) {
		uint64_t	bit = (uint64_t)1 << (i % 64);

		if (s->bits[i / 64] & bit) {
			s->bits[i / 64] &= ~bit;
			s->count--;
		}
	}
}

/* Turn the bitmap into a list when the list is smaller. */
static void
scan_maybe_list(struct scan *s)
{
	uint64_t	k = 0;

	if (s->count * (8 + 8) >= s->nslots / 8 + s->nslots * s->w)
		return;
	s->offs = xcalloc((size_t)s->count + 1, sizeof *s->offs);
	s->lvals = xcalloc((size_t)s->count + 1, sizeof *s->lvals);
	/* A word at a time: most words are empty by now. */
	for (uint64_t wd = 0; wd < (s->nslots + 63) / 64; wd++)
		for (uint64_t b = s->bits[wd]; b != 0; b &= b - 1) {
			uint64_t	i = wd * 64 + (uint64_t)__builtin_ctzll(b);

			s->offs[k] = s->base + i * s->w;
			memcpy(s->lvals[k++], s->vals + i * s->w, s->w);
		}
	s->nlist = k;
	free(s->bits);
	free(s->vals);
	s->bits = NULL;
	s->vals = NULL;
}

/* End the step: count it, and perhaps change form. */
static void
scan_end_step(struct scan *s)
{
	if (s->bits == NULL) {
		/* The list form compacts as it goes: what was not reached
		   (a cancel) moves down behind what was kept. */
		memmove(s->offs + s->wr, s->offs + s->cursor,
		    (size_t)(s->nlist - s->cursor) * sizeof *s->offs);
		memmove(s->lvals + s->wr, s->lvals + s->cursor,
		    (size_t)(s->nlist - s->cursor) * sizeof *s->lvals);
		s->nlist = s->wr + (s->nlist - s->cursor);
		s->count = s->nlist;
	}
	s->running = false;
	s->steps++;
	if (s->bits != NULL)
		scan_maybe_list(s);
}

/* One budget of a bitmap step. */
static int
scan_run_bitmap(struct scan *s, struct door *d, uint64_t budget,
    char **cause)
{
	struct door_copy	c;
	uint64_t		n = budget / s->w, off;

	if (n == 0)
		n = 1;
	if (n > s->nslots - s->cursor)
		n = s->nslots - s->cursor;
	if (s->buf == NULL)
		s->buf = xmalloc(SCAN_PIECE);
	off = s->base + s->cursor * s->w;
	/* SCAN_PIECE is a multiple of every width: pieces stay aligned. */
	c = door_scan_copy(d, off, (size_t)(n * s->w), s->buf,
	    SCAN_PIECE - SCAN_PIECE % 8, scan_piece_fn, s);
	if (c.error != 0) {
		return cause_set(cause, "read failed at offset %#llx: %s",
		    (unsigned long long)(off + c.valid),
		    door_strerror(c.error));
	}
	/* Slots past what could be read are past the end of the file. */
	scan_drop_slots(s, s->cursor + c.valid / s->w, s->cursor + n);
	s->cursor += n;
	if (s->cursor < s->nslots)
		return 0;
	scan_end_step(s);
	return 1;
}

/* One budget of a list step. */
static int
scan_run_list(struct scan *s, struct door *d, uint64_t budget, char **cause)
{
	uint8_t			 now[8];
	struct door_copy	 c;

	for (uint64_t spent = 0; s->cursor < s->nlist && (spent == 0 ||
	    spent < budget); spent += s->w) {
		memset(now, 0, sizeof now);
		c = door_read(d, s->offs[s->cursor], now, s->w);
		if (c.error != 0)
			return cause_set(cause, "read failed at offset %#llx: "
			    "%s", (unsigned long long)s->offs[s->cursor],
			    door_strerror(c.error));
		if (c.valid == s->w && scan_keep(s, now, s->lvals[s->cursor])) {
			s->offs[s->wr] = s->offs[s->cursor];
			memcpy(s->lvals[s->wr++], now, sizeof now);
		}
		s->cursor++;
	}
	if (s->cursor < s->nlist)
		return 0;
	scan_end_step(s);
	return 1;
}

/* Go on with the step; see scan.h. */
int
scan_run(struct scan *s, struct door *d, uint64_t budget, char **cause)
{
	if (!s->running)
		return 1;
	return s->bits != NULL ? scan_run_bitmap(s, d, budget, cause) :
	    scan_run_list(s, d, budget, cause);
}

/* End the running step where it is; see scan.h. */
void
scan_cancel(struct scan *s)
{
	if (s->running)
		scan_end_step(s);
}

/* How far the running step is; see scan.h. */
void
scan_progress(const struct scan *s, uint64_t *done, uint64_t *total)
{
	*total = s->bits != NULL || s->steps == 0 ? s->nslots : s->nlist;
	*done = s->running ? s->cursor : *total;
}

/* The number of candidates. */
uint64_t
scan_count(const struct scan *s)
{
	return s->count;
}

/* How many steps have ended. */
unsigned
scan_steps(const struct scan *s)
{
	return s->steps;
}

/* True while the candidates are a bitmap. */
bool
scan_is_bitmap(const struct scan *s)
{
	return s->bits != NULL || s->steps == 0;
}

/* Up to MAX candidates at or after FROM; see scan.h. */
size_t
scan_list(const struct scan *s, uint64_t from, uint64_t *offs,
    uint8_t (*vals)[8], size_t max)
{
	size_t		n = 0;
	uint64_t	i;

	if (s->bits == NULL && s->steps > 0) {
		for (i = 0; i < s->nlist && n < max; i++)
			if (s->offs[i] >= from) {
				offs[n] = s->offs[i];
				if (vals != NULL)
					memcpy(vals[n], s->lvals[i], 8);
				n++;
			}
		return n;
	}
	i = from <= s->base ? 0 : (from - s->base + s->w - 1) / s->w;
	for (; i < s->nslots && n < max; i++) {
		if (s->bits != NULL && !(s->bits[i / 64] & ((uint64_t)1 <<
		    (i % 64))))
			continue;
		offs[n] = s->base + i * s->w;
		if (vals != NULL) {
			memset(vals[n], 0, 8);
			if (s->vals != NULL)
				memcpy(vals[n], s->vals + i * s->w, s->w);
		}
		n++;
	}
	return n;
}
