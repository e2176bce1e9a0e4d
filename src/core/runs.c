/* SPDX-License-Identifier: ISC */
/*
 * runs.c - the runs of bytes that differ between two copies of a window.
 *
 * What it owns: nothing; both copies belong to the caller and are only
 * read.  It never allocates, prints or fails.
 *
 * How: skip equal bytes fast (memcmp over blocks, then 8 bytes at a time,
 * then single bytes), because almost every tick of a watcher compares two
 * identical windows and the common case must cost about one memcmp.  A run
 * is then walked byte by byte: runs are short in practice, and a run as
 * long as the window is printed once and is rare.
 *
 * Invariants of the result (see runs.h): runs are in increasing order, each
 * starts and ends with a differing byte, and two consecutive runs are more
 * than GAP equal bytes apart.  Resuming at the end of the last run returned
 * gives the same runs as one big call, because a run is only stored once it
 * is complete (more than GAP equal bytes, or the end, follow it).
 */
#include "config.h"

#include <string.h>

#include "runs.h"

/* Bytes compared per memcmp while skipping; small in tests to cross edges. */
#ifndef RUNS_BLOCK
#define RUNS_BLOCK	256
#endif

/* Load 8 bytes from P whatever its alignment. */
static uint64_t
runs_load64(const uint8_t *p)
{
	uint64_t	v;

	memcpy(&v, p, sizeof v);
	return v;
}

/* The first offset >= I where OLD and CUR differ, or LEN when none. */
static size_t
runs_next_diff(const uint8_t *old, const uint8_t *cur, size_t len, size_t i)
{
	while (len - i >= RUNS_BLOCK &&
	    memcmp(old + i, cur + i, RUNS_BLOCK) == 0)
		i += RUNS_BLOCK;
	while (len - i >= 8 && runs_load64(old + i) == runs_load64(cur + i))
		i += 8;
	while (i < len && old[i] == cur[i])
		i++;
	return i;
}

/* The first offset >= I where OLD and CUR are equal, or LEN when none. */
static size_t
runs_next_same(const uint8_t *old, const uint8_t *cur, size_t len, size_t i)
{
	while (i < len && old[i] != cur[i])
		i++;
	return i;
}

/* Find the differing runs of OLD and CUR from FROM; see runs.h. */
size_t
runs_diff(const uint8_t *old, const uint8_t *cur, size_t len, size_t from,
    size_t gap, struct runs_run *out, size_t max)
{
	size_t	n = 0, start, end, next;

	if (max == 0)
		return 0;
	start = from < len ? runs_next_diff(old, cur, len, from) : len;
	while (start < len) {
		end = runs_next_same(old, cur, len, start);
		/* Swallow following runs while the equal gap is small. */
		for (;;) {
			next = runs_next_diff(old, cur, len, end);
			if (next == len || next - end > gap)
				break;
			end = runs_next_same(old, cur, len, next);
		}
		out[n].off = start;
		out[n].len = end - start;
		if (++n == max)
			break;
		start = next;
	}
	return n;
}
