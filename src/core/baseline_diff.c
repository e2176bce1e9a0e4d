/* SPDX-License-Identifier: ISC */
/*
 * baseline_diff.c - which bytes of the file differ from a baseline, kept
 * current page by page.
 *
 * What it owns: one "to do" bit per page of the baseline, the ranges found
 * per page (sorted; a range never crosses a page boundary), a merged view
 * built on demand (adjacent ranges of one kind joined, plus the grown or
 * shrunk tail), and a scratch buffer of BASELINE_CHUNK pages.
 *
 * A page is computed over the bytes both the baseline and the file have
 * now (its common length): hash first; when the hash differs, the old
 * bytes (baseline_old) are compared byte by byte and each differing run is
 * a BYTES range.  Old bytes not known (a hash-only or lost page) make the
 * page one UNKNOWN range: never a made-up byte diff.  Bytes past the old
 * size (growth) or past the new size (shrink) are the tail, reported apart.
 *
 * Holes: before reading, the step asks where the file's next hole is; a
 * page wholly in a hole now reads as zeros without being read, and a hole
 * page of the baseline that is still a hole costs no hash at all, so the
 * diff of a sparse 4 GiB file reads only its data.
 *
 * Invariants:
 *  - A page whose bit is clear has its ranges as of its last computation;
 *    baseline_diff_dirty and size changes set bits again.
 *  - The merged view is rebuilt whenever a page's ranges or the size
 *    changed since it was built (stale).
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "baseline_priv.h"
#include "door.h"
#include "xmalloc.h"

/* A hole page costs 1/HOLE_COST of its size in budget (as baseline.c). */
#define BASELINE_DIFF_HOLE_COST	64

struct baseline_diff {
	size_t			 page;
	size_t			 npages;	/* the baseline's */
	uint64_t		 base_size;
	uint64_t		*todo;		/* one bit per page */
	size_t			 ntodo;
	size_t			 cursor;	/* where the next step looks */
	uint64_t		 size;		/* the size last followed */
	bool			 sized;
	struct baseline_range	*r;		/* per-page ranges, sorted */
	size_t			 n, cap;
	struct baseline_range	*tmp;		/* one page's new ranges */
	size_t			 tmpn, tmpcap;
	struct baseline_range	*m;		/* the merged view */
	size_t			 mn, mcap;
	bool			 stale;
	uint64_t		 bytes;
	unsigned char		*cur;		/* current bytes */
	unsigned char		*zeros;		/* one page of zeros */
};

/* True when page I is to do. */
static inline bool
baseline_diff_bit(const struct baseline_diff *df, size_t i)
{
	return (df->todo[i / 64] >> (i % 64)) & 1;
}

/* Set (ON) or clear page I's bit, keeping the count. */
static inline void
baseline_diff_set(struct baseline_diff *df, size_t i, bool on)
{
	uint64_t	bit = (uint64_t)1 << (i % 64);

	if (on == baseline_diff_bit(df, i))
		return;
	df->todo[i / 64] ^= bit;
	if (on)
		df->ntodo++;
	else
		df->ntodo--;
}

/* A diff against the baseline B; every page to do. */
struct baseline_diff *
baseline_diff_new(const struct baseline *b)
{
	struct baseline_diff	*df = xcalloc(1, sizeof *df);

	df->page = b->page;
	df->npages = b->npages;
	df->base_size = b->size;
	df->todo = xcalloc(df->npages / 64 + 1, sizeof *df->todo);
	for (size_t i = 0; i < df->npages; i++)
		baseline_diff_set(df, i, true);
	df->tmpcap = df->page / 2 + 2;
	df->tmp = xmalloc(df->tmpcap * sizeof *df->tmp);
	df->cur = xmalloc(df->page * BASELINE_CHUNK);
	df->zeros = xcalloc(1, df->page);
	df->stale = true;
	return df;
}

/* Free a diff; NULL is ignored. */
void
baseline_diff_free(struct baseline_diff *df)
{
	if (df == NULL)
		return;
	free(df->todo);
	free(df->r);
	free(df->tmp);
	free(df->m);
	free(df->cur);
	free(df->zeros);
	free(df);
}

/* [off, off+len) may have changed: compute its pages again. */
void
baseline_diff_dirty(struct baseline_diff *df, uint64_t off, uint64_t len)
{
	uint64_t	i, last;

	if (len == 0 || off / df->page >= df->npages)
		return;
	last = (off + len - 1) / df->page;
	if (last >= df->npages || off + len < off)
		last = df->npages - 1;
	for (i = off / df->page; i <= last; i++)
		baseline_diff_set(df, (size_t)i, true);
}

/* True while pages are left to compute. */
bool
baseline_diff_busy(const struct baseline_diff *df)
{
	return df->ntodo > 0 || !df->sized;
}

/* The index of the first range at or after OFF. */
static size_t
baseline_diff_lower(const struct baseline_range *r, size_t n, uint64_t off)
{
	size_t	lo = 0, hi = n;

	while (lo < hi) {
		size_t	mid = lo + (hi - lo) / 2;

		if (r[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Replace page I's ranges with the df->tmpn ranges in df->tmp. */
static void
baseline_diff_splice(struct baseline_diff *df, size_t i)
{
	uint64_t	po = (uint64_t)i * df->page;
	size_t		at = baseline_diff_lower(df->r, df->n, po), old = 0;

	while (at + old < df->n && df->r[at + old].off < po + df->page)
		old++;
	if (old == 0 && df->tmpn == 0)
		return;
	if (df->n - old + df->tmpn > df->cap) {
		df->cap = df->n - old + df->tmpn + df->cap / 2 + 16;
		df->r = xrealloc(df->r, df->cap * sizeof *df->r);
	}
	memmove(df->r + at + df->tmpn, df->r + at + old,
	    (df->n - at - old) * sizeof *df->r);
	memcpy(df->r + at, df->tmp, df->tmpn * sizeof *df->r);
	df->n = df->n - old + df->tmpn;
	df->stale = true;
}

/* Add [off, off+len) of KIND to page's new ranges. */
static void
baseline_diff_add(struct baseline_diff *df, uint64_t off, uint64_t len,
    enum baseline_kind kind)
{
	if (df->tmpn == df->tmpcap) {
		df->tmpcap *= 2;
		df->tmp = xrealloc(df->tmp, df->tmpcap * sizeof *df->tmp);
	}
	df->tmp[df->tmpn].off = off;
	df->tmp[df->tmpn].len = len;
	df->tmp[df->tmpn++].kind = kind;
}

/*
 * Compute page I from CUR, its current bytes (the common length CLEN),
 * and clear its bit.  Returns the budget spent.
 */
static size_t
baseline_diff_page(struct baseline_diff *df, struct baseline *b, size_t i,
    const unsigned char *cur, size_t clen)
{
	uint64_t		 po = (uint64_t)i * df->page;
	size_t			 blen = baseline_page_len(df->page,
				    df->base_size, i), k, start;
	const unsigned char	*old;

	df->tmpn = 0;
	baseline_diff_set(df, i, false);
	if (clen == 0)
		goto done;
	if (b->kind[i] != BASELINE_KEPT && b->kind[i] != BASELINE_HOLE &&
	    b->kind[i] != BASELINE_HASH) {
		baseline_diff_add(df, po, clen, BASELINE_UNKNOWN);
		goto done;
	}
	if (clen == blen && baseline_hash(cur, clen) == b->hash[i])
		goto done;
	if ((old = baseline_old(b, i)) == NULL) {
		baseline_diff_add(df, po, clen, BASELINE_UNKNOWN);
		goto done;
	}
	for (k = 0; k < clen;) {
		if (cur[k] == old[k]) {
			k++;
			continue;
		}
		for (start = k; k < clen && cur[k] != old[k]; k++)
			;
		baseline_diff_add(df, po + start, k - start, BASELINE_BYTES);
	}
done:
	baseline_diff_splice(df, i);
	return clen;
}

/* The hole search callback: keep the first hole found. */
static void
baseline_diff_hole(void *arg, uint64_t lo, uint64_t hi)
{
	uint64_t	*h = arg;

	h[0] = lo;
	h[1] = hi;
}

/* The next page to do at or after the cursor (wrapping); ntodo > 0. */
static size_t
baseline_diff_find(struct baseline_diff *df)
{
	size_t	i = df->cursor < df->npages ? df->cursor : 0;

	for (size_t seen = 0; seen <= df->npages; seen++) {
		if (i % 64 == 0 && df->todo[i / 64] == 0) {
			/* A clear word: skip it whole. */
			seen += 63;
			i += 64;
		} else if (baseline_diff_bit(df, i)) {
			return i;
		} else {
			i++;
		}
		if (i >= df->npages)
			i = 0;
	}
	return 0;	/* not reached while ntodo > 0 */
}

/* Follow the size: pages whose common length moved are to do again. */
static void
baseline_diff_follow(struct baseline_diff *df, uint64_t size)
{
	uint64_t	lo;

	if (df->sized && size == df->size)
		return;
	if (df->sized) {
		lo = size < df->size ? size : df->size;
		if (lo < df->base_size)
			baseline_diff_dirty(df, lo - lo % df->page,
			    df->base_size - (lo - lo % df->page));
	}
	df->size = size;
	df->sized = true;
	df->stale = true;
}

/*
 * Compute the run of to-do pages from page I: those wholly in a hole
 * now without reading, the others read at once (up to BASELINE_CHUNK
 * pages, stopping where a hole starts).  Returns the budget spent.
 */
static size_t
baseline_diff_run(struct baseline_diff *df, struct baseline *b,
    struct door *d, size_t i)
{
	uint64_t		 common = df->size < df->base_size ? df->size :
				    df->base_size;
	uint64_t		 po = (uint64_t)i * df->page, h[2] = { common,
				    common }, end;
	size_t			 spent = 0, j, clen;
	struct door_copy	 r;

	door_holes(d, po, common, 1, baseline_diff_hole, h);
	/* Pages wholly in the hole at PO read as zeros. */
	for (j = i; j < df->npages && baseline_diff_bit(df, j); j++) {
		uint64_t	pj = (uint64_t)j * df->page;

		clen = baseline_page_len(df->page, common, j);
		if (clen == 0 || h[0] > pj || pj + clen > h[1])
			break;
		if (b->kind[j] == BASELINE_HOLE && clen ==
		    baseline_page_len(df->page, df->base_size, j)) {
			/* Zeros then, zeros now: no hash needed. */
			df->tmpn = 0;
			baseline_diff_set(df, j, false);
			baseline_diff_splice(df, j);
			spent += df->page / BASELINE_DIFF_HOLE_COST + 1;
		} else {
			spent += baseline_diff_page(df, b, j, df->zeros, clen);
		}
	}
	if (j > i)
		return spent;
	/* Data: pages to do, up to a chunk, not reaching into the hole. */
	for (end = po; j < df->npages && j - i < BASELINE_CHUNK &&
	    baseline_diff_bit(df, j); j++) {
		uint64_t	pj = (uint64_t)j * df->page;

		clen = baseline_page_len(df->page, common, j);
		if (clen == 0 || (j > i && h[0] < pj + clen))
			break;
		end = pj + clen;
	}
	if (j == i)	/* past the common length: no ranges */
		return baseline_diff_page(df, b, i, df->cur, 0) + 1;
	r = door_read(d, po, df->cur, (size_t)(end - po));
	for (size_t k = i; k < j; k++) {
		uint64_t	pk = (uint64_t)k * df->page;

		clen = baseline_page_len(df->page, common, k);
		if (pk + clen > po + r.valid && !r.faulted)
			break;	/* shrank: the next step follows the size */
		if (pk + clen > po + r.valid) {
			/* Could not be read: say so, never guess. */
			df->tmpn = 0;
			baseline_diff_set(df, k, false);
			baseline_diff_add(df, pk, clen, BASELINE_UNKNOWN);
			baseline_diff_splice(df, k);
			continue;
		}
		spent += baseline_diff_page(df, b, k, df->cur + (pk - po),
		    clen);
	}
	return spent + 1;
}

/* Compute pages to do with at most BUDGET bytes of work; true when current. */
bool
baseline_diff_step(struct baseline_diff *df, struct baseline *b,
    struct door *d, size_t budget)
{
	size_t	spent = 0, i;

	baseline_diff_follow(df, door_size(d));
	while (df->ntodo > 0 && spent < budget) {
		i = baseline_diff_find(df);
		spent += baseline_diff_run(df, b, d, i);
		df->cursor = i + 1;
		baseline_diff_follow(df, door_size(d));
	}
	return df->ntodo == 0;
}

/* Rebuild the merged view when stale. */
static void
baseline_diff_merge(struct baseline_diff *df)
{
	struct baseline_range	tail = { 0, 0, BASELINE_GROWN };

	if (!df->stale)
		return;
	if (df->n + 1 > df->mcap) {
		df->mcap = df->n + 1 + df->mcap / 2;
		df->m = xrealloc(df->m, df->mcap * sizeof *df->m);
	}
	df->mn = 0;
	df->bytes = 0;
	for (size_t k = 0; k < df->n; k++) {
		struct baseline_range	*last = df->mn > 0 ?
					    &df->m[df->mn - 1] : NULL;

		df->bytes += df->r[k].len;
		if (last != NULL && last->kind == df->r[k].kind &&
		    last->off + last->len == df->r[k].off)
			last->len += df->r[k].len;
		else
			df->m[df->mn++] = df->r[k];
	}
	if (df->sized && df->size > df->base_size)
		tail = (struct baseline_range){ df->base_size,
		    df->size - df->base_size, BASELINE_GROWN };
	else if (df->sized && df->size < df->base_size)
		tail = (struct baseline_range){ df->size,
		    df->base_size - df->size, BASELINE_SHRUNK };
	if (tail.len > 0) {
		df->m[df->mn++] = tail;
		df->bytes += tail.len;
	}
	df->stale = false;
}

/* The ranges found so far, merged; *N of them. */
const struct baseline_range *
baseline_diff_ranges(struct baseline_diff *df, size_t *n)
{
	baseline_diff_merge(df);
	*n = df->mn;
	return df->m;
}

/* The differing bytes in all ranges. */
uint64_t
baseline_diff_bytes(struct baseline_diff *df)
{
	baseline_diff_merge(df);
	return df->bytes;
}

/* The kind of difference at byte OFF into *KIND; false when none. */
bool
baseline_diff_at(struct baseline_diff *df, uint64_t off,
    enum baseline_kind *kind)
{
	size_t	k;

	baseline_diff_merge(df);
	k = baseline_diff_lower(df->m, df->mn, off + 1);
	if (k == 0 || off >= df->m[k - 1].off + df->m[k - 1].len)
		return false;
	*kind = df->m[k - 1].kind;
	return true;
}

/* The start of the COUNT-th range after (before) FROM; see baseline.h. */
bool
baseline_diff_next(struct baseline_diff *df, uint64_t from, bool backward,
    unsigned count, uint64_t *off)
{
	size_t	k;

	baseline_diff_merge(df);
	if (count == 0)
		count = 1;
	if (!backward) {
		k = baseline_diff_lower(df->m, df->mn, from + 1);
		if (k >= df->mn)
			return false;
		k = count - 1 < df->mn - k ? k + count - 1 : df->mn - 1;
	} else {
		k = baseline_diff_lower(df->m, df->mn, from);
		if (k == 0)
			return false;
		k = count <= k ? k - count : 0;
	}
	*off = df->m[k].off;
	return true;
}
