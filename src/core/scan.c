/* SPDX-License-Identifier: ISC */
/*
 * scan.c - successive scans that narrow a set of candidate offsets.
 *
 * Two forms of the same set (scan.h): while most aligned offsets are
 * candidates, a bitmap with one bit per slot (slot i is base + i * width)
 * and a dense array of every slot's last value; after a step that leaves
 * a list of (offset, value) smaller than that, the list.  A step works in
 * place with a cursor, so memory never grows during a step, and a cancel
 * leaves a consistent set: examined candidates judged, the others as
 * they were.
 *
 * Speed (issue 15: 1 GiB of u32 in at most a second).  Every read goes
 * through the door with pread (door_scan_copy, door_read: a hole reads
 * as zeros and is never filled), in large pieces, never a system call
 * per candidate:
 *  - a record step (SCAN_ANY) preads the budget straight into the value
 *    array: one copy, no loop over slots;
 *  - a comparing step in the bitmap form preads SCAN_PIECE bytes into
 *    a buffer and judges 64 slots at a time with a kernel specialised per
 *    type (kind, width, byte order) and predicate (scan_kern_*: the
 *    switch on the predicate is outside the loop, the loads are plain
 *    fixed-width loads), skipping words with no candidate left;
 *  - the list form reads runs of nearby candidates with one pread each.
 * An integer `== V` first step keeps no value array at all: every
 * survivor holds V (`uniform`), so the first step allocates only the
 * bitmap.  The value array is allocated with mmap and asks for huge
 * pages: faulting in a gigabyte 4 KiB at a time cost more than reading
 * the file.
 *
 * The piece callbacks run under the door's guard (in place for a SysV
 * segment): they only compute over the bytes and write into the scan's
 * own arrays, as door.h requires.
 */
#include "config.h"

#include <endian.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "door.h"
#include "scan.h"
#include "xmalloc.h"

/* Candidates in one list read at most this far apart on average. */
#define SCAN_GAP	4096

/*
 * A kernel: the mask of slots k < N (N <= 64) that stay under OP, their
 * bytes at P (and at the previous step at Q, same stride), V the value
 * compared with.
 */
typedef uint64_t scan_kern_fn(enum scan_op op, const uint8_t *p,
		    const uint8_t *q, const uint8_t *v, unsigned n);

/* A scan; see scan.h. */
struct scan {
	struct value_type	 t;
	unsigned		 w;		/* t.width */
	scan_kern_fn		*kern;		/* for t */
	uint64_t		 base;		/* the first aligned offset */
	uint64_t		 nslots;
	uint64_t		*bits;		/* bitmap form, or NULL */
	uint8_t			*vals;		/* nslots * w (mmap), or NULL */
	bool			 uniform;	/* no vals: every candidate's
						   value is v (an integer ==) */
	uint64_t		*offs;		/* list form */
	uint8_t			(*lvals)[8];
	uint64_t		 nlist;
	uint64_t		 lcap;		/* entries offs, lvals hold */
	uint64_t		 count;		/* candidates */
	unsigned		 steps;
	bool			 running;
	enum scan_op		 op;
	uint8_t			 v[8];		/* V for EQ NE LT GT */
	uint64_t		 cursor;	/* next slot or list index */
	uint64_t		 wr;		/* list: next index to keep */
	unsigned char		*buf;		/* SCAN_PIECE bytes */
};

/* Fixed-width loads of the file's bytes, in either byte order. */
#define SCAN_LD(name, U, conv)						\
static inline U								\
name(const uint8_t *p)							\
{									\
	U	x;							\
									\
	memcpy(&x, p, sizeof x);					\
	return conv(x);							\
}
#define SCAN_SAME(x)	(x)
SCAN_LD(scan_u8, uint8_t, SCAN_SAME)
SCAN_LD(scan_u16le, uint16_t, le16toh)
SCAN_LD(scan_u16be, uint16_t, be16toh)
SCAN_LD(scan_u32le, uint32_t, le32toh)
SCAN_LD(scan_u32be, uint32_t, be32toh)
SCAN_LD(scan_u64le, uint64_t, le64toh)
SCAN_LD(scan_u64be, uint64_t, be64toh)

/* Signed and float loads: the unsigned bits, reinterpreted. */
#define SCAN_AS(name, T, U, from)					\
static inline T								\
name(const uint8_t *p)							\
{									\
	U	x = from(p);						\
	T	y;							\
									\
	memcpy(&y, &x, sizeof y);					\
	return y;							\
}
SCAN_AS(scan_i8, int8_t, uint8_t, scan_u8)
SCAN_AS(scan_i16le, int16_t, uint16_t, scan_u16le)
SCAN_AS(scan_i16be, int16_t, uint16_t, scan_u16be)
SCAN_AS(scan_i32le, int32_t, uint32_t, scan_u32le)
SCAN_AS(scan_i32be, int32_t, uint32_t, scan_u32be)
SCAN_AS(scan_i64le, int64_t, uint64_t, scan_u64le)
SCAN_AS(scan_i64be, int64_t, uint64_t, scan_u64be)
SCAN_AS(scan_f32le, float, uint32_t, scan_u32le)
SCAN_AS(scan_f32be, float, uint32_t, scan_u32be)
SCAN_AS(scan_f64le, double, uint64_t, scan_u64le)
SCAN_AS(scan_f64be, double, uint64_t, scan_u64be)

/*
 * Set bit k of m for each slot k < n where COND holds.  First a count
 * (a sum the compiler vectorises): most words hold no slot that stays
 * (a rare ==) or only slots that stay (unchanged), and need no bits.
 */
#define SCAN_EACH(cond)	do {						\
	unsigned	c = 0;						\
									\
	if (n == 64) {							\
		/* A fixed count: the compiler vectorises this one. */	\
		for (unsigned k = 0; k < 64; k++)			\
			c += (cond);					\
	} else {							\
		for (unsigned k = 0; k < n; k++)			\
			c += (cond);					\
	}								\
	if (c == n)							\
		m = n == 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;	\
	else if (c != 0)						\
		for (unsigned k = 0; k < n; k++)			\
			m |= (uint64_t)(cond) << k;			\
} while (0)

/*
 * A kernel for type T read by LOAD (W bytes), its bits by BITS.  Typed
 * comparisons follow C's: integers by value and sign, floats as numbers
 * (-0 == 0; NaN equals nothing, is below and above nothing); CHANGED and
 * UNCHANGED compare the bits.
 */
#define SCAN_KERN(name, T, LOAD, BITS, W)				\
static uint64_t								\
name(enum scan_op op, const uint8_t *p, const uint8_t *q,		\
    const uint8_t *vp, unsigned n)					\
{									\
	const T		v = LOAD(vp);					\
	uint64_t	m = 0;						\
									\
	switch (op) {							\
	case SCAN_ANY:							\
		return n == 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;	\
	case SCAN_EQ:							\
		SCAN_EACH(LOAD(p + k * W) == v);			\
		break;							\
	case SCAN_NE:							\
		SCAN_EACH(LOAD(p + k * W) != v);			\
		break;							\
	case SCAN_LT:							\
		SCAN_EACH(LOAD(p + k * W) < v);				\
		break;							\
	case SCAN_GT:							\
		SCAN_EACH(LOAD(p + k * W) > v);				\
		break;							\
	case SCAN_CHANGED:						\
		SCAN_EACH(BITS(p + k * W) != BITS(q + k * W));		\
		break;							\
	case SCAN_UNCHANGED:						\
		SCAN_EACH(BITS(p + k * W) == BITS(q + k * W));		\
		break;							\
	case SCAN_INCREASED:						\
		SCAN_EACH(LOAD(p + k * W) > LOAD(q + k * W));		\
		break;							\
	case SCAN_DECREASED:						\
		SCAN_EACH(LOAD(p + k * W) < LOAD(q + k * W));		\
		break;							\
	}								\
	return m;							\
}
SCAN_KERN(scan_kern_u8, uint8_t, scan_u8, scan_u8, 1)
SCAN_KERN(scan_kern_i8, int8_t, scan_i8, scan_u8, 1)
SCAN_KERN(scan_kern_u16le, uint16_t, scan_u16le, scan_u16le, 2)
SCAN_KERN(scan_kern_u16be, uint16_t, scan_u16be, scan_u16le, 2)
SCAN_KERN(scan_kern_i16le, int16_t, scan_i16le, scan_u16le, 2)
SCAN_KERN(scan_kern_i16be, int16_t, scan_i16be, scan_u16le, 2)
SCAN_KERN(scan_kern_u32le, uint32_t, scan_u32le, scan_u32le, 4)
SCAN_KERN(scan_kern_u32be, uint32_t, scan_u32be, scan_u32le, 4)
SCAN_KERN(scan_kern_i32le, int32_t, scan_i32le, scan_u32le, 4)
SCAN_KERN(scan_kern_i32be, int32_t, scan_i32be, scan_u32le, 4)
SCAN_KERN(scan_kern_u64le, uint64_t, scan_u64le, scan_u64le, 8)
SCAN_KERN(scan_kern_u64be, uint64_t, scan_u64be, scan_u64le, 8)
SCAN_KERN(scan_kern_i64le, int64_t, scan_i64le, scan_u64le, 8)
SCAN_KERN(scan_kern_i64be, int64_t, scan_i64be, scan_u64le, 8)
SCAN_KERN(scan_kern_f32le, float, scan_f32le, scan_u32le, 4)
SCAN_KERN(scan_kern_f32be, float, scan_f32be, scan_u32le, 4)
SCAN_KERN(scan_kern_f64le, double, scan_f64le, scan_u64le, 8)
SCAN_KERN(scan_kern_f64be, double, scan_f64be, scan_u64le, 8)

/* The kernel for T, or NULL for a type no kernel reads. */
static scan_kern_fn *
scan_pick(const struct value_type *t)
{
	/* [kind][log2 width][big]; a byte has no order. */
	static scan_kern_fn *const	k[3][4][2] = {
		[VALUE_UINT] = {
			{ scan_kern_u8, scan_kern_u8 },
			{ scan_kern_u16le, scan_kern_u16be },
			{ scan_kern_u32le, scan_kern_u32be },
			{ scan_kern_u64le, scan_kern_u64be },
		},
		[VALUE_INT] = {
			{ scan_kern_i8, scan_kern_i8 },
			{ scan_kern_i16le, scan_kern_i16be },
			{ scan_kern_i32le, scan_kern_i32be },
			{ scan_kern_i64le, scan_kern_i64be },
		},
		[VALUE_FLOAT] = {
			{ NULL, NULL }, { NULL, NULL },
			{ scan_kern_f32le, scan_kern_f32be },
			{ scan_kern_f64le, scan_kern_f64be },
		},
	};
	unsigned			 lg;

	switch (t->width) {
	case 1: lg = 0; break;
	case 2: lg = 1; break;
	case 4: lg = 2; break;
	case 8: lg = 3; break;
	default: return NULL;
	}
	if ((unsigned)t->kind > VALUE_FLOAT)
		return NULL;
	return k[t->kind][lg][t->big ? 1 : 0];
}

/*
 * LEN bytes of our own zeroed memory for a big array (values, list), or
 * NULL.  Why mmap and huge pages: on this project's VM a gigabyte faulted
 * in 4 KiB pages took 3 to 9 s to fill (faults and TLB misses), with
 * huge pages 0.1 to 0.4 s (docs/performance.md).
 */
static void *
scan_big_alloc(size_t len)
{
	void	*p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE |
		    MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
#ifdef MADV_HUGEPAGE
	/* Only advice: a refusal is harmless. */
	(void)madvise(p, len, MADV_HUGEPAGE);
#endif
	return p;
}

/* Give back P, LEN bytes from scan_big_alloc; NULL is ignored. */
static void
scan_big_free(void *p, size_t len)
{
	if (p != NULL)
		munmap(p, len);
}

/* Give back S's value array. */
static void
scan_vals_free(struct scan *s)
{
	scan_big_free(s->vals, (size_t)s->nslots * s->w);
	s->vals = NULL;
}

/* A scan of TYPE over [off, off+len); see scan.h. */
struct scan *
scan_new(const struct value_type *type, uint64_t off, uint64_t len,
    char **cause)
{
	struct scan	*s;
	uint64_t	 w = type->width, base, end;
	scan_kern_fn	*kern = scan_pick(type);

	if (kern == NULL) {
		cause_set(cause, "a scan cannot compare %s values",
		    type->name);
		return NULL;
	}
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
	s->kern = kern;
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
	scan_vals_free(s);
	scan_big_free(s->offs, (size_t)s->lcap * sizeof *s->offs);
	scan_big_free(s->lvals, (size_t)s->lcap * sizeof *s->lvals);
	free(s->buf);
	free(s);
}

/* Fill S's value array with V, the value of every candidate. */
static void
scan_fill(struct scan *s)
{
	size_t	len = (size_t)s->nslots * s->w, have = s->w;

	memcpy(s->vals, s->v, s->w);
	/* Doubling copies: a few dozen memcpy for a gigabyte. */
	for (; have < len; have *= 2)
		memcpy(s->vals + have, s->vals, have < len - have ? have :
		    len - have);
}

/* Start a step; see scan.h. */
int
scan_begin(struct scan *s, enum scan_op op, const char *value, char **cause)
{
	bool	needs_v = op == SCAN_EQ || op == SCAN_NE || op == SCAN_LT ||
		    op == SCAN_GT;
	uint8_t	v[8] = { 0 };

	if (s->running)
		return cause_set(cause, "a scan step is still running");
	if (op >= SCAN_CHANGED && s->steps == 0)
		return cause_set(cause, "changed, unchanged, increased and "
		    "decreased compare with a previous scan: there is none "
		    "yet");
	if (needs_v && (value == NULL || value_encode(&s->t, value, v,
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
		/* An integer == keeps only slots holding V: no values. */
		s->uniform = op == SCAN_EQ && s->t.kind != VALUE_FLOAT;
	}
	if (s->bits != NULL && s->vals == NULL && !(s->steps == 0 &&
	    s->uniform)) {
		if ((s->vals = scan_big_alloc((size_t)s->nslots * s->w)) ==
		    NULL)
			return cause_set(cause, "no memory for the values of "
			    "%llu candidates (%llu bytes): scan a smaller "
			    "range", (unsigned long long)s->nslots,
			    (unsigned long long)s->nslots * s->w);
		if (s->uniform)
			scan_fill(s);	/* V from the == step before */
		s->uniform = false;
	}
	memcpy(s->v, v, sizeof s->v);
	s->op = op;
	s->running = true;
	s->cursor = s->wr = 0;
	return 0;
}

/* How many bits of X are set; the all-ones word without counting. */
static inline uint64_t
scan_ones(uint64_t x)
{
	/* Without -mpopcnt the builtin is a call into libgcc. */
	return x == ~(uint64_t)0 ? 64 : (uint64_t)__builtin_popcountll(x);
}

/* Clear the bits of slots [from, to) and count the candidates lost. */
static void
scan_drop_slots(struct scan *s, uint64_t from, uint64_t to)
{
	while (from < to) {
		uint64_t	sh = from % 64, n = to - from < 64 - sh ?
				    to - from : 64 - sh;
		uint64_t	m = (n == 64 ? ~(uint64_t)0 :
				    ((uint64_t)1 << n) - 1) << sh;
		uint64_t	*wd = &s->bits[from / 64];

		s->count -= scan_ones(*wd & m);
		*wd &= ~m;
		from += n;
	}
}

/* door_scan_fn of a record step: the values, into the value array. */
static void
scan_record_fn(const unsigned char *p, size_t n, uint64_t off, void *arg)
{
	struct scan	*s = arg;
	uint8_t		*to = s->vals + (off - s->base);

	/* pread put them there already, unless a segment ran in place. */
	if (p != to)
		memcpy(to, p, n - n % s->w);
}

/* door_scan_fn of a comparing step: judge the slots in [off, off+n). */
static void
scan_piece_fn(const unsigned char *p, size_t n, uint64_t off, void *arg)
{
	struct scan	*s = arg;
	uint64_t	 i = (off - s->base) / s->w, nsl = n / s->w;

	for (uint64_t at = 0; at < nsl;) {
		uint64_t	 sh = (i + at) % 64, k = nsl - at < 64 - sh ?
				     nsl - at : 64 - sh;
		uint64_t	*wd = &s->bits[(i + at) / 64];
		uint64_t	 b = *wd >> sh, lost;

		if (k < 64)
			b &= ((uint64_t)1 << k) - 1;
		if (b != 0) {
			/* PREV is read only by the comparisons with the
			   previous step, which the first step refuses. */
			lost = b & ~s->kern(s->op, p + at * s->w, s->vals ==
			    NULL ? NULL : s->vals + (i + at) * s->w, s->v,
			    (unsigned)k);
			if (lost != 0) {
				*wd &= ~(lost << sh);
				s->count -= scan_ones(lost);
			}
		}
		at += k;
	}
	/* The values now, for the next step (dropped slots' too: unused). */
	if (s->vals != NULL)
		memcpy(s->vals + i * s->w, p, nsl * s->w);
}

/* Turn the bitmap into a list when the list is smaller. */
static void
scan_maybe_list(struct scan *s)
{
	uint64_t	k = 0;

	if (s->count * (8 + 8) >= s->nslots / 8 + s->nslots * s->w)
		return;
	s->lcap = s->count + 1;
	s->offs = scan_big_alloc((size_t)s->lcap * sizeof *s->offs);
	s->lvals = scan_big_alloc((size_t)s->lcap * sizeof *s->lvals);
	if (s->offs == NULL || s->lvals == NULL) {
		/* No memory for the list: the bitmap is the same set. */
		scan_big_free(s->offs, (size_t)s->lcap * sizeof *s->offs);
		scan_big_free(s->lvals, (size_t)s->lcap * sizeof *s->lvals);
		s->offs = NULL;
		s->lvals = NULL;
		s->lcap = 0;
		return;
	}
	/* A word at a time: most words are empty by now. */
	for (uint64_t wd = 0; wd < (s->nslots + 63) / 64; wd++)
		for (uint64_t b = s->bits[wd]; b != 0; b &= b - 1) {
			uint64_t	i = wd * 64 + (uint64_t)__builtin_ctzll(b);

			s->offs[k] = s->base + i * s->w;
			memcpy(s->lvals[k++], s->vals != NULL ? s->vals +
			    i * s->w : s->v, s->w);
		}
	s->nlist = k;
	free(s->bits);
	scan_vals_free(s);
	s->bits = NULL;
	s->uniform = false;
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
	} else if (s->steps == 0 && s->cursor < s->nslots) {
		/* A cancelled first step: the slots it never reached have no
		   value to compare with later, so they are not candidates. */
		scan_drop_slots(s, s->cursor, s->nslots);
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

	/* Words with no candidate left need no reading. */
	while (s->cursor % 64 == 0 && s->cursor < s->nslots &&
	    s->bits[s->cursor / 64] == 0)
		s->cursor += 64;
	if (s->cursor > s->nslots)
		s->cursor = s->nslots;
	if (n == 0)
		n = 1;
	if (n > s->nslots - s->cursor)
		n = s->nslots - s->cursor;
	off = s->base + s->cursor * s->w;
	if (n == 0) {
		c = (struct door_copy){ 0, false, false, 0 };
	} else if (s->op == SCAN_ANY) {
		/* Every candidate stays: read straight into the values. */
		c = door_scan_copy(d, off, (size_t)(n * s->w), s->vals +
		    s->cursor * s->w, (size_t)(n * s->w), scan_record_fn, s);
	} else {
		if (s->buf == NULL)
			s->buf = xmalloc(SCAN_PIECE);
		/* SCAN_PIECE is a multiple of every width: pieces stay
		   aligned. */
		c = door_scan_copy(d, off, (size_t)(n * s->w), s->buf,
		    SCAN_PIECE - SCAN_PIECE % 8, scan_piece_fn, s);
	}
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

/*
 * The index after the last candidate read with the one at S->cursor:
 * those within SCAN_PIECE bytes of it, while they lie at most SCAN_GAP
 * bytes apart on average (else a pread per candidate copies less).
 */
static uint64_t
scan_list_run(const struct scan *s)
{
	uint64_t	first = s->offs[s->cursor], j = s->cursor + 1;

	while (j < s->nlist && s->offs[j] + s->w - first <= SCAN_PIECE &&
	    s->offs[j] - first <= (j - s->cursor) * SCAN_GAP)
		j++;
	return j;
}

/* One budget of a list step. */
static int
scan_run_list(struct scan *s, struct door *d, uint64_t budget, char **cause)
{
	struct door_copy	 c;

	if (s->buf == NULL)
		s->buf = xmalloc(SCAN_PIECE);
	for (uint64_t spent = 0; s->cursor < s->nlist && (spent == 0 ||
	    spent < budget);) {
		uint64_t	first = s->offs[s->cursor];
		uint64_t	end = scan_list_run(s);
		size_t		span = (size_t)(s->offs[end - 1] + s->w - first);

		c = door_read(d, first, s->buf, span);
		if (c.error != 0)
			return cause_set(cause, "read failed at offset %#llx: "
			    "%s", (unsigned long long)(first + c.valid),
			    door_strerror(c.error));
		for (; s->cursor < end; s->cursor++) {
			uint64_t	at = s->offs[s->cursor] - first;

			/* Past what could be read: the file ended there. */
			if (at + s->w > c.valid || s->kern(s->op, s->buf + at,
			    s->lvals[s->cursor], s->v, 1) == 0)
				continue;
			s->offs[s->wr] = s->offs[s->cursor];
			memset(s->lvals[s->wr], 0, sizeof s->lvals[s->wr]);
			memcpy(s->lvals[s->wr++], s->buf + at, s->w);
		}
		spent += span;
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
			else if (s->uniform && s->steps > 0)
				memcpy(vals[n], s->v, s->w);
		}
		n++;
	}
	return n;
}
