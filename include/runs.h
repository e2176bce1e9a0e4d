/* SPDX-License-Identifier: ISC */
/*
 * runs.h - the runs of bytes that differ between two copies of a window.
 *
 * A watcher copies the same window twice and wants to say what changed in
 * as few lines as a reader can follow: one "run" per stretch of changed
 * bytes.  A run starts and ends with a byte that differs; equal bytes
 * inside it come from gap merging (below).
 *
 * Gap merging: two stretches of differing bytes separated by at most GAP
 * equal bytes are one run.  Why: a little-endian u32 going from 0x11223344
 * to 0x11773399 changes bytes 0 and 2 with an equal byte between; a reader
 * wants that as one change, not two.  GAP 0 gives the strictly maximal
 * runs.
 *
 * Pure functions over caller memory: no allocation, no I/O, never fails.
 */
#ifndef LIVEHEX_RUNS_H
#define LIVEHEX_RUNS_H

#include <stddef.h>
#include <stdint.h>

/* One run: [off, off + len), first and last byte differ; len >= 1. */
struct runs_run {
	size_t	off;	/* offset of the first differing byte */
	size_t	len;	/* through the last differing byte of the run */
};

/*
 * Find the runs where OLD and CUR (LEN bytes each) differ, starting at
 * FROM, merging runs separated by at most GAP equal bytes; store at most
 * MAX of them in OUT, in order, and return how many were stored.
 *
 * When the result is MAX there may be more: call again with FROM set to
 * the end (off + len) of the last run returned.  Every run returned is
 * complete, so the runs come out exactly as one call with a larger OUT
 * would give them.  Returns 0 when FROM >= LEN or MAX == 0.
 */
size_t	runs_diff(const uint8_t *old, const uint8_t *cur, size_t len,
	    size_t from, size_t gap, struct runs_run *out, size_t max);

#endif
