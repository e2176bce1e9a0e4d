/* SPDX-License-Identifier: ISC */
/*
 * baseline.h - a snapshot of the whole file (`:snap`) and its diff (`:diff`).
 *
 * Not snap.h: that is the visible window's comparison state, refreshed
 * every tick.  A baseline is taken once, on request, and kept until it is
 * dropped; a diff says which bytes of the file differ from it now.
 *
 * What a baseline keeps, per page of PAGE bytes (the last one possibly
 * short):
 *  - an 8-byte XXH3 hash of the page's bytes when it was read;
 *  - whether it lay wholly in a hole (lseek SEEK_DATA / SEEK_HOLE): a hole
 *    page is known to hold zeros and is never read, so it is never pulled
 *    into the page cache nor filled;
 *  - the old contents of a data page, zstd-compressed in memory, chunk by
 *    chunk, while the compressed total stays under the KEEP cap.
 * Why old contents are kept up front: nothing tells us before another
 * process stores into the mapping (design.md fact 1), so "copy on write"
 * is impossible to do exactly; the only honest way to know a page's old
 * bytes later is to keep them now.  A page whose old bytes were not kept
 * (the cap was reached, or it could not be read) keeps its hash only: when
 * it differs later the diff says "page differs, old bytes unknown" for it
 * and never invents byte ranges.
 *
 * Memory bound: 9 bytes per page (hash + kind) plus 24 bytes per chunk of
 * BASELINE_CHUNK pages plus at most KEEP bytes of compressed contents plus
 * one chunk of scratch.  A sparse 4 GiB file in 4 KiB pages: 11 MiB and
 * next to nothing kept; a dense one: its compressed size, up to KEEP.
 *
 * Taking is incremental: baseline_take() reads at most BUDGET bytes per
 * call (hole pages cost 1/64 of their size), so the viewer runs it from its
 * poll loop and can cancel (baseline_free).  Pages are read at different
 * moments: a page is as it was when the take reached it.
 *
 * A diff (struct baseline_diff) is computed page by page, also in budgets:
 * hash first, then bytes when the hash differs.  baseline_diff_dirty()
 * names pages to compute again (the change events' ranges), so the diff
 * stays current as the file keeps changing.  Its memory is 24 bytes per
 * differing range plus one bit per page.  A size change is reported as a
 * grown tail (bytes past the old size) or a shrunk tail (old bytes past
 * the new size).
 *
 * Hazards:
 *  - Neither call refreshes the door: the caller does (the viewer's live
 *    tick), and both follow door_size().
 *  - A baseline of a file is not of its later identity: after the file is
 *    replaced (rename, :e), drop it.
 */
#ifndef LIVEHEX_BASELINE_H
#define LIVEHEX_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct door;
struct baseline;
struct baseline_diff;

/* Pages per compressed chunk (the unit of zstd and of the decode cache). */
#define BASELINE_CHUNK		16
/* The default cap on compressed old contents kept by one baseline. */
#define BASELINE_KEEP_DEFAULT	(256u * 1024 * 1024)

/* What a diff range stands for. */
enum baseline_kind {
	BASELINE_BYTES,		/* these bytes differ (old bytes known) */
	BASELINE_UNKNOWN,	/* the page differs; old bytes unknown */
	BASELINE_GROWN,		/* past the old size: the file grew */
	BASELINE_SHRUNK,	/* past the new size: the file shrank */
};

/* One range of a diff. */
struct baseline_range {
	uint64_t		off;
	uint64_t		len;
	enum baseline_kind	kind;
};

/*
 * A baseline of D as it is now, with pages of PAGE bytes (0 = the system
 * page size; tests use tiny pages) and at most KEEP bytes of compressed
 * old contents (0 = BASELINE_KEEP_DEFAULT).  Nothing is read yet.
 */
struct baseline	*baseline_new(struct door *d, size_t page, size_t keep);
/* Free a baseline (also cancels a take); NULL is ignored. */
void		 baseline_free(struct baseline *b);
/*
 * Read on with at most BUDGET bytes of work; true once the whole
 * baseline is taken.  Never stores.
 */
bool		 baseline_take(struct baseline *b, struct door *d,
		    size_t budget);
/* Pages taken so far, and in all: the progress of a take. */
void		 baseline_progress(const struct baseline *b, uint64_t *done,
		    uint64_t *total);
/* The file size when the baseline was started. */
uint64_t	 baseline_size(const struct baseline *b);
/* Compressed bytes of old contents kept. */
size_t		 baseline_kept(const struct baseline *b);
/* All memory the baseline holds, in bytes. */
size_t		 baseline_memory(const struct baseline *b);
/* Data pages whose old bytes are not kept (hash only). */
uint64_t	 baseline_hash_only(const struct baseline *b);
/* Pages found wholly in holes (never read). */
uint64_t	 baseline_holes(const struct baseline *b);
/* Data bytes read while taking. */
uint64_t	 baseline_read(const struct baseline *b);

/* A diff of D against the (fully taken) baseline B; everything to do. */
struct baseline_diff *baseline_diff_new(const struct baseline *b);
/* Free a diff; NULL is ignored. */
void		 baseline_diff_free(struct baseline_diff *df);
/*
 * Compute pages still to do with at most BUDGET bytes of work; true when
 * the diff is current (nothing left to do).  Follows door_size().
 */
bool		 baseline_diff_step(struct baseline_diff *df,
		    struct baseline *b, struct door *d, size_t budget);
/* [off, off+len) may have changed: compute its pages again. */
void		 baseline_diff_dirty(struct baseline_diff *df, uint64_t off,
		    uint64_t len);
/* True while pages are left to compute. */
bool		 baseline_diff_busy(const struct baseline_diff *df);
/*
 * The ranges found so far, sorted, adjacent ranges of one kind merged:
 * *N of them (valid until the next step or dirty).
 */
const struct baseline_range *baseline_diff_ranges(struct baseline_diff *df,
		    size_t *n);
/* The differing bytes in all ranges (unknown pages count whole). */
uint64_t	 baseline_diff_bytes(struct baseline_diff *df);
/* The kind of difference at byte OFF into *KIND; false when none. */
bool		 baseline_diff_at(struct baseline_diff *df, uint64_t off,
		    enum baseline_kind *kind);
/*
 * The start of the COUNT-th range after (BACKWARD: before) FROM into
 * *OFF, stopping at the last one found; false when there is none.
 * No wrap-around.
 */
bool		 baseline_diff_next(struct baseline_diff *df, uint64_t from,
		    bool backward, unsigned count, uint64_t *off);

#endif
