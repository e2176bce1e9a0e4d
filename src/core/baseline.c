/* SPDX-License-Identifier: ISC */
/*
 * baseline.c - taking a snapshot of the whole file (`:snap`), in budgets.
 *
 * What it owns: per page an XXH3 hash and a kind (enum baseline_page),
 * per chunk of BASELINE_CHUNK pages the zstd-compressed old bytes of its
 * kept pages, a cursor where the next take starts, scratch buffers and a
 * one-chunk decode cache (baseline_priv.h).  It reads through the door
 * with door_read (pread for a file: nothing is mapped into our resident
 * set) and never stores.
 *
 * Holes: at the cursor the take asks lseek SEEK_DATA / SEEK_HOLE
 * (door_holes) where the next hole is.  Pages wholly in a hole are marked
 * as holes without being read, in bulk, so a sparse 4 GiB file is taken in
 * a few lseeks and loops over its page array; a hole costs 1/64 of its
 * size in budget.  Why not read holes: a pread of a hole puts zero pages
 * into the page cache on most file systems (not on tmpfs), which is what
 * `:snap` of a huge sparse file must not do.
 *
 * Invariants:
 *  - Pages before the cursor have a kind other than PENDING; the cursor
 *    moves by whole chunks (over holes too), so a chunk is taken at once
 *    and its frame holds all its KEPT pages.
 *  - A chunk's frame decodes to its KEPT pages' bytes in page order, each
 *    baseline_page_len long; kept is the sum of the frames' lengths and
 *    never exceeds keep.
 *  - A page is marked only once it is wholly read: a shrink mid-read
 *    leaves the rest LOST, never a hash of half a page.
 *
 * Failure: allocation failures are fatal (xmalloc); a failed read marks
 * pages LOST, and the diff reports them as unknown if they differ.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define XXH_INLINE_ALL	/* fast on 4 KiB pages; as record.c */
#include <xxhash.h>
#include <zstd.h>

#include "baseline.h"
#include "baseline_priv.h"
#include "door.h"
#include "xmalloc.h"

/* The zstd level: the fastest, since a take may cover gigabytes. */
#define BASELINE_ZLEVEL	1
/* A page in a hole costs 1/HOLE_COST of its size in budget. */
#define BASELINE_HOLE_COST	64

/* XXH3 of LEN bytes at P, as a baseline keeps it. */
uint64_t
baseline_hash(const void *p, size_t len)
{
	return XXH3_64bits(p, len);
}

/* A baseline of D as it is now; nothing is read yet. */
struct baseline *
baseline_new(struct door *d, size_t page, size_t keep)
{
	struct baseline	*b = xcalloc(1, sizeof *b);
	uint64_t	 np;

	b->page = page != 0 ? page : (size_t)sysconf(_SC_PAGESIZE);
	b->keep = keep != 0 ? keep : BASELINE_KEEP_DEFAULT;
	b->size = door_size(d);
	np = b->size / b->page + (b->size % b->page != 0);
	if (np > SIZE_MAX / sizeof *b->hash)
		np = SIZE_MAX / sizeof *b->hash;	/* xcalloc will fail */
	b->npages = (size_t)np;
	b->hash = xcalloc(b->npages + 1, sizeof *b->hash);
	b->kind = xcalloc(b->npages + 1, 1);
	b->nchunks = (b->npages + BASELINE_CHUNK - 1) / BASELINE_CHUNK;
	b->chunk = xcalloc(b->nchunks + 1, sizeof *b->chunk);
	b->raw = xmalloc(b->page * BASELINE_CHUNK);
	b->zcap = ZSTD_compressBound(b->page * BASELINE_CHUNK);
	b->zbuf = xmalloc(b->zcap);
	b->cache = xmalloc(b->page * BASELINE_CHUNK);
	b->zeros = xcalloc(1, b->page);
	/* Once: a sparse 4 GiB file has a million hole pages to mark. */
	b->zero_hash = baseline_hash(b->zeros, b->page);
	b->cached = SIZE_MAX;
	return b;
}

/* Free a baseline (also cancels a take); NULL is ignored. */
void
baseline_free(struct baseline *b)
{
	if (b == NULL)
		return;
	for (size_t c = 0; c < b->nchunks; c++)
		free(b->chunk[c].z);
	free(b->chunk);
	free(b->hash);
	free(b->kind);
	free(b->raw);
	free(b->zbuf);
	free(b->cache);
	free(b->zeros);
	ZSTD_freeCCtx(b->zc);
	ZSTD_freeDCtx(b->zd);
	free(b);
}

/* The hole search callback: keep the first hole found. */
static void
baseline_first_hole(void *arg, uint64_t lo, uint64_t hi)
{
	uint64_t	*h = arg;

	h[0] = lo;
	h[1] = hi;
}

/*
 * The first hole at or after OFF, clamped to the size, into [*lo, *hi);
 * *lo == size when there is none (or no hole support).
 */
static void
baseline_next_hole(struct baseline *b, struct door *d, uint64_t off,
    uint64_t *lo, uint64_t *hi)
{
	uint64_t	h[2] = { b->size, b->size };

	door_holes(d, off, b->size, 1, baseline_first_hole, h);
	*lo = h[0] < b->size ? h[0] : b->size;
	*hi = h[1] < b->size ? h[1] : b->size;
}

/* Mark page I as a hole: zeros, never read. */
static void
baseline_mark_hole(struct baseline *b, size_t i)
{
	size_t	len = baseline_page_len(b->page, b->size, i);

	b->kind[i] = BASELINE_HOLE;
	b->hash[i] = len == b->page ? b->zero_hash :
	    baseline_hash(b->zeros, len);
	b->holes++;
}

/*
 * Compress the KEPT pages [first, end) of chunk C from b->raw (laid out
 * by page) into the chunk's frame, or turn them into HASH pages when the
 * cap would be passed.
 */
static void
baseline_keep_chunk(struct baseline *b, size_t c, size_t first, size_t end)
{
	size_t	 rawlen = 0, zlen;

	for (size_t i = first; i < end; i++) {
		size_t	len = baseline_page_len(b->page, b->size, i);

		if (b->kind[i] != BASELINE_KEPT)
			continue;
		/* Pack the kept pages together, in page order. */
		memmove(b->raw + rawlen, b->raw + (i - first) * b->page, len);
		rawlen += len;
	}
	if (rawlen == 0)
		return;
	/* Past the cap: do not spend a compression only to throw it away. */
	if (b->keep - b->kept < ZSTD_compressBound(rawlen))
		goto over;
	if (b->zc == NULL)
		b->zc = ZSTD_createCCtx();
	zlen = b->zc == NULL ? 0 : ZSTD_compressCCtx(b->zc, b->zbuf, b->zcap,
	    b->raw, rawlen, BASELINE_ZLEVEL);
	if (b->zc == NULL || ZSTD_isError(zlen) || zlen > b->keep - b->kept) {
over:
		/* Over the cap: these pages keep their hash only. */
		for (size_t i = first; i < end; i++)
			if (b->kind[i] == BASELINE_KEPT) {
				b->kind[i] = BASELINE_HASH;
				b->hash_only++;
			}
		return;
	}
	b->chunk[c].z = xmalloc(zlen);
	memcpy(b->chunk[c].z, b->zbuf, zlen);
	b->chunk[c].zlen = zlen;
	b->chunk[c].rawlen = rawlen;
	b->kept += zlen;
}

/* Holes found in one chunk (at most one per page, plus one). */
struct baseline_holes {
	uint64_t	lo[BASELINE_CHUNK + 1], hi[BASELINE_CHUNK + 1];
	size_t		n;
};

/* The hole collecting callback. */
static void
baseline_collect_hole(void *arg, uint64_t lo, uint64_t hi)
{
	struct baseline_holes	*h = arg;

	if (h->n < BASELINE_CHUNK + 1) {
		h->lo[h->n] = lo;
		h->hi[h->n++] = hi;
	}
}

/* True when [lo, hi) lies wholly in one of the holes H. */
static bool
baseline_in_hole(const struct baseline_holes *h, uint64_t lo, uint64_t hi)
{
	for (size_t k = 0; k < h->n; k++)
		if (h->lo[k] <= lo && hi <= h->hi[k])
			return true;
	return false;
}

/*
 * Take the pages of chunk C from the cursor on: hole pages marked, data
 * pages read, hashed and kept.  Returns the budget spent.
 */
static size_t
baseline_take_chunk(struct baseline *b, struct door *d, size_t c)
{
	size_t			first = b->cursor, end = (c + 1) *
				    BASELINE_CHUNK, spent = 0;
	struct baseline_holes	h = { .n = 0 };

	if (end > b->npages)
		end = b->npages;
	door_holes(d, (uint64_t)first * b->page, (uint64_t)end * b->page,
	    BASELINE_CHUNK + 1, baseline_collect_hole, &h);
	for (size_t i = first; i < end; i++) {
		size_t			len = baseline_page_len(b->page,
					    b->size, i);
		uint64_t		po = (uint64_t)i * b->page;
		unsigned char		*at = b->raw + (i - first) * b->page;
		struct door_copy	r;

		if (baseline_in_hole(&h, po, po + len)) {
			baseline_mark_hole(b, i);
			spent += b->page / BASELINE_HOLE_COST;
			continue;
		}
		r = door_read(d, po, at, len);
		spent += len;
		b->read += r.valid;
		if (r.valid < len) {
			b->kind[i] = BASELINE_LOST;	/* the file shrank */
			continue;
		}
		b->kind[i] = BASELINE_KEPT;
		b->hash[i] = baseline_hash(at, len);
	}
	baseline_keep_chunk(b, c, first, end);
	b->cursor = end;
	return spent;
}

/*
 * Mark as holes the whole chunks at the cursor that lie in one hole, up
 * to what BUDGET allows (at least one chunk).  Returns the budget spent.
 */
static size_t
baseline_take_holes(struct baseline *b, struct door *d, size_t budget)
{
	uint64_t	off = (uint64_t)b->cursor * b->page, lo, hi;
	size_t		spent = 0;

	baseline_next_hole(b, d, off, &lo, &hi);
	if (lo > off)
		return 0;
	while (b->cursor < b->npages && ((uint64_t)b->cursor +
	    BASELINE_CHUNK) * b->page <= hi && (spent == 0 || spent < budget)) {
		for (size_t k = 0; k < BASELINE_CHUNK; k++)
			baseline_mark_hole(b, b->cursor + k);
		b->cursor += BASELINE_CHUNK;
		spent += b->page * BASELINE_CHUNK / BASELINE_HOLE_COST;
	}
	return spent;
}

/* Read on with at most BUDGET bytes of work; true once taken. */
bool
baseline_take(struct baseline *b, struct door *d, size_t budget)
{
	size_t	spent = 0, s;

	while (b->cursor < b->npages && spent < budget) {
		s = 0;
		if (b->cursor % BASELINE_CHUNK == 0)
			s = baseline_take_holes(b, d, budget - spent);
		if (s == 0 && b->cursor < b->npages)
			s = baseline_take_chunk(b, d, b->cursor /
			    BASELINE_CHUNK) + 1;
		spent += s;
	}
	return b->cursor >= b->npages;
}

/* The old bytes of page I, or NULL when not known; see baseline_priv.h. */
const unsigned char *
baseline_old(struct baseline *b, size_t i)
{
	size_t			 c = i / BASELINE_CHUNK, at = 0, got;
	struct baseline_chunk	*ch;

	if (i >= b->npages)
		return NULL;
	if (b->kind[i] == BASELINE_HOLE)
		return b->zeros;
	if (b->kind[i] != BASELINE_KEPT)
		return NULL;
	ch = &b->chunk[c];
	if (b->cached != c) {
		if (b->zd == NULL)
			b->zd = ZSTD_createDCtx();
		got = b->zd == NULL ? 0 : ZSTD_decompressDCtx(b->zd, b->cache,
		    b->page * BASELINE_CHUNK, ch->z, ch->zlen);
		if (b->zd == NULL || ZSTD_isError(got) || got != ch->rawlen) {
			b->cached = SIZE_MAX;
			return NULL;	/* cannot happen short of a bug */
		}
		b->cached = c;
	}
	for (size_t k = c * BASELINE_CHUNK; k < i; k++)
		if (b->kind[k] == BASELINE_KEPT)
			at += baseline_page_len(b->page, b->size, k);
	return b->cache + at;
}

/* Pages taken so far, and in all. */
void
baseline_progress(const struct baseline *b, uint64_t *done, uint64_t *total)
{
	*done = b->cursor;
	*total = b->npages;
}

/* The file size when the baseline was started. */
uint64_t
baseline_size(const struct baseline *b)
{
	return b->size;
}

/* Compressed bytes of old contents kept. */
size_t
baseline_kept(const struct baseline *b)
{
	return b->kept;
}

/* All memory the baseline holds, in bytes. */
size_t
baseline_memory(const struct baseline *b)
{
	return sizeof *b + (b->npages + 1) * (sizeof *b->hash + 1) +
	    (b->nchunks + 1) * sizeof *b->chunk + b->kept +
	    2 * b->page * BASELINE_CHUNK + b->zcap + b->page;
}

/* Data pages whose old bytes are not kept (hash only). */
uint64_t
baseline_hash_only(const struct baseline *b)
{
	return b->hash_only;
}

/* Pages found wholly in holes (never read). */
uint64_t
baseline_holes(const struct baseline *b)
{
	return b->holes;
}

/* Data bytes read while taking. */
uint64_t
baseline_read(const struct baseline *b)
{
	return b->read;
}
