/* SPDX-License-Identifier: ISC */
/*
 * search.c - byte patterns and incremental search through the door.
 *
 * What it owns: patterns and a resumable scan over a door.  The pattern
 * grammar (hex with ?? wildcards, quoted text, case-insensitive text,
 * typed values) is the byte grammar of bytes.c, shared with :set and
 * poke; search_parse adds only the "empty pattern" message.
 *
 * One representation for every pattern: per position a value and a mask,
 * and a byte B matches position K when (B & mask[K]) == val[K].  Exact
 * bytes have mask 0xff, wildcards 0x00, and ASCII letters of an i"..."
 * pattern 0xdf: the two cases of a letter differ only in bit 0x20, and no
 * other byte lands on the same value once that bit is cleared.  So
 * wildcards and case folding need no separate code paths.
 *
 * Speed: the scan runs in place on the mapping (door_scan, no copy).  Two
 * "anchor" positions, the rarest bytes of the pattern by a rough frequency
 * guess, are tested 16 candidates at a time with SSE2 (load, mask, compare
 * at both anchors, AND); only the rare survivors are verified in full.  On
 * random data that leaves one verification per 65536 positions, so the loop
 * runs near memory bandwidth.  The same loop runs backward for N.  Without
 * SSE2 (or built with -DSEARCH_NO_SIMD, to test that path) memchr/memrchr
 * on the first anchor does the same job, more slowly.
 *
 * Invariants of a running search:
 *  - Candidate starts are [0, starts) with starts = size - len + 1; the
 *    size is taken at the first step and only ever shrinks.
 *  - A scan is two phases of candidate starts, each a half-open range:
 *    forward (from, starts) then [0, from]; backward [0, from) then
 *    [from, starts), walked top down.  Every start is looked at once.
 *  - pos is the next start forward, or one past the next start backward;
 *    it only moves once the bytes under it have been fully examined.
 *  - Consecutive pieces overlap by len - 1 bytes, so a match straddling a
 *    slice, a piece or a page boundary is seen whole in one piece.
 *
 * How it fails: parse errors come back as a malloc'd cause and a column.
 * The file may shrink under a scan: a short door_scan clamps the size and
 * the scan ends early.  A piece that faulted (SIGBUS) is thrown away whole,
 * because the callback was abandoned midway, and scanned again against the
 * size the door learnt from the fault.  A fault no shrink explains (an I/O
 * error) is narrowed by halving the piece down to SEARCH_PIECE_MIN, and the
 * scan then ends before it.  Every round either moves pos or lowers the
 * size, so a step always returns, and nothing ever crashes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__) && !defined(SEARCH_NO_SIMD)
#define SEARCH_SIMD 1
#include <emmintrin.h>
#else
#define SEARCH_SIMD 0
#endif

#include "bytes.h"
#include "door.h"
#include "search.h"
#include "xmalloc.h"

/* What search_find_* return when there is no match. */
#define SEARCH_NOWHERE	SIZE_MAX

/* The smallest piece: a fault this close is given up on, not narrowed. */
#ifndef SEARCH_PIECE_MIN
#define SEARCH_PIECE_MIN	((size_t)4096)
#endif

struct search_pattern {
	char	*text;		/* as typed */
	size_t	 len;		/* bytes a match spans, >= 1 */
	uint8_t	*val;		/* per position: the byte, already masked */
	uint8_t	*mask;		/* per position: 0xff, 0xdf (any case) or 0 */
	bool	 literal;	/* every mask is 0xff: verify with memcmp */
	size_t	 a1, a2;	/* anchors: rarest non-wildcard positions */
};

/* Where a running search is. */
enum search_phase {
	SEARCH_PHASE_FIRST,	/* from FROM to the end (the start) */
	SEARCH_PHASE_WRAPPED,	/* round again, up to FROM itself */
	SEARCH_PHASE_DONE,	/* went all the way round */
};

struct search {
	const struct search_pattern *p;	/* borrowed from the caller */
	uint64_t	 from;		/* where the search began (exclusive) */
	bool		 backward;	/* N rather than n */
	bool		 sized;		/* starts is known (first step ran) */
	uint64_t	 starts;	/* candidate starts: [0, starts) */
	enum search_phase phase;	/* first pass, wrapped, or done */
	uint64_t	 pos;		/* next start; backward one past it */
	uint64_t	 scanned;	/* starts looked at, for progress */
	size_t		 piece;		/* starts per door_scan; faults halve */
};

/* What the door_scan callback is given and hands back. */
struct search_scan {
	const struct search_pattern *p;	/* the pattern */
	bool		 backward;	/* want the last match, not the first */
	bool		 found;		/* a match was seen in the piece */
	size_t		 at;		/* its start, relative to the piece */
};

/* ------------------------------------------------------------------------ */
/* Parsing.                                                                 */

/* How common byte B is in typical files (a rough guess): higher, more. */
static unsigned
search_commonness(uint8_t b)
{
	static const char	letters[] = "etaoinsrhldcumfpgwybvkxjqz";

	if (b == 0x00)
		return 1000;
	if (b == ' ')
		return 900;
	if (b == 0xff)
		return 700;
	if (b >= 'a' && b <= 'z')
		return 800 - 10 * (unsigned)(strchr(letters, b) - letters);
	if (b >= '0' && b <= '9')
		return 500;
	if (b == '\n' || b == '\t' || b == '\r')
		return 450;
	if (b >= 'A' && b <= 'Z')
		return 400;
	if (b < 0x10)
		return 300;	/* small integers in binary data */
	if (b < 0x80)
		return b < 0x20 ? 150 : 350;
	return 100;
}

/* The commonness of whatever position K of P accepts. */
static unsigned
search_position_commonness(const struct search_pattern *p, size_t k)
{
	uint8_t	b = p->val[k];

	if (p->mask[k] == 0xdf)
		return search_commonness(b) + search_commonness(b | 0x20);
	return search_commonness(b);
}

/* Choose the two rarest non-wildcard positions of P as its anchors. */
static void
search_choose_anchors(struct search_pattern *p)
{
	unsigned	best = ~0u, c;
	bool		have2 = false;

	p->literal = true;
	for (size_t k = 0; k < p->len; k++) {
		if (p->mask[k] != 0xff)
			p->literal = false;
		if (p->mask[k] == 0)
			continue;
		c = search_position_commonness(p, k);
		if (c < best) {
			best = c;
			p->a1 = k;
		}
	}
	best = ~0u;
	p->a2 = p->a1;
	/* Prefer a second anchor testing a different byte: more selective. */
	for (int pass = 0; pass < 2 && !have2; pass++) {
		for (size_t k = 0; k < p->len; k++) {
			if (p->mask[k] == 0 || k == p->a1)
				continue;
			if (pass == 0 && p->val[k] == p->val[p->a1] &&
			    p->mask[k] == p->mask[p->a1])
				continue;
			c = search_position_commonness(p, k);
			if (c < best) {
				best = c;
				p->a2 = k;
				have2 = true;
			}
		}
	}
}

/* Parse TEXT into a pattern (the byte grammar, bytes.h); see search.h. */
struct search_pattern *
search_parse(const char *text, size_t *col, char **cause)
{
	struct search_pattern	*p;
	struct bytes		 b;
	size_t			 k = strspn(text, " \t");

	/* Said in search's own words: there is nothing to search for. */
	if (text[k] == '\0') {
		if (col != NULL)
			*col = k + 1;
		cause_set(cause, "empty pattern: type hex bytes (de ad ?? ef), "
		    "\"text\", i\"text\" or a typed value (u32:1234)");
		return NULL;
	}
	if (bytes_parse(text, BYTES_WILD | BYTES_FOLD, &b, col, cause) == -1)
		return NULL;
	p = xcalloc(1, sizeof *p);
	p->text = xstrdup(text);
	p->len = b.len;
	p->val = b.val;		/* the pattern takes the buffers over */
	p->mask = b.mask;
	search_choose_anchors(p);
	return p;
}

/* Free a pattern; NULL is ignored. */
void
search_pattern_free(struct search_pattern *p)
{
	if (p == NULL)
		return;
	free(p->text);
	free(p->val);
	free(p->mask);
	free(p);
}

/* How many bytes a match spans. */
size_t
search_pattern_len(const struct search_pattern *p)
{
	return p->len;
}

/* The pattern as typed. */
const char *
search_pattern_text(const struct search_pattern *p)
{
	return p->text;
}

/* ------------------------------------------------------------------------ */
/* Matching (pure computation: this runs inside door_scan's guard).         */

/* Does P match the p->len bytes at AT? */
static inline bool
search_verify(const struct search_pattern *p, const uint8_t *at)
{
	if (p->literal)
		return memcmp(at, p->val, p->len) == 0;
	for (size_t k = 0; k < p->len; k++)
		if ((at[k] & p->mask[k]) != p->val[k])
			return false;
	return true;
}

/* Do the anchors of P match for the start AT?  (Cheap pre-test.) */
static inline bool
search_anchors(const struct search_pattern *p, const uint8_t *at)
{
	return (at[p->a1] & p->mask[p->a1]) == p->val[p->a1] &&
	    (at[p->a2] & p->mask[p->a2]) == p->val[p->a2];
}

/* Does P match at BUF, LEN bytes being available there? */
bool
search_match_at(const struct search_pattern *p, const uint8_t *buf,
    size_t len)
{
	return len >= p->len && search_verify(p, buf);
}

#if SEARCH_SIMD
/* Bit I set when start I (of 16 from AT) passes both anchors of P. */
static inline unsigned
search_block(const uint8_t *at, size_t a1, __m128i m1, __m128i v1, size_t a2,
    __m128i m2, __m128i v2)
{
	__m128i	x1 = _mm_loadu_si128((const __m128i *)(const void *)(at + a1));
	__m128i	x2 = _mm_loadu_si128((const __m128i *)(const void *)(at + a2));
	__m128i	e = _mm_and_si128(_mm_cmpeq_epi8(_mm_and_si128(x1, m1), v1),
		    _mm_cmpeq_epi8(_mm_and_si128(x2, m2), v2));

	return (unsigned)_mm_movemask_epi8(e);
}

/* Load P's anchor masks and values into the four vectors. */
#define SEARCH_VECTORS(p)						\
	const size_t	a1 = (p)->a1, a2 = (p)->a2;			\
	const __m128i	m1 = _mm_set1_epi8((char)(p)->mask[a1]);	\
	const __m128i	v1 = _mm_set1_epi8((char)(p)->val[a1]);		\
	const __m128i	m2 = _mm_set1_epi8((char)(p)->mask[a2]);	\
	const __m128i	v2 = _mm_set1_epi8((char)(p)->val[a2])

/*
 * First start in [0, STARTS) where P matches BUF (which holds STARTS +
 * len - 1 bytes), or SEARCH_NOWHERE.  Every load stays inside BUF: the last
 * block's anchor loads end at start + 15 + anchor <= STARTS - 1 + len - 1.
 */
static size_t
search_find_fwd(const struct search_pattern *p, const uint8_t *buf,
    size_t starts)
{
	SEARCH_VECTORS(p);
	size_t		i = 0;
	unsigned	bits;

	for (; i + 32 <= starts; i += 32) {
		bits = search_block(buf + i, a1, m1, v1, a2, m2, v2) |
		    search_block(buf + i + 16, a1, m1, v1, a2, m2, v2) << 16;
		for (; bits != 0; bits &= bits - 1) {
			size_t	j = i + (size_t)__builtin_ctz(bits);

			if (search_verify(p, buf + j))
				return j;
		}
	}
	for (; i < starts; i++)
		if (search_anchors(p, buf + i) && search_verify(p, buf + i))
			return i;
	return SEARCH_NOWHERE;
}

/* Last start in [0, STARTS) where P matches BUF, or SEARCH_NOWHERE. */
static size_t
search_find_back(const struct search_pattern *p, const uint8_t *buf,
    size_t starts)
{
	SEARCH_VECTORS(p);
	size_t		i = starts;
	unsigned	bits;

	while (i >= 32) {
		i -= 32;
		bits = search_block(buf + i, a1, m1, v1, a2, m2, v2) |
		    search_block(buf + i + 16, a1, m1, v1, a2, m2, v2) << 16;
		while (bits != 0) {
			unsigned	hb = 31 - (unsigned)__builtin_clz(bits);

			if (search_verify(p, buf + i + hb))
				return i + hb;
			bits &= ~(1u << hb);
		}
	}
	while (i > 0) {
		i--;
		if (search_anchors(p, buf + i) && search_verify(p, buf + i))
			return i;
	}
	return SEARCH_NOWHERE;
}
#else
/* First start in [0, STARTS) where P matches BUF, or SEARCH_NOWHERE. */
static size_t
search_find_fwd(const struct search_pattern *p, const uint8_t *buf,
    size_t starts)
{
	const uint8_t	*q;

	for (size_t i = 0; i < starts; i++) {
		/* An exact anchor lets memchr skip ahead. */
		if (p->mask[p->a1] == 0xff) {
			q = memchr(buf + i + p->a1, p->val[p->a1], starts - i);
			if (q == NULL)
				return SEARCH_NOWHERE;
			i = (size_t)(q - buf) - p->a1;
		}
		if (search_anchors(p, buf + i) && search_verify(p, buf + i))
			return i;
	}
	return SEARCH_NOWHERE;
}

/* Last start in [0, STARTS) where P matches BUF, or SEARCH_NOWHERE. */
static size_t
search_find_back(const struct search_pattern *p, const uint8_t *buf,
    size_t starts)
{
	const uint8_t	*q;

	for (size_t i = starts; i > 0;) {
		if (p->mask[p->a1] == 0xff) {
			q = memrchr(buf + p->a1, p->val[p->a1], i);
			if (q == NULL)
				return SEARCH_NOWHERE;
			i = (size_t)(q - buf) - p->a1 + 1;
		}
		i--;
		if (search_anchors(p, buf + i) && search_verify(p, buf + i))
			return i;
	}
	return SEARCH_NOWHERE;
}
#endif

/* door_scan callback: look for a match in the N bytes at BUF. */
static void
search_scan_piece(const unsigned char *buf, size_t n, uint64_t off,
    void *arg)
{
	struct search_scan	*sc = arg;
	size_t			 starts, at;

	(void)off;
	if (n < sc->p->len)
		return;
	starts = n - sc->p->len + 1;
	if (sc->backward)
		at = search_find_back(sc->p, buf, starts);
	else
		at = search_find_fwd(sc->p, buf, starts);
	if (at != SEARCH_NOWHERE) {
		sc->at = at;
		sc->found = true;
	}
}

/* ------------------------------------------------------------------------ */
/* Running a search.                                                        */

/* Start a search; see search.h. */
struct search *
search_start(const struct search_pattern *p, uint64_t from, bool backward)
{
	struct search	*s = xcalloc(1, sizeof *s);

	s->p = p;
	s->from = from;
	s->backward = backward;
	s->phase = SEARCH_PHASE_FIRST;
	s->piece = SEARCH_PIECE;
	/* Forward begins just after FROM; backward just below it. */
	if (backward)
		s->pos = from;
	else
		s->pos = from == UINT64_MAX ? UINT64_MAX : from + 1;
	return s;
}

/* Free a search; NULL is ignored. */
void
search_free(struct search *s)
{
	free(s);
}

/* Bound the candidate starts of S by a file of SIZE bytes (only shrinks). */
static void
search_clamp(struct search *s, uint64_t size)
{
	uint64_t	starts = size >= s->p->len ? size - s->p->len + 1 : 0;

	if (!s->sized || starts < s->starts)
		s->starts = starts;
	s->sized = true;
}

/* The candidate starts [*lo, *hi) of the current phase of S. */
static void
search_range(const struct search *s, uint64_t *lo, uint64_t *hi)
{
	uint64_t	after = s->from == UINT64_MAX ? s->from : s->from + 1;

	if (!s->backward && s->phase == SEARCH_PHASE_FIRST) {
		*lo = after;
		*hi = s->starts;
	} else if (!s->backward) {
		*lo = 0;
		*hi = after < s->starts ? after : s->starts;
	} else if (s->phase == SEARCH_PHASE_FIRST) {
		*lo = 0;
		*hi = s->from < s->starts ? s->from : s->starts;
	} else {
		*lo = s->from;
		*hi = s->starts;
	}
}

/* Move S to its next phase. */
static void
search_next_phase(struct search *s)
{
	if (s->phase == SEARCH_PHASE_FIRST) {
		s->phase = SEARCH_PHASE_WRAPPED;
		s->pos = s->backward ? UINT64_MAX : 0;
	} else
		s->phase = SEARCH_PHASE_DONE;
}

/* Scan at most BUDGET candidate starts; see search.h. */
enum search_result
search_step(struct search *s, struct door *d, size_t budget, uint64_t *match,
    bool *wrapped)
{
	size_t		len = s->p->len, left = budget == 0 ? 1 : budget;
	uint64_t	lo, hi, first, n;

	if (!s->sized) {
		door_refresh(d, NULL);
		search_clamp(s, door_size(d));
	}
	while (s->phase != SEARCH_PHASE_DONE) {
		struct search_scan	sc = { s->p, s->backward, false, 0 };
		struct door_copy	c;
		uint64_t		want;

		search_range(s, &lo, &hi);
		if (!s->backward && s->pos < lo)
			s->pos = lo;
		if (s->backward && s->pos > hi)
			s->pos = hi;
		if (s->backward ? s->pos <= lo : s->pos >= hi) {
			search_next_phase(s);
			continue;
		}
		if (left == 0)
			return SEARCH_MORE;
		n = s->backward ? s->pos - lo : hi - s->pos;
		if (n > left)
			n = left;
		if (n > s->piece)
			n = s->piece;
		first = s->backward ? s->pos - n : s->pos;
		want = n + len - 1;
		left -= (size_t)n;
		c = door_scan(d, first, (size_t)want, 0, search_scan_piece,
		    &sc);
		if (c.faulted) {
			/*
			 * The callback was abandoned midway: trust nothing it
			 * saw.  A shrink the door now sees clamps the scan.  A
			 * fault the new size does not explain (an I/O error,
			 * a shrink undone at once) is narrowed down by halving
			 * the piece, then the scan stops before it, so every
			 * round makes progress.
			 */
			uint64_t	size = door_size(d);

			if (size < first + want)
				search_clamp(s, size);
			else if (n > SEARCH_PIECE_MIN)
				s->piece = n / 2 > SEARCH_PIECE_MIN ?
				    (size_t)n / 2 : SEARCH_PIECE_MIN;
			else
				search_clamp(s, first);
			continue;
		}
		if (s->piece < SEARCH_PIECE)
			s->piece = s->piece * 2 < SEARCH_PIECE ? s->piece * 2 :
			    SEARCH_PIECE;
		if (c.valid < want) {
			/* Shrank: the callback saw the short piece in full. */
			search_clamp(s, first + c.valid);
			search_clamp(s, door_size(d));
			if (c.valid < len)
				n = 0;
			else if (c.valid - len + 1 < n)
				n = c.valid - len + 1;
		}
		if (sc.found) {
			*match = first + sc.at;
			*wrapped = s->phase == SEARCH_PHASE_WRAPPED;
			/* Go on after the match next time: each match once. */
			if (s->backward) {
				s->scanned += n - sc.at;
				s->pos = *match;
			} else {
				s->scanned += sc.at + 1;
				s->pos = *match + 1;
			}
			return SEARCH_FOUND;
		}
		s->scanned += n;
		s->pos = s->backward ? first : first + n;
	}
	return SEARCH_NONE;
}

/* Fraction of the file scanned so far; see search.h. */
double
search_progress(const struct search *s, uint64_t size)
{
	uint64_t	total;

	if (s->phase == SEARCH_PHASE_DONE)
		return 1.0;
	total = s->sized ? s->starts : size;
	if (total == 0 || s->scanned >= total)
		return s->scanned == 0 ? 0.0 : 1.0;
	return (double)s->scanned / (double)total;
}
